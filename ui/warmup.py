"""What the server loads before its first session: every module the pages import.

Streamlit runs a page's imports in the first session that opens it; at 20 sessions opening at once they
waited on Python's import lock for pandas, plotly, pyarrow and the documents code (docs/performance.md,
session 6). `serve.py` calls `warm()` once, before the server answers."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# imported by Streamlit itself on a page's first chart or table, not by our pages
LIBRARIES = ("pandas", "pyarrow", "plotly.graph_objects", "plotly.io", "plotly.tools", "duckdb")


def page_modules(root: Path = ROOT) -> list[str]:
    """The modules dashboard.py and pages/*.py import (top-level `import` and `from … import` statements)."""
    names: set[str] = set()
    for path in [root / "dashboard.py", *sorted((root / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return sorted(names)


def warm() -> list[str]:
    """Import LIBRARIES and every page module; returns the names imported."""
    from ui.chart_element import warm as warm_charts

    names = [*LIBRARIES, *page_modules()]
    for name in names:
        importlib.import_module(name)
    warm_charts()
    return names
