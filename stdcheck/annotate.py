"""--annotate DIR: a copy of each input workbook with every offending cell filled by level colour and
a comment carrying the rule code and message. The input is never modified (openpyxl keeps values,
styles, merged cells, widths and formulas; images and charts of the original may be lost)."""
from __future__ import annotations

import io
import os
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from .model import LEVEL_RANK
from .output import write_atomic
from .reporters import message
from .safe import xml
from .trim import for_openpyxl

FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
WORKBOOKS = (".xlsx", ".xlsm")


def fill(level: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=FILL[level], end_color=FILL[level])


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
    cells: dict[tuple[str, str], list] = {}
    for f in findings:
        loc = f.location
        if loc.sheet in wb.sheetnames and loc.cell:
            cells.setdefault((loc.sheet, loc.cell), []).append(f)
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
        text = "\n".join(f"{f.rule.code} [{f.level}] {message(f, lang)}" for f in found)
        if cell.comment is not None and cell.comment.text:
            text = f"{cell.comment.text}\n---\n{text}"
        note = Comment(xml(text), "stdcheck")      # values quoted in messages are data
        note.width, note.height = 360, min(60 + 40 * len(found), 600)
        cell.comment = note
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), len(cells)
