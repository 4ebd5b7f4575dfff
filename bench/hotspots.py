"""`python bench/hotspots.py`: where the time goes, as cProfile text under `bench/profiles/`.

Input: nothing (the Guangzhou policy, 500 generated stations, 500 TOML files).
Output: `evaluate-off.txt`, `evaluate-on.txt`, `handwritten.txt`, `batch-files.txt`
and `load-warm-grammar.txt`, each the 30 costliest functions by own time and by
cumulative time. cProfile slows small functions most, so read these for where the
time goes, and `bench/run.py` for how much there is.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import handwritten  # noqa: E402
import stations  # noqa: E402

import swrules  # noqa: E402

POLICY = HERE.parent / "policies" / "guangzhou" / "station-evaluation.swr"
OUT = HERE / "profiles"


def profile(name: str, fn: Callable[[], object], what: str) -> None:
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    text = io.StringIO()
    text.write(f"# {what}\n# python bench/hotspots.py; Python {sys.version.split()[0]}\n")
    for key in ("tottime", "cumulative"):
        stats = pstats.Stats(prof, stream=text)
        stats.strip_dirs().sort_stats(key).print_stats(30)
    OUT.mkdir(exist_ok=True)
    # Paths differ between machines; keep the file stable to diff.
    (OUT / f"{name}.txt").write_text(text.getvalue().replace(str(HERE.parent), "."), encoding="utf-8")
    print(f"wrote {OUT / (name + '.txt')}")


def main() -> None:
    policy = swrules.load_policy(POLICY)
    facts = stations.stations(500, seed=1)
    with swrules.evaluating():
        policy.evaluate(facts[0])
        profile("evaluate-off", lambda: [policy.evaluate(f) for f in facts],
                "Policy.evaluate(facts), explanations off, 500 generated stations")
        profile("evaluate-on", lambda: [policy.evaluate(f, explain=True) for f in facts],
                "Policy.evaluate(facts, explain=True), 500 generated stations")
        profile("handwritten", lambda: [handwritten.evaluate(f) for f in facts],
                "bench/handwritten.py evaluate(facts), 500 generated stations")
        with tempfile.TemporaryDirectory() as tmp:
            paths = stations.write_toml(Path(tmp), 500, seed=1)
            profile("batch-files", lambda: [policy.evaluate_file(p) for p in paths],
                    "Policy.evaluate_file over 500 TOML files (tomllib read included)")
    os.environ["SWRULES_AST_CACHE"] = "0"
    swrules.load_policy(POLICY)  # build the parser and its lexer first: that is the cold part
    profile("load-warm-grammar", lambda: swrules.load_policy(POLICY),
            "load_policy in a process whose parser is built (the parsed-policy cache off)")


if __name__ == "__main__":
    main()
