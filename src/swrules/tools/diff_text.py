"""Declarations and their parts as one line of canonical text, for the diff.

Input: AST nodes of a policy. Output: short text such as `when a >= 5 forces 不合格`,
`points 55`, `max 10 = scores.operations`, `min 0 max 100`, built from the canonical
printer's expression and number text, so a change shows as the officer would write it
and text that prints the same never counts as a change.
"""

from __future__ import annotations

from typing import Any

from swrules.syntax import ast as A

from .fmt import band_range, expr_text, format_policy, number_text


def value_text(v: A.Expr | A.ByPhase | A.ByDate) -> str:
    if isinstance(v, A.ByPhase):
        return "by phase { " + ", ".join(f"{p.phase}: {expr_text(p.value)}" for p in v.values) + " }"
    if isinstance(v, A.ByDate):
        return "by date { " + ", ".join(f"from {d.start.isoformat()}: {value_text(d.value)}" for d in v.values) + " }"
    return expr_text(v)


def share_text(p: A.Party) -> str:
    share = f"points {number_text(p.share)}" if p.share_kind is A.ShareKind.POINTS \
        else f"weight {number_text(p.share, True)}"
    return share if p.rounding is None else f"{share} round {p.rounding.places} {p.rounding.mode}"


def item_text(i: A.Item) -> str:
    body = f"= {expr_text(i.awarded)}" if i.counted is None else \
        f"awarded {expr_text(i.awarded)} counted {expr_text(i.counted)}"
    return f"max {number_text(i.maximum)} {body}"


def type_text(f: A.FactField) -> str:
    if f.kind is A.FactKind.CHOICE:
        return "one of " + ", ".join(f'"{c}"' for c in f.choices)
    return str(f.kind.value)


def _num(v: Any) -> str:
    return str(v) if isinstance(v, int) else f"{v:f}"


def bounds_text(lo: Any, hi: Any) -> str | None:
    parts = ([f"min {_num(lo)}"] if lo is not None else []) + ([f"max {_num(hi)}"] if hi is not None else [])
    return " ".join(parts) or None


def summary(category: str, d: Any) -> str | None:
    """A short description of a whole declaration, for an added or removed one."""
    match category:
        case "param":
            return value_text(d.value)
        case "define":
            return expr_text(d.expr)
        case "veto":
            return f"when {expr_text(d.when)} forces {d.forces}"
        case "finding":
            return f"when {expr_text(d.when)}"
        case "indicator":
            return f"for each {d.over.dotted} compute {expr_text(d.compute)}"
        case "band":
            return band_range(d)
        case "party":
            return share_text(d)
        case "item":
            return item_text(d)
        case "fact":
            if isinstance(d, A.RecordsField):
                return "records"
            return " ".join(p for p in (type_text(d), bounds_text(d.minimum, d.maximum),
                                        "optional" if d.optional else None) if p)
        case "require":
            return f'{expr_text(d.expr)} "{d.message}"'
        case "reconcile":
            return f"{d.declared.dotted} with {expr_text(d.computed)}"
        case "override" | "remove" | "extends":
            return decl_text(d)
    return None


def decl_text(d: A.Decl) -> str:
    """A declaration in its canonical text, on one line."""
    return " ".join(format_policy(A.Policy((d,))).split())


def clause_text(c: A.Clause | None) -> str | None:
    return c.citation if c is not None else None


def optional_expr(e: A.Expr | None) -> str | None:
    return expr_text(e) if e is not None else None


def ref_text(r: A.Ref | None) -> str | None:
    return r.dotted if r is not None else None


def regulation_text(r: A.Regulation) -> str:
    return (f"{r.name} " if r.name else "") + f'"{r.title}"' + (f' "{r.document}"' if r.document else "")


def effective_text(h: A.Header) -> str | None:
    if h.effective_from is None:
        return None
    return h.effective_from.isoformat() + (f" – {h.effective_to.isoformat()}" if h.effective_to else "")


def dated_text(d: A.DatedValue) -> str:
    return value_text(d.value) + (f' "{d.document}"' if d.document else "")


def total_max_text(t: A.TotalDecl | None) -> str | None:
    if t is None:
        return None
    return number_text(t.maximum) + (f" counted {expr_text(t.counted)}" if t.counted is not None else "")


def rounding_text(t: A.TotalDecl | None) -> str | None:
    return f"round {t.rounding.places} {t.rounding.mode}" if t is not None and t.rounding is not None else None
