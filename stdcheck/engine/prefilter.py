"""Column expressions that pick the rows a row check must look at (`@rule(..., where=...)`, rules/__init__.py).

For each chunk of rows the loop builds one polars frame of the elements the expressions name (text as read, ''
when absent; `__typed`, whether the row has a non-text cell, and `__has:<element>`, whether the sheet has the
element's column, when an expression names them: rules/where.py `typed`, `present`) and evaluates every
expression of the catalogue's row checks in one `select` (for a few chunks at once: `window`); a check then runs only
on the rows its expression selects. A row the expression leaves out is one the check would have passed: the
promise tests/test_prefilter.py holds each rule to. The check itself makes the findings, so messages and
parameters are the same either way.

Most elements of a catalogue repeat their values from row to row (units, yes/no, code-table values, a department's
phone). An expression over such elements only is evaluated once per distinct combination of their values (a group-by:
`_repeating` decides which on the catalogue's first rows), and its verdict goes to every row of the combination. A
check that declares what it reads (replay.py) is then given those combinations too (`Chunk.combos`): it runs once per
combination it does not remember, and no column is taken out of the batch for it.
"""
from __future__ import annotations

from bisect import bisect_left

from ..rules.where import PRESENT, TYPED
from .replay import Replayed


WINDOW = 4           # chunks evaluated in one select (16,384 rows): a select costs ~35 ms before its first row
CSV_WINDOW = 8       # a csv reader holds one block of the file, an xlsx reader the whole parsed sheet: a csv's chunks
#                      can wait for their select in twice the number for less peak memory than an xlsx's
FIRST = 2            # chunks of a catalogue's first window: the rules wait for it, not for a whole window to be read


def window(cat) -> int:
    """The chunks of `cat` evaluated in one select."""
    return CSV_WINDOW if cat.format == "csv" else WINDOW


