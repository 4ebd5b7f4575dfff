"""A change between two versions of a policy, and the sentence that says it.

Input: nothing but the `Change` records `diff` builds. Output: `describe`, one
sentence per change in Chinese or English (`一票否决「社工配备不足」：条件由 … 改为 …`),
with the rules that use a changed value; `subject` and `unit_title`, how the reports
name a declaration. Every category and aspect the differ emits has words here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# A unit: what one-at-a-time attribution swaps between versions.
Unit = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. `kind` is added, removed or changed; `aspect` says what part of
    the declaration changed (None when the whole declaration was added or removed)."""

    kind: str
    category: str
    name: str
    aspect: str | None = None
    old: str | None = None
    new: str | None = None
    label: str | None = None
    unit: Unit = ("", "")
    # The phase's label for a per-phase value ("中期评估"); the rules that use a changed
    # parameter or derived value, as (category, name).
    aspect_label: str | None = None
    used_by: tuple[tuple[str, str], ...] = ()

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {"kind": self.kind, "category": self.category, "name": self.name, "label": self.label,
                "aspect": self.aspect, "old": self.old, "new": self.new, "unit": list(self.unit),
                "used_by": [list(u) for u in self.used_by], "message": describe(self, lang)}


# ---------------------------------------------------------------- words

CATEGORY = {
    "header": ("政策头部", "header"), "extends": ("基础政策", "base policy"), "phases": ("评估阶段", "phases"),
    "fact": ("事实", "fact"), "param": ("参数", "parameter"), "define": ("派生值", "derived value"),
    "sheet": ("评分表", "score sheet"), "party": ("评估方", "party"), "item": ("评分项", "score item"),
    "grades": ("等级表", "grades"), "band": ("等级", "grade"), "veto": ("一票否决", "veto"),
    "finding": ("关注事项", "finding"), "indicator": ("指标", "indicator"), "reconcile": ("核对", "reconciliation"),
    "require": ("事实要求", "requirement"), "remove": ("删除声明", "removal"),
}

ASPECT = {
    "value": ("值", "value"), "label": ("说明文字", "label"), "clause": ("依据条款", "clause"),
    "when": ("条件", "condition"), "forces": ("强制等级", "forced grade"), "maximum": ("满分", "maximum"),
    "share": ("分值", "share"), "party": ("所属评估方", "party"), "awarded": ("评分公式", "awarded formula"),
    "counted": ("计入公式", "counted formula"), "range": ("区间", "range"), "total": ("总分", "total"),
    "rounding": ("总分舍入", "rounding of the total"), "grading": ("评级规定", "how totals are graded"),
    "type": ("类型", "type"), "bounds": ("取值范围", "bounds"),
    "optional": ("可否缺省", "optional"), "count": ("记录条数", "number of records"), "over": ("适用记录", "records"),
    "compute": ("计算公式", "formula"), "not_applicable": ("不适用条件", "not-applicable condition"),
    "title": ("名称", "title"), "version": ("版本", "version"), "effective": ("生效期间", "effective period"),
    "regulation": ("依据文件", "regulation"), "dated_by": ("评估日期", "evaluation date"),
    "source": ("阶段来源", "phase source"), "phase": ("阶段", "phase"), "order": ("等级次序", "order of the grades"),
    "path": ("路径", "path"), "message": ("说明", "message"), "finding": ("关注事项", "finding"),
    "with": ("核对对象", "compared with"),
}


def _aspect_words(aspect: str, aspect_label: str | None, lang: str) -> str:
    head, _, arg = aspect.partition(":")
    if head == "phase":
        shown = f"{aspect_label}（{arg}）" if aspect_label and aspect_label != arg else arg
        return f"{shown}的值" if lang == "zh" else f"value at {arg}"
    if head == "from":
        return f"自 {arg} 起的值" if lang == "zh" else f"value from {arg}"
    if head == "finding":
        return f"关注事项「{arg}」" if lang == "zh" else f"finding {arg}"
    zh, en = ASPECT.get(head, (head, head))
    return zh if lang == "zh" else en


def subject(category: str, name: str, label: str | None, lang: str) -> str:
    """`一票否决「社工配备不足」` / `veto 社工配备不足`, with an English-named thing's label."""
    zh, en = CATEGORY.get(category, (category, category))
    show_label = label and label != name and name.isascii()
    if lang == "zh":
        return f"{zh}「{name}」" + (f"（{label}）" if show_label else "") if name else zh
    return f"{en} {name}" + (f" ({label})" if show_label else "") if name else en


def describe(c: Change, lang: str = "zh") -> str:
    """The change as one sentence an officer or auditor reads."""
    who = subject(c.category, c.name, c.label, lang)
    zh = lang == "zh"
    if c.aspect is None:
        if c.kind == "added":
            what = (f"：{c.new}" if zh else f": {c.new}") if c.new else ""
            return (f"新增{who}" if zh else f"{who} added") + what
        was = (f"（原为：{c.old}）" if zh else f" (was: {c.old})") if c.old else ""
        return (f"删除{who}" if zh else f"{who} removed") + was
    what = _aspect_words(c.aspect, c.aspect_label, lang)
    if c.old is None:
        text = f"{who}：新增{what} {c.new}" if zh else f"{who}: {what} {c.new} added"
    elif c.new is None:
        text = f"{who}：删除{what}（原为 {c.old}）" if zh else f"{who}: {what} removed (was {c.old})"
    else:
        text = f"{who}：{what}由 {c.old} 改为 {c.new}" if zh else f"{who}: {what} changed from {c.old} to {c.new}"
    if c.used_by:
        users = ("、" if zh else ", ").join(subject(cat, name, None, lang) for cat, name in c.used_by)
        text += f"（用于{users}）" if zh else f" (used by {users})"
    return text


def unit_title(unit: Unit, lang: str = "zh") -> str:
    """`参数「社工缺口不合格人次」`, `评分表`, `等级表`: a unit as the reports name it."""
    kind, name = unit
    category = {"facts": "fact", "records": "fact"}.get(kind, kind)
    return subject(category, name, None, lang)
