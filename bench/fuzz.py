"""Fuzzing: mutated policies and fact files must give a result or a `SwrulesError`.

Input: the repository's policies and example fact files, a duration and a seed.
Output: one JSON line per finding (an exception other than `SwrulesError`, or a case
that took longer than the time allowed) in `--out`, with the mutated input saved
next to it, and a summary line at the end. The mutations are those a careless user
or an attacker would make: deletions, full-width punctuation, huge numbers, deep
nesting, NUL, invalid UTF-8, a BOM, CRLF line ends, duplicated and swapped lines.

    nice -n 19 python bench/fuzz.py --minutes 60 --seed 1 --out /tmp/fuzz

`tests/test_fuzz.py` runs the same mutations for a few seconds under hypothesis.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from swrules import load_policy
from swrules.base.diagnostics import SwrulesError
from swrules.engine.policy import Policy
from swrules.facts.schema import read_fact_file
from swrules.render.terminal import render_result

ROOT = Path(__file__).resolve().parent.parent
POLICIES = sorted(p for p in (ROOT / "policies").rglob("*.swr"))
FACT_FILES = sorted((ROOT / "examples").rglob("*.toml")) + sorted((ROOT / "tests").rglob("*.json"))[:20]

FULL_WIDTH = "＝，：“”［］｛｝。％（）－＋＊／＜＞！"
HUGE = ["9" * 5000, "1e300000000", "1e999999999999999999", "1e-50", "1e40", "79." + "9" * 40,
        "15.00499999999999999999999999999999995", "-0", "NaN", "inf", "\"79.999999999999999999999999999999999999%\"",
        "0.000000000001", "999999999999999", "1" + "0" * 15]
NESTS = ["[" * 3000 + "]" * 3000, "{\"a\":" * 3000 + "1" + "}" * 3000, "[" * 100, "a = " + "[" * 2000]
TOKENS = ["round(x, 40)", "round(", "/ 0", "mean(", "sum(", "extends \"a\0b.swr\"", "extends \"../x.swr\"",
          "\x1b[2J", "\t=cmd|'/c calc'!A1", "on zero", "when", "veto", "define", "}", "{", "\"", "#", "\\"]
Mutation = Callable[[random.Random, bytes], bytes]


def _pos(rnd: random.Random, data: bytes) -> int:
    return rnd.randrange(len(data) + 1)


def delete(rnd: random.Random, data: bytes) -> bytes:
    i = _pos(rnd, data)
    return data[:i] + data[i + rnd.randint(1, 40):]


def full_width(rnd: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    half = "=,:\"\"[]{}.%()-+*/<>!"
    out = [FULL_WIDTH[half.index(c)] if c in half and rnd.random() < 0.2 else c for c in text]
    return "".join(out).encode("utf-8")


def huge_number(rnd: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", "replace")
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if not digits:
        return data
    i = rnd.choice(digits)
    j = i
    while j < len(text) and (text[j].isdigit() or text[j] == "."):
        j += 1
    return (text[:i] + rnd.choice(HUGE) + text[j:]).encode("utf-8")


def nest(rnd: random.Random, data: bytes) -> bytes:
    i = _pos(rnd, data)
    return data[:i] + rnd.choice(NESTS).encode() + data[i:]


def nul(rnd: random.Random, data: bytes) -> bytes:
    i = _pos(rnd, data)
    return data[:i] + b"\0" + data[i:]


def bad_utf8(rnd: random.Random, data: bytes) -> bytes:
    i = _pos(rnd, data)
    return data[:i] + rnd.choice([b"\xff", b"\xc3", b"\xe4\xb8", b"\xed\xa0\x80", b"\x80"]) + data[i:]


def bom(rnd: random.Random, data: bytes) -> bytes:
    return rnd.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xef\xbb\xbf\xef\xbb\xbf"]) + data


def crlf(rnd: random.Random, data: bytes) -> bytes:
    return data.replace(b"\n", rnd.choice([b"\r\n", b"\r", b"\n\r"]))


def lines(rnd: random.Random, data: bytes) -> bytes:
    rows = data.split(b"\n")
    i, j = rnd.randrange(len(rows)), rnd.randrange(len(rows))
    if rnd.random() < 0.5:
        rows.insert(i, rows[j])
    else:
        rows[i], rows[j] = rows[j], rows[i]
    return b"\n".join(rows)


def token(rnd: random.Random, data: bytes) -> bytes:
    i = _pos(rnd, data)
    return data[:i] + rnd.choice(TOKENS).encode() + data[i:]


def flip(rnd: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i = rnd.randrange(len(data))
    return data[:i] + bytes([rnd.randrange(256)]) + data[i + 1:]


MUTATIONS: tuple[Mutation, ...] = (delete, full_width, huge_number, nest, nul, bad_utf8, bom, crlf, lines, token, flip)


def mutate(rnd: random.Random, data: bytes, rounds: int) -> bytes:
    for _ in range(rounds):
        data = rnd.choice(MUTATIONS)(rnd, data)
    return data


def evaluate_file(policy: Policy, path: Path, explain: bool) -> None:
    """Read, evaluate and render one fact file: what `eval` and `explain` do."""
    data, _ = read_fact_file(path)
    result = policy.evaluate(data, explain=explain, file=str(path))
    render_result(result, "zh")
    if explain:
        result.to_json()


def policy_case(text: bytes, facts: Path, folder: Path) -> None:
    path = folder / "policy.swr"
    path.write_bytes(text)
    try:
        policy = load_policy(path)
    except SwrulesError:
        return
    with contextlib.suppress(SwrulesError):
        evaluate_file(policy, facts, explain=True)


def facts_case(policy: Policy, text: bytes, suffix: str, folder: Path, explain: bool) -> None:
    path = folder / f"facts{suffix}"
    path.write_bytes(text)
    with contextlib.suppress(SwrulesError):
        evaluate_file(policy, path, explain)


class Hang(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=int, default=20, help="seconds a single case may take")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(args.seed)
    base = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
    policy = load_policy(base)
    policy_texts = [(p, p.read_bytes()) for p in POLICIES]
    fact_texts = [(p, p.read_bytes()) for p in FACT_FILES]
    signal.signal(signal.SIGALRM, _alarm)
    start = time.monotonic()
    counts = {"policies": 0, "facts": 0, "findings": 0}
    kinds: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        while time.monotonic() - start < args.minutes * 60:
            is_policy = rnd.random() < 0.4
            name, original = rnd.choice(policy_texts if is_policy else fact_texts)
            text = mutate(rnd, original, rnd.randint(1, 4))
            suffix = name.suffix if rnd.random() < 0.8 else rnd.choice([".toml", ".json"])
            if not is_policy and suffix == ".json" and name.suffix == ".toml":
                text = original  # keep the pair meaningful: TOML text read as JSON is only a syntax error
                suffix = ".toml"
            signal.alarm(args.timeout)
            try:
                if is_policy:
                    policy_case(text, ROOT / "examples" / "stations" / "02-good.toml", folder)
                else:
                    facts_case(policy, text, suffix, folder, explain=rnd.random() < 0.3)
                signal.alarm(0)
            except BaseException as exc:  # the finding: anything but SwrulesError (and a hang)
                signal.alarm(0)
                if isinstance(exc, KeyboardInterrupt):
                    raise
                counts["findings"] += 1
                kind = f"{type(exc).__name__}: {str(exc)[:80]}"
                kinds[kind] = kinds.get(kind, 0) + 1
                saved = args.out / f"case-{counts['findings']:04d}{'.swr' if is_policy else suffix}"
                saved.write_bytes(text)
                with (args.out / "findings.jsonl").open("a", encoding="utf-8") as log:
                    log.write(json.dumps({"kind": kind, "from": str(name), "saved": str(saved),
                                          "trace": traceback.format_exc()[-2000:]}, ensure_ascii=False) + "\n")
            counts["policies" if is_policy else "facts"] += 1
    summary = {"minutes": round((time.monotonic() - start) / 60, 1), "seed": args.seed, **counts, "kinds": kinds}
    print(json.dumps(summary, ensure_ascii=False))
    with (args.out / "summary.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps(summary, ensure_ascii=False) + "\n")
    return 1 if counts["findings"] else 0


if __name__ == "__main__":
    sys.exit(main())
