"""The code-generation kit: building, naming and compiling generated functions safely.

Input: `ast` node objects built by a generator (the evaluation plan, the fact reader)
and the values its code needs. Output: Python functions compiled from those nodes.
Guarantee: no policy or fact text ever becomes Python source. Code is built from `ast`
node objects, never parsed from a string; every identifier is generated here (`_t3`,
`_k12`, `_b_type`); values taken from a policy (numbers, dates, sets of keys, helper
functions) live in the namespace the code runs in, under generated names; text from a
policy appears only as `ast.Constant` strings (data, never names or code). That
namespace is a fresh dict whose `__builtins__` holds only the builtins the code asked
for, so generated code can reach nothing else; and the file name tracebacks show is
made printable, because `compile` refuses a NUL that a policy title may hold.
"""

from __future__ import annotations

import ast as py
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

_T = TypeVar("_T", bound=py.AST)
_HERE = {"lineno": 1, "col_offset": 0, "end_lineno": 1, "end_col_offset": 0}


def node(cls: type[_T], *args: Any, **kwargs: Any) -> _T:
    """An `ast` node with its position set at once (line 1: there is no source text), so that no
    pass of `ast.fix_missing_locations` over every node is needed: it cost more than `compile`."""
    return cls(*args, **kwargs, **_HERE)


def constant(value: Any) -> py.Constant:
    return node(py.Constant, value)


def load(name: str) -> py.Name:
    return node(py.Name, name, py.Load())


def store(name: str) -> py.Name:
    return node(py.Name, name, py.Store())


def call(func: py.expr, *args: py.expr, **kwargs: py.expr) -> py.Call:
    return node(py.Call, func, list(args), [node(py.keyword, k, v) for k, v in kwargs.items()])


def method(obj: py.expr, name: str, *args: py.expr, **kwargs: py.expr) -> py.Call:
    """`obj.name(args)`."""
    return call(node(py.Attribute, obj, name, py.Load()), *args, **kwargs)


def assign(targets: list[py.expr], value: py.expr) -> py.Assign:
    return node(py.Assign, targets, value)


def item(obj: py.expr, key: py.expr, ctx: py.expr_context | None = None) -> py.Subscript:
    """`obj[key]`, read unless `ctx` says otherwise."""
    return node(py.Subscript, obj, key, ctx or py.Load())


def is_(a: py.expr, b: py.expr, negate: bool = False) -> py.Compare:
    return node(py.Compare, a, [py.IsNot() if negate else py.Is()], [b])


def not_(test: py.expr) -> py.UnaryOp:
    return node(py.UnaryOp, py.Not(), test)


def tuple_of(items: Sequence[py.expr]) -> py.Tuple:
    return node(py.Tuple, list(items), py.Load())


def function(name: str, params: list[str], body: list[py.stmt]) -> py.FunctionDef:
    args = py.arguments(posonlyargs=[], args=[node(py.arg, p) for p in params], kwonlyargs=[],
                        kw_defaults=[], defaults=[])
    return node(py.FunctionDef, name, args, body or [node(py.Pass)], [], None)


def code_name(what: str, title: str) -> str:
    """The file name tracebacks show for generated code; `compile` refuses a NUL, a title may hold one."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in title)
    return f"<swrules {what}: {shown}>"


class Namespace:
    """The generated names of one piece of generated code and the values they stand for."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.builtins: dict[str, Any] = {}
        self._names: dict[int, str] = {}  # id(value) -> generated name
        self._keep: list[Any] = []  # keeps every value alive, so that ids stay unique
        self._temps = 0

    def const(self, value: Any) -> str:
        """A generated global name for a value the code needs (one per distinct object)."""
        name = self._names.get(id(value))
        if name is None:
            name = f"_k{len(self._names)}"
            self._names[id(value)] = name
            self._keep.append(value)
            self.values[name] = value
        return name

    def builtin(self, label: str, value: Any) -> str:
        """A generated name for a builtin the code uses (`label` is chosen by the generator, never by a policy)."""
        name = f"_b_{label}"
        self.builtins[name] = value
        return name

    def temp(self) -> str:
        self._temps += 1
        return f"_t{self._temps}"

    def compile(self, functions: list[py.FunctionDef], what: str, title: str) -> dict[str, Callable[..., Any]]:
        """The functions, compiled together in a fresh namespace holding only this one's names."""
        module = py.Module(list(functions), type_ignores=[])
        code = compile(module, code_name(what, title), "exec")
        namespace = dict(self.values)
        namespace["__builtins__"] = dict(self.builtins)
        exec(code, namespace)  # a code object built from ast nodes, never from text; see the module docstring
        return {f.name: namespace[f.name] for f in functions}
