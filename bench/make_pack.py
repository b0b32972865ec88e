"""Write a valid, self-contained pack of N scenarios (with rubrics, checklists and plans).

Usage: python bench/make_pack.py N DIR

The pack is shaped like real content: scenarios split 500 to a file, each with context,
follow-ups, strong-answer points, red flags and talking points, so that loading it costs what
loading real content of that size would.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

STAGES = ["bench-triage", "bench-writing", "bench-priorities", "bench-collab"]
SKILLS = ["bench-troubleshooting", "bench-communication", "bench-judgment", "bench-alignment"]
PER_FILE = 500


def _scenario(i: int) -> dict[str, Any]:
    stage = STAGES[i % len(STAGES)]
    return {
        "id": f"bench-scenario-{i:05d}",
        "title": f"Queue {i}: refunds stalled for {i % 97 + 3} enterprise accounts",
        "stage": stage,
        "roles": ["bench-manager"],
        "variants": ["bench-tier-2"],
        "industries": ["bench-saas", "bench-fintech"][: 1 + i % 2],
        "difficulty": ["foundation", "intermediate", "advanced"][i % 3],
        "time_limit_seconds": 300 + (i % 6) * 60,
        "prompt": (
            f"At 09:{i % 60:02d} the refund job failed for {i % 97 + 3} accounts and finance "
            "wants an answer by noon. Walk me through the next hour."
        ),
        "context": [
            f"{i % 400 + 20} tickets arrived since the job failed; the normal rate is 30 an hour.",
            "The on-call engineer is in another incident until 10:30.",
            "Two of the accounts renew this month and their admins have emailed the CEO.",
        ],
        "follow_ups": [
            {"question": "Why that order?", "time_limit_seconds": 90},
            {
                "question": "What would make you escalate sooner?",
                "time_limit_seconds": 120,
                "listens_for": "A concrete trigger and who gets told.",
            },
        ],
        "strong_answer_points": [
            "Reproduces the failure on one account before promising anything.",
            "Names an owner and a time for the next customer update.",
            "Says how the fix will be verified before closing the incident.",
        ],
        "red_flags": ["Promises refunds before anyone has checked one."],
        "rubric": f"rubric-{stage}",
        "talking_points": ["reproduce", "owner", "verify", "update"],
    }


def _rubric(stage: str) -> dict[str, Any]:
    return {
        "id": f"rubric-{stage}",
        "name": f"Rubric for {stage}",
        "stage": stage,
        "criteria": [
            {
                "id": f"criterion-{n}",
                "name": f"Criterion {n}",
                "skill": skill,
                "weight": 1 + n % 3,
                "levels": {
                    "weak": "Proposes a fix before reproducing the problem at all.",
                    "developing": "Reproduces it but never says how the fix is checked.",
                    "solid": "Reproduces, fixes, and names the check that proves it worked.",
                    "strong": "Does all that and sets the next update with an owner and a time.",
                },
                "advice": "Open every answer with the reproduction step, out loud.",
            }
            for n, skill in enumerate(SKILLS)
        ],
    }


def _taxonomy() -> dict[str, Any]:
    return {
        "roles": [{"id": "bench-manager", "name": "Manager", "description": "Runs the team."}],
        "variants": [{"id": "bench-tier-2", "name": "Tier 2", "description": "Hard cases."}],
        "industries": [
            {"id": "bench-saas", "name": "SaaS", "constraints": ["Contracts carry SLAs."]},
            {"id": "bench-fintech", "name": "Fintech", "constraints": ["Money is regulated."]},
        ],
        "skills": [
            {"id": s, "name": s, "good_looks_like": "Does it well.", "proof": "A story."}
            for s in SKILLS
        ],
        "stages": [
            {
                "id": stage,
                "name": stage,
                "tests": "Working a problem.",
                "listens_for": ["Reproduction first."],
                "common_failures": ["Guessing."],
                "time_limit_seconds": 600,
                "loop_position": n + 1,
            }
            for n, stage in enumerate(STAGES)
        ],
        "rubrics": [_rubric(stage) for stage in STAGES],
    }


def _checklists(n: int) -> dict[str, Any]:
    items = [
        {
            "id": f"bench-item-{i:04d}",
            "text": f"Prepare artifact {i} and walk a friend through it in five minutes.",
            "category": ["stories", "artifacts", "research", "practice"][i % 4],
            "due_days_before": i % 21,
            "skill": SKILLS[i % len(SKILLS)],
        }
        for i in range(max(20, n // 50))
    ]
    return {"checklists": [{"id": "bench-prep", "name": "Bench prep", "items": items}]}


def _plans() -> dict[str, Any]:
    phase = {
        "title": "Phase",
        "goals": ["Name the top failure modes."],
        "actions": ["Audit 50 tickets."],
        "artifacts": ["A failure-mode list."],
        "success_signs": ["The director agrees with the list."],
    }
    return {
        "plans": [
            {
                "id": f"bench-plan-{kind}",
                "kind": kind,
                "title": "Bench plan",
                "summary": "Learn, fix one thing, make it a system.",
                "roles": ["bench-manager"],
                "phases": [{"days": d, **phase} for d in (30, 60, 90)],
            }
            for kind in ("first-90-days", "job-search")
        ]
    }


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def write_pack(count: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "id": "bench",
        "name": "Generated bench pack",
        "version": "1.0.0",
        "format_version": 1,
        "description": f"{count} generated scenarios for benchmarks.",
    }
    (folder / "pack.yaml").write_text(dump(manifest), encoding="utf-8")
    (folder / "taxonomy.yaml").write_text(dump(_taxonomy()), encoding="utf-8")
    (folder / "checklists.yaml").write_text(dump(_checklists(count)), encoding="utf-8")
    (folder / "plans.yaml").write_text(dump(_plans()), encoding="utf-8")
    scenarios = folder / "scenarios"
    scenarios.mkdir(exist_ok=True)
    for start in range(0, count, PER_FILE):
        chunk = [_scenario(i) for i in range(start, min(count, start + PER_FILE))]
        path = scenarios / f"scenarios-{start // PER_FILE:03d}.yaml"
        path.write_text(dump({"scenarios": chunk}), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python bench/make_pack.py N DIR", file=sys.stderr)
        return 2
    write_pack(int(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
