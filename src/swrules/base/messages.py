"""The catalogue of diagnostic codes, in Chinese and English.

Input: nothing. Output: `CATALOGUE`, code -> `Entry`. Codes are stable: a code once
published keeps its meaning. They are grouped by stage: E00 files, E01 syntax,
E02 names, E03 types, E04 score sheet, E05 grades, E06 phases and parameters,
E07 rules, E08 facts, E09 policy composition. A code starting with W is a warning.
Templates use `{name}` fields filled from the diagnostic's arguments.
"""

from __future__ import annotations

from .nodes import node


@node
class Entry:
    code: str
    message_zh: str
    message_en: str
    label_zh: str | None = None
    label_en: str | None = None
    help_zh: str | None = None
    help_en: str | None = None


CATALOGUE: dict[str, Entry] = {}


def _c(
    code: str,
    zh: str,
    en: str,
    label: tuple[str, str] | None = None,
    help: tuple[str, str] | None = None,
) -> None:
    assert code not in CATALOGUE, code
    CATALOGUE[code] = Entry(
        code,
        zh,
        en,
        label[0] if label else None,
        label[1] if label else None,
        help[0] if help else None,
        help[1] if help else None,
    )


# E00: files
_c("E0001", "无法读取文件：{reason_zh}", "cannot read the file: {reason}",
   help=("检查路径是否正确、文件是否存在且可读。", "check that the path is right and the file exists and is readable."))
_c("E0002", "文件不是有效的 UTF-8 文本", "the file is not valid UTF-8 text",
   help=("请以 UTF-8 编码另存此文件。", "save the file again with UTF-8 encoding."))
_c("E0003", "无法写入 `{path}`：{reason_zh}", "cannot write `{path}`: {reason_en}",
   help=("{help_zh}", "{help_en}"))

# E01: syntax
_c("E0100", "此处应为{expected}，却遇到 {found}", "expected {expected_en}, found {found_en}",
   label=("此处有误", "unexpected here"), help=("{help_zh}", "{help_en}"))
_c("E0101", "无法识别的字符 `{char}`", "unexpected character `{char}`",
   label=("无法识别", "not part of the language"),
   help=("删除这个字符；文字请放在双引号中，注释以 # 开头。",
         "remove it; text goes inside double quotes and comments start with #."))
_c("E0102", "使用了全角标点 `{char}`", "full-width punctuation `{char}`",
   label=("全角字符", "full-width character"),
   help=("改用半角的 `{ascii}`（切换到英文输入法后输入）。",
         "use the half-width `{ascii}` instead (switch the input method to English)."))
_c("E0103", "字符串没有结束的双引号", "this string has no closing quote",
   label=("字符串从这里开始", "the string starts here"),
   help=("在同一行内补上结束的半角双引号 `\"`。", "add the closing half-width quote `\"` on the same line."))
_c("E0104", "文件在{context}结束之前就结束了", "the file ends before the end of {context_en}",
   label=("此处开始的部分没有结束", "this part is never closed"),
   help=("{help_zh}", "{help_en}"))
_c("E0105", "未知的关键字 `{found}`", "unknown keyword `{found}`",
   label=("不是关键字", "not a keyword"), help=("是否想写{suggestion_zh}？", "did you mean `{suggestion}`?"))
_c("E0106", "政策文件是空的", "the policy file is empty",
   help=("至少写一个 policy 头部、事实、评分表和等级。可参考 policies/guangzhou/station-evaluation.swr。",
         "write at least a policy header, facts, a score sheet and grades; "
         "see policies/guangzhou/station-evaluation.swr."))
_c("E0107", "百分号只能跟在数字后面", "a percent sign must follow a number",
   label=("此处的 % 不在数字后面", "this % does not follow a number"),
   help=("百分数写作 `80%`；若要用某个值的百分比，写成 `值 * 80%`。",
         "write percentages as `80%`; for a share of a value write `value * 80%`."))
_c("E0108", "`{found}` 是{keyword_zh}的关键字（保留字），不能用作名称",
   "`{found}` is a reserved word ({keyword_en}) and cannot be used as a name",
   label=("保留字", "reserved word"),
   help=("换一个名称，例如 `{found}_1`，或写得更具体（如 `协议指标` 而不是 `指标`）；"
         "保留字（含中文关键字）见 docs/language.md。",
         "choose another name, such as `{found}_1`, or a more specific one (`协议指标` rather than `指标`); "
         "the reserved words, Chinese keywords included, are listed in docs/language.md."))
