"""Scale and speed benchmark: ingest, page queries at 10k/100k/1M events, pandas comparison,
AppTest page runs, dashboard memory, cold start. Prints one table per section.

    .venv/bin/python bench/run.py            # full run (make bench), under 10 minutes on 2 cores
    .venv/bin/python bench/run.py --quick    # smaller: 40 files, 10k/100k events, no browser sections
    .venv/bin/python bench/run.py --only ingest,queries

Generated inputs (synthetic report files, filled databases) are kept in --work (default
/tmp/coop-bench) and reused by later runs: they are deterministic (seeded).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analytics import queries as Q  # noqa: E402
from analytics import search  # noqa: E402
from analytics.filters import Filters  # noqa: E402
from analytics.stored_answers import STORED  # noqa: E402
from bench.targets import Scorecard  # noqa: E402
from loaders.build import is_current  # noqa: E402
from loaders.db.readonly import connect_readonly, cursor  # noqa: E402
from ui.data import apply_limits  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE_URLS = ["overview", "regions", "departments", "agreements", "events", "sources"]


# --------------------------------------------------------------------------------------------- pages
def _first_region(conn) -> str:
    rows = conn.execute("SELECT region_code FROM event_partners GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()
    return rows[0][0] if rows else "SPE"


_RECORDED: dict[Path, dict[str, list]] = {}


def page_calls(db: Path, export: bool = False) -> dict[str, list]:
    """The query calls each page makes on its first render without filters, recorded while AppTest runs the
    page (ui.data.recording: dashboard.py, sidebar and all), never a hand-kept list. `export`: add
    events_for_export to the pages with an export button (its query runs on a click, which AppTest does not make)."""
    if db not in _RECORDED:  # one AppTest run per database, however many sections replay it
        _RECORDED[db] = record_page_calls(db, {"no filter": {}})["no filter"]
    pages = {name: list(calls) for name, calls in _RECORDED[db].items()}
    if export:
        for name in ("overview", "events"):
            pages[name].append(["analytics.queries:events_for_export", {}, []])
    return pages


def bench_queries(db: Path, runs: int, export: bool = False, live: bool = False) -> dict[str, tuple[float, float]]:
    """Per page: (cold, warm) median seconds. Cold = a fresh read-only connection (DuckDB's buffers empty;
    the OS page cache stays warm); warm = the same calls again on that connection. `live`: bypass the
    stored no-filter answers (analytics.summaries), every query scans the events."""
    recorded = page_calls(db, export)
    out: dict[str, tuple[list[float], list[float]]] = {}
    for _ in range(runs):
        for name in PAGE_URLS:
            base = apply_limits(connect_readonly(db))  # the dashboard's settings (ui.data)
            conn = cursor(base)
            calls = recorded[name]
            cold = _replay(conn, calls, live)
            warm = _replay(conn, calls, live)
            conn.close()
            base.close()
            c, w = out.setdefault(name, ([], []))
            c.append(cold)
            w.append(warm)
    return {k: (statistics.median(c), statistics.median(w)) for k, (c, w) in out.items()}


SEARCH = "конференц"  # the text search: a word still being typed


def scenarios(db: Path) -> dict[str, dict[str, str]]:
    """The filters leaders use, as URL parameters, with values present at every size of bench/fill_db.py:
    the busiest partner region, its busiest quarter, the busiest department, a text search."""
    with connect_readonly(db) as conn:
        region = _first_region(conn)
        quarter = conn.execute("SELECT quarter FROM events WHERE contains(partner_list, ?) AND quarter IS NOT NULL "
                               "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", [f"|{region}|"]).fetchall()[0][0]
        dept = conn.execute("SELECT department FROM events GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
    return {"no filter": {}, "one region": {"region": region}, "region + quarter": {"region": region, "qf": quarter,
            "qt": quarter}, "one department": {"dept": dept}, "text search": {"q": SEARCH},
            "search + region": {"q": SEARCH, "region": region}}


RECORD = """
import json, sys
sys.path.insert(0, {root!r})
from dataclasses import asdict
from streamlit.testing.v1 import AppTest
from streamlit.runtime.pages_manager import PagesManager
import ui.data
orig = PagesManager.__init__
def init(self, *a, **k):
    orig(self, *a, **k); PagesManager.uses_pages_directory = False
PagesManager.__init__ = init
out = {{}}
def rec(fn, f, args):
    return [fn.__module__ + ":" + fn.__qualname__, asdict(f) if f is not None else None, list(args)]
