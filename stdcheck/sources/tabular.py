"""Shared by the xlsx and csv readers: header detection, column mapping and cell texts (rows: batch.py)."""
from __future__ import annotations

import datetime as dt
from typing import Sequence

from ..columns import columns_line, fits, guess_columns
from ..fields import FieldDictionary, dictionary
from ..model import Catalogue, column_letter

HEADER_SCAN_ROWS = 30
SAMPLE_ROWS = 30         # rows below the header whose values choose between two columns of one element


def find_header(rows: list[Sequence], fields: FieldDictionary | None = None) -> int | None:
    """Index (in `rows`) of the row that names the most known elements; at least two are needed, or one
    header of the user's mapping (`fields` with columns:, see fields.for_columns)."""
    fields = fields or dictionary()
    best, best_index = 0, None
    for i, row in enumerate(rows):
        cells = [c for c in row if isinstance(c, str) and c]
        hits = {fields.match(c) for c in cells}
        hits.discard(None)
        if len(hits) > best and (len(hits) >= 2 or any(map(fields.user_mapped, cells))):
            best, best_index = len(hits), i
    return best_index


def no_header(rows: list[Sequence], row_number=lambda i: i + 1):
    """The error for a table without a recognisable header: it names the first non-empty row's headers and
    shows the `columns:` line that would map them (elements guessed from the header or the values below).
    `row_number(i)`: the physical row (xlsx) or line (csv) of rows[i]."""
    from ..errors import InputError
    for i, row in enumerate(rows):
        cells = [cell_text(c)[0].strip() if c is not None else "" for c in row]
        if any(cells):
            samples = [[cell_text(c)[0] if c is not None else "" for c in r] for r in rows[i + 1:i + 1 + SAMPLE_ROWS]]
            guessed = guess_columns(cells, samples)
            return InputError("input.no_header_columns", row=row_number(i), headers=tuple(c for c in cells if c),
                              line=columns_line(guessed), line_en=columns_line(guessed, en=True))
    return InputError("input.no_header")


def two_row_header(rows: list[Sequence], index: int, merges, first_col: int = 0,
                   fields: FieldDictionary | None = None) -> tuple[int, int, list] | None:
    """A header in two rows: cells merged across columns in one row (办结时限 over two columns) with the
    element labels in the row below (法定办结时限 | 承诺办结时限). `index` is the row find_header chose
    (the upper or the lower of the two). Returns (upper row, lower row, labels): under a merged cell the
    lower row's label (or the merged label followed by it, when only that names an element: 法定办结时限 +
    单位); elsewhere the upper row's. None when the header is one row. `merges`: the sheet's merged ranges
    ((row, col), (row, col)), 0-based, absolute; `rows` start at row 0 and at column `first_col`."""
    if not merges:
        return None
    fields = fields or dictionary()
    for top in (index, index - 1):
        if top < 0 or top + 1 >= len(rows):
            continue
        spans = [(c0 - first_col, c1 - first_col) for (r0, c0), (r1, c1) in merges if r0 == r1 == top and c1 > c0]
        if not spans:
            continue
        upper, lower = rows[top], rows[top + 1]
        if top != index and len({fields.match(c) for c in upper if isinstance(c, str) and c} - {None}) < 2:
            continue                     # a title above the header is not the upper half of one
        labels = list(upper) + [""] * max(0, len(lower) - len(upper))
        found = False
        for a, b in spans:
            parent = upper[a] if 0 <= a < len(upper) and isinstance(upper[a], str) else ""
            for j in range(max(a, 0), min(b + 1, len(lower))):
                cell = lower[j]
                if not isinstance(cell, str) or not cell.strip():
                    continue
                label = cell
                if fields.match(cell) is None and parent and fields.match(parent.strip() + cell.strip()):
                    label = parent.strip() + cell.strip()
                found = found or fields.match(label) is not None
                labels[j] = label
        if found:
            return top, top + 1, labels
    return None


UNKNOWN_LISTED = 20            # unknown columns reported one by one; past them, one summary per sheet


def map_columns(cat: Catalogue, header: Sequence, first_col: int = 0, fields: FieldDictionary | None = None,
                sample: Sequence[Sequence] = ()) -> list[tuple[str, int]]:
    """Fill cat.columns/headers from the header row; note unknown and duplicate columns. When two columns name
    one element, the one whose values in `sample` (the first rows below the header) fit it best is read
    (a code column for a code element), the first on a tie. The first unknown columns are kept with their sample
    values in cat.meta["unknown_columns"] (letter, header, values) for the hints of a missing column."""
    fields = fields or dictionary()
    sample = sample[:SAMPLE_ROWS]

    def texts(j: int) -> list[str]:       # only for the columns that need them: the listed unknown ones, duplicates
        return [cell_text(r[j])[0] if j < len(r) and r[j] is not None else "" for r in sample]

    found: dict[str, list[int]] = {}
    unknown = []
    count, summary = 0, None
    for j, cell in enumerate(header):
        if cell is None or cell == "":
            continue
        fid = fields.match(str(cell))
        if fid is None:
            count += 1
            letter = column_letter(first_col + j)
            if count <= UNKNOWN_LISTED:
                unknown.append((letter, str(cell).strip(), tuple(texts(j))))
                cat.notes.append(("input.unknown_column", {"header": str(cell).strip()}, letter, None))
            else:                       # a header of a million unknown columns: one finding, not a million
                if summary is None:
                    summary = {}
                    cat.notes.append(("input.unknown_column_more", summary, letter, None))
                summary.update(count=count - UNKNOWN_LISTED, last=letter)
        else:
            found.setdefault(fid, []).append(j)
    pairs: list[tuple[str, int]] = []
    for fid, columns in found.items():
        best = max(columns, key=lambda j: (fits(fid, texts(j)), -j)) if len(columns) > 1 else columns[0]
        cat.columns[fid] = column_letter(first_col + best)
        cat.headers[fid] = str(header[best])
        pairs.append((fid, best))
        if fields.loose(header[best]):           # read by a loose platform key: its findings are warnings (IO003)
            cat.meta.setdefault("loose", set()).add(fid)
            cat.notes.append(("input.loose_column", {"header": str(header[best]).strip(), "element": fields[fid].label},
                              cat.columns[fid], None))
        for j in columns:
            if j != best:
                cat.notes.append(("input.duplicate_column", {"header": str(header[j]).strip(), "first": cat.columns[fid]},
                                  column_letter(first_col + j), None))
    cat.meta["unknown_columns"] = unknown
    pairs.sort(key=lambda p: p[1])
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

