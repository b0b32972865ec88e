"""Which 30/60/90 plan to show, and the plan as Markdown or JSON.

The choice: plans of the asked kind that apply to the role; among them one written for the
industry when there is one, else the role's general plan (no industries), else an error naming
what exists. A plan written for the role wins over one for every role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from supportprep.errors import UserError
from supportprep.packs.content import Content
from supportprep.packs.models import Phase, Plan, PlanKind, jsonable
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


@dataclass(frozen=True)
class PlanChoice:
    plan: Plan
    kind: str
    role: str | None
    industry: str | None
    industry_specific: bool
    note: str | None = None
    """Why this plan, when it is not exactly what was asked for."""


def check_kind(kind: str) -> str:
    if kind not in PLAN_KINDS:
        raise UnknownChoice(
            "kind", f"unknown kind '{kind}'; choose one of: {', '.join(PLAN_KINDS)}"
        )
    return kind


def pick_plan(content: Content, kind: str, targets: Targets) -> PlanChoice:
    """The plan of ``kind`` that best fits the target role and industry."""
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
                    f"No {kind} plan written for {_industry_name(content, industry)} yet; "
                    "this is the general one."
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
        note=(
            f"No general {kind} plan; this one is written for {', '.join(plan.industries)}. "
            "Pass --industry to choose."
        ),
    )


def _industry_name(content: Content, industry: str) -> str:
    known = content.industries.get(industry)
    return known.name if known else industry


def _roles_with(plans: list[Plan]) -> str:
    roles = sorted({r for p in plans for r in p.roles})
    return ", ".join(roles) if roles else "(plans for every role only)"


def phase_heading(phase: Phase) -> str:
    return f"Days {phase.days - 29}-{phase.days}: {phase.title}"


def phase_sections(phase: Phase) -> list[tuple[str, list[str]]]:
    return [(label, list(getattr(phase, name))) for name, label in SECTIONS]


def plan_to_jsonable(choice: PlanChoice) -> dict[str, Any]:
    return {
        "kind": choice.kind,
        "role": choice.role,
        "industry": choice.industry,
        "industry_specific": choice.industry_specific,
        "note": choice.note,
        "plan": jsonable(choice.plan),
    }


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Pack text as Markdown that shows literally, without terminal control codes."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(terminal_safe(text).split()))


def plan_to_markdown(choice: PlanChoice) -> str:
    """The plan as Markdown: a title, the summary, then one ``##`` heading per phase."""
    plan = choice.plan
    lines = [f"# {_md(plan.title)}", "", _md(plan.summary), ""]
    meta = [choice.kind]
    if choice.role:
        meta.append(f"role: {choice.role}")
    if choice.industry:
        meta.append(f"industry: {choice.industry}")
    lines.append("*" + _md(" · ".join(meta)) + "*")
    if choice.note:
        lines += ["", f"> {_md(choice.note)}"]
    for phase in plan.phases:
        lines += ["", f"## {_md(phase_heading(phase))}"]
        for label, entries in phase_sections(phase):
            lines += ["", f"### {label}", ""]
            lines += [f"- {_md(entry)}" for entry in entries]
    return "\n".join(lines) + "\n"
