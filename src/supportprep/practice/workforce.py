"""Workforce and support-metrics formulas, written once: Erlang C, occupancy, shrinkage, FCR and
reopen rates, backlog burn-down. Calculation questions are checked against them, and a test
recomputes every bundled question's expected answer with them.

Erlang C (an M/M/N queue: random arrivals, no abandonment), for ``contacts`` arriving in an
interval of ``interval_minutes`` with an average handle time of ``aht_seconds``:

- traffic intensity ``A = contacts x AHT / interval`` (Erlangs);
- probability a contact waits, with ``N`` agents (``N > A``):
  ``Pw = (A^N/N! x N/(N-A)) / (sum_{k<N} A^k/k! + A^N/N! x N/(N-A))``;
- service level, the share answered within ``t`` seconds: ``1 - Pw x e^(-(N-A) t / AHT)``;
- average speed of answer: ``ASA = Pw x AHT / (N - A)``;
- agents required: the fewest ``N`` whose service level meets the target (and, when given,
  whose occupancy ``A/N`` stays at or under ``max_occupancy``);
- occupancy ``A / N``; shrinkage gross-up ``ceil(N / (1 - shrinkage))``.

Without a queue model: occupancy from hours (handle time over logged-in available time), and
the FTE a workload needs, ``ceil(sum(volume x handle time) / (paid hours x (1 - shrinkage) x
occupancy))``.

Each formula returns the value and the working, step by step, as the drill shows it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

from supportprep.display import plural
from supportprep.packs.content import Content
from supportprep.packs.models import FORMULA_INPUTS, Calculation
from supportprep.records import record

Inputs = Mapping[str, float | list[float] | date]
MAX_AGENTS = 2000


@record(frozen=True)
class Worked:
    """A formula's result and how it was reached."""

    value: float | date
    steps: list[str]


def _num(inputs: Inputs, name: str) -> float:
    value = inputs[name]
    if isinstance(value, list | date):
        raise ValueError(f"input '{name}' must be a number")
    return float(value)


def _column(inputs: Inputs, name: str) -> list[float]:
    value = inputs[name]
    if isinstance(value, date):
        raise ValueError(f"input '{name}' must be a number or a list of numbers")
    return [float(v) for v in value] if isinstance(value, list) else [float(value)]


def _fmt(value: float, places: int = 2) -> str:
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# --- Erlang C ---------------------------------------------------------------------------------


def traffic_intensity(contacts: float, interval_minutes: float, aht_seconds: float) -> float:
    """Offered load in Erlangs: the agents that would be busy all interval on average."""
    if interval_minutes <= 0 or aht_seconds <= 0 or contacts < 0:
        raise ValueError("contacts, interval and handle time must be positive")
    return contacts * aht_seconds / (interval_minutes * 60)


def wait_probability(traffic: float, agents: int) -> float:
    """Erlang C: the probability a contact has to wait, with ``agents`` agents on ``traffic``."""
    if agents <= traffic:
        return 1.0  # the queue grows without bound: every contact waits
    # Summed term by term (A^k/k! from the previous term) so large N never overflows.
    term = 1.0
    below = 0.0
    for k in range(agents):
        below += term
        term *= traffic / (k + 1)
    top = term * agents / (agents - traffic)
    return top / (below + top)


def service_level(traffic: float, agents: int, aht_seconds: float, answer_seconds: float) -> float:
    """The share of contacts answered within ``answer_seconds`` (0-1)."""
    if agents <= traffic:
        return 0.0
    pw = wait_probability(traffic, agents)
    return 1 - pw * math.exp(-(agents - traffic) * answer_seconds / aht_seconds)


def average_speed_of_answer(traffic: float, agents: int, aht_seconds: float) -> float:
    """Mean wait in seconds over all contacts (those answered at once count as 0)."""
    if agents <= traffic:
        return math.inf
    return wait_probability(traffic, agents) * aht_seconds / (agents - traffic)


