"""What the user is preparing for: options first, then the profile, checked against the content.

Every command that takes ``--role``, ``--variant``, ``--industry`` or ``--interview-date`` resolves
them here, so the fallback to the profile and the error for an unknown value are the same
everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.store.profile import Profile


@dataclass(frozen=True)
class Targets:
    role: str | None = None
    variant: str | None = None
    industry: str | None = None
    interview_date: date | None = None

    def days_left(self, today: date) -> int | None:
        return None if self.interview_date is None else (self.interview_date - today).days


def applies(values: Sequence[str], wanted: str | None) -> bool:
    """An applicability list matches when it is empty (applies to all) or names ``wanted``."""
    return wanted is None or not values or wanted in values


def check_choice(content: Content, kind: str, value: str | None, option: str) -> str | None:
    """``value`` when it is a known id of ``kind``; otherwise one error listing the choices."""
    if value is None:
        return None
    known = content.kind(kind)
    if value not in known:
        raise UserError(
            f"{option}: unknown {option.lstrip('-')} '{value}'; choose one of: "
            + ", ".join(sorted(known))
        )
    return value


def parse_interview_date(text: str, today: date, *, allow_past: bool = False) -> date:
    """An ISO date (YYYY-MM-DD), or ``+N`` days from today; a past date is an error."""
    text = text.strip()
    try:
        if text.startswith("+") and text[1:].isdigit():
            from datetime import timedelta

            parsed = today + timedelta(days=int(text[1:]))
        else:
            parsed = date.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"--interview-date: cannot read '{text}' as a date; use YYYY-MM-DD "
            "(for example 2026-12-03) or +N for N days from today"
        ) from None
    if parsed < today and not allow_past:
        raise UserError(
            f"--interview-date: {parsed.isoformat()} is in the past (today is "
            f"{today.isoformat()}); give the date of an interview still to come"
        )
    return parsed


def interview_date_problem(text: str, today: date) -> str | None:
    """For prompts: why ``text`` is not a usable interview date, or None (empty means skipped)."""
    if not text.strip():
        return None
    try:
        parse_interview_date(text, today)
    except UserError as exc:
        return str(exc).removeprefix("--interview-date: ")
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
    profile so the user knows where to fix it.
    """
    resolved: dict[str, str | None] = {}
    for kind, option, given, saved in (
        ("roles", "--role", role, profile.role),
        ("variants", "--variant", variant, profile.variant),
        ("industries", "--industry", industry, profile.industry),
    ):
        if given is not None:
            resolved[kind] = check_choice(content, kind, given, option)
        elif saved is not None:
            resolved[kind] = check_choice(content, kind, saved, f"profile {option.lstrip('-')}")
        else:
            resolved[kind] = None
    when: date | None
    if interview_date is not None:
        when = parse_interview_date(interview_date, today)
    else:
        when = profile.interview_date
        if when is not None and when < today:
            when = None  # a past interview in the profile no longer drives scheduling
    return Targets(resolved["roles"], resolved["variants"], resolved["industries"], when)
