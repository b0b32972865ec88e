"""How a mock loop looks: the plan, what it will take before it starts, and the debrief (on the
terminal and as Markdown).

Pack text (stage names, scenario titles, advice) and the profile's company are data: built into
``Text`` objects or escaped for Markdown, never read as markup.
"""

from __future__ import annotations

from datetime import datetime

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from supportprep.display import clock, local_day, local_time, plural
from supportprep.packs.content import Content
from supportprep.practice.debrief import BORDERLINE, LIKELY_HIRE, CostMost, Debrief, StageRow
from supportprep.practice.mock import MockPlan
from supportprep.store.mock_loop import LoopState
from supportprep.ui.commands import command
from supportprep.ui.drill_view import _bullets
from supportprep.ui.drill_view import _skill_name as skill_name
from supportprep.ui.text import clean, plain

STATUS_WORDS = {
    "partial": "partial",
    "skipped": "skipped",
    "stopped": "stopped",
    "not reached": "not reached",
}
VERDICT_STYLES = {LIKELY_HIRE: "bold green", BORDERLINE: "bold yellow"}


def minutes(seconds: float) -> str:
    """A planned length as people say it: "about 25 min", "about 1 h 05 min"."""
    total = max(1, round(seconds / 60))
    hours, mins = divmod(total, 60)
    return f"about {hours} h {mins:02d} min" if hours else f"about {mins} min"


def _debrief_title(debrief: Debrief) -> str:
    return f"{debrief.title}: debrief" if debrief.company else "Mock loop debrief"


def _score_cell(row: StageRow) -> str:
    return f"{row.score:.0f}" if row.score is not None else STATUS_WORDS.get(row.status, row.status)


def _verdict_lines(debrief: Debrief) -> list[Text]:
    if debrief.verdict is None:
        left = f"{debrief.stages_left} of {plural(len(debrief.rows), 'stage')}"
        line = Text("No verdict yet: ", style="bold")
        line.append(
            f"{left} not done. `supportprep mock --resume` runs "
            f"{'it' if debrief.stages_left == 1 else 'them'}, then the loop gets its verdict."
        )
        lines = [line]
        if debrief.average is not None:
            lines.append(Text(f"Scored so far: average {debrief.average:.0f}/100"))
        return lines
    line = Text("Verdict: ", style="bold")
    line.append(debrief.verdict, style=VERDICT_STYLES.get(debrief.verdict, "bold red"))
    assert debrief.loop_score is not None
    line.append(f"  (the loop averages {debrief.loop_score:.0f}/100)")
    return [line, Text(debrief.verdict_rule, style="dim")]


def _cost_line(cost: CostMost) -> Text:
    line = Text("Cost most: ", style="bold red")
    line.append(clean(cost.stage_name), style="bold")
    line.append(f" ({clean(cost.scenario_id)}), {cost.gap:.0f} under the bar. Fix: ")
    line.append(clean(cost.fix))
    if cost.action is not None:
        line.append(f" with `{command(cost.action)}`")
    return line


