"""The engine: a policy loaded once, applied to many stations.

Input: a policy file (parsed, checked and compiled once by `load_policy`) and fact
mappings or fact files. Output: `Result`s. This is the public face of the pipeline
source -> syntax -> lowering -> check -> compile; evaluation enters the decimal
context once per call (or once per batch through `evaluating`).
"""

from __future__ import annotations

import contextlib
import contextvars
import copy
import decimal
import functools
import hashlib
from collections.abc import Callable, Iterator, Mapping
from decimal import Inexact, getcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from swrules.base.diagnostics import Diagnostic, FactsError, PolicyError
from swrules.base.values import NOT_APPLICABLE, context, precision_was_cut, reset_precision_cut
from swrules.check.ir import CheckedPolicy
from swrules.compile.plan import Plan
from swrules.facts.schema import FactSchema, read_fact_file

from . import snapshot
from .assemble import Assembler
from .result import Result, Trace

if TYPE_CHECKING:  # the parser, checker and code generators are imported when a policy is not in the snapshot cache
    from swrules.base.source import Source
    from swrules.syntax import ast as A


def load_policy(path: Path | str) -> Policy:
    """Parse, check and compile a policy file once; raise `PolicyError` if it has errors.
    A policy loaded before from the same files comes from its snapshot (`engine.snapshot`)."""
    cached = snapshot.load(Path(path), Policy)
    if cached is not None:
        policy, later = cached
        policy._tree = later  # the syntax tree: read from the snapshot when a tool first asks for it
        return policy
    from swrules.check.checker import check_or_raise
    from swrules.compile.plan import compile_policy
    from swrules.syntax.compose import load_ast

    read: list[Source] = []
    policy_ast, text = load_ast(Path(path), read=read)
    checked, warnings = check_or_raise(policy_ast, str(path))
    policy = Policy(checked, compile_policy(checked), warnings, text, policy_ast)
    # The report lines' builders are made now, so that the snapshot holds them: every warm
    # evaluation reads vetoes and findings, and would otherwise generate them again (5-13 ms).
    # So is the JSON document's writer: generated and compiled it costs a one-station
    # `eval --format json` a fifth more (~80M instructions); read from the snapshot, a plain
    # `eval` 0.7% more (docs/performance-round-two.md, part "r2d-result").
    policy._assembler.lines  # noqa: B018
    policy._assembler.document  # noqa: B018
    snapshot.store(Path(path), read, policy.without_tree(), policy_ast)  # the tree apart, read only if asked for
    return policy


def check_file(path: Path | str) -> list[Diagnostic]:
    """Every diagnostic for a policy file, errors and warnings, without compiling."""
    from swrules.check.checker import check_policy
    from swrules.syntax.compose import load_ast

    try:
        policy_ast, _ = load_ast(Path(path))
    except PolicyError as exc:
        return exc.diagnostics
    _, diags = check_policy(policy_ast, str(path))
    return diags


_IN_CONTEXT: contextvars.ContextVar[bool] = contextvars.ContextVar("swrules_in_context", default=False)


_ENGINE = context()
_PREC, _ROUNDING, _EMIN, _TRAPS = _ENGINE.prec, _ENGINE.rounding, _ENGINE.Emin, _ENGINE.traps


def _context_intact() -> bool:
    """Whether the decimal context is still the engine's: a caller may change the current context inside
    `evaluating()`, and every figure (and every explanation kept by its values, `explanation.keys`)
    assumes the engine's precision, rounding, smallest exponent and traps (a larger exponent range
    changed would only trap Overflow). Read per evaluation: a few attribute reads."""
    c = getcontext()
    return c.prec == _PREC and c.rounding == _ROUNDING and c.Emin == _EMIN and c.traps == _TRAPS


@contextlib.contextmanager
def evaluating() -> Iterator[None]:
    """Enter the evaluation decimal context once for a batch of evaluations. A context changed by the
    caller inside it is not used: each evaluation then enters the engine's own again (`_context_intact`)."""
    if _IN_CONTEXT.get() and _context_intact():
        yield
        return
    token = _IN_CONTEXT.set(True)
    try:
        with decimal.localcontext(context()):
            yield
    finally:
        _IN_CONTEXT.reset(token)


