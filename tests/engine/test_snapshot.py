"""The compiled-policy snapshot: a policy loaded from it gives the same results, bytes
for bytes, as one loaded from its text; it is used only while every file the load read
still holds the same text; a damaged, cut-short or foreign snapshot is ignored, never
trusted; and a warm load needs neither the parser nor the checker."""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GUANGZHOU, LUOPU, ROOT

import swrules
from swrules.engine import snapshot
from swrules.engine.policy import Policy

OVERLAY = ROOT / "policies" / "examples" / "district-overlay" / "station-evaluation.swr"
STATIONS = sorted((ROOT / "examples" / "stations").glob("*.toml"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SWRULES_CACHE_DIR", str(folder))
    monkeypatch.setenv("SWRULES_AST_CACHE", "1")
    return folder


def fresh(path: Path, monkeypatch: pytest.MonkeyPatch) -> Policy:
    with monkeypatch.context() as m:
        m.setenv("SWRULES_AST_CACHE", "0")
        return swrules.load_policy(path)


def snapshots(folder: Path) -> list[Path]:
    return sorted(folder.glob("policy-*.snapshot"))


@pytest.mark.parametrize("policy", [GUANGZHOU, OVERLAY], ids=["guangzhou", "overlay"])
def test_a_policy_from_its_snapshot_gives_the_same_bytes(policy: Path, cache: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    swrules.load_policy(policy)
    assert len(snapshots(cache)) == 1
    cold = fresh(policy, monkeypatch)
    with monkeypatch.context() as m:
        m.setattr("swrules.syntax.compose.load_ast", _no_parse)
        warm = swrules.load_policy(policy)
    assert warm.sha256 == cold.sha256 and warm.files == cold.files
    assert [d.to_dict("zh") for d in warm.warnings] == [d.to_dict("zh") for d in cold.warnings]
    for station in [LUOPU, *STATIONS]:
        for explain in (False, True):
            try:
                want = cold.evaluate_file(station, explain=explain)
            except swrules.SwrulesError as exc:
                with pytest.raises(swrules.SwrulesError) as again:
                    warm.evaluate_file(station, explain=explain)
                assert again.value.render("en") == exc.render("en")
                continue
            got = warm.evaluate_file(station, explain=explain)
            assert got.to_json() == want.to_json()
            if explain:
                assert swrules.explained_json(got) == swrules.explained_json(want)
    assert callable(warm._tree)  # evaluating and explaining never read the syntax tree
    assert warm.syntax_tree == cold.syntax_tree and not callable(warm._tree)
    assert warm.syntax_tree is warm.syntax_tree


def _no_parse(*args: object, **kwargs: object) -> None:
    raise AssertionError("parsed again")


def test_the_syntax_tree_is_read_once_and_shares_the_policy_s_sources(cache: Path) -> None:
    cold = swrules.load_policy(OVERLAY)
    warm = swrules.load_policy(OVERLAY)
    assert callable(warm._tree) and warm.syntax_tree == cold.syntax_tree
    ir_sources = {id(r.span.source) for r in warm.checked.rules if r.span is not None}
    tree_sources = {id(d.span.source) for d in warm.syntax_tree.declarations if d.span is not None}
    assert tree_sources and tree_sources <= ir_sources  # one pickler: the same objects, not copies
    assert {d.span.source.name for d in warm.syntax_tree.declarations if d.span} == set(warm.files)
    assert len(warm.files) == 2  # the overlay and the base it extends


def test_a_damaged_syntax_tree_part_means_loading_the_policy_again(cache: Path) -> None:
    cold = swrules.load_policy(GUANGZHOU)
    (file,) = snapshots(cache)
    data = bytearray(file.read_bytes())
    stream = io.BytesIO(bytes(data))
    stream.seek(len(snapshot.MAGIC) + 32 + snapshot.DIGEST)
    unpickler = pickle.Unpickler(stream)
    unpickler.persistent_load = lambda pid: None  # type: ignore[assignment]
    unpickler.load()
    unpickler.load()
    data[stream.tell() + 5] ^= 0xFF  # a byte of the tree's part
    file.write_bytes(bytes(data))
    assert snapshot.load(GUANGZHOU, Policy) is None
    again = swrules.load_policy(GUANGZHOU)
    assert again.syntax_tree == cold.syntax_tree
    warm = snapshot.load(GUANGZHOU, Policy)  # written whole again by that load
    assert warm is not None and warm[1]() == cold.syntax_tree


def test_a_warm_load_reads_the_snapshot_and_parses_nothing(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    swrules.load_policy(GUANGZHOU)
    monkeypatch.setattr("swrules.syntax.compose.load_ast", _no_parse)
    assert swrules.load_policy(GUANGZHOU).title


def test_a_warm_load_brings_the_generated_builders_and_writer(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every evaluation reads vetoes and findings, a one-station `eval --format json` writes one document: the
    generated builders of the report lines and the document's writer come with the snapshot."""
    cold = swrules.load_policy(GUANGZHOU).evaluate_file(STATIONS[0])

    def no_generation(*args: object, **kwargs: object) -> None:
        raise AssertionError("generated again")

    monkeypatch.setattr("swrules.engine.assemble.compile_lines", no_generation)
    monkeypatch.setattr("swrules.engine.assemble.compile_document", no_generation)
    warm = swrules.load_policy(GUANGZHOU).evaluate_file(STATIONS[0])
    assert warm.vetoes == cold.vetoes and warm.findings == cold.findings and warm.indicators == cold.indicators
    assert warm.to_json() == cold.to_json()


def test_a_warm_eval_imports_no_parser_checker_or_pydantic(tmp_path: Path) -> None:
    code = ("import sys\nfrom swrules.cli import main\ntry:\n    main(['eval', sys.argv[1], sys.argv[2]])\n"
            "except SystemExit:\n    pass\n"
            "print(' '.join(m for m in sys.modules if m.startswith(('lark', 'pydantic', 'swrules.syntax.lowering', "
            "'swrules.syntax.parser', 'swrules.check.checker'))), file=sys.stderr)")
    env = {**os.environ, "SWRULES_CACHE_DIR": str(tmp_path), "SWRULES_AST_CACHE": "1"}
    argv = [sys.executable, "-c", code, str(GUANGZHOU), str(STATIONS[0])]
    cold = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    warm = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
    assert "lark" in cold.stderr  # the first run parsed
    assert warm.stderr.strip() == ""
    assert warm.stdout == cold.stdout


def test_a_snapshot_stored_by_a_process_that_explained_loads_without_the_explanation(tmp_path: Path) -> None:
    # The snapshot names swrules' own module-level objects instead of copying them. A module that
    # merely holds one of Python's (`explanation.model` keeps `dict.copy`, which the result's generated
    # document code also holds; an empty tuple) must not be named for it: a one-station text eval warm
    # from a snapshot stored by a process that had the explanation imported (a test run, the workbench)
    # would import the explanation to read it.
    stored = ("import sys\nimport swrules.explanation.build\nimport swrules\n"  # as a test run or the workbench
              "policy = swrules.load_policy(sys.argv[1])\n"
              "print(swrules.explained_json(policy.evaluate(swrules.read_fact_file(sys.argv[2])[0], explain=True)))")
    warm = ("import sys\nfrom swrules.cli import main\ntry:\n    main(['eval', sys.argv[1], sys.argv[2]])\n"
            "except SystemExit:\n    pass\n"
            "print(' '.join(m for m in sys.modules if m.startswith('swrules.explanation')), file=sys.stderr)")
    env = {**os.environ, "SWRULES_CACHE_DIR": str(tmp_path), "SWRULES_AST_CACHE": "1"}
    first = subprocess.run([sys.executable, "-c", stored, str(GUANGZHOU), str(STATIONS[0])], capture_output=True,
                           text=True, env=env, check=True)
    assert '"explanation"' in first.stdout and snapshots(tmp_path)
    second = subprocess.run([sys.executable, "-c", warm, str(GUANGZHOU), str(STATIONS[0])], capture_output=True,
                            text=True, env=env, check=True)
    assert "评分表" in second.stdout  # the eval still works, warm from that snapshot
    assert second.stderr.strip() == ""


def test_the_snapshot_never_names_pythons_own_objects_by_a_module_that_holds_them() -> None:
    import swrules.explanation.model  # noqa: F401  (holds `dict.copy` at module level)

    named = snapshot._Pickler(io.BytesIO()).named
    for python_s in (dict.copy, list.append, (), frozenset(), str.join, int.__add__):
        assert id(python_s) not in named, named.get(id(python_s))


def test_a_changed_policy_or_base_is_loaded_again(tmp_path: Path, cache: Path) -> None:
    base_dir, overlay_dir = tmp_path / "guangzhou", tmp_path / "district"
    base_dir.mkdir()
    overlay_dir.mkdir()
    base = base_dir / "station-evaluation.swr"
    base.write_text(GUANGZHOU.read_text(encoding="utf-8"), encoding="utf-8")
    overlay = overlay_dir / "station-evaluation.swr"
    text = OVERLAY.read_text(encoding="utf-8")
    assert '"../../guangzhou/station-evaluation.swr"' in text
    overlay.write_text(text.replace('"../../guangzhou/', '"../guangzhou/'), encoding="utf-8")
    first = swrules.load_policy(overlay)
    assert snapshot.load(overlay, Policy) is not None
    # The base changes (a comment is enough: the text is what identifies what was evaluated).
    base.write_text(base.read_text(encoding="utf-8") + "\n# 修订\n", encoding="utf-8")
    assert snapshot.load(overlay, Policy) is None
    assert swrules.load_policy(overlay).sha256 != first.sha256
    assert snapshot.load(overlay, Policy) is not None
    # The policy's own text changes: not the old snapshot either.
    swrules.load_policy(base)
    base.write_text(base.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert snapshot.load(base, Policy) is None


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "foreign key", "not a policy"])
def test_a_damaged_or_foreign_snapshot_is_ignored(damage: str, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    want = swrules.load_policy(GUANGZHOU).evaluate_file(LUOPU).to_json()
    (file,) = snapshots(cache)
    data = file.read_bytes()
    key = len(snapshot.MAGIC) + 32
    if damage == "garbage":
        file.write_bytes(b"\x80\x05garbage" * 100)
    elif damage == "truncated":
        file.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        file.write_bytes(b"")
    elif damage == "foreign key":
        file.write_bytes(data[:key - 1] + bytes([data[key - 1] ^ 1]) + data[key:])
    else:  # the right key, but what follows is not a policy
        file.write_bytes(data[:key] + b"\x80\x05N.\x80\x05N.")
    assert snapshot.load(GUANGZHOU, Policy) is None
    assert swrules.load_policy(GUANGZHOU).evaluate_file(LUOPU).to_json() == want
    assert snapshot.load(GUANGZHOU, Policy) is not None  # written again by that load


def test_no_snapshot_when_the_caches_are_off(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWRULES_AST_CACHE", "0")
    swrules.load_policy(GUANGZHOU)
    assert not cache.exists() or not snapshots(cache)


def test_the_code_stamp_follows_every_source_file_but_not_the_compiled_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "swrules"
    (package / "engine" / "__pycache__").mkdir(parents=True)
    for name in ("__init__.py", "engine/policy.py", "engine/__pycache__/policy.cpython-311.py"):
        (package / name).write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(snapshot, "_PACKAGE", package)
    first = snapshot._code_stamp()
    os.utime(package / "engine" / "__pycache__" / "policy.cpython-311.py", ns=(1, 1))
    assert snapshot._code_stamp() == first
    os.utime(package / "engine" / "policy.py", ns=(2, 2))
    second = snapshot._code_stamp()
    assert second != first
    (package / "engine" / "policy.py").write_text("x = 22\n", encoding="utf-8")
    os.utime(package / "engine" / "policy.py", ns=(2, 2))  # the same time, another size
    third = snapshot._code_stamp()
    assert third not in (first, second)
    (package / "engine" / "new.py").write_text("", encoding="utf-8")
    assert snapshot._code_stamp() not in (first, second, third)