_c("E0109", "括号没有闭合", "this bracket is never closed",
   label=("此处打开", "opened here"), help=("补上对应的 `{closer}`。", "add the matching `{closer}`."))
_c("E0110", "多余的 `{found}`，没有与之对应的开括号", "unmatched `{found}`",
   label=("多余", "nothing to close"),
   help=("删除它，或在前面补上对应的开括号。", "remove it, or add the opening bracket it closes."))
_c("E0111", "比较不能连写", "comparisons cannot be chained",
   label=("第二个比较", "second comparison"),
   help=("用 and 连接两个比较，例如 `60 <= x and x < 80`。", "join two comparisons with and: `60 <= x and x < 80`."))

_c("E0112", "表达式嵌套过深（超过 {limit} 层）", "this expression is nested too deeply (more than {limit} levels)",
   label=("嵌套过深", "nested too deeply"),
   help=("把表达式拆成几个 define，每个 define 计算其中一部分。",
         "split the expression into several `define`s, each computing one part."))
_c("E0113", "`on zero` 只能用于除法，不能跟在 `{op}` 后面", "`on zero` applies to a division only, not to `{op}`",
   label=("乘法不会除以 0", "a multiplication never divides by zero"),
   help=("删除 `on zero …`；若本意是除法，把 `{op}` 改为 `/`。",
         "remove `on zero …`; if a division was meant, write `/` instead of `{op}`."))
_c("E0114", "`score` 是关键字，单独使用时只能指 for each 中记录的字段",
   "`score` is a keyword: on its own it can only name a record's field inside `for each`",
   label=("不在 for each 中", "not inside `for each`"),
   help=("写出事实的完整路径，例如 `scores.service_quality.score`；评分表的总分写作 `total`。",
         "write the fact's full path, such as `scores.service_quality.score`; the score sheet's total is `total`."))
_c("E0115", "使用了全角空格（U+3000）", "a full-width space (U+3000)",
   label=("全角空格", "full-width space"),
   help=("改用普通的半角空格（切换到英文输入法后输入）。",
         "use a normal space instead (switch the input method to English)."))
_c("E0116", "数字 {value} 超出可精确计算的范围：{why_zh}",
   "the number {value} is outside what is computed exactly: {why_en}",
   label=("超出范围", "out of range"),
   help=("政策中的数字至多 {int_digits} 位整数、{frac_digits} 位小数。",
         "a number in a policy has at most {int_digits} digits before the point and {frac_digits} after it."))
_c("E0117", "小数位数 {value} 超出上限 {limit}", "{value} decimal places exceed the limit of {limit}",
   label=("位数过多", "too many places"),
   help=("保留的小数位数应在 0 到 {limit} 之间（通常为 2）。", "round to between 0 and {limit} places (usually 2)."))
_c("E0118", "还有 {count} 个语法错误未列出（只列出前 {limit} 个）",
   "{count} more syntax errors are not listed (only the first {limit} are)",
   label=("从这里起未列出", "not listed from here"),
   help=("先改正上面列出的错误：其余的多半是它们的后果。",
         "fix the errors listed first: the rest most likely follow from them."))

# E02: names
_c("E0201", "未定义的名称 `{name}`", "unknown name `{name}`",
   label=("本政策中没有定义", "not declared in this policy"),
   help=("{hint_zh}", "{hint_en}"))
_c("E0202", "`{name}` 定义了两次", "`{name}` is defined twice",
   label=("第二次定义", "second definition"),
   help=("删除其中一个，或给其中一个改名。", "remove one of them or rename one."))
_c("W0203", "`{name}` 已定义但从未使用", "`{name}` is defined but never used",
   label=("未使用", "never used"),
   help=("若不再需要，删除它；否则在规则中使用它。", "remove it if it is no longer needed, or use it in a rule."))
_c("E0204", "`{record}` 中没有字段 `{name}`", "`{record}` has no field `{name}`",
   label=("未知字段", "unknown field"), help=("{fields_zh}", "{fields_en}"))
