"""Benchmarks for supportprep, reported as ratios against baselines measured in the same run.

Usage: python bench/run.py [--rounds N] [--json]

Each case runs a supportprep command and its baseline as fresh processes, interleaved (A, B, A,
B, ...) so that drift in machine load hits both alike, and reports medians and their ratio:

- ``supportprep --help`` against a minimal two-command Typer app's ``--help``;
- ``supportprep plan`` against the same baseline;
- the everyday commands (home, ``next``, ``checklist``, ``progress``, ``history``, ``export``,
  ``packs list``) on a profile and a few weeks of attempts, content cache warm, against the same
  baseline; and the home screen on its first run after install (content cache cold);
- drill start: ``supportprep drill --scenario ID`` in a pseudo-terminal until the scenario is on
  screen (its answer clock starts with it), against the baseline run in the same pseudo-terminal;
- ``supportprep analyze`` of a 250-word answer (points judged by meaning, so the word model's
  load is included) against the same baseline;
- history size: home, ``next``, ``progress``, ``checklist`` and ``history`` on histories of 1,000,
  10,000 and 100,000 attempts (written through the store's API by ``make_history.py``) against
  the same command on an empty history, with the peak memory at the largest size against a
  100 MB budget, and ``export`` at the largest size against the smallest (it streams);
- ``supportprep packs validate DIR`` on a generated 5,000-scenario pack against parsing the same
  files with yaml's C loader alone, with the peak memory (max RSS) of each;
- the same with the validated-content cache warm (the everyday case: packs rarely change);
- how validation cost grows from 1,000 to 10,000 scenarios without the cache (time per 1,000
  scenarios above the cost of an empty pack).

supportprep runs as users install it: the runner builds the wheel and installs it (not
editable, bytecode compiled) into its temporary folder, ahead of this environment's copy on
``PYTHONPATH``; so the first run after install finds what the wheel ships.

Timings are wall-clock seconds of whole processes, interpreter start-up included, as a user
experiences them. Nothing here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LOAD_AT_START = os.getloadavg()
sys.path.insert(0, str(BENCH))

from make_pack import write_pack  # noqa: E402

EVERYDAY: dict[str, list[str]] = {
    "home": [],
    "next": ["next"],
    "checklist": ["checklist"],
    "progress": ["progress"],
    "history": ["history"],
    "export": ["export", "--format", "json"],
    "packs_list": ["packs", "list"],
}
SIZED = ("home", "next", "progress", "checklist", "history")
SIZES = (1000, 10000, 100000)
SIZE_TARGETS = {1000: 1.5, 10000: 1.5, 100000: 3.0}
MEMORY_BUDGET_KB = 100 * 1024

TARGETS = {
    "help": 1.15,
    "plan": 1.15,
    **dict.fromkeys(EVERYDAY, 1.15),
    "first_run": 1.5,
    "drill_start": 1.15,
    **{f"{name}_{size}": SIZE_TARGETS[size] for size in SIZES for name in SIZED},
    "history_memory": 1.0,
    "export_memory": 1.5,
    "analyze": 3.0,
    "validate": 1.5,
    "validate_memory": 3.0,
    "validate_cached": 1.5,
    "growth": 1.25,
}


ANALYZE_SCENARIO = "lt-sso-loop-idp-cert-rotation"
ANSWER_250 = """\
Scope first: I own triage, the customer updates and the incident record; our tier-2 engineer
takes the SAML trace, and I escalate to the identity engineer on call if the trace points at
our side. First I reproduce it with one affected clinician and a trace, and compare the
certificate thumbprint in the assertion with the one we hold, before anyone changes anything.
If they differ, the hospital rotated its signing certificate and we never got the new metadata.

While that runs, I would ask the nursing lead to start paper downtime on the affected units
now, because medication handoffs cannot wait for us. I will not switch off signature checks to
get people in faster: that trades a login problem for a security incident.

To restore access safely, their administrator uploads the new certificate through the
break-glass admin account, or they send fresh metadata and we load it once we have checked it
against the published one. Then I test with the same clinician and two more on different
units, and watch failed logins on the dashboard for thirty minutes.