def debrief_view(content: Content, debrief: Debrief) -> RenderableType:
    table = Table(title=plain(_debrief_title(debrief)), title_justify="left", box=box.SIMPLE_HEAD)
    # The scenario id sits under the stage name, so neither is cut to fit 80 columns: the id is
    # what `drill --scenario` takes.
    table.add_column("stage / scenario", overflow="fold")
    table.add_column("score", justify="right", no_wrap=True, min_width=5)
    table.add_column("used", justify="right", no_wrap=True, min_width=11)
    table.add_column("over", justify="right", no_wrap=True, min_width=5)
    for row in debrief.rows:
        cell = plain(row.stage_name)
        cell.append("\n" + clean(row.scenario_id), style="dim")
        used = (
            f"{clock(row.duration_seconds)}/{clock(row.time_limit_seconds)}"
            if row.duration_seconds
            else f"-/{clock(row.time_limit_seconds)}"
        )
        over = Text(
            f"+{clock(row.overtime_seconds)}" if row.overtime_seconds else "-",
            style="red" if row.overtime_seconds else "",
        )
        score = Text(_score_cell(row), style="" if row.score is not None else "yellow")
        table.add_row(cell, score, used, over)
    parts: list[RenderableType] = [table, *_verdict_lines(debrief)]
    if debrief.cost_most is not None:
        parts.append(_cost_line(debrief.cost_most))
    if debrief.strongest or debrief.weakest:
        parts.append(Text())
    if debrief.strongest:
        names = ", ".join(skill_name(content, s) for s in debrief.strongest)
        parts.append(Text("Strongest: ", style="green") + plain(names))
    if debrief.weakest:
        names = ", ".join(skill_name(content, s) for s in debrief.weakest)
        parts.append(Text("Weakest:   ", style="red") + plain(names))
    if debrief.advice:
        parts += [Text(), Text("What to fix", style="bold")]
        parts.append(_bullets([a.text for a in debrief.advice]))
    if debrief.drill_next:
        parts += [Text(), Text("Drill next", style="bold")]
        parts.append(
            _bullets([f"supportprep drill --scenario {sid}" for sid in debrief.drill_next])
        )
    if debrief.story_gaps:
        parts += [Text(), Text("Story bank gaps", style="bold")]
        parts.append(_bullets(debrief.story_gaps))
    return Group(*parts)


