"""What the user is preparing for: options first, then the profile, checked against the content.

Every command that takes a role, variant, industry or interview date resolves them here, so the
fallback to the profile and the error for an unknown value are the same everywhere. The errors
name the *field* and where the value came from, never a command-line flag: the CLI words them
(``--role: ...``), a prompt shows them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.records import record
from supportprep.store.profile import Profile


class FieldError(UserError):
    """A value for ``field`` (role, variant, industry, skill, interview-date, stage, ...) cannot
    be used. The message does not name the field; whoever shows it does (the CLI as a flag).

    ``from_profile`` is True when the value came from the saved profile rather than from the
    user just now; the message then says so, since that is where it must be fixed.
    """

    def __init__(self, field: str, message: str, *, from_profile: bool = False) -> None:
        super().__init__(message)
        self.field = field
        self.from_profile = from_profile


class UnknownChoice(FieldError):
    """An id the loaded content does not know."""


class BadDate(FieldError):
    """A date that cannot be read, or that has passed."""


SENIORITIES: tuple[str, ...] = ("lead", "manager", "senior-manager", "director")
"""The levels a profile may name, most junior first."""


@record(frozen=True)
class Targets:
    role: str | None = None
    variant: str | None = None
    industry: str | None = None
    interview_date: date | None = None
    seniority: str | None = None

    def days_left(self, today: date) -> int | None:
        return None if self.interview_date is None else (self.interview_date - today).days


def applies(values: Sequence[str], wanted: str | None) -> bool:
    """An applicability list matches when it is empty (applies to all) or names ``wanted``."""
    return wanted is None or not values or wanted in values


def check_choice(
    content: Content, kind: str, value: str | None, field: str, *, from_profile: bool = False
) -> str | None:
    """The known id of ``kind`` that ``value`` names: the id or the display name, in any case
    (``Manager`` is ``manager``); otherwise one error listing the choices."""
    if value is None:
        return None
    known = content.kind(kind)
    if value not in known:
        wanted = value.strip().casefold()
        for item_id, item in known.items():
            name = getattr(item, "name", None)
            if wanted == item_id.casefold() or (
                isinstance(name, str) and wanted == name.strip().casefold()
            ):
                return item_id
    if value not in known:
        where = "profile " if from_profile else ""
        raise UnknownChoice(
            field,
            f"unknown {where}{field} '{value}'; choose one of: " + ", ".join(sorted(known)),
            from_profile=from_profile,
        )
    return value


MAX_DAYS_AHEAD = 5 * 365  # further out is a typo, and calendars and schedules need room after it


def parse_interview_date(text: str, today: date, *, allow_past: bool = False) -> date:
    """An ISO date (YYYY-MM-DD), or ``+N`` days from today; a past date is an error."""
    text = text.strip()
    try:
        if text.startswith("+") and text[1:].isascii() and text[1:].isdigit():
            parsed = today + timedelta(days=int(text[1:]))
        else:
            parsed = date.fromisoformat(text)
    except (ValueError, OverflowError):
        # Short enough for a prompt's one-line error bar at 80 columns, the value included.
        shown = text if len(text) <= 13 else text[:12] + "…"
        raise BadDate(
            "interview-date",
            f"cannot read '{shown}' as a date; use YYYY-MM-DD or +N (days from today)",
        ) from None
    if parsed > today + timedelta(days=MAX_DAYS_AHEAD):
        raise BadDate(
            "interview-date",
            f"{parsed.isoformat()} is more than {MAX_DAYS_AHEAD // 365} years away; give the "
            "real interview date",
        )
    if parsed < today and not allow_past:
        raise BadDate(
            "interview-date",
            f"{parsed.isoformat()} is in the past (today is {today.isoformat()}); give a date "
            "still to come",
        )
    return parsed


def interview_date_problem(text: str, today: date) -> str | None:
    """For prompts: why ``text`` is not a usable interview date, or None (empty means skipped)."""
    if not text.strip():
        return None
    try:
        parse_interview_date(text, today)
    except BadDate as exc:
        return str(exc)
    return None


def resolve_targets(
    content: Content,
    profile: Profile,
    *,
    today: date,
    role: str | None = None,
    variant: str | None = None,
    industry: str | None = None,
    interview_date: str | None = None,
) -> Targets:
    """Options win over the profile; every value is checked against the loaded content.

    A profile value the content no longer knows (a pack was removed) is an error too, naming the
    profile so the user knows where to fix it. The seniority comes from the profile only.
    """
    resolved: dict[str, str | None] = {}
    for kind, field, given, saved in (
        ("roles", "role", role, profile.role),
        ("variants", "variant", variant, profile.variant),
        ("industries", "industry", industry, profile.industry),
    ):
        if given is not None:
            resolved[kind] = check_choice(content, kind, given, field)
        elif saved is not None:
            resolved[kind] = check_choice(content, kind, saved, field, from_profile=True)
        else:
            resolved[kind] = None
    when: date | None
    if interview_date is not None:
        when = parse_interview_date(interview_date, today)
    else:
        when = profile.interview_date
        if when is not None and when < today:
            when = None  # a past interview in the profile no longer drives scheduling
    seniority = profile.seniority
    if seniority is not None and seniority not in SENIORITIES:
        raise UnknownChoice(
            "seniority",
            f"unknown profile seniority '{seniority}'; choose one of: {', '.join(SENIORITIES)}",
            from_profile=True,
        )
    return Targets(resolved["roles"], resolved["variants"], resolved["industries"], when, seniority)
