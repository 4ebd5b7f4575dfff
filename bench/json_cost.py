"""`python bench/json_cost.py`: what writing a station's JSON costs, against explanations off.

Input: `--stations N --runs R`. Output: on stdout, per station and as the median ratio
within each run to swrules with explanations off and the summary read (the like-for-like
figure of `bench/run.py`): the result's JSON without explanation (`Result.to_json`), the
explanation built and read (`explain(...).to_dict()`), the explanation built and the
whole document written as text (`explained_json`: the `bench/run.py` row "on, explanation
built, JSON" until r2e-json), the same as `eval --format json` writes it to standard
output (`run.eval_json`: orjson's bytes, escaped, to the binary buffer; the `bench/run.py`
row since r2e-json, and the issue's JSON target), and the differences of the last two
from the explanation read (the JSON part: the result's dict and the writing). Then, on
the explained documents alone, each JSON writer: `json.dumps(..., indent=2)`,
`dumps_indented`, `dumps_plain`.
The evaluators take turns on slices of 25 stations, as in `bench/run.py`. To compare
with an older tree: `git archive OLD src grammar | tar -x -C /tmp/old` and run with
`PYTHONPATH=/tmp/old/src` (the writers missing there are skipped).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import stations  # noqa: E402
from run import _read_summary, eval_json  # noqa: E402

import swrules  # noqa: E402
from swrules.base import jsonwrite  # noqa: E402
from swrules.explanation.build import explain, explained_document  # noqa: E402

POLICY = HERE.parent / "policies" / "guangzhou" / "station-evaluation.swr"


def taking_turns(modes: dict[str, Callable[[Any], Any]], items: list[Any], runs: int) -> dict[str, list[float]]:
    """Seconds per item of each mode, one figure per run; the modes take turns on slices of 25."""
    samples: dict[str, list[float]] = {name: [] for name in modes}
    slices = [items[i:i + 25] for i in range(0, len(items), 25)]
    for fn in modes.values():  # warm up
        for item in slices[0]:
            fn(item)
    for _ in range(runs):
        spent = dict.fromkeys(modes, 0.0)
        order = list(modes)
        for part in slices:
            order.append(order.pop(0))
            for name in order:
                fn = modes[name]
                start = time.perf_counter()
                for item in part:
                    fn(item)
                spent[name] += time.perf_counter() - start
        for name, seconds in spent.items():
            samples[name].append(seconds / len(items))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stations", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    policy = swrules.load_policy(POLICY)
    facts = stations.stations(args.stations)
    evaluate = policy.evaluate
    modes: dict[str, Callable[[Any], Any]] = {
        "off, summary read": lambda f: _read_summary(evaluate(f)),
        "off, Result.to_json": lambda f: evaluate(f).to_json(),
        "on, explanation read": lambda f: explain(evaluate(f, explain=True)).to_dict(),
        "on, explained_json": lambda f: swrules.explained_json(evaluate(f, explain=True)),
        "on, eval --format json": lambda f: eval_json(evaluate(f, explain=True)),
    }
    with swrules.evaluating():
        samples = taking_turns(modes, facts, args.runs)
        documents = [explained_document(evaluate(f, explain=True)) for f in facts]
    base = samples["off, summary read"]
    print(f"{args.stations} stations, {args.runs} runs; median per station, median ratio within a run:")
    for name, values in samples.items():
        ratio = statistics.median(v / b for v, b in zip(values, base, strict=True))
        print(f"  {name:28s}{statistics.median(values) * 1e6:9.1f} us  {ratio:6.2f}x off")
    for name, row in (("explained_json", "the JSON part (difference)"), ("eval --format json", "  as eval writes it")):
        part = statistics.median((j - r) / b for j, r, b in zip(samples[f"on, {name}"],
                                                                 samples["on, explanation read"], base, strict=True))
        print(f"  {row:28s}{'':12s}  {part:6.2f}x off")

    writers: dict[str, Callable[[Any], Any]] = {
        "json.dumps indent=2": lambda d: json.dumps(d, ensure_ascii=False, indent=2)}
    for name in ("dumps_indented", "dumps_plain"):
        if hasattr(jsonwrite, name):
            writers[name] = getattr(jsonwrite, name)
    written = taking_turns(writers, documents, args.runs)
    size = statistics.mean(len(json.dumps(d, ensure_ascii=False, indent=2)) for d in documents)
    print(f"writing the explained document alone ({size:,.0f} characters):")
    for name, values in written.items():
        print(f"  {name:28s}{statistics.median(values) * 1e6:9.1f} us")


if __name__ == "__main__":
    main()
