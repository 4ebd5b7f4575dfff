"""Facts: a station's fact file, validated against the policy's declarations.

Input: a fact file (TOML or JSON, numbers read as `Decimal`) or a mapping shaped
like one, and a `CheckedPolicy`. Output: the slot list that evaluation starts from,
with `MISSING` where a fact is absent, or a `FactsError` listing every problem with
its key path (`scores.service_quality[2].score`), the value found and what was
expected. The schema is a set of pydantic models built from the policy's fact
declarations, so a new policy needs no Python. A missing fact is never an error here:
it is reported as missing by evaluation. Every problem in a file is reported at once,
the policy's `require` conditions included: they are checked on the values that did
validate, so a type error elsewhere does not hide a broken requirement.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

try:  # compiled (mypyc): reads a fact file in about half the time of the standard library's tomllib
    import tomli as _fast_toml
except ImportError:  # pragma: no cover - a declared dependency; tomllib alone is still right
    import tomllib as _fast_toml  # type: ignore[no-redef]

from swrules.base.diagnostics import Diagnostic, FactsError
from swrules.base.limits import MAX_FACT_FILE_BYTES
from swrules.base.show import show
from swrules.base.source import Source
from swrules.base.values import MISSING
from swrules.base.words import os_reason
from swrules.check import ir
from swrules.check.ir import CheckedPolicy, FactInfo

from . import guard
from .parse_errors import syntax_error
from .positions import locate, remember
from .validators import show_value, value_error, value_validator

if TYPE_CHECKING:  # pydantic is imported when a policy's schema is first built: the slow path only
    from pydantic import BaseModel, ConfigDict, ValidationError

_CONFIG: ConfigDict = {"extra": "forbid", "arbitrary_types_allowed": True, "populate_by_name": False}


def _model(name: str, fields: tuple[ir.FactField | ir.RecordsField, ...]) -> type[BaseModel]:
    from pydantic import BeforeValidator, create_model

    spec: dict[str, Any] = {}
    for i, f in enumerate(fields):
        if isinstance(f, ir.RecordsField):
            spec[f"f{i}"] = (_records_type(f, f"{name}.{f.name}"), _default(f.name))
        else:
            spec[f"f{i}"] = (Annotated[Any, BeforeValidator(value_validator(f))], _default(f.name))
    return create_model(name, __config__=_CONFIG, **spec)  # type: ignore[call-overload,no-any-return]


def _default(alias: str) -> Any:
    from pydantic import Field

    return Field(default=None, alias=alias)


def _records_type(decl: ir.RecordsField, name: str) -> Any:
    from pydantic import BeforeValidator

    model = _model(name, decl.fields)

    def count(v: Any) -> Any:
        if v is None:
            return None
        if not isinstance(v, list):
            raise value_error("E0803", value=show_value(v), expected="一组记录（[[...]]）",
                        expected_en="a list of records ([[...]])",
                        help_zh=f"每条记录写作 [[{name}]]。", help_en=f"write each record as [[{name}]].")
        if decl.min_count is not None and len(v) < decl.min_count:
            raise value_error("E0807", count=len(v), min=decl.min_count)
        if decl.max_count is not None and len(v) > decl.max_count:
            raise value_error("E0810", count=len(v), max=decl.max_count)
        return v

    return Annotated[list[model] | None, BeforeValidator(count)]  # type: ignore[valid-type]


Requirement = tuple[ir.Require, Callable[..., Any]]


class FactSchema:
    """The pydantic models for one policy's fact files, built once per policy."""

    def __init__(self, checked: CheckedPolicy) -> None:
        from pydantic import create_model

        self.checked = checked
        top: list[ir.RecordsField] = []
        self.section_names: list[str] = []
        for d in checked.fact_decls:
            if isinstance(d, ir.FactSection):
                top.append(ir.RecordsField(d.name, d.fields, d.label))  # a table: validated as a nested model
                self.section_names.append(d.name)
            elif isinstance(d, ir.RecordsField):
                top.append(d)
        self._top_decls = tuple(top)
        spec: dict[str, Any] = {}
        for i, f in enumerate(top):
            if f.name in self.section_names:
                spec[f"f{i}"] = (_model(f.name, f.fields) | None, _default(f.name))
            else:
                spec[f"f{i}"] = (_records_type(f, f.name), _default(f.name))
        self.model: type[BaseModel] = create_model("Facts", __config__=_CONFIG, **spec)
        self._facts = checked.facts
        # Labels by key path with record indices left out (`scores.service_quality.score`).
        self._labels: dict[str, str] = {}
        self._index_labels(top, ())

    def _index_labels(self, fields: Sequence[ir.FactField | ir.RecordsField], prefix: tuple[str, ...]) -> None:
        for f in fields:
            path = (*prefix, f.name)
            if f.label:
                self._labels[".".join(path)] = f.label
            if isinstance(f, ir.RecordsField):
                self._index_labels(f.fields, path)

    def label(self, loc: tuple[str | int, ...]) -> str:
        """The declared label of the fact at a key path, or "" when there is none."""
        return self._labels.get(".".join(str(p) for p in loc if not isinstance(p, int)), "")

    def known_keys(self, path: tuple[str | int, ...]) -> list[str]:
        """The keys allowed at a key path, for did-you-mean."""
        fields: tuple[ir.FactField | ir.RecordsField, ...] = self._top_decls
        for part in path:
            if isinstance(part, int):
                continue
            match = next((f for f in fields if f.name == part), None)
            if not isinstance(match, ir.RecordsField):
                return []
            fields = match.fields
        return [f.name for f in fields]

    def validate(self, data: Any, file: str, requires: Sequence[Requirement] = ()) -> list[Any]:
        """Validate a fact mapping; return the slot list, facts filled in.

        Raises `FactsError` with every problem: wrong values and unknown keys, and the
        `requires` (compiled `require` conditions) that the valid values break.
        """
        from pydantic import ValidationError

        if not isinstance(data, Mapping):
            raise FactsError([Diagnostic("E0809", {}, file=file)])
        try:
            model = self.model.model_validate(data)
        except ValidationError as exc:
            problems = self._diagnostics(exc, file)
            env = self._partial_env(data, exc)
            if env is not None:
                problems += self.broken_requirements(env, file, requires)
            raise FactsError(guard.capped(locate(problems), file)) from None
        env = self._env(model)
        broken = self.broken_requirements(env, file, requires)
        if broken:
            raise FactsError(locate(broken))
        return env

    def _env(self, model: BaseModel) -> list[Any]:
        env: list[Any] = [MISSING] * self.checked.n_slots
        dumped = model.model_dump(by_alias=True, exclude_none=True)
        for info in self._facts:
            env[info.slot] = _lookup(dumped, info)
        return env

    def _partial_env(self, data: Mapping[str, Any], exc: ValidationError) -> list[Any] | None:
        """The slot list with every value that failed left out (so it reads as missing),
        for checking `require` conditions on what is left; None if that does not settle."""
        from pydantic import ValidationError

        pruned: Any = copy.deepcopy(dict(data))
        for _ in range(3):  # removing a bad value can only make an enclosing list too short
            for err in exc.errors():
                _remove(pruned, tuple(err["loc"]))
            try:
                return self._env(self.model.model_validate(pruned))
            except ValidationError as again:
                exc = again
        return None

    def broken_requirements(self, env: list[Any], file: str, requires: Sequence[Requirement]) -> list[Diagnostic]:
        """A diagnostic for each `require` condition that is false (an undetermined one,
        reading a missing fact, is not broken). Names the key paths and their values."""
        out = []
        for req, fn in requires:
            if fn(env) is not False:
                continue
            keys = [k for k in _refs(req.expr) if k in self.checked.facts_by_key]
            zh = [f"{k} = {self._shown(k, env, 'zh')}" for k in keys]
            en = [f"{k} = {self._shown(k, env, 'en')}" for k in keys]
            out.append(Diagnostic("E0808", {
                "message": req.message, "values": "，".join(zh), "values_en": ", ".join(en),
                "text": req.expr.span.text if req.expr.span else "",
            }, file=file, key_path=", ".join(keys) or None))
        return out

    def _shown(self, key: str, env: list[Any], lang: str) -> str:
        """A fact's value as people read it: `（缺失）`, `85%`, `2025-01-31`, never a repr."""
        info = self.checked.facts_by_key[key]
        percent = isinstance(info.decl, ir.FactField) and info.decl.kind is ir.FactKind.PERCENT
        return show(env[info.slot], lang, percent, exact=True)

    def _diagnostics(self, exc: ValidationError, file: str) -> list[Diagnostic]:
        out = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            key = key_path(loc)
            ctx = dict(err.get("ctx") or {})
            label = self.label(loc)
            named = {"key": key, "label_zh": f"（{label}）" if label else "",
                     "label_en": f" ({label})" if label else ""}
            if err["type"] == "extra_forbidden":
                known = self.known_keys(loc[:-1])
                name = str(loc[-1])
                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                where = key_path(loc[:-1])
                if len(loc) == 2 and name in self.known_keys(()):
                    # `scores = ...` written below `[station]`: TOML puts it inside that table.
                    out.append(Diagnostic("E0814", {"key": key, "name": name, "table": where},
                                          file=file, key_path=key))
                    continue
                out.append(Diagnostic("E0802", {
                    **named,
                    "suggestion_zh": f"是否想写 `{close[0]}`？拼错的事实会被当作缺失。" if close else
                    f"{'`' + where + '` 中' if where else '顶层'}可用的键：{'、'.join(known) or '（无）'}",
                    "suggestion_en": f"did you mean `{close[0]}`? A misspelled fact is a missing fact." if close else
                    f"keys allowed {'in `' + where + '`' if where else 'at the top level'}: "
                    f"{', '.join(known) or '(none)'}",
                }, file=file, key_path=key))
            elif "code" in ctx:
                code = ctx.pop("code")
                out.append(Diagnostic(code, {**named, **ctx}, file=file, key_path=key))
            else:
                is_table = err["type"] in ("model_type", "model_attributes_type")
                out.append(Diagnostic("E0803", {
                    **named, "value": show_value(err.get("input")),
                    "expected": "表（[...]）" if is_table else "正确的值",
                    "expected_en": "a table" if is_table else "a valid value",
                    "help_zh": f"写成表：[{key}]，下面每行一个 键 = 值。" if is_table else
                    "参考 `swrules facts template` 生成的模板。",
                    "help_en": f"write it as a table: [{key}] followed by one key = value a line." if is_table else
                    "compare with the template `swrules facts template` writes.",
                }, file=file, key_path=key))
        return out


