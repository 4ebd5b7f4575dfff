"""Commands start quickly: `swrules --help` lists the commands without importing them
(nor the engine), and a fact file read as TOML never loads the workbook library. What
each needs is imported when it is used; the help a user reads is the same."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from swrules.cli.common import COMMANDS, SHORT_HELP, cli


def modules_after(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
                          capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_help_lists_the_commands_without_importing_them_or_the_engine() -> None:
    loaded = modules_after("from swrules.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass")
    assert not loaded & set(COMMANDS.values())
    assert not {m for m in loaded if m.startswith(("swrules.engine", "pydantic", "lark", "openpyxl", "rich"))}


def test_importing_swrules_loads_the_engine_only_when_a_name_is_used() -> None:
    assert "swrules.engine.policy" not in modules_after("import swrules")
    assert "swrules.engine.policy" in modules_after("import swrules\nswrules.load_policy")
    with pytest.raises(AttributeError):
        _ = __import__("swrules").no_such_name


def test_a_batch_of_toml_files_never_imports_the_workbook_library(tmp_path: object) -> None:
    code = ("from swrules.cli import main\ntry:\n    main(['eval', 'policies/guangzhou/station-evaluation.swr', "
            "'examples/stations/01-excellent.toml', 'examples/stations/02-good.toml', '--format', 'jsonl'])\n"
            "except SystemExit:\n    pass")
    assert not {m for m in modules_after(code) if m.startswith("openpyxl")}


@pytest.mark.parametrize("name", sorted(SHORT_HELP))
def test_the_listed_help_is_what_the_command_itself_says(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None and command.help is not None
    assert SHORT_HELP[name] == " ".join(command.help.split("\n\n")[0].split())
    assert name in COMMANDS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_reads_the_same_once_every_command_is_imported(lang: str) -> None:
    def help_after(imports: str) -> str:
        code = f"{imports}\nfrom swrules.cli import main\nmain()"
        return subprocess.run([sys.executable, "-c", code, "--help", "--lang", lang],
                              capture_output=True, text=True, check=False).stdout

    lazy = help_after("")
    assert "eval" in lazy and lazy == help_after("\n".join(f"import {m}" for m in COMMANDS.values()))


def test_one_station_as_text_loads_neither_the_explanation_nor_the_libraries_it_does_not_use() -> None:
    code = ("from swrules.cli import main\ntry:\n    main(['eval', 'policies/guangzhou/station-evaluation.swr', "
            "'examples/stations/01-excellent.toml'])\nexcept SystemExit:\n    pass")
    loaded = modules_after(code)
    assert not {m for m in loaded if m.startswith(("swrules.explanation", "pydantic", "openpyxl", "rich", "jinja2"))}