class Prefilter:
    def __init__(self, exprs: dict, combined=()):
        """exprs: key -> polars expression (true: the row may fail); combined: the keys whose rows are checked per
        combination of values where the expression is (a Replayed check: chunk.combos)."""
        import polars as pl
        self.keys = list(exprs)
        self.exprs = [e.alias(str(k)) for k, e in exprs.items()]
        fields = sorted({f for e in self.exprs for f in e.meta.root_names()})
        self.typed = TYPED in fields
        self.present = [f for f in fields if f.startswith(PRESENT)]       # where.present: one value per catalogue
        self.schema = {f: pl.String for f in fields if f != TYPED and f not in self.present}
        self.roots = {k: set(e.meta.root_names()) for k, e in zip(self.keys, self.exprs)}
        self.grouped: list | None = None      # groups of keys evaluated once per distinct combination (_repeating)
        self.combined = set(combined)

    def flag(self, chunks: list) -> None:
        """Set each chunk's `flags`: key -> indices (in the chunk) of the rows to check. The chunks' rows are
        evaluated together in one select: a select costs about as much before its first row (patterns compiled,
        tables hashed) as for a chunk's rows after it, so the loop passes a few chunks at a time (window).
        The expressions whose elements repeat their values (`grouped`) are evaluated once per distinct combination of
        those values and their verdict given to every row that has it; the others row by row."""
        import polars as pl
        parts = [self._columns(c) for c in chunks]
        frame = parts[0] if len(parts) == 1 else pl.concat(parts, rechunk=False)
        # lazily: the expressions share their common parts (text())
        lazy = frame.lazy().with_columns(self._constants(chunks[0], frame))
        if self.grouped is None:
            self.grouped = self._repeating(lazy)
        grouped = {k for keys in self.grouped for k in keys}
        direct = [i for i, k in enumerate(self.keys) if k not in grouped]
        out, *by_values = pl.collect_all([lazy.select([self.exprs[i] for i in direct]),
                                          *(self._by_values(lazy, keys) for keys in self.grouped)])
        if not direct:
            chosen = []
        elif out.height == frame.height:    # the rows each expression selects (null: checked), in one conversion
            index = pl.int_range(pl.len(), dtype=pl.Int64)
            chosen = out.select(index.filter(pl.col(c).fill_null(True)).implode().alias(c) for c in out.columns).row(0)
        else:                               # expressions of no column (where.never()): one value for all rows
            chosen = [range(frame.height) if v is not False else () for v in out.row(0)]
        selected = dict(zip((self.keys[i] for i in direct), chosen))
        for chunk in chunks:
            chunk.combos = {}
        for keys, combinations in zip(self.grouped, by_values):
            lists = combinations.select(pl.col(ROW).filter(pl.col(str(k))).explode().sort().implode().alias(str(k))
                                        for k in keys).row(0)
            selected.update(zip(keys, lists))
            if combinations.height * REPEAT > frame.height:      # the values stopped repeating: decide again
                self.grouped = None
            if self.combined.intersection(keys):
                self._combos(chunks, keys, combinations)
        start = 0
        for chunk in chunks:
            n = len(chunk.matters)
            chunk.flags = {k: _within(selected[k], start, n) for k in self.keys}
            start += n

    def _combos(self, chunks: list, keys: list, combinations) -> None:
        """For each combined key of a group, each chunk's `combos[key]`: the group's elements, and each combination
        of their values the expression selects with its rows in the chunk (those that have rows there)."""
        fields = self._fields(keys)
        values = combinations.select(fields).rows()
        parts = [[] for _ in chunks]                  # per chunk: (combination, its rows there)
        for c, rows in enumerate(combinations.get_column(ROW).to_list()):
            start = 0
            for part, chunk in zip(parts, chunks):
                n = len(chunk.matters)
                idx = _within(rows, start, n)
                if idx:
                    part.append((c, idx))
                start += n
        for k in self.combined.intersection(keys):
            chosen = combinations.get_column(str(k)).to_list()
            for chunk, part in zip(chunks, parts):
                chunk.combos[k] = (fields, [(values[c], idx) for c, idx in part if chosen[c]])

    def _repeating(self, lazy) -> list:
        """Groups of keys worth evaluating per distinct combination of the values of their elements, judged on the
        first SAMPLE rows: a key whose elements take a combination of values per REPEAT rows or fewer joins the first
        group whose elements, with its own, still do (one group-by per group), else starts one; keys in the order of
        their own number of combinations. The combinations are counted in Python over each element's values as
        numbers (one select): a select per count cost a millisecond or two, and the rules wait for the first window."""
        import polars as pl
        sample = lazy.head(SAMPLE).collect()
        keys = [k for k in self.keys if self.roots[k]]       # a constant expression (where.never()) is evaluated once
        if sample.height < SAMPLE or not keys:
            return []
        elements = sorted(set().union(*(self.roots[k] for k in keys)))
        codes = dict(zip(elements, (s.to_list() for s in sample.select(pl.col(f).rank("dense") for f in elements))))
        limit = sample.height // REPEAT
        groups: list[tuple[set, list, list]] = []       # (elements, a combination number per row, keys)
        own = {k: _combinations([codes[f] for f in sorted(self.roots[k])]) for k in keys}
        for k in sorted(keys, key=lambda k: (own[k][0], k)):
            n, ids = own[k]
            if n > limit:
                break
            for fields, row_ids, members in groups:
                extra = self.roots[k] - fields
                joined = _combinations([row_ids, *(codes[f] for f in sorted(extra))])
                if joined[0] <= limit:
                    fields |= extra
                    row_ids[:] = joined[1]
                    members.append(k)
                    break
            else:
                groups.append((set(self.roots[k]), ids, [k]))
        return [members for _, _, members in groups]

    def _by_values(self, lazy, keys: list):
        """A query of the distinct combinations of values of the keys' elements: the values, the rows (ROW, ascending)
        and, per key, whether its expression selects the combination (null: checked)."""
        import polars as pl
        fields = self._fields(keys)
        exprs = dict(zip(self.keys, self.exprs))
        combinations = lazy.select(fields).with_row_index(ROW).group_by(fields).agg(pl.col(ROW))
        return combinations.with_columns(exprs[k].fill_null(True).alias(str(k)) for k in keys)

    def _fields(self, keys: list) -> list[str]:
        """The elements of a group of keys, in the order of the group-by's columns."""
        return sorted(set().union(*(self.roots[k] for k in keys)))

    def frame(self, chunk):
        """The chunk's frame of the elements the expressions name (as `flag` evaluates them)."""
        frame = self._columns(chunk)
        return frame.with_columns(self._constants(chunk, frame)).drop(ROWS, strict=False)

    def _columns(self, chunk):
        """The chunk's texts of the elements the expressions name that the sheet has ('' when empty), and __typed
        (a frame of no column would have no rows: then ROWS)."""
        import polars as pl
        batch, matters = chunk.batch, chunk.matters
        cat, n = chunk.catalogue, len(matters)
        fields = {f: t for f, t in self.schema.items() if cat.has(f)}
        if not fields:
            columns = []
        elif batch is not None:            # a tabular reader's columns, as they are (sources/batch.py)
            columns = batch.frame(fields).get_columns()
        else:                              # polars reads the values straight from the rows' dictionaries
            columns = pl.from_dicts([m.values for m in matters], schema=fields).fill_null("").get_columns()
        if self.typed:
            columns.append(pl.Series(TYPED, [False] * n, dtype=pl.Boolean).scatter(chunk.typed, True))
        return pl.DataFrame(columns or [pl.Series(ROWS, [True] * n)])

    def _constants(self, chunk, frame) -> list:
        """'' for each element the frame lacks: a column the sheet lacks is '' on every row, even where a row
        got the element otherwise (a 权责清单's department rows fill 实施主体: lists.headings); `__has:` per
        catalogue."""
        import polars as pl
        cat = chunk.catalogue
        return [*(pl.lit("", dtype=pl.String).alias(f) for f in self.schema if f not in frame.columns),
                *(pl.lit(cat.has(f[len(PRESENT):]), dtype=pl.Boolean).alias(f) for f in self.present)]


