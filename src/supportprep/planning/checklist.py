"""The personal prep checklist, scheduled backwards from the interview date.

Where the items come from
    The checklist packs, filtered by the target role, variant and industry; plus items from the
    user's own state: a drill for each of the weakest skills in the practice history, and one item
    per story slot the story bank has not filled. The questions-to-ask and compensation items come
    from their packs like the rest.

Item ids are stable: a pack item keeps its pack id; the personal ones are ``drill:<skill>`` and
``slot:<slot>`` (a colon never appears in a pack id), so ticks persist across runs.

Scheduling
    Prep days run from today to the day before the interview. Logistics keep their own day (the
    day before, or the morning of); an item due after the interview (the recap note) lands the
    day after it, and nothing else is due after the interview. Every other item gets a target
    day: its own date when that is still ahead, otherwise its place in the pack's order spread
    over the days left, so research and postings come first and practice and questions come
    late. Then, most important first (``priority_key``), each open item takes the free day
    nearest its target, at most ``per_day`` a day. What finds no day is listed as "if time
    allows" (``dropped``), most important first. Nothing is overdue on the day the schedule is
    made: the schedule is made afresh each day from what is still open. Ticked items keep their
    target day and take no room; totals count every item, so ticking never changes them.

    Without an interview date, items are listed by ``due_days_before`` with no dates.

No duplicates, one artifact
    A pack story item and the story slot it fills are one item: the pack item, with the
    ``stories add --slot`` command, ticked when the slot is filled. The artifacts are a menu:
    one item asks to pick one, and once picked (``checklist pick ID``) only that one is scheduled.

Priority (most important first)
    By category: logistics; practice; questions to ask and stories; compensation; research and
    artifacts (``CATEGORY_PRIORITY``). Within a category: personal items first, then items that
    build one of the weakest skills, then the ones meant closest to the interview.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import field, replace
from datetime import date, timedelta
from typing import Any, Literal

from supportprep.actions import Action, Do
from supportprep.display import in_days, plural
from supportprep.packs.content import Content
from supportprep.packs.models import Scenario
from supportprep.planning.prompter import Choice, Prompter
from supportprep.planning.stories import SLOTS, empty_slots
from supportprep.practice.adaptive import scenario_skills
from supportprep.practice.fit import candidates_with_fit
from supportprep.practice.schedule import tried_counts
from supportprep.practice.skills import SkillAverage, weak_skills
from supportprep.records import record
from supportprep.store.attempt import AttemptFacts
from supportprep.store.stories import Story
from supportprep.targets import Targets, applies

DEFAULT_PER_DAY = 4
"""How many open items fit in one prep day: about an hour of an evening."""

MINUTES: dict[str, int] = {
    "research": 15,
    "stories": 20,
    "artifacts": 45,
    "practice": 15,
    "questions-to-ask": 5,
    "compensation": 10,
    "logistics": 10,
}
"""How long an item of each category takes, for sizing an evening."""

SLOT_STORY_ITEMS: dict[str, str] = {
    "pushback": "story-pushback",
    "failure": "story-failure-what-changed",
    "metric-moved": "story-metric-moved",
    "edge-case": "story-edge-case-caught-early",
    "debrief": "story-debrief",
    "disagreement": "story-stakeholder-disagreement",
}
"""The pack story item that asks for the same story as each slot: one item, not two."""

ARTIFACT_PICK_ID = "artifact:pick"
LOGISTICS_DAYS = 1
"""Logistics items due this close to the interview keep their own day."""

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

Source = Literal["pack", "drill", "story-slot", "artifact-pick"]


@record(frozen=True)
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
    """The day it was aimed at: its own date, or its place spread over the days left."""
    why: str | None = None
    skill: str | None = None
    stage: str | None = None
    action: Action | None = None
    """What does the item, for the personal ones (the CLI words it as a command)."""
    weak_skill: bool = False

    @property
    def minutes(self) -> int:
        return MINUTES.get(self.category, 15)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "category": self.category,
            "minutes": self.minutes,
            "source": self.source,
            "done": self.done,
            "due": self.due.isoformat() if self.due else None,
            "planned_due": self.natural_due.isoformat() if self.natural_due else None,
            "due_days_before": self.due_days_before,
            "skill": self.skill,
            "stage": self.stage,
            "action": None if self.action is None else self.action.to_jsonable(),
            "why": self.why,
        }


@record(frozen=True)
class Week:
    label: str
    start: date | None
    items: list[Item]


@record
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
    artifact_menu: list[Item] = field(default_factory=list)
    """Every artifact that fits the targets; one is picked and scheduled."""
    artifact: str | None = None
    """The picked artifact's id, when one is picked."""
    target_names: list[str] = field(default_factory=list)
    """The role, variant and industry by their display names, for headers."""

    @property
    def interview_date(self) -> date | None:
        return self.targets.interview_date

    @property
    def days_left(self) -> int | None:
        return self.targets.days_left(self.today)

    def all_items(self) -> list[Item]:
        return [*self.items, *self.dropped]

    def ids(self) -> list[str]:
        return [item.id for item in self.all_items()]

    def done_count(self) -> int:
        return sum(1 for item in self.all_items() if item.done)

    def total(self) -> int:
        """Every item, scheduled or not: ticking one never changes it."""
        return len(self.all_items())

    def due_on(self, day: date) -> list[Item]:
        """Open items scheduled for ``day``, in the order to do them."""
        return [item for item in self.items if item.due == day and not item.done]

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
                "total": self.total(),
                "items": len(self.items),
                "done": self.done_count(),
                "dropped": len(self.dropped),
            },
            "weak_skills": [
                {"skill": w.skill, "average": round(w.average, 1), "attempts": w.scores}
                for w in self.weak_skills
            ],
            "empty_slots": self.empty_slots,
            "hints": self.hints,
            "items": [item.to_jsonable() for item in self.items],
            "dropped": [item.to_jsonable() for item in self.dropped],
            "artifact": self.artifact,
            "artifact_menu": [{"id": item.id, "text": item.text} for item in self.artifact_menu],
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
    artifact: str | None = None,
    company: str | None = None,
) -> Checklist:
    """The checklist for ``targets`` as of ``today``; ``attempts`` newest first; ``artifact`` the
    picked artifact's id, if any; ``company`` the company applied to, named in research items."""
    if per_day < 1:
        raise ValueError("per_day must be at least 1")
    weak = weak_skills(attempts, limit=WEAK_SKILL_LIMIT)
    slots = empty_slots(stories)
    pack = _pack_items(content, targets, {w.skill for w in weak})
    if company:
        pack = [_name_company(item, company) for item in pack]
    menu = [item for item in pack if item.category == "artifacts"]
    pack = [item for item in pack if item.category != "artifacts"]
    menu_ids = {item.id for item in menu}
    if artifact not in menu_ids:
        # An artifact ticked before the menu existed counts as the pick.
        artifact = next((item.id for item in menu if item.id in ticks), None)
    if artifact is not None:
        pack += [item for item in menu if item.id == artifact]
    elif menu:
        pack.append(_artifact_pick_item(menu))
    pack_ids = {item.id for item in pack}
    filled = set(SLOTS) - set(slots)
    slot_of = {item_id: slot for slot, item_id in SLOT_STORY_ITEMS.items() if item_id in pack_ids}
    pack = [
        replace(item, action=Action(Do.ADD_STORY, slot_of[item.id]))
        if item.id in slot_of and slot_of[item.id] in slots
        else item
        for item in pack
    ]
    items = [
        *pack,
        *_drill_items(content, targets, weak, attempts),
        *_slot_items([slot for slot in slots if SLOT_STORY_ITEMS[slot] not in pack_ids]),
    ]

    def is_done(item: Item) -> bool:
        if item.id in ticks:
            return True
        slot = slot_of.get(item.id)
        return slot is not None and (slot in filled or f"slot:{slot}" in ticks)

    items = [replace(item, done=is_done(item)) for item in items]
    checklist = Checklist(
        today=today,
        targets=targets,
        per_day=per_day,
        items=[],
        weak_skills=weak,
        empty_slots=slots,
        artifact_menu=menu,
        artifact=artifact,
        target_names=target_names(content, targets),
    )
    if targets.interview_date is None:
        checklist.items = sorted(items, key=lambda i: (-i.due_days_before, priority_key(i)))
        checklist.hints.append("No interview date, so no due dates: set one in your profile.")
    else:
        _schedule(checklist, items, targets.interview_date)
    if not attempts:
        checklist.hints.append(
            "No drills in your history yet; after a few, drills for your weakest skills "
            "appear here."
        )
    return checklist


