"""Readers: one module per input format, bytes in, Catalogues out.

`read(path, options)` returns the catalogues of one file (a workbook gives one per sheet); their
`matters` are generators, so rows stream through the engine. Bad input raises InputError.
"""
from __future__ import annotations

import os
from itertools import islice
from pathlib import Path

from ..codes.levels import basic_level
from ..errors import InputError
from ..kinds import KIND_ALIASES
from ..levels import LEVEL_ALIASES, LEVEL_BY_CODE
from ..model import Catalogue
from .base import SUFFIXES, ReadOptions
from .batch import Batched

HEAD_ROWS = 200                # the first rows, from which a catalogue's kind and level are inferred


def discover(paths: list[str], skipped: list[str] | None = None) -> list[str]:
    """Expand directories into the catalogue files below them (sorted); keep explicit files as given.
    Below a directory, only regular files are taken: a device, FIFO or socket named `*.yaml` (or a link
    to one) is left out, and appended to `skipped` when a list is given, so the caller can say so."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in files:
                    if Path(f).suffix.lower() in SUFFIXES and not f.startswith(("~$", ".")):
                        full = os.path.join(root, f)
                        if os.path.isfile(full) or not os.path.exists(full):    # a broken link: reported
                            found.append(full)
                        elif skipped is not None:
                            skipped.append(full)
            out += sorted(found)
        else:
            out.append(p)
    return out


def regular(path: str) -> None:
    """Refuse a path that is not a regular file (a device such as /dev/zero, a FIFO, a socket), before
    anything opens it: reading one could block or never end."""
    import stat
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError("input.not_found") from None
    if stat.S_ISDIR(mode):
        raise InputError("input.not_found")
    if not stat.S_ISREG(mode):
        raise InputError("input.not_regular")


def read(path: str, options: ReadOptions) -> list[Catalogue]:
    fmt = SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError("input.unsupported", suffix=Path(path).suffix or "(none)")
    regular(path)
    if fmt == "xlsx":
        from . import xlsx as reader
    elif fmt == "csv":
        from . import csv as reader
    else:
        from . import yaml as reader
    from .limits import guard
    try:
        catalogues = reader.read(path, options)
    except InputError:
        raise
    except Exception as exc:  # a reader's library gave up on this file: that file is unreadable, the run goes on
        raise InputError("input.read_failed", reason=f"{type(exc).__name__}: {str(exc)[:160]}") from None
    for cat in catalogues:
        cat.matters = guard(cat, cat.matters, options)
        _settle(cat, options)
    return catalogues


def _settle(cat: Catalogue, options: ReadOptions) -> None:
    """Decide kind and level: option > metadata > inference from the first rows."""
    if isinstance(cat.matters, Batched):       # keeps the rows it reads ahead, and an error met there
        head = cat.matters.head(HEAD_ROWS)
    else:
        head, pending = [], None
        try:
            head.extend(islice(iter(cat.matters), HEAD_ROWS))
        except InputError as exc:          # a limit or damage within the first rows: check those rows first
            pending = exc
        rest = iter(cat.matters) if not isinstance(cat.matters, list) else iter(cat.matters[len(head):])
        cat.matters = _chain(head, rest, pending)
    present = set(cat.columns)
    for m in head:
        present.update(m.values)
    kind = options.kind or cat.meta.get("kind")
    if kind:
        cat.kind = KIND_ALIASES.get(str(kind), cat.kind)
    if cat.kind is None:
        cat.kind = infer_kind(present)
    if cat.kind in ("licensing", "powers"):
        from .lists import headings
        cat.matters = headings(cat, cat.matters)
    by_glob = _level_by_glob(cat.path, options.levels) if options.levels and not options.level else None
    level = options.level or cat.meta.get("level") or by_glob
    if level:
        cat.level = LEVEL_ALIASES.get(str(level).strip(), str(level).strip())
        cat.meta["level_source"] = "option" if options.level else "metadata" if cat.meta.get("level") else "config"
    else:
        cat.level = _infer_level(cat, head)
        cat.meta["level_source"] = "inferred" if cat.level else None
    if options.level is None and cat.meta.get("region"):
        cat.region = str(cat.meta["region"])


CODES = {"basic_code", "impl_code", "impl_body_code", "handle_item_code"}


def infer_kind(present: set) -> str:
    """The kind a table's elements show: 责任事项 or 追责情形 — a 权责清单; no code, 事项类型 or 行使层级 but a
    实施机关/主管部门 or 中央/省级清单序号 (国办发〔2022〕2号 layout: 序号 | 主管部门 | 事项名称 | 实施机关 | 设定和实施依据)
    — a 行政许可事项清单; an 实施编码 or 实施主体 — an 实施清单; else a 基本目录."""
    if present & {"duty", "accountability"}:
        return "powers"
    if "upper_seq" in present or not present & (CODES | {"item_type", "exercise_level"}) and "name" in present \
            and present & {"impl_body", "competent_dept"}:
        return "licensing"
    return "implementation" if present & {"impl_code", "impl_body", "impl_body_code"} else "basic"


def _level_by_glob(path: str, levels: dict) -> str | None:
    """The level of the first `levels` glob matching the path (as given, or absolute); a folder name matches
    every file below it."""
    from fnmatch import fnmatch
    names = {Path(path).as_posix(), Path(path).resolve().as_posix()}
    for pattern, level in levels.items():
        pat = str(pattern).rstrip("/")
        if any(fnmatch(n, pat) or fnmatch(n, pat + "/*") or fnmatch(n, "*/" + pat) or fnmatch(n, "*/" + pat + "/*")
               for n in names):
            return level
    return None


def _chain(head, rest, pending=None):
    yield from head
    if pending is not None:
        raise pending
    yield from rest


def _infer_level(cat: Catalogue, head) -> str | None:
    if cat.kind == "basic":
        return basic_level({m.text("basic_code")[:2] for m in head if m.text("basic_code")})
    levels = {m.text("exercise_level") for m in head if m.text("exercise_level")}
    if len(levels) == 1:
        level = LEVEL_ALIASES.get(levels.pop())
        if level:
            return level
    from ..codes.structure import IMPL
    digits = {m.text("impl_code")[18] for m in head if IMPL.fullmatch(m.text("impl_code"))}
    if len(digits) == 1:
        return LEVEL_BY_CODE.get(digits.pop())
    return None
