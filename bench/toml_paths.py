"""`python bench/toml_paths.py [--files N]`: the exact TOML readers measured before one was adopted.

Input: N generated Guangzhou fact files (`stations.py`). Output on stdout: microseconds
per file for each reader, all with `parse_float=Decimal` (exact decimals), taking turns
over the same texts, and whether each gives the same values as `tomllib`. The readers:
`tomllib` (the standard library), `tomli` (the same parser compiled with mypyc: what
swrules uses, with tomllib again for any text it refuses); others are listed as not
measured when not installed. A reader that cannot keep decimals exact is not a candidate.
"""

from __future__ import annotations

import argparse
import importlib
import statistics
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    import stations
    import tomli_w

    texts = [tomli_w.dumps(f) for f in stations.iter_stations(args.files)]
    readers: dict[str, Callable[[str], Any]] = {"tomllib": lambda t: tomllib.loads(t, parse_float=Decimal)}
    try:
        tomli = importlib.import_module("tomli")
        compiled = Path(tomli.__file__ or "").suffix != ".py"
        readers[f"tomli {getattr(tomli, '__version__', '?')}{' (compiled)' if compiled else ''}"] = \
            lambda t: tomli.loads(t, parse_float=Decimal)
    except ImportError:
        print("tomli: not installed, not measured")
    reference = [readers["tomllib"](t) for t in texts]
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(args.runs):
        for name, read in readers.items():
            start = time.perf_counter()
            for t in texts:
                read(t)
            times[name].append((time.perf_counter() - start) / len(texts))
    base = times["tomllib"]
    for name, read in readers.items():
        same = [read(t) for t in texts] == reference
        ratio = statistics.median(x / b for x, b in zip(times[name], base, strict=True))
        print(f"{name:<24} {statistics.median(times[name]) * 1e6:8.0f} us/file  {ratio:5.2f}x tomllib"
              f"  {'same values' if same else 'DIFFERENT VALUES'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
