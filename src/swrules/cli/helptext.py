"""`swrules --help` without click: the command list and the top-level help, written directly.

Input: the command line's arguments and the environment (`SWRULES_LANG`, `COLUMNS`, the
terminal's width). Output: for a bare help request (`swrules`, `swrules -h`, `swrules
--help`, each with `--lang zh|en` or not) the help text, exactly as click would write it
for the `swrules` group (tests/cli/test_helptext.py compares the two, byte for byte, at
every width click can choose and in both languages); for anything else None, and click
parses the command line as usual. Also what that text is made of and the click-based
modules share: the commands and the module of each, their one-line help, the language
of the run (`choose_lang`), and how Chinese text is measured and wrapped in columns.

Importing this module imports neither click nor any command: `swrules --help` answers
in the time Python takes to start.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Mapping, Sequence

LANGS = ("zh", "en")

# Each command's name and the module that defines it: the module is imported only when
# the command is used (or listed by --help), so one command does not pay for the others.
COMMANDS = {
    "check": "swrules.cli.check",
    "diff": "swrules.cli.diff",
    "eval": "swrules.cli.eval_click",
    "explain": "swrules.cli.explain",
    "facts": "swrules.cli.facts",
    "fmt": "swrules.cli.fmt",
    "lsp": "swrules.cli.lsp",
    "report": "swrules.cli.report",
    "serve": "swrules.cli.serve",
    "test": "swrules.cli.testing",
}

# Each command's help up to its first blank line, as its module writes it: `swrules --help`
# lists the commands from these without importing their modules (tests/cli/test_startup.py
# checks they agree). A command missing here is imported to be listed.
SHORT_HELP = {
    "check": "Check POLICY files (or folders of dated versions) for mistakes, without evaluating any station.",
    "diff": "Say, rule by rule, what changed from OLD to NEW (layout, order and comments are not changes).",
    "eval": "Evaluate POLICY against station fact files (TOML, JSON or .xlsx workbooks) or folders of them.",
    "explain": "Explain how POLICY decides each rule for the station in FACTS; name RULEs to see only their "
               "derivation.",
    "facts": "Fact files: write a template for a policy, or check fact files against it.",
    "fmt": "Print FILES in the canonical layout; comments and Chinese text are kept as written.",
    "lsp": "Run the language server on standard input and output (for editors).",
    "report": "Write the evaluation report of the station in FACTS under POLICY; for a folder or a workbook "
              "of several stations, the district's summary report or its public notice (--kind notice).",
    "serve": "Open the workbench on FOLDER in a browser: edit policies, try stations and districts, see what a "
             "change does, run the test cases.",
    "test": "Run the test cases beside POLICY (a policy file or a folder of versions): POLICY/tests/*.toml.",
}

# The group's own help and its options' (click's keys for base.cli_words.CLI_WORDS).
GROUP_HELP = "swrules: evaluate social work stations against a policy file, and explain every rule."
VERSION_HELP = "Show the version and exit."
LANG_HELP = "Language of the output: zh (中文, the default) or en."
HELP_HELP = "Show this message and exit."
HELP_OPTIONS = ("-h", "--help")


def choose_lang(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of this run, from the arguments, else `SWRULES_LANG`, else zh."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            return args[i + 1]
        if arg.startswith("--lang=") and arg.removeprefix("--lang=") in LANGS:
            return arg.removeprefix("--lang=")
    env = (os.environ if environ is None else environ).get("SWRULES_LANG", "").strip().lower()
    return env if env in LANGS else "zh"


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_columns(text: str, room: int) -> list[str]:
    """Lines of at most `room` columns, broken at a space or between Chinese characters."""
    import re

    lines: list[str] = []
    line = ""
    for word in re.findall(r"\[[^\]]*\]|[^\s\u3000-\u9fff\uff00-\uffef]+|[\u3000-\u9fff\uff00-\uffef]|\s+", text):
        if display_width(line + word) > room and line.strip():
            lines.append(line.rstrip())
            line = word.lstrip()
        else:
            line += word
    if line.strip():
        lines.append(line.rstrip())
    return lines


def quick_help(args: Sequence[str]) -> tuple[str, bool] | None:
    """For a bare help request, the text click would print and whether it goes to standard
    error (`swrules` alone: click's usage error, exit 2); else None."""
    asked = not args
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in HELP_OPTIONS:
            asked = True
        elif arg == "--lang" and i + 1 < len(args) and args[i + 1] in LANGS:
            i += 1
        elif not (arg.startswith("--lang=") and arg.removeprefix("--lang=") in LANGS):
            return None
        i += 1
    if not asked:
        return None
    return help_text(choose_lang(args), help_width()), not args


def help_width() -> int:
    """The width click's help formatter takes: the terminal's, at most 80, less 2, at least 50."""
    import shutil

    return max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


def help_text(lang: str, width: int) -> str:
    """The group's help in `lang` at `width`, as click's formatter (with cli.language's
    translations) writes it, without the final line end."""
    from swrules.base.cli_words import CLI_WORDS

    def tr(text: str) -> str:
        return CLI_WORDS.get(text, text) if lang == "zh" else text

    zh = lang == "zh"
    out: list[str] = []
    prefix = f"{tr('Usage:') if zh else 'Usage: '}swrules "
    usage = " ".join(tr(p) for p in ("[OPTIONS]", "COMMAND", "[ARGS]..."))
    out.append(_fill(usage, width, prefix, " " * len(prefix)) + "\n")
    out.append("\n" + _fill(tr(GROUP_HELP), width, "  ", "  ") + "\n")
    options = [("--version", tr(VERSION_HELP)), ("--lang [zh|en]", tr(LANG_HELP)), (", ".join(HELP_OPTIONS),
                                                                                     tr(HELP_HELP))]
    longest = max(len(name) for name in COMMANDS)
    commands = [(name, tr(SHORT_HELP[name]) if zh else _short(SHORT_HELP[name], width - 6 - longest))
                for name in sorted(COMMANDS)]
    for heading, rows in (("Options", options), ("Commands", commands)):
        out.append("\n" + (f"{tr(heading)}：\n" if zh else f"{heading}:\n"))
        out.append(_rows_zh(rows, width) if zh else _rows_en(rows, width))
    return "".join(out).rstrip("\n")


def _fill(text: str, width: int, first: str = "", rest: str = "") -> str:
    import textwrap  # only a help text is wrapped: `swrules eval` does not import it

    return textwrap.fill(text, width, initial_indent=first, subsequent_indent=rest, replace_whitespace=False)


def _short(text: str, limit: int) -> str:
    """A command's help cut to `limit` characters, as click shortens it in a list."""
    words = text.split()
    for i, word in enumerate(words):
        if word.endswith(".") and (i == len(words) - 1 or not words[i + 1][0].islower()):
            words = words[: i + 1]
            break
    text = " ".join(words)
    if len(text) <= limit:
        return text
    import textwrap

    return textwrap.shorten(text, limit, placeholder="...", break_on_hyphens=False)


def _rows_en(rows: list[tuple[str, str]], width: int, indent: int = 2) -> str:
    first = min(max(len(a) for a, _ in rows), 30) + 2
    out = []
    for a, b in rows:
        out.append(" " * indent + a)
        out.append(" " * (first - len(a)) if len(a) <= first - 2 else "\n" + " " * (first + indent))
        lines = _fill(b, max(width - first - 2, 10)).splitlines()
        out.append("".join(f"{'' if n == 0 else ' ' * (first + indent)}{line}\n" for n, line in enumerate(lines)))
    return "".join(out)


def _rows_zh(rows: list[tuple[str, str]], width: int, indent: int = 2) -> str:
    first = min(max(display_width(a) for a, _ in rows), 30) + 2
    room = max(width - indent - first, 20)
    out = []
    for a, b in rows:
        lines = wrap_columns(b, room) or [""]
        lead = " " * (first - display_width(a)) if display_width(a) <= first - 2 else "\n" + " " * (indent + first)
        out.append(" " * indent + a + lead + lines[0] + "\n")
        out.extend(" " * (indent + first) + line + "\n" for line in lines[1:])
    return "".join(out)


def answer_help(args: Sequence[str]) -> int | None:
    """Print the help for a bare help request and return the exit status; else None."""
    found = quick_help(args)
    if found is None:
        return None
    text, to_stderr = found
    stream = sys.stderr if to_stderr else sys.stdout
    stream.write(text + "\n")
    stream.flush()
    return 2 if to_stderr else 0
