"""The streaming cross-level index.

Per catalogue it keeps only what the comparison needs: for a 基本目录, the first row of each 基本编码
with its raw name, type, basis and 行使层级; for an 实施清单, one entry per distinct combination of
(基本编码, 名称, 类型, 依据, 行使层级, 19th character of 实施编码) with a representative row and a count.
Besides the compared values an entry keeps what a finding needs to name its matter: the representative
row's 实施编码 and 实施主体 / 主管部门 (for the 问题清单, baselines, exemptions and --stats) and, for YAML,
the lines of the compared elements. The representative row of an 实施清单 entry is the one with the
smallest 实施编码 (the first row when none has one), so it does not depend on the order of the rows.
Per row that is one tuple and one dict look-up; normalisation happens later, once per distinct value.
The state is a plain list, so worker processes (--jobs) send it back and the parent extends its own.
"""
from __future__ import annotations

import copy

FIELDS = ("basic_code", "name", "item_type", "legal_basis", "exercise_level")
LINE_FIELDS = FIELDS + ("impl_code",)


def _lines(m) -> dict | None:
    """YAML: the lines of the compared elements (None for tables: their cells are found by column)."""
    lines = m.lines
    if lines is None:
        return None
    return {f: lines[f] for f in LINE_FIELDS if f in lines}


class Part:
    """What the index keeps of one catalogue: a detached copy (no row stream) and its entries."""

    __slots__ = ("cat", "kind", "entries")

    def __init__(self, cat):
        self.cat = cat            # the catalogue itself while streaming; a detached copy in a worker's state
        self.kind = cat.kind
        self.entries: dict = {}   # basic: code -> (row, line, name, type, basis, levels, body, dept, lines)
        #                           implementation: (code, name, type, basis, levels, province, digit)
        #                           -> [row, line, count, impl code, body, dept, lines] (the representative row)


class Index:
    def __init__(self):
        self.parts: list[Part] = []
        self._current: Part | None = None
        self._intern: dict = {}

    def start(self, cat) -> None:
        self._current = Part(cat)
        self.parts.append(self._current)

    def rows(self, chunk) -> None:
        """Each matter of a chunk under its key (a 基本目录: its first row per 基本编码; an 实施清单: a count per distinct
        compared values), the keys built column by column (one tuple per row). Where an entry is made or takes a
        new representative, its place and texts come from the columns of a reader's batch (no Matter is made), else
        from the Matter (YAML: with its lines)."""
        col, entries = chunk.column, self._current.entries
        basic = self._current.kind == "basic"
        if chunk.batch is None:
            matters = chunk.matters
            at = (lambda i, ic: self._basic_at(matters[i])) if basic else (lambda i, ic: self._at(matters[i], ic))
        else:
            places, bodies, depts = chunk.places, col("impl_body"), col("competent_dept")
            if basic:
                texts = list(zip(col("name"), col("item_type"), col("legal_basis"), col("exercise_level")))
                at = lambda i, ic: (places[i], None, *texts[i], *self._names("", bodies[i], depts[i], None)[1:])  # noqa: E731
            else:
                at = lambda i, ic: (places[i], None, *self._names(ic, bodies[i], depts[i], None))  # noqa: E731
        if basic:
            for i, code in enumerate(col("basic_code")):
                if code is not None and code not in entries:
                    entries[code] = at(i, "")
            return
        ics = [ic or "" for ic in col("impl_code")]
        keys = zip(col("basic_code"), col("name"), col("item_type"), col("legal_basis"), col("exercise_level"),
                   [ic[2:4] for ic in ics], [ic[18:19] for ic in ics])
        intern = self._intern.setdefault        # one copy of each distinct text, not one per row
        for i, key in enumerate(keys):
            e = entries.get(key)
            if e is None:
                row, line, *names = at(i, ics[i])
                entries[tuple(map(intern, key, key))] = [row, line, 1, *names]
                continue
            e[2] += 1
            ic = ics[i]
            if ic and (not e[3] or ic.strip() < e[3]):     # the representative: the smallest 实施编码
                where = at(i, ic)
                e[0], e[1] = where[:2]
                e[3:] = where[2:]

    def _basic_at(self, m) -> tuple:
        """A 基本目录 entry: row, YAML line, 事项名称, 事项类型, 设定依据, 行使层级, then _names without a code."""
        g = m.values.get
        return (m.row, m.line, g("name"), g("item_type"), g("legal_basis"), g("exercise_level"),
                *self._names("", g("impl_body"), g("competent_dept"), _lines(m))[1:])

    def _at(self, m, ic: str) -> tuple:
        """Where a matter is and what names it: row, YAML line, then _names."""
        g = m.values.get
        return (m.row, m.line, *self._names(ic, g("impl_body"), g("competent_dept"), _lines(m)))

    def _names(self, ic: str, body, dept, lines) -> tuple:
        """What names the matter of an entry: its 实施编码, 实施主体 and 主管部门 (one copy of each text), YAML lines."""
        intern = self._intern.setdefault
        return ic.strip(), body and intern(body, body), dept and intern(dept, dept), lines

    # -- --jobs: a worker's index travels back as its parts
    def state(self):
        self._intern = {}
        for part in self.parts:
            light = copy.copy(part.cat)
            light.matters = ()
            part.cat = light
        return self.parts

    def merge(self, parts) -> None:
        if parts:
            self.parts.extend(parts)
