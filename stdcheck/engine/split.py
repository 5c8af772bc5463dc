"""Rule split (opt-in, --split): one large file checked on two cores, with the serial result.

A forked child reads the file itself and runs the row checks (scope "row"); the parent reads it too and runs
everything else: the catalogue-scope rules (uniqueness, required columns …) and the run-scope ones (四级四同).
Both see every row in order, so each rule behaves as in a serial run; the child sends back its findings
detached (processes.py) and the parent adopts them (its suppressions apply) pointing at its own catalogues.
Reading twice is the price, and for a workbook the sheet is held in memory twice (so workbooks above
MAX_WORKBOOK_BYTES are checked in one process); measured slower than one process on two shared cores
(docs/PERFORMANCE.md), hence opt-in. --max-errors needs one count of findings: it keeps the run in one process.
"""
from __future__ import annotations

import os
import pickle

from ..errors import InputError
from .loop import Engine
from .processes import Detacher
from .result import FileResult

MIN_BYTES = 4 << 20          # smaller files are checked in one process: a fork costs more than it saves
MAX_WORKBOOK_BYTES = 32 << 20  # a workbook's sheet is held in memory by each reader: above this, one process


def worthwhile(path: str) -> bool:
    try:
        size = os.path.getsize(path)
    except OSError:
        return False
    if size < MIN_BYTES:
        return False
    import multiprocessing
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    return size <= MAX_WORKBOOK_BYTES or not path.lower().endswith((".xlsx", ".xlsm", ".xls"))


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


def _row_checks(conn, plan, path) -> None:
    try:
        engine = Engine(plan.only("row"))
        engine.check_file(path)          # reading errors: the parent reports them
        d = Detacher()
        conn.send_bytes(pickle.dumps([d.finding(f) for f in engine.findings], pickle.HIGHEST_PROTOCOL))
    except BaseException as exc:           # noqa: BLE001 — the parent re-raises it as an internal error
        conn.send_bytes(pickle.dumps(RuntimeError(f"row checks of {path}: {exc!r}")))
    finally:
        conn.close()


def check_split(engine: Engine, path: str) -> FileResult:
    """Check `path`: row checks in a child, the rest in `engine` (whose plan is the whole run's)."""
    import multiprocessing
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_row_checks, args=(send, engine.plan, path), daemon=True)
    child.start()
    send.close()
    try:
        fr = engine.check_file(path, row_checks=False)
        try:
            found = pickle.loads(receive.recv_bytes())
        except EOFError:                 # the child died (a reader crash): this file only, the batch goes on
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
    engine.adopt(found)
    return fr