with ui.data.recording() as calls, ui.data.recording_prefetch() as ahead:
    for label, params in json.loads({scenarios!r}).items():
        out[label] = {{}}
        for page in {pages!r}:
            at = AppTest.from_file({app!r}, default_timeout=300)
            for k, v in params.items():
                at.query_params[k] = v
            at.run()
            at.switch_page("pages/" + page + ".py")
            del calls[:]
            del ahead[:]
            at.run()
            started = [json.dumps(rec(*c), sort_keys=True, default=str) for c in ahead]
            out[label][page] = [rec(fn, f, args) + [json.dumps(rec(fn, f, args), sort_keys=True, default=str) in started]
                                for fn, f, args in calls]
            if at.exception:
                out[label][page].append(["error", str(at.exception[0].message)[:200], []])
print("CALLS" + json.dumps(out, ensure_ascii=False, default=str))
"""


def record_page_calls(db: Path, scenario_params: dict[str, dict[str, str]]) -> dict[str, dict[str, list]]:
    """Each page's analytics.queries calls, recorded while AppTest runs the page (dashboard.py, sidebar and
    all) on `db` with each scenario's URL: {scenario: {page: [(name, filters as a dict or None, args)]}}."""

    code = RECORD.format(root=str(ROOT), scenarios=json.dumps(scenario_params, ensure_ascii=False),
                         pages=PAGE_URLS, app=str(ROOT / "dashboard.py"))
    res = subprocess.run([PY, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "COOP_DB": str(db), "COOP_SEARCH_TIME_LIMIT_S": "0"}, timeout=900)
    lines = [line for line in res.stdout.splitlines() if line.startswith("CALLS")]
    if not lines:
        raise RuntimeError(res.stderr[-2000:])
    recorded = json.loads(lines[-1][5:])
    # a page asks for the same answer more than once (sidebar, selection bar, page): the app's cache answers the
    # repeats, so each distinct call is replayed once
    return {label: {page: list({json.dumps(c, sort_keys=True, ensure_ascii=False): c for c in calls}.values())
                    for page, calls in pages.items()} for label, pages in recorded.items()}


def _call_of(name: str):
    """A recorded query name: 'headline' (analytics.queries) or 'module:function' (analytics.compare:compare)."""
    if ":" in name:
        module, _, attr = name.rpartition(":")
        return getattr(importlib.import_module(module), attr)
    return getattr(Q, name)


def _replay(conn, calls: list, live: bool = False) -> float:
    """Run a page's recorded calls as the dashboard does (ui.data): each distinct call once (a repeat within
    a page is a Streamlit cache hit), a search's matched rows computed once for the page and shared by its
    queries (analytics.search.shared; on a fresh connection, so cold includes that computation), and the
    calls the page starts ahead (ui.prefetch, marked in the recording) on a pool of as many threads as the
    dashboard's, each on a cursor of its own, while the others run in order. `live`: bypass the stored
    no-filter answers."""
    from concurrent.futures import ThreadPoolExecutor

    from ui.prefetch import WORKERS

    memo: dict[str, search.MatchedRows | None] = {}
    memo_lock = threading.Lock()

    def lookup_on(c):
        def lookup(text: str) -> search.MatchedRows | None:
            with memo_lock:  # computed once, the other queries wait for it (as ui.data._Matches)
                if text not in memo:
                    memo[text] = search.matched_rows(c, text)
                return memo[text]
        return lookup

    def run(c, name: str, f, args: list) -> None:
        fn = _call_of(name)
        fn = getattr(fn, "__wrapped__", fn) if live else fn
        if f is None:
            fn(c, *args)
        else:
            fn(c, Filters(**{k: tuple(v) if isinstance(v, list) else v for k, v in f.items()}), *args)

    def ahead(name: str, f, args: list) -> None:
        c = cursor(conn)
        try:
            with search.shared(c, lookup_on(c)):
                run(c, name, f, args)
        finally:
            c.close()

    seen: set[str] = set()
    distinct = []
    for name, f, args, *marks in calls:
        key = json.dumps([name, f, args], sort_keys=True, ensure_ascii=False, default=str)
        if name != "error" and key not in seen:
            seen.add(key)
            distinct.append((key, name, f, args, bool(marks and marks[0])))
    t = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool, search.shared(conn, lookup_on(conn)):
        started = {key: pool.submit(ahead, name, f, args) for key, name, f, args, is_ahead in distinct if is_ahead}
        for key, name, f, args, _ in distinct:
            future = started.pop(key, None)
            if future is not None and not future.cancel():
                future.result()  # under way: wait for it, as ui.prefetch.claim does
            else:
                run(conn, name, f, args)
    return time.perf_counter() - t


