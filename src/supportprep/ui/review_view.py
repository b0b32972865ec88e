"""Views for looking back: one attempt whole (``history show``), two side by side
(``history compare``)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from supportprep.display import clock, local_day, local_time
from supportprep.packs.content import Content
from supportprep.practice.review import Change, Comparison, short_id
from supportprep.store.attempt import Attempt
from supportprep.ui.drill_view import answer_time
from supportprep.ui.text import clean, plain

LEVELS = 4


def _finding_name(content: Content, code: str) -> str:
    rule = content.insights.get(code)
    return rule.name if rule is not None else code


def _skill_name(content: Content, skill: str) -> str:
    found = content.skills.get(skill)
    return found.name if found is not None else skill


def _score(attempt: Attempt) -> str:
    if attempt.partial or attempt.score is None:
        return "partial" if attempt.partial else "unscored"
    verdict = f" {attempt.verdict}" if attempt.verdict else ""
    return f"{attempt.score:.0f}/100{verdict}"


def render_attempt(console: Console, content: Content, attempt: Attempt) -> None:
    title = plain(attempt.scenario_title)
    title.stylize("bold")
    console.print(title)
    when = f"{local_day(attempt.started_at)} {local_time(attempt.started_at)}"
    facts = (
        f"{when} · {clean(attempt.stage)} · {attempt.mode} · {_score(attempt)} · "
        f"{answer_time(attempt)}"
    )
    if attempt.overtime_seconds > 0:
        facts += f" (+{clock(attempt.overtime_seconds)} over on the answer)"
    console.print(Text(facts, style="dim"))
    console.print(Text(f"id {attempt.id}", style="dim"))
    answer = plain(attempt.answer) if attempt.answer else Text("(answer not saved)", style="dim")
    console.print(Panel(answer, title="Your answer", title_align="left", box=box.ROUNDED))
    for number, follow in enumerate(attempt.follow_ups, 1):
        body = plain(follow.answer) if follow.answer else Text("(no answer)", style="dim")
        over = f", +{clock(follow.overtime_seconds)} over" if follow.overtime_seconds > 0 else ""
        console.print(
            Panel(
                body,
                title=Text(f"Follow-up {number}: ") + plain(follow.question),
                subtitle=f"{clock(follow.duration_seconds)}{over}",
                title_align="left",
                box=box.ROUNDED,
            )
        )
    if attempt.criteria:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title="Scores", title_justify="left")
        table.add_column("criterion", ratio=1, overflow="fold")
        table.add_column("skill", no_wrap=True)
        table.add_column("level", no_wrap=True, justify="right")
        for criterion in attempt.criteria:
            table.add_row(
                plain(criterion.name),
                plain(_skill_name(content, criterion.skill)),
                f"{criterion.level}/{LEVELS}",
            )
        console.print(table)
    insights: list[str] = []
    if attempt.coverage is not None:
        insights.append(f"talking-point coverage {attempt.coverage:.0%}")
    insights += [_finding_name(content, code) for code in attempt.findings]
    if insights:
        console.print(Text("Insights: ", style="bold") + plain("; ".join(insights)))
    if attempt.red_flags:
        console.print(Text("Red flags: ", style="bold red") + plain("; ".join(attempt.red_flags)))
    console.print(
        Text(
            f"Compare with the attempt before: supportprep history compare {short_id(attempt)}",
            style="dim",
        )
    )


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return clock(value)
    if unit == "%":
        return f"{value:.0%}"
    return f"{value:.0f}"


def _delta(change: Change, unit: str, *, higher_is_better: bool = True) -> Text:
    delta = change.delta
    if delta is None or abs(delta) < 1e-9:
        return Text("=" if delta is not None else "", style="dim")
    better = (delta > 0) == higher_is_better
    if unit == "s":
        shown = f"{'+' if delta > 0 else '-'}{clock(abs(delta))}"
    elif unit == "%":
        shown = f"{delta:+.0%}"
    else:
        shown = f"{delta:+.0f}"
    return Text(shown, style="green" if better else "red")


def render_comparison(console: Console, content: Content, comparison: Comparison) -> None:
    earlier, later = comparison.earlier, comparison.later
    title = Text("What changed since last time: ", style="bold") + plain(later.scenario_title)
    console.print(title)
    console.print(
        Text(
            f"{local_day(earlier.started_at)} ({short_id(earlier)}) → "
            f"{local_day(later.started_at)} ({short_id(later)}) · "
            f"{comparison.attempts_of_scenario} attempts of this scenario",
            style="dim",
        )
    )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", ratio=1, overflow="fold")
    table.add_column("before", justify="right", no_wrap=True)
    table.add_column("now", justify="right", no_wrap=True)
    table.add_column("change", justify="right", no_wrap=True)

    def row(label: Text | str, change: Change, unit: str = "", higher: bool = True) -> None:
        table.add_row(
            label,
            _number(change.before, unit),
            _number(change.after, unit),
            _delta(change, unit, higher_is_better=higher),
        )

    row(Text("Score", style="bold"), comparison.score)
    for change in comparison.criteria:
        row(plain(change.label), change)
    table.add_section()
    for change in comparison.skills:
        row(plain(_skill_name(content, change.label)), change)
    table.add_section()
    for change in comparison.timing:
        if change.label == "answer time (s)":
            row("Answer time", change, "s", higher=False)
        elif change.label == "overtime (s)":
            row("Overtime", change, "s", higher=False)
        elif change.label == "talking-point coverage":
            row("Talking-point coverage", change, "%")
        else:
            row(change.label.capitalize(), change)
    console.print(table)
    if comparison.findings_gone:
        gone = "; ".join(_finding_name(content, f) for f in comparison.findings_gone)
        console.print(Text("Fixed since last time: ", style="green") + plain(gone))
    if comparison.findings_new:
        new = "; ".join(_finding_name(content, f) for f in comparison.findings_new)
        console.print(Text("New this time: ", style="yellow") + plain(new))
    console.print(
        Text(
            f"Both answers in full: supportprep history show {short_id(earlier)}, "
            f"supportprep history show {short_id(later)}",
            style="dim",
        )
    )
