"""What swrules says about the files people write, in their words: why a file cannot be read,
what the TOML and JSON parsers mean, and which full-width characters an input method types.

Input: an `OSError`, a parser's message, or a character. Output: the system's reason by its
errno in Chinese (`os_reason`), the parser's message in a station's staff's words
(`parser_words`), and `FULL_WIDTH`, each full-width character and the ASCII one the policy
language and the fact files want. The policy's reader (`syntax`) and the fact files' reader
(`facts`) use these for their diagnostics; `words` re-exports them. Imports nothing of swrules.
"""

from __future__ import annotations

import errno
import re

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