def _remove(data: Any, loc: tuple[str | int, ...]) -> None:
    node = data
    for part in loc[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict):
        node.pop(loc[-1], None)  # type: ignore[call-overload]
    elif isinstance(node, list) and isinstance(loc[-1], int) and loc[-1] < len(node):
        node[loc[-1]] = {}  # keep the other records' indices


def _refs(expr: Any) -> list[str]:
    """The dotted names an expression reads, in order, each once."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, ir.Ref):
            if node.dotted not in out:
                out.append(node.dotted)
            return
        if isinstance(node, tuple):
            for child in node:
                walk(child)
        elif hasattr(node, "__dataclass_fields__"):
            for name in node.__dataclass_fields__:
                if name != "span":
                    walk(getattr(node, name))

    walk(expr)
    return out


_ABSENT = object()


def _lookup(dumped: dict[str, Any], info: FactInfo) -> Any:
    node: Any = dumped
    for part in info.path:
        # model_dump gives plain dicts; `type is` keeps this off the slow ABC isinstance path.
        node = node.get(part, _ABSENT) if type(node) is dict else _ABSENT
        if node is _ABSENT:
            return MISSING
    if info.is_records:
        return tuple(node)
    return node


def key_path(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


# ---------------------------------------------------------------- reading files

def read_fact_file(path: Path | str) -> tuple[Any, Source]:
    """Read a TOML or JSON fact file with exact decimals; raise `FactsError` if unreadable."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FACT_FILE_BYTES:
            raise FactsError([guard.too_big(name, size)])
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise FactsError([Diagnostic("E0001", os_reason(exc), file=name)]) from None
    except ValueError:  # a NUL in the path
        raise FactsError([Diagnostic("E0001", {"reason": "the path holds a NUL character",
                                               "reason_zh": "路径中含有 NUL 字符"}, file=name)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FactsError([Diagnostic("E0002", {}, file=name)]) from None
    source = Source.from_text(name, text)
    data = parse_fact_text(source)
    remember(source)  # so that a problem the schema finds later can be given its line
    return data, source


def parse_fact_text(source: Source) -> Any:
    """Parse fact text as JSON (by the file's extension) or TOML, numbers as `Decimal`, and
    refuse what is beyond the input limits (`facts.guard`) with its key path."""
    name = source.name
    numbers = guard.DecimalReader()  # notes whether every number was plainly in range as it was read
    try:
        data = _parse(source, numbers.read)
    except guard.NumberTooLarge as exc:
        raise FactsError([guard.number_diagnostic(name, None, exc.text)]) from None
    except RecursionError:
        raise FactsError([guard.too_deep(name)]) from None
    except ValueError as exc:  # tomllib: an integer of thousands of digits
        raise FactsError([guard.parse_value_error(name, exc)]) from None
    problems = guard.check_tree(data, name, decimals_checked=numbers.plain)
    if problems:
        raise FactsError(guard.capped(problems, name, counted=False))  # the walk stops past the limit
    return data


def _parse(source: Source, read_decimal: Callable[[str], Any] = guard.read_decimal) -> Any:
    name = source.name
    if name.lower().endswith(".json"):
        duplicates: list[str] = []

        def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for key, value in items:
                if key in out:
                    duplicates.append(key)
                out[key] = value
            return out

        try:
            data = json.loads(source.text, parse_float=read_decimal, parse_int=guard.read_int,
                              object_pairs_hook=pairs)
        except json.JSONDecodeError as exc:
            raise FactsError([syntax_error(source, exc.pos, exc.msg, "JSON")]) from None
        if duplicates:
            raise FactsError(locate([Diagnostic("E0811", {"key": k}, file=name, key_path=k) for k in duplicates],
                                    source))
        return data
    try:
        return _fast_toml.loads(source.text, parse_float=read_decimal)
    except Exception:  # noqa: BLE001,S110 - whatever the fast parser refuses is read again by tomllib below
        pass
    # tomllib, the reference: its result, its messages and its limits are the ones swrules
    # gives (tests/facts/test_toml_paths.py: the fast parser reads every file the same).
    import tomllib  # only for what the fast parser refused: a valid file never needs it

    try:
        return tomllib.loads(source.text, parse_float=read_decimal)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        line = col = 1
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            line, col = int(m.group(1)), int(m.group(2))
            msg = msg[: m.start()].strip()
        elif msg.endswith("(at end of document)"):
            line, col = source.text.count("\n") + 1, 1
            msg = msg.removesuffix("(at end of document)").strip()
        raise FactsError([syntax_error(source, _offset(source, line, col), msg, "TOML")]) from None


def _offset(source: Source, line: int, col: int) -> int:
    lines = source.text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
