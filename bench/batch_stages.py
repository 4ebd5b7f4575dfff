"""`python bench/batch_stages.py`: where a batch's time goes, file by file, stage by stage.

Input: a folder of fact files (`--folder`, made with `bench/stations.py` if empty), how
many files (`--files`) and repetitions (`--runs`). Output on stdout: for each stage of
`swrules eval POLICY DIR --format jsonl` (finding the files, reading the bytes, decoding,
TOML, the limits walk, hashing, choosing the version, validating and evaluating, the row,
the JSON line) the microseconds a file (best of `--runs`), and the same for the baseline
of `bench/commands.py batch` (tomllib with exact decimals). Each stage runs over every
file in turn, so a stage's figure does not include another's. Timings are never asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import tomllib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
POLICY = HERE.parent / "policies" / "guangzhou" / "station-evaluation.swr"


def best(fn: Callable[[], Any], runs: int, n: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) / n * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/d2k"))
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import stations

    if not args.folder.is_dir() or len(os.listdir(args.folder)) < args.files:
        stations.write_toml(args.folder, args.files)

    import tomli

    from swrules.base.source import Source
    from swrules.cli.evaluate import row_dict
    from swrules.engine.batch import discover, evaluate_row, row_from_result
    from swrules.engine.policy import evaluating
    from swrules.engine.versions import PolicySet
    from swrules.facts import guard
    from swrules.facts.schema import read_fact_file

    policies = PolicySet.load(str(POLICY))
    names = [str(p) for p in discover([str(args.folder)])][: args.files]
    n = len(names)
    raw = [Path(p).read_bytes() for p in names]
    texts = [b.decode("utf-8-sig") for b in raw]
    data = [tomli.loads(t, parse_float=guard.read_decimal) for t in texts]
    figures: dict[str, float] = {}

    def stage(name: str, fn: Callable[[], Any]) -> None:
        figures[name] = best(fn, args.runs, n)

    stage("discover (list, sort)", lambda: list(discover([str(args.folder)])))
    stage("read bytes", lambda: [Path(p).read_bytes() for p in names])
    stage("decode utf-8-sig", lambda: [b.decode("utf-8-sig") for b in raw])
    stage("Source.from_text", lambda: [Source.from_text(p, t) for p, t in zip(names, texts, strict=True)])
    stage("tomli (read_decimal)", lambda: [tomli.loads(t, parse_float=guard.read_decimal) for t in texts])
    stage("tomli (DecimalReader)", lambda: [tomli.loads(t, parse_float=guard.DecimalReader().read) for t in texts])
    stage("limits walk (full)", lambda: [guard.check_tree(d, p) for p, d in zip(names, data, strict=True)])
    stage("limits (decimals checked)", lambda: [guard.check_tree(d, p, decimals_checked=True)
                                                for p, d in zip(names, data, strict=True)])
    stage("sha256 (no longer in a batch)", lambda: [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts])
    stage("read_fact_file (all above)", lambda: [read_fact_file(p) for p in names])
    with evaluating():
        chosen = [policies.select(d, file=p)[0] for p, d in zip(names, data, strict=True)]
        stage("select version", lambda: [policies.select(d, file=p) for p, d in zip(names, data, strict=True)])
        results = [pol.evaluate(d, file=p) for pol, p, d in zip(chosen, names, data, strict=True)]
        stage("validate + evaluate", lambda: [pol.evaluate(d, file=p)
                                              for pol, p, d in zip(chosen, names, data, strict=True)])

        def rows() -> list[Any]:  # fresh results: their lazy parts not yet built
            fresh = [pol.evaluate(d, file=p) for pol, p, d in zip(chosen, names, data, strict=True)]
            start = time.perf_counter()
            out = [row_from_result(p, r, pol) for p, r, pol in zip(names, fresh, chosen, strict=True)]
            rows.took = min(getattr(rows, "took", 1e9), time.perf_counter() - start)  # type: ignore[attr-defined]
            return out

        for _ in range(args.runs):
            built = rows()
        figures["row_from_result"] = rows.took / n * 1e6  # type: ignore[attr-defined]
        del results
        line = json.JSONEncoder(ensure_ascii=False).encode  # as cli/evaluate.py writes a row
        stage("jsonl line", lambda: [line(row_dict(r)) + "\n" for r in built])
        stage("evaluate_row (whole)", lambda: [evaluate_row(p, policies, None, "zh") for p in names])
    stage("baseline: tomllib loop", lambda: [tomllib.loads(Path(p).read_bytes().decode("utf-8-sig"),
                                                           parse_float=Decimal) for p in sorted(names)])
    for name, us in figures.items():
        print(f"{name:<32} {us:8.1f} µs a file")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
