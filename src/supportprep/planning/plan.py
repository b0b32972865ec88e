"""Which 30/60/90 plan to show, its shape in time, and the plan as Markdown or JSON.

The choice: plans of the asked kind that apply to the role; among them one written for the
industry when there is one, else the role's general plan (no industries), else an error naming
what exists. A plan written for the role wins over one for every role.

The shape: a first-90-days plan always runs over 90 days. A job-search plan with an interview
date less than 90 days away is squeezed into the days left: its first two phases share the days
before the interview and the third (debriefs, offers, further applications) comes after it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import Any

from supportprep.display import in_days, plural
from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Phase, Plan, PlanKind, jsonable
from supportprep.records import record
from supportprep.targets import FieldError, Targets, UnknownChoice, applies
from supportprep.text import terminal_safe

PLAN_KINDS: tuple[str, ...] = tuple(kind.value for kind in PlanKind)
DEFAULT_KIND = PlanKind.FIRST_90_DAYS.value

SECTIONS: tuple[tuple[str, str], ...] = (
    ("goals", "Goals"),
    ("actions", "Actions"),
    ("artifacts", "Artifacts"),
    ("success_signs", "Signs of success"),
)


AFTER_THE_INTERVIEW = "After the interview"


@record(frozen=True)
class PlanChoice:
    plan: Plan
    kind: str
    role: str | None
    industry: str | None
    industry_specific: bool
    note: str | None = None
    """Why this plan, when it is not exactly what was asked for."""
    choose_industry: bool = False
    """The plan is written for an industry the user did not name: naming one would choose."""
    company: str | None = None
    days_left: int | None = None
    """Days to the interview when the plan is fitted to them (a job-search plan under 90 days)."""

    @property
    def fitted(self) -> bool:
        return self.days_left is not None

    @property
    def title(self) -> str:
        """The plan's title, naming the company and the interview when they shape the plan."""
        if self.fitted:
            assert self.days_left is not None
            where = f"the {self.company} interview" if self.company else "your interview"
            return f"Ready for {where} {in_days(self.days_left)}"
        if self.company:
            return f"30/60/90 plan for {self.company}: {self.plan.title}"
        return self.plan.title

    @property
    def spans(self) -> tuple[str, str, str]:
        """What each phase's heading says about when it happens."""
        if self.days_left is None:
            return ("Days 1-30", "Days 31-60", "Days 61-90")
        return (*_before_the_interview(self.days_left), AFTER_THE_INTERVIEW)

    @property
    def summary(self) -> str:
        """The plan's own summary, or, when fitted to the interview, what its phases became: the
        pack's summary speaks of months, which would contradict the days shown."""
        if self.days_left is None:
            return self.plan.summary
        first, second = _before_the_interview(self.days_left)
        left = plural(self.days_left, "day") if self.days_left else "no days"
        return (
            f"Your interview is {in_days(self.days_left)}, so this plan's three months become "
            f"{left} of preparation: {first.lower()} for the first phase's material, "
            f"{second.lower()} for drilling it under time, and the third phase for after the "
            "interview (the debrief, the offer conversation, and applications that fit)."
        )


def _before_the_interview(days_left: int) -> tuple[str, str]:
    """The headings of the two phases that share the days before the interview; today is day 1."""
    if days_left <= 0:
        return ("Before the interview", "Before the interview")
    if days_left == 1:
        return ("Today", "Today")
    half = (days_left + 1) // 2
    first = "Day 1" if half == 1 else f"Days 1-{half}"
    second = f"Day {days_left}" if half + 1 == days_left else f"Days {half + 1}-{days_left}"
    return (first, second)


def check_kind(kind: str) -> str:
    if kind not in PLAN_KINDS:
        raise UnknownChoice(
            "kind", f"unknown kind '{kind}'; choose one of: {', '.join(PLAN_KINDS)}"
        )
    return kind


def pick_plan(
    content: Content,
    kind: str,
    targets: Targets,
    *,
    days_left: int | None = None,
    company: str | None = None,
) -> PlanChoice:
    """The plan of ``kind`` that best fits the target role and industry, titled for ``company``
    and, for a job-search plan, fitted to ``days_left`` to the interview when under 90."""
    choice = _pick(content, kind, targets)
    fit = (
        days_left
        if kind == PlanKind.JOB_SEARCH.value and days_left is not None and 0 <= days_left < 90
        else None
    )
    name = " ".join(company.split()) if company else None
    return replace(choice, company=name or None, days_left=fit)


