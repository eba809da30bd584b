"""Drive N concurrent dashboard sessions over Streamlit's own websocket protocol and print latency figures.

    bench/load.py --sessions 20 --seconds 120 http://127.0.0.1:8501 [--rebuild-cmd "CMD" --rebuilds 2]
                  [--server-pid PID] [--think 3,10]
    bench/load.py --serve DB [--cluster 3] --sessions 20 --seconds 120 --rebuilds 2

With ``--serve DB`` the script starts the dashboard itself on a free loopback port (``serve.py``, as
``make run`` does; with ``--cluster N``, N replicas behind nginx as ``make serve-cluster`` does), measures
its memory, and by default rebuilds the database by loading one sample report into it (a real
``python -m loaders build`` publishing a new file while the sessions read).

Each session is what a browser tab does, minus the drawing: it opens the app (the first script run), then until
the time is up it switches pages, picks a partner region in the sidebar and searches a word, each as one rerun
carrying the session's widget states, exactly like the frontend. An action's time is from sending the rerun to
the server's ``script_finished``. An error is a closed or failed connection, a timeout, or a page that shows an
exception or an error box. ``--rebuild-cmd`` runs (e.g. a loader build that publishes a new database file) at
evenly spaced moments during the run; ``--server-pid`` samples the server's memory before and after.
Between two clicks a session waits a random ``--think`` time (seconds, uniform between the two bounds): the
default 3–10 s is a person reading a chart; ``--think 0.2,1`` is a stress run. By default every session
opens in the same moment (the worst case: a cold burst); ``--ramp 10`` opens them at random moments of the
first 10 s, as people following a link do. A browser never sends
websocket pings (it only answers the server's), so neither does this client.

Requests go only to the URL given (loopback in every use in this project); the loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WORDS = ["конференц", "выставк", "форум", "семинар", "фестивал", "соревнован"]
ACTION_TIMEOUT_S = 60.0
ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable
SAMPLE_REPORT = ROOT / "data" / "reports" / "smolensk-agreements-2021-q2.xlsx"
ERROR_TEXTS = ("Не удалось прочитать базу данных", "The database could not be read", "Traceback")


@dataclass
class Run:
    """What one script run sent back."""

    ok: bool
    seconds: float
    widgets: dict[str, object] = field(default_factory=dict)  # widget id → element proto
    pages: list[tuple[str, str]] = field(default_factory=list)  # (page_script_hash, url_pathname)
    metrics: dict[str, str] = field(default_factory=dict)  # tile label → value shown
    headings: list[str] = field(default_factory=list)
    problem: str = ""


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    by_page: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    problems: list[str] = field(default_factory=list)
    finished: list[tuple[float, float]] = field(default_factory=list)  # (monotonic end, seconds) per action
    marks: list[tuple[float, str]] = field(default_factory=list)  # (monotonic, what): rebuild starts and ends

    def add(self, action: str, run: Run) -> None:
        if run.ok:
            self.times[action].append(run.seconds)
            self.finished.append((time.monotonic(), run.seconds))
        else:
            self.errors[action] += 1
            if len(self.problems) < 10:
                self.problems.append(f"{action}: {run.problem}")


class Session:
    def __init__(self, url: str, rng: random.Random) -> None:
        u = urlparse(url)
        scheme = "wss" if u.scheme == "https" else "ws"
        self.ws_url = f"{scheme}://{u.netloc}{u.path.rstrip('/')}/_stcore/stream"
        self.rng = rng
        self.route = f"{rng.getrandbits(64):016x}"  # the cookie a reverse proxy may route on (deploy/)
        self.ws = None
        self.states: dict[str, WidgetState] = {}
        self.widgets: dict[str, object] = {}
        self.pages: list[tuple[str, str]] = []
        self.page_hash = ""

    async def connect(self) -> None:
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None, ping_interval=None,
                                           additional_headers={"Cookie": f"coop_route={self.route}"},
                                           open_timeout=ACTION_TIMEOUT_S)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def rerun(self, query_string: str = "") -> Run:
        msg = BackMsg()
        msg.rerun_script.query_string = query_string
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(self.states.values())
        t0 = time.perf_counter()
        run = Run(ok=False, seconds=0.0)
        try:
            await self.ws.send(msg.SerializeToString())
            while True:
                raw = await asyncio.wait_for(self.ws.recv(), ACTION_TIMEOUT_S)
                fwd = ForwardMsg()
                fwd.ParseFromString(raw)
                kind = fwd.WhichOneof("type")
                if kind == "navigation":
                    run.pages = [(p.page_script_hash, p.url_pathname) for p in fwd.navigation.app_pages]
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    self._element(fwd.delta.new_element, run)
                elif kind == "script_finished":
                    run.seconds = time.perf_counter() - t0
                    run.ok = not run.problem
                    break
        except (TimeoutError, websockets.ConnectionClosed, OSError) as exc:
            run.problem = f"{type(exc).__name__}: {exc}"[:200]
        if run.pages:
            self.pages = run.pages
        self.widgets.update(run.widgets)
        return run

    def _element(self, el, run: Run) -> None:  # noqa: ANN001 - a streamlit Element proto
        kind = el.WhichOneof("type")
        if kind == "exception":
            run.problem = f"exception on the page: {el.exception.type}: {el.exception.message}"[:200]
        elif kind == "alert" and any(t in el.alert.body for t in ERROR_TEXTS):
            run.problem = f"error box: {el.alert.body}"[:200]
        elif kind == "heading":
            run.headings.append(el.heading.body)
        elif kind == "metric":
            run.metrics[el.metric.label] = el.metric.body
        elif kind in ("multiselect", "text_input", "selectbox"):
            widget = getattr(el, kind)
            run.widgets[widget.id] = widget

    def widget(self, key: str):  # noqa: ANN201
        return next((w for wid, w in self.widgets.items() if wid.endswith(f"-{key}")), None)

    def set_strings(self, key: str, values: list[str]) -> bool:
        w = self.widget(key)
        if w is None:
            return False
        state = WidgetState(id=w.id)
        state.string_array_value.data.extend(values)
        self.states[w.id] = state
        return True

    def set_string(self, key: str, value: str) -> bool:
        w = self.widget(key)
        if w is None:
            return False
        self.states[w.id] = WidgetState(id=w.id, string_value=value)
        return True


async def session_loop(url: str, seed: int, deadline: float, stats: Stats,
                       think: tuple[float, float] = (3.0, 10.0), ramp: float = 0.0) -> None:
    rng = random.Random(seed)
    if ramp > 0:  # people open the link over the first `ramp` seconds, not all in the same millisecond
        await asyncio.sleep(rng.uniform(0, ramp))
    s = Session(url, rng)
    try:
        await s.connect()
    except (OSError, websockets.InvalidHandshake, TimeoutError) as exc:
        stats.add("open", Run(ok=False, seconds=0, problem=f"connect: {exc}"))
        return
    try:
        stats.add("open", await s.rerun())
        while time.monotonic() < deadline:
            action = rng.choice(["page", "page", "region", "search"])
            if action == "page" and s.pages:
                s.page_hash = rng.choice(s.pages)[0]
            elif action == "region":
                w = s.widget("f_regions")
                options = list(getattr(w, "options", [])) if w is not None else []
                if not options or not s.set_strings("f_regions", [rng.choice(options)]):
                    continue
            elif action == "search":
                if not s.set_string("f_search", rng.choice(WORDS + [""])):
                    continue
            run = await s.rerun()
            stats.add(action, run)
            if run.ok:
                page = next((name for h, name in s.pages if h == s.page_hash), "") or "overview"
                stats.by_page[page].append(run.seconds)
            await asyncio.sleep(rng.uniform(*think))  # a person reads before the next click
    finally:
        await s.close()


def _tree(pid: int) -> list[int]:
    """A process and its living descendants (Linux /proc); empty when it does not exist."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in found:
            continue
        try:
            todo.extend(int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split())
        except OSError:
            continue
        found.append(p)
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process and its children that are alive (Linux /proc), the server's
    work: what a second session competes for."""
    pids, total, tick = _tree(pid), 0.0, os.sysconf("SC_CLK_TCK")
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total if pids else None


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process and its children, in MB (Linux /proc)."""
    pids, total = _tree(pid), 0
    for p in pids:
        try:
            total += sum(int(line.split()[1]) for line in Path(f"/proc/{p}/status").read_text().splitlines()
                         if line.startswith("VmRSS:"))
        except OSError:
            continue
    return total / 1024 if pids else None


