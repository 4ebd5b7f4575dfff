"""Whole districts at once: `swrules eval POLICY DIR_OR_FILES...` over the example
stations, golden in every format, with bad files, exit statuses, atomic output and
worker processes that change nothing in the output."""

from __future__ import annotations

import concurrent.futures
import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import run_cli

from swrules.engine import batch

POLICY = "policies/guangzhou/station-evaluation.swr"
STATIONS = "examples/stations"
BAD = "tests/facts/invalid/36-many-errors-at-once.toml"


@pytest.fixture(autouse=True)
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in the output are as given, relative to the repository


def rows(*args: str) -> list[dict]:
    result = run_cli("eval", POLICY, *args, "--format", "jsonl")
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_example_district_has_at_least_20_stations_and_covers_the_policy() -> None:
    found = rows(STATIONS)
    assert len(found) >= 20
    assert {r["grade"] for r in found} >= {"优秀", "良好", "合格", "不合格"}
    hits = {(v, r["phase"]) for r in found for v in r["vetoes_hit"]}
    vetoes = ["保洁安保占岗", "社工配备不足", "持证比例不达标", "人员费用比例过低", "整改不到位", "专业评估不合格",
              "财务评估不合格", "严重违法违规"]
    assert hits == {(v, p) for v in vetoes for p in ("midterm", "final")}
    assert any(r["facts_missing"] and r["provisional"] for r in found)
    assert any(r["grade"] is None for r in found)  # a score missing: no grade, said so
    assert any(r["differences"] for r in found)
    assert all(r["status"] == "evaluated" for r in found)


@pytest.mark.parametrize(("fmt", "lang", "name"), [
    ("text", "zh", "stations.zh.txt"), ("text", "en", "stations.en.txt"),
    ("csv", "zh", "stations.csv"), ("jsonl", "zh", "stations.jsonl"), ("json", "en", "stations.en.json"),
])
def test_batch_output_is_golden(golden, fmt: str, lang: str, name: str) -> None:
    result = run_cli("eval", POLICY, STATIONS, "--format", fmt, "--lang", lang)
    assert result.exit_code == 0
    golden(f"batch/{name}", result.stdout)


def test_a_bad_file_gets_its_own_row_and_the_rest_is_evaluated(golden) -> None:
    result = run_cli("eval", POLICY, STATIONS, BAD, "--lang", "en")
    assert result.exit_code == 1
    golden("batch/with-bad-file.en.txt", result.stdout)
    found = rows(STATIONS, BAD)
    bad = [r for r in found if r["status"] == "failed"]
    assert [r["path"] for r in bad] == [BAD]
    assert len(bad[0]["errors"]) == 8 and bad[0]["total"] is None and bad[0]["grade"] is None
    assert sum(r["status"] == "evaluated" for r in found) == len(found) - 1


def test_counts_go_to_stderr_for_pipelines_and_stdout_stays_data() -> None:
    result = run_cli("eval", POLICY, STATIONS, BAD, "--format", "csv", "--lang", "en")
    assert result.exit_code == 1
    n = len(list(Path(STATIONS).iterdir()))
    assert result.stderr == f"{n + 1} files read, {n} evaluated, 1 failed\n"
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == n + 1 and table[-1]["status"] == "failed"
    assert "E0808" in table[-1]["errors"]


def test_csv_and_jsonl_give_the_same_rows() -> None:
    # English headers are the JSON keys; --no-bom so that the first header is read as `path`.
    as_csv = list(csv.DictReader(io.StringIO(run_cli("eval", POLICY, STATIONS, "--format", "csv", "--lang", "en",
                                                     "--no-bom").stdout)))
    as_jsonl = rows(STATIONS)
    assert [r["path"] for r in as_csv] == [r["path"] for r in as_jsonl]
    assert [r["total"] for r in as_csv] == [r["total"] or "" for r in as_jsonl]
    assert [r["facts_to_give"] for r in as_csv] == ["; ".join(r["facts_to_give"]) for r in as_jsonl]
    # JSON keeps facts_missing (every fact not given, which programs read) beside facts_to_give
    assert list(as_csv[0].keys()) == [k for k in as_jsonl[0] if k != "facts_missing"]


