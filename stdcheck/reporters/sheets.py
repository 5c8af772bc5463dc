"""Cells and sheet setup shared by every workbook stdcheck writes (the xlsx report, its 统计 and 四级四同 sheets, the
diff report, the annotated copies' notes sheet): a value is always written as data, never as a formula."""
from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill

from ..levels import LEVEL_FILL
from ..safe import text_cell

VERDICT_FILL = {True: "FFC7CE", False: "C6EFCE"}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
WRAP = Alignment(wrap_text=True, vertical="top")


def put(ws, row: int, col: int, value, bold: bool = False):
    """Write a cell as data (safe.text_cell): text that a spreadsheet would read as a formula stays text, and
    characters a worksheet cannot hold (ESC, BEL … from a CSV value) are written escaped (\\x1b)."""
    return styled(ws.cell(row=row, column=col), value, bold)


def styled(c, value, bold: bool = False):
    text_cell(c, value)
    if bold:
        c.font = BOLD
    return c


def level_fill(level: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=LEVEL_FILL[level], end_color=LEVEL_FILL[level])


def print_setup(ws, title_rows: str | None = "1:1") -> None:
    """A4 landscape, fit to the page width (as many pages down as needed), the header rows on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9                           # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title_rows:
        ws.print_title_rows = title_rows
