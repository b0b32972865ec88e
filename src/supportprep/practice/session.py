"""One timed drill, start to finish, as a sequence of questions to an injected prompter.

The flow: show the scenario (the clock starts now, as in a real interview) -> optional reading
time -> the timed main answer, with the scenario's injects arriving on its clock (those due after
the candidate submits are handed over then, each answered on its own) -> the calculation
questions, each checked against its tolerance with the working shown -> the follow-ups, those
probing what the answer missed first, with any "why?" chain, and "one more" on request (see
``probing.py``) -> answer insights (typed answers) -> self-scoring per criterion -> red flags ->
score (calculations count in it) -> save -> calibration note. The engine never prints or prompts
itself; the prompter does, so the whole flow runs in tests with a fake clock and scripted answers.

Ctrl-C while answering or scoring: the prompter asks whether to keep the partial attempt (saved
with ``partial: true`` and no score, the follow-up being answered included) or discard it; a
second Ctrl-C during that question ends the program with nothing written (``InterruptedTwice``).
Ctrl-C before anything was written discards the attempt without asking: there is nothing to keep.
SIGTERM or SIGHUP (``Terminated``) keeps the partial attempt without asking, then ends it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import field, replace
from datetime import date
from functools import partial
from typing import Any, Protocol

from supportprep.errors import InterruptedTwice, Terminated
from supportprep.packs.content import Content
from supportprep.packs.models import Calculation, Criterion, FollowUp, Scenario, Stage
from supportprep.practice.clock import Clock
from supportprep.practice.injects import Arrival, InjectFeed, text_after
from supportprep.practice.insights import (
    AnswerTooLarge,
    Insights,
    analyze,
    calibration_note,
)
from supportprep.practice.insights import warm as warm_insights
from supportprep.practice.probing import FollowUpPlan, plan_follow_ups, why_question
from supportprep.practice.scoring import ScoreResult, score
from supportprep.practice.timer import UNTIMED, Countdown
from supportprep.practice.workforce import Checked, check, parse_answer
from supportprep.records import record
from supportprep.store.attempt import (
    Attempt,
    AttemptSink,
    CalculationRecord,
    CriterionScore,
    FollowUpAnswer,
    InjectRecord,
    Mode,
    Reflection,
    RoomRecord,
    Timing,
)

PASTED_SHARE = 0.5
"""Above this share of pasted characters an answer counts as pasted: no words-a-minute pace."""

REACTION_SECONDS = 90
"""Time to react to an inject handed over after the candidate submitted."""


@record
class Draft:
    """What the user has typed so far; the prompter keeps it current so Ctrl-C loses nothing."""

    text: str = ""
    pasted: int = 0
    """How many characters of it arrived pasted rather than typed (a bracketed paste)."""


class Prompter(Protocol):
    def show_scenario(self, scenario: Scenario, stage: Stage, time_limit: int) -> None:
        """Present the scenario. The answer clock is already running when this returns."""
        ...

    def reading(self, countdown: Countdown) -> None:
        """Reading time: return when it runs out or the user is ready."""
        ...

    def answer(
        self,
        label: str,
        countdown: Countdown,
        *,
        strict: bool,
        draft: Draft,
        feed: InjectFeed | None = None,
    ) -> str:
        """A typed answer with a live countdown; with ``strict``, stop when time is up. With a
        ``feed``, show each inject as it arrives (``feed.poll(typed)``) without losing the text."""
        ...

    def speak(
        self, label: str, countdown: Countdown, *, strict: bool, feed: InjectFeed | None = None
    ) -> None:
        """An answer given out loud: the clock runs until the user presses Enter."""
        ...

    def inject(self, arrival: Arrival) -> None:
        """Hand over an inject that fell due after the answer was submitted."""
        ...

    def calculate(
        self,
        index: int,
        total: int,
        calculation: Calculation,
        countdown: Countdown,
        parse: Callable[[str], float | date],
    ) -> float | date | None:
        """The candidate's number for a calculation question (``parse`` turns typed text into
        one, or raises ValueError saying what is expected); None when they skip it."""
        ...

    def calculation_result(self, checked: Checked) -> None:
        """Show whether the number was within tolerance, and the working."""
        ...

    def one_more(self) -> bool:
        """After the follow-ups: does the candidate want one more?"""
        ...

    def follow_up(self, index: int, total: int, follow_up: FollowUp) -> None:
        """Present a follow-up question before its own clock starts."""
        ...

    def insights(self, report: Insights) -> None:
        """Show the offline analysis of what was typed, before self-scoring."""
        ...

    def rate(
        self, criterion: Criterion, index: int, total: int, *, reminders: Sequence[str] = ()
    ) -> int:
        """The level (1-4) the user gives their answer on one criterion; ``reminders`` name the
        injects this criterion credits reacting to."""
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


@record
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
    one_more: bool = True
    """Offer "one more" follow-up after the planned ones."""
    ask_keep: bool = True
    """After Ctrl-C, ask whether to keep the partial attempt. A mock loop says False: it asks
    its own question (skip the stage, keep it, end the loop) and saves ``unsaved`` if kept."""
    time_limit: int | None = None
    """The main answer's clock in seconds instead of the scenario's (follow-ups keep theirs)."""
    untimed: bool = False
    """No clock at all: no countdown, no overtime; how long each answer took is still kept."""

    def answer_limit(self, scenario_limit: int) -> int:
        """The main answer's limit in seconds: the custom one, the scenario's, or ``UNTIMED``."""
        if self.untimed:
            return UNTIMED
        return self.time_limit if self.time_limit is not None else scenario_limit

    @property
    def timing(self) -> Timing | None:
        """How the attempt was timed, as its record says; None for the scenario's own clock."""
        if self.untimed:
            return "untimed"
        return "custom" if self.time_limit is not None else None