def _pick(content: Content, kind: str, targets: Targets) -> PlanChoice:
    check_kind(kind)
    of_kind = [p for p in content.plans.values() if p.kind.value == kind]
    if not of_kind:
        raise UserError(f"no {kind} plan in the loaded packs; add one to a pack")
    role = targets.role
    if role is not None:
        candidates = [p for p in of_kind if applies(p.roles, role)]
        if not candidates:
            raise FieldError(
                "role", f"no {kind} plan for '{role}'; roles with one: " + _roles_with(of_kind)
            )
    else:
        candidates = [p for p in of_kind if not p.roles]
        if not candidates:
            raise FieldError(
                "role",
                "which role? give one, or set it in your profile; "
                f"roles with a {kind} plan: " + _roles_with(of_kind),
            )
    # A plan written for the role before one written for every role; then pack order.
    candidates.sort(key=lambda p: 0 if role is not None and role in p.roles else 1)
    industry = targets.industry
    general = [p for p in candidates if not p.industries]
    if industry is not None:
        specific = [p for p in candidates if industry in p.industries]
        if specific:
            return PlanChoice(specific[0], kind, role, industry, industry_specific=True)
        if general:
            return PlanChoice(
                general[0],
                kind,
                role,
                industry,
                industry_specific=False,
                note=(
                    f"No {kind} plan is written for {_industry_name(content, industry)} yet, "
                    f"so this is the general {_role_name(content, role)} plan."
                ),
            )
        written_for = sorted({i for p in candidates for i in p.industries})
        raise FieldError(
            "industry",
            f"no {kind} plan for '{industry}'"
            + (f" and role '{role}'" if role else "")
            + "; industries with one: "
            + ", ".join(written_for),
        )
    if general:
        return PlanChoice(general[0], kind, role, None, industry_specific=False)
    plan = candidates[0]
    return PlanChoice(
        plan,
        kind,
        role,
        None,
        industry_specific=True,
        note=f"No general {kind} plan; this one is written for {', '.join(plan.industries)}.",
        choose_industry=True,
    )


def _industry_name(content: Content, industry: str) -> str:
    known = content.industries.get(industry)
    return known.name if known else industry


def _role_name(content: Content, role: str | None) -> str:
    known = content.roles.get(role) if role else None
    return known.name if known else (role or "every-role")


def _roles_with(plans: list[Plan]) -> str:
    roles = sorted({r for p in plans for r in p.roles})
    return ", ".join(roles) if roles else "(plans for every role only)"


def phase_heading(choice: PlanChoice, index: int) -> str:
    return f"{choice.spans[index]}: {choice.plan.phases[index].title}"


def phase_sections(phase: Phase) -> list[tuple[str, list[str]]]:
    return [(label, list(getattr(phase, name))) for name, label in SECTIONS]


def plan_to_jsonable(choice: PlanChoice) -> dict[str, Any]:
    return {
        "kind": choice.kind,
        "role": choice.role,
        "industry": choice.industry,
        "industry_specific": choice.industry_specific,
        "note": choice.note,
        "company": choice.company,
        "title": choice.title,
        "days_left": choice.days_left,
        "phase_spans": list(choice.spans),
        "plan": jsonable(choice.plan),
    }


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Pack text as Markdown that shows literally, without terminal control codes."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(terminal_safe(text).split()))


def plan_to_markdown(choice: PlanChoice) -> str:
    """The plan as Markdown: a title, the summary, then one ``##`` heading per phase."""
    plan = choice.plan
    lines = [f"# {_md(choice.title)}", "", _md(choice.summary), ""]
    meta = [choice.kind]
    if choice.role:
        meta.append(f"role: {choice.role}")
    if choice.industry:
        meta.append(f"industry: {choice.industry}")
    lines.append("*" + _md(" · ".join(meta)) + "*")
    if choice.note:
        lines += ["", f"> {_md(choice.note)}"]
    for index, phase in enumerate(plan.phases):
        lines += ["", f"## {_md(phase_heading(choice, index))}"]
        for label, entries in phase_sections(phase):
            lines += ["", f"### {label}", ""]
            lines += [f"- {_md(entry)}" for entry in entries]
    return "\n".join(lines) + "\n"


# --- the spoken version -------------------------------------------------------------------------

SPOKEN_WORDS_PER_MINUTE = 140
"""A calm interview pace; 250-300 words is then about two minutes."""
SPOKEN_TARGET_WORDS = (250, 300)

_LEADS = ("In the first 30 days", "In days 31 to 60", "By day 90")
_CHECKS = ("By day 30", "By day 60", "At the 90-day mark")
_YOUR = re.compile(r"\b(your|yours|yourself)\b", re.IGNORECASE)
_FIRST_PERSON = {"your": "my", "yours": "mine", "yourself": "myself"}
_YOU = re.compile(r"\byou\b", re.IGNORECASE)