_c("E0205", "未知的函数 `{name}`", "unknown function `{name}`",
   label=("未知函数", "unknown function"),
   help=("可用的函数：{functions}。{suggestion_zh}", "available functions: {functions}.{suggestion_en}"))
_c("E0206", "未知的等级 `{name}`", "unknown grade `{name}`",
   label=("不是已声明的等级", "not a declared grade"), help=("已声明的等级：{grades}", "declared grades: {grades_en}"))
_c("E0207", "未知的评估阶段 `{name}`", "unknown phase `{name}`",
   label=("不是已声明的阶段", "not a declared phase"), help=("已声明的阶段：{phases}", "declared phases: {phases_en}"))
_c("E0208", "未知的舍入方式 `{name}`", "unknown rounding mode `{name}`",
   label=("未知舍入方式", "unknown mode"),
   help=("可用：half_up（四舍五入）、half_even（银行家舍入）、down（截断）、up（进一）。",
         "use half_up, half_even, down (truncate) or up."))
_c("E0209", "`{name}` 需要 {expected} 个参数，这里给了 {found} 个",
   "`{name}` takes {expected} arguments, {found} given",
   label=("参数个数不对", "wrong number of arguments"), help=("写法：{usage}", "usage: {usage}"))
_c("E0210", "缺少 policy 头部", "the policy has no header",
   help=("在文件开头写 `policy \"名称\" {{ version \"1\" }}`。",
         "start the file with `policy \"title\" {{ version \"1\" }}`."))
_c("E0211", "{what_zh}只能写一次", "only one `{what}` is allowed",
   label=("第二个", "second one"), help=("把两处合并为一处。", "merge the two into one."))
_c("E0212", "缺少{what_zh}", "the policy has no {what_en}",
   help=("{help_zh}", "{help_en}"))
_c("E0213", "依据文件 `{name}` 没有声明", "the clause cites `{name}`, which no regulation declares",
   label=("不是已声明的依据文件简称", "not a regulation's short name"),
   help=("在 policy 头部声明：regulation {name} \"文件标题\"；已声明的简称：{known}",
         "declare it in the policy header: regulation {name} \"title\"; declared short names: {known}"))

# E03: types
_c("E0301", "此处需要{expected}，但 `{text}` 是{found}", "expected {expected_en} here, but `{text}` is {found_en}",
   label=("类型不符", "wrong type"), help=("{help_zh}", "{help_en}"))
_c("E0302", "`{text}` 不是重复记录，不能用 {func} 汇总",
   "`{text}` is not a repeated record; {func} cannot aggregate it",
   label=("不是记录列表", "not a list of records"),
   help=("汇总函数作用于记录的字段，例如 `mean(scores.service_quality.score)`。",
         "aggregates apply to a field of repeated records, such as `mean(scores.service_quality.score)`."))
_c("E0303", "不能比较{left}和{right}", "cannot compare {left_en} with {right_en}",
   label=("两边类型不同", "different types"), help=("{help_zh}", "{help_en}"))
_c("W0305", "百分数与普通数字 {number} 比较", "a percent compared with the plain number {number}",
   label=("这里是普通数字", "plain number"), help=("是否想写 `{number}%`？", "did you mean `{number}%`?"))
_c("E0306", "`{text}` 是重复记录的字段，这里需要单个值",
   "`{text}` is a field of repeated records; a single value is needed here",
   label=("一组值", "many values"),
   help=("用 sum、mean、min、max 或 count 汇总。", "aggregate it with sum, mean, min, max or count."))

# E04: score sheet
_c("E0307", "`{fact}` 只能是 {choices}，不会等于 \"{value}\"", "`{fact}` is one of {choices_en} and never \"{value}\"",
   label=("不是可选的值", "not one of its values"),
   help=("按事实声明中的写法写出这个值（程度分、状态描述法的各档须与 `one of` 所列一字不差）。",
         "write the value as the fact declares it (the levels of a graded item must match its `one of` exactly)."))
_c("E0315", "没有 `{unit}` 这个单位", "there is no unit `{unit}`",
   label=("未知的单位", "unknown unit"),
   help=("{suggestion_zh}单位可写：percent（百分比）、yuan（元）、points（分）、count（数量，可加计量词，如 "
         "`unit count \"人次\"`）、rank（名次）、text（文字）、number（数值）。",
         "{suggestion_en}the units are percent, yuan, points, count (with the word it counts in, such as "
         "`unit count \"人次\"`), rank, text and number."))