@record
class DrillOutcome:
    """The attempt as saved (``None`` when discarded) and its score (``None`` when partial)."""

    scenario: Scenario
    attempt: Attempt | None
    result: ScoreResult | None = None
    interrupted: bool = False
    insights: Insights | None = None
    calibration: str | None = None
    unsaved: Attempt | None = None
    """Interrupted with ``ask_keep`` off: the partial attempt, not saved yet; None when nothing
    was typed (or spoken) worth keeping."""

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
            timing=attempt.timing,
            duration_seconds=attempt.duration_seconds,
            overtime_seconds=attempt.overtime_seconds,
            follow_ups=[
                {k: v for k, v in f.to_jsonable().items() if k != "answer"}
                for f in attempt.follow_ups
            ],
            reflection=None if attempt.reflection is None else attempt.reflection.to_jsonable(),
            room=attempt.room.to_jsonable() if attempt.room else None,
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


@record
class _Progress:
    main: Countdown | None = None
    main_answer: str | None = None
    follow_ups: list[FollowUpAnswer] = field(default_factory=list)
    insights: Insights | None = None
    feed: InjectFeed | None = None
    checked: list[Checked] = field(default_factory=list)
    # The follow-up being answered, so an interruption keeps what was typed into it.
    current: tuple[FollowUp, Countdown, Draft] | None = None
    pasted: int = 0
    """Characters pasted into the follow-ups (the main answer's are in its draft)."""

    def keep_current(self) -> None:
        """Record the follow-up in progress, as far as it got, with the text typed so far."""
        if self.current is None:
            return
        follow_up, countdown, draft = self.current
        self.current = None
        countdown.stop()
        self.pasted += draft.pasted
        self.follow_ups.append(
            FollowUpAnswer(
                question=follow_up.question,
                time_limit_seconds=UNTIMED if countdown.untimed else follow_up.time_limit_seconds,
                duration_seconds=round(countdown.elapsed(), 2),
                overtime_seconds=round(countdown.overtime(), 2),
                answer=draft.text or None,
            )
        )

    def room(self, answer: str, insights: Insights | None) -> RoomRecord | None:
        arrivals = self.feed.arrivals if self.feed else []
        if not arrivals and not self.checked:
            return None
        reacted = {r.point: r.covered for r in insights.reactions} if insights else {}
        return RoomRecord(
            injects=[
                InjectRecord(
                    text=a.inject.text,
                    source=a.inject.source,
                    at_seconds=a.inject.at_seconds,
                    arrived_at_seconds=a.arrived_at_seconds,
                    during_answer=a.during_answer,
                    reply=a.reply or None,
                    reacted=reacted.get(a.inject.text),
                )
                for a in arrivals
            ],
            calculations=[_calc_record(c.calculation, c.given, c.correct) for c in self.checked],
        )


