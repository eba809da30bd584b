"""Named errors raised while loading a report file.

Every message names the file (and the row where there is one) and is meant to be
shown to a person as it is: the texts are Russian because analysts read them in
the dashboard as well as in the terminal.
"""

from __future__ import annotations

from pathlib import Path

MAX_MESSAGE_CHARS = 300


def one_line(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Whitespace collapsed to single spaces and the text cut to `limit` characters (for one-line messages)."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class LoadError(Exception):
    """A report file could not be loaded. ``str()`` gives the one-line reason."""

    def __init__(self, path: str | Path, message: str, ref: str | None = None) -> None:
        self.path = Path(path)
        self.message = message
        self.ref = ref
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path.name}"
        if self.ref:
            where += f", {self.ref}"
        return f"{where}: {one_line(self.message)}"

    def __reduce__(self):  # pickled by build's worker processes: rebuilt from its own arguments, not from str()
        return (type(self), (self.path, self.message, self.ref))


class UnsupportedFormat(LoadError):
    """The file is not a report format the loader reads (a PDF, an image, a CSV, an unknown format)."""


class UnreadableFile(LoadError):
    """The file claims a supported format but cannot be opened (empty, truncated, corrupt)."""


class NoTableFound(LoadError):
    """The document opened, but no report table with a recognisable header was found."""


class ConverterMissing(LoadError):
    """LibreOffice (soffice) is not installed: a .doc/.odt/.rtf file cannot be read."""


class ConversionFailed(LoadError):
    """LibreOffice ran but gave no .docx: it crashed, hung past the time limit or refused the file."""


class ReadFailed(LoadError):
    """Reading the file failed in a way no other error names (a reader's bug, a native library's panic)."""
