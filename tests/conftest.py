"""Shared fixtures. Golden files are regenerated on purpose only:
`pytest --update-goldens`, then review the change with `git diff`.

The tests are laid out like the package: `tests/<stage>/` tests `swrules/<stage>/`
(see tests/README.md). A test session keeps swrules' caches in a temporary folder of
its own (`SWRULES_CACHE_DIR`), set before collection since collecting already loads
policies, so that running the tests never writes to the user's cache folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import swrules

# shared assertion helpers get pytest's detailed failure messages too
pytest.register_assert_rewrite("diagnostic_cases")

ROOT = Path(__file__).resolve().parents[1]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
LUOPU = ROOT / "examples" / "luopu-midterm-2025.toml"


SESSION_CACHE = Path(tempfile.mkdtemp(prefix="swrules-test-cache-"))
_USERS_CACHE_SETTING = os.environ.get("SWRULES_CACHE_DIR")


def pytest_configure(config: pytest.Config) -> None:
    os.environ["SWRULES_CACHE_DIR"] = str(SESSION_CACHE)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _USERS_CACHE_SETTING is None:
        os.environ.pop("SWRULES_CACHE_DIR", None)
    else:
        os.environ["SWRULES_CACHE_DIR"] = _USERS_CACHE_SETTING
    shutil.rmtree(SESSION_CACHE, ignore_errors=True)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite golden files from the current output instead of comparing")


@pytest.fixture(scope="session")
def guangzhou() -> swrules.Policy:
    return swrules.load_policy(GUANGZHOU)


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """golden(path, text): compare text with the golden file, or rewrite it with --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(path: Path | str, text: str) -> None:
        p = Path(path)
        if not p.is_absolute():
            p = ROOT / "tests" / "golden" / p
        if update:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
            return
        assert p.exists(), f"no golden file {p}; run pytest --update-goldens and review it with git diff"
        expected = p.read_text(encoding="utf-8")
        assert text == expected, f"output differs from {p}; if the change is intended, run pytest --update-goldens"

    return check
