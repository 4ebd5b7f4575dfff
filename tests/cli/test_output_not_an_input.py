"""`-o` never names one of the command's inputs, however it names it (a link to it, a hard
link, the path written otherwise), checked with one `stat` per input (`check_output`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from swrules.base.diagnostics import SwrulesError
from swrules.cli.common import check_output
from swrules.engine.discovery import discover


def test_every_way_of_naming_an_input_is_refused_and_other_files_are_not(tmp_path: Path) -> None:
    district = tmp_path / "district"
    (district / "b").mkdir(parents=True)
    for name in ("a.toml", "b/c.toml"):
        (district / name).write_text("", encoding="utf-8")
    (tmp_path / "link.toml").symlink_to(district / "b" / "c.toml")
    os.link(district / "a.toml", tmp_path / "hard.toml")
    (tmp_path / "other.jsonl").write_text("", encoding="utf-8")
    inputs = discover([str(district)])
    for out in (district / "a.toml", tmp_path / "link.toml", tmp_path / "hard.toml", district / "b" / ".." / "a.toml"):
        with pytest.raises(SwrulesError):
            check_output(str(out), inputs)
    assert check_output(str(tmp_path / "other.jsonl"), inputs) == tmp_path / "other.jsonl"
    assert check_output(str(tmp_path / "new.jsonl"), inputs) == tmp_path / "new.jsonl"
    # An input that cannot be read is not the output (and is reported when read, not here).
    assert check_output(str(tmp_path / "other.jsonl"), [str(tmp_path / "missing.toml"), "bad\0name"]) is not None
