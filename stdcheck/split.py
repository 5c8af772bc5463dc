"""Rule split: one large file checked on two cores (--jobs > 1), with the serial result.

A forked child reads the file itself and runs the row checks (scope "row", the per-row functions);
the parent reads it too and runs everything else: the catalogue-scope rules (uniqueness, required
columns …) and the run-scope ones (四级四同). Both see every row in order, so each rule behaves as in
a serial run; the child sends back its findings detached (parallel.py) and the parent points them at
its own catalogues. The two halves cost about the same (measured: docs/PERFORMANCE.md); reading twice
is the price, and for a workbook the sheet is held in memory twice (so workbooks above MAX_WORKBOOK_BYTES
are checked in one process). --max-errors needs one count of findings: it keeps the run in one process.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import pickle
from dataclasses import replace

from .engine import Engine, FileResult, _read_and_check
from .parallel import _detach

MIN_BYTES = 4 << 20          # smaller files are checked in one process: a fork costs more than it saves
MAX_WORKBOOK_BYTES = 32 << 20  # a workbook's sheet is held in memory by each reader: above this, one process


def worthwhile(path: str) -> bool:
    try:
        size = os.path.getsize(path)
    except OSError:
        return False
    if size < MIN_BYTES or "fork" not in mp.get_all_start_methods():
        return False
    return size <= MAX_WORKBOOK_BYTES or not path.lower().endswith((".xlsx", ".xlsm", ".xls"))


def _row_checks(conn, active, profile, path, options) -> None:
    try:
        engine = Engine([a for a in active if a.rule.scope == "row"], profile)
        _read_and_check(engine, path, replace(options, tally=False))   # reading errors: the parent reports them
        memo: dict = {}
        conn.send_bytes(pickle.dumps([_detach(f, memo) for f in engine.findings], pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:           # noqa: BLE001 — the parent re-raises it as an internal error
        conn.send_bytes(pickle.dumps(RuntimeError(f"row checks of {path}: {exc!r}")))
    finally:
        conn.close()


def dominant(files: list[str]) -> bool:
    """One file is most of the batch (e.g. a 基本目录 beside a million-row list): splitting its rules beats
    checking the files in parallel, where the big one would run on one core."""
    sizes = []
    for f in files:
        try:
            sizes.append(os.path.getsize(f))
        except OSError:
            sizes.append(0)
    big = max(range(len(files)), key=sizes.__getitem__)
    return sizes[big] * 2 > sum(sizes) and worthwhile(files[big])


def check_split(engine: Engine, active, profile, path: str, options) -> FileResult:
    """Check `path`: row checks in a child, the rest in `engine` (built without the row checks)."""
    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_row_checks, args=(send, active, profile, path, options), daemon=True)
    child.start()
    send.close()
    try:
        fr = _read_and_check(engine, path, options, row_checks=False)
        try:
            found = pickle.loads(receive.recv_bytes())
        except EOFError:                 # the child died (a reader crash): this file only, the batch goes on
            from .sources import InputError
            fr.status, fr.error = "unreadable", InputError("input.reader_crashed")
            for cat in fr.catalogues:
                cat.partial = True
            found = []
    except BaseException:                # interrupted: the child is stopped, not waited for
        child.terminate()
        raise
    finally:
        receive.close()
        child.join()
    if isinstance(found, BaseException):
        raise found
    cats = {(c.path, c.sheet): c for c in fr.catalogues}
    for f in found:
        f.catalogue = cats.get((f.catalogue.path, f.catalogue.sheet), f.catalogue)
        if f.matter is not None:
            f.matter.catalogue = f.catalogue
    engine.findings.extend(found)
    return fr