_c("E0401", "各评估方分值之和为 {sum}，与总分 {total} 不符",
   "the parties' shares add up to {sum}, not the total of {total}",
   label=("总分", "total"),
   help=("调整各方的 points，使之和为 {total}。", "adjust the parties' points so that they add up to {total}."))
_c("E0402", "`{party}` 各项满分之和为 {sum}，与其分值 {share} 不符",
   "the items of `{party}` add up to {sum}, not its share of {share}",
   label=("此评估方", "this party"),
   help=("调整各项的 max，使之和为 {share}。", "adjust the items' max so that they add up to {share}."))
_c("E0403", "`{item}` 可能超过满分 {max}：`{fact}` 的上限是 {fact_max}",
   "`{item}` can exceed its maximum of {max}: `{fact}` allows up to {fact_max}",
   label=("可能超过满分", "can exceed the maximum"),
   help=("把事实 `{fact}` 的 max 改为 {max}，或调整此项的满分。",
         "set max {max} on the fact `{fact}`, or change this item's maximum."))
_c("E0404", "按权重计分的评估方 `{party}` 各项满分之和为 {sum}，应为 100",
   "the items of the weighted party `{party}` add up to {sum}, not 100",
   label=("此评估方", "this party"),
   help=("按权重计分时，各项满分之和应为 100。", "with a weight, the items are a 100-point sub-score."))
_c("E0405", "各评估方权重之和为 {sum}，应为 100%", "the parties' weights add up to {sum}, not 100%",
   label=("总分", "total"),
   help=("调整各方的 weight，使之和为 100%。", "adjust the weights so that they add up to 100%."))

_c("E0406", "`{item}` 按其算式最高可得 {hi} 分，超过满分 {max}",
   "`{item}` can be awarded up to {hi} by its formula, more than its maximum of {max}",
   label=("可能超过满分", "can exceed the maximum"),
   help=("修改算式（例如用 `min(..., {max})` 封顶），或调整此项的满分。",
         "change the formula (cap it with `min(..., {max})`) or the item's maximum."))

# E05: grades
_c("E0501", "等级区间有空缺：总分在 {interval} 时不属于任何等级",
   "the grade bands leave a gap: a total in {interval} has no grade",
   label=("空缺在此附近", "the gap is next to this band"),
   help=("{help_zh}若办法按整数分或先取整再评级，在等级表开头写 `grading integer` 或 `grading round 0 half_up`；"
         "若办法规定了不在任何区间的总分如何评定，写 `otherwise 等级名`。",
         "{help_en} If the regulation grades whole-number or rounded totals, begin the grades with "
         "`grading integer` or `grading round 0 half_up`; if it says how a total in no band is graded, write "
         "`otherwise GRADE`."))
_c("E0502", "等级区间重叠：总分在 {interval} 时同时属于 `{a}` 和 `{b}`",
   "the grade bands overlap: a total in {interval} is both `{a}` and `{b}`",
   label=("重叠", "overlaps"), help=("{help_zh}", "{help_en}"))
_c("E0503", "等级应从高到低排列：`{band}` 低于后面的 `{next}`",
   "grades are listed from best to worst, but `{band}` lies below `{next}`",
   label=("次序不对", "out of order"),
   help=("把等级按从高到低的次序排列。", "list the bands from the best grade to the worst."))

# E06: phases and parameters
_c("E0601", "按阶段取值的参数 `{name}` 缺少阶段 `{phase}` 的值",
   "the per-phase parameter `{name}` has no value for phase `{phase}`",
   label=("缺少阶段", "a phase is missing"), help=("补上 `{phase}: 值`。", "add `{phase}: value`."))
_c("E0602", "阶段来源 `{fact}` 应为可选值（one of），且取值与声明的阶段一致（{phases}）",
   "the phase fact `{fact}` must be `one of` the declared phases ({phases_en})",
   label=("阶段来源", "phase source"),
   help=("把事实声明为 `one of {quoted}`。", "declare the fact as `one of {quoted}`."))
_c("E0603", "使用了按阶段取值（by phase），但政策没有声明评估阶段",
   "`by phase` is used but the policy declares no phases",
   label=("按阶段取值", "per-phase value"),
   help=("添加 `phases from station.phase {{ midterm final }}`。",
         "add `phases from station.phase {{ midterm final }}`."))