class Policy:
    """A compiled policy. Safe to share across threads: evaluation keeps its state per call."""

    def __init__(self, checked: CheckedPolicy, plan: Plan, warnings: list[Diagnostic], text: str,
                 syntax_tree: A.Policy) -> None:
        self.checked = checked
        # The policy as written (see `syntax_tree`), or what reads it from the snapshot.
        self._tree: A.Policy | Callable[[], A.Policy] | None = syntax_tree
        # The files its declarations come from: the policy's, and those of the bases it extends.
        self.files = tuple(dict.fromkeys(d.span.source.name for d in syntax_tree.declarations if d.span is not None))
        self.plan = plan
        self.warnings = warnings
        from swrules.facts.reader import compile_reader

        self._read_facts = compile_reader(checked)
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self._labels = {f.slot: f for f in checked.facts}
        self._assembler = Assembler(checked, plan, self.sha256)

    @property
    def syntax_tree(self) -> A.Policy:
        """The policy as written, for the tools that compare or rewrite source (diff, impact);
        evaluation and explanation read only `checked`. A policy from its snapshot reads it
        from the snapshot's last part the first time it is asked for (an eval never does)."""
        tree = self._tree
        if callable(tree):  # `Later` reads it once, under its lock
            tree = self._tree = tree()
        assert tree is not None, "a policy pickled without its syntax tree"
        return tree

    def without_tree(self) -> Policy:
        """A copy to pickle without the syntax tree (the snapshot keeps it apart)."""
        bare = copy.copy(self)
        bare._tree = None
        return bare

    @functools.cached_property
    def schema(self) -> FactSchema:
        """The pydantic models, built on first need: plainly valid facts are read without them."""
        return FactSchema(self.checked)

    def _validate(self, facts: Mapping[str, Any], file: str) -> list[Any]:
        """The slot list of valid facts, requirements met; else `FactsError` with every problem."""
        env = self._read_facts(facts)
        if env is not None:
            for _, fn in self.plan.requires:  # a loop: all() of a generator would cost a frame per station
                if fn(env) is False:
                    break
            else:
                return env
        return self.schema.validate(facts, file, self.plan.requires)

    @property
    def title(self) -> str:
        return self.checked.header.title

    @property
    def version(self) -> str | None:
        return self.checked.header.version

    def evaluate(self, facts: Mapping[str, Any], *, explain: bool = False, file: str = "<facts>",
                 facts_hash: str | None = None) -> Result:
        """Evaluate one station's facts (a mapping as `tomllib` reads a fact file).

        Raises `FactsError` when the facts do not match the policy's declarations.
        With `explain`, the result carries the trace of every intermediate value, from
        which `swrules.explain(result)` builds the explanation.
        """
        if _IN_CONTEXT.get() and _context_intact():
            return self._evaluate(facts, explain, file, facts_hash)
        with evaluating():
            return self._evaluate(facts, explain, file, facts_hash)

    def evaluate_file(self, path: Path | str, *, explain: bool = False) -> Result:
        data, source = read_fact_file(path)
        digest = hashlib.sha256(source.text.encode("utf-8")).hexdigest()
        return self.evaluate(data, explain=explain, file=str(path), facts_hash=digest)

    def values(self, facts: Mapping[str, Any]) -> list[Any]:
        """Evaluate without building a result: the slot list (for benchmarks and batch totals)."""
        with evaluating():
            env = self._validate(facts, "<facts>")
            self.plan.run(env)
        return env

    def _evaluate(self, facts: Mapping[str, Any], explain: bool, file: str, facts_hash: str | None) -> Result:
        try:
            env = self._validate(facts, file)
            # round() runs in `values.QUIET` and `values.divide` leaves the flag alone: Inexact raised
            # here means a sum, difference or product was rounded to fit 34 digits, which no policy
            # states. After a quotient was cut (the explanation says where), what is computed from it
            # carries that cut: only then is such a rounding its consequence, not a new one.
            flags = getcontext().flags
            flags[Inexact] = False
            reset_precision_cut()
            if explain:
                trace: Trace | None = Trace(self.checked, self.plan.run_traced(env))
            else:
                self.plan.run(env)
                trace = None
            if flags[Inexact] and not precision_was_cut():
                raise Inexact("a sum, difference or product needs more than 34 significant digits")
            # The parts a summary reads now, the rest on first read (`engine.deferred`).
            return self._assembler.lines.head(env, file, facts_hash, trace)
        except decimal.DecimalException as exc:
            # A policy's own arithmetic (a product of many large factors) can get here: refuse the
            # station rather than give a rounded or no result.
            raise FactsError([Diagnostic("E0817", {"reason": type(exc).__name__}, file=file)]) from None


__all__ = ["Policy", "load_policy", "check_file", "evaluating", "NOT_APPLICABLE"]
