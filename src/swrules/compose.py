"""Composition: reading a policy file, and the policies it extends.

Input: a policy path. Output: one `ast.Policy` and the text it was read from. A
district overlay (`extends "../guangzhou/station-evaluation.swr"`) is merged onto
its base here, before checking, so later stages see a single policy.
"""

from __future__ import annotations

from pathlib import Path

from . import ast as A
from .diagnostics import Diagnostic, PolicyError
from .lowering import parse_policy
from .source import Source


def read_source(path: Path) -> Source:
    try:
        return Source.read(path)
    except UnicodeDecodeError:
        raise PolicyError([Diagnostic("E0002", {}, file=str(path))]) from None
    except OSError as exc:
        raise PolicyError([Diagnostic("E0001", {"reason": exc.strerror or str(exc)}, file=str(path))]) from None


def load_ast(path: Path) -> tuple[A.Policy, str]:
    source = read_source(path)
    return parse_policy(source), source.text
