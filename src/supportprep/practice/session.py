"""One timed drill, start to finish, as a sequence of questions to an injected prompter.

The flow: show the scenario (the clock starts now, as in a real interview) -> optional reading
time -> the timed main answer -> each follow-up, timed on its own -> answer insights (typed
answers) -> self-scoring per criterion -> red flags -> score -> save -> calibration note. The
engine never prints or prompts itself; the prompter does, so the whole flow runs in tests with a
fake clock and scripted answers.

Ctrl-C while answering or scoring: the prompter asks whether to keep the partial attempt (saved
with ``partial: true`` and no score, the follow-up being answered included) or discard it; a
second Ctrl-C during that question ends the program with nothing written (``InterruptedTwice``).
SIGTERM or SIGHUP (``Terminated``) keeps the partial attempt without asking, then ends it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from supportprep.errors import InterruptedTwice, Terminated
from supportprep.packs.content import Content
from supportprep.packs.models import Criterion, FollowUp, Scenario, Stage
from supportprep.practice.clock import Clock
from supportprep.practice.insights import (
    AnswerTooLarge,
    Insights,
    analyze,
    calibration_note,
)
from supportprep.practice.insights import warm as warm_insights
from supportprep.practice.scoring import ScoreResult, score
from supportprep.practice.timer import Countdown
from supportprep.store.attempt import (
    Attempt,
    AttemptSink,
    CriterionScore,
    FollowUpAnswer,
    Mode,
    Reflection,
)


@dataclass
class Draft:
    """What the user has typed so far; the prompter keeps it current so Ctrl-C loses nothing."""

    text: str = ""


class Prompter(Protocol):
    def show_scenario(self, scenario: Scenario, stage: Stage, time_limit: int) -> None:
        """Present the scenario. The answer clock is already running when this returns."""
        ...

    def reading(self, countdown: Countdown) -> None:
        """Reading time: return when it runs out or the user is ready."""
        ...

    def answer(self, label: str, countdown: Countdown, *, strict: bool, draft: Draft) -> str:
        """A typed answer with a live countdown; with ``strict``, stop when time is up."""
        ...

    def speak(self, label: str, countdown: Countdown, *, strict: bool) -> None:
        """An answer given out loud: the clock runs until the user presses Enter."""
        ...

    def follow_up(self, index: int, total: int, follow_up: FollowUp) -> None:
        """Present a follow-up question before its own clock starts."""
        ...

    def insights(self, report: Insights) -> None:
        """Show the offline analysis of what was typed, before self-scoring."""
        ...

    def rate(self, criterion: Criterion, index: int, total: int) -> int:
        """The level (1-4) the user gives their answer on one criterion."""
        ...

    def red_flags(self, flags: list[str]) -> list[str]:
        """The red flags the user admits their answer showed."""
        ...

    def keep_partial(self) -> bool:
        """After Ctrl-C: keep the partial attempt (True) or discard it (False)."""
        ...

    def reflect(self, question: str) -> str:
        """The stage's reflection question, without a clock; empty text skips it."""
        ...


@dataclass
class DrillOptions:
    reading_seconds: int = 0
    strict: bool = False
    speak: bool = False
    save_answer: bool = True
    mode: Mode = "drill"
    session_id: str | None = None
    follow_ups: bool = True
    reflect: bool = True
    """Offer the stage's reflection question once the drill is scored (``Stage.reflection``)."""