_c("E0604", "按日期取值的参数需要 `dated by` 指明评估日期",
   "`by date` needs the header to say `dated by` which date counts",
   label=("按日期取值", "dated value"),
   help=("在 policy 头部添加 `dated by station.period_end`。",
         "add `dated by station.period_end` to the policy header."))
_c("E0605", "按日期取值的日期应从早到晚排列", "dated values must be listed from the earliest date",
   label=("日期早于前一项", "earlier than the one before"),
   help=("按生效日期从早到晚排列。", "list them in order of their effective dates."))

# E07: rules
_c("E0701", "`{name}` 依赖于自身：{cycle}", "`{name}` depends on itself: {cycle}",
   label=("循环从这里开始", "the cycle starts here"),
   help=("打断这个循环：其中一项应直接由事实计算。", "break the cycle: one of them must be computed from facts alone."))
_c("W0702", "条件恒为{value}：这条{kind}{never}", "this condition is always {value_en}: the {kind_en} {never_en}",
   label=("恒定条件", "constant condition"),
   help=("{why_zh}检查条件是否写错（比较符号的方向、数字、百分号）。",
         "{why_en}check the condition for a mistake (the comparison's direction, the number, a percent sign)."))
_c("E0704", "定义之间层层引用，层次太深，无法检查", "definitions refer to definitions too many levels deep to check",
   help=("把长长的引用链改写得扁平一些：让更多的 define 直接由事实计算。",
         "flatten the chain: compute more of the definitions directly from facts."))
_c("W0703", "除数 `{divisor}` 可能为 0，且未规定为 0 时的结果",
   "the divisor `{divisor}` can be zero and no result is stated for zero",
   label=("可能为 0", "can be zero"),
   help=("写明为 0 时的结果：`a / b on zero 0`，或在指标中写 `not applicable when b = 0`。",
         "state the result for zero: `a / b on zero 0`, or `not applicable when b = 0` in an indicator."))

# E08: facts
_c("E0801", "事实文件格式有误：{reason_zh}", "the fact file is not valid {fmt}: {reason}",
   label=("此处有误", "here"), help=("{help_zh}", "{help_en}"))
_c("E0802", "未知的键 `{key}`", "unknown key `{key}`",
   help=("{suggestion_zh}", "{suggestion_en}"))
_c("E0803", "`{key}`{label_zh}的值 {value} 不是{expected}",
   "`{key}`{label_en} is {value}, not {expected_en}",
   help=("{help_zh}", "{help_en}"))
_c("E0804", "`{key}`{label_zh}的值 {value} 超出范围：应{range_zh}",
   "`{key}`{label_en} is {value}, out of range: it must be {range_en}",
   help=("核对原始记录，此值应{range_zh}。", "check the original record; the value must be {range_en}."))
_c("E0805", "`{key}`{label_zh}的值 {value} 不是可选值之一（{choices}）",
   "`{key}`{label_en} is {value}, not one of {choices_en}",
   help=("{suggestion_zh}", "{suggestion_en}"))
_c("E0806", "`{key}`{label_zh}的值 {value} 像是百分数写成了整数",
   "`{key}`{label_en} is {value}, which looks like a percentage written as a whole number",
   help=("写成 \"{value}%\"（带引号和百分号）或小数 {fraction}。",
         "write \"{value}%\" (quoted, with the percent sign) or the fraction {fraction}."))
_c("E0807", "`{key}`{label_zh}只有 {count} 条记录，至少应有 {min} 条",
   "`{key}`{label_en} has {count} records, at least {min} are needed",
   help=("补充记录，每条写作 [[{key}]]。", "add the missing records, each as [[{key}]]."))
_c("E0808", "事实不满足政策要求：{message}（{values}）",
   "the facts break a requirement of the policy: {message} ({values_en})",
   help=("核对这些事实，政策要求：{text}", "check these facts; the policy requires: {text}"))
_c("E0809", "事实文件的顶层应为表（对象）", "the top level of a fact file must be a table (object)",
   help=("参考{fact_template_zh}。", "start from {fact_template_en}."))