def bench_filtered(db: Path, recorded: dict[str, dict[str, list]], runs: int) -> dict[tuple[str, str], tuple[float, float]]:
    """(scenario, page) → (cold, warm) median seconds of the page's recorded calls on `db`."""
    out: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for _ in range(runs):
        for label, pages in recorded.items():
            for page, calls in pages.items():
                base = apply_limits(connect_readonly(db))  # the dashboard's settings (ui.data)
                conn = cursor(base)
                cold = _replay(conn, calls)
                warm = _replay(conn, calls)
                conn.close()
                base.close()
                c, w = out.setdefault((label, page), ([], []))
                c.append(cold)
                w.append(warm)
    return {k: (statistics.median(c), statistics.median(w)) for k, (c, w) in out.items()}


def print_recorded(recorded: dict[str, dict[str, list]]) -> None:
    print("\n## Each page's queries, recorded from the pages (AppTest run, `ui.data` calls; * started ahead, ui.prefetch)")
    print("| page | scenario | queries |\n|---|---|---|")
    for label in [x for x in ("no filter", "search + region") if x in recorded]:
        for page, calls in recorded[label].items():
            names = [name.rpartition(':')[2] + ("*" if marks and marks[0] else "") for name, _, _, *marks in calls]
            print(f"| {page} | {label} | {', '.join(names)} |")


def bench_export(db: Path) -> dict[str, float]:
    """What the Обзор/Мероприятия export costs when built on every page view: the query, CSV, XLSX."""
    from analytics.export import to_csv_bytes, to_xlsx_bytes

    base = connect_readonly(db)
    conn = cursor(base)
    t = time.perf_counter()
    df = Q.events_for_export(conn, Filters())
    out = {"rows": len(df), "query_s": time.perf_counter() - t}
    t = time.perf_counter()
    to_csv_bytes(df)
    out["csv_s"] = time.perf_counter() - t
    sample = df.head(20_000)
    t = time.perf_counter()
    to_xlsx_bytes(sample, [])
    out["xlsx_s_est"] = (time.perf_counter() - t) * len(df) / max(len(sample), 1)
    conn.close()
    base.close()
    return out


# ------------------------------------------------------------------------------------- naive pandas
def naive_overview(db: Path) -> float:
    """The Обзор aggregates the naive way: load events and partners into pandas, group there."""
    import pandas as pd

    t = time.perf_counter()
    base = connect_readonly(db)
    conn = cursor(base)
    ev = conn.execute("SELECT * FROM events").df()
    pa = conn.execute("SELECT * FROM event_partners").df()
    rg = conn.execute("SELECT * FROM regions").df()
    rp = conn.execute("SELECT report_id, title, file_name FROM reports").df()
    mask = pd.Series(True, index=ev.index)  # default filters: everything
    fe = ev[mask]
    _ = {
        "events": len(fe), "unique": fe["event_key"].nunique(),
        "partner_regions": pa.loc[pa["event_id"].isin(fe["event_id"]), "region_code"].nunique(),
        "departments": fe["department"].nunique(), "participants": fe["participants_total"].sum(),
        "reports": fe["report_id"].nunique(),
    }
    j = fe[["event_id", "participants_total"]].merge(pa, on="event_id").merge(rg, on="region_code", how="left")
    j.groupby(["region_code", "name_ru"]).agg(events=("event_id", "nunique"), participants=("participants_total", "sum"))
    fe.groupby(fe["department"].fillna("—")).agg(events=("event_id", "size"), participants=("participants_total", "sum"))
    fe.groupby(fe["quarter"].fillna("весь период")).agg(events=("event_id", "size"))
    fe.groupby(fe["format"].fillna("unknown")).size()
    page = fe.sort_values(["date_start", "report_id", "row_no"], na_position="last").head(100)
    page = page.merge(rp, on="report_id")
    names = pa[pa["event_id"].isin(page["event_id"])].groupby("event_id")["region_name"].agg(", ".join)
    page["partners"] = page["event_id"].map(names)
    conn.close()
    base.close()
    return time.perf_counter() - t


# --------------------------------------------------------------------------------------------- ingest
RAW_READ = """
import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from loaders.read import read_document
for p in sorted(Path({folder!r}).iterdir()):
    if p.suffix in (".xlsx", ".docx"):
        read_document(p)
"""


def _timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(proc.stdout[-2000:] + proc.stderr[-2000:])
    return time.perf_counter() - t


def _corpus(work: Path, kind: str, n_files: int, seed: int) -> tuple[Path, float]:
    """The folder of a generated corpus (made once, kept) and how long generating it took."""
    folder = work / f"{kind}-{n_files}-{seed}"
    marker = folder / ".done"
    if not marker.exists():
        t = time.perf_counter()
        if kind == "synth":
            from bench.synth import synth
            synth(n_files, folder, seed=seed)
        else:
            from bench.copied_reports import copied
            copied(n_files, folder, seed=seed)
        marker.write_text(f"{time.perf_counter() - t:.1f}")
    return folder, float(marker.read_text())


