"""Read-ahead: read one file in a forked child process while the parent checks its rows.

Reading (unzipping and parsing a workbook, decoding a CSV, building the rows) and checking take
comparable time, so on two cores they overlap: the child runs the reader and sends the matters in
batches through a pipe; the parent keeps the engine, so every rule — including the catalogue- and
run-scope ones — sees the rows in order exactly as in a serial run, and the findings are identical.

Protocol (child → parent, pickled tuples): ("cats", [catalogue without rows]), then per catalogue
("rows", index, [row tuples]) … ("end", index, count, partial, notes, meta), finally ("done",);
an InputError or OSError in the child is sent as ("error", message, params) and raised in the parent
where the rows were being consumed.
"""
from __future__ import annotations

import copy
import multiprocessing as mp
import os

from .model import Matter
from .sources import InputError, ReadOptions, read

BATCH = 2000
MIN_BYTES = 4 << 20          # smaller files are read in-process: a fork costs more than it saves


def worthwhile(path: str) -> bool:
    try:
        return os.path.getsize(path) >= MIN_BYTES and "fork" in mp.get_all_start_methods()
    except OSError:
        return False


def _bare(cat):
    c = copy.copy(cat)
    c.matters = ()
    return c


def _produce(conn, path: str, options: ReadOptions) -> None:
    try:
        try:
            cats = read(path, options)
            conn.send(("cats", [_bare(c) for c in cats]))
            for i, cat in enumerate(cats):
                batch = []
                try:
                    for m in cat.matters:
                        batch.append((m.values, m.row, m.lines, m.types, m.line))
                        if len(batch) == BATCH:
                            conn.send(("rows", i, batch))
                            batch = []
                except (InputError, OSError):
                    if batch:                   # the rows read before the error are checked too
                        conn.send(("rows", i, batch))
                    raise
                if batch:
                    conn.send(("rows", i, batch))
                conn.send(("end", i, cat.count, cat.partial, cat.notes, cat.meta))
            conn.send(("done",))
        except InputError as exc:
            conn.send(("error", exc.message, exc.params))
        except OSError as exc:
            conn.send(("error", "input.os_error", {"reason": exc.strerror or str(exc)}))
    except (BrokenPipeError, EOFError):   # the parent stopped listening (e.g. --max-errors reached)
        pass
    finally:
        conn.close()


class ReadAhead:
    """The catalogues of `path`, read by a child process; use as a context manager."""

    def __init__(self, path: str, options: ReadOptions):
        ctx = mp.get_context("fork")
        self._conn, child = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=_produce, args=(child, path, options), daemon=True)
        self._proc.start()
        child.close()

    def _receive(self):
        try:
            msg = self._conn.recv()
        except EOFError:
            raise InputError("input.reader_died") from None
        if msg[0] == "error":
            raise InputError(msg[1], **msg[2])
        return msg

    def catalogues(self) -> list:
        cats = self._receive()[1]
        for i, cat in enumerate(cats):
            cat.matters = self._rows(i, cat)
        return cats

    def _rows(self, index: int, cat):
        seen = 0
        while True:
            try:
                msg = self._receive()
            except InputError:
                cat.count = seen            # the rows received before the child's error (or limit)
                raise
            if msg[0] == "rows" and msg[1] == index:
                seen += len(msg[2])
                for values, row, lines, types, line in msg[2]:
                    yield Matter(cat, values, row, lines, types, line)
            elif msg[0] == "end" and msg[1] == index:
                cat.count, cat.partial, cat.notes, cat.meta = msg[2:]
                return
            else:                                   # the protocol is sequential; anything else is a bug
                raise RuntimeError(f"read-ahead: unexpected message {msg[0]!r} for catalogue {index}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._conn.close()
        self._proc.join(timeout=0.5)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()
