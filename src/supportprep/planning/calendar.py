"""The checklist as files to keep elsewhere: an iCalendar file and a Markdown task list.

ICS
    The interview itself as an all-day event, and at most one timed prep block a day: an evening
    block (floating local time, ``PREP_START``) as long as that day's open items take, its
    description listing them with the command to tick each. Done items are left out, and so are
    the items that only fit if time allows, so a ten-day plan is ten events, not eighty. UIDs are
    ``prep-<date>@supportprep`` and ``interview-<date>@supportprep``: importing a newer export
    updates the same events instead of adding copies.

Markdown
    A GitHub task list grouped by week, ``- [ ] text (due 2026-12-01)``, ``- [x]`` when ticked;
    each item's id follows in an HTML comment, so it can be ticked with ``checklist done ID``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from supportprep.actions import Action, Do
from supportprep.display import in_days, plural
from supportprep.planning.checklist import Checklist, Item
from supportprep.text import terminal_safe

PRODID = "-//supportprep//Interview prep checklist//EN"
UID_DOMAIN = "supportprep"
SUMMARY_LIMIT = 90


PREP_START = time(19, 0)
"""When the evening prep block starts, in the calendar's own time zone."""


Words = Callable[[Action], str]
"""How the caller words an item's action as a command (the CLI's business, not the plan's)."""


def to_ics(checklist: Checklist, now: datetime, word: Words) -> bytes:
    """The interview and the daily prep blocks as an iCalendar file; ``now`` (UTC) is every
    event's DTSTAMP."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Interview prep")
    interview = checklist.interview_date
    if interview is not None:
        event = icalendar.Event()
        event.add("uid", f"interview-{interview.isoformat()}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("dtstart", interview)
        event.add("dtend", interview + timedelta(days=1))
        # Target names are pack text: a calendar app shows them, and some print to a terminal.
        target = terminal_safe(_target_line(checklist))
        event.add("summary", _shorten(f"Interview: {target}", SUMMARY_LIMIT))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    days: dict[date, list[Item]] = {}
    for item in checklist.items:
        if item.due is not None and not item.done:
            days.setdefault(item.due, []).append(item)
    for day, items in sorted(days.items()):
        minutes = sum(item.minutes for item in items)
        start = datetime.combine(day, PREP_START)
        event = icalendar.Event()
        event.add("uid", f"prep-{day.isoformat()}@{UID_DOMAIN}")
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=minutes))
        summary = f"Interview prep: {plural(len(items), 'item')}, {minutes} min"
        event.add("summary", summary)
        description = "\n\n".join(_description(item, word) for item in items)
        event.add("description", terminal_safe(description))
        event.add("categories", sorted({terminal_safe(item.category) for item in items}))
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _target_line(checklist: Checklist) -> str:
    return " · ".join(checklist.target_names) or "your interview"


def _description(item: Item, word: Words) -> str:
    lines = [f"- {item.text} ({item.minutes} min)"]
    if item.action:
        lines.append(f"  Do it: {word(item.action)}")
    lines.append(f"  Tick it off: {word(Action(Do.TICK, item.id))}")
    return "\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Pack text as Markdown that shows literally, without terminal control codes."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(terminal_safe(text).split()))


def _when(item: Item) -> str:
    if item.due is None:
        return f"{plural(item.due_days_before, 'day')} before"
    return f"due {item.due.isoformat()}"


def to_markdown(checklist: Checklist, word: Words) -> str:
    """The checklist as a GitHub task list, one ``##`` section per week."""
    lines = ["# Interview prep checklist", ""]
    lines.append(_md(describe(checklist)))
    for hint in checklist.hints:
        lines += ["", f"> {_md(hint)}"]
    for week in checklist.weeks():
        lines += ["", f"## {week.label}", ""]
        for item in week.items:
            box = "x" if item.done else " "
            line = f"- [{box}] {_md(item.text)} ({_when(item)})"
            if item.action:
                line += f" `{terminal_safe(word(item.action)).replace('`', '')}`"
            lines.append(f"{line} <!-- {item.id} -->")
    if checklist.dropped:
        lines += ["", "## If time allows", ""]
        for item in checklist.dropped:
            lines.append(f"- [ ] {_md(item.text)} <!-- {item.id} -->")
    return "\n".join(lines) + "\n"


def describe(checklist: Checklist) -> str:
    """One line: the interview date and targets, and how much is done."""
    t = checklist.targets
    parts: list[str] = []
    if t.interview_date is not None:
        days = checklist.days_left or 0
        left = in_days(days)
        parts.append(f"Interview {t.interview_date.isoformat()} ({left})")
    else:
        parts.append("No interview date")
    parts += checklist.target_names
    total = checklist.total()
    parts.append(f"{checklist.done_count()} of {total} done")
    return " · ".join(parts)