def bench_ingest(work: Path, n_files: int, seed: int, kind: str = "synth") -> dict[str, float]:
    """Raw read of the files against `python -m loaders build` on them, both as whole processes
    (interpreter start and imports included in both), one after the other in one run."""
    folder, synth_s = _corpus(work, kind, n_files, seed)
    files = sorted(p for p in folder.iterdir() if p.suffix in (".xlsx", ".docx"))
    load_before = os.getloadavg()[0]  # the machine is shared: a ratio is read beside the load it ran under
    raw = _timed([PY, "-c", RAW_READ.format(root=str(ROOT), folder=str(folder))])
    db = work / f"ingest-{kind}.duckdb"
    db.unlink(missing_ok=True)
    cmd = [PY, "-m", "loaders", "build", str(folder), "--db", str(db)]
    total = _timed(cmd)
    again = _timed(cmd)  # again: every file replaces itself (the replacement path)
    conn = connect_readonly(db)
    events = conn.execute("SELECT count(*) FROM events").fetchall()[0][0]
    unique = conn.execute("SELECT count(DISTINCT event_key) FROM events").fetchall()[0][0]
    conn.close()
    return {"files": len(files), "events": events, "unique": unique, "raw_s": raw, "build_s": total,
            "again_s": again, "synth_s": synth_s, "load_before": load_before, "load_after": os.getloadavg()[0]}


def bench_add_one(db: Path) -> float:
    """`python -m loaders build` of one more report into a copy of the 1M-event database."""
    copy = db.with_name("add-one.duckdb")
    shutil.copy2(db, copy)
    try:
        t = time.perf_counter()
        subprocess.run([PY, "-m", "loaders", "build", str(ROOT / "data" / "reports" / "smolensk-spb-roadmap-2021.docx"),
                        "--db", str(copy)], cwd=ROOT, capture_output=True, check=True)
        return time.perf_counter() - t
    finally:
        copy.unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------- app
def bench_apptest(db: Path, timeout: float = 150) -> dict[str, object]:
    """Each page's AppTest run at `db`, one fresh process per page (nothing cached); a page still running
    after `timeout` seconds is reported as such."""
    import json

    out: dict[str, object] = {}
    for name in PAGE_URLS:
        code = f"""
import sys, time, json
sys.path.insert(0, {str(ROOT)!r})
from streamlit.testing.v1 import AppTest
from streamlit.runtime.pages_manager import PagesManager
orig = PagesManager.__init__
def init(self, *a, **k):
    orig(self, *a, **k); PagesManager.uses_pages_directory = False
PagesManager.__init__ = init
at = AppTest.from_file({str(ROOT / 'dashboard.py')!r}, default_timeout={timeout})
at.run()
at.switch_page("pages/{name}.py")
t = time.perf_counter()
at.run()
print(json.dumps({{"s": time.perf_counter() - t, "error": str(at.exception[0].message)[:120] if at.exception else ""}}))
"""
        env = {**os.environ, "COOP_DB": str(db)}
        try:
            res = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                                 timeout=timeout + 30)
            lines = [line for line in res.stdout.splitlines() if line.startswith("{")]
            r = json.loads(lines[-1]) if lines else {"s": None, "error": (res.stderr or "")[-200:]}
            out[name] = r["s"] if not r["error"] else f"{r['s']} ({r['error']})"
        except subprocess.TimeoutExpired:
            out[name] = f"> {timeout:.0f} s (not finished)"
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_health(url: str, proc: subprocess.Popen, timeout: float) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if proc.poll() is not None:
            return None
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.05)
    return None


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _streamlit_pid(proc: subprocess.Popen) -> int:
    """The python process serving streamlit (make → streamlit: the deepest child)."""
    pid = proc.pid
    for _ in range(5):
        try:
            kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            break
        if not kids:
            break
        pid = int(kids[0])
    return pid


def _vm(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) // 1024
    return -1


def _browser():
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    return pw, browser


def _wait_rendered(page, timeout_ms: int) -> None:
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stSidebar"]')
                 && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')""", timeout=timeout_ms)


