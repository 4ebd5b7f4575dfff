"""What the workbench tests share: the served policy, the per-run token and address of the test client."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POLICY = "policies/guangzhou/station-evaluation.swr"
TOKEN = "test-token"
BASE = "http://127.0.0.1:8765"
AUTH = {"x-swrules-token": TOKEN}