def test_every_file_bad_exits_2() -> None:
    result = run_cli("eval", POLICY, BAD, "tests/facts/invalid/10-score-over-item-maximum.toml", "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr == "读取 2 个文件，评估 0 个，失败 2 个\n"


def test_a_single_invalid_file_exits_2_with_its_messages() -> None:
    result = run_cli("eval", POLICY, BAD)
    assert result.exit_code == 2 and result.stdout == ""
    assert "E0808" in result.stderr


def test_a_folder_without_fact_files_is_bad_usage(tmp_path: Path) -> None:
    result = run_cli("eval", POLICY, str(tmp_path), STATIONS, "--lang", "en")
    assert result.exit_code == 2
    assert "E0812" in result.stderr and result.stdout == ""


def test_a_path_that_does_not_exist_is_a_failed_row_not_dropped() -> None:
    found = rows(STATIONS, "examples/stations/no-such-station.toml")
    assert found[-1]["path"] == "examples/stations/no-such-station.toml"
    assert found[-1]["errors"][0]["code"] == "E0001"


def test_a_folder_is_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b/2.toml", "a/1.json", "a/.hidden.toml", "c.txt", "0.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}" if name.endswith(".json") else "", encoding="utf-8")
    found = rows(str(tmp_path))
    assert [Path(r["path"]).relative_to(tmp_path).as_posix() for r in found] == ["0.toml", "a/1.json", "b/2.toml"]


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "district.csv"
    result = run_cli("eval", POLICY, STATIONS, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == run_cli("eval", POLICY, STATIONS, "--format", "csv").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["district.csv"]  # no temporary file left behind


def test_output_file_is_not_touched_when_the_policy_is_bad(tmp_path: Path) -> None:
    out = tmp_path / "district.csv"
    out.write_text("yesterday's results\n", encoding="utf-8")
    bad = tmp_path / "bad.swr"
    bad.write_text("policy {", encoding="utf-8")
    result = run_cli("eval", str(bad), STATIONS, "--format", "csv", "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "yesterday's results\n"


@pytest.mark.parametrize("fmt", ["text", "csv", "jsonl"])
def test_two_processes_give_byte_identical_output(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The example district is small: let it use the pool, in chunks of 3 with few in flight.
    monkeypatch.setattr(batch, "ONE_PROCESS_BELOW", 2)
    monkeypatch.setattr(batch, "CHUNK", 3)
    monkeypatch.setattr(batch, "IN_FLIGHT", 1)
    one = run_cli("eval", POLICY, STATIONS, BAD, "--format", fmt, "--jobs", "1")
    two = run_cli("eval", POLICY, STATIONS, BAD, "--format", fmt, "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert two.stdout == one.stdout
    assert two.stderr == one.stderr


def test_a_small_batch_with_jobs_runs_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    # Starting workers costs more than a district of a few dozen stations takes.
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker process was started")
    # engine.batch imports the executor when it starts workers (not for every batch): patch it at its source.
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    one = run_cli("eval", POLICY, STATIONS, "--format", "jsonl", "--jobs", "1")
    two = run_cli("eval", POLICY, STATIONS, "--format", "jsonl", "--jobs", "2")
    assert two.exit_code == one.exit_code == 0
    assert two.stdout == one.stdout


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    result = run_cli("eval", POLICY, STATIONS, "--format", "jsonl", "--lang", "en")
    n = len(list(Path(STATIONS).iterdir()))
    assert result.stderr == f"{n} files read, {n} evaluated, 0 failed\n"  # the counts line only


def test_a_single_station_still_prints_its_full_result() -> None:
    result = run_cli("eval", POLICY, "examples/stations/02-good.toml")
    assert result.exit_code == 0
    assert "评分表" in result.stdout and "总分：88.50" in result.stdout


def test_a_single_station_as_json_is_the_full_result() -> None:
    result = run_cli("eval", POLICY, "examples/stations/24-declared-disagrees.toml", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["total"] == "88.50" and doc["grade"] == "良好"
    assert {r["field"]: r["status"] for r in doc["reconciliation"]}["total"] == "differs"


def test_policy_version_option_is_passed_to_the_policy_set() -> None:
    result = run_cli("eval", POLICY, STATIONS, "--policy-version", "2025.1", "--format", "jsonl")
    assert result.exit_code == 0
    assert {json.loads(line)["policy_version"] for line in result.stdout.splitlines()} == {"2025.1"}


def test_csv_of_one_station_is_one_row_and_an_invalid_one_exits_2() -> None:
    good = run_cli("eval", POLICY, "examples/stations/02-good.toml", "--format", "csv", "--no-bom")
    assert good.exit_code == 0
    assert [r["等级"] for r in csv.DictReader(io.StringIO(good.stdout))] == ["良好"]
    bad = run_cli("eval", POLICY, BAD, "--format", "jsonl")
    assert bad.exit_code == 2
    [row] = [json.loads(line) for line in bad.stdout.splitlines()]
    assert row["status"] == "failed" and row["grade"] is None


def test_progress_bar_only_for_a_long_batch_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from swrules.cli import evaluate as cli_eval

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    with cli_eval._progress(cli_eval.PROGRESS_FROM - 1, "en") as tick:
        assert tick is None
    with cli_eval._progress(cli_eval.PROGRESS_FROM, "en") as tick:
        assert callable(tick)
        tick()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    with cli_eval._progress(1000, "en") as tick:
        assert tick is None


def test_a_syntax_error_in_a_batch_is_listed_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[station]\nname = 洛浦街\n', encoding="utf-8")
    result = run_cli("eval", POLICY, "examples/stations/02-good.toml", str(broken), "--lang", "en")
    assert result.exit_code == 1
    assert "2:8: error[E0801]" in result.stdout
