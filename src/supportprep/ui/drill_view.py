"""How a drill looks: the scenario, the anchors to score against, the result.

Every function returns a rich renderable (or Markdown text) built from ``Text`` objects, so pack
text is never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from supportprep.display import clock
from supportprep.packs.content import Content
from supportprep.packs.models import Calculation, Criterion, FollowUp, Scenario, Stage
from supportprep.practice.calibration import strongest_example
from supportprep.practice.injects import Arrival
from supportprep.practice.scoring import VERDICTS
from supportprep.practice.session import DrillOutcome
from supportprep.practice.timer import UNTIMED
from supportprep.practice.workforce import Checked, show
from supportprep.store.attempt import Attempt
from supportprep.ui.text import clean, plain

LEVEL_NAMES = {1: "weak", 2: "developing", 3: "solid", 4: "strong"}


def _bullets(items: Sequence[str | Text]) -> Table:
    """A bulleted list whose wrapped lines hang under the text, not under the bullet."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, width=3, justify="right")
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row("•", plain(item) if isinstance(item, str) else item)
    return grid


def scenario_panel(scenario: Scenario, stage: Stage, time_limit: int) -> Panel:
    meta = Text()
    meta.append(clean(stage.name), style="bold")
    to_answer = "untimed" if time_limit == UNTIMED else f"{clock(time_limit)} to answer"
    meta.append(f"  ·  {scenario.difficulty.value}  ·  {to_answer}")
    if scenario.industries:
        meta.append("  ·  " + clean(", ".join(scenario.industries)))
    body: list[RenderableType] = [meta, Text(), plain(scenario.prompt), Text()]
    body.append(Text("On the table", style="bold"))
    body.append(_bullets(list(scenario.context)))
    if scenario.follow_ups:
        count = len(scenario.follow_ups)
        probing = any(f.probes for f in scenario.follow_ups)
        body.append(Text())
        body.append(
            Text(
                f"The interviewer will follow up with {'up to ' if probing else ''}{count} "
                f"question{'s' if count > 1 else ''}.",
                style="dim",
            )
        )
    if scenario.calculations:
        count = len(scenario.calculations)
        body.append(
            Text(
                f"Then {count} calculation{'s' if count > 1 else ''} with a checked answer.",
                style="dim",
            )
        )
    return scenario_frame(scenario, body)


def scenario_frame(scenario: Scenario, body: list[RenderableType]) -> Panel:
    """The panel a scenario is shown in: its title above, its id below."""
    return Panel(
        Group(*body),
        title=Text(clean(scenario.title), style="bold"),
        title_align="left",
        subtitle=Text(scenario.id, style="dim"),
        subtitle_align="right",
        border_style="cyan",
    )


def _limit(seconds: int, untimed: bool) -> str:
    return "untimed" if untimed else clock(seconds)


def follow_up_panel(index: int, total: int, follow_up: FollowUp, *, untimed: bool = False) -> Panel:
    """``total`` 0: a follow-up beyond the planned ones (a "why?" or "one more")."""
    count = f"Follow-up {index} of {total}" if total else f"Follow-up {index}"
    return Panel(
        plain(follow_up.question),
        title=f"{count} · {_limit(follow_up.time_limit_seconds, untimed)}",
        title_align="left",
        border_style="magenta",
    )


def reflection_panel(question: str) -> Panel:
    """The stage's reflection question, offered once the drill is scored."""
    return Panel(
        plain(question), title="Reflection, no clock", title_align="left", border_style="cyan"
    )


def _who(arrival: Arrival) -> str:
    return f"{clean(arrival.inject.source)}: " if arrival.inject.source else ""


def inject_line(arrival: Arrival) -> Text:
    """An inject as it stays in the scrollback once the answer is in."""
    line = Text(f"▶ New at {clock(arrival.arrived_at_seconds)}  ", style="bold magenta")
    line.append(_who(arrival) + clean(arrival.inject.text))
    return line


def inject_panel(arrival: Arrival) -> Panel:
    """An inject handed over after the candidate submitted, before they react to it."""
    return Panel(
        plain(_who(arrival) + arrival.inject.text),
        title="Before you wrap up: new information",
        title_align="left",
        border_style="magenta",
    )