def agents_required(
    traffic: float,
    aht_seconds: float,
    answer_seconds: float,
    target: float,
    max_occupancy: float | None = None,
) -> int:
    """The fewest agents meeting ``target`` (0-1) service level within ``answer_seconds``."""
    agents = max(1, math.floor(traffic) + 1)
    while agents <= MAX_AGENTS:
        meets = service_level(traffic, agents, aht_seconds, answer_seconds) >= target
        if meets and (max_occupancy is None or traffic / agents <= max_occupancy):
            return agents
        agents += 1
    raise ValueError(f"more than {MAX_AGENTS} agents needed")


def gross_up(agents: float, shrinkage: float) -> int:
    """Agents to schedule so ``agents`` are available after ``shrinkage`` (0-1) is lost."""
    if not 0 <= shrinkage < 1:
        raise ValueError("shrinkage must be at least 0% and under 100%")
    # round() first: 14 / 0.7 is 20.000000000000004 in floating point, not 21 agents.
    return math.ceil(round(agents / (1 - shrinkage), 9))


# --- the formulas a calculation question may name ----------------------------------------------


def _load(inputs: Inputs) -> tuple[float, list[str]]:
    contacts = _num(inputs, "contacts")
    minutes = _num(inputs, "interval_minutes")
    aht = _num(inputs, "aht_seconds")
    traffic = traffic_intensity(contacts, minutes, aht)
    step = (
        f"Traffic intensity A = {_fmt(contacts)} contacts x {_fmt(aht)} s / "
        f"({_fmt(minutes)} min x 60 s) = {_fmt(traffic, 3)} Erlangs"
    )
    return traffic, [step]


def _agents(inputs: Inputs) -> int:
    agents = _num(inputs, "agents")
    if agents != int(agents) or agents < 1:
        raise ValueError("input 'agents' must be a whole number of at least 1")
    return int(agents)


def _f_traffic(inputs: Inputs) -> Worked:
    traffic, steps = _load(inputs)
    return Worked(round(traffic, 3), steps)


def _f_wait(inputs: Inputs) -> Worked:
    traffic, steps = _load(inputs)
    agents = _agents(inputs)
    pw = wait_probability(traffic, agents)
    steps.append(f"Erlang C with N = {agents} agents: probability of waiting = {pw:.2%}")
    return Worked(round(pw * 100, 2), steps)


def _f_service_level(inputs: Inputs) -> Worked:
    traffic, steps = _load(inputs)
    agents = _agents(inputs)
    aht = _num(inputs, "aht_seconds")
    t = _num(inputs, "answer_seconds")
    pw = wait_probability(traffic, agents)
    sl = service_level(traffic, agents, aht, t)
    steps.append(f"Erlang C with N = {agents} agents: probability of waiting Pw = {pw:.4f}")
    steps.append(
        f"Service level = 1 - Pw x e^(-(N - A) x {_fmt(t)} / {_fmt(aht)}) = {sl:.2%} "
        f"answered within {_fmt(t)} s"
    )
    return Worked(round(sl * 100, 2), steps)


def _f_asa(inputs: Inputs) -> Worked:
    traffic, steps = _load(inputs)
    agents = _agents(inputs)
    aht = _num(inputs, "aht_seconds")
    pw = wait_probability(traffic, agents)
    asa = average_speed_of_answer(traffic, agents, aht)
    steps.append(f"Erlang C with N = {agents} agents: probability of waiting Pw = {pw:.4f}")
    steps.append(
        f"ASA = Pw x AHT / (N - A) = {pw:.4f} x {_fmt(aht)} / "
        f"({agents} - {_fmt(traffic, 3)}) = {asa:.1f} s"
    )
    return Worked(round(asa, 1), steps)


def _target(inputs: Inputs, name: str) -> float:
    value = _num(inputs, name)
    if not 0 < value <= 100:
        raise ValueError(f"input '{name}' is a percentage, above 0 and at most 100")
    return value / 100


