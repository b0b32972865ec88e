"""The personal prep checklist, scheduled backwards from the interview date.

Where the items come from
    The checklist packs, filtered by the target role, variant and industry; plus items from the
    user's own state: a drill for each of the weakest skills in the practice history, and one item
    per story slot the story bank has not filled. The questions-to-ask and compensation items come
    from their packs like the rest.

Item ids are stable: a pack item keeps its pack id; the personal ones are ``drill:<skill>`` and
``slot:<slot>`` (a colon never appears in a pack id), so ticks persist across runs.

Scheduling
    Each item is due ``due_days_before`` days before the interview. While every open item's date
    is still ahead, that is the schedule. When the interview is so close that some open items'
    dates have passed, the schedule compresses: every open item competes for the days left, at most
    ``per_day`` a day, by priority (``priority_key``). Items still ahead keep their date when there
    is room (or move earlier); overdue items are squeezed into the days left, earliest first, and
    may not land on the interview day itself. What no longer fits is dropped, lowest priority
    first, and the result lists it. Ticked items never take room.

    Without an interview date, items are listed by ``due_days_before`` with no dates.

Priority (most important first)
    By category: logistics; practice; questions to ask and stories; compensation; research and
    artifacts (``CATEGORY_PRIORITY``). Within a category: personal items first, then items that
    build one of the weakest skills, then the ones meant closest to the interview.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Literal

from supportprep.display import in_days, plural
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario
from supportprep.planning.prompter import Choice, Prompter
from supportprep.planning.stories import SLOTS, empty_slots
from supportprep.practice.adaptive import scenario_skills
from supportprep.practice.fit import candidates_with_fit
from supportprep.practice.skills import SkillAverage, weak_skills
from supportprep.store.attempt import AttemptFacts
from supportprep.store.stories import Story
from supportprep.targets import Targets, applies

DEFAULT_PER_DAY = 8
"""How many open items fit in one day once the schedule is compressed."""

CATEGORY_PRIORITY: dict[str, int] = {
    "logistics": 0,
    "practice": 1,
    "questions-to-ask": 2,
    "stories": 2,
    "compensation": 3,
    "research": 4,
    "artifacts": 4,
}

WEAK_SKILL_LIMIT = 2
"""How many of the weakest skills get a drill item."""
DRILL_DAYS_BEFORE: tuple[int, ...] = (7, 5)
"""When the weakest-skill drills are due: the weakest first."""
SLOT_DAYS_BEFORE = 12
"""When a story for an empty slot is due: with the stories week of the checklist packs."""
TICK_LABEL_LIMIT = 64
"""Item text in the tick list is cut to this, so each choice stays on one line at 80 columns."""

Source = Literal["pack", "drill", "story-slot"]


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    category: str
    source: Source
    due_days_before: int
    done: bool = False
    due: date | None = None
    """When to do it; None without an interview date, or when it was dropped."""
    natural_due: date | None = None
    """``interview - due_days_before``, before any compression."""
    why: str | None = None
    skill: str | None = None
    stage: str | None = None
    command: str | None = None
    """A command that does the item, for the personal ones."""
    weak_skill: bool = False

    @property
    def overdue(self) -> bool:
        """Squeezed into the days left because its own date had passed."""
        return self.due is not None and self.natural_due is not None and self.natural_due < self.due

    @property
    def moved_up(self) -> bool:
        return self.due is not None and self.natural_due is not None and self.due < self.natural_due

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "category": self.category,
            "source": self.source,
            "done": self.done,
            "due": self.due.isoformat() if self.due else None,
            "planned_due": self.natural_due.isoformat() if self.natural_due else None,
            "due_days_before": self.due_days_before,
            "overdue": self.overdue,
            "skill": self.skill,
            "stage": self.stage,
            "command": self.command,
            "why": self.why,
        }


@dataclass(frozen=True)
class Week:
    label: str
    start: date | None
    items: list[Item]


@dataclass
class Checklist:
    today: date
    targets: Targets
    per_day: int
    items: list[Item]
    """Scheduled items (all of them without an interview date), in the order to do them."""
    dropped: list[Item] = field(default_factory=list)
    """Open items that no longer fit before the interview, most important first."""
    compressed: bool = False
    weak_skills: list[SkillAverage] = field(default_factory=list)
    empty_slots: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    @property
    def interview_date(self) -> date | None:
        return self.targets.interview_date

    @property
    def days_left(self) -> int | None:
        return self.targets.days_left(self.today)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.overdue)

    def all_items(self) -> list[Item]:
        return [*self.items, *self.dropped]

    def ids(self) -> list[str]:
        return [item.id for item in self.all_items()]

    def done_count(self) -> int:
        return sum(1 for item in self.all_items() if item.done)

    def weeks(self) -> list[Week]:
        return group_by_week(self.items)

    def to_jsonable(self) -> dict[str, Any]:
        t = self.targets
        return {
            "today": self.today.isoformat(),
            "interview_date": t.interview_date.isoformat() if t.interview_date else None,
            "days_left": self.days_left,
            "targets": {"role": t.role, "variant": t.variant, "industry": t.industry},
            "compressed": self.compressed,
            "per_day": self.per_day,
            "counts": {
                "items": len(self.items),
                "done": self.done_count(),
                "dropped": len(self.dropped),
                "overdue": self.overdue_count,
            },
            "weak_skills": [
                {"skill": w.skill, "average": round(w.average, 1), "attempts": w.scores}
                for w in self.weak_skills
            ],
            "empty_slots": self.empty_slots,
            "hints": self.hints,
            "items": [item.to_jsonable() for item in self.items],
            "dropped": [item.to_jsonable() for item in self.dropped],
        }


# --- building ---------------------------------------------------------------------------------


def build_checklist(
    content: Content,
    targets: Targets,
    today: date,
    attempts: Sequence[AttemptFacts],
    stories: Sequence[Story],
    ticks: Collection[str],
    *,
    per_day: int = DEFAULT_PER_DAY,
) -> Checklist:
    """The checklist for ``targets`` as of ``today``; ``attempts`` newest first."""
    if per_day < 1:
        raise ValueError("per_day must be at least 1")
    weak = weak_skills(attempts, limit=WEAK_SKILL_LIMIT)
    slots = empty_slots(stories)
    items = [
        *_pack_items(content, targets, {w.skill for w in weak}),
        *_drill_items(content, targets, weak, attempts),
        *_slot_items(slots),
    ]
    items = [replace(item, done=item.id in ticks) for item in items]
    checklist = Checklist(
        today=today, targets=targets, per_day=per_day, items=[], weak_skills=weak, empty_slots=slots
    )
    if targets.interview_date is None:
        checklist.items = sorted(items, key=lambda i: (-i.due_days_before, priority_key(i)))
        checklist.hints.append(
            "No interview date, so no due dates: set one with "
            "`supportprep profile set --interview-date YYYY-MM-DD` or pass --interview-date."
        )
    else:
        _schedule(checklist, items, targets.interview_date)
    if not attempts:
        checklist.hints.append(
            "No drills in your history yet; after a few, drills for your weakest skills "
            "appear here."
        )
    return checklist


def known_ids(content: Content) -> set[str]:
    """Every id an item can have with this content, whatever the targets and history."""
    ids = {item.id for item in _pack_items(content, Targets(), set())}
    ids |= {f"drill:{skill}" for skill in content.skills}
    ids |= {f"slot:{slot}" for slot in SLOTS}
    return ids


def priority_key(item: Item) -> tuple[int, int, int, int, str]:
    """Sort key, most important first (see the module docstring)."""
    return (
        CATEGORY_PRIORITY.get(item.category, len(CATEGORY_PRIORITY)),
        0 if item.source != "pack" else 1,
        0 if item.weak_skill else 1,
        item.due_days_before,
        item.id,
    )


def _pack_items(content: Content, targets: Targets, weak: set[str]) -> list[Item]:
    items: list[Item] = []
    seen: set[str] = set()
    for checklist, entry in content.checklist_items():
        if not (
            applies(entry.roles, targets.role)
            and applies(entry.variants, targets.variant)
            and applies(entry.industries, targets.industry)
        ):
            continue
        item_id = entry.id if entry.id not in seen else f"{checklist.id}.{entry.id}"
        seen.add(item_id)
        items.append(
            Item(
                id=item_id,
                text=" ".join(entry.text.split()),
                category=entry.category.value,
                source="pack",
                due_days_before=entry.due_days_before,
                why=" ".join(entry.why.split()) if entry.why else None,
                skill=entry.skill,
                stage=entry.stage,
                weak_skill=entry.skill in weak,
            )
        )
    return items


def _drill_items(
    content: Content,
    targets: Targets,
    weak: Sequence[SkillAverage],
    attempts: Sequence[AttemptFacts],
) -> list[Item]:
    tried = Counter(a.scenario_id for a in attempts)
    items: list[Item] = []
    for weak_skill, days in zip(weak, DRILL_DAYS_BEFORE, strict=False):
        skill = weak_skill.skill
        name = content.skills[skill].name if skill in content.skills else skill
        scenario = _best_scenario(content, targets, skill, tried)
        stage: str | None
        if scenario is not None:
            command = f"supportprep drill --scenario {scenario.id}"
            stage = scenario.stage
            what = f"“{scenario.title}”"
        else:
            stage = _best_stage(content, skill)
            if stage is None:
                continue
            command = f"supportprep drill --stage {stage}"
            what = f"a {content.stages[stage].name} scenario"
        items.append(
            Item(
                id=f"drill:{skill}",
                text=(
                    f"Drill {what} to work on {name}, your weakest skill so far "
                    f"(average {weak_skill.average:.0f} over the last "
                    f"{plural(weak_skill.scores, 'score')})."
                ),
                category="practice",
                source="drill",
                due_days_before=days,
                skill=skill,
                stage=stage,
                command=command,
                weak_skill=True,
                why="Timed practice on the weakest skill moves the overall score the most.",
            )
        )
    return items


def _skill_share(content: Content, rubric_id: str, skill: str) -> float:
    rubric = content.rubrics.get(rubric_id)
    if rubric is None:
        return 0.0
    total = sum(c.weight for c in rubric.criteria)
    return sum(c.weight for c in rubric.criteria if c.skill == skill) / total


def _best_scenario(
    content: Content, targets: Targets, skill: str, tried: Counter[str]
) -> Scenario | None:
    """Among the scenarios that fit the targets (``fit.candidates``), the best fit that trains
    ``skill``: own industry before industry-neutral, then the one leaning hardest on the skill,
    then the least practised."""
    best: Scenario | None = None
    best_key: tuple[int, float, int, int] | None = None
    for order, (scenario, where) in enumerate(candidates_with_fit(content, targets)):
        share = scenario_skills(content, scenario).get(skill, 0.0)
        if share <= 0:
            continue
        key = (where.step, -share, tried[scenario.id], order)
        if best_key is None or key < best_key:
            best, best_key = scenario, key
    return best


def _best_stage(content: Content, skill: str) -> str | None:
    shares = {
        stage.id: max(
            (_skill_share(content, r.id, skill) for r in content.stage_rubrics(stage.id)),
            default=0.0,
        )
        for stage in content.stages.values()
    }
    best = max(shares, key=lambda s: (shares[s], s), default=None)
    return best if best is not None and shares[best] > 0 else None


def _slot_items(slots: Sequence[str]) -> list[Item]:
    return [
        Item(
            id=f"slot:{slot}",
            text=f"Your story bank has no {slot} story ({SLOTS[slot]}): write it and save it.",
            category="stories",
            source="story-slot",
            due_days_before=SLOT_DAYS_BEFORE,
            command=f"supportprep stories add --slot {slot}",
            why="The mock debrief and the checklist point at empty slots until a story fills them.",
        )
        for slot in slots
    ]


# --- scheduling -------------------------------------------------------------------------------


def _schedule(checklist: Checklist, items: list[Item], interview: date) -> None:
    today = checklist.today
    per_day = checklist.per_day
    natural = {item.id: interview - timedelta(days=item.due_days_before) for item in items}
    items = [replace(item, natural_due=natural[item.id]) for item in items]
    open_items = sorted((i for i in items if not i.done), key=priority_key)
    done_items = [replace(i, due=i.natural_due) for i in items if i.done]
    checklist.compressed = any(natural[i.id] < today for i in open_items)
    if not checklist.compressed:
        scheduled = done_items + [replace(i, due=i.natural_due) for i in open_items]
        checklist.items = sorted(scheduled, key=_schedule_order)
        return

    last_prep_day = max(today, interview - timedelta(days=1))

    def deadline(item: Item) -> date:
        due = natural[item.id]
        return due if due >= today else last_prep_day

    # Pass 1, which items fit: each, most important first, takes the latest free day on or
    # before its deadline. For one-day tasks with deadlines this keeps the most important set.
    load: Counter[date] = Counter()
    kept: list[Item] = []
    dropped: list[Item] = []
    for item in open_items:
        day = _latest_free(load, deadline(item), today, per_day)
        if day is None:
            dropped.append(item)
        else:
            load[day] += 1
            kept.append(item)

    # Pass 2, when to do them: items still ahead keep their own date when there is room;
    # overdue ones catch up as early as possible. The kept set is feasible, so all of them fit.
    load = Counter()
    placed: list[Item] = []
    catch_up: list[Item] = []
    for item in kept:
        if natural[item.id] < today:
            catch_up.append(item)
            continue
        day = _latest_free(load, natural[item.id], today, per_day)
        if day is None:  # pragma: no cover - pass 1 proved there is room
            dropped.append(item)
            continue
        load[day] += 1
        placed.append(replace(item, due=day))
    for item in catch_up:
        day = today
        while day <= last_prep_day and load[day] >= per_day:
            day += timedelta(days=1)
        if day > last_prep_day:  # pragma: no cover - pass 1 proved there is room
            dropped.append(item)
            continue
        load[day] += 1
        placed.append(replace(item, due=day))

    checklist.items = sorted(done_items + placed, key=_schedule_order)
    checklist.dropped = sorted(dropped, key=priority_key)
    days = (interview - today).days
    overdue = sum(1 for item in placed if item.overdue)
    hint = (
        f"The interview is {in_days(days)}: {plural(overdue, 'overdue item')} squeezed into "
        f"the days left, at most {per_day} a day"
    )
    if checklist.dropped:
        hint += (
            f"; {len(checklist.dropped)} dropped, lowest priority first "
            "(--per-day raises the limit)"
        )
    checklist.hints.append(hint + ".")


def _latest_free(load: Counter[date], latest: date, earliest: date, per_day: int) -> date | None:
    day = latest
    while day >= earliest:
        if load[day] < per_day:
            return day
        day -= timedelta(days=1)
    return None


def _schedule_order(item: Item) -> tuple[date, tuple[int, int, int, int, str]]:
    return (item.due or date.max, priority_key(item))


# --- weeks ------------------------------------------------------------------------------------


def group_by_week(items: Sequence[Item]) -> list[Week]:
    """Dated items by calendar week (Monday first); undated ones by weeks before the interview."""
    weeks: dict[date | int, list[Item]] = {}
    for item in items:
        key: date | int
        if item.due is not None:
            key = item.due - timedelta(days=item.due.weekday())
        else:
            key = item.due_days_before // 7
        weeks.setdefault(key, []).append(item)
    result: list[Week] = []
    dated = sorted(k for k in weeks if isinstance(k, date))
    for start in dated:
        result.append(
            Week(f"Week of {start.strftime('%a')} {start.isoformat()}", start, weeks[start])
        )
    for n in sorted((k for k in weeks if isinstance(k, int)), reverse=True):
        if n == 0:
            label = "The last week (0-6 days before the interview)"
        else:
            label = f"{plural(n, 'week')} before ({7 * n}-{7 * n + 6} days before the interview)"
        result.append(Week(label, None, weeks[n]))
    return result


# --- ticking ----------------------------------------------------------------------------------


def ask_ticks(prompter: Prompter, checklist: Checklist) -> set[str]:
    """Ask which items are done, the current ticks pre-ticked; returns the ids ticked now."""
    choices = []
    for item in checklist.items:
        due = f"{item.due.isoformat()}  " if item.due else ""
        text = (
            item.text
            if len(item.text) <= TICK_LABEL_LIMIT
            else (item.text[: TICK_LABEL_LIMIT - 1].rsplit(" ", 1)[0] + "…")
        )
        choices.append(Choice(item.id, f"{due}{text}"))
    checked = [item.id for item in checklist.items if item.done]
    return set(
        prompter.checkbox(
            "Tick what you have done (space to tick, Enter to save)", choices, checked=checked
        )
    )


# --- ticks: which items are done, and since when ------------------------------------------------


@dataclass(frozen=True)
class TickChange:
    ticks: dict[str, date]
    """The ticks after the change; save them when ``changed``."""
    changed: list[str]
    """Ids whose tick was added or removed, in the order asked."""
    unchanged: list[str]
    """Ids asked for that were already so (already ticked, or not ticked)."""


def tick_items(ticks: dict[str, date], ids: Sequence[str], day: date) -> TickChange:
    """Tick ``ids`` as done on ``day``; an item already ticked keeps its first day."""
    wanted = list(dict.fromkeys(ids))
    fresh = [i for i in wanted if i not in ticks]
    updated = {**ticks, **dict.fromkeys(fresh, day)}
    return TickChange(updated, fresh, [i for i in wanted if i not in fresh])


def untick_items(ticks: dict[str, date], ids: Sequence[str]) -> TickChange:
    wanted = list(dict.fromkeys(ids))
    removed = [i for i in wanted if i in ticks]
    updated = {i: d for i, d in ticks.items() if i not in removed}
    return TickChange(updated, removed, [i for i in wanted if i not in removed])


def merge_ticks(
    ticks: dict[str, date], shown: Collection[str], checked: Collection[str], day: date
) -> dict[str, date]:
    """After a checkbox list: the shown items are ticked exactly when checked; items not shown
    (another role's, an item dropped from the schedule) keep their ticks."""
    updated = {i: d for i, d in ticks.items() if i not in shown or i in checked}
    updated.update({i: day for i in checked if i not in ticks})
    return updated


def note_past_interview(checklist: Checklist, saved: date | None) -> None:
    """When the profile's interview date has passed (so the checklist has none), say so first."""
    if checklist.interview_date is None and saved is not None and saved < checklist.today:
        checklist.hints.insert(
            0, f"The interview date in your profile, {saved.isoformat()}, has passed."
        )