def _calc_record(
    calculation: Calculation, given: float | date | None, correct: bool
) -> CalculationRecord:
    def plain(value: float | date | None) -> float | str | None:
        return value.isoformat() if isinstance(value, date) else value

    expected = plain(calculation.answer)
    assert expected is not None
    return CalculationRecord(
        id=calculation.id,
        question=calculation.question,
        expected=expected,
        given=plain(given),
        tolerance=calculation.tolerance,
        unit=calculation.unit,
        correct=correct,
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
    limit = options.answer_limit(content.time_limit(scenario))
    started_at = clock.now()
    progress = _Progress()
    draft = Draft()

    def build(
        *, levels: dict[str, int] | None, flags: list[str], result: ScoreResult | None
    ) -> Attempt:
        main = progress.main
        duration = main.stop() if main else 0.0
        answer = progress.main_answer if progress.main_answer is not None else draft.text
        room = progress.room(answer or "", progress.insights)
        if room is not None and not options.save_answer:
            room = replace(room, injects=[replace(i, reply=None) for i in room.injects])
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
            room=room,
            timing=options.timing,
        )

    try:
        if options.reading_seconds > 0:
            prompter.show_scenario(scenario, stage, limit)
            _warm(content, options)
            prompter.reading(Countdown(options.reading_seconds, clock))
            progress.main = Countdown(limit, clock, untimed=options.untimed)
        else:
            # The clock starts as the scenario appears.
            progress.main = Countdown(limit, clock, untimed=options.untimed)
            prompter.show_scenario(scenario, stage, limit)
            _warm(content, options)
        feed = InjectFeed(list(scenario.injects), progress.main) if scenario.injects else None
        progress.feed = feed
        if options.speak:
            prompter.speak("Your answer", progress.main, strict=options.strict, feed=feed)
        else:
            progress.main_answer = prompter.answer(
                "Your answer", progress.main, strict=options.strict, draft=draft, feed=feed
            )
        progress.main.stop()
        if feed is not None:
            feed.poll(progress.main_answer or "")
            for arrival in feed.overdue():
                prompter.inject(arrival)
                countdown = Countdown(REACTION_SECONDS, clock, untimed=options.untimed)
                if options.speak:
                    prompter.speak("Your reaction", countdown, strict=options.strict)
                else:
                    rdraft = Draft()
                    try:
                        arrival.reply = prompter.answer(
                            "Your reaction", countdown, strict=options.strict, draft=rdraft
                        )
                    finally:
                        arrival.reply = arrival.reply or rdraft.text
                countdown.stop()

        for index, calculation in enumerate(scenario.calculations, start=1):
            countdown = Countdown(calculation.time_limit_seconds, clock, untimed=options.untimed)
            given = prompter.calculate(
                index,
                len(scenario.calculations),
                calculation,
                countdown,
                partial(parse_answer, calculation=calculation),
            )
            countdown.stop()
            progress.checked.append(check(calculation, given))
            prompter.calculation_result(progress.checked[-1])

        typed_so_far = _typed(progress)
        if options.follow_ups:
            judged = None
            if not options.speak:
                # The insights' per-point judgement of what was said so far decides what to
                # probe first; an answer too long to analyse is probed in pack order.
                with contextlib.suppress(AnswerTooLarge):
                    judged = analyze(typed_so_far, scenario, ()).points
            plan = plan_follow_ups(scenario, judged)
            _ask_follow_ups(plan, prompter, clock, options, progress)

        # Reactions to injects are judged even by a pack with no insight rules.
        if not options.speak and (content.insights or feed is not None):
            try:
                progress.insights = analyze(
                    _typed(progress),
                    scenario,
                    content.insights.values(),
                    duration_seconds=None
                    if _mostly_pasted(progress, draft)
                    else progress.main.elapsed()
                    + sum(f.duration_seconds for f in progress.follow_ups),
                    reactions=[
                        (a.inject.text, a.inject.listens_for, text_after(typed_so_far, a))
                        for a in (feed.arrivals if feed else [])
                    ],
                )
            except AnswerTooLarge:
                progress.insights = None  # an answer that long is scored, just not analysed
            if progress.insights is not None:
                prompter.insights(progress.insights)

        levels: dict[str, int] = {}
        for index, criterion in enumerate(rubric.criteria, start=1):
            reminders = [
                a.inject.text
                for a in (feed.arrivals if feed else [])
                if a.inject.criterion == criterion.id
            ]
            if reminders:
                levels[criterion.id] = prompter.rate(
                    criterion, index, len(rubric.criteria), reminders=reminders
                )
            else:
                levels[criterion.id] = prompter.rate(criterion, index, len(rubric.criteria))
        flags = prompter.red_flags(list(scenario.red_flags))
    except (KeyboardInterrupt, Terminated) as stop:
        progress.keep_current()
        if isinstance(stop, KeyboardInterrupt) and not _worth_keeping(progress, draft, options):
            # Stopped before writing anything: there is nothing to keep, so nothing to ask.
            return DrillOutcome(scenario, None, None, interrupted=True)
        # SIGTERM or SIGHUP (Terminated): nobody is left to ask, so keep the work, then let the
        # program end. A second Ctrl-C inside keep_partial() propagates: nothing written; a
        # termination during that question still keeps the work.
        terminated = stop if isinstance(stop, Terminated) else None
        if terminated is None and not options.ask_keep:
            said = _worth_keeping(progress, draft, options)
            unsaved = build(levels=None, flags=[], result=None) if said else None
            return DrillOutcome(scenario, None, None, interrupted=True, unsaved=unsaved)
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

    result = score(rubric, levels, flags, calculations=[c.correct for c in progress.checked])
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


