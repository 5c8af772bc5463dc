"""Matters counted per (department, level) while they stream (check --stats, the xlsx report's 按部门 sheet):
a by-product of the run kept on each catalogue (`Catalogue.tally`), a Counter, never Matter objects."""
from __future__ import annotations

from collections import Counter
from itertools import repeat

from ..levels import LEVEL_ALIASES


def group(values: dict, cat) -> tuple[str, str]:
    """(department, level) of one matter (its values)."""
    return _group(values.get("impl_body"), values.get("competent_dept"), values.get("exercise_level"), cat)


def _group(body, dept, level, cat) -> tuple[str, str]:
    """(department, level) of a matter's 实施主体, 主管部门 and 行使层级. In a 基本目录 行使层级 lists where a
    matter is exercised, so the level is the catalogue's; in an 实施清单 it is the matter's own."""
    dept = (body or "").strip() or (dept or "").strip()
    if cat.kind == "basic":
        return dept, cat.level or ""
    raw = (level or "").strip()
    return dept, (LEVEL_ALIASES.get(raw) if raw else None) or cat.level or ""


def counter(cat):
    """rows(chunk) of the by-product: counts each chunk's matters into cat.tally."""
    if cat.tally is None:
        cat.tally = Counter()
    counts = cat.tally

    def rows(chunk) -> None:          # by columns: no Matter is made for counting
        fields = ("impl_body", "competent_dept", "exercise_level")
        counts.update(map(_group, *map(chunk.column, fields), repeat(cat)))
    return rows