def calculation_panel(
    index: int, total: int, calculation: Calculation, *, untimed: bool = False
) -> Panel:
    unit = f" (in {clean(calculation.unit)})" if calculation.unit else ""
    tolerance = f"within {show(calculation.tolerance)}" if calculation.tolerance else "exactly"
    return Panel(
        Group(
            plain(calculation.question),
            Text(
                f"Answer{unit}; it counts {tolerance}. Work it out as you would on a whiteboard.",
                style="dim",
            ),
        ),
        title=f"Calculation {index} of {total} · {_limit(calculation.time_limit_seconds, untimed)}",
        title_align="left",
        border_style="blue",
    )


def calculation_result(checked: Checked) -> Panel:
    calculation = checked.calculation
    unit = f" {clean(calculation.unit)}" if calculation.unit else ""
    if checked.given is None:
        head = Text("Skipped", style="bold yellow")
    elif checked.correct:
        head = Text(f"✓ Right: {show(checked.given)}{unit}", style="bold green")
    else:
        head = Text(f"✗ Not within tolerance: {show(checked.given)}{unit}", style="bold red")
    head.append(f"  (expected {show(calculation.answer)}{unit}", style="dim")
    if calculation.tolerance:
        head.append(f" ± {show(calculation.tolerance)}", style="dim")
    head.append(")", style="dim")
    return Panel(
        Group(head, Text("The working", style="bold"), _bullets(checked.worked.steps)),
        title="Checked",
        title_align="left",
        border_style="green" if checked.correct else "red",
    )


def credit_line(inject_text: str) -> Text:
    line = Text("This criterion also credits how you reacted to: ", style="magenta")
    line.append(clean(inject_text))
    return line


def anchors_table(criterion: Criterion, index: int, total: int) -> Table:
    """The four level anchors of a criterion; ``total`` 0 leaves out "Criterion i of n"."""
    where = Text(f"Criterion {index} of {total}: " if total else "", style="bold")
    table = Table(
        title=where + plain(criterion.name),
        title_justify="left",
        show_header=False,
        expand=True,
    )
    table.add_column("level", no_wrap=True, style="bold", width=12)
    table.add_column("what the answer did", ratio=1)
    for level, anchor in criterion.levels.by_level().items():
        table.add_row(f"{level} {LEVEL_NAMES[level]}", plain(anchor))
    return table


def examples_panel(criterion: Criterion, examples: dict[int, str]) -> Panel:
    """An example answer at each level the packs have one for, on one criterion."""
    body: list[RenderableType] = []
    for level, answer in examples.items():
        if body:
            body.append(Text())
        body.append(Text(f"{level} {LEVEL_NAMES[level]}", style="bold"))
        body.append(plain(answer))
    return Panel(
        Group(*body),
        title=Text("Example answers by level: ", style="bold") + plain(criterion.name),
        title_align="left",
        border_style="blue",
    )


def _bar(value: float, width: int = 20) -> Text:
    filled = round(value / 100 * width)
    style = "green" if value >= 70 else ("yellow" if value >= 50 else "red")
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def answer_time(attempt: Attempt) -> str:
    """``1:52 of 3:00``; ``1:52 of your 2:00`` with a limit the user set; ``1:52, untimed``."""
    used = clock(attempt.duration_seconds)
    if attempt.timing == "untimed":
        return f"{used}, untimed"
    mine = "your " if attempt.timing == "custom" else ""
    return f"{used} of {mine}{clock(attempt.time_limit_seconds)}"


