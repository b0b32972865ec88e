"""The checklist as files to keep elsewhere: an iCalendar file and a Markdown task list.

ICS
    One all-day VEVENT per scheduled item on its due date (DTSTART as a DATE, DTEND the next day,
    shown as free time), so Google Calendar, Apple Calendar and Outlook all import it; VTODO is
    skipped by most of them. UIDs are ``<item id>@supportprep``: importing a newer export updates
    the same events instead of adding copies. Dropped items are left out.

Markdown
    A GitHub task list grouped by week, ``- [ ] text (due 2026-12-01)``, ``- [x]`` when ticked;
    each item's id follows in an HTML comment, so it can be ticked with ``checklist done ID``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from supportprep.display import in_days, plural
from supportprep.planning.checklist import Checklist, Item
from supportprep.text import terminal_safe

PRODID = "-//supportprep//Interview prep checklist//EN"
UID_DOMAIN = "supportprep"
SUMMARY_LIMIT = 90


def uid_for(item: Item) -> str:
    return f"{item.id}@{UID_DOMAIN}"


def to_ics(checklist: Checklist, now: datetime) -> bytes:
    """The scheduled items as an iCalendar file; ``now`` (UTC) is every event's DTSTAMP."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Interview prep")
    for item in checklist.items:
        if item.due is None:
            continue
        event = icalendar.Event()
        event.add("uid", uid_for(item))
        event.add("dtstamp", now)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        # Pack text: a calendar app shows it, and some print it to a terminal.
        text = terminal_safe(item.text)
        event.add("summary", ("Done: " if item.done else "") + _shorten(text, SUMMARY_LIMIT))
        event.add("description", terminal_safe(_description(item)))
        event.add("categories", [terminal_safe(item.category)])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _description(item: Item) -> str:
    lines = [item.text]
    if item.why:
        lines += ["", f"Why: {item.why}"]
    if item.command:
        lines += ["", f"Do it: {item.command}"]
    if item.overdue and item.natural_due is not None:
        lines += ["", f"Planned for {item.natural_due.isoformat()}; moved to catch up."]
    lines += ["", f"Tick it off: supportprep checklist done {item.id}"]
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
    when = f"due {item.due.isoformat()}"
    if item.overdue and item.natural_due is not None:
        when += f", was {item.natural_due.isoformat()}"
    return when


def to_markdown(checklist: Checklist) -> str:
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
            if item.command:
                line += f" `{terminal_safe(item.command).replace('`', '')}`"
            lines.append(f"{line} <!-- {item.id} -->")
    if checklist.dropped:
        lines += ["", "## Dropped: no room before the interview", ""]
        for item in checklist.dropped:
            planned = f" (planned for {item.natural_due.isoformat()})" if item.natural_due else ""
            lines.append(f"- {_md(item.text)}{planned} <!-- {item.id} -->")
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
    for name, value in (("role", t.role), ("variant", t.variant), ("industry", t.industry)):
        if value:
            parts.append(f"{name} {value}")
    total = len(checklist.items)
    parts.append(f"{checklist.done_count()} of {total} done")
    return " · ".join(parts)
