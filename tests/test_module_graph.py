"""The modules of ``parsers/`` (its top level: the aligner and the rules it asks) import one
another one way: no two of them import each other, directly or round a loop, not even for
type hints.  ``parsers/sequence.py`` and ``parsers/alignment.py`` did (session 11 split the
aligner's record into ``parsers/hits.py``); a loop makes which module is read first decide
what exists when, and keeps two modules from being read, tested or changed on their own.
"""
from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

PARSERS = pathlib.Path(__file__).resolve().parents[1] / "parsers"
MODULES = sorted(p.stem for p in PARSERS.glob("*.py") if p.stem != "__init__")


def _imports(name: str) -> set[str]:
    """The top-level ``parsers`` modules that ``parsers/<name>.py`` imports (``from .x import``,
    ``from . import x``), wherever the import stands (inside ``if TYPE_CHECKING:`` too)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse((PARSERS / f"{name}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            targets = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
            out.update(t for t in targets if t in MODULES and t != name)
    return out


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import loop once, as the path from a module back to it (depth-first)."""
    loops: list[list[str]] = []
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in path:
                loop = path[path.index(nxt):]
                if not any(set(loop) == set(seen) for seen in loops):
                    loops.append(loop + [nxt])
            elif nxt not in done:
                walk(nxt, path + [nxt])
        done.add(node)

    for start in sorted(graph):
        if start not in done:
            walk(start, [start])
    return loops


def test_parsers_modules_import_no_loop():
    graph = {m: _imports(m) for m in MODULES}
    assert {"sequence", "tokens"} <= graph["alignment"]  # the imports are read
    assert _loops(graph) == []


@pytest.mark.parametrize("name", ["alignment", "aligned_rows", "appeals_padding", "bare_rows", "cell_placement",
                                  "column_centres", "hits", "identity_search", "label_segments", "row_doubts",
                                  "row_splitting", "sequence"])
def test_each_module_of_the_aligner_imports_alone(name):
    """Each imports in a fresh interpreter with nothing imported before it."""
    code = f"import importlib; importlib.import_module('parsers.{name}')"
    run = subprocess.run([sys.executable, "-c", code], cwd=PARSERS.parent, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr

