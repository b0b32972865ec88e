from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

import pytest

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.packs.loader import load_content
from supportprep.planning.profile_setup import ask_profile, change_profile
from supportprep.planning.prompter import Choice, Validator
from supportprep.store.profile import Profile
from tests.conftest import TINY_PACK

TODAY = date(2026, 11, 30)


@pytest.fixture(scope="module")
def tiny() -> Content:
    return load_content([TINY_PACK], include_user=False, include_bundled=False)


def test_change_profile_checks_and_sets_values(tiny: Content) -> None:
    profile = change_profile(
        Profile(company="Old"),
        tiny,
        TODAY,
        role="ops-manager",
        industry="defense",
        seniority="manager",
        interview_date="+10",
    )
    assert profile == Profile(
        role="ops-manager",
        industry="defense",
        seniority="manager",
        interview_date=date(2026, 12, 10),
        company="Old",
    )


def test_change_profile_clears_fields(tiny: Content) -> None:
    profile = Profile(role="ops-manager", interview_date=date(2026, 12, 10), company="Acme")
    cleared = change_profile(profile, tiny, TODAY, clear=["interview-date", "company"])
    assert cleared == Profile(role="ops-manager")
    with pytest.raises(UserError, match="--clear: unknown field 'date'"):
        change_profile(profile, tiny, TODAY, clear=["date"])
    with pytest.raises(UserError, match="give one of them"):
        change_profile(profile, tiny, TODAY, role="ops-manager", clear=["role"])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"role": "cto"},
            "--role: unknown role 'cto'; choose one of: ops-manager, support-manager",
        ),
        ({"industry": "retail"}, "choose one of: defense, saas"),
        ({"variant": "tier-9"}, "choose one of: tier-1"),
        ({"seniority": "boss"}, "choose one of: lead, manager, senior-manager, director"),
        ({"interview_date": "2026-11-29"}, "is in the past"),
        ({"interview_date": "next week"}, "cannot read 'next week' as a date"),
    ],
)
def test_change_profile_refuses_bad_input(
    tiny: Content, options: dict[str, str], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        change_profile(Profile(), tiny, TODAY, **options)


class ProfilePrompter:
    def __init__(self, selects: list[str | None], texts: list[str | None]) -> None:
        self.selects = selects
        self.texts = texts
        self.select_defaults: list[str] = []
        self.text_defaults: list[str] = []
        self.rejected: list[str] = []

    def text(self, message: str, *, default: str = "", validate: Validator | None = None) -> str:
        self.text_defaults.append(default)
        answer = self.texts.pop(0)
        value = default if answer is None else answer
        while validate is not None and validate(value) is not None:
            self.rejected.append(value)  # questionary would ask again
            value = self.texts.pop(0) or ""
        return value

    def select(self, message: str, choices: Sequence[Choice], *, default: str) -> str:
        self.select_defaults.append(default)
        answer = self.selects.pop(0)
        value = default if answer is None else answer
        assert value in {c.value for c in choices}
        return value

    def checkbox(
        self, message: str, choices: Sequence[Choice], *, checked: Collection[str] = ()
    ) -> list[str]:
        raise AssertionError("not asked")

    def confirm(self, message: str, *, default: bool = False) -> bool:
        raise AssertionError("not asked")


def test_ask_profile_keeps_skipped_answers_and_retries_a_bad_date(tiny: Content) -> None:
    current = Profile(role="support-manager", industry="saas", company="Acme")
    # role: Enter (keep), variant: tier-1, industry: "(not set)", seniority: lead.
    prompter = ProfilePrompter(
        [None, "tier-1", "", "lead"], ["yesterday", "2026-11-01", "+3", None]
    )
    profile = ask_profile(prompter, tiny, current, TODAY)
    assert prompter.select_defaults == ["support-manager", "", "saas", ""]
    assert prompter.rejected == ["yesterday", "2026-11-01"]
    assert prompter.text_defaults == ["", "Acme"]
    assert profile == Profile(
        role="support-manager",
        variant="tier-1",
        seniority="lead",
        interview_date=date(2026, 12, 3),
        company="Acme",
    )
