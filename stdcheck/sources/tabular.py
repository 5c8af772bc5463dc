"""Shared by the xlsx and csv readers: header detection and row -> Matter conversion."""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator, Sequence

from ..fields import dictionary
from ..model import Catalogue, Matter, column_letter

HEADER_SCAN_ROWS = 30


def find_header(rows: list[Sequence]) -> int | None:
    """Index (in `rows`) of the row that names the most known elements; at least two are needed."""
    fields = dictionary()
    best, best_index = 1, None
    for i, row in enumerate(rows):
        hits = {fields.match(c) for c in row if isinstance(c, str) and c}
        hits.discard(None)
        if len(hits) > best:
            best, best_index = len(hits), i
    return best_index


def map_columns(cat: Catalogue, header: Sequence, first_col: int = 0) -> list[tuple[str, int]]:
    """Fill cat.columns/headers from the header row; note unknown and duplicate columns."""
    fields = dictionary()
    pairs: list[tuple[str, int]] = []
    for j, cell in enumerate(header):
        if cell is None or cell == "":
            continue
        text = str(cell)
        letter = column_letter(first_col + j)
        fid = fields.match(text)
        if fid is None:
            cat.notes.append(("input.unknown_column", {"header": text.strip()}, letter, None))
        elif fid in cat.columns:
            cat.notes.append(("input.duplicate_column", {"header": text.strip(), "first": cat.columns[fid]}, letter, None))
        else:
            cat.columns[fid] = letter
            cat.headers[fid] = text
            pairs.append((fid, j))
    return pairs


def cell_text(value) -> tuple[str, str | None]:
    """A non-text cell value as the text a person sees, and its type mark."""
    if isinstance(value, bool):
        return ("是" if value else "否"), "b"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value)), "n"
        return format(value, "G"), "n"
    if isinstance(value, int):
        return str(value), "n"
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            value = value.date()
        return value.isoformat(), "d"
    if isinstance(value, dt.timedelta):
        return str(value), "d"
    return str(value), None


def matters(cat: Catalogue, rows: Iterable[tuple[int, Sequence]],
            pairs: list[tuple[str, int]]) -> Iterator[Matter]:
    """(physical row number, cells) pairs after the header, as Matters; blank rows are skipped."""
    width = max((j for _, j in pairs), default=-1) + 1
    for row_no, row in rows:
        if len(row) < width:
            row = list(row) + [""] * (width - len(row))
        values: dict[str, str] = {}
        types = None
        for fid, j in pairs:
            v = row[j]
            if v.__class__ is str:
                if v:
                    values[fid] = v
            elif v is not None and v != "":
                text, mark = cell_text(v)
                values[fid] = text
                if mark:
                    if types is None:
                        types = {}
                    types[fid] = mark
        if not values or not any(v.strip() for v in values.values()):
            continue
        cat.count += 1
        yield Matter(cat, values, row_no, None, types)