ROWS = "__rows"          # the column of a frame that has no other
ROW = "__row"            # the column of row indices of a group-by of values
SAMPLE = 4096            # the first rows of a catalogue, on which `_repeating` decides what to group
REPEAT = 16              # a group-by of values pays when each combination of them comes on this many rows on average


def _combinations(columns: list) -> tuple[int, list[int]]:
    """The number of distinct combinations of the columns' values, and each row's combination as a number (its
    hash: two combinations that shared one would only make a group look a little better than it is)."""
    ids = list(map(hash, zip(*columns)))
    return len(set(ids)), ids


def attach(hooks: list):
    """Restrict the rows of the hooks that have a `where` to the rows it selects; returns the Prefilter that makes
    those selections for each chunk (None when no hook has one)."""
    exprs = {i: h.where for i, h in enumerate(hooks) if h.where is not None}
    replayed = {i: getattr(hooks[i].rows, "__self__", None) for i in exprs}
    replayed = {i: r for i, r in replayed.items() if isinstance(r, Replayed)}
    for i in exprs:
        hooks[i].rows = only(hooks[i].rows, i, replayed.get(i))
    return Prefilter(exprs, replayed) if exprs else None


def only(rows, key, replayed=None):
    """rows(chunk) restricted to the rows the chunk's prefilter flags selected under `key`; a Replayed check's
    rows, where the prefilter evaluated the expression per combination of values, checked per combination."""
    def filtered(chunk):
        idx = chunk.flags[key]
        if not idx:
            return None
        combos = chunk.combos.get(key) if replayed is not None else None
        if combos is not None and chunk.tabular and replayed.reads_within(combos[0]):
            return replayed.combined(chunk, *combos)
        if len(idx) == len(chunk.matters):
            return rows(chunk)
        return rows(chunk.subset(idx))
    return filtered


def _within(rows, start: int, n: int) -> list[int]:
    """The indices in `rows` (ascending) of the chunk of n rows at `start`, counted from the chunk's first row."""
    lo, hi = bisect_left(rows, start), bisect_left(rows, start + n)
    return [r - start for r in rows[lo:hi]]
