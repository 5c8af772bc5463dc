"""The findings table of a result page: written once by the worker into SQLite, then filtered, searched,
sorted and paginated by SQL, so a 100,000-finding result answers a page in milliseconds."""
from __future__ import annotations

import sqlite3
from pathlib import Path

COLUMNS = ("file", "sheet", "place", "pos", "element", "level", "rank", "rule", "family", "message", "suggestion",
           "value", "dept", "matter_code", "matter_name")
FILTERS = ("level", "rule", "dept", "file", "sheet")
SORTS = {"place": "id", "level": "rank DESC, id", "rule": "rule, id", "element": "element, id",
         "dept": "dept, id", "file": "file, id"}
SEARCHED = ("place", "element", "message", "suggestion", "value", "matter_code", "matter_name")   # one text column
PAGE = 100


def spot(file: str, sheet, cell, line) -> tuple:
    """Where a finding or a safe-fix change is, as the key that matches one to the other (a line only without a cell)."""
    return file, sheet, cell, line if cell is None else None


def write(path: Path, result, messages: list[str], lang: str, suggestions: dict) -> None:
    """One row per finding, in the report's order; `messages` are the findings' rendered messages (those of the
    JSON document), `suggestions` map (file, sheet, cell, line) to the value the safe fix writes (应改为)."""
    from ..fields import dictionary
    from ..model import LEVEL_RANK
    from ..reporters import cell_ref
    from ..engine.tally import group
    fields = dictionary()
    rows = []
    at = [COLUMNS.index(c) for c in SEARCHED]
    for f, text in zip(result.findings, messages):
        loc, m = f.location, f.matter
        row = ((loc.file, loc.sheet or "", cell_ref(loc), loc.row or loc.line or 0,
                     fields.label(f.field, lang) if f.field else "", f.level, LEVEL_RANK[f.level], f.rule.code,
                     f.rule.family, text,
                     suggestions.get(spot(loc.file, loc.sheet, loc.cell, loc.line)),
                     f.value, group(m.values, f.catalogue)[0] if m is not None else "",
                     m.code if m is not None else "", m.name if m is not None else ""))
        rows.append((*row, "\n".join(str(row[i]) for i in at if row[i])))
    con = sqlite3.connect(path)
    with con:
        con.execute(f"CREATE TABLE findings (id INTEGER PRIMARY KEY, {', '.join(COLUMNS)}, search)")
        con.executemany(f"INSERT INTO findings ({', '.join(COLUMNS)}, search) VALUES ({', '.join('?' * (len(COLUMNS) + 1))})",
                        rows)
        for col in FILTERS:
            con.execute(f"CREATE INDEX ix_{col} ON findings ({col})")
    con.close()


def query(path: Path, filters: dict, q: str = "", sort: str = "place", page: int = 1,
          per_page: int = PAGE) -> tuple[list[dict], int]:
    """(the findings of one page, how many match). Unknown filters and sorts are ignored."""
    where, args = [], []
    for col in FILTERS:
        if filters.get(col):
            where.append(f"{col} = ?")
            args.append(filters[col])
    if q:
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("search LIKE ? ESCAPE '\\'")
        args.append(like)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        total = con.execute(f"SELECT COUNT(*) FROM findings {clause}", args).fetchone()[0]
        rows = con.execute(f"SELECT * FROM findings {clause} ORDER BY {SORTS.get(sort, 'id')} LIMIT ? OFFSET ?",
                           [*args, per_page, (max(page, 1) - 1) * per_page]).fetchall()
    finally:
        con.close()
    return [dict(r) for r in rows], total
