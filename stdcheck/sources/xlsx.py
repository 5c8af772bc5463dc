"""Excel workbooks (.xlsx/.xlsm, and legacy .xls) through python-calamine.

Engine choice (measured, see docs/PERFORMANCE.md and benchmarks/read_engines.py): calamine reads a
sheet several times faster than openpyxl's read-only mode, keeps each cell's type (so a code typed
as a number is visible), and reads .xls too. openpyxl stays for writing reports.
"""
from __future__ import annotations

from itertools import chain

from ..fields import for_columns
from ..model import Catalogue
from ..errors import InputError
from .base import ReadOptions
from .batch import Batched, batches
from .columnar import worth
from .tabular import HEADER_SCAN_ROWS, find_header, map_columns, no_header, two_row_header


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
            raise InputError("input.no_sheet", sheet=options.sheet, sheets=tuple(names))
        wanted = [options.sheet]
    else:
        hidden = {m.name for m in wb.sheets_metadata if str(m.visible).rsplit(".", 1)[-1] != "Visible"}
        wanted = [n for n in names if n not in hidden]
    catalogues, unread = [], []
    for name in wanted:
        _bound_extent(path, name)       # before the parser allocates the sheet's grid
        try:
            sheet = wb.get_sheet_by_name(name)
        except Exception as exc:
            if type(exc).__name__ == "XmlError" and not str(exc).startswith("I/O error"):
                # XmlError('t') says little alone: find where the XML breaks
                raise _xml_error(path, name, exc) from None
            reason = f"{type(exc).__name__}: {exc}" if len(str(exc)) < 20 else str(exc)
            raise InputError("input.sheet_unreadable", sheet=name, reason=reason[:200]) from None
        cat = _catalogue(path, name, sheet, options.columns, unread)
        if cat is not None:
            catalogues.append(cat)
    if not catalogues:
        raise no_header(unread[0]) if unread else InputError("input.no_header")
    return catalogues


def _catalogue(path: str, name: str, sheet, columns: dict | None = None, unread: list | None = None) -> Catalogue | None:
    """The sheet's catalogue, or None when it has no header (its first rows are then appended to `unread`)."""
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
    fields = for_columns(columns)
    index = find_header(head, fields)
    if index is None:
        if unread is not None and head:
            unread.append(head)
        return None
    top, last, header = index, index, head[index]
    try:
        merges = sheet.merged_cell_ranges      # None or absent for some formats (.xls)
    except Exception:
        merges = None
    split = two_row_header(head, index, merges, first_col, fields) if merges else None
    if split is not None:                        # 办结时限 merged over 法定办结时限 | 承诺办结时限
        top, last, header = split
    cat = Catalogue(path=path, format="xlsx", sheet=name, header_row=top + 1)
    pairs = map_columns(cat, header, first_col, fields, head[last + 1:])
    cat.columnar = worth(sheet.height)
    cat.matters = Batched(batches(cat, enumerate(chain(head[last + 1:], rows), last + 2), pairs,
                                  columnar=cat.columnar))
    return cat


def _bound_extent(path: str, name: str) -> None:
    """limits.check_extent on the sheet's XML part (.xlsx/.xlsm; a legacy .xls has no parts to scan)."""
    import zipfile
    from .limits import check_extent
    if not zipfile.is_zipfile(path):
        return
    with zipfile.ZipFile(path) as zf:
        try:
            part = _sheet_part(zf, name)
        except Exception:                   # no relationships to follow: the parser reports the damage
            return
        if part is not None and part in zf.NameToInfo:
            try:
                check_extent(zf, part, name)
            except InputError:
                raise
            except Exception:               # a damaged part (bad CRC, lying sizes): the parser words the error
                return


def _sheet_part(zf, name: str) -> str | None:
    """The ZIP part of the sheet called `name` (xl/workbook.xml -> its relationship target)."""
    import posixpath
    import xml.etree.ElementTree as ET
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    rid = next((s.get(rel) for s in ET.fromstring(zf.read("xl/workbook.xml")).iter(main + "sheet")
                if s.get("name") == name), None)
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels if r.get("Id") == rid), None)
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _xml_error(path: str, name: str, exc: Exception) -> InputError:
    """A clear reason for a sheet whose XML the parser gave up on: the part, the XML problem and the last
    cell read before it (an expat pass over the part; DOCTYPE/ENTITY were refused before, sizes bounded)."""
    import xml.parsers.expat
    import zipfile
    short = f"{type(exc).__name__}: {exc}"[:120]
    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, name)
            if part is None:
                return InputError("input.sheet_xml_short", sheet=name, reason=short)
            last = {"cell": None, "row": None}

            def start(tag, attrs):
                local = tag.rsplit(":", 1)[-1]
                if local == "c" and "r" in attrs:
                    last["cell"] = attrs["r"]
                elif local == "row" and "r" in attrs:
                    last["row"], last["cell"] = attrs["r"], None

            parser = xml.parsers.expat.ParserCreate()
            parser.StartElementHandler = start
            try:
                with zf.open(part) as fh:
                    while chunk := fh.read(1 << 20):
                        parser.Parse(chunk, False)
                    parser.Parse(b"", True)
            except xml.parsers.expat.ExpatError as err:
                reason = xml.parsers.expat.ErrorString(err.code)
                if last["cell"]:
                    where, where_en = f"单元格 {name}!{last['cell']} 之后", f"after cell {name}!{last['cell']}"
                elif last["row"]:
                    where, where_en = f"第{last['row']}行", f"row {last['row']}"
                else:
                    where, where_en = f"XML 第{err.lineno}行第{err.offset + 1}列", \
                        f"XML line {err.lineno}, column {err.offset + 1}"
                return InputError("input.sheet_xml", sheet=name, part=part, where=where, where_en=where_en,
                                  reason=reason)
    except Exception:             # the part cannot be located or read: say what the parser said
        pass
    return InputError("input.sheet_xml_short", sheet=name, reason=short)
