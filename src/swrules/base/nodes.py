"""Frozen node classes, made cheaply: what `@dataclass(frozen=True, slots=True)` makes, for
the syntax tree's and the IR's nodes, at a fifth of the cost of creating each class.

Input: a class body with annotated fields (a default, or `dataclasses.field(default=...,
compare=..., repr=...)`, as for a dataclass). Output: the class, with slots; an
`__init__` generated (one `exec`) when the class is first instantiated, where dataclass
runs six `exec`s and `inspect.signature` when the class is made (a class whose nodes are
only unpickled, as a cached policy's are, never generates it); equality and hashing on
the compared fields (the syntax tree's `span` is left out), a `repr`, `__match_args__`,
assignment refused (`FrozenInstanceError`), and pickling. `dataclasses.fields`,
`replace`, `asdict` and `is_dataclass` work on them (the fields are `dataclasses.Field`s),
and type checkers read them as frozen dataclasses. A command loads some 95 such classes:
with `dataclass` they cost about 0.8 ms each to create, more than the rest of loading a
cached policy.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError
from operator import attrgetter
from types import MemberDescriptorType
from typing import Any, TypeVar, dataclass_transform, overload

_T = TypeVar("_T", bound=type)


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _fields_of(cls: type) -> dict[str, Field[Any]]:
    fields: dict[str, Field[Any]] = {}
    for base in reversed(cls.__mro__[1:]):
        fields.update(getattr(base, "__dataclass_fields__", {}))
    for name, typ in cls.__dict__.get("__annotations__", {}).items():
        if "ClassVar" in str(typ):
            continue
        default = cls.__dict__.get(name, MISSING)
        f = default if isinstance(default, Field) else dataclasses.field(default=default)
        f.name, f.type, f.kw_only = name, typ, False
        f._field_type = dataclasses._FIELD  # type: ignore[union-attr, attr-defined]  # what `fields()` looks for
        fields[name] = f
    return fields


def _init(cls: type, fields: dict[str, Field[Any]]) -> Callable[..., None]:
    """The `__init__`, from one piece of generated source (field names are Python identifiers
    from the class body, never text read from a policy)."""
    env: dict[str, Any] = {"_set": object.__setattr__, "_MISSING_FACTORY": _MISSING_FACTORY}
    params, body = [], []
    for name, f in fields.items():
        if f.default is not MISSING:
            env[f"_d_{name}"] = f.default
            params.append(f"{name}=_d_{name}")
        elif f.default_factory is not MISSING:
            env[f"_f_{name}"] = f.default_factory
            params.append(f"{name}=_MISSING_FACTORY")
            body.append(f"  if {name} is _MISSING_FACTORY: {name} = _f_{name}()")
        else:
            params.append(name)
        body.append(f"  _set(self, {name!r}, {name})")
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["  pass"]) + "\n"
    exec(source, env)  # noqa: S102 — see the docstring: names from the class body only
    init: Callable[..., None] = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class _MissingFactory:
    def __repr__(self) -> str:
        return "<factory>"


_MISSING_FACTORY = _MissingFactory()


def _params(eq: bool) -> object:
    """What `@dataclass(frozen=True, slots=True, eq=eq)` records of itself (tests read `frozen`)."""
    cls = dataclasses._DataclassParams  # type: ignore[attr-defined]
    params = object.__new__(cls)
    said = {"eq": eq, "frozen": True, "slots": True, "init": True, "repr": True, "match_args": True}
    for name in cls.__slots__:
        object.__setattr__(params, name, said.get(name, False))
    return params


_PARAMS = {True: _params(True), False: _params(False)}


def _key(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names) if names else (lambda obj: ())


def _slot_setters(cls: type, names: tuple[str, ...]) -> list[Callable[[object, Any], None]]:
    """For each field, what stores it past the frozen `__setattr__`: its slot's own `__set__`
    (half the cost of `object.__setattr__`, which a cached policy's thousand nodes pay for
    every field when they are unpickled), else `object.__setattr__`."""
    setters: list[Callable[[object, Any], None]] = []
    for n in names:
        slot = next((k.__dict__[n] for k in cls.__mro__ if n in k.__dict__), None)
        setters.append(slot.__set__ if isinstance(slot, MemberDescriptorType) else _setter(n))
    return setters


def _setter(name: str) -> Callable[[object, Any], None]:
    def put(obj: object, value: Any) -> None:
        object.__setattr__(obj, name, value)

    return put


def _methods(cls: type, fields: dict[str, Field[Any]], eq: bool) -> dict[str, Any]:
    shown = tuple(n for n, f in fields.items() if f.repr)
    name = cls.__qualname__
    methods: dict[str, Any] = {
        "__setattr__": _frozen_setattr,
        "__delattr__": _frozen_delattr,
        "__match_args__": tuple(fields),
        "__dataclass_fields__": fields,
        "__dataclass_params__": _PARAMS[eq],
        "__repr__": lambda self: f"{name}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})",
    }
    names = tuple(fields)
    values = _key(names)

    def __getstate__(self: object) -> tuple[Any, ...]:
        return values(self)

    setters: list[Callable[[object, Any], None]] = []  # each field's slot, found at the first unpickling

    def __setstate__(self: object, state: tuple[Any, ...]) -> None:
        if len(state) != len(names):
            raise ValueError(f"{name}: {len(state)} values for {len(names)} fields")
        if not setters:
            setters.extend(_slot_setters(type(self), names))
        for put, value in zip(setters, state, strict=False):  # the length is checked above
            put(self, value)

    methods["__getstate__"], methods["__setstate__"] = __getstate__, __setstate__
    if eq:
        key = _key(tuple(n for n, f in fields.items() if f.compare))

        def __eq__(self: object, other: object) -> bool:
            if other.__class__ is not self.__class__:
                return NotImplemented
            return bool(key(self) == key(other))

        def __hash__(self: object) -> int:
            return hash(key(self))

        methods["__eq__"], methods["__hash__"] = __eq__, __hash__
    return methods


def _make(cls: type, eq: bool) -> type:
    fields = _fields_of(cls)
    own = [n for n in cls.__dict__.get("__annotations__", {}) if n in fields]
    body = {k: v for k, v in cls.__dict__.items() if k not in own and k not in ("__dict__", "__weakref__")}
    body["__slots__"] = tuple(own)
    body["__qualname__"] = cls.__qualname__
    body.update(_methods(cls, fields, eq))
    if cls.__doc__ is None:
        body["__doc__"] = f"{cls.__name__}({', '.join(fields)})"
    made: type = type(cls)(cls.__name__, cls.__bases__, body)
    made.__init__ = _first_init(made, fields)  # type: ignore[misc]
    return made


def _first_init(cls: type, fields: dict[str, Field[Any]]) -> Callable[..., None]:
    """An `__init__` that generates the real one when the class is first instantiated, and puts
    it in its place: a class that is only unpickled (a cached policy's nodes) never pays for it."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init = cls.__dict__["__init__"]
        if init is __init__:
            init = _init(cls, fields)
            type.__setattr__(cls, "__init__", init)
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


@overload
def node(cls: _T, /) -> _T: ...


@overload
def node(*, eq: bool = True) -> Callable[[_T], _T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, Field))
def node(cls: Any = None, /, *, eq: bool = True) -> Any:
    """`@node` or `@node(eq=False)` (compared and hashed by identity), on a class body as
    for `@dataclass(frozen=True, slots=True)`."""
    if cls is None:
        return lambda c: _make(c, eq)
    return _make(cls, eq)
