"""Helpers for tests: a Guangzhou fact mapping in which every fact is known, and a
CLI runner that captures output and exit status."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal as D
from typing import Any

import pytest
from click.testing import CliRunner, Result

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
