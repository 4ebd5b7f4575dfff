"""What the workbench tests share: the served policy, the per-run token and address of the test client."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

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


def form_values(data: dict[str, Any]) -> dict[str, str]:
    """A fact file's facts as an officer types them into the form: each by its key path, a record's
    field as `list[n].field`, every value the text a fact file writes (numbers as written)."""
    out: dict[str, str] = {}

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def walk(node: dict[str, Any], prefix: str) -> None:
        for key, value in node.items():
            path = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, path + ".")
            elif isinstance(value, list):
                for n, record in enumerate(value):
                    out.update({f"{path}[{n}].{k}": text(v) for k, v in record.items()})
            else:
                out[path] = text(value)

    walk(data, "")
    return out