@dataclass
class DrillOutcome:
    """The attempt as saved (``None`` when discarded) and its score (``None`` when partial)."""

    scenario: Scenario
    attempt: Attempt | None
    result: ScoreResult | None = None
    interrupted: bool = False
    insights: Insights | None = None
    calibration: str | None = None

    def to_jsonable(self) -> dict[str, Any]:
        """What ``drill --json`` prints: the score, levels and timing, and what to fix."""
        attempt = self.attempt
        data: dict[str, Any] = {
            "scenario": self.scenario.id,
            "stage": self.scenario.stage,
            "saved": attempt is not None,
        }
        if attempt is None:
            return data
        data.update(
            attempt_id=attempt.id,
            partial=attempt.partial,
            score=attempt.score,
            verdict=attempt.verdict,
            levels=attempt.levels,
            criteria=[c.to_jsonable() for c in attempt.criteria],
            skill_scores=attempt.skill_scores,
            red_flags=attempt.red_flags,
            time_limit_seconds=attempt.time_limit_seconds,
            duration_seconds=attempt.duration_seconds,
            overtime_seconds=attempt.overtime_seconds,
            follow_ups=[
                {k: v for k, v in f.to_jsonable().items() if k != "answer"}
                for f in attempt.follow_ups
            ],
            reflection=None if attempt.reflection is None else attempt.reflection.to_jsonable(),
            strong_answer_points=self.scenario.point_texts(),
            fixes=[
                {"criterion": f.criterion.id, "level": f.level, "advice": f.criterion.advice}
                for f in (self.result.fixes if self.result else [])
            ],
            # What the insights judged (points with their evidence), as `analyze --json` shows.
            insights=self.insights.to_json() if self.insights else None,
            calibration=self.calibration,
        )
        return data


@dataclass
class _Progress:
    main: Countdown | None = None
    main_answer: str | None = None
    follow_ups: list[FollowUpAnswer] = field(default_factory=list)
    insights: Insights | None = None
    # The follow-up being answered, so an interruption keeps what was typed into it.
    current: tuple[FollowUp, Countdown, Draft] | None = None

    def keep_current(self) -> None:
        """Record the follow-up in progress, as far as it got, with the text typed so far."""
        if self.current is None:
            return
        follow_up, countdown, draft = self.current
        self.current = None
        countdown.stop()
        self.follow_ups.append(
            FollowUpAnswer(
                question=follow_up.question,
                time_limit_seconds=follow_up.time_limit_seconds,
                duration_seconds=round(countdown.elapsed(), 2),
                overtime_seconds=round(countdown.overtime(), 2),
                answer=draft.text or None,
            )
        )


def _warm(content: Content, options: DrillOptions) -> None:
    """Load the word model and compile the insight rules in the background while the user
    reads and types, so the insights appear as soon as the answer is in. Started once the
    scenario is on screen, so it never delays the scenario appearing."""
    if not options.speak and content.insights:
        warm_insights(content.insights.values())


