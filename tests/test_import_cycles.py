"""No import circle anywhere in swrules, not even one Python never runs into: an import
made only for type checking (`if TYPE_CHECKING:`) still ties two modules together, and
a module that needs another which needs it back belongs in one place or needs a third.
The graph comes from grimp (the library import-linter is built on), which reads every
import statement, the ones under `TYPE_CHECKING` included."""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest


def circles(package: str) -> list[list[str]]:
    """Every set of modules that import each other round (a strongly connected
    component of the import graph), each sorted, the sets sorted."""
    graph = grimp.build_graph(package, include_external_packages=False, cache_dir=None)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}
    # Tarjan's algorithm, iteratively: the graph is small but recursion is not needed.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges[node]:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found)


def test_no_import_circle_in_swrules() -> None:
    found = circles("swrules")
    assert found == [], "modules that import each other round (TYPE_CHECKING imports count): " + "; ".join(
        " ↔ ".join(c) for c in found)


def test_a_circle_through_a_type_checking_import_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "planted"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from planted.b import B\n\nclass A(B): ...\n")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from planted.a import A\n\n"
                              "class B: ...\n")
    (pkg / "c.py").write_text("import planted.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "planted", raising=False)
    assert circles("planted") == [["planted.a", "planted.b"]]
