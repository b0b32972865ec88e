"""Self-scoring against a rubric: levels in, a 0-100 score, skills, a verdict and advice out.

The score
    Each criterion's level (1-4) maps linearly to 0, 33.3, 66.7, 100. The score is the
    weight-weighted mean of those, minus ``RED_FLAG_PENALTY`` points for each red flag the user
    ticked (at most ``MAX_RED_FLAG_PENALTY``), never below 0. A scenario's calculation questions
    join the mean as criteria of weight ``CALCULATION_WEIGHT`` each, worth 100 when the number is
    within tolerance and 0 when not: a wrong number costs what a weak criterion costs.

Skill scores
    The same weighted mean over the criteria tagged with each skill (red flags not applied: they
    belong to the answer, not to one skill).

Verdict bands (on the final score)
    85-100 strong hire signal, 70-84 hire signal, 50-69 mixed signal, 0-49 not there yet.

What to fix
    The two weakest criteria: lowest level first, heavier weight breaking ties, then rubric order.
    Criteria scored 4 are never listed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from supportprep.packs.models import Criterion, Rubric, Scenario
from supportprep.records import record

RED_FLAG_PENALTY = 5.0
MAX_RED_FLAG_PENALTY = 20.0
CALCULATION_WEIGHT = 1.0

VERDICTS: tuple[tuple[float, str], ...] = (
    (85.0, "strong hire signal"),
    (70.0, "hire signal"),
    (50.0, "mixed signal"),
    (0.0, "not there yet"),
)


def level_points(level: int) -> float:
    if level not in (1, 2, 3, 4):
        raise ValueError(f"a level is 1, 2, 3 or 4, not {level}")
    return (level - 1) / 3 * 100


def verdict_for(score: float) -> str:
    for threshold, name in VERDICTS:
        if score >= threshold:
            return name
    return VERDICTS[-1][1]  # pragma: no cover - the last threshold is 0


@record(frozen=True)
class Fix:
    criterion: Criterion
    level: int


@record(frozen=True)
class ScoreResult:
    score: float
    base_score: float
    penalty: float
    skill_scores: dict[str, float]
    verdict: str
    fixes: list[Fix]


def score(
    rubric: Rubric,
    levels: Mapping[str, int],
    red_flags: Sequence[str] = (),
    *,
    calculations: Sequence[bool] = (),
) -> ScoreResult:
    """Score one answer; ``levels`` maps every criterion id of ``rubric`` to 1-4;
    ``calculations`` says, per calculation question, whether the number was right."""
    missing = [c.id for c in rubric.criteria if c.id not in levels]
    if missing:
        raise ValueError(f"no level for criteria: {', '.join(missing)}")
    total_weight = sum(c.weight for c in rubric.criteria) + CALCULATION_WEIGHT * len(calculations)
    base = (
        sum(level_points(levels[c.id]) * c.weight for c in rubric.criteria)
        + sum(100.0 * CALCULATION_WEIGHT for right in calculations if right)
    ) / total_weight

    weights: dict[str, float] = {}
    sums: dict[str, float] = {}
    for c in rubric.criteria:
        weights[c.skill] = weights.get(c.skill, 0.0) + c.weight
        sums[c.skill] = sums.get(c.skill, 0.0) + level_points(levels[c.id]) * c.weight
    skills = {skill: round(sums[skill] / weights[skill], 1) for skill in weights}

    penalty = min(MAX_RED_FLAG_PENALTY, RED_FLAG_PENALTY * len(red_flags))
    final = round(max(0.0, base - penalty), 1)
    order = {c.id: i for i, c in enumerate(rubric.criteria)}
    weakest = sorted(
        (c for c in rubric.criteria if levels[c.id] < 4),
        key=lambda c: (levels[c.id], -c.weight, order[c.id]),
    )
    return ScoreResult(
        score=final,
        base_score=round(base, 1),
        penalty=penalty,
        skill_scores=skills,
        verdict=verdict_for(final),
        fixes=[Fix(c, levels[c.id]) for c in weakest[:2]],
    )


def parse_scores(text: str, rubric: Rubric) -> dict[str, int]:
    """``"3,2,4"`` (levels in rubric order) to ``{criterion id: level}``; ValueError explains."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    expected = len(rubric.criteria)
    if len(parts) != expected:
        names = ", ".join(c.id for c in rubric.criteria)
        raise ValueError(
            f"expected {expected} levels for rubric '{rubric.id}' ({names}), got {len(parts)}"
        )
    levels: dict[str, int] = {}
    for criterion, part in zip(rubric.criteria, parts, strict=True):
        if part not in ("1", "2", "3", "4"):
            raise ValueError(f"level for '{criterion.id}' must be 1, 2, 3 or 4, not '{part}'")
        levels[criterion.id] = int(part)
    return levels


def parse_red_flags(text: str, scenario: Scenario) -> list[str]:
    """``"1,3"`` (the scenario's red flags by number) to the flags; ValueError explains."""
    flags = list(scenario.red_flags)
    chosen = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= len(flags):
            raise ValueError(
                f"'{part}' is not a red flag number; this scenario has "
                f"1 to {len(flags)}: " + "; ".join(f"{i} {f}" for i, f in enumerate(flags, 1))
            )
        chosen.append(flags[int(part) - 1])
    return chosen
