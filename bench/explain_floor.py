"""`python bench/explain_floor.py`: how low the explanation's two figures could go at all, in CPython.

Issue 17 asks the whole explanation built and read (`swrules.explain(evaluate(f, explain=True))
.to_dict()`) at <= 3x, and `eval --format json` at <= 6x, "explanations off, summary read"
(`bench/run.py`'s like-for-like figure). This script measures what any implementation that gives
the same output must spend, whatever it does, on the bundled Guangzhou policy and generated stations
(`bench/stations.py`, seed 11):

* the traced evaluation alone (both figures start from it);
* the read's dict: exactly the dict `to_dict()` gives a station, built by one literal display
  generated for that station, every leaf (string, number, None) already made and handed in as data:
  no look-up, no formatting, no model object, only the ~680 fresh containers the contract asks for
  (a caller may change the dict it gets, so none can be shared with another call);
* the leaves that differ station to station (a leaf whose text is found in fewer than half of the
  stations' dicts: sentences and figures), made as cheaply as one could: each as one decimal written
  into a constant template (`f"{head}{value}{tail}"`), a figure alone as `str(value)`. This part is an
  estimate of the least work, not a bound: a real writer also finds which template, which value;
* the JSON document exactly as `eval --format json` hands it to orjson (the result's dict, and the
  explanation with every rule explained the same for the same values already a written fragment, as
  `Explanation.json_document` makes it), built by one literal display with its leaves and fragments
  handed in; and orjson writing it with eval's options.

swrules' own two rows are printed beside them for scale: the same stations go round every pass, so
from the second pass on more rules are found kept than among new stations, and they read lower than
`bench/run.py`'s rows, which are the figures for the targets.

Output: microseconds a station and ratios to "off, summary read", the median of `--runs` passes
(each pass times every mode in turn on slices of 50 stations, as `bench/run.py` does), then the floors:
read >= traced + literal (+ leaves, estimated); JSON >= traced + document literal + write (+ leaves).
The literal displays are Python source generated from swrules' own output for these generated
stations: keys through `repr`, every value handed in as data, never spliced into the source.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import orjson  # noqa: E402
import stations  # noqa: E402
from run import POLICY, _read_summary, eval_json  # noqa: E402

import swrules  # noqa: E402

_SLICE = 50
# eval's options (`base.jsonwrite._orjson`, with the final newline `eval --format json` writes)
_OPTIONS = (orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATACLASS
            | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_APPEND_NEWLINE)


def _display(o: Any, leaves: list[Any]) -> str:
    """Python source of a display building `o`'s containers afresh, each leaf `L[i]` of `leaves`."""
    if type(o) is dict:
        return "{" + ",".join(f"{k!r}:{_display(v, leaves)}" for k, v in o.items()) + "}"
    if type(o) is list:
        return "[" + ",".join(_display(v, leaves) for v in o) + "]"
    if type(o) is tuple:
        return "(" + "".join(_display(v, leaves) + "," for v in o) + ")"
    leaves.append(o)
    return f"L[{len(leaves) - 1}]"


def literal(o: Any) -> tuple[Callable[[list[Any]], Any], list[Any]]:
    """A function building `o` afresh from its leaves, and the leaves; checked to give `o` back."""
    leaves: list[Any] = []
    namespace: dict[str, Any] = {}
    exec(compile(f"def build(L):\n    return {_display(o, leaves)}\n", "<floor display>", "exec"), namespace)
    build = namespace["build"]
    if build(leaves) != o:
        raise SystemExit("a literal display does not give its document back")
    return build, leaves


def _leaves(o: Any, out: list[Any]) -> list[Any]:
    if type(o) is dict:
        for v in o.values():
            _leaves(v, out)
    elif type(o) in (list, tuple):
        for v in o:
            _leaves(v, out)
    else:
        out.append(o)
    return out


def varying(documents: list[Any]) -> list[list[Any]]:
    """Per document, its leaves whose text is found in fewer than half of the documents."""
    per = [_leaves(d, []) for d in documents]
    seen: Counter[str] = Counter()
    for leaves in per:
        seen.update(set(map(repr, leaves)))
    common = {text for text, n in seen.items() if n * 2 >= len(per)}
    return [[x for x in leaves if repr(x) not in common] for leaves in per]