def _plan_table(plan: MockPlan, title: str | None, first_number: int = 1) -> Table:
    table = Table(title=plain(title) if title else None, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("stage", overflow="fold", max_width=20)
    table.add_column("scenario", overflow="fold")
    table.add_column("time", justify="right", no_wrap=True)
    for number, planned in enumerate(plan.stages, start=first_number):
        scenario = plain(planned.scenario.title)
        detail = f"\n{clean(planned.scenario.id)}"
        if planned.fit != "resumed":
            detail += f" · {clean(planned.fit)}"
        scenario.append(detail, style="dim")
        time = "untimed" if planned.untimed else clock(planned.answer_seconds)
        if planned.follow_up_seconds:
            time += f" + {clock(planned.follow_up_seconds)}"
        table.add_row(str(number), plain(planned.stage.name), scenario, time)
    return table


def _total_line(plan: MockPlan) -> Text:
    reading = any(p.reading_seconds for p in plan.stages)
    scoring = sum(p.scoring_seconds for p in plan.stages)
    untimed = any(p.untimed for p in plan.stages)
    total = Text(f"Total {minutes(plan.total_seconds)}", style="bold")
    if untimed:
        total.append(" + your untimed answers", style="bold")
    total.append(
        (" (follow-ups" if untimed else " (answers + follow-ups")
        + (" + reading time" if reading else "")
        + f", and {minutes(scoring)} to score yourself and read the results)"
    )
    return total


def mock_plan_view(plan: MockPlan) -> RenderableType:
    """``mock --plan``: the stages in order, the scenario each runs, and the time it takes."""
    total = _total_line(plan)
    total.append(". Start it with `supportprep mock`.")
    return Group(_plan_table(plan, "Mock loop plan"), total)


def loop_intro_view(
    plan: MockPlan, *, company: str | None = None, resumed: LoopState | None = None
) -> RenderableType:
    """What ``mock`` shows before the first stage: the stages in order and the time they take
    in all; for a resumed loop, the stages left."""
    name = f"Mock loop for {' '.join(company.split())}" if company else "Mock loop"
    count = len(plan.stages)
    if resumed is None:
        head = f"{name}: {plural(count, 'stage')} back to back"
        first = 1
    else:
        total = len(resumed.stages)
        first = total - count + 1
        head = (
            f"Resuming the {name[0].lower() + name[1:]} from {_when(resumed.started_at)}: "
            f"{plural(count, 'stage')} of {total} left"
        )
    return Group(plain(head + "."), _plan_table(plan, None, first), _total_line(plan))


def _when(moment: datetime) -> str:
    return f"{local_day(moment)} {local_time(moment)}"


def resume_question(loop: LoopState, total_left: int) -> str:
    """The offer of a saved loop: "Resume the loop from <date>, stage 3 of 6?"."""
    index = loop.next_index
    number = (index if index is not None else len(loop.stages)) + 1
    left = plural(total_left, "stage")
    return (
        f"Resume the mock loop from {_when(loop.started_at)}, stage {number} of "
        f"{len(loop.stages)} ({left} left)?"
    )


def resume_hint(loop: LoopState) -> Text:
    """The home screen's line for an unfinished loop."""
    index = loop.next_index
    number = (index if index is not None else len(loop.stages)) + 1
    line = Text("Unfinished mock loop ", style="bold")
    line.append(
        f"from {_when(loop.started_at)}: stage {number} of {len(loop.stages)} is next. "
        "Carry on with `supportprep mock --resume`."
    )
    return line


def debrief_markdown(content: Content, debrief: Debrief, when: str) -> str:
    lines = [f"# {_md(_debrief_title(debrief))} ({when})", ""]
    lines += [
        "| stage | scenario | score | time used | overtime |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in debrief.rows:
        used = (
            f"{clock(row.duration_seconds)} of {clock(row.time_limit_seconds)}"
            if row.duration_seconds
            else f"- of {clock(row.time_limit_seconds)}"
        )
        lines.append(
            f"| {_md(row.stage_name)} | {_md(row.scenario_title)} (`{row.scenario_id}`) "
            f"| {_score_cell(row)} | {used}"
            f" | {clock(row.overtime_seconds) if row.overtime_seconds else '-'} |"
        )
    lines.append("")
    if debrief.verdict is not None and debrief.loop_score is not None:
        lines += [
            f"**Verdict:** {debrief.verdict} (the loop averages {debrief.loop_score:.0f}/100)",
            "",
            f"*{debrief.verdict_rule}*",
            "",
        ]
    else:
        lines += [
            f"**No verdict yet:** {debrief.stages_left} of "
            f"{plural(len(debrief.rows), 'stage')} not done; `supportprep mock --resume` runs "
            "the rest.",
            "",
        ]
        if debrief.average is not None:
            lines += [f"**Scored so far:** average {debrief.average:.0f}/100", ""]
    cost = debrief.cost_most
    if cost is not None:
        lines += [
            f"**Cost most:** {_md(cost.stage_name)} (`{cost.scenario_id}`), {cost.gap:.0f} "
            f"under the bar. Fix: {_md(cost.fix)}"
            + (f" with `{command(cost.action)}`" if cost.action is not None else ""),
            "",
        ]
    if debrief.skills:
        lines += ["## Skills", ""]
        for skill, value in sorted(debrief.skills.items(), key=lambda kv: -kv[1]):
            lines.append(f"- {_md(skill_name(content, skill))}: {value:.0f}")
        lines.append("")
        strongest = ", ".join(skill_name(content, s) for s in debrief.strongest) or "-"
        weakest = ", ".join(skill_name(content, s) for s in debrief.weakest) or "-"
        lines += [f"Strongest: {_md(strongest)}. Weakest: {_md(weakest)}.", ""]
    if debrief.advice:
        lines += ["## What to fix", ""]
        lines += [f"- {_md(a.text)}" for a in debrief.advice]
        lines.append("")
    if debrief.drill_next:
        lines += ["## Drill next", ""]
        lines += [f"- `supportprep drill --scenario {sid}`" for sid in debrief.drill_next]
        lines.append("")
    if debrief.story_gaps:
        lines += ["## Story bank gaps", ""]
        lines += [f"- {_md(gap)}" for gap in debrief.story_gaps]
        lines.append("")
    return "\n".join(lines)


def _md(text: str) -> str:
    return clean(text).replace("|", "\\|").replace("\n", " ")
