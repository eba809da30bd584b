"""Run LibreOffice headless once: a private profile, no real home, a time limit, the whole group killed.

Used by the loader (.doc/.odt/.rtf → .docx, loaders/read/convert.py) and by the dashboard's PDF of a
generated document (ui/documents/pdf.py).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class SofficeRun:
    returncode: int | None  # None: killed after the time limit
    stderr: bytes

    @property
    def timed_out(self) -> bool:
        return self.returncode is None


def convert(soffice: str, source: Path, out_dir: Path, target: str, timeout: float) -> SofficeRun:
    """`soffice --convert-to target` of `source` into `out_dir`, with a profile and HOME beside `out_dir`.
    Raises OSError when the program cannot be started."""
    profile = out_dir.parent / "profile"
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--convert-to", target, "--outdir", str(out_dir), str(source)]
    env = {**os.environ, "HOME": str(out_dir.parent)}  # nothing written to the real home
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True, env=env)
    try:
        _, err = proc.communicate(timeout=timeout)
        return SofficeRun(proc.returncode, err)
    except subprocess.TimeoutExpired:
        return SofficeRun(None, b"")
    finally:
        _kill_group(proc)  # on a timeout, and the helpers the converter may leave behind in its group


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