async def rebuilds(cmd: str, count: int, seconds: float, log: list[str], stats: Stats) -> None:
    for i in range(count):
        await asyncio.sleep(seconds / (count + 1))
        t0 = time.perf_counter()
        stats.marks.append((time.monotonic(), f"rebuild {i + 1} starts"))
        proc = await asyncio.create_subprocess_shell(cmd, stdout=asyncio.subprocess.DEVNULL,
                                                     stderr=asyncio.subprocess.PIPE)
        _, err = await proc.communicate()
        stats.marks.append((time.monotonic(), f"rebuild {i + 1} ends"))
        log.append(f"rebuild {i + 1}: exit {proc.returncode} in {time.perf_counter() - t0:.1f} s"
                   + (f" ({err.decode(errors='replace').strip()[-200:]})" if proc.returncode else ""))


def print_timeline(stats: Stats, start: float, window: float = 15.0) -> None:
    """p50 / p95 of the actions that ended in each `window` seconds of the run, with the rebuilds marked:
    where the slow ones are (the first script runs, a rebuild, the queries cold on a new file)."""
    if not stats.finished:
        return
    print(f"timeline ({window:g} s windows, by when an action ended):")
    end = max(t for t, _ in stats.finished)
    k = 0
    while start + k * window <= end:
        lo, hi = start + k * window, start + (k + 1) * window
        times = [s for t, s in stats.finished if lo <= t < hi]
        marks = [f"{what} at {m - start:.0f} s" for m, what in stats.marks if lo <= m < hi]
        if times:
            print(f"  {k * window:>4.0f}–{(k + 1) * window:<4.0f} s {len(times):>5} actions  p50 "
                  f"{1000 * statistics.median(times):>6.0f}  p95 {1000 * percentile(times, 0.95):>6.0f} ms"
                  + (f"   ({'; '.join(marks)})" if marks else ""))
        elif marks:
            print(f"  {k * window:>4.0f}–{(k + 1) * window:<4.0f} s     0 actions   ({'; '.join(marks)})")
        k += 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def main_async(args: argparse.Namespace) -> int:
    stats = Stats()
    rss_before = rss_mb(args.server_pid) if args.server_pid else None
    cpu_before = cpu_seconds(args.server_pid) if args.server_pid else None
    deadline = time.monotonic() + args.seconds
    log: list[str] = []
    think = tuple(float(x) for x in args.think.split(","))
    tasks = [session_loop(args.url, args.seed + i, deadline, stats, think, args.ramp) for i in range(args.sessions)]
    if args.rebuild_cmd and args.rebuilds:
        tasks.append(rebuilds(args.rebuild_cmd, args.rebuilds, args.seconds, log, stats))
    t0 = time.perf_counter()
    start = time.monotonic()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    rss_after = rss_mb(args.server_pid) if args.server_pid else None
    cpu_after = cpu_seconds(args.server_pid) if args.server_pid else None

    actions = sum(len(ts) for ts in stats.times.values())
    print(f"load: {args.sessions} sessions, {args.seconds:.0f} s asked, {wall:.0f} s run, {args.url}"
          + (f" ({args.served})" if getattr(args, "served", "") else "")
          + f"; think {think[0]:g}–{think[1]:g} s"
          + (f"; sessions open over the first {args.ramp:g} s" if args.ramp else "; every session opens at once")
          + f"; {actions / wall:.1f} actions/s")
    print(f"{'action':<8} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'errors':>7}")
    total_errors = 0
    for action in ("open", "page", "region", "search"):
        times, errors = stats.times.get(action, []), stats.errors.get(action, 0)
        total_errors += errors
        if times:
            print(f"{action:<8} {len(times):>6} {1000 * statistics.median(times):>8.0f} "
                  f"{1000 * percentile(times, 0.95):>8.0f} {1000 * max(times):>8.0f} {errors:>7}")
        else:
            print(f"{action:<8} {0:>6} {'—':>8} {'—':>8} {'—':>8} {errors:>7}")
    every = [t for ts in stats.times.values() for t in ts]
    if every:
        print(f"all      {len(every):>6} {1000 * statistics.median(every):>8.0f} "
              f"{1000 * percentile(every, 0.95):>8.0f} {1000 * max(every):>8.0f} {total_errors:>7}")
    if stats.by_page:
        print("by page (every action that ended on it):")
        for page, ts in sorted(stats.by_page.items()):
            print(f"  {page:<12} {len(ts):>6} {1000 * statistics.median(ts):>8.0f} "
                  f"{1000 * percentile(ts, 0.95):>8.0f} {1000 * max(ts):>8.0f}")
    for line in log:
        print(line)
    print_timeline(stats, start)
    for p in stats.problems:
        print(f"error: {p}")
    if rss_before is not None and rss_after is not None:
        print(f"server RSS: {rss_before:.0f} MB before, {rss_after:.0f} MB after "
              f"({(rss_after - rss_before) / max(args.sessions, 1):.1f} MB per session)")
    if cpu_before is not None and cpu_after is not None and every:
        used = cpu_after - cpu_before
        print(f"server CPU: {used:.1f} s in {wall:.0f} s ({used / wall:.2f} cores), "
              f"{1000 * used / len(every):.0f} ms per action")
    return 1 if total_errors else 0


