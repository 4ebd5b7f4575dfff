"""The command line's own words in Chinese: `swrules --help`, click's usage errors, and the
help of every command and option.

Input: the English text the code (and click, which marks every message it prints with
gettext) writes. Output: `CLI_WORDS`, that text in Chinese; a text not found is shown as
written. `cli.language` routes click's messages through it and `cli.helptext` the group's
help. The district options' help is kept with the district's words (`district_words`) and
merged here. The words of results and reports are in `words`, diagnostics in `messages`.
"""

from __future__ import annotations

from .district_words import DISTRICT_CLI_WORDS

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

# Where a blank fact file comes from, as a fact file's message names it (`{fact_template_zh}` in the
# catalogue's help of E0809 and E0831): on the command line, the command that writes it. This is
# what every message says unless the place showing it has its own way (the workbench's page names
# its download links: `pagewords.PAGE_MESSAGE_WORDS`, put in by `Diagnostic.shown_with`).
MESSAGE_WORDS: dict[str, str] = {
    "fact_template_zh": " `swrules facts template` 生成的模板",
    "fact_template_en": "the template `swrules facts template` writes",
    "workbook_template_zh": " `swrules facts template 政策文件 --format xlsx` 生成的模板",
    "workbook_template_en": "the template `swrules facts template POLICY --format xlsx` writes",
}