# E0810-E0829: fact files and batches
_c("E0810", "`{key}`{label_zh}有 {count} 条记录，至多 {max} 条",
   "`{key}`{label_en} has {count} records, at most {max} are allowed",
   help=("删除多余的记录。", "remove the extra records."))
_c("E0811", "JSON 对象中键 `{key}` 出现了两次", "the key `{key}` appears twice in the same JSON object",
   label=("第二次出现", "second time"),
   help=("删除其中一个；两个值中只有一个会被采用，这不能让工具替你决定。",
         "remove one of them: only one value can count, and the tool will not guess which."))
_c("E0812", "`{path}` 中没有事实文件（*.toml、*.json 或 *.xlsx）",
   "no fact files (*.toml, *.json or *.xlsx) in `{path}`",
   help=("检查目录是否正确；事实文件的扩展名须为 .toml、.json 或 .xlsx。",
         "check the folder; fact files end in .toml, .json or .xlsx."))
_c("E0813", "没有可评估的事实文件", "no fact files to evaluate",
   help=("在命令后写出事实文件或所在目录。", "name fact files or folders after the policy."))
_c("E0814", "`{name}` 写在了 [{table}] 之下，被当作 `{key}`",
   "`{name}` is written under [{table}], so it reads as `{key}`",
   help=("TOML 中表头之后的键都属于该表：把 `{name}` 写成自己的表 [{name}]（或 [[{name}]]），"
         "或移到文件开头的所有表头之前。",
         "in TOML every key after a table header belongs to that table: write `{name}` as its own table [{name}] "
         "(or [[{name}]]), or move it above the first table header."))
_c("E0815", "`{key}` 的值 {value} 超出可精确计算的范围：{why_zh}",
   "`{key}` is {value}, outside what is computed exactly: {why_en}",
   help=("数值至多 {int_digits} 位整数、{frac_digits} 位小数；核对原始记录（是否多写了数字或指数）。",
         "a number may have at most {int_digits} digits before the point and {frac_digits} after it; "
         "check the original record (extra digits, or an exponent)."))
_c("E0816", "{what_zh}超出限制：{value}，上限 {limit}", "{what_en} exceeds the limit: {value}, at most {limit}",
   help=("{help_zh}", "{help_en}"))
_c("E0817", "计算结果超出 34 位有效数字的精确范围（{reason}）",
   "a computation needs more than the 34 significant digits computed exactly ({reason})",
   help=("结果不会被悄悄舍入，因此此站点无法评估；核对事实文件中位数很多或数量级很大的数值。",
         "the result is never silently rounded, so this station cannot be evaluated; check the fact file "
         "for values with many digits or a large exponent."))

# E0830-E0839: fact workbooks (.xlsx)
_c("E0830", "无法作为 Excel 工作簿（.xlsx）读取：{reason}",
   "cannot read the file as an Excel workbook (.xlsx): {reason}",
   help=("用 Excel 或 WPS 另存为“Excel 工作簿（*.xlsx）”后再试；.xls 和 .et 格式不能读取。",
         "save it from Excel or WPS as \"Excel Workbook (*.xlsx)\" and try again; .xls and .et cannot be read."))
_c("E0831", "工作簿 {book} 中没有站点表", "the workbook {book} has no sheet of stations",
   help=("站点表的第 2 行（隐藏行）写着各列的键，如 station.name；请从{workbook_template_zh}开始填写，"
         "不要删除第 2 行。",
         "the stations sheet holds each column's key in row 2 (a hidden row), such as station.name; start from "
         "{workbook_template_en} and keep row 2."))
_c("E0832", "“{sheet}”表中的记录所属站点“{name}”不在站点表中",
   "the record in sheet \"{sheet}\" belongs to station \"{name}\", which is not in the stations sheet",
   help=("A 列写站点表中该站点的名称，两处须完全一致。",
         "write in column A the station's name exactly as in the stations sheet."))
_c("E0833", "站点“{name}”在站点表中出现了两次（第一次：{first}）",
   "the station \"{name}\" appears twice in the stations sheet (first: {first})",
   help=("每个站点只填一行；各记录表按名称找站点，名称重复就无法确定记录属于哪一行。",
         "give each station one row: the record sheets find a station by its name, so a repeated name is "
         "ambiguous."))
_c("E0834", "工作簿不能表示记录中的记录 `{key}`", "a workbook cannot hold records within records (`{key}`)",
   help=("这个政策的事实请用 TOML 或 JSON 文件填写。", "write this policy's facts in TOML or JSON files."))