def _required(inputs: Inputs) -> tuple[int, list[str]]:
    traffic, steps = _load(inputs)
    aht = _num(inputs, "aht_seconds")
    t = _num(inputs, "answer_seconds")
    target = _target(inputs, "service_level")
    cap = _target(inputs, "max_occupancy") if "max_occupancy" in inputs else None
    agents = agents_required(traffic, aht, t, target, cap)
    below = agents - 1
    if below > traffic:
        sl_below = service_level(traffic, below, aht, t)
        steps.append(
            f"N = {below}: service level {sl_below:.1%} within {_fmt(t)} s "
            f"(occupancy {traffic / below:.1%})"
        )
    sl = service_level(traffic, agents, aht, t)
    steps.append(
        f"N = {agents}: service level {sl:.1%} within {_fmt(t)} s "
        f"(occupancy {traffic / agents:.1%}): the fewest that meet {target:.0%}"
        + (f" with occupancy at most {cap:.0%}" if cap is not None else "")
    )
    return agents, steps


def _f_agents(inputs: Inputs) -> Worked:
    agents, steps = _required(inputs)
    return Worked(agents, steps)


def _f_occupancy(inputs: Inputs) -> Worked:
    traffic, steps = _load(inputs)
    agents = _agents(inputs)
    occupancy = traffic / agents
    steps.append(f"Occupancy = A / N = {_fmt(traffic, 3)} / {agents} = {occupancy:.2%}")
    return Worked(round(occupancy * 100, 2), steps)


def _f_gross_up(inputs: Inputs) -> Worked:
    agents = _num(inputs, "agents")
    shrinkage = _target(inputs, "shrinkage") if _num(inputs, "shrinkage") else 0.0
    scheduled = gross_up(agents, shrinkage)
    return Worked(
        scheduled,
        [
            f"Scheduled = {_fmt(agents)} / (1 - {shrinkage:.0%}) = "
            f"{_fmt(agents / (1 - shrinkage), 2)}, rounded up to {scheduled}"
        ],
    )


def _f_scheduled(inputs: Inputs) -> Worked:
    agents, steps = _required(inputs)
    shrinkage = _target(inputs, "shrinkage") if _num(inputs, "shrinkage") else 0.0
    scheduled = gross_up(agents, shrinkage)
    steps.append(
        f"Scheduled = {agents} / (1 - {shrinkage:.0%}) = {_fmt(agents / (1 - shrinkage), 2)}, "
        f"rounded up to {scheduled}"
    )
    return Worked(scheduled, steps)


def _f_occupancy_hours(inputs: Inputs) -> Worked:
    parts = _column(inputs, "handle_hours")  # e.g. talk and hold, after-call work
    handle = sum(parts)
    available = _num(inputs, "available_hours")
    if available <= 0:
        raise ValueError("input 'available_hours' must be more than 0")
    occupancy = handle / available
    steps = []
    if len(parts) > 1:
        steps.append(f"Handle hours = {' + '.join(_fmt(p) for p in parts)} = {_fmt(handle)}")
    steps.append(
        f"Occupancy = handle hours / available hours = {_fmt(handle)} / {_fmt(available)} "
        f"= {occupancy:.2%}"
    )
    return Worked(round(occupancy * 100, 2), steps)