@record(frozen=True)
class SpokenPlan:
    """The first-90-days plan as something to say aloud: one paragraph to open, one per phase,
    one to close."""

    choice: PlanChoice
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def seconds(self) -> int:
        return round(self.words / SPOKEN_WORDS_PER_MINUTE * 60)

    def to_jsonable(self) -> dict[str, Any]:
        return {
            "kind": self.choice.kind,
            "role": self.choice.role,
            "industry": self.choice.industry,
            "company": self.choice.company,
            "plan_id": self.choice.plan.id,
            "words": self.words,
            "seconds": self.seconds,
            "paragraphs": list(self.paragraphs),
        }


def _spoken(text: str, keep_case: frozenset[str]) -> str | None:
    """A plan line in the candidate's own voice, or None when it cannot be turned safely.

    Plan lines are imperatives ("Audit 50 tickets") or statements ("Your director can recite
    ..."), so "your" becomes "my" and the verb follows "I'd". A line that still says "you" would
    need grammar to turn ("without you chasing them"), so it is left out rather than mangled.
    """
    line = " ".join(terminal_safe(text).split()).rstrip(".;:, ")
    line = _YOUR.sub(lambda m: _FIRST_PERSON[m.group(1).lower()], line)
    if not line or _YOU.search(line):
        return None
    first, _, rest = line.partition(" ")
    # "Audit" reads "audit" mid-sentence, but "Monday", "Ravi" or "QA" keep their case: a word
    # keeps its capital when the plan itself capitalises it mid-sentence, or when it has more
    # than one.
    if first not in keep_case and first[1:] == first[1:].lower():
        line = f"{first[:1].lower()}{first[1:]} {rest}".rstrip()
    return line


def _capitalised_words(plan: Plan) -> frozenset[str]:
    """Words the plan writes with a capital in the middle of a sentence: names, days, tools."""
    texts = [plan.summary] + [
        line for phase in plan.phases for _, entries in phase_sections(phase) for line in entries
    ]
    found: set[str] = set()
    for text in texts:
        words = text.split()
        for before, word in itertools.pairwise(words):
            word = word.strip("\"'(),;:")
            if word[:1].isupper() and not before.endswith((".", "!", "?", ":", '"')):
                found.add(word)
    return frozenset(found)


def _pick_line(entries: list[str], most_words: int, keep_case: frozenset[str]) -> str | None:
    """The first line that turns into the first person within ``most_words``; else the shortest
    that turns at all."""
    turned = [line for line in (_spoken(entry, keep_case) for entry in entries) if line]
    for line in turned:
        if len(line.split()) <= most_words:
            return line
    return min(turned, key=lambda line: len(line.split()), default=None)


def spoken_plan(choice: PlanChoice, content: Content) -> SpokenPlan:
    """A two-minute answer to "what would your first 90 days look like?", built from the plan:
    each phase's title, one action and one sign of success, in the first person."""
    if choice.kind != PlanKind.FIRST_90_DAYS.value:
        raise FieldError(
            "kind",
            f"the spoken version answers the first-90-days question; a {choice.kind} plan is "
            "yours to follow, not to say aloud",
        )
    role = _role_name(content, choice.role) if choice.role else None
    job = f"as {_article(role)} {role}" if role else "in this role"
    at = f" at {choice.company}" if choice.company else ""
    keep_case = _capitalised_words(choice.plan)
    paragraphs = [
        f"Here is how I would spend my first 90 days {job}{at}: in three steps, each with "
        "something to show for it."
    ]
    for index, phase in enumerate(choice.plan.phases):
        # The phase's title says what it is about; a title that would need grammar to turn
        # gives way to the phase's first goal that turns.
        lead = _spoken(phase.title, keep_case) or _pick_line(phase.goals, 30, keep_case)
        action = _pick_line(phase.actions, 40, keep_case)
        first = lead or action or " ".join(phase.title.split())
        sentences = [f"{_LEADS[index]}, I would {first}."]
        if lead and action:
            sentences.append(f"Concretely, I would {action}.")
        sign = _pick_line(phase.success_signs, 30, keep_case)
        if sign:
            sentences.append(f"{_CHECKS[index]}, I would know it is working if {sign}.")
        paragraphs.append(" ".join(sentences))
    paragraphs.append(
        "At each step I would share what I found with my manager and change the plan where "
        "the evidence says so."
    )
    return SpokenPlan(choice, tuple(paragraphs))


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"
