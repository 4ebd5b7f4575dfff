"""An installed swrules works outside the checkout: the wheel carries the grammar
(and report templates), and the `swrules` command evaluates the Luopu example from
another directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import GUANGZHOU, LUOPU, ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True)
    return next(out.glob("swrules-*.whl"))


def test_wheel_ships_the_grammar(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "swrules/swrules.lark" in names
    packaged = zipfile.ZipFile(wheel).read("swrules/swrules.lark").decode("utf-8")
    assert packaged == (ROOT / "grammar" / "swrules.lark").read_text(encoding="utf-8")


def test_wheel_ships_the_workbench_pages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"swrules/web/{p.relative_to(ROOT / 'src/swrules/web').as_posix()}"
               for p in (ROOT / "src/swrules/web").rglob("*") if p.suffix in (".html", ".js", ".css")}
    assert shipped and shipped <= names, shipped - names


def test_installed_command_runs_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = "import sys, swrules.cli; sys.exit(swrules.cli.main())"
    done = subprocess.run([sys.executable, "-c", code, "eval", "--format", "json", str(GUANGZHOU), str(LUOPU)],
                          cwd=elsewhere, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert '"total": "86.39"' in done.stdout
    # and it used the packaged grammar, not the checkout's
    probe = subprocess.run([sys.executable, "-c", "import swrules.syntax.parser as s; print(s.grammar_path())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True)
    assert str(target) in probe.stdout
