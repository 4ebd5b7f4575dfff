"""The parsed-policy cache and Lark's grammar cache: they return only what a real parse
gave, are keyed by the policy's text, live only in a folder nobody else can write to,
and a test run keeps them out of the user's own cache folder."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from conftest import GUANGZHOU, LUOPU, SESSION_CACHE
from helpers import station

import swrules
from swrules.syntax import cache as ast_cache
from swrules.syntax import parser as syntax


def test_a_test_run_never_writes_to_the_users_cache_folder(tmp_path: Path) -> None:
    users = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "swrules"
    assert syntax.private_cache_folder() == SESSION_CACHE
    before = set(SESSION_CACHE.glob("policy-*.ast-cache"))
    policy = tmp_path / "seen-only-by-this-test.swr"
    policy.write_text(GUANGZHOU.read_text(encoding="utf-8"), encoding="utf-8")
    swrules.load_policy(policy)
    (written,) = set(SESSION_CACHE.glob("policy-*.ast-cache")) - before
    assert not (users / written.name).exists()


def test_parsed_policy_cache_returns_the_same_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWRULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SWRULES_AST_CACHE", "1")
    first = swrules.load_policy(GUANGZHOU)
    files = list((tmp_path / "cache").rglob("policy-*.ast-cache"))
    assert len(files) == 1
    second = swrules.load_policy(GUANGZHOU)
    assert second.syntax_tree == first.syntax_tree
    assert second.evaluate_file(LUOPU).to_json() == first.evaluate_file(LUOPU).to_json()
    files[0].write_bytes(b"damaged")
    assert swrules.load_policy(GUANGZHOU).syntax_tree == first.syntax_tree


def test_parsed_policy_cache_keeps_no_failed_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWRULES_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SWRULES_AST_CACHE", "1")
    policy = tmp_path / "p.swr"
    policy.write_text(GUANGZHOU.read_text(encoding="utf-8").replace("total \"总分\" max 100", "total \"总分\" max"),
                      encoding="utf-8")
    for _ in range(2):
        with pytest.raises(swrules.PolicyError):
            swrules.load_policy(policy)
    assert not list((tmp_path / "cache").rglob("policy-*.ast-cache"))
    assert ast_cache.enabled()


def test_parsed_policy_cache_is_keyed_by_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWRULES_CACHE_DIR", str(tmp_path / "cache"))
    policy = tmp_path / "p.swr"
    text = GUANGZHOU.read_text(encoding="utf-8")
    policy.write_text(text, encoding="utf-8")
    swrules.load_policy(policy)
    policy.write_text(text.replace("midterm: 5,", "midterm: 6,"), encoding="utf-8")
    facts = station(compliance__staffing_shortfall=5)
    assert swrules.load_policy(policy).evaluate(copy.deepcopy(facts)).grade != "不合格"


def test_caches_are_never_read_from_a_folder_others_can_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both caches are pickles: a shared or foreign folder must not be used at all,
    whether it is found through XDG_CACHE_HOME or named by SWRULES_CACHE_DIR."""
    monkeypatch.delenv("SWRULES_CACHE_DIR")
    shared = tmp_path / "shared"
    (shared / "swrules").mkdir(parents=True)
    os.chmod(shared / "swrules", 0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    assert syntax.private_cache_folder() is None
    assert syntax._cache_file() is False
    monkeypatch.setenv("SWRULES_CACHE_DIR", str(shared / "swrules"))
    assert syntax.private_cache_folder() is None
    monkeypatch.delenv("SWRULES_CACHE_DIR")
    own = tmp_path / "own"
    monkeypatch.setenv("XDG_CACHE_HOME", str(own))
    assert syntax.private_cache_folder() == own / "swrules"
    assert (own / "swrules").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("SWRULES_CACHE_DIR", str(tmp_path / "named"))
    assert syntax.private_cache_folder() == tmp_path / "named"
    assert (tmp_path / "named").stat().st_mode & 0o077 == 0
