"""Chunks of rows, and the column-wise running of row checks that declare the elements they read
(`@rule(..., reads=...)`).

Rows are taken in chunks. For each such check the chunk's values of its elements are gathered column
by column (once per chunk, shared by the checks), and the check runs once per distinct combination in the
catalogue; rows whose combination was seen before get the same verdict replayed (new findings at their own
cells). A catalogue column holds few distinct values (units, code-table values, phone numbers of a
department), so most rows cost a dictionary lookup per check instead of a call. Rows with a non-text cell
are always checked directly. A check whose first chunk shows mostly distinct values (codes, names) is
called row by row from then on: remembering verdicts that never repeat only costs time.
"""
from __future__ import annotations

from itertools import repeat

from ..sources.batch import CHUNK, Batch

LIMIT = 100_000          # distinct combinations remembered per check and catalogue
DIRECT = 0.8             # share of distinct combinations in the first chunk above which replay stops
_MISS = object()


class Chunk:
    """Up to CHUNK consecutive matters of one catalogue, with their columns gathered on demand. A chunk of a
    tabular reader's batch (`of`) takes its columns from the batch and makes a row's Matter only when a rule
    reads `matters[i]` (LazyMatters)."""
    __slots__ = ("matters", "flags", "batch", "_columns")

    def __init__(self, matters, batch: Batch | None = None):
        self.matters = matters
        self.batch = batch
        self.flags: dict = {}          # prefilter key -> indices of the rows to check (prefilter.py)
        self._columns: dict = {}

    @classmethod
    def of(cls, batch: Batch) -> "Chunk":
        return cls(LazyMatters(batch), batch)

    def subset(self, idx: list[int]) -> "Chunk":
        """A chunk of the matters at `idx` (a prefilter's selection)."""
        return Chunk(self.take(idx))

    def take(self, idx) -> list:
        """The matters at `idx`: of a batch, those not made yet made together (one gather from its columns, not one
        look-up of a row each)."""
        matters = self.matters
        return matters.take(idx) if isinstance(matters, LazyMatters) else [matters[i] for i in idx]

    def derived(self, key, make):
        """A column computed from the chunk once and shared by the rules that ask for it under `key`
        (make(chunk) -> list, one value per matter: e.g. the codes as they should have been typed)."""
        col = self._columns.get(key)
        if col is None:
            col = self._columns[key] = make(self)
        return col

    def column(self, field: str) -> list:
        """The element's values as read (None where absent)."""
        return self.derived(field, lambda ch: _column(ch, field))

    @property
    def catalogue(self):
        return self.batch.catalogue if self.batch is not None else self.matters[0].catalogue

    @property
    def places(self) -> list[int]:
        """Each matter's place: its physical row (xlsx, csv) or YAML line (Matter.place)."""
        if self.batch is not None:
            return self.batch.places
        return self.derived(("place",), lambda ch: [m.row if m.row is not None else m.line for m in ch.matters])

    @property
    def typed(self) -> list[int]:
        """Indices of the rows with a non-text cell."""
        return self.derived(("typed",), _typed)


def _column(chunk: Chunk, field: str) -> list:
    batch = chunk.batch
    if batch is None:
        return [m.values.get(field) for m in chunk.matters]
    return batch.column(field)


def _typed(chunk: Chunk) -> list[int]:
    batch = chunk.batch
    if batch is None:
        return [i for i, m in enumerate(chunk.matters) if m.types is not None]
    return [i for i, t in enumerate(batch.types) if t is not None] if batch.types else []


class LazyMatters:
    """The matters of a batch as a sequence; each is made the first time it is asked for."""
    __slots__ = ("batch", "made")

    def __init__(self, batch: Batch):
        self.batch = batch
        self.made: list = [None] * len(batch)

    def __len__(self) -> int:
        return len(self.made)

    def __getitem__(self, i: int):
        m = self.made[i]
        if m is None:
            m = self.made[i] = self.batch.matter(i)
        return m

    def take(self, idx: list[int]) -> list:
        """The matters at `idx`, those not made yet made together (Batch.matters)."""
        made = self.made
        missing = [i for i in idx if made[i] is None]
        for i, m in zip(missing, self.batch.matters(missing) if missing else ()):
            made[i] = m
        return [made[i] for i in idx]

    def __iter__(self):           # all of them: made together
        return iter(self.take(range(len(self.made))))


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

    def rows(self, chunk: Chunk) -> list:
        check, ctx, out = self.check, self.ctx, []
        if self.direct:
            for m in chunk.matters:
                found = check(m, ctx)
                if found is not None:
                    out.extend(found)
            return out
        cache = self.cache
        first = not cache
        keys = chunk.column(self.fields[0]) if len(self.fields) == 1 else \
            list(zip(*(chunk.column(f) for f in self.fields)))
        hits = list(map(cache.get, keys, repeat(_MISS)))
        for i in chunk.typed:
            hits[i] = _MISS
        todo = [i for i, h in enumerate(hits) if h is not None]       # a verdict to replay, or none yet
        for i, m in zip(todo, chunk.take(todo)):
            hit = hits[i]
            if hit is _MISS:
                if m.types is None:
                    hit = cache.get(keys[i], _MISS)      # an earlier row of this chunk may have filled it
                if hit is _MISS:
                    found = check(m, ctx)
                    found = list(found) if found is not None else None
                    if m.types is None and len(cache) < LIMIT:
                        cache[keys[i]] = _verdict(found)
                    if found:
                        out.extend(found)
                    continue
                if hit is None:
                    continue
            out.extend(_replay(m, hit))
        if first and len(chunk.matters) == CHUNK and len(cache) > DIRECT * CHUNK:
            self.direct, self.cache = True, {}
        return out


def _verdict(found):
    return tuple((f.field, f.message, f.params, f.level, f.fix) for f in found) if found else None


def _replay(m, verdict):
    out = []
    for field, message, params, level, fix in verdict:
        f = m.finding(field, message, **params).fixed(fix)
        f.level = level
        out.append(f)
    return out
