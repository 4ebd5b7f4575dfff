"""Helpers for tests: a Guangzhou fact mapping in which every fact is known, and a
CLI runner that captures output and exit status."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import swrules
from swrules.base.values import NOT_APPLICABLE, Unknown
from swrules.cli import cli

CLEAN_STATION: dict[str, Any] = {
    "station": {
        "name": "测试街社工服务站", "district": "测试区", "operator": "测试社工服务中心", "phase": "midterm",
        "period_start": dt.date(2024, 8, 6), "period_end": dt.date(2025, 1, 31),
        "contract_start": dt.date(2024, 8, 6), "contract_end": dt.date(2025, 8, 5), "budget": D("2400000"),
    },
    "scores": {
        "service_monitoring": D("9"), "service_outcomes": D("13"), "operations": D("9"),
        "service_quality": [{"area": "甲片区", "score": D("17")}, {"area": "乙片区", "score": D("18")}],
        "purchaser": D("18"), "supervision_centre": D("13"), "civil_affairs": D("9"),
    },
    "compliance": {
        "non_social_workers_in_posts": False, "staffing_shortfall": 0, "certified_shortfall": 0,
        "personnel_spending_ratio": D("0.85"), "rectification_failed": False,
        "professional_evaluation_failed": False, "financial_evaluation_failed": False, "serious_violation": False,
    },
    "indicators": [
        {"name": "家访", "unit": "人次", "actual": D("1278"), "target": D("1500")},
        {"name": "个案", "unit": "个", "actual": D("35"), "target": D("60")},
    ],
    "staff": {"continuing_education_hours": D("720"), "continuing_education_required_hours": D("720"),
              "retention_rate": D("0.85")},
    "survey": {"respondents": 120, "population": 300},
}


def station(**changes: Any) -> dict[str, Any]:
    """A copy of the clean station with `section__key=value` changes; value None removes the key."""
    facts = copy.deepcopy(CLEAN_STATION)
    for path, value in changes.items():
        section, key = path.split("__")
        if value is None:
            facts[section].pop(key, None)
        else:
            facts[section][key] = value
    return facts


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def text_sections(text: str) -> dict[str, list[str]]:
    """The one-station text's sections: a heading at the left margin, its lines indented."""
    out: dict[str, list[str]] = {}
    heading = ""
    for line in text.splitlines():
        if line and not line.startswith(" "):
            heading = line
            out[heading] = []
        elif line.strip():
            out[heading].append(line.strip())
    return out


# Debian's Chromium, headless, offline, with a fresh profile each run (tests/README.md).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium() -> str:
    """The installed Chromium; the test is skipped without one, and fails on CI, which must have it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed, and CI must run the browser test (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    return found


def run_chromium(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Chromium once with a fresh profile; it must succeed."""
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done



def plain_before(value: Any) -> Any:
    """`engine.result.to_plain` as it was written before its fast paths: the reference it, and the
    references of the JSON documents, must agree with."""
    if type(value) is Unknown or value is NOT_APPLICABLE or value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [plain_before(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_before(v) for k, v in value.items() if not str(k).startswith("\0")}
    return value


def bundled_results(root: Path) -> Iterator[tuple[str, swrules.Result]]:
    """Every policy in the repository evaluated, with explanations, on its test cases and fact files
    (Guangzhou's on the examples too): (a name for messages, the result). Files and cases it refuses
    (a station of another version, a case about a refused file) are left out."""
    from swrules.engine.versions import PolicySet
    from swrules.tools.policy_tests import find_cases, load_cases

    for path in sorted(root.glob("policies/**/*.swr")):
        try:
            policy = swrules.load_policy(path)
        except swrules.PolicyError:
            continue
        facts: list[tuple[str, dict[str, Any]]] = []
        if find_cases(path.parent / "tests"):
            versions = path.parent if len(list(path.parent.glob("*.swr"))) > 1 else path  # a folder of versions
            cases = load_cases(path.parent / "tests", PolicySet.load(versions))
            facts += [(f"{path.name} {c.name}", c.facts) for c in cases]
        files = [*path.parent.glob("**/*.toml"), *path.parent.glob("**/*.json")]
        if path.parent.name == "guangzhou":
            files += [*root.glob("examples/**/*.toml"), *root.glob("examples/**/*.json")]
        for fact_file in sorted(files):
            try:
                facts.append((fact_file.name, swrules.read_fact_file(fact_file)[0]))
            except swrules.SwrulesError:
                continue  # a test case's expectations, not a fact file
        for name, data in facts:
            try:
                yield f"{path.relative_to(root)} {name}", policy.evaluate(data, explain=True, file=name)
            except swrules.SwrulesError:
                continue
