"""Excel workbooks (.xlsx/.xlsm, and legacy .xls) through python-calamine.

Engine choice (measured, see docs/PERFORMANCE.md and benchmarks/read_engines.py): calamine reads a
sheet several times faster than openpyxl's read-only mode, keeps each cell's type (so a code typed
as a number is visible), and reads .xls too. openpyxl stays for writing reports.
"""
from __future__ import annotations

from itertools import chain

from ..model import Catalogue
from . import InputError, ReadOptions
from .tabular import HEADER_SCAN_ROWS, find_header, map_columns, matters


def _open(path: str):
    import python_calamine as pc
    try:
        return pc.CalamineWorkbook.from_path(path)
    except Exception as exc:  # calamine raises several types for a damaged or foreign file
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "password" in text.lower() or "encrypt" in text.lower() or type(exc).__name__ == "PasswordError":
            raise InputError("input.encrypted") from None
        raise InputError("input.xlsx_unreadable", reason=text[:200]) from None


def read(path: str, options: ReadOptions) -> list[Catalogue]:
    from .limits import precheck_workbook
    precheck_workbook(path, options)      # empty, not a workbook, encrypted, zip bomb, DOCTYPE/ENTITY
    wb = _open(path)
    names = wb.sheet_names
    if options.sheet is not None:
        if options.sheet not in names:
            raise InputError("input.no_sheet", sheet=options.sheet, sheets="、".join(names))
        wanted = [options.sheet]
    else:
        hidden = {m.name for m in wb.sheets_metadata if str(m.visible).rsplit(".", 1)[-1] != "Visible"}
        wanted = [n for n in names if n not in hidden]
    catalogues = []
    for name in wanted:
        try:
            sheet = wb.get_sheet_by_name(name)
        except Exception as exc:           # XmlError('t') says little alone: keep the error's kind
            reason = f"{type(exc).__name__}: {exc}" if len(str(exc)) < 20 else str(exc)
            raise InputError("input.sheet_unreadable", sheet=name, reason=reason[:200]) from None
        cat = _catalogue(path, name, sheet)
        if cat is not None:
            catalogues.append(cat)
    if not catalogues:
        raise InputError("input.no_header")
    return catalogues


def _catalogue(path: str, name: str, sheet) -> Catalogue | None:
    start = sheet.start
    if start is None:
        return None
    first_col = start[1]
    rows = sheet.iter_rows()
    head = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SCAN_ROWS + start[0]:
            break
    index = find_header(head)
    if index is None:
        return None
    cat = Catalogue(path=path, format="xlsx", sheet=name, header_row=index + 1)
    pairs = map_columns(cat, head[index], first_col)
    cat.matters = matters(cat, enumerate(chain(head[index + 1:], rows), index + 2), pairs)
    return cat