def _worth_keeping(progress: _Progress, draft: Draft, options: DrillOptions) -> bool:
    """Whether a stopped attempt has anything to keep: text written (the main answer or its
    draft, a reaction, a follow-up), or a spoken answer, which leaves no text behind."""
    return options.speak or bool(_typed(progress).strip() or draft.text.strip())


def _mostly_pasted(progress: _Progress, draft: Draft) -> bool:
    """Most of the typed text arrived in pastes: a words-a-minute pace would measure the paste."""
    typed = len(_typed(progress))
    return typed > 0 and (draft.pasted + progress.pasted) > typed * PASTED_SHARE


def _typed(progress: _Progress) -> str:
    """The main answer as typed (with reactions to late injects, which belong to it)."""
    parts = [progress.main_answer or ""]
    if progress.feed is not None:
        parts += [a.reply or "" for a in progress.feed.arrivals if not a.during_answer]
    parts += [f.answer or "" for f in progress.follow_ups]
    return "\n".join(p for p in parts if p)


def _ask_follow_ups(
    plan: FollowUpPlan,
    prompter: Prompter,
    clock: Clock,
    options: DrillOptions,
    progress: _Progress,
) -> None:
    """The planned follow-ups with their "why?" chains, then "one more" while asked for."""
    total = len(plan.asked)

    def ask(index: int, shown_total: int, follow_up: FollowUp) -> str | None:
        prompter.follow_up(index, shown_total, follow_up)
        countdown = Countdown(follow_up.time_limit_seconds, clock, untimed=options.untimed)
        fdraft = Draft()
        # Kept by run_drill's handlers (keep_current) when Ctrl-C, a signal or a bug stops the
        # answer halfway: the text typed so far is part of the partial attempt.
        progress.current = (follow_up, countdown, fdraft)
        if options.speak:
            prompter.speak(f"Follow-up {index}", countdown, strict=options.strict)
        else:
            fdraft.text = prompter.answer(
                f"Follow-up {index}", countdown, strict=options.strict, draft=fdraft
            )
        progress.keep_current()
        return fdraft.text or None

    def chain(index: int, follow_up: FollowUp, reply: str | None) -> int:
        for depth in range(1, follow_up.why_chain + 1):
            why = why_question(reply or "", depth)
            if why is None:
                break
            index += 1
            reply = ask(index, 0, why)
        return index

    index = 0
    for follow_up in plan.asked:
        index += 1
        reply = ask(index, total, follow_up)
        index = chain(index, follow_up, reply)
    # "One more" belongs to a stage the interviewer follows up at all; a scenario written with
    # no follow-ups (a writing exercise handed in) gets none.
    while options.one_more and plan.asked + plan.held_back:
        extra = plan.one_more()
        if extra is None or not prompter.one_more():
            break
        index += 1
        reply = ask(index, 0, extra)
        index = chain(index, extra, reply)
