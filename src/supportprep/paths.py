"""Where supportprep keeps the user's data and settings.

``$SUPPORTPREP_HOME`` wins when set (one folder holds everything, which is what tests and
portable installs want); otherwise the platform's conventional user data and config folders.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "SUPPORTPREP_HOME"
APP_NAME = "supportprep"


def _override() -> Path | None:
    value = os.environ.get(HOME_ENV, "").strip()
    if not value:
        return None
    home = Path(value).expanduser()
    if home.exists() and not home.is_dir():
        from supportprep.errors import HomeNotAFolder

        raise HomeNotAFolder(f"{HOME_ENV}={home} is a file; point it at a folder")
    return home


def data_home() -> Path:
    """History, the story bank, checklist ticks and user packs live here."""
    override = _override()
    if override is not None:
        return override
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_home() -> Path:
    """The profile lives here."""
    override = _override()
    if override is not None:
        return override
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_packs_dir() -> Path:
    return data_home() / "packs"


def cache_home() -> Path:
    override = _override()
    if override is not None:
        return override / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
