"""The words the tool prints, in Chinese and English.

Input: a key and a language. Output: the phrase. Renderers and explanations take
their vocabulary from here so that both languages stay in step.
"""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
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
    "provisional": ("暂定", "provisional"),
    "undetermined": ("未判定", "undetermined"),
    "not_determined_grade": ("无法判定", "not determined"),
    "vetoes": ("一票否决", "Vetoes"),
    "hit": ("否决", "HIT"),
    "clear": ("未触发", "clear"),
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
    "missing_facts": ("缺失的事实", "Missing facts"),
    "missing": ("缺失", "missing"),
    "required": ("必填", "required"),
    "optional": ("选填", "optional"),
    "clause": ("依据", "clause"),
    "forces": ("导致", "forces"),
    "provisional_because": ("等级为暂定：以下一票否决项无法判定，若触发将改变等级：",
                            "The grade is provisional: these vetoes could not be decided and would change it:"),
    "none": ("无", "none"),
    "division_by_zero": ("除数为 0", "division by zero"),
    "no_records": ("没有记录", "no records"),
}


def w(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return zh if lang == "zh" else en
