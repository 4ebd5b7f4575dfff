"""The words the tool prints, in Chinese and English.

Input: a key and a language. Output: the phrase (`w`), or a `Say`, one thing said in
both languages. Renderers, explanations, policy tests and the command line take
their vocabulary from here (labels, statuses, the names of value types and of the
columns of a batch; the keywords' meanings, from `syntax_words`) so that both
languages stay in step. Diagnostics are not here:
they live in the catalogue (`messages`); values are formatted by `show`.
"""

from __future__ import annotations

import errno
import re

from .district_words import DISTRICT_CLI_WORDS, DISTRICT_WORDS
from .nodes import node
from .report_words import REPORT_WORDS
from .syntax_words import KEYWORD_MEANINGS as KEYWORD_MEANINGS
from .syntax_words import TOKEN_WORDS as TOKEN_WORDS
from .syntax_words import keyword_zh as keyword_zh


@node
class Say:
    """One thing said in both languages; `say(lang)` picks one."""

    zh: str
    en: str

    def __add__(self, other: Say) -> Say:
        return Say(self.zh + other.zh, self.en + other.en)

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


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
    "missing": ("缺失", "missing"),
    # a fact the station did not give, as a value or before the facts a check lacked (未填报：稳岗率),
    # in the words of 未填报的事项 (`render.reads`)
    "not_given": ("未填报", "not given"),
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


