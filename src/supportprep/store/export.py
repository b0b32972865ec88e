"""Attempts out of the history as CSV or JSON documents, for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from supportprep.store.attempt import Attempt
from supportprep.text import terminal_safe, terminal_safe_data

FORMATS = ("csv", "json")

CSV_COLUMNS = (
    "id",
    "started_at",
    "finished_at",
    "scenario_id",
    "scenario_title",
    "stage",
    "rubric",
    "mode",
    "session_id",
    "time_limit_seconds",
    "timing",
    "duration_seconds",
    "overtime_seconds",
    "total_overtime_seconds",
    "score",
    "verdict",
    "partial",
    "spoken",
    "coverage",
    "skill_scores",
    "levels",
    "criteria",
    "red_flags",
    "follow_ups",
    "answer",
    "reflection",
)
"""One row per attempt. Lists and mappings (skill_scores, levels as {criterion: 1-4}, criteria,
red_flags, follow_ups) are JSON strings; empty cells are missing values. ``reflection`` is the
reply to the stage's reflection question."""


def csv_row(attempt: Attempt) -> dict[str, str]:
    """One attempt's cells; pack and user text lose their control characters (a CSV is read in
    terminals and spreadsheets alike)."""
    data = attempt.to_jsonable()
    row: dict[str, str] = {}
    for column in CSV_COLUMNS:
        if column == "levels":
            value: Any = attempt.levels
        elif column == "total_overtime_seconds":
            value = attempt.total_overtime_seconds
        elif column == "timing":
            value = attempt.timing  # empty: the scenario's clock; custom; untimed
        elif column == "reflection":
            value = attempt.reflection.answer if attempt.reflection else None
        else:
            value = data[column]
        if isinstance(value, dict | list):
            row[column] = json.dumps(terminal_safe_data(value), ensure_ascii=False)
        elif value is None:
            row[column] = ""
        elif isinstance(value, bool):
            row[column] = "true" if value else "false"
        elif isinstance(value, float):
            # Sums of seconds carry binary noise (53.260000000000005); two decimals are plenty.
            row[column] = str(round(value, 2))
        else:
            row[column] = str(value)
    return {column: terminal_safe(cell) for column, cell in row.items()}


def write_csv(attempts: Iterable[Attempt], out: TextIO) -> int:
    """Write the CSV document to ``out`` row by row; return how many attempts it holds."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for attempt in attempts:
        writer.writerow(csv_row(attempt))
        count += 1
    return count


def write_json_document(attempts: Iterable[Attempt], out: TextIO) -> int:
    """Write the JSON array to ``out`` one record at a time, byte for byte what ``json.dumps``
    of the whole list with ``indent=2`` writes; return how many attempts it holds. Pack and user
    text lose their control characters: the document may be printed to a terminal."""
    count = 0
    for attempt in attempts:
        record = json.dumps(terminal_safe_data(attempt.to_jsonable()), indent=2, ensure_ascii=False)
        # JSON escapes newlines inside strings, so every line here is structure to indent.
        out.write(
            ("[\n" if count == 0 else ",\n")
            + "\n".join("  " + line for line in record.splitlines())
        )
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def write_export(attempts: Iterable[Attempt], fmt: str, out: TextIO) -> int:
    """Stream ``attempts`` to ``out`` as one ``fmt`` document (``csv`` or ``json``), in constant
    memory; return how many attempts were written."""
    return write_csv(attempts, out) if fmt == "csv" else write_json_document(attempts, out)


def export_text(attempts: Sequence[Attempt], fmt: str) -> str:
    """``attempts`` as one ``fmt`` document (``csv`` or ``json``)."""
    buffer = io.StringIO()
    write_export(attempts, fmt, buffer)
    return buffer.getvalue()
