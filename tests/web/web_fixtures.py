"""Fixtures of the workbench tests, loaded with `pytest_plugins` (a `conftest.py` here would
shadow the top-level one, which other test folders import as `conftest`): a served folder,
a copy of the policies and examples, so that saving a policy or a test case never touches
the checkout, and Starlette's test client on it."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import BASE, ROOT, TOKEN


@pytest.fixture
def served(tmp_path: Path) -> Path:
    folder = tmp_path / "served"
    shutil.copytree(ROOT / "policies", folder / "policies")
    shutil.copytree(ROOT / "examples", folder / "examples")
    return folder


@pytest.fixture
def client(served: Path) -> Iterator[object]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx.*")
        from starlette.testclient import TestClient

        from swrules.web.app import create_app

        with TestClient(create_app(served, "127.0.0.1", 8765, TOKEN), base_url=BASE) as c:
            yield c
