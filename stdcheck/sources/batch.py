"""Rows of a table read as batches of columns, and a Matter made only for a row something asks about.

The xlsx and csv readers turn the rows below the header into `Batch`es: up to CHUNK consecutive rows, their cell
texts by row and by element (`''` for an empty cell, numbers and dates as the text a person sees, their type marks
kept per row), and each row's physical row or line. A catalogue's `matters` is then a `Batched`: the engine takes
its batches (engine/loop.py) and builds the frame of its prefilters and the columns of its rules straight from
them; everything else iterates it and gets Matters as before. A Matter is made when a rule or a reporter needs
that row (`Batch.matter`).
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from ..errors import InputError
from ..model import Catalogue, Matter

CHUNK = 4096                      # rows per batch: the engine's chunk


def null_if_empty(c):
    """A batch frame's column: the texts, null where the cell is empty (as Batch.column gives None)."""
    import polars as pl
    return pl.when(c != "").then(c)


def longer_than(frame, limit: int) -> bool:
    """Some text cell of a polars frame holds more than `limit` characters. Its bytes are looked at first (a cell has
    at least as many bytes as characters, and counting them reads no text); its characters only where some cell has
    more bytes than that."""
    import polars as pl
    texts = pl.col(pl.String)
    return (frame.select(pl.max_horizontal(texts.str.len_bytes().max())).item() or 0) > limit and \
        frame.select(pl.any_horizontal(texts.str.len_chars().max() > limit)).item()


class Batch:
    __slots__ = ("catalogue", "fields", "rows", "places", "types", "_cells", "_frame")

    def __init__(self, catalogue: Catalogue, fields: list[str], rows: list[tuple] | None, places: list[int],
                 types: list[dict | None] | None = None, cells: dict | None = None, frame=None):
        self.catalogue = catalogue
        self.fields = fields          # the mapped elements, in column order
        self.rows = rows              # each row's cell texts, one per field ('' when empty); None: in `frame`
        self.places = places          # each row's physical row (xlsx) or first line (csv)
        self.types = types            # each row's type marks of its non-text cells (Matter.types), None: all text
        self._cells = cells
        self._frame = frame           # a polars frame of the fields (null when empty): polars read the rows (csv)
        #                               or holds them (xlsx)

    def __len__(self) -> int:
        return len(self.places)

    def column(self, field: str) -> list:
        """The element's texts, None where empty or where the table lacks the column."""
        if self._frame is not None:
            return self._frame.get_column(field).to_list() if field in self._frame.columns else [None] * len(self)
        col = self._texts().get(field)
        return [v or None for v in col] if col is not None else [None] * len(self)

    def _texts(self) -> dict[str, tuple]:
        if self._cells is None:
            self._cells = dict(zip(self.fields, zip(*self.rows)))
        return self._cells

    def frame(self, schema: dict):
        """A polars frame of the elements of `schema` that the table has ('' when empty)."""
        import polars as pl
        if self._frame is not None:
            return self._frame.select(f for f in schema if f in self._frame.columns).fill_null("")
        texts = self._texts()
        return pl.DataFrame({f: texts[f] for f in schema if f in texts},
                            schema={f: t for f, t in schema.items() if f in texts})

    def matter(self, i: int) -> Matter:
        return self._matter(i, self.rows[i] if self.rows is not None else self._frame.row(i))

    def matters(self, idx: list[int]) -> list[Matter]:
        """The Matters of rows `idx`. Taking text out of polars' frame costs by the row, so only those rows are."""
        if self.rows is not None:
            rows = [self.rows[i] for i in idx]
        else:       # a row at a time: as fast as a gather, which lets go of the interpreter and must wait to get it back
            rows = map(self._frame.row, idx)
        return list(map(self._matter, idx, rows))

    def _matter(self, i: int, row: tuple) -> Matter:
        return Matter(self.catalogue, {f: v for f, v in zip(self.fields, row) if v}, self.places[i], None,
                      self.types[i] if self.types else None)

    def head(self, k: int) -> "Batch":
        """The first k rows."""
        return Batch(self.catalogue, self.fields, self.rows[:k] if self.rows is not None else None, self.places[:k],
                     self.types[:k] if self.types else None, None,
                     self._frame.head(k) if self._frame is not None else None)

    def first_longer(self, limit: int) -> tuple[int, str] | None:
        """(row index, element) of the first cell longer than `limit` characters (the leftmost on its row)."""
        if self._frame is not None:
            import polars as pl
            if not longer_than(self._frame, limit):          # the common case: one look at the bytes
                return None
            longest = self._frame.select(pl.all().str.len_chars().max()).row(0, named=True)
            texts = {f: [v or "" for v in self.column(f)] for f in self.fields if (longest.get(f) or 0) > limit}
        else:        # the join: one pass in C over a column, the cells one by one only where it is long
            texts = {f: col for f, col in self._texts().items() if len("".join(col)) > limit}
        found = None
        for f, col in texts.items():
            i = next((i for i, v in enumerate(col) if len(v) > limit), None)
            if i is not None and (found is None or i < found[0]):
                found = (i, f)
        return found


