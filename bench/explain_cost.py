"""`python bench/explain_cost.py`: what reading a whole explanation costs, against explanations off.

Input: `--stations N` generated Guangzhou stations (`bench/stations.py`, seed 1), `--runs R`.
Output: microseconds a station for "off, summary read" (`bench/run.py`'s like-for-like
figure) and "on, explanation read" (`swrules.explain(evaluate(f, explain=True)).to_dict()`),
each pass timing both in turn, with the best and the median ratio of the passes. With
`--only none|off|on` it times nothing: it warms up on 20 stations of each, then runs the
stations in that mode only, for counting instructions, which a loaded machine does not
change:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python bench/explain_cost.py --only on

(the same with `none` and `off`; a mode's cost is its count minus `none`'s, over N). Two more
modes split "on" for counting: `traced` (the traced evaluation alone) and `built` (it and
`swrules.explain`, without `to_dict`); `built` minus `traced` is the explanation's build; `json`
writes what `eval --format json` writes (`explained_json_utf8`, the result's document and the explanation).
Three count the indicator's explanation alone (its 12 records a station): `ind-none` (the
traced evaluation and the explainer set up), `ind-built` (and the indicator's explanation
built, `_Explainer.build_rule`), `ind-on` (and its `to_dict`); `ind-built` minus `ind-none`
is its build, `ind-on` minus `ind-none` its build and dict.
Two more isolate the rules explained anew at every station because their values differ, the
items, parties and total (`sums`: each one's explanation built and its dict made, as `swrules.explain`
and `to_dict` do) from what they need (`sums-none`: each station's traced result and its explainer,
made one station at a time as `on` makes them, so that the collector sees as much as it does there);
`sums` minus `sums-none` is their cost; `sums-write` writes their dicts as `to_dict` does before the
model is read (`sums.Later.write`), without building them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import stations  # noqa: E402
from run import POLICY, _read_summary  # noqa: E402

import swrules  # noqa: E402
from swrules.explanation.build import explained_json_utf8  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stations", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", choices=["none", "off", "on", "traced", "built", "ind-none", "ind-built", "ind-on",
                                        "sums", "sums-none", "sums-write", "json"])
    args = ap.parse_args(argv)
    policy = swrules.load_policy(POLICY)
    facts = stations.stations(args.stations, seed=1)
    evaluate = policy.evaluate
    modes: dict[str, Callable[[dict[str, Any]], Any]] = {
        "off": lambda f: _read_summary(evaluate(f)),
        "on": lambda f: swrules.explain(evaluate(f, explain=True)).to_dict(),
    }
    split: dict[str, Callable[[dict[str, Any]], Any]] = {
        "traced": lambda f: evaluate(f, explain=True),
        "built": lambda f: swrules.explain(evaluate(f, explain=True)),
        "json": lambda f: explained_json_utf8(evaluate(f, explain=True)),
        **_indicator_modes(evaluate),
    }
    with swrules.evaluating():
        for fn in modes.values():  # warm up: caches per policy, remembered texts
            for f in facts[:20]:
                fn(f)
        if args.only is not None and args.only.startswith("sums"):
            _sums(policy, facts, args.only)
            return 0
        if args.only is not None:
            if args.only != "none":
                fn = {**modes, **split}[args.only]
                for f in facts:
                    fn(f)
            return 0
        samples: dict[str, list[float]] = {name: [] for name in modes}
        for _ in range(args.runs):
            for name, fn in modes.items():
                start = time.perf_counter()
                for f in facts:
                    fn(f)
                samples[name].append((time.perf_counter() - start) / len(facts))
    best = {name: min(v) for name, v in samples.items()}
    ratios = [on / off for on, off in zip(samples["on"], samples["off"], strict=True)]
    print(f"off, summary read      {best['off'] * 1e6:8.1f} us a station (best of {args.runs})")
    print(f"on, explanation read   {best['on'] * 1e6:8.1f} us a station")
    print(f"ratio: best {best['on'] / best['off']:.2f}x, median of the passes {statistics.median(ratios):.2f}x")
    return 0


def _indicator_modes(evaluate: Callable[..., Any]) -> dict[str, Callable[[dict[str, Any]], Any]]:
    """The `ind-*` modes: the indicators' explanations alone, beside the traced evaluation and explainer."""
    from swrules.explanation.build import _Explainer
    from swrules.explanation.plans import rule_plans

    def explainer(f: dict[str, Any]) -> Any:
        r = evaluate(f, explain=True)
        assert r.trace is not None
        return _Explainer(r.trace.policy, r)

    def built(f: dict[str, Any]) -> list[Any]:
        e = explainer(f)
        return [e.build_rule(p, e.traces.get(p.slot, [])) for p in rule_plans(e.names) if p.kind == "indicator"]

    return {"ind-none": explainer, "ind-built": built, "ind-on": lambda f: [x.to_dict() for x in built(f)]}


def _sums(policy: swrules.Policy, facts: list[dict[str, Any]], mode: str) -> None:
    """The items', parties' and total's explanations of each station, built and read (`--only sums`), their
    dicts written straight from the trace as `to_dict` writes them before the model is read (`sums-write`),
    or only what that needs: each result's explainer (`sums-none`)."""
    from swrules.check.ir import RuleKind
    from swrules.explanation.build import _Explainer
    from swrules.explanation.plans import rule_plans
    from swrules.explanation.sums import Later

    kinds = (RuleKind.ITEM, RuleKind.PARTY, RuleKind.TOTAL)
    for f in facts:
        result = policy.evaluate(f, explain=True)
        assert result.trace is not None
        explainer = _Explainer(result.trace.policy, result)
        events = explainer.traces
        if mode == "sums":
            for plan in rule_plans(explainer.names):
                if plan.rule.kind in kinds:
                    explainer.build_rule(plan, events.get(plan.slot, [])).to_dict()
        elif mode == "sums-write":
            write = Later(explainer, []).write
            for plan in rule_plans(explainer.names):
                if plan.rule.kind in kinds:
                    write((plan, events.get(plan.slot, [])))


if __name__ == "__main__":
    raise SystemExit(main())
