"""Changing the profile: by flags (checked like every other --role/--industry option) or by
asking, with the current values as defaults and every question skippable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from supportprep.packs.content import Content
from supportprep.planning.prompter import Choice, Prompter
from supportprep.store.profile import Profile
from supportprep.targets import (
    SENIORITIES,
    FieldError,
    UnknownChoice,
    check_choice,
    interview_date_problem,
    parse_interview_date,
)

FIELDS: tuple[str, ...] = ("role", "variant", "industry", "seniority", "interview-date", "company")
NOT_SET = ""


def check_seniority(value: str | None) -> str | None:
    if value is None:
        return None
    # "Senior manager" and "Senior-Manager" are both senior-manager.
    wanted = "-".join(value.strip().casefold().split())
    if wanted in SENIORITIES:
        return wanted
    if value not in SENIORITIES:
        raise UnknownChoice(
            "seniority",
            f"unknown seniority '{value}'; choose one of: {', '.join(SENIORITIES)}",
        )
    return value


def change_profile(
    profile: Profile,
    content: Content,
    today: date,
    *,
    role: str | None = None,
    variant: str | None = None,
    industry: str | None = None,
    seniority: str | None = None,
    interview_date: str | None = None,
    company: str | None = None,
    clear: Iterable[str] = (),
) -> Profile:
    """``profile`` with the given values checked and set, and the ``clear`` fields emptied."""
    cleared = list(dict.fromkeys(clear))
    for name in cleared:
        if name not in FIELDS:
            raise UnknownChoice(
                "clear", f"unknown field '{name}'; choose one of: {', '.join(FIELDS)}"
            )
    changes: dict[str, Any] = {name.replace("-", "_"): None for name in cleared}
    given = {
        "role": check_choice(content, "roles", role, "role"),
        "variant": check_choice(content, "variants", variant, "variant"),
        "industry": check_choice(content, "industries", industry, "industry"),
        "seniority": check_seniority(seniority),
        "interview_date": (
            parse_interview_date(interview_date, today) if interview_date is not None else None
        ),
        "company": " ".join(company.split()) if company is not None else None,
    }
    for name, value in given.items():
        if value is None:
            continue
        if name in changes:
            flag = name.replace("_", "-")
            raise FieldError(flag, f"given with an order to clear {flag}: give one of them")
        changes[name] = value or None
    return replace(profile, **changes)


def ask_profile(prompter: Prompter, content: Content, current: Profile, today: date) -> Profile:
    """Ask for each field; Enter keeps the current value, "(not set)" or an empty answer clears."""
    unset = Choice(NOT_SET, "(not set)")

    def pick(message: str, kind: str, value: str | None) -> str | None:
        items = content.kind(kind)
        choices = [unset, *(Choice(i, items[i].name) for i in sorted(items))]
        answer = prompter.select(message, choices, default=value if value in items else NOT_SET)
        return answer or None

    role = pick("Target role", "roles", current.role)
    variant = pick("What the role really is (variant)", "variants", current.variant)
    industry = pick("Industry", "industries", current.industry)
    seniority = prompter.select(
        "Seniority",
        [unset, *(Choice(s, s) for s in SENIORITIES)],
        default=current.seniority if current.seniority in SENIORITIES else NOT_SET,
    )

    when = prompter.text(
        "Interview date (YYYY-MM-DD, or +N for N days from today; empty for none)",
        default=(
            current.interview_date.isoformat()
            if current.interview_date and current.interview_date >= today
            else ""
        ),
        validate=lambda text: interview_date_problem(text, today),
    ).strip()
    company = prompter.text("Company (optional)", default=current.company or "").strip()
    return Profile(
        role=role,
        variant=variant,
        industry=industry,
        seniority=seniority or None,
        interview_date=parse_interview_date(when, today) if when else None,
        company=" ".join(company.split()) or None,
    )
