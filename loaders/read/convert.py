"""Convert .doc, .odt and .rtf reports to .docx with LibreOffice headless, then read them as .docx.

Each run gets its own temporary folder and its own LibreOffice profile (``-env:UserInstallation``), so
two conversions never share a profile lock, and a time limit: on timeout the converter's whole process
group is killed. A converter that is missing, hangs, crashes or writes nothing is a refused file with a
named error, never a stuck build.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from loaders.errors import ConversionFailed, ConverterMissing, one_line
from loaders.read.limits import check_archive
from loaders.read.model import Format, RawDocument

TIMEOUT_DEFAULT = 60.0  # seconds; override with COOP_CONVERT_TIMEOUT
INSTALL_HINT = "установите LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui)"
_NAMES = {Format.DOC: "документ Word 97–2003 (.doc)", Format.ODT: "документ OpenDocument (.odt)",
          Format.RTF: "документ RTF"}


def convert_timeout() -> float:
    raw = os.environ.get("COOP_CONVERT_TIMEOUT", "").strip().replace(",", ".")
    try:
        value = float(raw) if raw else TIMEOUT_DEFAULT
    except ValueError:
        return TIMEOUT_DEFAULT
    return value if value > 0 else TIMEOUT_DEFAULT


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: Path, fmt: Format) -> RawDocument:
    """Convert `path` to .docx in a private temporary folder and read it; `format` stays the original."""
    from loaders.read.docx import read_docx

    soffice = find_soffice()
    what = _NAMES[fmt]
    if soffice is None:
        raise ConverterMissing(path, f"{what} читается через LibreOffice, но он не установлен: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="coop-convert-") as tmp:
        tmp_dir = Path(tmp)
        source = tmp_dir / f"report{path.suffix.lower() or '.' + fmt.value}"
        shutil.copyfile(path, source)  # a plain name: soffice handles no odd characters on every system
        out_dir = tmp_dir / "out"
        converted = _run(soffice, source, out_dir, tmp_dir / "profile", path, what)
        check_archive(converted)
        doc = read_docx(converted, fmt)
    doc.path = path
    return doc


def _run(soffice: str, source: Path, out_dir: Path, profile: Path, path: Path, what: str) -> Path:
    timeout = convert_timeout()
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(source)]
    env = {**os.environ, "HOME": str(profile.parent)}  # nothing written to the real home
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env=env)
    except OSError as exc:
        raise ConverterMissing(path, f"LibreOffice не запускается ({exc.strerror or exc}): {INSTALL_HINT}") from exc
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ConversionFailed(
            path, f"{what}: LibreOffice не завершил преобразование за {timeout:g} с — файл отклонён "
                  "(сохраните его как .docx и загрузите заново; предел задаёт COOP_CONVERT_TIMEOUT)") from None
    finally:
        _kill_group(proc)  # the converter may leave helpers behind in its group
    converted = out_dir / (source.stem + ".docx")
    if proc.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        detail = one_line(err.decode("utf-8", "replace"), 120) if err else ""
        raise ConversionFailed(
            path, f"{what}: LibreOffice не смог преобразовать файл (код {proc.returncode}"
                  f"{'; ' + detail if detail else ''}) — возможно, файл повреждён; сохраните его как .docx")
    return converted


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
