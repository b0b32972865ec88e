"""Write a history of N attempts through the store's own API, for the history-size benchmarks.

Usage: SUPPORTPREP_HOME=DIR python bench/make_history.py N

The attempts spread over the bundled scenarios and about a year of days (several a day, the
newest today), with answers, follow-ups and rubric levels of a realistic length, so the cost of
reading the history is what a long-time user's would be.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from supportprep.packs.loader import load_content
from supportprep.paths import cache_home, user_packs_dir
from supportprep.store.attempt import Attempt, CriterionScore, FollowUpAnswer
from supportprep.store.history import open_history

BATCH = 5000
SKILLS = ("communication", "troubleshooting", "prioritization", "leadership", "metrics")
ANSWER = (
    "First I would confirm the scope with the on-call engineer and the queue data, then post a "
    "holding reply with the next update time, tag every affected ticket, and brief the account "
    "owners of the largest customers before they hear it elsewhere. "
) * 6


def attempts(count: int, scenario_ids: list[str], now: datetime) -> list[Attempt]:
    made = []
    for i in range(count):
        finished = now - timedelta(minutes=37 * (count - i))
        score = float(30 + (i * 7) % 65)
        made.append(
            Attempt(
                scenario_id=scenario_ids[(i * 13) % len(scenario_ids)],
                scenario_title=f"Scenario {i % 97}",
                stage="stage-" + str(i % 5),
                rubric="rubric-" + str(i % 5),
                started_at=finished - timedelta(minutes=9),
                finished_at=finished,
                time_limit_seconds=600,
                duration_seconds=480.0,
                overtime_seconds=0.0 if i % 4 else 45.0,
                id=f"bench{i:08d}",
                mode="mock" if i % 9 == 0 else "drill",
                session_id=f"mock{i // 9}" if i % 9 == 0 else None,
                answer=ANSWER,
                follow_ups=[FollowUpAnswer("What would you tell the VP?", 120, 100.0, 0.0, ANSWER)],
                criteria=[
                    CriterionScore(f"c{k}", f"Criterion {k}", SKILLS[k], 1.0, 1 + (i + k) % 4)
                    for k in range(4)
                ],
                score=score,
                skill_scores={s: float(30 + (i * (k + 3)) % 65) for k, s in enumerate(SKILLS)},
                verdict="solid" if score >= 65 else "needs work",
                partial=i % 53 == 0,
                coverage=(i % 10) / 10,
            )
        )
    return made


def main(argv: list[str]) -> int:
    count = int(argv[0])
    content = load_content(user_packs=user_packs_dir(), cache_dir=cache_home())
    ids = sorted(content.scenarios)
    now = datetime.now(UTC)
    made = attempts(count, ids, now)
    with open_history() as history:
        for start in range(0, count, BATCH):
            history.save_many(made[start : start + BATCH])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