def _free_port(count: int = 1) -> int:
    """A port p with p … p+count-1 free on loopback (the cluster uses port + i for replica i)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + count < 65535 and all(_port_free(port + i) for i in range(1, count)):
            return port
    raise RuntimeError("no free port range on 127.0.0.1")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_server(db: Path, cluster: int, log: Path | None = None) -> tuple[str, subprocess.Popen]:
    """The dashboard on `db` at a free loopback port: one serve.py process, or `cluster` replicas behind nginx."""
    port = _free_port(cluster + 1)
    env = {**os.environ, "COOP_DB": str(db.resolve()), "PYTHONUNBUFFERED": "1"}
    if cluster:
        cmd = [PY, "deploy/cluster.py", "--replicas", str(cluster), "--port", str(port), "--db", str(db)]
    else:
        cmd = [PY, "-m", "streamlit", "run", "serve.py", "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - lives as long as the server
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the dashboard exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return url, proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the dashboard did not answer within 180 s")


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("url", nargs="?", default="")
    p.add_argument("--serve", type=Path, default=None, help="start the dashboard on this database file")
    p.add_argument("--cluster", type=int, default=0, help="with --serve: N replicas behind nginx")
    p.add_argument("--server-log", type=Path, default=None, help="with --serve: the server's output goes here")
    p.add_argument("--think", default="3,10", help="seconds between a session's clicks: MIN,MAX")
    p.add_argument("--sessions", type=int, default=20)
    p.add_argument("--seconds", type=float, default=120)
    p.add_argument("--rebuild-cmd", default="")
    p.add_argument("--rebuilds", type=int, default=0)
    p.add_argument("--server-pid", type=int, default=0)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--ramp", type=float, default=0.0,
                   help="seconds over which the sessions open (each at a random moment); 0: all at once")
    args = p.parse_args()
    if args.serve is None:
        if urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
            p.error("the load test drives only a dashboard on this machine (127.0.0.1 / localhost)")
        return asyncio.run(main_async(args))
    if args.url:
        p.error("give either a URL or --serve DB")
    if args.rebuilds and not args.rebuild_cmd:
        args.rebuild_cmd = f"{shutil.which(PY) or PY} -m loaders build {SAMPLE_REPORT} --db {args.serve}"
    args.url, proc = start_server(args.serve, args.cluster, args.server_log)
    args.server_pid = proc.pid
    args.served = (f"{args.cluster} replicas behind nginx" if args.cluster else "one process") + f" on {args.serve}"
    try:
        return asyncio.run(main_async(args))
    finally:
        stop_server(proc)


if __name__ == "__main__":
    raise SystemExit(main())