def _f_workload_fte(inputs: Inputs) -> Worked:
    volumes = _column(inputs, "volumes")
    minutes = _column(inputs, "handle_minutes")
    if len(volumes) != len(minutes):
        raise ValueError("'volumes' and 'handle_minutes' must pair up, one handle time a volume")
    paid = _num(inputs, "paid_hours_per_fte")
    shrinkage = _target(inputs, "shrinkage") if _num(inputs, "shrinkage") else 0.0
    occupancy = _target(inputs, "occupancy") if "occupancy" in inputs else 1.0
    hours = sum(v * m for v, m in zip(volumes, minutes, strict=True)) / 60
    productive = paid * (1 - shrinkage) * occupancy
    if productive <= 0:
        raise ValueError("no productive hours left after shrinkage")
    fte = math.ceil(round(hours / productive, 9))
    terms = " + ".join(f"{_fmt(v)} x {_fmt(m)} min" for v, m in zip(volumes, minutes, strict=True))
    steps = [
        f"Workload = {terms} = {_fmt(hours, 1)} hours",
        f"Productive hours per FTE = {_fmt(paid)} x (1 - {shrinkage:.0%})"
        + (f" x {occupancy:.0%} occupancy" if "occupancy" in inputs else "")
        + f" = {_fmt(productive, 2)}",
        f"FTE = {_fmt(hours, 1)} / {_fmt(productive, 2)} = {_fmt(hours / productive, 2)}, "
        f"rounded up to {fte}",
    ]
    return Worked(fte, steps)


def _rate(inputs: Inputs, top: str, label: str) -> Worked:
    hits = _column(inputs, top)
    total = _column(inputs, "resolved")
    if sum(total) <= 0:
        raise ValueError("input 'resolved' must add up to more than 0")
    rate = sum(hits) / sum(total)
    return Worked(
        round(rate * 100, 2),
        [
            f"{label} = {' + '.join(_fmt(h) for h in hits)} = {_fmt(sum(hits))}",
            f"Resolved = {' + '.join(_fmt(t) for t in total)} = {_fmt(sum(total))}",
            f"Rate = {_fmt(sum(hits))} / {_fmt(sum(total))} = {rate:.2%}",
        ],
    )


def _f_fcr(inputs: Inputs) -> Worked:
    return _rate(inputs, "resolved_first_contact", "Resolved on first contact")


def _f_reopen(inputs: Inputs) -> Worked:
    return _rate(inputs, "reopened", "Reopened")


def _f_burn_down(inputs: Inputs) -> Worked:
    backlog = _num(inputs, "backlog")
    inflow = _num(inputs, "daily_inflow")
    closed = _num(inputs, "daily_closed")
    net = closed - inflow
    if net <= 0:
        raise ValueError("the backlog never burns down: daily_closed must exceed daily_inflow")
    days = math.ceil(round(backlog / net, 9))
    steps = [
        f"Net burn = {_fmt(closed)} closed - {_fmt(inflow)} new = {_fmt(net)} a day",
        f"Days = {_fmt(backlog)} / {_fmt(net)} = {_fmt(backlog / net)}, rounded up to {days}",
    ]
    start = inputs.get("start_date")
    if isinstance(start, date):
        end = start + timedelta(days=days)
        steps.append(f"{start.isoformat()} + {plural(days, 'day')} = {end.isoformat()}")
        return Worked(end, steps)
    return Worked(days, steps)


FORMULAS: dict[str, Callable[[Inputs], Worked]] = {
    "traffic-intensity": _f_traffic,
    "erlang-c-wait-probability": _f_wait,
    "erlang-c-service-level": _f_service_level,
    "erlang-c-asa": _f_asa,
    "erlang-c-agents": _f_agents,
    "occupancy": _f_occupancy,
    "shrinkage-gross-up": _f_gross_up,
    "erlang-c-scheduled-agents": _f_scheduled,
    "occupancy-from-hours": _f_occupancy_hours,
    "workload-fte": _f_workload_fte,
    "fcr-rate": _f_fcr,
    "reopen-rate": _f_reopen,
    "backlog-burn-down": _f_burn_down,
}
assert set(FORMULAS) == set(FORMULA_INPUTS), "every formula the pack format names is implemented"


def compute(calculation: Calculation) -> Worked:
    """The engine's answer to a calculation question, with the working; ValueError explains
    inputs that make no sense (a queue with fewer agents than traffic, a negative rate)."""
    return FORMULAS[calculation.formula](calculation.inputs)


# --- checking a candidate's answer -------------------------------------------------------------

_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")


