"""The fact-file template: a TOML skeleton of every fact a policy declares.

Input: a `CheckedPolicy`. Output: TOML text in which every fact is a commented-out
`key = example` line followed by its label, type, range and whether it is required.
Filling in a fact means removing the leading `# ` and writing the station's value.
The template is valid as it stands (every fact missing, so nothing can be graded by
accident from an example value), and stays valid as facts are filled in; values are
written by tomli-w, so the examples are TOML as the reader expects it.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import tomli_w

from swrules.base.diagnostics import display_width
from swrules.base.show import as_written, join
from swrules.base.words import FACT_KIND_WORDS
from swrules.check import ir
from swrules.check.ir import CheckedPolicy

from .validators import range_words

EXAMPLE_DATE = dt.date(2025, 1, 1)


def example_date(header: ir.Header) -> dt.date:
    """The example date: 2025-01-01, or the policy's first effective day when 2025-01-01 is
    outside its effective range (so a filled-in template of a 2018 version is in force)."""
    start, end = header.effective_from, header.effective_to
    if (start is not None and start > EXAMPLE_DATE) or (end is not None and end < EXAMPLE_DATE):
        return start if start is not None else EXAMPLE_DATE
    return EXAMPLE_DATE


def example_value(decl: ir.FactField, date: dt.date = EXAMPLE_DATE) -> Any:
    """A value of the fact's type within its declared range."""
    kind = decl.kind
    if kind is ir.FactKind.BOOLEAN:
        return False
    if kind is ir.FactKind.DATE:
        return date
    if kind is ir.FactKind.TEXT:
        return ""
    if kind is ir.FactKind.CHOICE:
        return decl.choices[0]
    low = decl.minimum if decl.minimum is not None else Decimal(0)
    if decl.maximum is not None and low > decl.maximum:
        low = decl.maximum
    if kind is ir.FactKind.PERCENT:
        typical = Decimal("0.85")
        in_range = ((decl.minimum is None or typical >= decl.minimum)
                    and (decl.maximum is None or typical <= decl.maximum))
        value = typical if in_range else low
        return as_written(value, percent=True)
    if kind is ir.FactKind.INTEGER:
        return int(low.to_integral_value(rounding="ROUND_CEILING"))
    return low


def describe(decl: ir.FactField | ir.RecordsField, lang: str) -> str:
    """The fact in words: label, kind, range, required or optional."""
    zh = lang == "zh"
    parts: list[str] = []
    if isinstance(decl, ir.RecordsField):
        parts.append("一组记录" if zh else "list of records")
        if decl.min_count is not None:
            parts.append(f"至少 {decl.min_count} 条" if zh else f"at least {decl.min_count}")
        if decl.max_count is not None:
            parts.append(f"至多 {decl.max_count} 条" if zh else f"at most {decl.max_count}")
    else:
        words = FACT_KIND_WORDS[decl.kind.value][0 if zh else 1]
        if decl.kind is ir.FactKind.CHOICE:
            words += ("：" if zh else " ") + join(decl.choices, lang)
        parts.append(words)
        span = range_words(decl)
        if span is not None:
            parts.append(span[0] if zh else span[1])
        parts.append(("可选" if zh else "optional") if decl.optional else ("必填" if zh else "required"))
    text = ("，" if zh else ", ").join(parts)
    return f"{decl.label}：{text}" if zh and decl.label else f"{decl.label}: {text}" if decl.label else text


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(name: str) -> str:
    """`name` as a TOML key: bare when TOML 1.0 allows it (ASCII letters, digits, `_`, `-`),
    quoted otherwise, so `细则` is written `"细则"`."""
    if _BARE_KEY.fullmatch(name):
        return name
    return tomli_w.dumps({name: 0}).split(" = ", 1)[0]


def toml_path(path: str) -> str:
    """A dotted path of names as a TOML table name, each part quoted as it needs."""
    return ".".join(toml_key(part) for part in path.split("."))


def _value_text(value: Any) -> str:
    return tomli_w.dumps({"v": value}).strip().removeprefix("v = ")


def _key_lines(fields: list[ir.FactField], lang: str, date: dt.date) -> list[str]:
    cells = [(f"# {toml_key(f.name)} = {_value_text(example_value(f, date))}", describe(f, lang)) for f in fields]
    width = max((display_width(c) for c, _ in cells), default=0)
    return [f"{c}{' ' * (width - display_width(c))}  # {d}" for c, d in cells]


def _block(path: str, fields: tuple[ir.FactField | ir.RecordsField, ...], lang: str, *, records: bool,
           label: str | None, date: dt.date, decl: ir.FactField | ir.RecordsField | None = None) -> list[str]:
    out: list[str] = []
    plain = [f for f in fields if isinstance(f, ir.FactField)]
    nested = [f for f in fields if isinstance(f, ir.RecordsField)]
    if records:
        assert decl is not None
        out.append(f"# {describe(decl, lang)}")
        out.append("# " + ("每条记录以下面一行开头，有几条就复制几次。" if lang == "zh" else
                           "each record starts with the line below; repeat the block once per record."))
        out.append(f"# [[{toml_path(path)}]]")
    else:
        out.append(f"# ---- {label} ----" if label else f"# ---- {path} ----")
        out.append(f"[{toml_path(path)}]")
    out.extend(_key_lines(plain, lang, date))
    for sub in nested:
        out.append("")
        out.extend(_block(f"{path}.{sub.name}", sub.fields, lang, records=True, label=sub.label, date=date, decl=sub))
    return out


def render_template(checked: CheckedPolicy, lang: str = "zh") -> str:
    """The TOML template for `checked`'s fact files."""
    header = checked.header
    title = header.title + (f"（版本 {header.version}）" if header.version and lang == "zh" else
                            f" (version {header.version})" if header.version else "")
    if lang == "zh":
        intro = [
            f"# 事实文件模板：{title}",
            "# 由 `swrules facts template` 生成。",
            "# 填写方法：去掉行首的 \"# \"，把示例值改为站点的实际值；每行末尾的注释说明含义、类型和范围。",
            "# 不知道的事实保持注释即可：它会被列为“未填报”，而不会被当作 0 或“否”。",
            "# 填好后用 `swrules facts check 政策文件 本文件` 检查。",
        ]
    else:
        intro = [
            f"# Fact file template: {title}",
            "# Written by `swrules facts template`.",
            "# To fill in a fact, remove the leading \"# \" and write the station's value; the comment at the end",
            "# of each line gives its meaning, type and range.",
            "# Leave a fact you do not know commented out: it is listed as not given, never taken as 0 or false.",
            "# Check the filled-in file with `swrules facts check POLICY THIS_FILE`.",
        ]
    out = [*intro]
    date = example_date(header)
    for d in checked.fact_decls:
        if isinstance(d, ir.FactSection):
            out.append("")
            out.extend(_block(d.name, d.fields, lang, records=False, label=d.label, date=date))
        elif isinstance(d, ir.RecordsField):
            out.append("")
            out.extend(_block(d.name, d.fields, lang, records=True, label=d.label, date=date, decl=d))
    return "\n".join(out) + "\n"
