"""Column expressions that pick the rows a row check must look at (`@rule(..., where=...)`, rules/__init__.py).

For each chunk of rows the loop builds one polars frame of the elements the expressions name (text as read, ''
when absent; and `__typed`, whether the row has a non-text cell, when an expression names it: rules/where.py
`typed`) and evaluates every expression of the catalogue's row checks in one `select`; a check then runs only
on the rows its expression selects. A row the expression leaves out is one the check would have passed: the
promise tests/test_prefilter.py holds each rule to. The check itself makes the findings, so messages and
parameters are the same either way.
"""
from __future__ import annotations

import os

from ..rules.where import TYPED

_FIRST: dict = {}          # the process that first used polars, and whether it could


def available() -> bool:
    """polars works in this process. Where it cannot (no wheel for the platform; an address-space limit too small
    for its library, as under `stdcheck serve --memory-mb`; a process forked after its parent used polars, whose
    thread pool does not survive the fork and would deadlock), every row is checked: the same findings, slower."""
    if not _FIRST:
        try:
            import polars as pl
            pl.Series([""]).str.contains("a")   # a library that failed to load imports, then fails when used
            _FIRST.update(pid=os.getpid(), ok=True)
        except Exception:      # noqa: BLE001 — a native library that fails to load raises more than ImportError
            _FIRST.update(pid=os.getpid(), ok=False)
    return _FIRST["ok"] and _FIRST["pid"] == os.getpid()


class Prefilter:
    def __init__(self, exprs: dict):
        """exprs: key -> polars expression (true: the row may fail)."""
        import polars as pl
        self.keys = list(exprs)
        self.exprs = [e.alias(str(k)) for k, e in exprs.items()]
        fields = sorted({f for e in self.exprs for f in e.meta.root_names()})
        self.typed = TYPED in fields
        self.schema = {f: pl.String for f in fields if f != TYPED}

    def flag(self, chunk) -> dict:
        """key -> indices (in the chunk) of the rows to check."""
        import polars as pl
        matters = chunk.matters
        # polars reads the element values straight from the rows' dictionaries (a cell left empty is null, then ''):
        # one pass in Rust instead of a Python list per column. A column the sheet lacks is '' on every row, even
        # where a row got the element otherwise (a 权责清单's department rows fill 实施主体: lists.headings).
        cat = matters[0].catalogue
        columns = [pl.from_dicts([m.values for m in matters], schema=self.schema).fill_null("")
                   .with_columns(pl.lit("").alias(f) for f in self.schema if not cat.has(f))] if self.schema else []
        if self.typed:
            columns.append(pl.DataFrame([pl.Series(TYPED, [m.types is not None for m in matters], dtype=pl.Boolean)]))
        frame = pl.concat(columns, how="horizontal") if columns else pl.DataFrame()
        out = frame.lazy().select(self.exprs).collect()     # lazily: expressions share their common parts (text())
        n, flags = len(matters), {}
        for k in self.keys:
            verdict = out.get_column(str(k)).fill_null(True)                  # null: checked
            if len(verdict) != n:            # an expression of no column (where.never()): one value for every row
                flags[k] = list(range(n)) if verdict[0] else []
            else:
                flags[k] = verdict.arg_true().to_list()
        return flags


def attach(hooks: list):
    """Restrict the rows of the hooks that have a `where` to the rows it selects; returns the Prefilter that makes
    those selections for each chunk (None when no hook has one)."""
    exprs = {i: h.where for i, h in enumerate(hooks) if h.where is not None}
    for i in exprs:
        hooks[i].rows = only(hooks[i].rows, i)
    return Prefilter(exprs) if exprs else None


def only(rows, key):
    """rows(chunk) restricted to the rows the chunk's prefilter flags selected under `key`."""
    from .replay import Chunk

    def filtered(chunk):
        idx = chunk.flags[key]
        if not idx:
            return None
        if len(idx) == len(chunk.matters):
            return rows(chunk)
        matters = chunk.matters
        return rows(Chunk([matters[i] for i in idx]))
    return filtered
