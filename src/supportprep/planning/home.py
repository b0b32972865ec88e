"""What the home screen shows, computed from the profile, history, checklist and story bank."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import field
from datetime import date, datetime
from typing import Any

from supportprep.packs.content import Content
from supportprep.planning.checklist import Item, build_checklist
from supportprep.planning.prompter import Choice, Prompter
from supportprep.planning.tonight import DEFAULT_MINUTES, Tonight, build_tonight
from supportprep.practice.adaptive import Recommendation, rank_candidates
from supportprep.practice.skills import SkillAverage, skill_averages, weakest
from supportprep.records import record
from supportprep.store.attempt import Attempt, AttemptFacts
from supportprep.store.profile import Profile
from supportprep.store.stories import Story
from supportprep.targets import Targets, interview_date_problem, parse_interview_date

NOT_SET = ""
MAX_ITEMS = 4


@record(frozen=True)
class SkillBar:
    skill: str
    name: str
    average: float | None


@record
class Home:
    targets: Targets
    today: date
    days_left: int | None
    due_today: list[Item] = field(default_factory=list)
    open_items: int = 0
    recommendation: Recommendation | None = None
    skills: list[SkillBar] = field(default_factory=list)
    last: AttemptFacts | None = None
    attempts: int = 0
    weakest: SkillAverage | None = None
    rescore: Attempt | None = None
    """An earlier answer ready for a blind re-score, when there is one."""
    tonight: Tonight | None = None

    def to_jsonable(self) -> dict[str, Any]:
        rec = self.recommendation
        last = self.last
        return {
            "today": self.today.isoformat(),
            "interview_date": self.targets.interview_date.isoformat()
            if self.targets.interview_date
            else None,
            "days_left": self.days_left,
            "role": self.targets.role,
            "variant": self.targets.variant,
            "industry": self.targets.industry,
            "due_today": [i.to_jsonable() for i in self.due_today],
            "open_items": self.open_items,
            "tonight": None if self.tonight is None else self.tonight.to_jsonable(),
            "next": None
            if rec is None
            else {"scenario": rec.scenario_id, "title": rec.title, "reasons": rec.reasons},
            "skills": {b.skill: b.average for b in self.skills},
            "weakest_skill": None if self.weakest is None else self.weakest.skill,
            "last_attempt": None
            if last is None
            else {
                "scenario": last.scenario_id,
                "title": last.scenario_title,
                "finished_at": last.finished_at.isoformat(),
                "score": last.score,
                "verdict": last.verdict,
                "partial": last.partial,
            },
            "attempts": self.attempts,
            "rescore": None
            if self.rescore is None
            else {
                "attempt": self.rescore.id,
                "scenario": self.rescore.scenario_id,
                "title": self.rescore.scenario_title,
                "finished_at": self.rescore.finished_at.isoformat(),
            },
        }


def build_home(
    content: Content,
    targets: Targets,
    *,
    today: date,
    now: datetime,
    attempts: Sequence[AttemptFacts],
    stories: Sequence[Story],
    ticks: Collection[str],
    artifact: str | None = None,
    minutes: int = DEFAULT_MINUTES,
    company: str | None = None,
    rescore: Attempt | None = None,
) -> Home:
    """``attempts`` newest first, as the history store returns them; ``rescore``: an earlier
    answer ready for a blind re-score (the caller finds it among the whole attempts)."""
    checklist = build_checklist(
        content, targets, today, attempts, stories, ticks, artifact=artifact, company=company
    )
    # Ranked once, for tonight's drills and the next drill alike.
    ranked = rank_candidates(content, attempts, targets, now) if content.scenarios else []
    tonight = build_tonight(
        content,
        targets,
        today=today,
        now=now,
        attempts=attempts,
        stories=stories,
        ticks=ticks,
        minutes=minutes,
        checklist=checklist,
        rescore=rescore,
        ranked=ranked,
    )
    open_items = [i for i in checklist.all_items() if not i.done and i.due is not None]
    due_today = [i for i in open_items if i.due == today]
    averages = skill_averages(attempts)
    skills = [SkillBar(s.id, s.name, averages.get(s.id)) for s in content.skills.values()]
    recommendation = ranked[0] if ranked else None
    return Home(
        targets=targets,
        today=today,
        days_left=targets.days_left(today),
        due_today=due_today[:MAX_ITEMS],
        open_items=sum(1 for i in checklist.all_items() if not i.done),
        recommendation=recommendation,
        skills=skills,
        last=attempts[0] if attempts else None,
        attempts=len(attempts),
        weakest=weakest(attempts),
        rescore=rescore,
        tonight=tonight,
    )


def first_run_setup(prompter: Prompter, content: Content, today: date) -> Profile:
    """The four questions a new user is asked once; each can be skipped."""
    skip = Choice(NOT_SET, "skip for now")

    def pick(message: str, kind: str) -> str | None:
        items = content.kind(kind)
        choices = [*(Choice(i, items[i].name) for i in items), skip]
        answer = prompter.select(message, choices, default=next(iter(items), NOT_SET))
        return answer if answer and answer != NOT_SET else None

    role = pick("Which role are you interviewing for?", "roles")
    industry = pick("In which industry?", "industries")
    variant = pick("What does the posting really mean? (ask the recruiter if unsure)", "variants")

    when = prompter.text(
        "Interview date (YYYY-MM-DD, or +N for N days from today; Enter to skip)",
        validate=lambda text: interview_date_problem(text, today),
    ).strip()
    return Profile(
        role=role,
        variant=variant,
        industry=industry,
        interview_date=parse_interview_date(when, today) if when else None,
    )
