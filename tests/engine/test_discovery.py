"""Which fact files a batch reads, and in what order: the files named, and those under
the folders named, sorted, hidden ones skipped, each once — found folder by folder as the
batch goes, so that 100,000 files are never all held (docs/limits.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swrules.engine import discovery
from swrules.engine.batch import NoFactFiles, discover
from swrules.engine.discovery import FACT_SUFFIXES


def all_at_once(paths: list[str]) -> list[str]:
    """The rule as first written: every file under each folder found, sorted by its path
    below the folder, repeats removed with a set of every name seen."""
    out: list[str] = []
    seen: set[str] = set()
    for arg in paths:
        root = Path(arg)
        if root.is_dir():
            found = sorted(
                (p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in FACT_SUFFIXES
                 and not p.name.startswith("~$")
                 and not any(part.startswith(".") for part in p.relative_to(root).parts)),
                key=lambda p: p.relative_to(root).as_posix(),
            )
            names = [p.as_posix() for p in found]
        else:
            names = [arg]
        for name in names:
            if name not in seen:
                seen.add(name)
                out.append(name)
    return out


# Names chosen to sort differently as whole paths and as separate parts ("a-b/x" < "a.toml" < "a/x").
NAMES = st.sampled_from(["a", "a-b", "a.toml", "b.json", "B.TOML", ".h.toml", ".h", "~$a.xlsx", "c.xlsx",
                         "d.txt", "a0", "z.toml", "站点.toml"])
TREES = st.lists(st.lists(NAMES, min_size=1, max_size=4), min_size=1, max_size=14)


def build(root: Path, tree: list[list[str]]) -> list[str]:
    """Files at the given paths (the last part a file, the others folders); the folders made."""
    folders = []
    for parts in tree:
        path = root.joinpath(*parts)
        if any(p.is_file() for p in [*path.parents, path] if root in p.parents):
            continue  # a file already stands where a folder would go, or the reverse
        if path.is_dir():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
        folders += [str(p.relative_to(root)) for p in path.parents if root in p.parents]
    return folders


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=TREES, picks=st.lists(st.integers(min_value=0, max_value=50), max_size=5))
def test_files_are_found_in_the_same_order_and_once_as_when_found_all_at_once(
        tree: list[list[str]], picks: list[int], tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("district")
    folders = build(root, tree)
    files = [str(p.relative_to(root)) for p in sorted(root.rglob("*")) if p.is_file()]
    # Arguments as a user gives them: the district, some of its folders (also twice, also
    # inside one already named), some files (also already found), a path that does not exist.
    choices = [".", *folders, *files, "missing.toml", "./" + (files[0] if files else "x.toml")]
    args = [choices[i % len(choices)] for i in picks] or ["."]
    cwd, run = os.getcwd(), discovery.RUN
    os.chdir(root)
    discovery.RUN = 3  # folders sorted in runs of three names, then merged
    try:
        try:
            found = discover(args)
        except NoFactFiles:
            assert any(Path(a).is_dir() and not all_at_once([a]) for a in args)
            return
        assert list(found) == all_at_once(args)
        # Refused exactly when a folder named holds no fact file (found without sorting the folder).
        assert not any(Path(a).is_dir() and not all_at_once([a]) for a in args)
        for folder in [".", *folders]:
            prefix = discovery._prefix(folder)
            assert discovery._holds_one(prefix) == (next(discovery._walk(prefix, prefix), None) is not None)
        assert list(found) == list(found)  # gone through again: the same
        assert len(found) == len(all_at_once(args))
    finally:
        os.chdir(cwd)
        discovery.RUN = run


def test_a_folder_given_by_an_absolute_path_lists_absolute_paths(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.json").write_text("", encoding="utf-8")
    found = discover([str(tmp_path)])
    assert list(found) == [f"{tmp_path.as_posix()}/a.json", f"{tmp_path.as_posix()}/b/x.toml"]
    assert found[1] == f"{tmp_path.as_posix()}/b/x.toml" and found[-1] == found[1]


def test_links_to_folders_are_not_followed_but_links_to_files_are(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "x.toml").write_text("", encoding="utf-8")
    (tmp_path / "district").mkdir()
    (tmp_path / "district" / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "district" / "y.toml").symlink_to(tmp_path / "real" / "x.toml")
    assert list(discover([str(tmp_path / "district")])) == all_at_once([str(tmp_path / "district")])
    assert [Path(p).name for p in discover([str(tmp_path / "district")])] == ["y.toml"]


def test_a_folder_without_fact_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".hidden.toml").write_text("", encoding="utf-8")
    with pytest.raises(NoFactFiles) as err:
        discover([str(tmp_path)])
    assert [d.code for d in err.value.diagnostics] == ["E0812"]
    with pytest.raises(NoFactFiles) as err:
        discover([])
    assert [d.code for d in err.value.diagnostics] == ["E0813"]


def test_a_folder_larger_than_one_sorting_run_is_listed_in_order(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(discovery, "RUN", 7)  # names sorted in runs of 7, kept as strings, merged
    names = [f"{i:03d}{s}" for i, s in zip(range(60), ["-a.toml", ".toml", "/x.json"] * 20, strict=True)]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    (tmp_path / "~$lock.xlsx").write_text("", encoding="utf-8")
    assert list(discover([str(tmp_path)])) == all_at_once([str(tmp_path)])
    assert len(discover([str(tmp_path)])) == 60