_THE_COMPANY = re.compile(r"\b(?:this|the) company(?='s\b|\b)", re.IGNORECASE)


def _name_company(item: Item, company: str) -> Item:
    """A research item about "the company" names it: "Read Acme's status page history"."""
    if item.category != "research":
        return item
    name = " ".join(company.split())
    return replace(item, text=_THE_COMPANY.sub(lambda _m: name, item.text))


def target_names(content: Content, targets: Targets) -> list[str]:
    """The role, variant and industry that are set, by name (the id when a pack lacks it)."""
    names: list[str] = []
    for kind, value in (
        ("roles", targets.role),
        ("variants", targets.variant),
        ("industries", targets.industry),
    ):
        if value:
            item = content.kind(kind).get(value)
            names.append(item.name if item is not None else value)
    return names


def _artifact_pick_item(menu: Sequence[Item]) -> Item:
    return Item(
        id=ARTIFACT_PICK_ID,
        text=(
            f"Pick the one artifact you will bring from the {plural(len(menu), 'idea')} in the "
            "artifact menu; once picked, building it is scheduled."
        ),
        category="artifacts",
        source="artifact-pick",
        due_days_before=max(item.due_days_before for item in menu),
        action=Action(Do.PICK_ARTIFACT),
        why="One artifact walked through well beats several skimmed; the loop has time for one.",
    )


