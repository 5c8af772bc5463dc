"""Chunks of rows, and the column-wise running of row checks that declare the elements they read
(`@rule(..., reads=...)`).

Rows are taken in chunks. For each such check the chunk's values of its elements are gathered column
by column (once per chunk, shared by the checks), and the check runs once per distinct combination in the
catalogue; rows whose combination was seen before get the same verdict replayed (new findings at their own
cells). A catalogue column holds few distinct values (units, code-table values, phone numbers of a
department), so most rows cost a dictionary lookup per check instead of a call. Rows with a non-text cell
are always checked directly. A check whose first chunk shows mostly distinct values (codes, names) is
called row by row from then on: remembering verdicts that never repeat only costs time. Either way the check is
given only the elements it reads (a batch's row is not taken out of its frame whole for it), and the findings of
its verdict are made on the whole row, as a replayed verdict's are.
"""
from __future__ import annotations

from itertools import compress, count, repeat
from operator import is_not

from ..model import Matter
from ..sources.batch import CHUNK, Batch

LIMIT = 100_000          # distinct combinations remembered per check and catalogue
DIRECT = 0.8             # share of distinct combinations in the first chunk above which replay stops
_MISS = object()


class Chunk:
    """Up to CHUNK consecutive matters of one catalogue, with their columns gathered on demand. A chunk of a
    tabular reader's batch (`of`) takes its columns from the batch and makes a row's Matter only when a rule
    reads `matters[i]` (LazyMatters). A prefilter's selection of a chunk (`subset`) is a view of it: its columns
    and matters are the chunk's at the selected rows."""
    __slots__ = ("matters", "flags", "combos", "found", "batch", "parent", "idx", "_columns")

    def __init__(self, matters, batch: Batch | None = None, parent: "Chunk | None" = None, idx=None):
        self.matters = matters
        self.batch = batch
        self.parent = parent           # a subset: the chunk it selects from, and the rows (`idx`) it selects
        self.idx = idx
        self.flags: dict = {}          # prefilter key -> indices of the rows to check (prefilter.py)
        self.combos: dict = {}         # prefilter key -> (elements, [(values, indices)]): per combination of values
        self.found: dict = {}          # hook index -> findings of a rule that needs no prefilter, found before the flags
        self._columns: dict = {}

    @classmethod
    def of(cls, batch: Batch) -> "Chunk":
        return cls(LazyMatters(batch), batch)

    def subset(self, idx: list[int]) -> "Chunk":
        """The chunk's rows at `idx` (a prefilter's selection)."""
        if isinstance(self.matters, list):
            return Chunk([self.matters[i] for i in idx])
        return Chunk(Selected(self, idx), parent=self, idx=idx)

    def take(self, idx) -> list:
        """The matters at `idx`: of a batch, those not made yet made together (one gather from its columns, not one
        look-up of a row each)."""
        matters = self.matters
        return [matters[i] for i in idx] if isinstance(matters, list) else matters.take(idx)

    @property
    def tabular(self) -> bool:
        """The rows come from a reader's batch, their columns without a Matter (a subset: its chunk's, which is one)."""
        return self.batch is not None or self.parent is not None

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
        if self.parent is not None:
            return self.parent.catalogue
        return self.batch.catalogue if self.batch is not None else self.matters[0].catalogue

    @property
    def places(self) -> list[int]:
        """Each matter's place: its physical row (xlsx, csv) or YAML line (Matter.place)."""
        if self.batch is not None:
            return self.batch.places
        return self.derived(("place",), _places)

    @property
    def typed(self) -> list[int]:
        """Indices of the rows with a non-text cell."""
        return self.derived(("typed",), _typed)


def _column(chunk: Chunk, field: str) -> list:
    if chunk.parent is not None:
        col = chunk.parent.column(field)
        return [col[i] for i in chunk.idx]
    if chunk.batch is None:
        return [m.values.get(field) for m in chunk.matters]
    return chunk.batch.column(field)


def _places(chunk: Chunk) -> list[int]:
    if chunk.parent is not None:
        places = chunk.parent.places
        return [places[i] for i in chunk.idx]
    return [m.row if m.row is not None else m.line for m in chunk.matters]


def _typed(chunk: Chunk) -> list[int]:
    if chunk.parent is not None:
        typed = set(chunk.parent.typed)
        return [j for j, i in enumerate(chunk.idx) if i in typed] if typed else []
    batch = chunk.batch
    if batch is None:
        return [i for i, m in enumerate(chunk.matters) if m.types is not None]
    return [i for i, t in enumerate(batch.types) if t is not None] if batch.types else []


