"""The workbench: `swrules serve`, a local web application for policy officers and auditors.

Input: a folder of policies and fact files. Output: pages (in Chinese) to edit a policy
with live diagnostics and completion, try a station, see a district, see what a policy change does and
manage test cases; every figure, sentence and diagnostic comes from the stages below
(the language service, the engine, the explanation, render and tools), never computed
here. May import every stage but `cli`. Local by design: 127.0.0.1 unless told
otherwise, no file outside the served folder, a per-run token and Host/Origin checks
(`security`), bounded uploads.
"""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