def _serve(db: Path, **extra_env: str) -> tuple[str, subprocess.Popen]:
    """`streamlit run serve.py` (what `make run` serves) on `db` at a free local port: (its address, the process).
    Its health check answers once the server has opened its pages (ui.first_visit)."""
    port = _free_port()
    # MALLOC_ARENA_MAX as `make run` sets it (docs/performance.md, "Memory")
    env = {"MALLOC_ARENA_MAX": "2", **os.environ, "COOP_DB": str(db), "PYTHONUNBUFFERED": "1", **extra_env}
    proc = subprocess.Popen([PY, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    return f"http://127.0.0.1:{port}", proc


def bench_memory(db: Path, query: str = "") -> dict[str, object]:
    """Peak RSS of a `streamlit run dashboard.py` at `db` after a browser has opened every page once
    (with `query`, e.g. 'region=SPE&q=конференц', in the URL). The search time limit is off: on a loaded
    machine a stopped search would leave the page's charts out of the figure. A page counts as rendered when its
    title is drawn and nothing runs (before the script's first run the sidebar shows Streamlit's own list)."""
    url, proc = _serve(db, COOP_SEARCH_TIME_LIMIT_S="0")
    out: dict[str, object] = {}
    pw = browser = None
    try:
        if _wait_health(url, proc, 60) is None:
            return {"error": "streamlit did not start"}
        out["idle_mb"] = _vm(proc.pid, "VmRSS")
        pw, browser = _browser()
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for name in PAGE_URLS:
            t = time.perf_counter()
            page.goto(f"{url}/{'' if name == PAGE_URLS[0] else name}" + (f"?{query}" if query else ""))
            time.sleep(0.5)
            try:
                _wait_rendered(page, 150_000)
                page.wait_for_function("""() => document.querySelector('[data-testid="stMain"] h1')
                    && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')""", timeout=150_000)
                out[f"{name}_s"] = time.perf_counter() - t
            except Exception:  # noqa: BLE001 - a page still running after the limit is a result too
                out[f"{name}_s"] = "> 150 s (not finished)"
            out[f"{name}_hwm_mb"] = _vm(proc.pid, "VmHWM")
        out["rss_mb"] = _vm(proc.pid, "VmRSS")
        out["hwm_mb"] = _vm(proc.pid, "VmHWM")
    finally:
        if browser:
            browser.close()
            pw.stop()
        _stop(proc)
    return out


# Timed inside the page, frame by frame: from the Enter that picks the region to the first frame showing the
# region's number, and to the first frame after it in which nothing runs, is stale or is a skeleton. (Timed
# from the test, Playwright's polling of a locator — 100 ms, then 500 ms steps — added up to a second, and
# its queries slowed the page it timed: the samples' change read 1.2–1.4 s against 0.3 s timed here.)
_FILTER_CLOCK = """(want) => {
  const clock = window.__coopClock = {start: null, number: null, done: null};
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && clock.start === null) clock.start = performance.now();
  }, {capture: true});
  const busy = () => document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
    || document.querySelector('[data-stale="true"]') || document.querySelector('[data-testid="stSkeleton"]');
  const shown = () => {
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
      const label = m.querySelector('[data-testid="stMetricLabel"]');
      if (label && label.textContent.trim() === "Мероприятий") {
        const value = m.querySelector('[data-testid="stMetricValue"]');
        return value !== null && value.textContent.includes(want);
      }
    }
    return false;
  };
  const tick = () => {
    const now = performance.now();
    if (clock.start !== null) {
      if (clock.number === null && shown()) clock.number = now;
      if (clock.number !== null && !busy()) { clock.done = now; return; }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def bench_filter_change(db: Path, trials: int = 5) -> dict[str, object]:
    """In Chromium, on the overview: choose a partner region and time until the headline shows that region's
    number and every chart has re-rendered (the run is over, nothing greyed out)."""
    from ui.labels import fmt_int

    base = connect_readonly(db)
    regions = base.execute(
        """SELECT p.region_code, r.name_ru FROM event_partners p JOIN regions r USING (region_code)
           GROUP BY ALL ORDER BY count(*) DESC LIMIT ?""", [trials]).fetchall()
    expected = {name: fmt_int(Q.headline(cursor(base), Filters(regions=(code,)))["events"]) for code, name in regions}
    base.close()
    url, proc = _serve(db)
    pw = browser = None
    numbers, charts = [], []
    try:
        if _wait_health(url, proc, 180) is None:
            return {"error": "streamlit did not start"}
        pw, browser = _browser()
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for _, name in regions:
            page.goto(url)
            _wait_rendered(page, 120_000)
            box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Регионы-партнёры", exact=True)
            box.click()
            box.press_sequentially(name)
            page.get_by_role("option", name=name, exact=True).wait_for(timeout=30_000)
            page.evaluate(_FILTER_CLOCK, expected[name])
            box.press("Enter")
            page.wait_for_function("() => window.__coopClock.done !== null", timeout=60_000, polling=500)
            clock = page.evaluate("() => window.__coopClock")
            numbers.append((clock["number"] - clock["start"]) / 1000)
            charts.append((clock["done"] - clock["start"]) / 1000)
    finally:
        if browser:
            browser.close()
            pw.stop()
        _stop(proc)
    return {"regions": [n for _, n in regions], "number_s": numbers, "charts_s": charts}


def bench_cold_start(work: Path) -> dict[str, float]:
    """`make run` with a fresh database built from data/reports → /_stcore/health 200 → first metric in the browser."""
    db = work / "coldstart.duckdb"
    for p in (db, db.with_name(db.name + ".lock")):
        p.unlink(missing_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "COOP_DB": str(db), "PYTHONUNBUFFERED": "1", "STREAMLIT_SERVER_HEADLESS": "true",
           "STREAMLIT_SERVER_ADDRESS": "127.0.0.1", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
           "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(["make", "--no-print-directory", "run", f"DB={db}", f"PORT={port}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    out: dict[str, float] = {}
    pw = browser = None
    try:
        t_health = _wait_health(url, proc, 300)
        if t_health is None:
            return {"error": "make run did not serve"}
        out["health_s"] = t_health - t0
        pw, browser = _browser()
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.get_by_test_id("stMetricValue").first.wait_for(timeout=120_000)
        out["first_metric_s"] = time.perf_counter() - t0
    finally:
        if browser:
            browser.close()
            pw.stop()
        _stop(proc)
        for p in (db, db.with_name(db.name + ".lock")):
            p.unlink(missing_ok=True)
    return out


# --------------------------------------------------------------------------------------------- main
# issue 15 sets the export limits at 100k rows and the browser's at 100k and 1M events
EXPORT_ROWS = 100_000
BROWSER_FROM_EVENTS = 100_000


def _db(work: Path, n: int) -> Path:
    from bench.fill_db import fill

    db = work / f"events-{n}.duckdb"
    if db.exists() and not is_current(db, STORED):
        db.unlink()  # filled by an older bench/fill_db.py (schema, stored "no filter" answers)
    if not db.exists():
        t = time.perf_counter()
        fill(db, n)
        print(f"  filled {db.name} in {time.perf_counter() - t:.1f} s", flush=True)
    return db


def bench_load(db: Path, work: Path, seconds: int) -> None:
    """bench/load.py: 20 concurrent sessions on one process, then on 3 replicas behind nginx, each with every
    session opening at once and then with the sessions opening over the first 10 s, each run with two
    rebuilds of (a copy of) the database; prints load.py's tables."""
    for cluster, ramp in ((0, 0), (0, 10), (3, 0), (3, 10)):
        copy = work / f"load-{db.stem}.duckdb"
        shutil.copyfile(db, copy)
        where = "3 replicas behind nginx" if cluster else "one process"
        opening = f"opening over {ramp} s" if ramp else "all opening at once"
        print(f"\n## Load: 20 sessions for {seconds} s, {where}, {opening}, {db.stem}, two rebuilds during the run",
              flush=True)
        if cluster and not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
            print("nginx is not installed: skipped")
            continue
        out = subprocess.run([PY, str(ROOT / "bench" / "load.py"), "--serve", str(copy), "--cluster", str(cluster),
                              "--sessions", "20", "--seconds", str(seconds), "--rebuilds", "2", "--ramp", str(ramp)],
                             cwd=ROOT, capture_output=True, text=True)
        print("```\n" + (out.stdout + out.stderr[-2000:]).strip() + "\n```", flush=True)
        copy.unlink(missing_ok=True)


def _ms(x: float) -> str:
    return f"{x * 1000:8.0f}"


def _print_table(key: str, value: str, rows: dict[str, object], fmt: str) -> None:
    """A two-column markdown table; numbers in `fmt`, anything else (an error, a note) as it is."""
    print(f"| {key} | {value} |\n|---|---:|")
    for k, v in rows.items():
        print(f"| {k} | {v:{fmt}} |" if isinstance(v, float) else f"| {k} | {v} |")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Scale and speed benchmark")
    ap.add_argument("--quick", action="store_true", help="40 files, 10k/100k events, no browser sections")
    ap.add_argument("--work", default="/tmp/coop-bench", help="where generated inputs are kept")
    ap.add_argument("--only", default="",
                    help="comma list: ingest,queries,filtered,naive,export,apptest,memory,filter,coldstart,load")
    ap.add_argument("--files", type=int, default=None)
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--sizes", default="", help="comma list of event counts (default 10000,100000,1000000)")
    ap.add_argument("--scenarios", default="", help="filtered: comma list of scenario labels (default all)")
    args = ap.parse_args(argv)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sections = set(args.only.split(",")) if args.only else {"ingest", "queries", "filtered", "naive", "export",
                                                             "apptest", "memory", "filter", "coldstart", "load"}
    if args.quick and not args.only:
        sections -= {"apptest", "memory", "filter", "coldstart"}
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    if args.sizes:
        sizes = sorted(int(n) for n in args.sizes.split(","))
    big = sizes[-1]
    runs = args.runs or 3
    started = time.perf_counter()
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "?")
    mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
    print(f"machine: {os.cpu_count()} cores, {int(mem) // 1024} MB RAM, {cpu}")
    card = Scorecard()  # issue 15's limits, printed together at the end

    if "ingest" in sections:
        n_files = args.files or (40 if args.quick else 200)
        corpora = [("synth", n_files, "synthetic files"), ("copied", 10 if args.quick else 40,
                                                            "copied quarterly reports (bench/copied_reports.py)")]
        for kind, n, label in corpora:
            r = bench_ingest(work, n, seed=1, kind=kind)
            print(f"\n## Ingest ({r['files']} {label}, {r['events']} events, {r['unique']} unique; "
                  f"generating them took {r['synth_s']:.0f} s)")
            print("| step (each a whole process) | seconds | events/s |\n|---|---:|---:|")
            print(f"| raw read (calamine / lxml table walk) | {r['raw_s']:.1f} | {r['events'] / r['raw_s']:,.0f} |")
            print(f"| `python -m loaders build` (read + parse + write + links + search index) | {r['build_s']:.1f} | "
                  f"{r['events'] / r['build_s']:,.0f} |")
            print(f"| the same build again (every file replaces itself) | {r['again_s']:.1f} | "
                  f"{r['events'] / r['again_s']:,.0f} |")
            card.add(f"`python -m loaders build` / the raw read, {label}", r["build_s"] / r["raw_s"], 1.5, "×")
            print(f"ratio build / raw read ({kind}): **{r['build_s'] / r['raw_s']:.2f}×** (target ≤ 1.5×; load average "
                  f"{r['load_before']:.1f} before, {r['load_after']:.1f} after)", flush=True)

    dbs = {n: _db(work, n) for n in sizes} if sections & {"ingest", "queries", "filtered", "naive", "export",
                                                          "apptest", "memory", "filter", "load"} else {}

    if "queries" in sections:
        res = {n: bench_queries(dbs[n], runs) for n in sizes}
        print(f"\n## Page queries, server side (ms, median of {runs}; cold = fresh connection, warm = same connection)")
        head = " | ".join(f"{n // 1000}k cold | {n // 1000}k warm" for n in sizes)
        print(f"| page | {head} |\n|---|" + "---:|" * (2 * len(sizes)))
        for name in PAGE_URLS:
            cells = " | ".join(f"{_ms(res[n][name][0]).strip()} | {_ms(res[n][name][1]).strip()}" for n in sizes)
            print(f"| {name} | {cells} |")
        worst = max(res[big].values())[0]
        print(f"slowest page cold at {big:,}: {worst * 1000:.0f} ms (target ≤ 300 ms)", flush=True)

    if "filtered" in sections:
        wanted = scenarios(dbs[sizes[0]])
        if args.scenarios:
            wanted = {k: v for k, v in wanted.items() if k in args.scenarios.split(",")}
        recorded = record_page_calls(dbs[sizes[0]], wanted)
        print_recorded(recorded)
        res = {}
        labels = list(recorded)
        for n in sizes:
            res[n] = bench_filtered(dbs[n], recorded, runs)
            print(f"\n## Pages with the filters leaders use, {n:,} events (ms, median of {runs}, cold / warm; "
                  f"search «{SEARCH}»)")
            print("| page | " + " | ".join(labels) + " |\n|---|" + "---:|" * len(labels))
            for page in PAGE_URLS:
                cells = " | ".join(f"{res[n][(lb, page)][0] * 1000:.0f} / {res[n][(lb, page)][1] * 1000:.0f}"
                                   for lb in labels)
                print(f"| {page} | {cells} |", flush=True)
        worst = max(res[big].items(), key=lambda kv: kv[1][0])
        card.add(f"slowest page cold at {big:,} events ({worst[0][1]}, {worst[0][0]})", worst[1][0] * 1000, 300, "ms")
        print(f"slowest cell cold at {big:,}: {worst[0][1]} with {worst[0][0]}, {worst[1][0] * 1000:.0f} ms "
              f"(target ≤ 300 ms)")
        if len(sizes) > 1:
            mid = sizes[-2]
            growth = max(res[big][k][0] / max(res[mid][k][0], 1e-9) for k in res[big])
            card.add(f"largest cold growth of a page, {mid:,} → {big:,} events (linear)", growth, big / mid, "×")
            print(f"largest cold growth {mid:,} → {big:,} events: {growth:.1f}× (linear would be {big / mid:.0f}×)",
                  flush=True)

    if "ingest" in sections and big in dbs:
        print(f"\nadding one report (50 events) to the {big:,}-event database: {bench_add_one(dbs[big]):.1f} s",
              flush=True)

    if "naive" in sections:
        db = dbs[big]
        duck = bench_queries(db, 3)["overview"][0]
        live = bench_queries(db, 3, live=True)["overview"][0]
        naive = statistics.median(naive_overview(db) for _ in range(3))
        print(f"\n## Naive pandas vs DuckDB, Обзор aggregates at {big:,} events")
        print(f"| way | ms |\n|---|---:|\n| DuckDB, stored no-filter answers (cold connection) | {duck * 1000:.0f} |\n"
              f"| DuckDB, live queries: every aggregate scans the events (cold connection) | {live * 1000:.0f} |\n"
              f"| pandas (load events + partners, group in pandas) | {naive * 1000:.0f} |\n"
              f"| ratio pandas / DuckDB live | {naive / live:.1f}× |\n"
              f"| ratio pandas / DuckDB as the dashboard runs it | {naive / duck:.1f}× |", flush=True)

    if "export" in sections:
        from bench.export_bench import TARGETS as EXPORT_LIMITS
        from bench.export_bench import report as export_report

        # 100k rows whatever --sizes says: CSV, XLSX, via the child process, stalls
        exported = export_report(dbs.get(EXPORT_ROWS) or _db(work, EXPORT_ROWS), before=False)
        for kind, limit in EXPORT_LIMITS.items():
            card.add(f"{kind.upper()} export of {exported[kind]['rows']:,} rows", exported[kind]["wall"], limit, "s")

    if "apptest" in sections:
        a = bench_apptest(dbs[big])
        print(f"\n## Whole page, AppTest run at {big:,} events (s, Streamlit caches cleared)")
        _print_table("page", "s", a, ".2f")

    if "memory" in sections:
        from urllib.parse import urlencode

        params = scenarios(dbs[big])["search + region"]
        m = bench_memory(dbs[big], urlencode(params))
        print(f"\n## Dashboard process memory at {big:,} events (streamlit run, every page opened once in Chromium "
              f"with {params})")
        _print_table("measure", "value", m, ".1f")
        print("target: VmHWM ≤ 350 MB", flush=True)
        if "hwm_mb" in m:
            card.add(f"dashboard's peak memory (VmHWM) at {big:,} events, every page with a search and a region",
                     float(m["hwm_mb"]), 350, "MB")

    if "filter" in sections:
        sample_db = work / "samples.duckdb"
        if not sample_db.exists():
            from loaders.build import build
            build([ROOT / "data" / "reports"], sample_db, stored=STORED)
        # the samples first and last: the ratio is against the same app's floor measured around the big runs
        runs = [("the 86 sample events (the framework's own floor)", sample_db)]
        runs += [(f"{n:,} events", dbs[n]) for n in sizes if n >= BROWSER_FROM_EVENTS] or [(f"{big:,} events", dbs[big])]
        medians: dict[str, float] = {}
        for label, db in runs:
            r = bench_filter_change(db)
            print(f"\n## Changing a filter in Chromium, {label} (Обзор: choose a partner region in the sidebar)")
            if "error" in r:
                print(r["error"])
                continue
            print("| region | headline shows its number, s | all charts redrawn, s |\n|---|---:|---:|")
            for name, a, b in zip(r["regions"], r["number_s"], r["charts_s"]):
                print(f"| {name} | {a:.2f} | {b:.2f} |")
            medians[label] = statistics.median(r["charts_s"])
            card.add(f"a filter change in Chromium, {label}: the headline number", statistics.median(r["number_s"]),
                     0.5, "s")
            print(f"median {statistics.median(r['number_s']):.2f} s until the number (target ≤ 0.5 s), "
                  f"{medians[label]:.2f} s until every chart is redrawn", flush=True)
        floor = medians.get(runs[0][0])
        if floor:
            for label, value in medians.items():
                if label != runs[0][0]:
                    print(f"all charts redrawn, {label} / the samples: **{value / floor:.2f}×** (target ≤ 1.3×)")
                    card.add(f"a filter change in Chromium, every chart redrawn, {label} / the samples", value / floor,
                             1.3, "×")

    if "load" in sections:
        bench_load(dbs[big], work, seconds=30 if args.quick else 120)

    if "coldstart" in sections:
        c = bench_cold_start(work)
        print("\n## Cold start: `make run`, fresh database from data/reports")
        _print_table("until", "s", c, ".1f")
    if card.targets:
        print("\n" + card.table())
    print(f"\nbench total: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
