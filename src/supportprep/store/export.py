"""Attempts out of the history as CSV or JSON documents, for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

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
        else:
            row[column] = str(value)
    return {column: terminal_safe(cell) for column, cell in row.items()}


def to_csv(attempts: Sequence[Attempt]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for attempt in attempts:
        writer.writerow(csv_row(attempt))
    return buffer.getvalue()


def to_json_document(attempts: Sequence[Attempt]) -> str:
    records = terminal_safe_data([a.to_jsonable() for a in attempts])
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def export_text(attempts: Sequence[Attempt], fmt: str) -> str:
    """``attempts`` as one ``fmt`` document (``csv`` or ``json``)."""
    return to_csv(attempts) if fmt == "csv" else to_json_document(attempts)