_c("E0835", "工作簿 {book} 有 {count} 个站点，此命令只评估一个站点",
   "the workbook {book} holds {count} stations; this command takes one",
   help=("在文件名后写 #站点名称 或 #行号 选择一个站点，例如 {example}；站点有：{names}",
         "name one after the file as #station-name or #row, such as {example}; the stations are: {names}"))
_c("E0836", "工作簿中没有站点“{name}”", "the workbook has no station \"{name}\"",
   help=("在 # 后写站点名称或站点表中的行号；站点有：{names}",
         "write after # a station's name or its row in the stations sheet; the stations are: {names}"))

# E09: composition (versions, overlays)
_c("E0901", "无法加载基础政策 `{path}`", "cannot load the base policy `{path}`",
   label=("extends", "extends"),
   help=("检查路径（相对于本文件所在目录）。", "check the path (relative to this file's folder)."))
_c("E0902", "要删除的{kind_zh} `{name}` 在基础政策中不存在",
   "there is no {kind} `{name}` in the base policy to remove",
   label=("不存在", "not in the base policy"), help=("{suggestion_zh}", "{suggestion_en}"))
_c("E0903", "要覆盖的{kind_zh} `{name}` 在基础政策中不存在",
   "there is no {kind} `{name}` in the base policy to override",
   label=("基础政策中没有", "not in the base policy"), help=("{suggestion_zh}", "{suggestion_en}"))
_c("E0904", "基础政策已声明 `{name}`", "the base policy already declares `{name}`",
   label=("与基础政策重名", "same name as in the base policy"),
   help=("若要替换基础政策中的声明，在前面写 `override`；若要新增，换一个名称。",
         "to replace the base's declaration write `override` before it; to add a new one choose another name."))
_c("E0905", "政策的 extends 形成了循环：{cycle}", "the policies extend each other in a cycle: {cycle}",
   label=("循环在这里闭合", "the cycle closes here"),
   help=("区政策应当 extends 市政策，而不是相反。", "a district policy extends the city's, never the reverse."))
_c("E0906", "一个政策只能 extends 一个基础政策", "a policy can extend only one base policy",
   label=("第二个 extends", "second extends"), help=("删除多余的 extends。", "remove the extra extends."))
_c("E0907", "{what_zh}只能用在 extends 了基础政策的区政策中",
   "`{what}` is only allowed in a policy that extends a base policy",
   label=("没有基础政策", "no base policy"),
   help=("在文件开头写 `extends \"../guangzhou/station-evaluation.swr\"`，或直接修改本文件中的声明。",
         "add `extends \"../guangzhou/station-evaluation.swr\"` at the top, or edit the declaration in this file."))
_c("E0908", "区政策不能改变{what_zh}", "an overlay cannot change the {what_en}",
   label=("基础政策已有", "already in the base policy"), help=("{help_zh}", "{help_en}"))
_c("E0910", "同一目录中的政策版本 `{a}` 与 `{b}` 的生效期重叠（{overlap}）",
   "the versions `{a}` and `{b}` in one folder are in force at the same time ({overlap_en})",
   label=("生效期重叠", "overlapping effective range"),
   help=("调整 effective from … to …，使各版本的生效期首尾相接、互不重叠。",
         "adjust `effective from … to …` so that the ranges follow one another without overlap."))
_c("E0911", "目录中有多个政策版本，但 `{file}` 没有写明生效期",
   "the folder holds several versions but `{file}` states no effective range",
   help=("在 policy 头部写 `effective from 年-月-日 to 年-月-日`（最新的版本可以不写 to）。",
         "add `effective from YYYY-MM-DD to YYYY-MM-DD` to the header (the newest may leave out `to`)."))
_c("E0912", "目录 `{dir}` 中没有政策文件（*.swr）", "the folder `{dir}` holds no policy file (*.swr)",
   help=("指定政策文件或含有政策文件的目录。", "name a policy file, or a folder that holds one."))
_c("E0913", "同一目录中有两个版本都叫 `{version}`：{a} 与 {b}",
   "two versions in the folder are both called `{version}`: {a} and {b}",
   label=("版本号重复", "duplicate version"),
   help=("给每个版本不同的 version。", "give each version its own `version`."))
