"""What to practise next, and why.

Candidates are the scenarios that fit the targets, as ``practice.fit`` ranks them: the
profile's own industry, then industry-neutral ones, relaxing step by step (neighbouring
industries, other variants, ...) only while there are fewer than ``fit.MINIMUM``. They are
ranked, best first:

1. **Reviews that are due** (spaced repetition, ``practice.schedule``), most overdue first.
2. **The weakest skill**: scenarios whose rubric trains the skill with the lowest recent average
   (the last ``progress.RECENT`` scores of each skill), when that average is below ``WEAK_BELOW`` (a
   skill averaging "good" or better is not weak); the best fit first, then never-tried ones,
   then those that lean on the skill most. A scenario practised today waits for another day.
3. **Never tried, in the interview loop**: the best fit first, then in loop order, nearest the
   seniority's difficulty (easiest first without one).
4. **Never tried, other stages** (behavioural, metrics), the same way.
5. **Everything else**, by when its next review is due.

The ranking is deterministic: the same content, attempts, targets and ``now`` give the same order
(ties are broken by scenario id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from datetime import UTC, date, datetime, tzinfo
from typing import Any, Literal

from supportprep.display import plural
from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Difficulty, Scenario
from supportprep.practice.fit import STEP_LABELS, candidates_with_fit
from supportprep.practice.schedule import CRAM_DAYS, CardState, build_cards, local_date
from supportprep.practice.skills import weak_skills
from supportprep.records import record
from supportprep.store.attempt import AttemptFacts
from supportprep.targets import Targets

Kind = Literal["review", "weakest-skill", "new", "ahead"]

_DIFFICULTY_ORDER = {Difficulty.FOUNDATION: 0, Difficulty.INTERMEDIATE: 1, Difficulty.ADVANCED: 2}


class NoScenarios(UserError):
    """The loaded packs hold no scenario to recommend."""


@record(frozen=True)
class Recommendation:
    scenario_id: str
    reasons: list[str]
    """Human sentences, most important first."""
    due: datetime | None
    """When its review is due (UTC), or None when it has no schedule yet."""
    title: str = ""
    stage: str = ""
    kind: Kind = "new"
    skills: list[str] = field(default_factory=list)
    """Skill ids the scenario's rubric trains, heaviest first."""
    weak_skill: str | None = None
    """The weakest skill (``skills.weak_skills``) this pick trains, when that is why."""
    fit: str = STEP_LABELS[0]
    """How it fits the profile (``fit.STEP_LABELS``): own industry, industry-neutral, ..."""

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "scenario_id": self.scenario_id,
            "title": self.title,
            "stage": self.stage,
            "kind": self.kind,
            "reasons": list(self.reasons),
            "due": None if self.due is None else self.due.isoformat(),
            "skills": list(self.skills),
            "weak_skill": self.weak_skill,
            "fit": self.fit,
        }


def scenario_skills(content: Content, scenario: Scenario) -> dict[str, float]:
    """Skill id -> share of the weight of the criteria the scenario is scored on."""
    if scenario.rubric not in content.rubrics:
        return {}
    criteria = content.rubric_for(scenario).criteria
    total = sum(c.weight for c in criteria)
    shares: dict[str, float] = {}
    for criterion in criteria:
        shares[criterion.skill] = shares.get(criterion.skill, 0.0) + criterion.weight / total
    return dict(sorted(shares.items(), key=lambda kv: (-kv[1], kv[0])))


def _profile_match(content: Content, scenario: Scenario, targets: Targets) -> str | None:
    matched = [
        _name(content, kind, wanted)
        for kind, values, wanted in (
            ("roles", scenario.roles, targets.role),
            ("variants", scenario.variants, targets.variant),
            ("industries", scenario.industries, targets.industry),
        )
        if wanted is not None and wanted in values
    ]
    return f"matches your profile: {', '.join(matched)}" if matched else None


def _name(content: Content, kind: str, value: str) -> str:
    item = content.kind(kind).get(value)
    return item.name if item is not None else value


def _days(n: int) -> str:
    return plural(n, "day")


def _fmt(value: float) -> str:
    return f"{value:.0f}"


def _due_reason(card: CardState, now: datetime, tz: tzinfo | None) -> str:
    assert card.due is not None
    late = (local_date(now, tz) - local_date(card.due, tz)).days
    if late <= 0:
        return "due for review today"
    if late == 1:
        return "due for review since yesterday"
    return f"overdue for review by {_days(late)}"


def _ahead_reason(card: CardState, now: datetime, tz: tzinfo | None) -> str:
    if card.due is None:
        return "practised before, not on the review schedule yet"
    days = (local_date(card.due, tz) - local_date(now, tz)).days
    if days <= 1:
        return "next review due tomorrow" if days == 1 else "next review due today"
    return f"next review due in {_days(days)}"


def _last_score(card: CardState) -> str | None:
    if card.last_score is None:
        return None
    return f"last score {_fmt(card.last_score)}"