def run_drill(
    content: Content,
    scenario: Scenario,
    prompter: Prompter,
    clock: Clock,
    sink: AttemptSink,
    options: DrillOptions | None = None,
) -> DrillOutcome:
    options = options or DrillOptions()
    stage = content.stages[scenario.stage]
    rubric = content.rubric_for(scenario)
    limit = content.time_limit(scenario)
    started_at = clock.now()
    progress = _Progress()
    draft = Draft()

    def build(
        *, levels: dict[str, int] | None, flags: list[str], result: ScoreResult | None
    ) -> Attempt:
        main = progress.main
        duration = main.stop() if main else 0.0
        answer = progress.main_answer if progress.main_answer is not None else draft.text
        return Attempt(
            scenario_id=scenario.id,
            scenario_title=scenario.title,
            stage=scenario.stage,
            rubric=rubric.id,
            mode=options.mode,
            session_id=options.session_id,
            started_at=started_at,
            finished_at=clock.now(),
            time_limit_seconds=limit,
            duration_seconds=round(duration, 2),
            overtime_seconds=round(main.overtime(), 2) if main else 0.0,
            answer=(answer or None) if options.save_answer and not options.speak else None,
            spoken=options.speak,
            follow_ups=progress.follow_ups
            if options.save_answer
            else [replace(f, answer=None) for f in progress.follow_ups],
            criteria=[
                CriterionScore(id=c.id, name=c.name, skill=c.skill, weight=c.weight, level=lvl)
                for c in rubric.criteria
                if levels is not None and (lvl := levels.get(c.id)) is not None
            ],
            red_flags=flags,
            score=result.score if result else None,
            skill_scores=result.skill_scores if result else {},
            verdict=result.verdict if result else None,
            partial=result is None,
            coverage=progress.insights.coverage if progress.insights else None,
            findings=progress.insights.codes if progress.insights else [],
            judgement_version=progress.insights.judgement_version if progress.insights else None,
            insight_confidence=progress.insights.confidence if progress.insights else None,
        )

    try:
        if options.reading_seconds > 0:
            prompter.show_scenario(scenario, stage, limit)
            _warm(content, options)
            prompter.reading(Countdown(options.reading_seconds, clock))
            progress.main = Countdown(limit, clock)
        else:
            progress.main = Countdown(limit, clock)  # the clock starts as the scenario appears
            prompter.show_scenario(scenario, stage, limit)
            _warm(content, options)
        if options.speak:
            prompter.speak("Your answer", progress.main, strict=options.strict)
        else:
            progress.main_answer = prompter.answer(
                "Your answer", progress.main, strict=options.strict, draft=draft
            )
        progress.main.stop()

        if options.follow_ups:
            total = len(scenario.follow_ups)
            for index, follow_up in enumerate(scenario.follow_ups, start=1):
                prompter.follow_up(index, total, follow_up)
                countdown = Countdown(follow_up.time_limit_seconds, clock)
                fdraft = Draft()
                progress.current = (follow_up, countdown, fdraft)
                if options.speak:
                    prompter.speak(f"Follow-up {index}", countdown, strict=options.strict)
                else:
                    fdraft.text = prompter.answer(
                        f"Follow-up {index}", countdown, strict=options.strict, draft=fdraft
                    )
                progress.keep_current()

        if not options.speak and content.insights:
            typed = [progress.main_answer or ""] + [f.answer or "" for f in progress.follow_ups]
            try:
                progress.insights = analyze(
                    "\n".join(t for t in typed if t),
                    scenario,
                    content.insights.values(),
                    duration_seconds=progress.main.elapsed()
                    + sum(f.duration_seconds for f in progress.follow_ups),
                )
            except AnswerTooLarge:
                progress.insights = None  # an answer that long is scored, just not analysed
            if progress.insights is not None:
                prompter.insights(progress.insights)

        levels: dict[str, int] = {}
        for index, criterion in enumerate(rubric.criteria, start=1):
            levels[criterion.id] = prompter.rate(criterion, index, len(rubric.criteria))
        flags = prompter.red_flags(list(scenario.red_flags))
    except (KeyboardInterrupt, Terminated) as stop:
        progress.keep_current()
        # SIGTERM or SIGHUP (Terminated): nobody is left to ask, so keep the work, then let the
        # program end. A second Ctrl-C inside keep_partial() propagates: nothing written; a
        # termination during that question still keeps the work.
        terminated = stop if isinstance(stop, Terminated) else None
        if terminated is None:
            try:
                keep = prompter.keep_partial()
            except Terminated as during_question:
                terminated, keep = during_question, True
            except KeyboardInterrupt:
                raise InterruptedTwice("interrupted twice; the attempt was not kept") from None
        if terminated is None and not keep:
            return DrillOutcome(scenario, None, None, interrupted=True)
        attempt = build(levels=None, flags=[], result=None)
        sink.save(attempt)
        if terminated is not None:
            raise terminated from None
        return DrillOutcome(scenario, attempt, None, interrupted=True, insights=progress.insights)
    except Exception:
        # A bug past this point must not cost the user what they typed: keep it as a partial
        # attempt (best effort), then let the error surface.
        progress.keep_current()
        if progress.main_answer or draft.text or progress.follow_ups:
            with contextlib.suppress(Exception):
                sink.save(build(levels=None, flags=[], result=None))
        raise

    result = score(rubric, levels, flags)
    attempt = build(levels=levels, flags=flags, result=result)
    reflection = _reflect(prompter, stage, options)
    if reflection is not None:
        attempt = attempt.replace(reflection=reflection, finished_at=clock.now())
    sink.save(attempt)
    note = calibration_note(result.score, progress.insights) if progress.insights else None
    return DrillOutcome(scenario, attempt, result, insights=progress.insights, calibration=note)


def _reflect(prompter: Prompter, stage: Stage, options: DrillOptions) -> Reflection | None:
    """The reply to the stage's reflection question; None when there is none or it is skipped.
    The drill is already scored here, so Ctrl-C skips the question instead of the attempt."""
    if stage.reflection is None or not options.reflect:
        return None
    try:
        text = prompter.reflect(stage.reflection)
    except KeyboardInterrupt:
        return None
    if not text.strip() or not options.save_answer:
        return None  # written for the user's own benefit; --no-save-answer keeps no text
    return Reflection(question=stage.reflection, answer=text)