def known_ids(content: Content) -> set[str]:
    """Every id an item can have with this content, whatever the targets and history."""
    ids = {item.id for item in _pack_items(content, Targets(), set())}
    ids |= {f"drill:{skill}" for skill in content.skills}
    ids |= {f"slot:{slot}" for slot in SLOTS}
    ids.add(ARTIFACT_PICK_ID)
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
    tried = Counter(tried_counts(attempts))
    items: list[Item] = []
    for weak_skill, days in zip(weak, DRILL_DAYS_BEFORE, strict=False):
        skill = weak_skill.skill
        name = content.skills[skill].name if skill in content.skills else skill
        scenario = _best_scenario(content, targets, skill, tried)
        stage: str | None
        if scenario is not None:
            action = Action(Do.DRILL_SCENARIO, scenario.id)
            stage = scenario.stage
            what = f"“{scenario.title}”"
        else:
            stage = _best_stage(content, skill)
            if stage is None:
                continue
            action = Action(Do.DRILL_STAGE, stage)
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
                action=action,
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
            action=Action(Do.ADD_STORY, slot),
            why="The mock debrief and the checklist point at empty slots until a story fills them.",
        )
        for slot in slots
    ]


# --- scheduling -------------------------------------------------------------------------------


PHASE: dict[str, int] = {
    "research": 0,
    "stories": 1,
    "artifacts": 1,
    "practice": 2,
    "compensation": 2,
    "questions-to-ask": 3,
    "logistics": 4,
}
"""Where a category sits in the prep weeks: research first, logistics last."""


def _schedule(checklist: Checklist, items: list[Item], interview: date) -> None:
    today = checklist.today
    per_day = checklist.per_day
    last_prep_day = max(today, interview - timedelta(days=1))
    natural = {item.id: interview - timedelta(days=item.due_days_before) for item in items}
    order = {item.id: index for index, item in enumerate(items)}

    def fixed_day(item: Item) -> date | None:
        if item.due_days_before < 0:
            return interview + timedelta(days=1)
        if item.category == "logistics" and item.due_days_before <= LOGISTICS_DAYS:
            return max(today, natural[item.id])
        return None

    flexible = [i for i in items if fixed_day(i) is None]
    # The day before belongs to logistics when there is any other day to work in.
    flex_last = last_prep_day - timedelta(days=1) if last_prep_day > today else last_prep_day
    checklist.compressed = any(natural[i.id] < today for i in flexible if not i.done)

    load: Counter[date] = Counter()
    placed: list[Item] = []
    for item in sorted(items, key=lambda i: (i.due_days_before, priority_key(i))):
        day = fixed_day(item)
        if day is None:
            continue
        if not item.done:
            if day <= last_prep_day:
                # More logistics than a day holds: the rest move a day or two earlier.
                day = _latest_free(load, day, today, per_day) or day
            load[day] += 1
        placed.append(replace(item, due=day, natural_due=day))
    room = sum(
        max(per_day - load[today + timedelta(days=n)], 0)
        for n in range((flex_last - today).days + 1)
    )
    open_flex = [i for i in flexible if not i.done]
    kept, dropped = _keep(open_flex, room, order)
    kept_ids = {i.id for i in kept}
    shown = [i for i in flexible if i.done or i.id in kept_ids]
    targets = _targets(shown, natural, today, flex_last, checklist.compressed, order)
    # Compressed, the plan is laid out in prep order; otherwise the most important item gets
    # its own date first.
    laying = (
        sorted(kept, key=lambda i: (targets[i.id], *_prep_rank(i, order)))
        if checklist.compressed
        else kept
    )
    for item in laying:
        target = targets[item.id]
        day = _nearest_free(load, target, today, flex_last, per_day)
        if day is None:  # pragma: no cover - _keep kept only what the room holds
            dropped.append(item)
            continue
        load[day] += 1
        placed.append(replace(item, due=day, natural_due=target))
    placed += [
        replace(item, due=targets[item.id], natural_due=targets[item.id])
        for item in flexible
        if item.done
    ]
    checklist.items = sorted(placed, key=_schedule_order)
    checklist.dropped = sorted(dropped, key=priority_key)
    if checklist.compressed or checklist.dropped:
        hint = (
            f"The interview is {in_days((interview - today).days)}: the plan is spread over the "
            f"days left, at most {per_day} a day"
        )
        if checklist.dropped:
            hint += f"; {plural(len(checklist.dropped), 'item')} only if time allows"
        checklist.hints.append(hint + ".")


