"""Checks a support interviewer would make of the bundled scenarios, done mechanically: the
arithmetic a scenario states, its rubric, and that its words are ours and not the seed texts'.

The arithmetic check reads two shapes that scenarios use to show their working, and recomputes
them: a chain such as ``1,760 x 0.70 = 1,232`` or ``284 / 310 = 91.6%``, and a share such as
``26 of 310 (8.4%)``. It stays silent on prose it cannot read, so a miss is possible; a report is
a real inconsistency between numbers the scenario states side by side."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

CONTENT = Path(__file__).resolve().parents[2] / "content"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
OP = r"[+×x*/÷−-]"
CHAIN = re.compile(
    rf"(?<![\w.,/])((?:{NUM})%?(?:\s*{OP}\s*\(?(?:{NUM})%?\)?)+)"
    rf"\s*(?:=|≈)\s*(?:about\s+)?\$?({NUM})(\s?%)?(?![\d,]*\d)"
)
SHARE = re.compile(
    rf"(?<![\w.,])({NUM})\s+(?:of|out of)\s+(?:the\s+|about\s+)?({NUM})\b[^.;:%\d]{{0,40}}?"
    rf"\(?\s*(?:is\s+|=\s*|or\s+|,\s*)?(?:about\s+|roughly\s+|nearly\s+)?({NUM})\s?%"
)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _evaluate(expression: str) -> float | None:
    e = expression.replace("×", "*").replace("÷", "/").replace("−", "-").replace(",", "")
    e = re.sub(r"(?<=\d)\s*x\s*(?=[\d(])", "*", e)
    e = re.sub(r"(\d+(?:\.\d+)?)%", r"(\1/100)", e)
    if re.search(r"[^\d.+\-*/() ]", e):
        return None
    try:
        value: float = eval(e, {"__builtins__": {}})  # only digits, operators, brackets left
    except (SyntaxError, ZeroDivisionError):
        return None
    return float(value)


def _tolerance(stated: str, value: float) -> float:
    decimals = len(stated.split(".")[1]) if "." in stated else 0
    return max(0.5 * 10.0**-decimals + 1e-9, 0.01 * abs(value))


def arithmetic_errors(text: str) -> list[str]:
    """Each stated calculation in ``text`` whose result does not follow from its operands."""
    text = " ".join(text.split())
    errors = []
    for m in CHAIN.finditer(text):
        if re.search(rf"{OP}\s*$", text[: m.start()]):
            continue  # the middle of a longer chain: its start holds the real operands
        expression, result, percent = m.groups()
        got = _evaluate(expression)
        if got is None:
            continue
        if percent:
            got *= 100
        if abs(got - _number(result)) > _tolerance(result, _number(result)):
            errors.append(f"{m.group(0)!r} (it comes to {got:,.2f})")
    for m in SHARE.finditer(text):
        part, whole, percent = (_number(g) for g in m.groups())
        if whole == 0:
            continue
        share = 100 * part / whole
        tolerance = max(0.6, 0.02 * percent)
        # "26 of 310 lapsed, a 91.6% renewal rate" states the complement, which is as checkable.
        if min(abs(share - percent), abs(100 - share - percent)) > tolerance:
            errors.append(f"{m.group(0)!r} (it is {share:.1f}%)")
    return errors


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _bundled_files() -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for path in sorted(CONTENT.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            found.append((path, data))
    return found


FILES = _bundled_files()
SCENARIOS = [(path, s) for path, data in FILES for s in data.get("scenarios") or []]


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("26 of 310 lapsed, a 84% renewal rate", True),
        ("26 of 310 lapsed, a 91.6% renewal rate", False),
        ("9,100 against 11,400 actual: 2,300 / 11,400 = 25%", True),
        ("2,300 / 11,400 = 20.2%", False),
        ("1,760 x 0.70 = 1,232 productive hours; x 0.85 = 1,047 handle hours", False),
        ("1,760 x 0.70 = 1,332 productive hours", True),
        ("3,300 ÷ 2,100 = 55% more", True),
        ("(3,300 − 2,100) / 2,100 = 57%", False),
        ("Ticket 4,512 of 2026 was reopened", False),
    ],
)
def test_the_checker_finds_wrong_sums_and_leaves_right_ones(text: str, wrong: bool) -> None:
    assert bool(arithmetic_errors(text)) is wrong, arithmetic_errors(text)


def test_the_bundled_scenarios_state_their_arithmetic_correctly() -> None:
    problems = [
        f"{path.name}: {s['id']}: {error}"
        for path, s in SCENARIOS
        for text in _texts(s)
        for error in arithmetic_errors(text)
    ]
    assert not problems, "\n".join(problems)


def test_every_rubric_scores_some_scenario() -> None:
    rubrics = {r["id"] for _, data in FILES for r in data.get("rubrics") or []}
    used = {s["rubric"] for _, s in SCENARIOS}
    assert not rubrics - used, f"rubrics no scenario uses: {sorted(rubrics - used)}"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


def _runs(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts (../shared/seeds) are not here")
def test_no_run_of_ten_words_is_copied_from_the_seed_texts() -> None:
    seeds: set[tuple[str, ...]] = set()
    for path in SEEDS.glob("*.txt"):
        seeds |= _runs(_words(path.read_text(encoding="utf-8", errors="replace")), 10)
    copied = []
    for path, data in FILES:
        for text in _texts(data):
            for run in _runs(_words(text), 10) & seeds:
                copied.append(f"{path.relative_to(CONTENT)}: {' '.join(run)}")
    assert not copied, "\n".join(sorted(set(copied))[:20])