_c("E0914", "没有版本 `{version}`；可用的版本：{versions}",
   "there is no version `{version}`; the versions are: {versions_en}",
   help=("{suggestion_zh}", "{suggestion_en}"))
_c("E0915", "无法确定适用的政策版本：缺少日期 `{key}`",
   "cannot tell which policy version applies: the date `{key}` is missing",
   help=("填写 `{key}`（年-月-日），或用 --policy-version 指定版本。",
         "give `{key}` (YYYY-MM-DD), or name the version with --policy-version."))
_c("E0916", "考核期 {period} 不在任何政策版本的生效期内（{ranges}）",
   "no policy version is in force for the evaluation period {period_en} ({ranges_en})",
   help=("{help_zh}", "{help_en}"))
_c("E0917", "考核期 {period} 跨越了两个政策版本：{a} 与 {b}",
   "the evaluation period {period_en} straddles two policy versions: {a_en} and {b_en}",
   help=("用 --policy-version 指定按哪个版本评估（例如 --policy-version {b_version}）。",
         "name the version to apply with --policy-version (for example --policy-version {b_version})."))
_c("W0919", "考核期 {period} 不在所指定的版本 {version} 的生效期（{range}）之内，仍按该版本评估",
   "the evaluation period {period_en} is not within the effective range of the version named, {version} "
   "({range_en}); evaluated under it anyway",
   help=("{help_zh}", "{help_en}"))
_c("W0920", "参数 `{name}` 在考核期 {start} 至 {end} 内改变了取值（{changes} 起）：按 `dated by {key}`，"
   "采用 {date} 有效的取值 {value}{document}；考核期开始时的取值为 {earlier}",
   "the parameter `{name}` changed within the evaluation period {start} to {end} (from {changes_en}): as "
   "`dated by {key}` says, the value in force on {date}, {value}{document_en}, is used; when the period began "
   "it was {earlier_en}",
   help=("若办法对跨越调整的考核期另有规定（例如按考核期开始日，或分段计算），请据此修改 `dated by` 或参数；"
         "否则这只是提醒，结果无需处理。",
         "if the regulation says otherwise for a period that straddles a change (the value on the first day, "
         "or each part of the period by its own value), change `dated by` or the parameter accordingly; "
         "otherwise this is a reminder and the result stands."))
_c("E0918", "生效期的结束日期 {to} 早于开始日期 {start}",
   "the effective range ends ({to}) before it starts ({start})",
   label=("生效期", "effective range"),
   help=("改正 effective from … to … 中的日期。", "correct the dates in `effective from … to …`."))

# E09 (continued): policy test cases (`swrules test`)
_c("E0950", "测试用例文件有误：{reason}", "the test case is not valid: {reason_en}",
   help=("{help_zh}", "{help_en}"))
_c("E0951", "测试用例中未知的键 `{key}`", "unknown key `{key}` in the test case",
   help=("可用的键：{keys}", "the keys are: {keys_en}"))
_c("E0952", "`{key}` 应为{expected}", "`{key}` must be {expected_en}",
   help=("{help_zh}", "{help_en}"))
_c("E0953", "目录 `{dir}` 中没有测试用例（tests/*.toml）", "no test cases (tests/*.toml) in `{dir}`",
   help=("在政策旁的 tests/ 目录中写测试用例，或用 --generate-boundary-cases 生成。",
         "write test cases in the tests/ folder beside the policy, or generate them with --generate-boundary-cases."))
_c("E0954", "预期中的 `{name}` 不是本政策的{kind_zh}", "`{name}` in the expectations is not a {kind_en} of this policy",
   help=("{suggestion_zh}", "{suggestion_en}"))

# E10: fmt and diff
_c("E1001", "找不到 `{path}`", "`{path}` does not exist",
   help=("--facts 后写事实文件（.toml 或 .json）或存放它们的文件夹。",
         "give --facts fact files (.toml or .json) or a folder holding them."))
_c("E1002", "文件夹 `{path}` 中没有事实文件（.toml 或 .json）",
   "the folder `{path}` holds no fact files (.toml or .json)",
   help=("检查文件夹路径；只读取文件夹中直接存放的 .toml 和 .json 文件。",
         "check the folder; only .toml and .json files directly inside it are read."))
