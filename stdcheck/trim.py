"""A workbook for openpyxl (annotate, fix) without the styled empty rows after the data.

A sheet formatted down to row 1,048,576 holds a million empty rows that openpyxl loads one by one (2.5 min,
3.3 GB for `--annotate`). Cells with a value end long before: the rows after the last one are cut from the
sheet XML before openpyxl sees it (in memory; the input is never touched). Only sheets whose XML is large
are looked at, so ordinary workbooks are loaded exactly as before.
"""
from __future__ import annotations

import io
import re
import zipfile

LARGE = 8 << 20                     # sheet XML below this is loaded as it is
_ROW = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]+)"')
_END = re.compile(rb"</(?:\w+:)?sheetData>")


def _last_valued_row(xml: bytes) -> int:
    from .sources.limits import VALUED_CELL
    rows = {int(r) for _, r in VALUED_CELL.findall(xml)}
    return max(rows, default=0)


def _trimmed(xml: bytes) -> bytes | None:
    """The sheet XML without the rows after the last cell with a value; None when nothing is cut."""
    last = _last_valued_row(xml)
    cut = next((m.start() for m in _ROW.finditer(xml) if int(m.group(1)) > last), None)
    end = _END.search(xml, cut) if cut is not None else None
    if cut is None or end is None:
        return None
    return xml[:cut] + xml[end.start():]


def for_openpyxl(path: str):
    """`path`, or an in-memory copy of it whose large sheets lost their empty trailing rows."""
    try:
        with zipfile.ZipFile(path) as zf:
            big = [i for i in zf.infolist() if i.filename.startswith("xl/worksheets/") and i.file_size > LARGE]
            if not big:
                return path
            parts = {i.filename: _trimmed(zf.read(i)) for i in big}
            if not any(v is not None for v in parts.values()):
                return path
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in zf.infolist():
                    data = parts.get(info.filename)
                    dst.writestr(info, data if data is not None else zf.read(info))
    except (zipfile.BadZipFile, OSError):
        return path                 # openpyxl words the error
    out.seek(0)
    return out
