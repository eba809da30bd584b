"""A PDF of a generated .docx through LibreOffice headless, when it is installed (None otherwise)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from loaders.read.soffice import convert, find_soffice

TIMEOUT_S = 90


def converter() -> str | None:
    return find_soffice()


def docx_to_pdf(data: bytes) -> bytes | None:
    """The PDF bytes, or None when LibreOffice is missing, fails or takes longer than TIMEOUT_S."""
    exe = converter()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="coop-pdf-") as tmp:
        src = Path(tmp) / "document.docx"
        src.write_bytes(data)
        out_dir = Path(tmp) / "out"
        try:
            run = convert(exe, src, out_dir, "pdf", TIMEOUT_S)
        except OSError:
            return None
        out = out_dir / "document.pdf"
        return out.read_bytes() if run.returncode == 0 and out.exists() else None