I will post updates every 30 minutes to the hospital bridge and the charge nurses, each with
what we know, what we are doing and when the next update comes. The next one goes out at 10:30.
Afterwards I will write the incident review by Friday, with one change: certificate expiry dates
go into our monitoring so we call them a month before a rotation, not after it.
"""


@dataclass
class Sample:
    seconds: float
    max_rss_kb: int


def run_once(argv: list[str], env: dict[str, str]) -> Sample:
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"bench: {' '.join(argv)} failed ({process.returncode}): {error}")
    if process.stderr:
        process.stderr.close()
    return Sample(elapsed, usage.ru_maxrss)


def run_in_terminal(argv: list[str], env: dict[str, str], until: str | None = None) -> Sample:
    """Time ``argv`` in a pseudo-terminal until ``until`` appears on screen (then stop it), or
    until it exits. pexpect comes with the dev extras."""
    import pexpect

    start = time.perf_counter()
    env = {**env, "COLUMNS": "100", "LINES": "40", "TERM": "xterm-256color"}
    child = pexpect.spawn(argv[0], argv[1:], env=env, dimensions=(40, 100), encoding="utf-8")
    try:
        child.expect(pexpect.EOF if until is None else until, timeout=60)
        elapsed = time.perf_counter() - start
    except (pexpect.EOF, pexpect.TIMEOUT) as exc:
        raise SystemExit(f"bench: {' '.join(argv)} never showed {until!r}: {exc}") from None
    finally:
        child.close(force=True)
    return Sample(elapsed, 0)


Runner = Callable[[], Sample]


def interleaved(
    a: list[str] | Runner, b: list[str] | Runner, env: dict[str, str], rounds: int
) -> tuple[list[Sample], list[Sample]]:
    run_a = a if callable(a) else (lambda: run_once(a, env))
    run_b = b if callable(b) else (lambda: run_once(b, env))
    run_a()  # warm the file cache for both before measuring
    run_b()
    first: list[Sample] = []
    second: list[Sample] = []
    for _ in range(rounds):
        first.append(run_a())
        second.append(run_b())
    return first, second


def seed_history(env: dict[str, str]) -> None:
    """A profile and a few weeks of attempts, so home and next have real work to do."""
    code = (
        "from datetime import UTC, datetime, timedelta\n"
        "from supportprep.store.attempt import Attempt\n"
        "from supportprep.store.history import open_history\n"
        "now = datetime.now(UTC)\n"
        "ids = ['co-wont-fix-bug-nine-percent', 'co-pricing-change-two-days-notice']\n"
        "rows = [Attempt(scenario_id=ids[i % 2], scenario_title='t', stage='s', rubric='r',\n"
        "    started_at=now - timedelta(days=40 - i), finished_at=now - timedelta(days=40 - i),\n"
        "    time_limit_seconds=600, duration_seconds=500, overtime_seconds=0,\n"
        "    score=40 + i, skill_scores={'communication': 40 + i}) for i in range(40)]\n"
        "with open_history() as h:\n"
        "    h.save_many(rows)\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    subprocess.run(
        [sys.executable, "-m", "supportprep", "profile", "set", "--interview-date", "+20"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def seed_sized(home: Path, size: int, env: dict[str, str]) -> dict[str, str]:
    """A home with a profile and ``size`` attempts; its environment."""
    sized = {**env, "SUPPORTPREP_HOME": str(home)}
    subprocess.run(
        [sys.executable, str(BENCH / "make_history.py"), str(size)], env=sized, check=True
    )
    subprocess.run(
        [sys.executable, "-m", "supportprep", "profile", "set", "--interview-date", "+20"],
        env=sized,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return sized


def median(samples: list[Sample]) -> float:
    return statistics.median(s.seconds for s in samples)


def peak(samples: list[Sample]) -> int:
    return max(s.max_rss_kb for s in samples)


def _fmt(value: float, unit: str) -> str:
    return f"{value:.3f} s" if unit == "s" else f"{value / 1024:.0f} MB"


def install_wheel(folder: Path) -> Path:
    """Build supportprep's wheel and install it (without its dependencies, which this
    environment has) into ``folder``, as pip or pipx install it: not editable, bytecode compiled,
    the wheel's own files (the bundled packs and what the build put beside them). Every case
    runs that install, put first on ``PYTHONPATH``: the issue measures what users run."""
    dist = folder / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(BENCH.parent)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("supportprep-*.whl"))
    target = folder / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs per command (default 15)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--no-validate",
        action="store_true",
        help="leave out the pack validation cases (the slowest part)",
    )
    parser.add_argument(
        "--max-history",
        type=int,
        default=SIZES[-1],
        help=f"largest history size to measure (default {SIZES[-1]:,})",
    )
    args = parser.parse_args(argv)

    py = sys.executable
    tool = [py, "-m", "supportprep"]
    baseline = [py, str(BENCH / "minimal_app.py"), "--help"]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SUPPORTPREP_HOME": str(Path(tmp) / "home"), "NO_COLOR": "1"}
        env["COLUMNS"] = "80"
        env["PYTHONPATH"] = str(install_wheel(Path(tmp)))
        # An installed tool has bytecode compiled at install time (pip and pipx do it); let the
        # warm-up runs write it here too, or every run would recompile supportprep's modules
        # while typer's own come precompiled from site-packages.
        env.pop("PYTHONDONTWRITEBYTECODE", None)

        a, b = interleaved([*tool, "--help"], baseline, env, args.rounds)
        results["help"] = {"supportprep": median(a), "baseline": median(b)}

        plan = [*tool, "plan", "--role", "customer-support-manager"]
        a, b = interleaved(plan, baseline, env, args.rounds)
        results["plan"] = {"supportprep": median(a), "baseline": median(b)}

        seed_history(env)
        for name, command in EVERYDAY.items():
            a, b = interleaved([*tool, *command], baseline, env, args.rounds)
            results[name] = {"supportprep": median(a), "baseline": median(b)}

        cache = Path(env["SUPPORTPREP_HOME"]) / "cache"

        def first_run() -> Sample:
            # What the first run after an install finds: bytecode compiled, no content cache.
            shutil.rmtree(cache, ignore_errors=True)
            return run_once(tool, env)

        a, b = interleaved(first_run, baseline, env, args.rounds)
        results["first_run"] = {"supportprep": median(a), "baseline": median(b)}

        drill = [*tool, "drill", "--scenario", "co-wont-fix-bug-nine-percent"]
        a, b = interleaved(
            # The scenario panel's header line, drawn as the answer clock starts.
            lambda: run_in_terminal(drill, env, until="to answer"),
            lambda: run_in_terminal(baseline, env),
            env,
            args.rounds,
        )
        results["drill_start"] = {"supportprep": median(a), "baseline": median(b)}
        answer = Path(tmp) / "answer.txt"
        answer.write_text(ANSWER_250, encoding="utf-8")
        analyze = [*tool, "analyze", "-s", ANALYZE_SCENARIO, "--answer-file", str(answer)]
        a, b = interleaved([*analyze, "--json"], baseline, env, args.rounds)
        results["analyze"] = {"supportprep": median(a), "baseline": median(b)}

        history_sizes = [0, *(size for size in SIZES if size <= args.max_history)]
        homes = {size: seed_sized(Path(tmp) / f"home-{size}", size, env) for size in history_sizes}
        sized: dict[tuple[str, int], list[Sample]] = {}
        for size in history_sizes:  # warm each home's content cache and file cache
            for name in SIZED:
                run_once([*tool, *EVERYDAY[name]], homes[size])
        # Sizes interleaved in every round, so load drift hits all alike.
        for _ in range(max(5, args.rounds // 2)):
            for size in history_sizes:
                for name in SIZED:
                    sample = run_once([*tool, *EVERYDAY[name]], homes[size])
                    sized.setdefault((name, size), []).append(sample)
        for size in history_sizes[1:]:
            for name in SIZED:
                results[f"{name}_{size}"] = {
                    "supportprep": median(sized[name, size]),
                    "baseline": median(sized[name, 0]),
                }
        largest = history_sizes[-1]
        results["history_memory"] = {
            "supportprep": max(peak(sized[name, largest]) for name in SIZED),
            "baseline": MEMORY_BUDGET_KB,
        }
        export = [*tool, "export", "--format", "json", "--force", "--output"]
        exports = {
            size: run_once([*export, str(Path(tmp) / f"export-{size}.json")], homes[size])
            for size in (history_sizes[1], largest)
        }
        results["export_memory"] = {
            "supportprep": exports[largest].max_rss_kb,
            "baseline": exports[history_sizes[1]].max_rss_kb,
        }

        if args.no_validate:
            return report_results(args, results)
        packs: dict[int, Path] = {}
        for size in (1000, 5000, 10000):
            packs[size] = Path(tmp) / f"pack-{size}"
            write_pack(size, packs[size])
        parse = [py, str(BENCH / "parse_only.py")]
        cold = {**env, "SUPPORTPREP_NO_CACHE": "1"}
        validate_5k = [*tool, "packs", "validate", str(packs[5000])]
        a, b = interleaved(validate_5k, [*parse, str(packs[5000])], cold, args.rounds)
        results["validate"] = {"supportprep": median(a), "baseline": median(b)}
        results["validate_memory"] = {"supportprep": peak(a), "baseline": peak(b)}
        a, b = interleaved(validate_5k, [*parse, str(packs[5000])], env, args.rounds)
        results["validate_cached"] = {"supportprep": median(a), "baseline": median(b)}

        empty = Path(tmp) / "pack-0"
        write_pack(0, empty)
        # Sizes interleaved in every round (like the pairs above), so load drift hits all alike.
        sizes = {0: empty, 1000: packs[1000], 10000: packs[10000]}
        growth: dict[int, list[Sample]] = {size: [] for size in sizes}
        # The cost per 1,000 at the small size is the difference of two close medians: more
        # rounds than elsewhere, or one slow run swings the ratio by a third.
        for _ in range(max(9, args.rounds)):
            for size, folder in sizes.items():
                growth[size].append(run_once([*tool, "packs", "validate", str(folder)], cold))
        costs = {size: median(samples) for size, samples in growth.items()}
        per_k_small = (costs[1000] - costs[0]) / 1
        per_k_large = (costs[10000] - costs[0]) / 10
        results["growth"] = {"supportprep": per_k_large, "baseline": per_k_small}

    return report_results(args, results)


def report_results(args: argparse.Namespace, results: dict[str, dict[str, float]]) -> int:
    report = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(),
            # Other work on the machine slows both sides of a pair alike, but say how much.
            "load_average_before": round(LOAD_AT_START[0], 1),
            "load_average_after": round(os.getloadavg()[0], 1),
        },
        "rounds": args.rounds,
        "results": {
            name: {**values, "ratio": values["supportprep"] / values["baseline"]}
            for name, values in results.items()
        },
        "targets": TARGETS,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    typer_help = "minimal Typer app --help"
    labels: dict[str, tuple[str, str, str]] = {
        "help": ("supportprep --help", typer_help, "s"),
        "plan": ("supportprep plan", typer_help, "s"),
        "home": ("supportprep (home screen), 40 attempts", typer_help, "s"),
        "next": ("supportprep next, 40 attempts", typer_help, "s"),
        "checklist": ("supportprep checklist, 40 attempts", typer_help, "s"),
        "progress": ("supportprep progress, 40 attempts", typer_help, "s"),
        "history": ("supportprep history, 40 attempts", typer_help, "s"),
        "export": ("supportprep export --format json, 40 attempts", typer_help, "s"),
        "packs_list": ("supportprep packs list", typer_help, "s"),
        "first_run": ("home screen, first run after install (empty cache)", typer_help, "s"),
        "drill_start": (
            "drill start, until the scenario shows",
            "minimal Typer app --help, same terminal",
            "s",
        ),
        "analyze": ("supportprep analyze, 250-word answer", "minimal Typer app --help", "s"),
        "validate": ("packs validate, 5,000 scenarios, no cache", "yaml C loader parse", "s"),
        "validate_memory": ("  peak memory of that pair", "", "KB"),
        "validate_cached": ("the same, content cache warm", "yaml C loader parse", "s"),
        "growth": ("no-cache cost per 1,000 scenarios at 10,000", "the same at 1,000", "s"),
        "history_memory": ("peak memory of those at the largest history", "budget", "KB"),
        "export_memory": ("export json peak memory, largest history", "smallest history", "KB"),
    }
    for size in SIZES:
        for name in SIZED:
            shown = "supportprep" if name == "home" else f"supportprep {name}"
            labels[f"{name}_{size}"] = (f"{shown}, {size:,} attempts", "empty history", "s")
    machine = report["machine"]
    print(
        f"Machine: {machine['processor']}, {machine['cpus']} cores, {machine['platform']}, "
        f"Python {machine['python']}; medians of {args.rounds} interleaved runs; load average "
        f"{machine['load_average_before']} at the start, {machine['load_average_after']} at the end"
    )
    print()
    print("| case | supportprep | baseline | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    for name, values in report["results"].items():
        label, base_label, unit = labels[name]
        ratio = values["ratio"]
        ok = "ok" if ratio <= TARGETS[name] else "MISSED"
        base = _fmt(values["baseline"], unit) + (f" ({base_label})" if base_label else "")
        print(
            f"| {label} | {_fmt(values['supportprep'], unit)} | {base} | {ratio:.2f}x "
            f"| <= {TARGETS[name]}x {ok} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
