"""What the workbench tests share: the served policy, the per-run token and address of the test client."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLICY = "policies/guangzhou/station-evaluation.swr"
TOKEN = "test-token"
BASE = "http://127.0.0.1:8765"
AUTH = {"x-swrules-token": TOKEN}
USE = "compliance.staffing_shortfall"  # a fact the Guangzhou policy reads in a veto


def use_line(text: str) -> int:
    """The first line of the policy that reads `USE` (0-based)."""
    return next(i for i, line in enumerate(text.splitlines()) if USE in line)


def declaration_line(text: str) -> int:
    """The line that declares the fact `USE` reads (0-based)."""
    return next(i for i, line in enumerate(text.splitlines()) if line.lstrip().startswith("staffing_shortfall "))
