"""The words syntax messages use for the language's keywords and kinds of token.

Input: none. Output: `KEYWORD_MEANINGS` (each keyword, or keyword phrase, as it is typed
-> what it means, in Chinese), `keyword_zh` ("参数（param）": the meaning with the word
as it must be typed beside it) and `TOKEN_WORDS` (a kind of token the parser expects ->
its words in Chinese and English). A Chinese message never names a keyword bare: a
policy officer reads what it is for and sees what to type. Re-exported by `words`, the
one place for words; kept apart only for its length.
"""

from __future__ import annotations

# Keyed by the keyword as typed (the English spelling; a phrase where the keyword only
# stands in one: `score sheet`, `for each`). A test holds this table in step with the
# grammar's keywords: a new keyword needs its meaning here.
KEYWORD_MEANINGS: dict[str, str] = {
    "policy": "政策头部", "version": "版本号", "effective": "生效期", "from": "自", "to": "至",
    "regulation": "依据文件", "dated by": "评估基准日", "extends": "基础政策", "phases": "评估阶段",
    "facts": "事实", "records": "记录", "optional": "选填", "one of": "可选值",
    "boolean": "是/否", "integer": "整数", "decimal": "小数", "percent": "百分数", "date": "日期", "text": "文字",
    "min": "下限", "max": "上限", "param": "参数", "by phase": "按阶段取值", "by date": "按日期取值",
    "phase": "评估阶段", "define": "定义", "output": "输出结果", "unit": "单位", "points": "分值",
    "clause": "条文依据", "score sheet": "评分表", "score": "记录的评分", "total": "总分", "counted": "折算分",
    "round": "舍入", "party": "评估方", "weight": "权重", "item": "评分项", "awarded": "评分",
    "grades": "等级", "grading": "评级方式", "otherwise": "其余情形", "provided": "前提条件",
    "veto": "一票否决", "when": "条件", "forces": "导致的等级", "finding": "需要关注", "indicator": "指标",
    "for each": "逐条计算", "compute": "计算", "not applicable": "不适用", "not": "非",
    "reconcile": "核对", "with": "对照", "require": "要求", "remove": "删除", "band": "等级区间",
    "override": "覆盖", "if": "如果", "then": "则", "else": "否则", "or": "或", "and": "且",
    "on zero": "除数为 0 时的结果", "zero": "零", "on": "遇", "true": "是", "false": "否",
}


def keyword_zh(keyword: str) -> str:
    """A keyword in a Chinese message: its meaning, then the word as typed in brackets."""
    return f"{KEYWORD_MEANINGS[keyword]}（{keyword}）"


# What the parser expects, by kind of token (Lark's terminal names), in words.
TOKEN_WORDS: dict[str, tuple[str, str]] = {
    "NAME": ("名称", "a name"),
    "NUMBER": ("数字", "a number"),
    "PERCENT": ("百分数", "a percentage"),
    "STRING": ("带双引号的文字", "quoted text"),
    "DATE": ("日期（如 2025-01-31）", "a date such as 2025-01-31"),
    "LBRACE": ("`{`", "`{`"),
    "LPAR": ("`(`", "`(`"),
    "RPAR": ("`)`", "`)`"),
    "COLON": ("`:`", "`:`"),
    "COMMA": ("`,`", "`,`"),
    "EQUAL": ("`=`", "`=`"),
    "DOT": ("`.`", "`.`"),
    "LOW_OP": ("`<` 或 `<=`", "`<` or `<=`"),
    "HIGH_OP": ("`<` 或 `<=`", "`<` or `<=`"),
    "GE_OP": ("`>` 或 `>=`", "`>` or `>=`"),
    "$END": ("文件结束", "the end of the file"),
    # Groups of tokens the messages name together.
    "value": ("数字或事实名称", "a number or a fact name"),
    "operator": ("运算符", "an operator"),
    "next": ("下一项声明", "the next declaration"),
    "block": ("块", "the block"),
    "declaration": ("当前声明", "the current declaration"),
}
