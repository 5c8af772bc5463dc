"""The private result folder: one sub-folder per check under an unguessable id; nothing else is served.

<root>/<id>/meta.json      names, profile, language, state (written by the server)
           in/f1.xlsx      the uploads, under neutral names (a user's file name never becomes a path)
           progress.json   status.json  summary.json  findings.sqlite  out/  annotated/  fixed/   (the worker)
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path

ID = re.compile(r"[A-Za-z0-9_-]{22,64}")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")


def write_json(path: Path, data) -> None:
    """Atomic: the page may read the file while the worker writes it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
    os.replace(tmp, path)


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def display_name(raw: str | None, taken: set[str]) -> str:
    """The name shown for an upload: its last component, without control or path characters, unique in the run."""
    name = re.split(r"[/\\]", raw or "")[-1]
    name = _UNSAFE_NAME.sub("_", name).strip(" .")[:120] or "upload"
    stem, dot, suffix = name.rpartition(".")
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{stem} ({n}).{suffix}" if dot else f"{name} ({n})"
        n += 1
    taken.add(candidate)
    return candidate


def download_name(name: str, tag: str, suffix: str | None = None) -> str:
    """`实施清单.xlsx` + `标注` -> `实施清单-标注.xlsx` (a download name only, never a path on the server)."""
    p = Path(name)
    return f"{p.stem}-{tag}{suffix or p.suffix}"


class Store:
    def __init__(self, root: str | None):
        self.owned = root is None             # a temporary root is removed when the server stops
        self.root = Path(root or tempfile.mkdtemp(prefix="stdcheck-serve-"))
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)

    def create(self) -> tuple[str, Path]:
        rid = secrets.token_urlsafe(24)
        folder = self.root / rid
        (folder / "in").mkdir(parents=True, mode=0o700)
        return rid, folder

    def folder(self, rid: str) -> Path | None:
        """The folder of an id, or None: only well-formed ids, only folders directly under the root."""
        if not ID.fullmatch(rid or ""):
            return None
        folder = self.root / rid
        return folder if (folder / "meta.json").is_file() else None

    def file(self, rid: str, relative: str) -> Path | None:
        """A file the worker wrote inside the id's folder (relative path from summary.json), never outside."""
        folder = self.folder(rid)
        if folder is None:
            return None
        path = (folder / relative).resolve()
        return path if path.is_relative_to(folder.resolve()) and path.is_file() else None

    def delete(self, rid: str) -> bool:
        folder = self.folder(rid)
        if folder is None:
            return False
        shutil.rmtree(folder, ignore_errors=True)
        return True

    def sweep(self, retention_s: float, busy: set[str]) -> int:
        """Delete results older than the retention (by the creation of meta.json); returns how many."""
        now, gone = time.time(), 0
        for entry in self.root.iterdir():
            if entry.name in busy or not ID.fullmatch(entry.name):
                continue
            try:
                age = now - (entry / "meta.json").stat().st_mtime if (entry / "meta.json").exists() else \
                    now - entry.stat().st_mtime
            except OSError:
                continue
            if age > retention_s:
                shutil.rmtree(entry, ignore_errors=True)
                gone += 1
        return gone

    def close(self) -> None:
        if self.owned:
            shutil.rmtree(self.root, ignore_errors=True)
