"""Start N dashboard replicas and nginx in front of them, all on loopback, until Ctrl+C (or SIGTERM).

    .venv/bin/python deploy/cluster.py --replicas 3 --port 8500 [--db data/cooperation.duckdb]

Replica i (serve.py: the Host check and upload gate of `make run`) listens on 127.0.0.1:(port + i); nginx on 127.0.0.1:port with sticky sessions and websocket upgrade
(deploy/nginx.conf.template). Every replica reads the same database file. `make serve-cluster` runs this.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def nginx_conf(run_dir: Path, listen: str, ports: list[int]) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in ports)
    return (TEMPLATE.read_text().replace("@RUN@", str(run_dir)).replace("@LISTEN@", listen)
            .replace("@SERVERS@", servers))


def replica_cmd(port: int) -> list[str]:
    streamlit = ROOT / ".venv" / "bin" / "streamlit"
    exe = [str(streamlit)] if streamlit.exists() else [sys.executable, "-m", "streamlit"]
    return [*exe, "run", "serve.py", "--server.address", "127.0.0.1", "--server.port", str(port),
            "--server.headless", "true", "--server.fileWatcherType", "none"]


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 150) -> None:  # > READY_AFTER_S
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{url}: the process exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url}: not up after {seconds:.0f} s")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--replicas", type=int, default=3)
    p.add_argument("--port", type=int, default=8500)
    p.add_argument("--db", default=str(ROOT / "data" / "cooperation.duckdb"))
    args = p.parse_args()
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx is not installed: apt-get install -y nginx", file=sys.stderr)
        return 2
    run_dir = Path(tempfile.mkdtemp(prefix="coop-cluster-"))
    env = {**os.environ, "COOP_DB": str(Path(args.db).resolve())}
    ports = [args.port + i for i in range(1, args.replicas + 1)]
    procs: list[subprocess.Popen] = []

    def stop(*_: object) -> None:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(run_dir, ignore_errors=True)
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        for port in ports:
            log = open(run_dir / f"replica-{port}.log", "wb")  # noqa: SIM115 - lives as long as the replica
            procs.append(subprocess.Popen(replica_cmd(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        for port, proc in zip(ports, procs):
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", proc)
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_conf(run_dir, f"127.0.0.1:{args.port}", ports))
        procs.append(subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"], cwd=run_dir))
        wait_healthy(f"http://127.0.0.1:{args.port}/_stcore/health", procs[-1])
        print(f"cluster: nginx on http://127.0.0.1:{args.port} → replicas on ports "
              f"{', '.join(map(str, ports))}; database {env['COOP_DB']}; logs in {run_dir}", flush=True)
        while all(proc.poll() is None for proc in procs):
            time.sleep(1)
        dead = next(proc for proc in procs if proc.poll() is not None)
        print(f"cluster: {' '.join(dead.args[:3])} exited with {dead.returncode}; stopping", file=sys.stderr)
        stop()
    except BaseException:
        stop()
        raise
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
