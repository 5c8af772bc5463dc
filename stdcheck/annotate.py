"""--annotate DIR: a copy of each input workbook with every offending cell filled by level colour and
a comment carrying the rule code, its level in words (错误/警告/提示) and the message. A finding on a whole row (a
missing column: the header row) is commented on the row's first cell; every finding without a cell of its own is
also listed on an added sheet 问题说明, so none is left out. The input is never modified (openpyxl keeps values,
styles, merged cells, widths and formulas; images and charts of the original may be lost)."""
from __future__ import annotations

import io
import os
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from .levels import LEVEL_FILL, LEVEL_RANK, LEVEL_WORDS
from .output import write_atomic
from .reporters import cell_ref, message
from .safe import xml
from .trim import for_openpyxl

WORKBOOKS = (".xlsx", ".xlsm")
SHEET = {"zh": ("问题说明", ("工作表", "位置", "规则", "级别", "问题说明")),
         "en": ("stdcheck findings", ("sheet", "where", "rule", "level", "message"))}


def fill(level: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=LEVEL_FILL[level], end_color=LEVEL_FILL[level])


def targets(paths: list[str], folder: str) -> dict[str, str]:
    """Input workbook -> its copy in `folder`: the same name; the parent folder prefixed when two names clash
    (`r/x.xlsx` -> `r_x.xlsx`); a number added when that clashes too (`s_x.xlsx` beside `s/x.xlsx` ->
    `s_x~2.xlsx`), so no copy ever overwrites another (names compared as Windows does, ignoring case)."""
    names: dict[str, int] = {}
    for p in paths:
        names[Path(p).name.lower()] = names.get(Path(p).name.lower(), 0) + 1
    out, taken = {}, {Path(p).name.lower() for p in paths if names[Path(p).name.lower()] == 1}
    for p in paths:
        name = Path(p).name
        if names[name.lower()] > 1:
            name = "_".join(Path(os.path.normpath(p)).parts[-2:])
            stem, suffix, n = Path(name).stem, Path(name).suffix, 1
            while name.lower() in taken:
                n += 1
                name = f"{stem}~{n}{suffix}"
        taken.add(name.lower())
        out[p] = os.path.join(folder, name)
    return out


def annotate(result, folder: str, lang: str = "zh") -> tuple[dict[str, str], list[tuple[str, dict]]]:
    """Write the annotated copies. Returns (input -> copy, notes as (message id, params))."""
    inputs = [fr.path for fr in result.files]
    books = [fr.path for fr in result.files if fr.status == "ok" and fr.path.lower().endswith(WORKBOOKS)]
    notes = [("annotate.skipped", {"file": fr.path}) for fr in result.files
             if fr.status == "ok" and fr.path.lower().endswith(".xls")]
    by_file: dict[str, list] = {}
    for f in result.findings:
        by_file.setdefault(f.location.file, []).append(f)
    done = {}
    for path, dest in targets(books, folder).items():
        data, cells = _annotated(path, by_file.get(path, []), lang)
        write_atomic(dest, data, inputs)          # raises OutputError when dest is an input
        done[path] = dest
        notes.append(("annotate.written", {"path": dest, "cells": cells}))
    return done, notes


def _annotated(path: str, findings: list, lang: str) -> tuple[bytes, int]:
    wb = load_workbook(for_openpyxl(path), keep_vba=path.lower().endswith(".xlsm"))
    words = LEVEL_WORDS["en" if lang == "en" else "zh"]
    cells: dict[tuple[str, str], list] = {}
    loose = []                                     # findings without a cell of their own: listed on 问题说明
    for f in findings:
        loc = f.location
        if loc.sheet in wb.sheetnames and (loc.cell or loc.row):
            cells.setdefault((loc.sheet, loc.cell or f"A{loc.row}"), []).append(f)   # a whole row: its first cell
        if not (loc.sheet in wb.sheetnames and loc.cell):
            loose.append(f)
    for (sheet, ref), found in cells.items():
        ws = wb[sheet]
        cell = ws[ref]
        if isinstance(cell, MergedCell):           # write on the merged range's top-left cell
            rng = next((r for r in ws.merged_cells.ranges if ref in r), None)
            if rng is None:
                continue
            cell = ws.cell(rng.min_row, rng.min_col)
        worst = max((f.level for f in found), key=LEVEL_RANK.__getitem__)
        cell.fill = fill(worst)
        text = "\n".join(f"{f.rule.code} {f.rule.title[1 if lang == 'en' else 0]}【{words[f.level]}】{message(f, lang)}"
                         for f in found)
        if cell.comment is not None and cell.comment.text:
            text = f"{cell.comment.text}\n---\n{text}"
        note = Comment(xml(text), "stdcheck")      # values quoted in messages are data
        note.width, note.height = 360, min(60 + 40 * len(found), 600)
        cell.comment = note
    if loose:
        _loose_sheet(wb, loose, lang, words)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), len(cells)


def _loose_sheet(wb, found: list, lang: str, words: dict) -> None:
    """问题说明: the findings on whole rows, columns or the file, which no single cell shows."""
    from .reporters.sheets import HEAD_FILL, put
    title, header = SHEET["en" if lang == "en" else "zh"]
    while title in wb.sheetnames:
        title += "_"
    ws = wb.create_sheet(title)
    for j, h in enumerate(header, 1):
        put(ws, 1, j, h, bold=True).fill = HEAD_FILL
    for i, f in enumerate(found, 2):
        loc = f.location
        for j, v in enumerate((loc.sheet or "", cell_ref(loc), f"{f.rule.code} {f.rule.title[1 if lang == 'en' else 0]}",
                               words[f.level], message(f, lang)), 1):
            put(ws, i, j, v)
        ws.cell(i, 4).fill = fill(f.level)
    for col, width in zip("ABCDE", (16, 14, 28, 8, 80)):
        ws.column_dimensions[col].width = width