def parse_answer(text: str, calculation: Calculation) -> float | date:
    """What the candidate typed, as a number (``14``, ``88.8%``, ``1,250``, ``7.8 s``) or, for a
    burn-down date, a date (YYYY-MM-DD). ValueError says what was expected."""
    raw = text.strip()
    if isinstance(calculation.answer, date):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a date; type it as YYYY-MM-DD") from None
    cleaned = raw.replace(",", "").replace("%", "").strip()
    unit = (calculation.unit or "").strip()
    if unit and cleaned.lower().endswith(unit.lower()):
        cleaned = cleaned[: -len(unit)].strip()
    cleaned = re.sub(r"\s*(s|sec|secs|seconds|agents|days|erlangs)$", "", cleaned, flags=re.I)
    if not _NUMBER.match(cleaned):
        raise ValueError(f"'{raw}' is not a number; type digits, e.g. 14 or 88.5")
    return float(cleaned)


def parse_answers(
    values: Sequence[str], calculations: Sequence[Calculation]
) -> list[float | date | None]:
    """Answers given in order (a scripted run), parsed; an empty one is a skipped question.
    ValueError names the one that does not parse, by number and id."""
    if len(values) > len(calculations):
        count = len(calculations)
        raise ValueError(
            f"{len(values)} given, but the scenario has {count} calculation "
            f"question{'s' if count != 1 else ''}"
        )
    parsed: list[float | date | None] = []
    for number, (value, calculation) in enumerate(zip(values, calculations, strict=False), start=1):
        try:
            parsed.append(parse_answer(value, calculation) if value.strip() else None)
        except ValueError as exc:
            raise ValueError(f"{number} ({calculation.id}): {exc}") from None
    return parsed


@record(frozen=True)
class Checked:
    calculation: Calculation
    given: float | date | None
    """None: skipped."""
    correct: bool
    worked: Worked


def check(calculation: Calculation, given: float | date | None) -> Checked:
    """Whether ``given`` is within the tolerance of the expected answer, with the working;
    a skipped question (None) is not correct. The pack's ``answer`` is the expected one; a pack
    whose answer disagrees with its formula is refused by ``packs validate`` (``pack_problems``)."""
    expected = calculation.answer
    if given is None:
        return Checked(calculation, None, False, compute(calculation))
    if isinstance(expected, date):
        if not isinstance(given, date):
            raise ValueError("a date is expected")
        off = float(abs((given - expected).days))
    else:
        if isinstance(given, date):
            raise ValueError("a number is expected")
        off = abs(given - expected)
    # A hair of float slack, so 88.8 against 88.84 with tolerance 0.04 is not refused for 1e-15.
    correct = off <= calculation.tolerance + 1e-9
    return Checked(calculation, given, correct, compute(calculation))


def show(value: float | date) -> str:
    """A value as the drill prints it."""
    if isinstance(value, date):
        return value.isoformat()
    return _fmt(value, 2)


def pack_problems(content: Content) -> list[str]:
    """Calculation questions whose ``answer`` is not what their formula gives for their inputs
    (or whose inputs make no sense), one line each naming the file and the question."""
    from supportprep.packs.errors import display_path

    problems = []
    for scenario in content.scenarios.values():
        origin = content.origins[("scenarios", scenario.id)]
        for i, calculation in enumerate(scenario.calculations):
            where = (
                f"{display_path(origin.file)}: scenarios[{origin.index}].calculations[{i}] "
                f"({scenario.id}/{calculation.id})"
            )
            try:
                value = compute(calculation).value
            except ValueError as exc:
                problems.append(f"{where}.inputs: {exc}")
                continue
            same = (
                value == calculation.answer
                if isinstance(value, date) or isinstance(calculation.answer, date)
                else abs(value - calculation.answer) <= 1e-9
            )
            if not same:
                problems.append(
                    f"{where}.answer: {show(calculation.answer)} is not what "
                    f"{calculation.formula} gives for these inputs ({show(value)})"
                )
    return problems