# The command line's own words, keyed by the English text the code (and click, which marks
# every message it prints with gettext) writes: `swrules --help`, usage errors and the
# command and option help, in Chinese. A text not found here is shown as written.
CLI_WORDS: dict[str, str] = {
    # click's framework text
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such command {name!r}.": "没有名为 {name!r} 的命令。",
    "No such option {name!r}.": "没有 {name!r} 这个选项。",
    "Did you mean {possibility}?": "是否想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想用其中之一：{possibilities}？）",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值之一：{choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "integer": "整数",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Aborted!": "已中止。",
    "--check and --write cannot be used together": "--check 与 --write 不能同时使用",
    # placeholders in usage lines and option lists
    "[OPTIONS]": "[选项]",
    "COMMAND": "命令",
    "[ARGS]...": "[参数]...",
    "POLICY": "政策文件",
    "POLICIES": "政策文件",
    "FACTS": "事实文件",
    "FILES": "文件",
    "FILE": "文件",
    "FILE_OR_DIR": "文件或文件夹",
    "OLD": "旧版本",
    "NEW": "新版本",
    "RULES": "规则",
    "VERSION": "版本",
    "COLUMNS": "列数",
    "INTEGER": "整数",
    "INTEGER RANGE": "整数",
    "TEXT": "文字",
    # the commands' help
    "swrules: evaluate social work stations against a policy file, and explain every rule.":
        "swrules：按政策文件评估社工站，并说明每一条规则。",
    "Language of the output: zh (中文, the default) or en.":
        "输出的语言：zh（中文，默认）或 en（英文）。也可设环境变量 SWRULES_LANG。",
    "Check POLICY files (or folders of dated versions) for mistakes, without evaluating any station.":
        "检查政策文件（或各版本所在的文件夹，连同各版本的生效期）中的错误，不评估任何站点。",
    "Open the workbench on FOLDER in a browser: edit policies, try stations and districts, see what a change "
    "does, run the test cases.":
        "在浏览器中打开目录的工作台：编辑评估办法、试算站点和全区、查看修改的影响、运行测试用例。",
    "The port to listen on.": "监听的端口。",
    "The address to listen on; anything but 127.0.0.1 lets other machines in (a warning is printed).":
        "监听的地址；不是 127.0.0.1 时其他机器也能访问（会打印警告）。",
    "Run the language server on standard input and output (for editors).":
        "在标准输入输出上运行语言服务器（供编辑器使用）。",
    "Talk over standard input and output (the default; editors pass it).":
        "经标准输入输出通信（默认如此；编辑器会传入此选项）。",
    "text for people, json for editors and CI.": "text 供人阅读，json 供编辑器和持续集成使用。",
    "Fail (exit 1) on warnings too.": "有警告时也视为失败（退出状态 1）。",
    "Say, rule by rule, what changed from OLD to NEW (layout, order and comments are not changes).":
        "逐条规则说明从旧版本到新版本改了什么（排版、顺序和注释不算改动）。",
    "Exits 0 whether or not anything changed; 2 when a policy or fact file is bad.":
        "无论是否有改动，退出状态都是 0；政策文件或事实文件有误时为 2。",
    "Station fact files or folders of them (repeat the option for several); show which stations' "
    "results change and why.": "站点的事实文件或其所在文件夹（可重复此选项）；列出哪些站点的结果改变及原因。",
    "Evaluate POLICY against station fact files (TOML, JSON or .xlsx workbooks) or folders of them.":
        "按政策文件评估站点的事实文件（TOML、JSON 或 .xlsx 工作簿）或其所在文件夹。",
    "text (a table for many stations), json, csv/jsonl (one row per station), xlsx (a workbook).":
        "text（多个站点时为表格）、json、csv/jsonl（每个站点一行）或 xlsx（工作簿）。",
    "CSV: begin with a byte-order mark, so that Excel reads it as UTF-8; --no-bom for pipelines.":
        "CSV：以字节顺序标记（BOM）开头，Excel 才能按 UTF-8 读取；供其他程序读取时用 --no-bom。",
    "Write to FILE (whole or not at all) instead of standard output.":
        "写入文件（要么完整写入，要么不写），而不是标准输出。",
    "Evaluate on this many processes; the output is the same for any number.":
        "用这么多个进程评估；进程数不影响输出。",
    "Use this version of the policy instead of the one in force for each station.":
        "使用指定版本的政策，而不是各站点考核期内生效的版本。",
    "Explain how POLICY decides each rule for the station in FACTS; name RULEs to see only their derivation.":
        "说明政策如何对事实文件中的站点判定每一条规则；写出规则名称则只看这些规则的推导。",
    "Fact files: write a template for a policy, or check fact files against it.":
        "事实文件：为政策生成模板，或按政策检查事实文件。",
    "Write a skeleton of every fact POLICY declares, with labels, types and ranges.":
        "生成政策声明的全部事实的模板，附名称、类型和取值范围。",
    "toml (one station's file) or xlsx (a district's workbook, a row per station).":
        "toml（一个站点的文件）或 xlsx（一个区的工作簿，每个站点一行）。",
    "Write the template to FILE (whole or not at all) instead of standard output.":
        "把模板写入文件（要么完整写入，要么不写），而不是标准输出。",
    "Validate fact files (or folders of them) against POLICY without evaluating.":
        "按政策检查事实文件（或其所在文件夹），不做评估。",
    "Print FILES in the canonical layout; comments and Chinese text are kept as written.":
        "按标准排版输出政策文件；注释和中文文字保持原样。",
    "A folder stands for every .swr file under it.": "文件夹代表其中所有的 .swr 文件。",
    "Exit status: 0 done (or, with --check, every file formatted); 1 with --check when a file would change; "
    "2 when a file cannot be read or does not parse (it is left alone).":
        "退出状态：0 完成（使用 --check 时表示所有文件已是标准排版）；1 使用 --check 且有文件会被改动；"
        "2 有文件无法读取或无法解析（该文件不会被改动）。",
    "Change nothing; list the files that are not formatted (exit 1 if any).":
        "不做改动；列出未按标准排版的文件（若有则退出状态为 1）。",
    "Rewrite files that are not formatted (atomically).": "改写未按标准排版的文件（原子写入）。",
    "Fold lines to this many columns (0: never). Default: the terminal's width; "
    "output to a file or pipe is not folded.":
        "按这么多列折行（0 表示不折行）。默认为终端宽度；输出到文件或管道时不折行。",
    "Also fail (exit 1) when a file lacks required facts, e.g. before submitting it.":
        "文件缺少必填事实时也视为失败（退出状态 1），例如在提交之前检查。",
    "Write the evaluation report of the station in FACTS under POLICY.": "按政策为事实文件中的站点生成评估报告。",
    "md (Markdown) or html (one self-contained, printable file).": "md（Markdown）或 html（单个可打印的完整文件）。",
    "Render with your own Jinja2 template (sandboxed); see docs/reports.md.":
        "使用自己的 Jinja2 模板（在沙箱中运行）；见 docs/reports.md。",
    "File to write; - is standard output.": "要写入的文件；- 表示标准输出。",
    "Print the time of evaluation in the audit footer.": "在审计信息中写出评估时间。",
    "Run the test cases beside POLICY (a policy file or a folder of versions): POLICY/tests/*.toml.":
        "运行政策文件（或各版本所在的文件夹）旁 tests/ 中的测试用例（*.toml）。",
    "Write cases at each band edge and veto threshold for each phase into tests/boundary/ first.":
        "先为每个阶段的每个等级边界和一票否决阈值生成用例，写入 tests/boundary/。",
    "Exit 1 when a rule, band, band edge or veto threshold is reached by no case.":
        "若有规则、等级、等级边界或一票否决阈值没有用例覆盖，退出状态为 1。",
}
CLI_WORDS.update(DISTRICT_CLI_WORDS)

# Why a file cannot be read, by errno, in Chinese (the system says it in its locale's language).
OS_ERRORS: dict[int, str] = {
    errno.ENOENT: "文件不存在",
    errno.EACCES: "没有读取权限",
    errno.EPERM: "没有权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接循环",
    errno.EIO: "读取时发生输入输出错误",
}


def os_reason(exc: OSError) -> dict[str, str]:
    """Why a file could not be read, as a diagnostic's `reason` (the system's words) and
    `reason_zh` (from the error's number)."""
    en = exc.strerror or str(exc)
    return {"reason": en, "reason_zh": OS_ERRORS.get(exc.errno or 0, f"操作系统报告：{en}")}


# Full-width characters a Chinese input method types, and what the language wants.
FULL_WIDTH = {
    "：": ":", "，": ",", "（": "(", "）": ")", "“": '"', "”": '"', "％": "%",
    "｛": "{", "｝": "}", "＝": "=", "＜": "<", "＞": ">", "－": "-", "＋": "+",
    "＊": "*", "／": "/", "．": ".", "。": ".", "；": ";", "、": ",", "‘": '"', "’": '"',
    "【": "(", "】": ")", "《": '"', "》": '"', "＃": "#", "！": "!",
}
# The full-width space an input method types; Python counts it as white space, the language does not.
FULL_WIDTH_SPACE = "\u3000"


# What the TOML and JSON parsers say about a fact file, in the words a station's staff
# would use. Keys are the parsers' messages; a `{}` stands for a quoted detail they name.
PARSER_WORDS: dict[str, str] = {
    "Invalid value": "值的写法不对（文字要放在半角双引号中，日期写作 2025-01-31）",
    "Expected '=' after a key in a key/value pair": "键后面应为半角等号 =",
    "Expected newline or end of document after a statement": "一行只能写一个 键 = 值，值的后面多了内容",
    "Cannot overwrite a value": "同一个键写了两次",
    "Invalid statement": "这一行不是 键 = 值，也不是 [表头]",
    "Invalid initial character for a key part": "键名的写法不对（键名由字母、数字、下划线组成，其他写法要加双引号）",
    "Expected ']' at the end of a table declaration": "表头缺少结束的 ]",
    "Expected ']]' at the end of an array declaration": "表头缺少结束的 ]]",
    "Unclosed array": "列表没有结束的 ]",
    "Unclosed inline table": "内联表没有结束的 }",
    "Unterminated string": "字符串没有结束的双引号",
    "Invalid date or datetime": "日期不存在或写法不对（应为 2025-01-31）",
    "Invalid hex value": "转义的十六进制值不对",
    "Unescaped '\\' in a string": "字符串中的 \\ 要写成 \\\\",
    "Escaped character is not a Unicode scalar value": "转义的字符不存在",
    "Cannot declare {} twice": "表 {} 写了两次",
    "Cannot mutate immutable namespace {}": "{} 已经写定，不能再往里面添加",
    "Cannot redefine namespace {}": "{} 已经写成了值，不能再作为表",
    "Duplicate inline table key {}": "内联表中的键 {} 写了两次",
    "Found invalid character {}": "出现了不允许的字符 {}",
    "Illegal character {}": "出现了不允许的字符 {}",
    "Expected {}": "此处应为 {}",
    "Expecting property name enclosed in double quotes": "此处应为带双引号的键名（JSON 中最后一项后面不能有逗号）",
    "Expecting value": "此处应为一个值",
    "Expecting ',' delimiter": "此处缺少逗号",
    "Expecting ':' delimiter": "此处缺少冒号",
    "Extra data": "值的后面多了内容",
    "Unterminated string starting at": "字符串没有结束的双引号",
    "Invalid control character at": "字符串中有不允许的控制字符（换行要写成 \\n）",
}


def parser_words(message: str) -> str:
    """A TOML or JSON parser's message in Chinese; a message not known is kept as written."""
    if message in PARSER_WORDS:
        return PARSER_WORDS[message]
    for key, zh in PARSER_WORDS.items():
        head, hole, tail = key.partition("{}")
        if hole and message.startswith(head) and message.endswith(tail) and len(message) > len(head + tail):
            detail = message[len(head):len(message) - len(tail)]
            # tomllib names a table by its key tuple, ('scores', 'a'): say scores.a
            parts = re.findall(r"'([^']*)'", detail) if detail.startswith("(") else []
            return zh.replace("{}", ".".join(parts) if parts else detail)
    return message
