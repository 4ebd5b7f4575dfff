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
import datetime as dt
import difflib
import json
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model
from pydantic_core import PydanticCustomError

from swrules.base import limits as L
from swrules.base.diagnostics import Diagnostic, FactsError
from swrules.base.limits import MAX_FACT_FILE_BYTES, number_problem
from swrules.base.source import Source
from swrules.base.values import MISSING
from swrules.check.ir import CheckedPolicy, FactInfo
from swrules.syntax import ast as A

from . import guard

_CONFIG = ConfigDict(extra="forbid", arbitrary_types_allowed=True, populate_by_name=False)


def _fail(code: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError("swrules", code, {"code": code, **ctx})


def _show(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return "表/列表" if not value else json.dumps(value, ensure_ascii=False, default=str)[:40]
    return str(value)


def _fmt(d: Decimal, percent: bool) -> str:
    if percent:
        return f"{(d * 100).normalize():f}%"
    return f"{d.normalize():f}" if d == d.to_integral() else f"{d:f}"


# For each kind of fact: what was expected and how to write it (zh, en, help zh, help en).
_EXPECTED = {
    A.FactKind.BOOLEAN: ("是/否值（true 或 false）", "true or false",
                         "写 true 或 false，不加引号。", "write true or false without quotes."),
    A.FactKind.INTEGER: ("整数", "a whole number",
                         "写一个整数，不加引号，例如 3。", "write a whole number without quotes, such as 3."),
    A.FactKind.DECIMAL: ("数字", "a number",
                         "写一个数字，不加引号，例如 9.42。", "write a number without quotes, such as 9.42."),
    A.FactKind.PERCENT: ("百分数", "a percentage", "写成 \"85%\" 或 0.85。", "write \"85%\" or 0.85."),
    A.FactKind.DATE: ("日期", "a date", "写成 2025-01-31（TOML 不加引号，JSON 加引号）。",
                      "write 2025-01-31 (bare in TOML, quoted in JSON)."),
    A.FactKind.TEXT: ("文字", "text", "把文字放在双引号中。", "put the text in double quotes."),
    A.FactKind.CHOICE: ("可选值之一", "one of the choices", "", ""),
}


def _wrong_type(kind: A.FactKind, value: Any) -> PydanticCustomError:
    zh, en, hz, he = _EXPECTED[kind]
    return _fail("E0803", value=_show(value), expected=zh, expected_en=en, help_zh=hz, help_en=he)


def range_words(decl: A.FactField) -> tuple[str, str] | None:
    """The declared range in words (zh, en), or None when there is none."""
    pct = decl.kind is A.FactKind.PERCENT
    lo = _fmt(decl.minimum, pct) if decl.minimum is not None else None
    hi = _fmt(decl.maximum, pct) if decl.maximum is not None else None
    if lo is not None and hi is not None:
        return f"在 {lo} 到 {hi} 之间", f"between {lo} and {hi}"
    if lo is not None:
        return f"不小于 {lo}", f"at least {lo}"
    if hi is not None:
        return f"不大于 {hi}", f"at most {hi}"
    return None


def _number(value: Any, kind: A.FactKind) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise _wrong_type(kind, value)
    d = Decimal(value)
    if not d.is_finite():
        raise _wrong_type(kind, value)
    _within_limits(d, value)
    return d


def _within_limits(d: Decimal, shown: Any) -> None:
    problem = number_problem(d)
    if problem is not None:
        text = shown if isinstance(shown, str) else str(shown)
        raise _fail("E0815", value=L.shown(text), why_zh=problem[0], why_en=problem[1],
                    int_digits=L.MAX_INTEGER_DIGITS, frac_digits=L.MAX_FRACTION_DIGITS)


def _validator(decl: A.FactField) -> Callable[[Any], Any]:
    kind = decl.kind

    def check_range(d: Decimal, shown: Any) -> Decimal:
        if (decl.minimum is not None and d < decl.minimum) or (decl.maximum is not None and d > decl.maximum):
            zh, en = range_words(decl) or ("", "")
            raise _fail("E0804", value=_show(shown), range_zh=zh, range_en=en)
        return d

    if kind is A.FactKind.BOOLEAN:
        def boolean(v: Any) -> Any:
            if v is None or isinstance(v, bool):
                return v
            raise _wrong_type(kind, v)
        return boolean
    if kind in (A.FactKind.INTEGER, A.FactKind.DECIMAL):
        def number(v: Any) -> Any:
            if v is None:
                return None
            d = _number(v, kind)
            if kind is A.FactKind.INTEGER and d != d.to_integral_value():
                raise _wrong_type(kind, v)
            return check_range(d, v)
        return number
    if kind is A.FactKind.PERCENT:
        def percent(v: Any) -> Any:
            if v is None:
                return None
            if isinstance(v, str):
                text = v.strip()
                if text.endswith("%") or text.endswith("％"):
                    try:
                        written = Decimal(text[:-1].strip())
                    except InvalidOperation:
                        raise _wrong_type(kind, v) from None
                    if written.is_finite():
                        # Shifted by its exponent, not by `scaleb`: that would round at the context's precision.
                        sign, digits, exponent = written.as_tuple()
                        assert isinstance(exponent, int)
                        d = Decimal((sign, digits, exponent - 2))
                        _within_limits(d, v)
                        return check_range(d, v)
                raise _wrong_type(kind, v)
            d = _number(v, kind)
            if d > 1:
                raise _fail("E0806", value=_show(v), fraction=_fmt(d.scaleb(-2), False))
            return check_range(d, v)
        return percent
    if kind is A.FactKind.DATE:
        def date(v: Any) -> Any:
            if v is None:
                return None
            if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
                return v
            if isinstance(v, str):
                try:
                    return dt.date.fromisoformat(v)
                except ValueError:
                    pass
            raise _wrong_type(kind, v)
        return date
    if kind is A.FactKind.TEXT:
        def text(v: Any) -> Any:
            if v is None or isinstance(v, str):
                return v
            raise _wrong_type(kind, v)
        return text

    choices = decl.choices

    def choice(v: Any) -> Any:
        if v is None:
            return None
        if isinstance(v, str) and v in choices:
            return v
        close = difflib.get_close_matches(str(v), choices, n=1, cutoff=0.5)
        listed, listed_en = "、".join(choices), ", ".join(choices)
        raise _fail("E0805", value=_show(v), choices=listed, choices_en=listed_en,
                    suggestion_zh=f"是否想写 \"{close[0]}\"？" if close else f"可选：{listed}",
                    suggestion_en=f"did you mean \"{close[0]}\"?" if close else f"choose one of {listed_en}")

    return choice


def _model(name: str, fields: tuple[A.FactField | A.RecordsField, ...]) -> type[BaseModel]:
    spec: dict[str, Any] = {}
    for i, f in enumerate(fields):
        if isinstance(f, A.RecordsField):
            spec[f"f{i}"] = (_records_type(f, f"{name}.{f.name}"), _default(f.name))
        else:
            spec[f"f{i}"] = (Annotated[Any, BeforeValidator(_validator(f))], _default(f.name))
    return create_model(name, __config__=_CONFIG, **spec)  # type: ignore[call-overload,no-any-return]


def _default(alias: str) -> Any:
    return Field(default=None, alias=alias)


def _records_type(decl: A.RecordsField, name: str) -> Any:
    model = _model(name, decl.fields)

    def count(v: Any) -> Any:
        if v is None:
            return None
        if not isinstance(v, list):
            raise _fail("E0803", value=_show(v), expected="一组记录（[[...]]）",
                        expected_en="a list of records ([[...]])",
                        help_zh=f"每条记录写作 [[{name}]]。", help_en=f"write each record as [[{name}]].")
        if decl.min_count is not None and len(v) < decl.min_count:
            raise _fail("E0807", count=len(v), min=decl.min_count)
        if decl.max_count is not None and len(v) > decl.max_count:
            raise _fail("E0810", count=len(v), max=decl.max_count)
        return v

    return Annotated[list[model] | None, BeforeValidator(count)]  # type: ignore[valid-type]


Requirement = tuple[A.Require, Callable[..., Any]]


class FactSchema:
    """The pydantic models for one policy's fact files, built once per policy."""

    def __init__(self, checked: CheckedPolicy) -> None:
        self.checked = checked
        top: list[A.RecordsField] = []
        self.section_names: list[str] = []
        for d in checked.policy.declarations:
            if isinstance(d, A.FactSection):
                top.append(A.RecordsField(d.name, d.fields, d.label))  # a table: validated as a nested model
                self.section_names.append(d.name)
            elif isinstance(d, A.RecordsField):
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

    def _index_labels(self, fields: Sequence[A.FactField | A.RecordsField], prefix: tuple[str, ...]) -> None:
        for f in fields:
            path = (*prefix, f.name)
            if f.label:
                self._labels[".".join(path)] = f.label
            if isinstance(f, A.RecordsField):
                self._index_labels(f.fields, path)

    def label(self, loc: tuple[str | int, ...]) -> str:
        """The declared label of the fact at a key path, or "" when there is none."""
        return self._labels.get(".".join(str(p) for p in loc if not isinstance(p, int)), "")

    def known_keys(self, path: tuple[str | int, ...]) -> list[str]:
        """The keys allowed at a key path, for did-you-mean."""
        fields: tuple[A.FactField | A.RecordsField, ...] = self._top_decls
        for part in path:
            if isinstance(part, int):
                continue
            match = next((f for f in fields if f.name == part), None)
            if not isinstance(match, A.RecordsField):
                return []
            fields = match.fields
        return [f.name for f in fields]

    def validate(self, data: Any, file: str, requires: Sequence[Requirement] = ()) -> list[Any]:
        """Validate a fact mapping; return the slot list, facts filled in.

        Raises `FactsError` with every problem: wrong values and unknown keys, and the
        `requires` (compiled `require` conditions) that the valid values break.
        """
        if not isinstance(data, Mapping):
            raise FactsError([Diagnostic("E0809", {}, file=file)])
        try:
            model = self.model.model_validate(data)
        except ValidationError as exc:
            problems = self._diagnostics(exc, file)
            env = self._partial_env(data, exc)
            if env is not None:
                problems += self.broken_requirements(env, file, requires)
            raise FactsError(guard.capped(problems, file)) from None
        env = self._env(model)
        broken = self.broken_requirements(env, file, requires)
        if broken:
            raise FactsError(broken)
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
            if fn(env, None, None) is not False:
                continue
            keys = [k for k in _refs(req.expr) if k in self.checked.facts_by_key]
            shown = [f"{k} = {_show(env[self.checked.facts_by_key[k].slot])}" for k in keys]
            out.append(Diagnostic("E0808", {
                "message": req.message, "values": "，".join(shown), "values_en": ", ".join(shown),
                "text": req.expr.span.text if req.expr.span else "",
            }, file=file, key_path=", ".join(keys) or None))
        return out

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
                    **named, "value": _show(err.get("input")),
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
        if isinstance(node, A.Ref):
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
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
        raise FactsError([Diagnostic("E0001", {"reason": reason}, file=name)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FactsError([Diagnostic("E0002", {}, file=name)]) from None
    source = Source.from_text(name, text)
    return parse_fact_text(source), source


def parse_fact_text(source: Source) -> Any:
    """Parse fact text as JSON (by the file's extension) or TOML, numbers as `Decimal`, and
    refuse what is beyond the input limits (`facts.guard`) with its key path."""
    name = source.name
    try:
        data = _parse(source)
    except guard.NumberTooLarge as exc:
        raise FactsError([guard.number_diagnostic(name, None, exc.text)]) from None
    except RecursionError:
        raise FactsError([guard.too_deep(name)]) from None
    except ValueError as exc:  # tomllib: an integer of thousands of digits
        raise FactsError([guard.parse_value_error(name, exc)]) from None
    problems = guard.check_tree(data, name)
    if problems:
        raise FactsError(guard.capped(problems, name, counted=False))  # the walk stops past the limit
    return data


def _parse(source: Source) -> Any:
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
            data = json.loads(source.text, parse_float=guard.read_decimal, parse_int=guard.read_int,
                              object_pairs_hook=pairs)
        except json.JSONDecodeError as exc:
            span = source.span(exc.pos, exc.pos + 1)
            raise FactsError([Diagnostic("E0801", {"reason": exc.msg, "reason_zh": _TOML_WORDS.get(exc.msg, exc.msg),
                                                    "fmt": "JSON"}, span)]) from None
        if duplicates:
            raise FactsError([Diagnostic("E0811", {"key": k}, file=name, key_path=k) for k in duplicates])
        return data
    try:
        return tomllib.loads(source.text, parse_float=guard.read_decimal)
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
        offset = min(_offset(source, line, col), max(len(source.text) - 1, 0))
        span = source.span(offset, offset + 1)
        reason_zh = _TOML_WORDS.get(msg, msg)
        raise FactsError([Diagnostic("E0801", {"reason": msg, "reason_zh": reason_zh, "fmt": "TOML"}, span)]) from None


# The parsers' most common complaints, in the words a station's staff would use.
_TOML_WORDS = {
    "Invalid value": "值的写法不对（文字要放在半角双引号中，日期写作 2025-01-31）",
    "Expected '=' after a key in a key/value pair": "键后面应为半角等号 =",
    "Cannot overwrite a value": "同一个键写了两次",
    "Invalid statement": "这一行不是 键 = 值，也不是 [表头]",
    "Unclosed array": "列表没有结束的 ]",
    "Unterminated string": "字符串没有结束的双引号",
    "Invalid date or datetime": "日期不存在或写法不对（应为 2025-01-31）",
    "Expecting property name enclosed in double quotes": "此处应为带双引号的键名（JSON 中最后一项后面不能有逗号）",
    "Expecting value": "此处应为一个值",
    "Expecting ',' delimiter": "此处缺少逗号",
}


def _offset(source: Source, line: int, col: int) -> int:
    lines = source.text.split("\n")
    return sum(len(x) + 1 for x in lines[: line - 1]) + col - 1
