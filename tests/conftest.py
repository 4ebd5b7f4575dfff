"""Shared fixtures. Golden files are regenerated on purpose only:
`pytest --update-goldens`, then review the change with `git diff`."""

from __future__ import annotations

from pathlib import Path

import pytest

import swrules

ROOT = Path(__file__).resolve().parents[1]
GUANGZHOU = ROOT / "policies" / "guangzhou" / "station-evaluation.swr"
LUOPU = ROOT / "examples" / "luopu-midterm-2025.toml"


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
