"""One practice attempt: what was asked, how long it took, how it was scored.

This is the record a drill hands to the store. It keeps a snapshot of each criterion's skill and
weight so history stays meaningful after a pack's rubric is edited; everything is keyed by the
scenario's stable id.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, Protocol
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field

Mode = Literal["drill", "mock"]


class FollowUpAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    time_limit_seconds: int
    duration_seconds: float
    overtime_seconds: float
    answer: str | None = None


class CriterionScore(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    skill: str
    weight: float
    level: int = Field(ge=1, le=4)


class Attempt(BaseModel):
    """A finished (or knowingly kept partial) attempt at one scenario."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default_factory=lambda: uuid4().hex)
    scenario_id: str
    scenario_title: str
    stage: str
    rubric: str
    mode: Mode = "drill"
    session_id: str | None = Field(default=None, description="Shared by the stages of one mock.")
    started_at: datetime
    finished_at: datetime
    time_limit_seconds: int
    duration_seconds: float = Field(ge=0, description="Main answer time, reading time excluded.")
    overtime_seconds: float = Field(ge=0)
    answer: str | None = None
    spoken: bool = False
    follow_ups: list[FollowUpAnswer] = Field(default_factory=list)
    criteria: list[CriterionScore] = Field(default_factory=list)
    red_flags: list[str] = Field(default_factory=list)
    score: float | None = Field(default=None, ge=0, le=100, description="None when unscored.")
    skill_scores: dict[str, float] = Field(default_factory=dict)
    verdict: str | None = None
    partial: bool = Field(default=False, description="Stopped early and kept by the user.")
    coverage: float | None = Field(
        default=None, ge=0, le=1, description="Talking-point coverage from answer insights."
    )
    findings: list[str] = Field(
        default_factory=list, description="Finding codes from answer insights (hedge, blame...)."
    )

    @property
    def levels(self) -> dict[str, int]:
        return {c.id: c.level for c in self.criteria}

    @property
    def total_overtime_seconds(self) -> float:
        return self.overtime_seconds + sum(f.overtime_seconds for f in self.follow_ups)


def utcnow() -> datetime:
    return datetime.now(UTC)


class AttemptSink(Protocol):
    """Where finished attempts go. The history store implements it; tests pass a list."""

    def save(self, attempt: Attempt) -> None: ...
