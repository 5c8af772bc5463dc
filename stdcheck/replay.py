"""Column-wise running of row checks that declare the elements they read (`@rule(..., reads=...)`).

Rows are taken in chunks. For each such check the chunk's values of its elements are gathered column
by column, and the check runs once per distinct combination in the catalogue; rows whose combination
was seen before get the same verdict replayed (new findings at their own cells). A catalogue column
holds few distinct values (units, code-table values, phone numbers of a department), so most rows cost
a dictionary lookup per check instead of a call. Rows with a non-text cell are always checked directly.
A check whose first chunk shows mostly distinct values (codes, names) is called row by row from then
on: remembering verdicts that never repeat only costs time.
"""
from __future__ import annotations

from itertools import repeat

CHUNK = 4096
LIMIT = 100_000          # distinct combinations remembered per check and catalogue
DIRECT = 0.8             # share of distinct combinations in the first chunk above which replay stops
_MISS = object()


class Replayed:
    __slots__ = ("active", "check", "ctx", "fields", "cache", "direct")

    def __init__(self, active, check, ctx):
        reads = active.rule.reads
        self.active = active
        self.check = check
        self.ctx = ctx
        self.fields = tuple(reads(ctx.opts) if callable(reads) else reads)
        self.cache: dict = {}
        self.direct = False


def _verdict(found):
    return tuple((f.field, f.message, f.params, f.level) for f in found) if found else None


def _replay(m, verdict):
    out = []
    for field, message, params, level in verdict:
        f = m.finding(field, message, **params)
        f.level = level
        out.append(f)
    return out


def run_chunk(chunk: list, replayed: list[Replayed], emit) -> None:
    values = [m.values for m in chunk]
    typed = [i for i, m in enumerate(chunk) if m.types is not None]
    columns: dict = {}
    for r in replayed:
        if r.direct:
            check, ctx, active = r.check, r.ctx, r.active
            for m in chunk:
                found = check(m, ctx)
                if found is not None:
                    emit(active, found)
            continue
        for f in r.fields:
            if f not in columns:
                columns[f] = [v.get(f) for v in values]
        first = not r.cache
        keys = columns[r.fields[0]] if len(r.fields) == 1 else list(zip(*(columns[f] for f in r.fields)))
        cache = r.cache
        hits = list(map(cache.get, keys, repeat(_MISS)))
        for i in typed:
            hits[i] = _MISS
        for i in [i for i, h in enumerate(hits) if h is not None]:
            m, hit = chunk[i], hits[i]
            if hit is _MISS:
                if m.types is None:
                    hit = cache.get(keys[i], _MISS)      # an earlier row of this chunk may have filled it
                if hit is _MISS:
                    found = r.check(m, r.ctx)
                    found = list(found) if found is not None else None
                    if m.types is None and len(cache) < LIMIT:
                        cache[keys[i]] = _verdict(found)
                    if found:
                        emit(r.active, found)
                    continue
                if hit is None:
                    continue
            emit(r.active, _replay(m, hit))
        if first and len(chunk) == CHUNK and len(cache) > DIRECT * CHUNK:
            r.direct, r.cache = True, {}
