"""The checked IR is what every later stage reads, so it must be complete and fixed
once the checker returns it: every formula typed and every name bound (no stage looks
anything up again), each rule's origin set by the checker, and nothing anywhere in
it that can be changed (no list, dict or set, no dataclass that is not frozen)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

import pytest
from conftest import ROOT

import swrules
from swrules.base.units import Unit
from swrules.check import ir

POLICIES = sorted((ROOT / "policies").rglob("*.swr")) + sorted((ROOT / "tests" / "explain" / "policies").glob("*.swr"))
_LEAVES = (str, int, bool, type(None), ir.Base, ir.BindingKind, ir.RuleKind, ir.BinOp, ir.CmpOp, ir.LogicOp,
           ir.FactKind, ir.ShareKind, Unit)


def _walk(value: object, path: str, seen: set[int]) -> Iterator[tuple[str, object]]:
    """Every value reachable from `value` (spans, plain values and the Decimal and date
    leaves aside), with the path that reaches it."""
    if id(value) in seen or isinstance(value, _LEAVES) or type(value).__name__ in ("Decimal", "date", "Span"):
        return
    seen.add(id(value))
    yield path, value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "span":
                yield from _walk(getattr(value, f.name), f"{path}.{f.name}", seen)
    elif isinstance(value, tuple | frozenset):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]", seen)
    elif isinstance(value, MappingProxyType):
        for k, v in value.items():
            yield from _walk(v, f"{path}[{k!r}]", seen)


@pytest.fixture(scope="module", params=POLICIES, ids=lambda p: p.relative_to(ROOT).as_posix())
def checked(request: pytest.FixtureRequest) -> ir.CheckedPolicy:
    path: Path = request.param
    return swrules.load_policy(path).checked


def test_nothing_in_the_ir_can_be_changed(checked: ir.CheckedPolicy) -> None:
    for path, value in _walk(checked, "checked", set()):
        if dataclasses.is_dataclass(value):
            assert type(value).__dataclass_params__.frozen, f"{path}: {type(value).__name__} is not frozen"  # type: ignore[attr-defined]
        else:
            assert isinstance(value, tuple | frozenset | MappingProxyType), f"{path}: a mutable {type(value).__name__}"
    rule = checked.rules[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.origin = "elsewhere"  # type: ignore[misc]


def test_every_formula_is_typed_and_every_name_bound(checked: ir.CheckedPolicy) -> None:
    refs = 0
    for path, value in _walk(checked, "checked", set()):
        if isinstance(value, ir.Ref):
            refs += 1
            assert value.binding is not None, f"{path}: `{value.dotted}` is not bound"
        if isinstance(value, ir.Number | ir.String | ir.DateLit | ir.Bool | ir.Ref | ir.Neg | ir.Binary | ir.Compare
                      | ir.Logical | ir.Not | ir.Cond | ir.Call):
            assert value.ty != ir.ERROR, f"{path}: untyped"
    assert refs > 0


def test_rules_come_from_the_file_that_declares_them(tmp_path: Path) -> None:
    base = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
    overlay = ROOT / "policies" / "examples" / "district-overlay" / "station-evaluation.swr"
    checked = swrules.load_policy(overlay).checked
    origins = {Path(r.origin).resolve() for r in checked.rules}
    assert origins == {base.resolve(), overlay.resolve()}
    # The bound type of a name is the type of the rule it names.
    for rule in checked.rules:
        for _, value in _walk(rule.decl, "decl", set()):
            if isinstance(value, ir.Ref) and value.bound.kind is ir.BindingKind.RULE:
                named = next(r for r in checked.rules if r.slot == value.bound.slot)
                assert value.ty == named.ty


@pytest.mark.parametrize("name", ["Number", "String", "DateLit", "Bool", "Ref", "Neg", "Binary", "Compare", "Logical",
                                  "Not", "Cond", "Call", "Header", "Phases", "PhaseValue", "ByPhase", "DatedValue",
                                  "ByDate", "Param", "Define", "Item", "Party", "TotalDecl", "Sheet", "Band", "Grades",
                                  "Veto",
                                  "Finding", "Indicator", "ReconcileLine", "Require"])
def test_ir_nodes_have_the_syntax_trees_fields(name: str) -> None:
    """A later stage moves from the syntax tree to the IR by changing the class it names,
    so a field added to a syntax node and not to its IR node is caught here."""
    from swrules.syntax import ast

    def names(cls: type) -> list[str]:
        return [f.name for f in dataclasses.fields(cls) if f.name not in ("ty", "binding")]

    assert names(getattr(ir, name)) == names(getattr(ast, name))
