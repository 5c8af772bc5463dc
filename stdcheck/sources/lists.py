"""Title, section and group rows of 行政许可事项清单 and 权责清单: headings between the data rows, not matters.

The 2022 licensing list (国办发〔2022〕2号) and the lists derived from it put section rows such as
`一、中央设定的行政许可事项目录(共198项)` between their data rows; a 权责清单 groups its rows under a department
row such as `一、区发展和改革委员会(区粮食和物资储备局)`, which names the 实施主体 of the rows below it. Such a row
fills one cell (a merged row keeps its text in the first one) with text that is not a serial number.
"""
from __future__ import annotations

import re

from ..columns import DEPARTMENT     # a section row such as 一、行政许可（共12项） names no department

NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十百零〇]+|\d{1,3}|[（(][一二三四五六七八九十\d]+[)）])\s*[、.．]?\s*")
SERIAL = re.compile(r"\s*\d+(?:\.\d+)?\s*")


def heading(m) -> str | None:
    """The text of a heading row, else None: one filled cell, not a bare number, and outside the 事项名称 column
    unless numbered like a heading (一、…) — a row with only its name filled is a matter missing the rest."""
    filled = [(f, v) for f, v in m.values.items() if v and v.strip()]
    if len(filled) != 1:
        return None
    fid, text = filled[0]
    if SERIAL.fullmatch(text) or fid == "name" and not NUMBERING.match(text):
        return None
    return text.strip()


def headings(cat, matters):
    """The matters of a licensing or powers list without its heading rows (counted in cat.meta["headings"]);
    in a 权责清单, a group row's department (its numbering removed) fills the 实施主体 of the rows below it that
    have none — with no column of its own, the finding of such a row points at the row."""
    group = None
    cat.meta["headings"] = 0
    for m in matters:
        text = heading(m)
        if text is not None:
            cat.count -= 1
            cat.meta["headings"] += 1
            name = NUMBERING.sub("", text)
            if cat.kind == "powers" and DEPARTMENT.fullmatch(name):
                group = name
            continue
        if group and not m.text("impl_body"):
            m.values["impl_body"] = group
        yield m
