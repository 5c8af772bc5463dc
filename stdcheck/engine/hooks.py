"""Every rule in one shape, as the loop runs it: `start(catalogue)`, `rows(chunk)`, `end()`, each returning
findings (or None), each possibly absent.

A rule is declared as a row function `check(matter, ctx)` or as a class with optional start/row/end methods (or
start/rows/end, where `rows(chunk)` reads a chunk's columns at a time: rules/__init__.py). A class with a `where`
may also define `count(chunk)`: it sees every row of each chunk by columns and returns nothing (a tally its `end`
reports, kept apart from the rows `where` selects). `bind` turns either into
Hooks once per catalogue; rules that declare `reads` get a `rows` that evaluates each distinct combination of those
values once (replay.py).
"""
from __future__ import annotations

from .replay import Chunk, Replayed


class Hooks:
    __slots__ = ("active", "start", "rows", "end", "where", "count")

    def __init__(self, active, start=None, rows=None, end=None, where=None, count=None):
        self.active, self.start, self.rows, self.end = active, start, rows, end
        self.where = where             # a row check's prefilter expression (prefilter.py), when it has one
        self.count = count             # count(chunk): sees every row of each chunk, whatever `where` selects


def each(fn):
    """rows(chunk) of a per-row callable fn(matter)."""
    def rows(chunk: Chunk) -> list:
        out = []
        for m in chunk.matters:
            found = fn(m)
            if found is not None:
                out.extend(found)
        return out
    return rows


def _rows(active, fn, ctx):
    """rows(chunk) of a row check fn(matter, ctx): replayed per distinct combination when it declares `reads`."""
    if active.rule.reads is not None:
        return Replayed(active, fn, ctx).rows
    return each(lambda m: fn(m, ctx))


def bind(active, ctx, where=None) -> Hooks:
    """Hooks of a rule of scope "row" or "catalogue" for one catalogue (a class is instantiated per catalogue);
    `where`: the row check's prefilter expression, when the plan uses them."""
    rule = active.rule
    if rule.scope == "row":
        return Hooks(active, rows=_rows(active, rule.check, ctx), where=where)
    return instance_hooks(active, rule.check(ctx), ctx, where)


def instance_hooks(active, inst, ctx, where=None) -> Hooks:
    """Hooks of a rule instance (scope "catalogue", or "run" with one instance for the whole run): its own
    `rows(chunk)` when it reads a chunk at a time, else its `row(matter)` for each matter."""
    rows = getattr(inst, "rows", None)
    if rows is None:
        row = getattr(inst, "row", None)
        rows = _rows(active, lambda m, _ctx: row(m), ctx) if row is not None else None
    return Hooks(active, getattr(inst, "start", None), rows, getattr(inst, "end", None), where if rows else None,
                 getattr(inst, "count", None))