def _keep(items: Sequence[Item], room: int, order: dict[str, int]) -> tuple[list[Item], list[Item]]:
    """Which open items fit in ``room``: each category keeps its share of the room (so research
    is not crowded out by everything ranked above it), its most important items first; the
    share left over by rounding goes to the most important categories."""
    if len(items) <= room:
        return list(items), []
    # Personal items (a drill for the weakest skill, an empty story slot, the artifact pick)
    # come first: they are what this user, not every user, still lacks.
    everyone = sorted((i for i in items if i.source != "pack"), key=priority_key)
    personal, spilled = everyone[:room], everyone[room:]
    room -= len(personal)
    items = [i for i in items if i.source == "pack"]
    by_category: dict[str, list[Item]] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)
    for group in by_category.values():
        group.sort(key=lambda i: (not i.weak_skill, order[i.id]))
    quota = {cat: room * len(group) // max(len(items), 1) for cat, group in by_category.items()}
    spare = room - sum(quota.values())
    for cat in sorted(by_category, key=lambda c: CATEGORY_PRIORITY.get(c, 99)):
        if spare <= 0:
            break
        if quota[cat] < len(by_category[cat]):
            quota[cat] += 1
            spare -= 1
    kept = personal + [i for cat, group in by_category.items() for i in group[: quota[cat]]]
    dropped = [i for cat, group in by_category.items() for i in group[quota[cat] :]]
    dropped += spilled
    return sorted(kept, key=priority_key), dropped


def _targets(
    items: Sequence[Item],
    natural: dict[str, date],
    first: date,
    last: date,
    spread: bool,
    order: dict[str, int],
) -> dict[str, date]:
    """Each item's target day: its own date, or, when the schedule is compressed, its place in
    the prep order spread evenly over ``first``..``last``."""
    if not spread:
        return {item.id: min(max(natural[item.id], first), last) for item in items}
    span = (last - first).days
    ranked = sorted(items, key=lambda i: _prep_rank(i, order))
    return {
        item.id: first + timedelta(days=index * (span + 1) // len(ranked))
        for index, item in enumerate(ranked)
    }


def _prep_rank(item: Item, order: dict[str, int]) -> tuple[int, int, int]:
    """Prep order: by phase, then the pack's own timing, then the pack's order."""
    return (PHASE.get(item.category, 2), -item.due_days_before, order[item.id])


def _latest_free(load: Counter[date], latest: date, earliest: date, per_day: int) -> date | None:
    day = latest
    while day >= earliest:
        if load[day] < per_day:
            return day
        day -= timedelta(days=1)
    return None


def _nearest_free(
    load: Counter[date], target: date, first: date, last: date, per_day: int
) -> date | None:
    """The free day nearest ``target``, the earlier one on a tie (sooner done is better)."""
    for distance in range((last - first).days + 1):
        for day in (target - timedelta(days=distance), target + timedelta(days=distance)):
            if first <= day <= last and load[day] < per_day:
                return day
    return None


def _schedule_order(item: Item) -> tuple[date, int, int, tuple[int, int, int, int, str]]:
    """By day, and within a day in prep order: research before stories before logistics, and
    within a category what the pack times earliest first (collect postings, then read them)."""
    return (
        item.due or date.max,
        PHASE.get(item.category, 2),
        -item.due_days_before,
        priority_key(item),
    )


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


@record(frozen=True)
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