def maker(leaves: list[Any]) -> Callable[[], list[str]]:
    """The least work making strings like `leaves`: a figure as `str(decimal)`, any other text as one
    decimal written into a constant template of the same length."""
    figures = sum(1 for x in leaves if isinstance(x, str) and len(x) <= 12)
    texts = sum(1 for x in leaves if isinstance(x, str) and len(x) > 12)
    values = [Decimal("87.45"), Decimal("12"), Decimal("0.8533"), Decimal("100.00")]
    head, tail = "某项评估内容的评分为", "分，按权重折算后计入总分。"

    def make() -> list[str]:
        out: list[str] = []
        add = out.append
        for i in range(texts):
            add(f"{head}{values[i & 3]}{tail}")
        for i in range(figures):
            add(str(values[i & 3]))
        return out

    return make


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--stations", type=int, default=300)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    policy = swrules.load_policy(POLICY)
    evaluate = policy.evaluate
    facts = stations.stations(args.stations, seed=11)

    from swrules.explanation.build import explain

    reads = [explain(evaluate(f, explain=True)).to_dict() for f in facts]
    documents = []
    for f in facts:
        result = evaluate(f, explain=True)
        documents.append(result.to_dict() | {"explanation": explain(result).json_document(1)})
    read_literals = [literal(d) for d in reads]
    json_literals = [literal(d) for d in documents]
    changing = varying(reads)
    makers = [maker(v) for v in changing]
    stations_made = range(len(facts))

    modes: dict[str, Callable[[int], Any]] = {
        "off": lambda i: _read_summary(evaluate(facts[i])),
        "traced": lambda i: evaluate(facts[i], explain=True),
        "read": lambda i: swrules.explain(evaluate(facts[i], explain=True)).to_dict(),
        "json": lambda i: eval_json(evaluate(facts[i], explain=True)),
        "read_literal": lambda i: read_literals[i][0](read_literals[i][1]),
        "leaves": lambda i: makers[i](),
        "json_literal": lambda i: json_literals[i][0](json_literals[i][1]),
        "json_write": lambda i: orjson.dumps(documents[i], option=_OPTIONS),
    }
    for fn in modes.values():  # warm up: caches, generated code made at its thresholds
        for i in stations_made:
            fn(i)
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        spent = dict.fromkeys(modes, 0.0)
        gc.collect()
        for start in range(0, len(facts), _SLICE):
            part = stations_made[start:start + _SLICE]
            for name, fn in modes.items():
                t0 = time.perf_counter()
                for i in part:
                    fn(i)
                spent[name] += time.perf_counter() - t0
        runs.append({name: s / len(facts) for name, s in spent.items()})

    def med(name: str) -> float:
        return statistics.median(r[name] for r in runs)

    def ratio(*names: str) -> float:
        return statistics.median(sum(r[n] for n in names) / r["off"] for r in runs)

    off = med("off")
    n_leaves = statistics.mean(len(_leaves(d, [])) for d in reads)
    n_changing = statistics.mean(len(v) for v in changing)
    print(f"{len(facts)} stations, {args.runs} runs; median per station, median ratio within a run to 'off':")
    rows = [
        ("off, summary read (the targets' base)", "off"),
        ("traced evaluation alone", "traced"),
        ("swrules: explanation built and read (repeated stations)", "read"),
        ("swrules: eval --format json (repeated stations)", "json"),
        (f"read's dict as one literal ({n_leaves:.0f} leaves given)", "read_literal"),
        (f"{n_changing:.0f} changing leaves made (estimate)", "leaves"),
        ("JSON document as one literal (fragments given)", "json_literal"),
        ("orjson writing that document", "json_write"),
    ]
    for label, name in rows:
        print(f"  {label:<58} {med(name) * 1e6:8.1f} us  {ratio(name):6.2f}x")
    print("floors (any implementation giving the same output):")
    print(f"  read  >= traced + literal            {ratio('traced', 'read_literal'):6.2f}x"
          f"   with the changing leaves: {ratio('traced', 'read_literal', 'leaves'):.2f}x   (target 3x)")
    print(f"  JSON  >= traced + literal + write    {ratio('traced', 'json_literal', 'json_write'):6.2f}x"
          f"   with the changing leaves: {ratio('traced', 'json_literal', 'json_write', 'leaves'):.2f}x   (target 6x)")
    print(f"  (off itself: {off * 1e6:.1f} us a station)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