def rank_candidates(
    content: Content,
    attempts: Sequence[AttemptFacts],
    targets: Targets,
    now: datetime,
    *,
    tz: tzinfo | None = None,
    stage: str | None = None,
) -> list[Recommendation]:
    """Every candidate scenario (of ``stage``, when given), best next drill first, each with
    its reasons."""
    now = now.astimezone(UTC)
    pool = candidates_with_fit(content, targets, stage=stage)
    cards = build_cards(attempts, interview_date=targets.interview_date, tz=tz)
    skills_of = {s.id: scenario_skills(content, s) for s, _ in pool}
    trained = {skill for shares in skills_of.values() for skill in shares}
    weak = weak_skills(attempts, among=trained, limit=1)
    weakest = weak[0].skill if weak else None
    averages = {w.skill: w.average for w in weak}
    today = local_date(now, tz)
    loop = {s.id: index for index, s in enumerate(content.loop_stages())}
    far = datetime.max.replace(tzinfo=UTC)

    ranked: list[tuple[tuple[Any, ...], Recommendation]] = []
    for scenario, where in pool:
        card = cards.get(scenario.id)
        shares = skills_of[scenario.id]
        reasons: list[str] = []
        kind: Kind
        # Nearest the seniority's difficulty, then easiest first, then written for the profile.
        level = (where.difficulty_gap, _DIFFICULTY_ORDER[scenario.difficulty], -where.specific)
        if card is not None and card.is_due(now):
            kind = "review"
            reasons.append(_due_reason(card, now, tz))
            key: tuple[Any, ...] = (0, card.due, scenario.id)
        elif (
            weakest is not None
            and weakest in shares
            and (card is None or local_date(card.last_attempt, tz) != today)
        ):
            kind = "weakest-skill"
            skill = content.skills.get(weakest)
            name = skill.name if skill is not None else weakest
            reasons.append(f"trains your weakest skill, {name} (avg {_fmt(averages[weakest])})")
            if card is None:
                reasons.append("never tried")
            due = far if card is None or card.due is None else card.due
            key = (1, where.step, card is not None, -shares[weakest], due, *level, scenario.id)
        elif card is None:
            kind = "new"
            reasons.append("never tried")
            if scenario.stage in loop:
                stage_name = content.stages[scenario.stage].name
                reasons.append(
                    f"{stage_name} is stage {loop[scenario.stage] + 1} of the interview loop"
                )
                key = (2, where.step, loop[scenario.stage], *level, scenario.id)
            else:
                key = (3, where.step, scenario.stage, *level, scenario.id)
        else:
            kind = "ahead"
            reasons.append(_ahead_reason(card, now, tz))
            key = (4, card.due or card.last_attempt, scenario.id)
        if card is not None:
            last = _last_score(card)
            if last is not None:
                reasons.append(last)
        match = _profile_match(content, scenario, targets)
        if match is not None:
            reasons.append(match)
        if not where.fits:
            reasons.append(f"from {where.label}: too few fit your profile")
        ranked.append(
            (
                key,
                Recommendation(
                    scenario_id=scenario.id,
                    reasons=reasons,
                    due=None if card is None else card.due,
                    title=scenario.title,
                    stage=scenario.stage,
                    kind=kind,
                    skills=list(shares),
                    weak_skill=weakest if kind == "weakest-skill" else None,
                    fit=where.label,
                ),
            )
        )
    ranked.sort(key=lambda pair: pair[0])
    return [rec for _, rec in ranked]


def pick_next(
    content: Content,
    attempts: Sequence[AttemptFacts],
    targets: Targets,
    now: datetime,
    *,
    tz: tzinfo | None = None,
) -> Recommendation:
    """The scenario to drill next, and why."""
    ranked = rank_candidates(content, attempts, targets, now, tz=tz)
    if not ranked:
        raise NoScenarios("the loaded packs hold no scenarios")
    return ranked[0]


@record(frozen=True)
class NextDrill:
    """What ``next`` shows: the ranked candidates and where the interview date puts us."""

    ranked: list[Recommendation]
    targets: Targets
    days_left: int | None
    cram: bool
    """In the last ``CRAM_DAYS`` before the interview: drills count but move no schedule."""
    first_time: bool

    def to_jsonable(self) -> dict[str, Any]:
        t = self.targets
        when = None if t.interview_date is None else t.interview_date.isoformat()
        return {
            "next": self.ranked[0].to_jsonable(),
            "candidates": [r.to_jsonable() for r in self.ranked],
            "targets": {
                "role": t.role,
                "variant": t.variant,
                "industry": t.industry,
                "seniority": t.seniority,
                "interview_date": when,
            },
            "cram": self.cram,
        }


def next_drill(
    content: Content,
    attempts: Sequence[AttemptFacts],
    targets: Targets,
    now: datetime,
    today: date,
    *,
    tz: tzinfo | None = None,
) -> NextDrill:
    ranked = rank_candidates(content, attempts, targets, now, tz=tz)
    if not ranked:
        raise NoScenarios("the loaded packs hold no scenarios")
    days_left = targets.days_left(today)
    return NextDrill(
        ranked=ranked,
        targets=targets,
        days_left=days_left,
        cram=days_left is not None and days_left <= CRAM_DAYS,
        first_time=not attempts,
    )
