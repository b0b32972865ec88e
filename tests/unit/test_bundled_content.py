"""The bundled content validates and covers what the domain needs."""

from __future__ import annotations

from collections import Counter

import pytest

from supportprep.packs.content import Content

LOOP = ["live-troubleshooting", "writing-exercise", "prioritization-escalation", "collaboration"]


@pytest.fixture(scope="session")
def content(bundled: Content) -> Content:
    return bundled


def test_loop_is_the_four_stages_in_order(content: Content) -> None:
    assert [s.id for s in content.loop_stages()] == LOOP


def test_enough_scenarios_per_stage(content: Content) -> None:
    per_stage = Counter(s.stage for s in content.scenarios.values())
    assert len(content.scenarios) >= 48
    for stage in LOOP:
        assert per_stage[stage] >= 8, stage
    assert per_stage["behavioral"] >= 1 and per_stage["metrics"] >= 1


def test_roles_variants_and_industries_are_covered(content: Content) -> None:
    used_roles = {r for s in content.scenarios.values() for r in s.roles}
    used_variants = {v for s in content.scenarios.values() for v in s.variants}
    used_industries = Counter(i for s in content.scenarios.values() for i in s.industries)
    assert used_roles == set(content.roles) and len(used_roles) == 3
    assert used_variants == set(content.variants) and len(used_variants) == 5
    assert len(used_industries) >= 5
    assert used_industries["consumer"] >= 3 and used_industries["defense"] >= 3


def test_each_stage_has_a_rubric_with_four_concrete_levels(content: Content) -> None:
    stages_with_rubrics = {r.stage for r in content.rubrics.values()}
    assert set(content.stages) <= stages_with_rubrics
    skills_used = {c.skill for r in content.rubrics.values() for c in r.criteria}
    assert skills_used == set(content.skills)
    for rubric in content.rubrics.values():
        for criterion in rubric.criteria:
            anchors = list(criterion.levels.by_level().values())
            assert len(set(anchors)) == 4, (rubric.id, criterion.id)
            assert all(len(a.split()) >= 6 for a in anchors), (rubric.id, criterion.id)


def test_checklists_cover_domain_sections_7_and_8(content: Content) -> None:
    categories = Counter(item.category.value for _, item in content.checklist_items())
    for category in ("stories", "artifacts", "research", "questions-to-ask", "compensation"):
        assert categories[category] >= 3, category
    texts = " ".join(item.text.lower() for _, item in content.checklist_items())
    for slot in ("pushback", "failure", "debrief", "disagreement", "edge case", "metric"):
        assert slot in texts, slot


def test_plans_of_both_kinds_for_every_role(content: Content) -> None:
    for role in content.roles:
        for kind in ("first-90-days", "job-search"):
            fits = [
                p
                for p in content.plans.values()
                if p.kind == kind and (not p.roles or role in p.roles)
            ]
            assert fits, (role, kind)


def test_every_scenario_is_scored_with_its_stage_rubric_and_has_follow_ups(
    content: Content,
) -> None:
    for scenario in content.scenarios.values():
        # A rubric with no stage (security-containment) serves every stage that asks its task.
        assert content.rubrics[scenario.rubric].stage in (None, scenario.stage), scenario.id
        assert scenario.follow_ups, scenario.id
        assert scenario.talking_points, scenario.id


def test_a_rubric_without_a_stage_counts_for_every_stage_that_uses_it(content: Content) -> None:
    assert content.rubrics["security-containment"].stage is None
    for stage in ("live-troubleshooting", "prioritization-escalation"):
        assert "security-containment" in [r.id for r in content.stage_rubrics(stage)], stage
    assert "security-containment" not in [r.id for r in content.stage_rubrics("collaboration")]
