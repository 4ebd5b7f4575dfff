"""`python bench/run.py`: how fast swrules is, against hand-written Python and `tomllib`.

Input: options (`--quick` for a smoke run). Output: a report on stdout of policy load
time (cold and warm grammar cache), evaluations per second with explanations off and
on next to the hand-written Decimal evaluator (`handwritten.py`) and their ratio, batch
throughput from TOML files against `tomllib` alone with 1 and 2 processes, and peak
memory of the batch at two sizes; each figure the median of several runs. Beside them,
the rule engines a team would pick instead (`engines/`: rule-engine and JSON Logic,
each skipped with a note if its package is not installed). Exit status 1 if swrules
or an engine disagrees with the hand-written evaluator on any station (the figures
are then meaningless).
Timings are never asserted; the targets are printed beside the figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import tracemalloc
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import compare  # noqa: E402
import engines  # noqa: E402
import handwritten  # noqa: E402
import stations  # noqa: E402

import swrules  # noqa: E402
from swrules.engine.batch import StationRow, evaluate_rows  # noqa: E402
from swrules.engine.versions import PolicySet  # noqa: E402

ROOT = HERE.parent
POLICY = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"

TARGET_OFF, TARGET_ON, TARGET_LOAD_MS, TARGET_BATCH = 1.2, 3.0, 50.0, 2.0
# Issue 17: the whole explanation built and read, and `eval --format json`, against explanations off (summary read).
TARGET_EXPLAINED, TARGET_JSON = 3.0, 6.0


def median_time(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# ------------------------------------------------------------------ policy load

_LOAD = """
import time, sys
start = time.perf_counter()
import swrules
import swrules.engine.policy  # `import swrules` loads its names on first use: the engine's import counted here
imported = time.perf_counter()
swrules.load_policy(sys.argv[1])
first = time.perf_counter()
swrules.load_policy(sys.argv[1])
second = time.perf_counter()
print(imported - start, first - imported, second - first)
"""


def load_times(runs: int) -> dict[str, float]:
    """Seconds to load the policy in a new process (not counting `import swrules`).

    cold: no cache at all (Lark builds its tables, the policy is parsed);
    grammar: Lark's grammar cache warm, the policy text not seen before (just edited);
    warm: both the grammar and the parsed-policy cache warm (an unchanged policy);
    in_process: a second load in the same process (the parser already built).
    """
    samples: dict[str, list[float]] = {"import": [], "cold": [], "grammar": [], "warm": [], "in_process": []}
    with tempfile.TemporaryDirectory() as cache:
        for _ in range(runs):
            for f in Path(cache).rglob("*"):
                if f.is_file():
                    f.unlink()
            for name, ast_cache in (("cold", "0"), ("grammar", "0"), ("warm_fill", "1"), ("warm", "1")):
                env = dict(os.environ, SWRULES_CACHE_DIR=cache, SWRULES_AST_CACHE=ast_cache)
                out = subprocess.run([sys.executable, "-c", _LOAD, str(POLICY)], env=env, check=True,
                                     capture_output=True, text=True).stdout.split()
                if name in samples:
                    samples["import"].append(float(out[0]))
                    samples[name].append(float(out[1]))
                if name == "warm":
                    samples["in_process"].append(float(out[2]))
    return {name: statistics.median(v) for name, v in samples.items()}


# ------------------------------------------------------------------ evaluation

def check_agreement(policy: swrules.Policy, facts: Sequence[dict[str, Any]],
                    rule_engines: Sequence[engines.Engine] = ()) -> list[str]:
    """Stations on which swrules (explanations off or on) or an engine and the hand-written evaluator differ."""
    bad = []
    with swrules.evaluating():
        for i, f in enumerate(facts):
            expected = handwritten.evaluate(f)
            candidates = [(f"swrules, explain={explain}", compare.summary_of(policy.evaluate(f, explain=explain)))
                          for explain in (False, True)]
            candidates += [(engine.name, engine.evaluate(f)) for engine in rule_engines]
            for who, got in candidates:
                if not compare.same(got, expected):
                    fields = [k for k in expected.__slots__ if getattr(got, k) != getattr(expected, k)]
                    bad.append(f"station {i} ({who}): differs in {', '.join(fields) or 'total digits'}")
    return bad


def _read_summary(result: Any) -> tuple[Any, ...]:
    """Read what `handwritten.Summary` holds, so that both sides build the same report data."""
    return (result.total, result.grade, result.provisional, [s.counted for s in result.scores],
            [v.status for v in result.vetoes], [f.status for f in result.findings],
            [i.value for i in result.indicators], [r.status for r in result.reconciliation],
            [m.key for m in result.missing])


# Standard output as Python opens it on POSIX (UTF-8, line ends kept) behind swrules' escaping, on /dev/null.
_STDOUT: Any = None


def eval_json(result: swrules.Result) -> None:
    """What `swrules eval --format json` does once the station is evaluated: the result and its explanation
    written as JSON to standard output (`cli.evaluate._single`). Trees before `write_json` wrote the
    text of `explained_json` through the escaping stream."""
    global _STDOUT
    from swrules.base.textsafe import EscapingStream
    from swrules.cli import output
    from swrules.explanation import build

    if _STDOUT is None:
        _STDOUT = EscapingStream(open(os.devnull, "w", encoding="utf-8", newline="\n"))  # noqa: SIM115
    if hasattr(output, "write_json"):
        output.write_json(_STDOUT, build.explained_json_utf8(result))
    else:
        _STDOUT.write(build.explained_json(result))
    _STDOUT.flush()


def evaluation_times(policy: swrules.Policy, facts: Sequence[dict[str, Any]], runs: int,
                     rule_engines: Sequence[engines.Engine] = ()) -> dict[str, Any]:
    """Seconds per station for each evaluator.

    The evaluators take turns on slices of 50 stations, so that a change in the load
    of a shared machine hits all of them alike; each run gives a ratio, and the
    median ratio is reported. Each engine is also compared with swrules' like-for-like
    figure (explanations off, summary read): `ratio_<engine>_swrules`.
    """
    evaluate = policy.evaluate
    modes: dict[str, Callable[[dict[str, Any]], Any]] = {
        "hand": handwritten.evaluate,
        "off": evaluate,
        # The traced plan runs and the trace is kept; the explanation is written when asked for.
        "on": lambda f: evaluate(f, explain=True),
        # ... and then the whole explanation built and the result written as JSON to standard output, as
        # `eval --format json` does (before r2e-json: `explained_json`'s text made, not written).
        "on_json": lambda f: eval_json(evaluate(f, explain=True)),
        # ... or the whole explanation built and read (every sentence, formula, value), as an auditor's tool does.
        "on_read": lambda f: swrules.explain(evaluate(f, explain=True)).to_dict(),
        "off_lines": lambda f: evaluate(f).rules,  # the per-rule lines, built on first access
        # Like for like: everything the hand-written Summary carries, read from the result
        # (a result builds its report parts on first read, so "off" alone counts less).
        "off_summary": lambda f: _read_summary(evaluate(f)),
        "on_summary": lambda f: _read_summary(evaluate(f, explain=True)),
    }
    # Each engine validates with handwritten.validate, then evaluates: timed like "hand".
    modes.update((engine.key, engine.evaluate) for engine in rule_engines)
    if rule_engines:
        modes["validate"] = handwritten.validate  # the part of every engine's time that is not the engine's
    slices = [facts[i:i + 50] for i in range(0, len(facts), 50)]
    samples: dict[str, list[float]] = {name: [] for name in modes}
    clock = time.perf_counter
    with swrules.evaluating():
        for fn in modes.values():  # warm up
            for f in slices[0]:
                fn(f)
        for _ in range(runs):
            spent = dict.fromkeys(modes, 0.0)
            order = list(modes)
            for part in slices:
                order.append(order.pop(0))  # who goes first changes from slice to slice
                for name in order:
                    fn = modes[name]
                    start = clock()
                    for f in part:
                        fn(f)
                    spent[name] += clock() - start
            for name, seconds in spent.items():
                samples[name].append(seconds / len(facts))
    out: dict[str, Any] = {name: statistics.median(v) for name, v in samples.items()}
    for name in ("on_read", "on_json"):  # against swrules itself, explanations off, summary read
        out[f"ratio_{name}_off"] = statistics.median(
            o / h for o, h in zip(samples[name], samples["off_summary"], strict=True))
    for name in ("off", "on", "on_json", "on_read", "off_lines", "off_summary", "on_summary"):
        ratios = [o / h for o, h in zip(samples[name], samples["hand"], strict=True)]
        out[f"ratio_{name}"] = statistics.median(ratios)
        out[f"spread_{name}"] = (min(ratios), max(ratios))  # how far single runs strayed from the median
    for engine in rule_engines:
        name = engine.key
        out[f"ratio_{name}"] = statistics.median(
            e / h for e, h in zip(samples[name], samples["hand"], strict=True))
        out[f"ratio_{name}_swrules"] = statistics.median(
            e / s for e, s in zip(samples[name], samples["off_summary"], strict=True))
    return out


# ------------------------------------------------------------------ batch from files

def swrules_batch(paths: list[str], jobs: int) -> list[StationRow]:
    """What `swrules eval --jobs N` does before printing: load the policy set, one summary row per file."""
    policies = PolicySet.load(POLICY)
    return list(evaluate_rows(paths, policies, str(POLICY), version=None, lang="zh", jobs=jobs))


def _tomllib_only(paths: Sequence[str]) -> int:
    n = 0
    for path in paths:
        with open(path, "rb") as fh:
            n += len(tomllib.loads(fh.read().decode("utf-8-sig"), parse_float=Decimal))
    return n


def tomllib_batch(paths: list[str], jobs: int) -> int:
    """The same files read by tomllib alone, on as many processes started the same way (spawn)."""
    if jobs == 1:
        return _tomllib_only(paths)
    chunk = max(1, len(paths) // (jobs * 4))
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        return sum(pool.map(_tomllib_only, [paths[i:i + chunk] for i in range(0, len(paths), chunk)]))


def batch_times(paths: list[str], runs: int) -> dict[str, float]:
    out: dict[str, list[float]] = {"tomllib_1": [], "tomllib_2": [], "swrules_1": [], "swrules_2": []}
    if swrules_batch(paths, 2) != swrules_batch(paths, 1):
        raise SystemExit("the batch with 2 processes gave other rows than with 1")
    for _ in range(runs):
        for jobs in (1, 2):
            out[f"tomllib_{jobs}"].append(median_time(lambda: tomllib_batch(paths, jobs), 1))  # noqa: B023
            out[f"swrules_{jobs}"].append(median_time(lambda: swrules_batch(paths, jobs), 1))  # noqa: B023
    med = {k: statistics.median(v) for k, v in out.items()}
    for jobs in (1, 2):
        med[f"ratio_{jobs}"] = statistics.median(
            s / t for s, t in zip(out[f"swrules_{jobs}"], out[f"tomllib_{jobs}"], strict=True))
    return med


def peak_memory(paths: list[str]) -> tuple[int, int]:
    """Peak bytes traced while evaluating the files in one process, and bytes of the rows kept."""
    policies = PolicySet.load(POLICY)
    list(evaluate_rows(paths[:10], policies, str(POLICY), version=None, lang="zh"))  # first-use allocations
    gc.collect()
    tracemalloc.start()
    rows = list(evaluate_rows(paths, policies, str(POLICY), version=None, lang="zh"))
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del rows
    return peak, current


# ------------------------------------------------------------------ report

def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a smoke run: few stations, few files, one run")
    ap.add_argument("--stations", type=int, default=2000, help="generated stations for evaluations per second")
    ap.add_argument("--files", type=int, default=10000, help="TOML fact files for the batch")
    ap.add_argument("--runs", type=int, default=5, help="runs per figure; medians are reported")
    ap.add_argument("--seed", type=int, default=20250131)
    ap.add_argument("--json", dest="json_out", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    if args.quick:
        args.stations, args.files, args.runs = min(args.stations, 100), min(args.files, 200), 1

    figures: dict[str, Any] = {"stations": args.stations, "files": args.files, "runs": args.runs,
                               "cpus": os.cpu_count(), "python": sys.version.split()[0]}
    print(f"swrules benchmark: Guangzhou policy, {args.stations} generated stations, {args.files} files, "
          f"median of {args.runs} runs, {os.cpu_count()} CPUs, Python {figures['python']}")

    facts = stations.stations(args.stations, args.seed)
    policy = swrules.load_policy(POLICY)
    rule_engines, skipped = engines.load()
    figures["engines"] = {e.key: {"name": e.name, "package": e.distribution, "version": e.version}
                          for e in rule_engines}
    figures["engines_skipped"] = skipped
    for name, reason in skipped.items():
        print(f"{name} skipped: {reason}")
    disagreements = check_agreement(policy, facts, rule_engines)
    figures["disagreements"] = len(disagreements)
    if disagreements:
        print(f"\nan evaluator and the hand-written one DISAGREE on {len(disagreements)} station results:")
        for line in disagreements[:20]:
            print("  " + line)
        return 1
    print(f"\nboth evaluators agree on all {len(facts)} stations (explanations off and on)")
    if rule_engines:
        print(f"and so do the rule engines: {', '.join(f'{e.distribution} {e.version}' for e in rule_engines)}")

    load = load_times(args.runs)
    figures["load"] = load
    print("\npolicy load (parse, check, compile), not counting `import swrules` "
          f"({load['import'] * 1000:.0f} ms):")
    print(f"  cold: no cache                      {load['cold'] * 1000:8.1f} ms")
    print(f"  warm grammar cache, edited policy   {load['grammar'] * 1000:8.1f} ms")
    print(f"  warm caches, unchanged policy       {load['warm'] * 1000:8.1f} ms   target < {TARGET_LOAD_MS:.0f} ms"
          f"  {_mark(load['warm'] * 1000 < TARGET_LOAD_MS)}")
    print(f"  again in the same process           {load['in_process'] * 1000:8.1f} ms")

    ev = evaluation_times(policy, facts, args.runs, rule_engines)
    figures["evaluate"] = ev
    print("\nevaluation, per station:")
    print(f"  hand-written Decimal function       {ev['hand'] * 1e6:8.1f} us  {1 / ev['hand']:9.0f} /s")
    low, high = ev["spread_off_summary"]
    print(f"  swrules, off, summary read          {ev['off_summary'] * 1e6:8.1f} us  {1 / ev['off_summary']:9.0f} /s"
          f"   {ev['ratio_off_summary']:.2f}x hand-written (median of {args.runs} runs: {low:.2f}-{high:.2f}x),"
          f" target <= {TARGET_OFF}x  {_mark(ev['ratio_off_summary'] <= TARGET_OFF)}")
    print(f"  swrules, on, summary read           {ev['on_summary'] * 1e6:8.1f} us  {1 / ev['on_summary']:9.0f} /s"
          f"   {ev['ratio_on_summary']:.2f}x hand-written, target <= {TARGET_ON}x"
          f"  {_mark(ev['ratio_on_summary'] <= TARGET_ON)}")
    print("  (the two lines above are like for like: both sides build what a report needs)")
    print(f"  swrules, explanations off, unread   {ev['off'] * 1e6:8.1f} us  {1 / ev['off']:9.0f} /s"
          f"   {ev['ratio_off']:.2f}x (report parts not yet built: evaluation alone)")
    print(f"  swrules, explanations on, unread    {ev['on'] * 1e6:8.1f} us  {1 / ev['on']:9.0f} /s"
          f"   {ev['ratio_on']:.2f}x (traced evaluation alone)")
    print(f"  swrules, on, explanation built, JSON{ev['on_json'] * 1e6:8.1f} us  {1 / ev['on_json']:9.0f} /s"
          f"   {ev['ratio_on_json']:.2f}x (every sentence and the result written as JSON to stdout, as eval does)")
    print(f"  swrules, on, explanation read       {ev['on_read'] * 1e6:8.1f} us  {1 / ev['on_read']:9.0f} /s"
          f"   {ev['ratio_on_read_off']:.2f}x explanations off (summary read), target <= {TARGET_EXPLAINED}x"
          f"  {_mark(ev['ratio_on_read_off'] <= TARGET_EXPLAINED)}")
    print(f"  (the JSON line above against explanations off: {ev['ratio_on_json_off']:.2f}x, target <= {TARGET_JSON}x"
          f"  {_mark(ev['ratio_on_json_off'] <= TARGET_JSON)})")
    print(f"  swrules, off, per-rule lines read   {ev['off_lines'] * 1e6:8.1f} us  {1 / ev['off_lines']:9.0f} /s"
          f"   {ev['ratio_off_lines']:.2f}x (result.rules is built on first access)")
    if rule_engines:
        print("  rule engines: the same validation, then the rules; against hand-written and against"
              " swrules, off, summary read:")
        print(f"  (the validation they share, alone      {ev['validate'] * 1e6:8.1f} us)")
    for engine in rule_engines:
        name = engine.key
        print(f"  {engine.name + ' ' + engine.version:<36}{ev[name] * 1e6:8.1f} us  {1 / ev[name]:9.0f} /s"
              f"   {ev[f'ratio_{name}']:.2f}x hand-written, {ev[f'ratio_{name}_swrules']:.2f}x swrules")

    with tempfile.TemporaryDirectory() as tmp:
        small = max(1, args.files // 5)
        paths = [str(p) for p in stations.write_toml(Path(tmp), args.files, args.seed)]
        bt = batch_times(paths, args.runs)
        figures["batch"] = bt
        print(f"\nbatch from {args.files} TOML files (read, validate, evaluate; keep a summary row per file):")
        def line(label: str, seconds: float) -> str:
            return f"  {label:<36}{seconds:8.2f} s   {args.files / seconds:9.0f} files/s"

        print(line("tomllib alone, 1 process", bt["tomllib_1"]))
        print(line("tomllib alone, 2 processes", bt["tomllib_2"]))
        print(line("swrules --jobs 1", bt["swrules_1"]) + f"   {bt['ratio_1']:.2f}x tomllib, "
              f"target <= {TARGET_BATCH}x  {_mark(bt['ratio_1'] <= TARGET_BATCH)}")
        print(line("swrules --jobs 2", bt["swrules_2"]) + f"   {bt['ratio_2']:.2f}x tomllib in 2 processes")
        print("  (swrules: `swrules eval --jobs N` minus printing: engine.batch.evaluate_rows, policy load included)")
        mem = {n: peak_memory(paths[:n]) for n in (small, args.files)}
        figures["memory"] = {str(n): {"peak": p, "rows": r} for n, (p, r) in mem.items()}
        print("\npeak memory of the batch (tracemalloc, one process; rows = the summary rows kept):")
        for n, (peak, rows) in mem.items():
            print(f"  {n:6d} files: peak {peak / 1e6:7.2f} MB, of which rows {rows / 1e6:6.2f} MB, "
                  f"other {(peak - rows) / 1e6:6.2f} MB")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


if __name__ == "__main__":
    sys.exit(main())
