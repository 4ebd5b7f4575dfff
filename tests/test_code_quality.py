"""The code stays as STYLE.md asks: ruff clean, mypy strict clean, and the stages
importing one way only (the import-linter contract in pyproject.toml). A change that
breaks one of these fails here, with the tool's own message."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name(tool)
    command = [str(exe)] if exe.exists() else [shutil.which(tool) or tool]
    return subprocess.run(command + list(args), cwd=ROOT, capture_output=True, text=True)


def test_ruff() -> None:
    done = run("ruff", "check", "src", "tests", "bench")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict() -> None:
    done = run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_stages_import_one_way() -> None:
    done = run("lint-imports")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("module", sorted((ROOT / "src" / "swrules").rglob("*.py")),
                         ids=lambda p: p.relative_to(ROOT / "src" / "swrules").as_posix())
def test_every_module_says_what_it_takes_and_gives(module: Path) -> None:
    text = module.read_text(encoding="utf-8")
    assert text.lstrip().startswith('"""'), f"{module.name} has no opening paragraph"
    assert len(text.splitlines()) <= 500, f"{module.name} has grown past what one person can hold in mind"
