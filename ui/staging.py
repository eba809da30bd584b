"""Where the upload page keeps files between the drop and the confirmation.

- Each session stages under data/uploads/.staging/<session>/<sha256 prefix>/<safe name>; on every run of
  the upload page, staged files no longer in the uploader are deleted, and so are other sessions' staging
  folders untouched for `STAGING_TTL_S` (a preview never confirmed, a closed tab).
- A file its preview or its build refuses is deleted from staging at once (`discard`).
- Confirmed files move to data/uploads/<sha256 prefix>/<safe name> (the loaded source, kept).
- A file name is made safe for the file system: no folders, not "." or "..", at most `MAX_NAME_BYTES` bytes
  in UTF-8 (the limit is 255; 130 Cyrillic characters reach it), cut before the extension.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

MAX_NAME_BYTES = 200
STAGING_TTL_S = 15 * 60


def safe_name(name: str) -> str:
    """A file name that can be written in one folder on any file system; the extension kept."""
    base = name.replace("\\", "/").split("/")[-1].replace("\0", "").strip()
    if base in ("", ".", ".."):
        base = "report"
    if len(base.encode("utf-8")) <= MAX_NAME_BYTES:
        return base
    stem, dot, suffix = base.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = base, ""
    tail = ("…." + suffix) if suffix else "…"
    room = MAX_NAME_BYTES - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + tail


def sha16(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


class Staging:
    def __init__(self, uploads: Path, session_id: str) -> None:
        self.uploads = uploads
        self.root = uploads / ".staging"
        self.folder = self.root / "".join(c for c in session_id if c.isalnum() or c in "-_")[:64]

    def stage(self, name: str, data: bytes) -> Path:
        """Write the dropped bytes (once) and return their path."""
        folder = self.folder / sha16(data)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / safe_name(name)
        if not path.exists():
            path.write_bytes(data)
        return path

    def keep_only(self, keys: set[str]) -> None:
        """Delete this session's staged files except those of `keys` (sha16 prefixes now in the uploader)."""
        if self.folder.exists():
            for sub in self.folder.iterdir():
                if sub.name not in keys:
                    shutil.rmtree(sub, ignore_errors=True)
            os.utime(self.folder)
            if not any(self.folder.iterdir()):
                self.folder.rmdir()

    def discard(self, path: Path) -> None:
        """A staged file that will not load (its preview or its build refused it): its copy goes at once."""
        folder = path.parent
        if folder.parent == self.folder:
            shutil.rmtree(folder, ignore_errors=True)
        if self.folder.exists() and not any(self.folder.iterdir()):
            self.folder.rmdir()

    def sweep(self, ttl_s: float = STAGING_TTL_S) -> None:
        """Other sessions' staging folders untouched for `ttl_s`: a preview never confirmed."""
        if not self.root.exists():
            return
        now = time.time()
        for folder in self.root.iterdir():
            if folder != self.folder and now - folder.stat().st_mtime > ttl_s:
                shutil.rmtree(folder, ignore_errors=True)

    def keep_loaded(self, path: Path) -> Path:
        """A confirmed file: out of staging into data/uploads/<sha16>/<name> (the loaded source)."""
        target = self.uploads / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
        shutil.rmtree(path.parent, ignore_errors=True)
        return target
