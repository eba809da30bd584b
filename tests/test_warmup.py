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


def test_the_server_config_turns_off_per_run_work_a_server_does_not_need():
    """.streamlit/config.toml: no file watcher (it walked every module after each script run) and no forced
    gc.collect(2) after each run (docs/performance.md, session 6); Streamlit reads these options as set."""
    import tomllib

    from streamlit import config

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["server"]["fileWatcherType"] == "none"
    assert settings["runner"]["postScriptGC"] is False
    assert "runner.postScriptGC" in config._config_options_template  # an option this Streamlit knows
    assert "server.fileWatcherType" in config._config_options_template
