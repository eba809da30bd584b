"""serve.py imports what the pages import before the first session (ui.warmup)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT
from ui.warmup import page_modules


def test_page_modules_are_what_the_pages_import():
    names = page_modules()
    assert {"analytics.compare", "ui.charts", "ui.sources_view", "analytics.documents.consolidated"} <= set(names)
    assert all(not n.startswith(".") for n in names)


def test_warm_imports_them_in_a_fresh_interpreter():
    code = ("import sys; from ui.warmup import warm; names = warm(); "
            "missing = [n for n in names if n not in sys.modules]; print(len(names), missing)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    count, missing = out.stdout.split(" ", 1)
    assert int(count) > 40 and missing.strip() == "[]"