def result_view(content: Content, outcome: DrillOutcome) -> RenderableType:
    attempt = outcome.attempt
    scenario = outcome.scenario
    if attempt is None:
        return Text("Attempt discarded; nothing was saved.")
    timing = Text(f"Answer time {answer_time(attempt)}")
    if attempt.overtime_seconds:
        timing.append(f"  (+{clock(attempt.overtime_seconds)} over)", style="red")
    for i, follow_up in enumerate(attempt.follow_ups, start=1):
        timing.append(f"\nFollow-up {i}: {clock(follow_up.duration_seconds)}")
        if follow_up.overtime_seconds:
            timing.append(f" (+{clock(follow_up.overtime_seconds)} over)", style="red")
    result = outcome.result
    if result is None or attempt.score is None:
        return Group(
            Text("Partial attempt kept (not scored).", style="bold yellow"),
            timing,
        )

    header = Text()
    header.append(f"{attempt.score:.0f}/100", style="bold")
    header.append(f"  {attempt.verdict}")
    if result.penalty:
        header.append(
            f"  (rubric {result.base_score:.0f}, minus {result.penalty:.0f} for red flags)",
            style="dim",
        )

    criteria = Table(title="Your levels", title_justify="left", expand=False)
    criteria.add_column("criterion")
    criteria.add_column("skill", style="dim")
    criteria.add_column("level", justify="right")
    for c in attempt.criteria:
        criteria.add_row(plain(c.name), plain(_skill_name(content, c.skill)), f"{c.level}/4")

    skills = Table(show_header=False, box=None, padding=(0, 1))
    for skill, value in sorted(attempt.skill_scores.items(), key=lambda kv: kv[1]):
        skills.add_row(plain(_skill_name(content, skill)), _bar(value), f"{value:.0f}")

    parts: list[RenderableType] = [header, timing, Text(), criteria, Text()]
    room = attempt.room
    if room is not None and room.calculations:
        right = room.calculations_correct
        parts += [
            Text(
                f"Calculations: {right} of {len(room.calculations)} right (they count in the "
                "score)",
                style="bold",
            ),
            Text(),
        ]
    if room is not None and room.injects:
        parts.append(Text("New information during the answer", style="bold"))
        lines: list[str | Text] = []
        for inject in room.injects:
            line = Text(f"at {clock(inject.arrived_at_seconds)}: ")
            line.append(clean(inject.text))
            if inject.reacted is not None:
                line.append(
                    "  reacted" if inject.reacted else "  no reaction seen",
                    style="green" if inject.reacted else "yellow",
                )
            lines.append(line)
        parts += [_bullets(lines), Text()]
    parts += [Text("By skill", style="bold"), skills]
    if attempt.red_flags:
        parts += [Text(), Text("Red flags you ticked", style="bold red")]
        parts.append(_bullets(attempt.red_flags))
    insights = outcome.insights
    if insights is not None and insights.story:
        # A behavioural answer is the candidate's own story: judge its shape; the sample story
        # is one example of that shape, not the answer key.
        told = sum(p.present for p in insights.story)
        parts += [
            Text(),
            Text(f"Your story's shape: {told} of {len(insights.story)}", style="bold"),
        ]
        parts.append(_bullets([("✓ " if p.present else "✗ ") + p.name for p in insights.story]))
        parts += [
            Text(),
            Text("An example of a strong story (yours will differ)", style="bold"),
        ]
    else:
        parts += [Text(), Text("What a strong answer makes sure to do", style="bold")]
    parts.append(_bullets(scenario.point_texts()))
    strong = strongest_example(content, scenario)
    if strong is not None:
        parts += [Text(), Text("What a 4 looked like", style="bold")]
        parts.append(Padding(plain(strong.answer), (0, 0, 0, 2)))
    if result.fixes:
        parts += [Text(), Text("What to fix first", style="bold")]
        fixes: list[str | Text] = []
        for fix in result.fixes:
            line = Text(clean(fix.criterion.name), style="bold")
            line.append(f" (you gave {fix.level}/4): ", style="not bold")
            line.append(clean(fix.criterion.advice), style="not bold")
            fixes.append(line)
        parts.append(_bullets(fixes))
    if outcome.calibration:
        parts += [Text(), Text("Calibration", style="bold yellow"), Text(outcome.calibration)]
    return Panel(Group(*parts), title="Result", title_align="left", border_style="green")


def verdict_legend() -> str:
    return ", ".join(f"{name} {int(t)}+" for t, name in VERDICTS)


def _skill_name(content: Content, skill: str) -> str:
    found = content.skills.get(skill)
    return found.name if found else skill
