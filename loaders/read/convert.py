"""Convert .doc, .odt and .rtf reports to .docx with LibreOffice headless, then read them as .docx.

Each run gets its own temporary folder and its own LibreOffice profile (``-env:UserInstallation``), so
two conversions never share a profile lock, and a time limit: on timeout the converter's whole process
group is killed. A converter that is missing, hangs, crashes or writes nothing is a refused file with a
named error, never a stuck build.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from loaders.errors import ConversionFailed, ConverterMissing, one_line
from loaders.read.limits import check_archive, positive_env
from loaders.read.model import Format, RawDocument
from loaders.read.soffice import convert as soffice_convert
from loaders.read.soffice import find_soffice

TIMEOUT_DEFAULT = 60.0  # seconds; override with COOP_CONVERT_TIMEOUT
INSTALL_HINT = "установите LibreOffice (Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui)"
_NAMES = {Format.DOC: "документ Word 97–2003 (.doc)", Format.ODT: "документ OpenDocument (.odt)",
          Format.RTF: "документ RTF"}


def convert_timeout() -> float:
    return positive_env("COOP_CONVERT_TIMEOUT", TIMEOUT_DEFAULT)


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
        converted = _run(soffice, source, out_dir, path, what)
        check_archive(converted)
        doc = read_docx(converted, fmt)
    doc.path = path
    return doc


def _run(soffice: str, source: Path, out_dir: Path, path: Path, what: str) -> Path:
    timeout = convert_timeout()
    try:
        run = soffice_convert(soffice, source, out_dir, "docx:MS Word 2007 XML", timeout)
    except OSError as exc:
        raise ConverterMissing(path, f"LibreOffice не запускается ({exc.strerror or exc}): {INSTALL_HINT}") from exc
    if run.timed_out:
        raise ConversionFailed(
            path, f"{what}: LibreOffice не завершил преобразование за {timeout:g} с — файл отклонён "
                  "(сохраните его как .docx и загрузите заново; предел задаёт COOP_CONVERT_TIMEOUT)")
    converted = out_dir / (source.stem + ".docx")
    if run.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        detail = one_line(run.stderr.decode("utf-8", "replace"), 120) if run.stderr else ""
        raise ConversionFailed(
            path, f"{what}: LibreOffice не смог преобразовать файл (код {run.returncode}"
                  f"{'; ' + detail if detail else ''}) — возможно, файл повреждён; сохраните его как .docx")
    return converted
