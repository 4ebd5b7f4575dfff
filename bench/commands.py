"""`python bench/commands.py`: swrules' commands timed as a user runs them, each in its own process.

Input: options (which parts, how many files, runs). Output on stdout: for each figure the
wall time (median of `--runs`), the peak RSS of the process (`os.wait4`: the process's
own high-water mark, not `tracemalloc`), the baseline run in the same way in the same
session, and the ratio; `--json FILE` writes the same as JSON. Parts:

* `startup`: `swrules --help` and a one-station `swrules eval` (text and JSON) against
  `python -c "import tomllib"`, caches warm (each run once first);
* `batch`: `swrules eval POLICY DIR --format jsonl -o FILE` over `--files` generated
  Guangzhou stations in one folder, against a Python process that lists the same folder,
  sorted, and reads every file with `tomllib` and exact decimals (`parse_float=Decimal`).

Every measured process (and the warm-up run before it) runs with `PYTHONDONTWRITEBYTECODE`
removed from its environment, as on a user's machine: the warm-up writes the `.pyc` files
that a user's second run finds, so the figures never include compiling swrules' sources.

Timings are never asserted; docs/performance.md quotes the figures with the command.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POLICY = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
STATION = ROOT / "examples" / "stations" / "01-excellent.toml"
SWRULES = [str(Path(sys.executable).parent / "swrules")]  # the installed command, as a user runs it

# What a user's machine has: Python writes (and then reads) `.pyc` files.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

TOMLLIB_LOOP = """
import os, sys, tomllib
from decimal import Decimal
folder = sys.argv[1]
n = 0
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as fh:
        n += len(tomllib.loads(fh.read().decode("utf-8-sig"), parse_float=Decimal))
print(n)
"""


def run(argv: Sequence[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit status of one process (output thrown away)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, proc.returncode


def measure(argv: Sequence[str], runs: int, ok: Sequence[int] = (0,)) -> dict[str, float]:
    walls, peaks = [], []
    for _ in range(runs):
        wall, peak, code = run(argv)
        if code not in ok:
            raise SystemExit(f"{' '.join(argv)} exited with {code}")
        walls.append(wall)
        peaks.append(peak)
    return {"wall_s": statistics.median(walls), "peak_rss_mib": max(peaks) / 1024}


def startup(runs: int) -> dict[str, dict[str, float]]:
    cases = {
        "python -c 'import tomllib'": [sys.executable, "-c", "import tomllib"],
        "swrules --help": [*SWRULES, "--help"],
        "swrules eval POLICY STATION (text)": [*SWRULES, "eval", str(POLICY), str(STATION)],
        "swrules eval POLICY STATION --format json": [*SWRULES, "eval", str(POLICY), str(STATION), "--format", "json"],
    }
    for argv in cases.values():
        run(argv)  # caches warm: the .pyc files, the policy's caches, the grammar, the OS's file cache
    out: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):  # taking turns, so that a change of load hits them alike
        for name, argv in cases.items():
            out[name].append(measure(argv, 1)["wall_s"])
    base = out["python -c 'import tomllib'"]
    return {name: {"wall_s": statistics.median(v),
                   "ratio": statistics.median(t / b for t, b in zip(v, base, strict=True))}
            for name, v in out.items()}


def batch(files: int, runs: int, jobs: int, folder: Path | None) -> dict[str, dict[str, float]]:
    sys.path.insert(0, str(HERE))
    import stations

    with tempfile.TemporaryDirectory() as tmp:
        where = folder or Path(tmp) / "district"
        if not where.is_dir() or len(os.listdir(where)) != files:
            stations.write_toml(where, files)
        out_file = Path(tmp) / "rows.jsonl"
        swrules = [*SWRULES, "eval", str(POLICY), str(where), "--format", "jsonl", "-o", str(out_file),
                   "--jobs", str(jobs)]
        base = [sys.executable, "-c", TOMLLIB_LOOP, str(where)]
        run(base)  # the OS's file cache warm for both
        run(swrules)  # and swrules' .pyc files and policy caches
        name = f"swrules eval --format jsonl --jobs {jobs}"
        samples: dict[str, list[dict[str, float]]] = {"tomllib loop": [], name: []}
        for _ in range(runs):  # taking turns, so that a change of load hits both alike
            samples["tomllib loop"].append(measure(base, 1))
            samples[name].append(measure(swrules, 1, ok=(0, 1)))
        rows = sum(1 for _ in out_file.open(encoding="utf-8"))
        if rows != files:
            raise SystemExit(f"{rows} rows written for {files} files")
    figures = {}
    for key, got in samples.items():
        figures[key] = {
            "wall_s": statistics.median(g["wall_s"] for g in got),
            "peak_rss_mib": max(g["peak_rss_mib"] for g in got),
            # the median of the ratios within each turn
            "ratio": statistics.median(g["wall_s"] / b["wall_s"] for g, b in zip(got, samples["tomllib loop"],
                                                                                 strict=True)),
            "files": files,
        }
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", choices=["startup", "batch"], default=["startup", "batch"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--folder", type=Path, default=None,
                        help="keep the generated files here (reused when it already holds --files files)")
    parser.add_argument("--json", dest="json_out", default=None)
    args = parser.parse_args(argv)
    figures: dict[str, dict[str, float]] = {}
    if "startup" in args.parts:
        figures.update(startup(args.runs))
    if "batch" in args.parts:
        figures.update(batch(args.files, args.runs, args.jobs, args.folder))
    for name, f in figures.items():
        rss = f"  peak RSS {f['peak_rss_mib']:.0f} MiB" if "peak_rss_mib" in f else ""
        print(f"{name:<48} {f['wall_s'] * 1000:10.0f} ms  {f['ratio']:5.2f}x{rss}")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