class Batched:
    """A catalogue's rows as batches (`batches()`, for the engine) or as Matters (iterating it, for the rest).
    `head(n)` reads the first rows ahead (to settle the kind and level) and keeps them for the one pass that
    follows; an error met while reading ahead is raised after the rows before it."""

    def __init__(self, batches: Iterable[Batch]):
        self._it = iter(batches)
        self._ahead: list[Batch] = []
        self._pending: InputError | None = None

    def head(self, n: int) -> list[Matter]:
        have = sum(map(len, self._ahead))
        try:
            while have < n:
                b = next(self._it, None)
                if b is None:
                    break
                self._ahead.append(b)
                have += len(b)
        except InputError as exc:
            self._pending = exc
        out: list[Matter] = []
        for b in self._ahead:
            out += b.matters(list(range(min(len(b), n - len(out)))))
        return out

    def batches(self) -> Iterator[Batch]:
        while self._ahead:
            yield self._ahead.pop(0)
        if self._pending is not None:
            raise self._pending
        yield from self._it

    def __iter__(self) -> Iterator[Matter]:
        for b in self.batches():
            yield from b.matters(list(range(len(b))))


def batches(cat: Catalogue, rows: Iterable[tuple[int, Sequence]], pairs: list[tuple[str, int]],
            text_only: bool = False, size: int = CHUNK, columnar: bool = False) -> Iterator[Batch]:
    """(physical row number, cells) pairs after the header, as Batches of the mapped columns `pairs` (element,
    index in the row); blank rows are skipped and the others counted in cat.count. When reading fails, the rows
    read before are yielded first. `text_only`: every cell is a str (csv). `columnar` (xlsx, where polars works):
    each batch keeps its texts in a polars frame, a quarter of the memory of Python strings."""
    if not pairs:
        return
    from functools import partial
    from operator import itemgetter
    width = max(j for _, j in pairs) + 1
    fids = [f for f, _ in pairs]
    pick = itemgetter(*(j for _, j in pairs))
    single = len(pairs) == 1
    pad = [""] * width
    make = _text_batch if text_only else partial(_typed_batch, columnar=columnar)
    places: list[int] = []
    picked: list[tuple] = []
    try:
        for row_no, row in rows:
            if len(row) < width:
                row = list(row) + pad[len(row):]
            cells = (pick(row),) if single else pick(row)
            if text_only:
                if not any(map(str.strip, cells)):
                    continue
            elif not any(v.strip() if v.__class__ is str else v is not None for v in cells):
                continue
            places.append(row_no)
            picked.append(cells)
            if len(places) == size:
                cat.count += size
                yield make(cat, fids, picked, places)
                places, picked = [], []
    except Exception:
        if places:
            cat.count += len(places)
            yield make(cat, fids, picked, places)
        raise
    if places:
        cat.count += len(places)
        yield make(cat, fids, picked, places)


def _text_batch(cat: Catalogue, fids: list[str], picked: list[tuple], places: list[int]) -> Batch:
    return Batch(cat, fids, picked, places)


def _typed_batch(cat: Catalogue, fids: list[str], picked: list[tuple], places: list[int],
                 columnar: bool = False) -> Batch:
    """Cells of any type (xlsx): a column with a non-text cell gets its text (tabular.cell_text) and the row its
    type mark. `columnar`: the texts in a polars frame (null when empty, as the csv reader's)."""
    from .tabular import cell_text
    columns, types, converted = [], None, False
    for f, col in zip(fids, zip(*picked)):
        if set(map(type, col)) - {str}:
            converted, col = True, list(col)
            for i, v in enumerate(col):
                if v.__class__ is str:
                    continue
                if v is None:
                    col[i] = ""
                    continue
                col[i], mark = cell_text(v)
                if mark:
                    if types is None:
                        types = [None] * len(places)
                    if types[i] is None:
                        types[i] = {}
                    types[i][f] = mark
        columns.append(col)
    if columnar:
        import polars as pl
        frame = pl.DataFrame([pl.Series(f, col, dtype=pl.String) for f, col in zip(fids, columns)])
        return Batch(cat, fids, None, places, types,
                     frame=frame.select(null_if_empty(pl.col(f)).alias(f) for f in fids))
    if converted:
        picked = list(zip(*columns))
    return Batch(cat, fids, picked, places, types, dict(zip(fids, columns)))
