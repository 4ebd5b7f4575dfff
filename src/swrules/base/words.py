"""The words the tool prints, in Chinese and English.

Input: a key and a language. Output: the phrase (`w`), or a `Say`, one thing said in
both languages. Renderers, explanations, policy tests and the command line take
their vocabulary from here (labels, statuses, the names of value types and of the
columns of a batch; the keywords' meanings, from `syntax_words`; what is said about the
files people write, from `input_words`) so that both languages stay in step. Kept apart,
one module a kind: the command line's help and click's messages (`cli_words`), the
report's (`report_words`) and the district's (`district_words`) words, the workbench's
page words (`pagewords`). Diagnostics are not here: they live in the catalogue
(`messages`); values are formatted by `show`.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError

from .district_words import DISTRICT_WORDS

# The words of the files people write (their read errors, parsers' messages, full-width characters),
# kept in `input_words` and read from here too, as the syntax's words are.
from .input_words import FULL_WIDTH as FULL_WIDTH
from .input_words import FULL_WIDTH_SPACE as FULL_WIDTH_SPACE
from .input_words import OS_ERRORS as OS_ERRORS
from .input_words import PARSER_WORDS as PARSER_WORDS
from .input_words import os_reason as os_reason
from .input_words import parser_words as parser_words
from .report_words import REPORT_WORDS
from .syntax_words import KEYWORD_MEANINGS as KEYWORD_MEANINGS
from .syntax_words import TOKEN_WORDS as TOKEN_WORDS
from .syntax_words import keyword_zh as keyword_zh


class Say:
    """One thing said in both languages; `say(lang)` picks one.

    Made by the dozen for every explanation, so made cheaply: a class with two slots whose
    `__init__` stores them through the slots' own setters, past the refusing `__setattr__`
    (what `@node` does through `object.__setattr__`, which looks the name up in the class
    each time: 3.7 k instructions a `Say`, now 2.8 k). Not a `tuple` subclass, which costs as
    much to make (its `__new__` is Python too) and ten times more to read (`.zh` through a
    property instead of a slot). Compared and hashed by value as a frozen dataclass is (never
    equal to a plain tuple), shown as one (`Say(zh='…', en='…')`), pickled as `Say(zh, en)`.
    """

    __slots__ = ("zh", "en")
    __match_args__ = ("zh", "en")
    zh: str
    en: str

    def __init__(self, zh: str, en: str) -> None:
        _set_zh(self, zh)
        _set_en(self, en)

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Say:
            return NotImplemented
        return self.zh == other.zh and self.en == other.en  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.zh, self.en))

    def __repr__(self) -> str:
        return f"Say(zh={self.zh!r}, en={self.en!r})"

    def __reduce__(self) -> tuple[type[Say], tuple[str, str]]:
        return Say, (self.zh, self.en)

    def __add__(self, other: Say) -> Say:
        return Say(self.zh + other.zh, self.en + other.en)

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


_set_zh = Say.__dict__["zh"].__set__
_set_en = Say.__dict__["en"].__set__

NOTHING = Say("", "")

WORDS: dict[str, tuple[str, str]] = {
    # units of outputs (`base.units`), after the figure: 35,000 元, 35.5 分
    "yuan": ("元", "yuan"),
    "points": ("分", "points"),
    "outputs": ("其他结果", "Outputs"),
    "output_name": ("项目", "Item"),
    "output_value": ("结果", "Value"),
    "version": ("版本", "version"),
    "station": ("站点", "station"),
    "phase": ("阶段", "phase"),
    "facts_file": ("事实文件", "fact file"),
    "score_sheet": ("评分表", "Score sheet"),
    "item": ("评估内容", "item"),
    "max": ("标准分", "max"),
    "awarded": ("评分", "awarded"),
    "counted": ("折算分", "counted"),
    "total": ("总分", "Total"),
    "grade": ("等级", "Grade"),
    "provisional": ("待核实", "provisional"),
    "undetermined": ("未能核实", "undetermined"),
    "not_determined_grade": ("无法判定", "not determined"),
    "cannot_determine": ("未能确定", "undetermined"),
    "vetoes": ("一票否决", "Vetoes"),
    "vetoed_by": ("一票否决", "vetoed by"),
    "hit": ("否决", "HIT"),
    "clear": ("未发现", "clear"),
    "raised": ("需关注", "RAISED"),
    "findings": ("需要关注的地方", "Findings"),
    "indicators": ("协议指标", "Indicators"),
    "name": ("名称", "name"),
    "value": ("值", "value"),
    "not_applicable": ("不适用", "n/a"),
    "reconciliation": ("核对报告公布的数字", "Reconciliation"),
    "declared": ("公布", "declared"),
    "computed": ("计算", "computed"),
    "difference": ("差额", "difference"),
    "agrees": ("一致", "agrees"),
    "differs": ("不一致", "DIFFERS"),
    "not_declared": ("未公布", "not declared"),
    "missing_facts": ("未填报的事项", "Missing facts"),
    "missing_column": ("未填报的事项", "facts to give"),  # as a column of the batch table, CSV and workbook
    # A fact the station did not give, in the words of 未填报的事项: as a value, （未填报） (`show`, so
    # in every output), and before the facts a check lacked, 未填报：稳岗率 (`render.reads`).
    "missing": ("未填报", "not given"),
    "required": ("必填", "required"),
    "optional": ("选填", "optional"),
    "clause": ("依据", "clause"),
    "forces": ("导致", "forces"),
    # the batch totals (`swrules eval` on many files) and the result workbook's totals sheet
    "batch_provisional": ("（其中等级待核实 {n} 个）", " ({n} provisional)"),
    "grade_provisional": ("等级待核实", "provisional"),
    # `swrules facts check`: a well-formed file without some required facts
    "facts_incomplete": ("格式正确，但缺少 {n} 项必填事实，等级将待核实或无法判定。缺少：{keys}",
                         "well-formed, but {n} required fact(s) are missing, so results will be provisional "
                         "or undetermined. Missing: {keys}"),
    "provisional_because": ("等级待核实：以下一票否决情形未能核实，若发现将改变等级：",
                            "The grade is provisional: these vetoes could not be decided and would change it:"),
    "none": ("无", "none"),
    "division_by_zero": ("除数为 0", "division by zero"),
    "no_records": ("没有记录", "no records"),
    # explanations (swrules explain) and reports
    "explanation_title": ("规则说明", "Explanation"),
    "formula": ("公式", "formula"),
    "facts_read": ("读取的事实", "facts read"),
    "rules_read": ("读取的规则", "rules read"),
    "steps": ("中间值", "intermediate values"),
    # What the command line says when it stops for a reason other than bad input.
    "interrupted": ("已中断", "interrupted"),
    "aborted": ("已取消", "aborted"),
    "internal_error": ("swrules 内部错误（{detail}）。这是 swrules 的缺陷，不是输入的问题："
                       "请把所用的命令和文件报告给维护者。",
                       "swrules: internal error ({detail}). Please report it with the command "
                       "and the files that caused it."),
    # After a quotient or mean that could not be carried exactly (base.values.divide).
    "precision_cut": ("（除不尽，按 34 位有效数字舍入）", " (not exact: rounded to 34 significant digits)"),
    "rounding": ("舍入", "rounding"),
    "margins": ("距改变结果", "distance to a different outcome"),
    "why_not": ("距其他结果有多远", "Why not another outcome"),
    "capped": ("一票否决已决定等级，总分变化不改变等级：", "A veto fixes the grade whatever the total:"),
    "see_above": ("见上文", "see above"),
    "records": ("各条记录", "records"),
    "half_up": ("四舍五入", "half-up"),
    "half_even": ("银行家舍入", "half-even"),
    "down": ("截断", "truncation"),
    "up": ("进一", "rounding up"),
    "places": ("保留 {n} 位小数", "{n} places"),
    "kind_param": ("参数", "parameter"),
    "kind_define": ("定义", "definition"),
    "kind_output": ("结果", "output"),
    "kind_item": ("评分项", "score item"),
    "kind_party": ("评估方", "party"),
    "kind_total": ("总分", "total"),
    "kind_grade": ("等级", "grade"),
    "kind_veto": ("一票否决", "veto"),
    "kind_finding": ("需要关注", "finding"),
    "kind_indicator": ("指标", "indicator"),
    "report_title": ("评估报告", "Evaluation report"),
    "period": ("考核期", "period"),
    "district": ("所属区", "district"),
    "operator": ("承接机构", "operator"),
    "evaluators": ("评估各方", "Who evaluated"),
    "share": ("分值", "share"),
    "total_and_grade": ("总分与等级", "Total and grade"),
    "status": ("状态", "status"),
    "rule": ("规则", "rule"),
    "appendix": ("附录：逐条规则说明", "Appendix: every rule explained"),
    "audit": ("审计信息", "Audit"),
    "policy": ("评估办法", "policy"),
    "policy_hash": ("评估办法内容哈希（SHA-256）", "policy content hash (SHA-256)"),
    "facts_hash": ("事实文件哈希（SHA-256）", "fact file hash (SHA-256)"),
    "swrules_version": ("swrules 版本", "swrules version"),
    "evaluated_at": ("评估时间", "evaluated at"),
    "no_differences": ("公布的数字与计算一致。", "Every declared figure agrees with the computed one."),
    "citation": ("依据", "clause"),
    **REPORT_WORDS,
    # what an editor shows when the pointer rests on a name (`swrules lsp`, `swrules serve`)
    "kind_fact": ("事实", "fact"),
    "kind_section": ("事实分组", "group of facts"),
    "kind_records": ("一组记录", "list of records"),
    "kind_phase": ("评估阶段", "phase"),
    "hover_type": ("类型", "type"),
    "hover_range": ("取值范围", "range"),
    "hover_choices": ("可选值", "choices"),
    "hover_optional": ("可不填", "optional"),
    "hover_value": ("取值", "value"),
    "hover_from": ("自{date}起", "from {date}"),
    "hover_formula": ("公式", "formula"),
    "hover_when": ("条件", "when"),
    "hover_forces": ("等级定为", "forces the grade"),
    "hover_clause": ("条款", "clause"),
    "hover_regulation": ("依据文件", "regulation"),
    "hover_declared": ("声明于", "declared in"),
    "hover_count": ("条数", "records"),
    # `swrules serve`
    "serve_started": ("工作台已启动：{url} （目录 {folder}；按 Ctrl-C 停止）",
                      "The workbench is running: {url} (folder {folder}; Ctrl-C stops it)"),
    "serve_exposed": ("警告：工作台将在 {host} 上监听：能访问该地址的任何人都能读取和修改 {folder} "
                      "中的评估办法与事实文件。只在可信的网络中这样做。",
                      "warning: the workbench will listen on {host}: anyone who can reach that address can read and "
                      "change the policies and fact files in {folder}. Do this on a trusted network only."),
    "serve_cannot_listen": ("错误：无法在 {host}:{port} 上监听：{reason}\n  = 帮助：用 --port 换一个端口。",
                            "error: cannot listen on {host}:{port}: {reason}\n  = help: choose another --port."),
}

WORDS.update(DISTRICT_WORDS)  # the pictures' and the district documents' words (`district_words`)


# The types of values, as diagnostics and the checker name them.
TYPE_WORDS: dict[str, tuple[str, str]] = {
    "bool": ("布尔值（是/否）", "a yes/no value"),
    "number": ("数字", "a number"),
    "percent": ("百分数", "a percentage"),
    "date": ("日期", "a date"),
    "text": ("文字", "text"),
    "grade": ("等级", "a grade"),
    "phase": ("评估阶段", "a phase"),
    "records": ("一组记录", "a list of records"),
    "mode": ("舍入方式", "a rounding mode"),
}

# The kinds of facts, as a fact template describes what to write (keyed by the kind's keyword).
FACT_KIND_WORDS: dict[str, tuple[str, str]] = {
    "boolean": ("是/否（true 或 false）", "true or false"),
    "integer": ("整数", "whole number"),
    "decimal": ("数字", "number"),
    "percent": ("百分数（\"85%\" 或 0.85）", "percentage (\"85%\" or 0.85)"),
    "date": ("日期（2025-01-31）", "date (2025-01-31)"),
    "text": ("文字", "text"),
    "one of": ("可选值之一", "one of"),
}

# What a policy test compares, as its report names it (other rules are named by their id).
OUTCOME_WORDS: dict[str, tuple[str, str]] = {
    "total": ("总分", "total"),
    "grade": ("等级", "grade"),
    "provisional": ("等级是否" + WORDS["provisional"][0], "provisional"),
    "vetoes": ("触发的一票否决", "vetoes hit"),
    "findings": ("需要关注的地方", "findings raised"),
    "error": ("评估出错", "evaluation error"),
}

# The columns of the batch table (`swrules eval` on many fact files), in order.
BATCH_COLUMNS: dict[str, tuple[str, ...]] = {
    "zh": ("文件", "站点", "阶段", "总分", "等级", WORDS["provisional"][0], "一票否决", WORDS["missing_column"][0],
           "核对差异", "错误"),
    "en": ("file", "station", "phase", "total", "grade", WORDS["provisional"][1], "vetoes hit",
           WORDS["missing_column"][1], "differences", "errors"),
}


def w(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


def say(key: str) -> Say:
    """A word in both languages."""
    return Say(*WORDS[key])


def type_words(base: str, many: bool = False) -> tuple[str, str]:
    """A type's name (zh, en): 数字 / a number; a list of them: 一组数字 / a list of numbers."""
    zh, en = TYPE_WORDS[base]
    if many:
        return f"一组{zh}", f"a list of {en.removeprefix('a ')}"
    return zh, en
