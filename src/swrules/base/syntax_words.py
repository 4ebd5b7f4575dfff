"""The words syntax messages use for the language's keywords and kinds of token.

Input: none. Output: `KEYWORD_MEANINGS` (each keyword, or keyword phrase, as it is typed
-> what it means, in Chinese), `keyword_zh` ("参数（param）": the meaning with the word
as it must be typed beside it) and `TOKEN_WORDS` (a kind of token the parser expects ->
its words in Chinese and English). A Chinese message never names a keyword bare: a
policy officer reads what it is for and sees what to type. Also what the names the
language itself gives every policy mean (`BUILTIN_MEANINGS`: `total`, `grade`, `phase`,
a record's `score`; `FUNCTION_MEANINGS`, `MODE_MEANINGS`), which an editor's hover and
completion show, and the few words those use (`LANGUAGE_WORDS`). The keyword and token
words are re-exported by `words`, the one place for words; this file is kept apart only
for its length, and the language service reads the tables of names from it directly.
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


# ---------------------------------------------------------------- the language's own names
# The values a policy reads without declaring them: name -> (the name in Chinese, what it
# is, in Chinese and in English). The Chinese name is the keyword's meaning above where the
# name is a keyword (`total` 总分, `phase` 评估阶段, `score` 记录的评分) and the Chinese
# spelling the language accepts for `grade` (评定等级), so that a hover, a message and a
# report call each the same.
BUILTIN_MEANINGS: dict[str, tuple[str, str, str]] = {
    "total": (KEYWORD_MEANINGS["total"],
              "评分表的总分：各方得分之和；评分表写明 counted（折算分）的，按其算式计算；"
              "写明 round（舍入）的，按其舍入",
              "the score sheet's total: the sum of the parties' points, or what the sheet's `counted` says, "
              "rounded as its `round` says"),
    "grade": ("评定等级",
              "站点评得的等级：总分所在的等级区间，一票否决可把它定为规定的等级；按等级高低比较，"
              "`grade >= 合格` 即合格或更好",
              "the grade the station earns: the band its total falls in, unless a veto forces another; grades "
              "compare by rank, `grade >= 合格` meaning 合格 or better"),
    "phase": (KEYWORD_MEANINGS["phase"],
              "站点本次评估所处的阶段（如中期评估、末期评估），取自 phases 声明所指的事实",
              "the phase the station is evaluated in (midterm, final …), read from the fact `phases` names"),
    "score": (KEYWORD_MEANINGS["score"],
              "逐条计算（for each）中，当前这条记录名为 score 的字段",
              "inside `for each`, the field called `score` of the record at hand"),
}

# The builtin functions: name -> what they give, in Chinese and in English.
FUNCTION_MEANINGS: dict[str, tuple[str, str]] = {
    "round": ("按给定的位数和舍入方式取舍", "rounds to the places given, in the mode given"),
    "sum": ("各条记录中该字段之和", "the sum of the field over the records"),
    "mean": ("各条记录中该字段的平均值", "the mean of the field over the records"),
    "min": ("各条记录中该字段的最小值，或所列各值中最小的一个",
            "the smallest value of the field, or of the values given"),
    "max": ("各条记录中该字段的最大值，或所列各值中最大的一个",
            "the largest value of the field, or of the values given"),
    "count": ("记录的条数", "the number of records"),
    "abs": ("绝对值", "the absolute value"),
    "known": ("事实是否已填写：填了为是，未填为否", "whether the fact is given"),
    "days_between": ("两个日期相隔的天数（后一日期减前一日期；两端都算时再加 1）",
                     "the days from the first date to the second (add 1 to count both ends)"),
    "months_between": ("两个日期相隔的整月数（按日历计算）",
                       "the whole calendar months from the first date to the second"),
}

# The rounding modes: name -> what they do, in Chinese and in English.
MODE_MEANINGS: dict[str, tuple[str, str]] = {
    "half_up": ("四舍五入", "round half up"),
    "half_even": ("银行家舍入：恰好一半时舍入到偶数", "round half to even"),
    "down": ("截断：舍去多余的位数", "truncate: drop the extra places"),
    "up": ("进一：有多余的位数就进一（远离 0）", "round up, away from zero"),
}

# The words a hover or a completion of the language's own names uses around the meanings.
LANGUAGE_WORDS: dict[str, tuple[str, str]] = {
    "builtin": ("语言内置的名称", "built into the language"),
    "function": ("函数", "function"),
    "mode": ("舍入方式", "rounding mode"),
    "written": ("写法", "written"),
    "also": ("也写作", "also written"),
    "same_as": ("即 {call}", "the same as {call}"),
    "rounding": ("舍入：保留 {places} 位，{mode}", "rounding: {places} places, {mode}"),
    "read_from": ("取自事实", "read from the fact"),
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
