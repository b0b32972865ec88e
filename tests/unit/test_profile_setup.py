from __future__ import annotations

from datetime import date

import pytest

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.planning.profile_setup import ask_profile, change_profile
from supportprep.store.profile import Profile
from supportprep.targets import FieldError
from tests.conftest import ScriptedPrompter

TODAY = date(2026, 11, 30)


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
    with pytest.raises(FieldError, match=r"^unknown field 'date'") as caught:
        change_profile(profile, tiny, TODAY, clear=["date"])
    assert caught.value.field == "clear"
    with pytest.raises(UserError, match="give one of them"):
        change_profile(profile, tiny, TODAY, role="ops-manager", clear=["role"])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"role": "cto"},
            "unknown role 'cto'; choose one of: ops-manager, support-manager",
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


def test_ask_profile_keeps_skipped_answers_and_retries_a_bad_date(tiny: Content) -> None:
    current = Profile(role="support-manager", industry="saas", company="Acme")
    # role: Enter (keep), variant: tier-1, industry: "(not set)", seniority: lead.
    prompter = ScriptedPrompter(
        select=[None, "tier-1", "", "lead"], text=["yesterday", "2026-11-01", "+3", None]
    )
    profile = ask_profile(prompter, tiny, current, TODAY)
    assert prompter.defaults["select"] == ["support-manager", "", "saas", ""]
    assert prompter.rejected == ["yesterday", "2026-11-01"]
    assert prompter.defaults["text"] == ["", "Acme"]
    assert profile == Profile(
        role="support-manager",
        variant="tier-1",
        seniority="lead",
        interview_date=date(2026, 12, 3),
        company="Acme",
    )
