"""`python bench/complete.py [--runs N] [--policy FILE] [--repeat K]`: what a keystroke's completion costs.

Input: the bundled Guangzhou policy (or FILE, or K copies of it one after the other).
Output on stdout, for cursors at the end of a line inside a declaration near the start,
a quarter in, the middle, three quarters in and the last declaration, milliseconds of:
`analysis`, `completions` over an analysis made beforehand; `text`, `text_completions`
on the text alone (as the workbench's POST /api/complete gets it, and as `swrules lsp`
completes a keystroke before its analysis), the same text asked again; `typed`, the
same for a keystroke (the declaration at the cursor is new text, so it is parsed for
its names too); and `whole-prefix parse`, what completion parsed before the
declaration scan (`service/declarations.py`): the whole text before the cursor through
the same parser, with its ratio to `typed`. The best of N runs after one warm-up call.
Run it on an older tree with `PYTHONPATH=that/src` to see the whole call then: where
`text_completions` is missing only `analysis` is measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"


def best(call: Callable[[int], object], runs: int) -> float:
    call(0)
    times = []
    for i in range(1, runs + 1):
        start = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def places(text: str) -> list[tuple[str, int, int]]:
    """Cursors at the end of an indented line (inside a declaration) near 0, 1/4, 1/2, 3/4 and the end."""
    lines = text.splitlines()
    out = []
    for share in (0.05, 0.25, 0.5, 0.75, 0.98):
        n = int(len(lines) * share)
        while n < len(lines) - 1 and not (lines[n].startswith("  ") and lines[n].strip()
                                          and not lines[n].lstrip().startswith("#")):
            n += 1
        col = len(lines[n].rstrip())
        out.append((f"line {n + 1}", n, col))
    return out


def whole_prefix(lark: Any, prefix: str) -> None:
    """What completion did before: the whole text before the cursor through the parser."""
    ip = lark.parse_interactive(prefix)
    ip.exhaust_lexer()
    ip.accepts()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--policy", type=Path, default=GUANGZHOU)
    parser.add_argument("--repeat", type=int, default=1,
                        help="a longer policy: the file's declarations N times over (a check error, a parse like any)")
    args = parser.parse_args(argv)
    from swrules import service
    from swrules.service.model import Lines
    from swrules.syntax.parser import parser as lark_parser

    text = args.policy.read_text(encoding="utf-8") * args.repeat
    a = service.analyse(args.policy, text, args.policy.parent.parent)
    text_completions = getattr(service, "text_completions", None)
    print(f"{args.policy.name}: {len(text.splitlines())} lines; milliseconds, best of {args.runs}")
    print(f"{'cursor':>10} {'analysis':>8} {'text':>7} {'typed':>7} {'whole-prefix parse':>19} {'ratio':>6}")
    for name, line, col in places(text):
        lsp = best(lambda _, line=line, col=col: service.completions(a, line, col), args.runs)
        if text_completions is None:
            print(f"{name:>10} {lsp:8.2f}")
            continue
        offset = Lines(text).offset(line, col)
        page = best(lambda _, line=line, col=col: text_completions(text, line, col), args.runs)
        # A keystroke: the declaration at the cursor is new text each time (spaces after the cursor).
        typed = best(lambda i, line=line, col=col, offset=offset:
                     text_completions(text[:offset] + " " * i + text[offset:], line, col), args.runs)
        old = best(lambda _, prefix=text[:offset]: whole_prefix(lark_parser(), prefix), args.runs)
        print(f"{name:>10} {lsp:8.2f} {page:7.2f} {typed:7.2f} {old:19.2f} {old / typed:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
