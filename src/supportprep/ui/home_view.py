"""The home screen: everything for today on one screen that fits 80 columns by 24 lines."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from supportprep.display import BAR_EMPTY, BAR_FULL, bar_cells, in_days, local_day
from supportprep.packs.content import Content
from supportprep.planning.home import Home, SkillBar
from supportprep.ui.text import clean
from supportprep.ui.tonight_view import KIND_LABEL

BAR_WIDTH = 12
MAX_TONIGHT_LINES = 4


def _rule(title: str) -> Text:
    return Text(f"── {title} ", style="bold cyan") + Text("─" * (74 - len(title)), style="cyan")


def _one_line(text: str | Text, style: str = "") -> Text:
    """One screen line: anything longer ends in an ellipsis instead of wrapping."""
    line = Text(clean(text), style=style) if isinstance(text, str) else text
    line.no_wrap = True
    line.overflow = "ellipsis"
    return line


def _skill_cell(bar: SkillBar) -> Text:
    cell = Text(f"{bar.name[:21]:<22}")
    if bar.average is None:
        return cell + Text("·" * BAR_WIDTH + "   -", style="dim")
    filled = bar_cells(bar.average, BAR_WIDTH)
    style = "green" if bar.average >= 70 else ("yellow" if bar.average >= 50 else "red")
    cell.append(BAR_FULL * filled, style=style)
    cell.append(BAR_EMPTY * (BAR_WIDTH - filled), style="dim")
    cell.append(f" {bar.average:3.0f}")
    return cell


def home_view(content: Content, home: Home) -> RenderableType:
    targets = home.targets
    who = [
        content.kind(kind)[value].name
        for kind, value in (
            ("roles", targets.role),
            ("variants", targets.variant),
            ("industries", targets.industry),
        )
        if value and value in content.kind(kind)
    ]
    header = Text("supportprep", style="bold")
    header.append(
        "  " + clean(" · ".join(who)) if who else "  no profile set: `supportprep profile`"
    )
    parts: list[RenderableType] = [_one_line(header)]
    if targets.interview_date is not None and home.days_left is not None:
        when = in_days(home.days_left)
        parts.append(Text(f"Interview {targets.interview_date.isoformat()}, {when}", style="bold"))
    else:
        parts.append(Text("No interview date set: `supportprep profile set --interview-date`"))

    tonight = home.tonight
    if tonight is not None:
        parts.append(
            _rule(
                f"Tonight · {tonight.planned_minutes} of {tonight.minutes} min · "
                f"{home.open_items} open on the checklist"
            )
        )
        if not tonight.steps:
            parts.append(Text("  Nothing planned tonight. `supportprep checklist` shows the plan."))
        for step in tonight.steps[:MAX_TONIGHT_LINES]:
            row = Text(f"  {step.minutes:>2} min  ", style="dim")
            row.append(f"{KIND_LABEL[step.kind]}: ", style="bold")
            row.append(clean(step.title))
            parts.append(_one_line(row))
        more = len(tonight.steps) - MAX_TONIGHT_LINES
        extra = f"(+{more} more) " if more > 0 else ""
        # The header's "of N min" is the length last given to `today --minutes` (an hour until
        # then); this line says how to change it, within the 80x24 screen.
        parts.append(
            Text(f"  {extra}`supportprep today` runs them; `--minutes N` sets the evening's length")
        )

    rec = home.recommendation
    parts.append(_rule("Next drill"))
    if rec is not None:
        parts.append(_one_line(f"  {rec.title}", "bold"))
        if rec.reasons:
            parts.append(_one_line("  " + "; ".join(rec.reasons), "dim"))
        parts.append(Text(f"  supportprep drill --next   ({rec.scenario_id})"))

    parts.append(_rule("Skills (average of recent attempts)"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column()
    grid.add_column()
    bars = home.skills
    half = (len(bars) + 1) // 2
    for left, right in zip(bars[:half], bars[half:] + [None] * (2 * half - len(bars)), strict=True):
        grid.add_row(_skill_cell(left), _skill_cell(right) if right else Text())
    parts.append(grid)
    if home.weakest is not None:
        name = (
            content.skills[home.weakest.skill].name
            if home.weakest.skill in content.skills
            else home.weakest.skill
        )
        parts.append(_one_line(f"  Weakest: {clean(name)} (avg {home.weakest.average:.0f})", "dim"))

    last = home.last
    if last is not None:
        score = "partial" if last.partial or last.score is None else f"{last.score:.0f}/100"
        verdict = f" {last.verdict}" if last.verdict else ""
        day = local_day(last.started_at)
        line = f"Last: {day} · {score}{verdict} · {last.scenario_title}"
        parts.append(_one_line(line))
    else:
        parts.append(Text("No attempts yet: your first drill is one command away."))
    planned = home.tonight is not None and any(s.kind == "rescore" for s in home.tonight.steps)
    if home.rescore is not None and not planned:
        when = local_day(home.rescore.finished_at)
        parts.append(
            _one_line(
                f"Re-score blind: supportprep rescore ({when}: {home.rescore.scenario_title})",
                "yellow",
            )
        )
    parts.append(
        Text(
            "drill · mock · checklist · plan · progress · stories · --help for all",
            style="dim",
        )
    )
    return Group(*parts)