class Selected:
    """The matters of a chunk's rows at `idx`, as a sequence: made by the chunk when asked for."""
    __slots__ = ("chunk", "idx")

    def __init__(self, chunk: Chunk, idx: list[int]):
        self.chunk = chunk
        self.idx = idx

    def __len__(self) -> int:
        return len(self.idx)

    def __getitem__(self, j: int):
        return self.chunk.matters[self.idx[j]]

    def take(self, js) -> list:
        idx = self.idx
        return self.chunk.take([idx[j] for j in js])

    def __iter__(self):
        return iter(self.chunk.take(self.idx))


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
        cache = self.cache
        first = not cache
        keys = chunk.column(self.fields[0]) if len(self.fields) == 1 else \
            list(zip(*(chunk.column(f) for f in self.fields)))
        typed = set(chunk.typed)
        hits = [_MISS] * len(keys) if self.direct else list(map(cache.get, keys, repeat(_MISS)))
        for i in typed:
            hits[i] = _MISS
        read = self._reader(chunk, typed)
        verdicts = []                   # (row, verdict) of the rows with findings, in row order
        for i in compress(count(), map(is_not, hits, repeat(None))):     # rows remembered clean: not even looked at
            hit = hits[i]
            if hit is _MISS:
                remembered = not self.direct and i not in typed
                if remembered:
                    hit = cache.get(keys[i], _MISS)       # an earlier row of this chunk may have filled it
                if hit is _MISS:
                    hit = self._judged(keys[i], read(i), remembered)
            if hit is not None:
                verdicts.append((i, hit))
        if first and len(keys) == CHUNK and len(cache) > DIRECT * CHUNK:
            self.direct, self.cache = True, {}
        return _findings(chunk, verdicts)

    def reads_within(self, fields) -> bool:
        """The elements the check reads are among `fields` (a prefilter's combinations: Chunk.combos)."""
        return set(self.fields) <= set(fields)

    def combined(self, chunk: Chunk, fields: list, combos: list) -> list:
        """rows(chunk) of a reader's batch where the prefilter evaluated the check's expression per combination of
        values of `fields` (a superset of what it reads, '' when empty) and gave the combinations it selects with their
        rows (`combos`): the check runs once per combination not remembered, on those values; no column is taken out
        of the batch for it. A row with a non-text cell is checked as it is."""
        check, ctx, cache, cat, places = self.check, self.ctx, self.cache, chunk.catalogue, chunk.places
        at = [fields.index(f) for f in self.fields]
        typed = set(chunk.typed)
        verdicts = []
        for values, idx in combos:
            if typed:
                verdicts += [(i, _verdict(check(chunk.matters[i], ctx))) for i in idx if i in typed]
                idx = [i for i in idx if i not in typed]
                if not idx:
                    continue
            mine = [values[j] or None for j in at]
            key = mine[0] if len(mine) == 1 else tuple(mine)          # as `rows` keys it
            hit = cache.get(key, _MISS)
            if hit is _MISS:
                hit = self._judged(key, _reduced(cat, self.fields, mine, places[idx[0]]), not self.direct)
            verdicts += [(i, hit) for i in idx]
        return _findings(chunk, sorted((v for v in verdicts if v[1] is not None), key=lambda v: v[0]))

    def _judged(self, key, row: Matter, remember: bool):
        """The check's verdict on `row`, remembered under `key` (its values) when `remember` and the cache has room."""
        hit = _verdict(self.check(row, self.ctx))
        if remember and len(self.cache) < LIMIT:
            self.cache[key] = hit
        return hit

    def _reader(self, chunk: Chunk, typed: set):
        """i -> the row as the check is given it. Of a reader's batch, a Matter of only the elements the check reads
        (`reads`: its verdict depends on nothing else, as replaying it assumes), so no row is taken out of the
        frame whole to be checked; its findings are then made on the whole row (_replay), as for a replayed verdict.
        A row with a non-text cell, and the matters of a YAML file, as they are."""
        if not chunk.tabular:
            return chunk.matters.__getitem__
        cat, places, fields = chunk.catalogue, chunk.places, self.fields
        cols = [chunk.column(f) for f in fields]

        def read(i: int) -> Matter:
            if i in typed:
                return chunk.matters[i]
            return _reduced(cat, fields, [col[i] for col in cols], places[i])
        return read


def _reduced(cat, fields: tuple, values: list, place: int) -> Matter:
    """The row as a check that declares what it reads is given it: those elements only (the empty ones left out)."""
    return Matter(cat, {f: v for f, v in zip(fields, values) if v}, place)


def _findings(chunk: Chunk, verdicts: list) -> list:
    """The findings of (row, verdict) pairs, in their order, each made on its row's own Matter."""
    return [f for (_, verdict), m in zip(verdicts, chunk.take([i for i, _ in verdicts])) for f in _replay(m, verdict)]


def _verdict(found):
    """What a check found (None, a list or a generator of findings) as it is remembered: None when nothing."""
    return tuple((f.field, f.message, f.params, f.level, f.fix) for f in found or ()) or None


def _replay(m, verdict):
    out = []
    for field, message, params, level, fix in verdict:
        f = m.finding(field, message, **params).fixed(fix)
        f.level = level
        out.append(f)
    return out
