"""A PDF of a generated .docx through LibreOffice headless, when it is installed (None otherwise)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_S = 90


def converter() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes | None:
    """The PDF bytes, or None when LibreOffice is missing, fails or takes longer than TIMEOUT_S."""
    exe = converter()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="coop-pdf-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(data)
        cmd = [exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", tmp, str(src)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            proc.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return None
        out = Path(tmp) / "document.pdf"
        return out.read_bytes() if proc.returncode == 0 and out.exists() else None
