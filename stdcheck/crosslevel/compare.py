"""Comparing the indexed catalogues across levels: levels, references, the four elements, near duplicates.

`records` → `elements` / `level_findings` / `near_duplicates` give the findings, `matrix` the matrix. Findings
point at the lower level's cell (the representative row of those values: the smallest 实施编码, see index.py;
for YAML the element's line), carry that row as their matter, and quote the upper level's raw value, file and row.
Normalisation (documented in docs/crosslevel.md) runs once per distinct value (memoised).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..codes.citations import citations
from ..codes.levels import basic_level, levels as split_levels
from ..levels import LEVEL_ALIASES, LEVEL_BY_CODE, LEVEL_ORDER
from ..model import Finding, Location, Matter
from ..normalize import handle_suffix, name_key, suffix_base

RANK = {lv: i for i, lv in enumerate(LEVEL_ORDER)}


class Rec:
    """One distinct set of the four elements of a code in one catalogue.

    `matter` is a small Matter standing for the record's representative row (code = its 实施编码, else the
    基本编码; name, department and level), so reporters, baselines, exemptions and --stats treat an XL
    finding like any other: a record of N identical rows counts as that one matter."""

    __slots__ = ("part", "code", "name", "type", "basis", "levels", "row", "line", "count", "level", "kind",
                 "province", "impl_code", "body", "dept", "lines", "_matter")

    def __init__(self, part, code, name, type_, basis, levels, row, line, count, level,
                 impl_code="", body=None, dept=None, lines=None):
        self.part, self.code, self.name, self.type, self.basis = part, code, name, type_, basis
        self.levels, self.row, self.line, self.count, self.level = levels, row, line, count, level
        self.kind = part.kind
        self.province = None
        self.impl_code, self.body, self.dept, self.lines = impl_code, body, dept, lines
        self._matter = None

    @property
    def rank(self) -> int:
        return RANK.get(self.level, 9)

    def _line(self, fid: str | None) -> int | None:
        """YAML: the line of the element when the index kept it, else the matter's first line."""
        return (self.lines or {}).get(fid, self.line) if fid else self.line

    def where(self, fid: str) -> Location:
        """Where this record's `fid` value is: the finding's location, or a message parameter (upper_at)."""
        cat = self.part.cat
        if self.row is None and self.line is None:
            return Location(cat.path, cat.sheet)
        if self.row is None:
            return Location(cat.path, None, None, None, self._line(fid))
        return Location(cat.path, cat.sheet, self.row, cat.columns.get(fid))

    @property
    def matter(self) -> Matter:
        if self._matter is None:
            values = {"basic_code": self.code, "name": self.name, "item_type": self.type, "legal_basis": self.basis}
            if self.impl_code:
                values["impl_code"] = self.impl_code
            if self.body:
                values["impl_body"] = self.body
            if self.dept:
                values["competent_dept"] = self.dept
            if self.kind != "basic" and self.level:
                values["exercise_level"] = self.level
            self._matter = Matter(self.part.cat, values, self.row, self.lines, None, self.line)
        return self._matter

    def finding(self, fid: str, message: str, value: str | None, **params) -> Finding:
        params.setdefault("count", self.count)
        return Finding(fid, message, params, self.matter, self.part.cat, value, self.where(fid))


def _s(v) -> str:
    return v.strip() if isinstance(v, str) else ("" if v is None else str(v))


@lru_cache(maxsize=65536)
def _name_key(text: str) -> str:
    return name_key(text)


@lru_cache(maxsize=65536)
def basis_print(text: str) -> tuple:
    """The 设定依据 fingerprint: {law name: article numbers}; a text citing no 《》 falls back to its name key."""
    cited = citations(text)
    return tuple(sorted(cited.items())) if cited else (("", frozenset({_name_key(text)})),)


@lru_cache(maxsize=4096)
def _levels(text: str) -> frozenset:
    return frozenset(split_levels(text)) if text else frozenset()


def _row_level(rec_levels: frozenset, digit: str, cat_level):
    if len(rec_levels) == 1:
        lv = next(iter(rec_levels))
        if lv in RANK:
            return lv
    return LEVEL_BY_CODE.get(digit) or cat_level


def records(parts) -> tuple[dict, list]:
    """{code: [Rec]} and the per-catalogue level evidence [(part, digit levels, 行使层级 values)]."""
    by_code: dict[str, list[Rec]] = {}
    evidence = []
    for part in parts:
        cat = part.cat
        if part.kind == "basic":
            part_lv = part_level(part)
            evidence.append((part, _prefixes(part), part_lv))
            for code, (row, line, name, type_, basis, lv, body, dept, lines) in part.entries.items():
                code = _s(code)
                if code:
                    level = part_lv or ("国家级" if code.startswith("00") else "省级")
                    by_code.setdefault(code, []).append(
                        Rec(part, code, _s(name), _s(type_), _s(basis), _levels(_s(lv)), row, line, 1, level,
                            "", _s(body), _s(dept), lines))
            continue
        digits, stated = set(), set()
        seen: dict = {}
        for (code, name, type_, basis, lv, province, digit), (row, line, count, ic, body, dept, lines) \
                in part.entries.items():
            lvs = _levels(_s(lv))
            if digit in LEVEL_BY_CODE:
                digits.add(LEVEL_BY_CODE[digit])
            stated |= lvs
            code = _s(code)
            if not code:
                continue
            level = _row_level(lvs, digit, cat.level)
            key = (code, _s(name), _s(type_), _s(basis), level)
            if key in seen:                    # same values once stripped: one record, counts add up
                old = seen[key]
                old.count += count
                if _before((ic, row if row is not None else line), (old.impl_code, old.row if old.row is not None
                                                                    else old.line)):
                    old.row, old.line, old.impl_code, old.lines = row, line, ic, lines
                    old.body, old.dept = _s(body), _s(dept)
                continue
            rec = Rec(part, code, key[1], key[2], key[3], lvs, row, line, count, level, ic, _s(body), _s(dept), lines)
            rec.province = province or (str(cat.region)[:2] if cat.region else None)
            seen[key] = rec
            by_code.setdefault(code, []).append(rec)
        evidence.append((part, digits, stated))
    return by_code, evidence


def _prefixes(part) -> set:
    return {_s(c)[:2] for c in part.entries if _s(c)}


def part_level(part) -> str | None:
    """A catalogue's level for the comparison. A stated level (option, metadata, config) stands; a 基本目录
    whose level was inferred from its first rows is decided again from all its codes (sources.basic_level:
    00 only — national; 00 and/or one province prefix — provincial), since a provincial catalogue often lists
    the national items it claims first."""
    cat = part.cat
    if part.kind != "basic" or (cat.level and cat.meta.get("level_source") != "inferred"):
        return cat.level
    return basic_level(_prefixes(part))


def _before(a: tuple, b: tuple) -> bool:
    """(实施编码, row) a comes before b: the smallest 实施编码 first, rows without one last, then the first row."""
    return (not a[0], a[0], a[1] or 0) < (not b[0], b[0], b[1] or 0)


def level_findings(evidence) -> list[Finding]:
    """Ambiguous or conflicting levels of catalogues: reported, never guessed silently."""
    out = []
    for part, digits, stated in evidence:
        cat = part.cat
        if not cat.count:                # an empty list (a blank template) has no level to get wrong
            continue
        if part.kind == "basic":         # (part, code prefixes, the level decided from all codes)
            prefixes = tuple(sorted(digits))
            if stated is None:       # no codes at all (no 基本编码 column, or every cell empty) is said as such
                message = "crosslevel.basic_level_unknown" if prefixes else "crosslevel.basic_level_no_codes"
                out.append(cat.finding(message, "basic_code", evidence=prefixes))
            elif cat.level != stated:
                out.append(cat.finding("crosslevel.basic_level_revised", "basic_code", level=stated,
                                       first=cat.level or "-", evidence=prefixes))
            continue
        single = {LEVEL_ALIASES.get(v, v) for v in stated}
        source = cat.meta.get("level_source")
        if cat.level is None:
            why = tuple(sorted(single | digits, key=lambda v: RANK.get(v, 9)))
            message = "crosslevel.level_unknown" if why else "crosslevel.level_no_evidence"
            out.append(cat.finding(message, "exercise_level", evidence=why))
            continue
        codes = digits or single
        if len(codes) > 1:
            out.append(cat.finding("crosslevel.level_mixed", "exercise_level", level=cat.level,
                                   evidence=tuple(sorted(codes, key=lambda v: RANK.get(v, 9)))))
        elif codes and cat.level not in codes and source != "inferred":
            out.append(cat.finding("crosslevel.level_conflict", "exercise_level", level=cat.level,
                                   evidence=next(iter(codes)), source=source or "-"))
    return out


def _scopes(parts) -> tuple[bool, set]:
    """Is a national 基本目录 loaded; the provinces (code prefixes) whose 基本目录 is loaded."""
    national, provinces = False, set()
    for part in parts:
        if part.kind != "basic":
            continue
        prefixes = _prefixes(part)
        if part_level(part) == "国家级":
            national = True
        provinces |= {p for p in prefixes if p != "00"}
        if part.cat.region:
            provinces.add(str(part.cat.region)[:2])
    return national, provinces


def _reference(rec: Rec, recs: list[Rec]) -> Rec | None:
    """The upper-level record a record is compared with: the highest-level 基本目录 entry above it
    (a same-level 基本目录 counts for an 实施清单), else the highest-level 实施清单 entry above it."""
    best = None
    for r in recs:
        if r.part is rec.part:
            continue
        above = r.rank < rec.rank or (r.kind == "basic" and rec.kind != "basic" and r.rank <= rec.rank)
        if not above:
            continue
        key = (r.kind != "basic", r.rank)
        if best is None or key < (best.kind != "basic", best.rank):
            best = r
    return best


def _quote(ref: Rec, fid: str, value: str) -> dict:
    return {"upper": value, "upper_at": ref.where(fid), "upper_level": ref.level or "-"}


def _type_code(table, value: str) -> str:
    return (table.code(value) if table else None) or _name_key(value)


def elements(by_code: dict, profile, parts) -> dict[str, list[Finding]]:
    """XL001 references, XL002-XL004 real drift, XL006 cosmetic drift, XL005 行使层级. Also marks the matrix."""
    out: dict[str, list[Finding]] = {c: [] for c in ("XL001", "XL002", "XL003", "XL004", "XL005", "XL006")}
    national, provinces = _scopes(parts)
    table = profile.tables.get("item_type") if getattr(profile, "tables", None) else None
    status: dict[tuple, str] = {}             # (code, level) -> present | cosmetic | divergent | missing
    suffix_said: set = set()                   # lists already told that 办理项 names were written into 事项名称
    for code, recs in by_code.items():
        has_basic = any(r.kind == "basic" for r in recs)
        for rec in recs:
            key = (code, rec.level)
            status.setdefault(key, "present")
            ref = _reference(rec, recs)
            if rec.kind != "basic" and not has_basic:
                prefix = code[:2]
                local = prefix != "00" and prefix not in provinces
                if (prefix == "00" and national) or (prefix in provinces):
                    out["XL001"].append(rec.finding("basic_code", "crosslevel.missing", rec.code))
                    status[key] = "missing"
                elif local and national and _province(rec) not in (None, prefix):
                    out["XL001"].append(rec.finding("basic_code", "crosslevel.other_province", rec.code,
                                                    source=prefix, province=_province(rec)))
                    status[key] = "missing"
            elif rec.kind == "basic" and rec.level != "国家级" and code.startswith("00") and national \
                    and not any(r.kind == "basic" and r.level == "国家级" for r in recs):
                out["XL001"].append(rec.finding("basic_code", "crosslevel.missing", rec.code))
                status[key] = "missing"
            if ref is None:
                continue
            marks = []
            if rec.name != ref.name:
                if _name_key(rec.name) == _name_key(ref.name):
                    out["XL006"].append(rec.finding("name", "crosslevel.cosmetic", rec.name, **_quote(ref, "name", ref.name)))
                    marks.append("cosmetic")
                elif rec.kind != "basic" and (base := suffix_base(rec.name, ref.name)) is not None:
                    if rec.part not in suffix_said:      # a 办理项 name in brackets: once a list
                        suffix_said.add(rec.part)
                        out["XL002"].append(rec.finding("name", "crosslevel.name_handle_suffix", rec.name, base=base,
                                                        **_quote(ref, "name", ref.name)).at_most("warning"))
                    marks.append("cosmetic")
                else:
                    out["XL002"].append(rec.finding("name", "crosslevel.name", rec.name, **_quote(ref, "name", ref.name)))
                    marks.append("divergent")
            if rec.type != ref.type and ref.type:
                if _type_code(table, rec.type) == _type_code(table, ref.type):
                    why = "crosslevel.cosmetic" if _name_key(rec.type) == _name_key(ref.type) else "crosslevel.cosmetic_code"
                    out["XL006"].append(rec.finding("item_type", why, rec.type, **_quote(ref, "item_type", ref.type)))
                    marks.append("cosmetic")
                else:
                    out["XL003"].append(rec.finding("item_type", "crosslevel.type", rec.type, **_quote(ref, "item_type", ref.type)))
                    marks.append("divergent")
            if rec.basis != ref.basis and ref.basis:
                mine, theirs = basis_print(rec.basis), basis_print(ref.basis)
                if mine == theirs:
                    why = "crosslevel.cosmetic" if _name_key(rec.basis) == _name_key(ref.basis) else "crosslevel.cosmetic_basis"
                    out["XL006"].append(rec.finding("legal_basis", why, rec.basis,
                                                    **_quote(ref, "legal_basis", ref.basis)))
                    marks.append("cosmetic")
                elif _keeps(dict(mine), dict(theirs)):
                    out["XL004"].append(rec.finding("legal_basis", "crosslevel.basis_added", rec.basis,
                                                    **_quote(ref, "legal_basis", ref.basis)).at_most("warning"))
                    marks.append("cosmetic")
                else:
                    lost = tuple(f"《{k}》" if k else "-" for k, v in theirs if dict(mine).get(k, frozenset()) < v
                                 or k not in dict(mine))
                    out["XL004"].append(rec.finding("legal_basis", "crosslevel.basis", rec.basis, lost=lost,
                                                    **_quote(ref, "legal_basis", ref.basis)))
                    marks.append("divergent")
            if rec.kind != "basic" and ref.kind == "basic" and ref.levels and rec.level \
                    and rec.level not in ref.levels:
                allowed = tuple(sorted(ref.levels, key=lambda v: RANK.get(v, 9)))
                out["XL005"].append(rec.finding("exercise_level", "crosslevel.level_not_allowed",
                                                rec.level, level=rec.level, allowed=allowed,
                                                **_quote(ref, "exercise_level", allowed)))
                marks.append("divergent")
            if "divergent" in marks:
                status[key] = "divergent"
            elif marks and status[key] == "present":
                status[key] = "cosmetic"
    return out, status


def _keeps(mine: dict, theirs: dict) -> bool:
    """Every law and article of the upper basis is kept (the lower one may add local 实施依据)."""
    return all(k in mine and v <= mine[k] for k, v in theirs.items())


def _province(rec: Rec) -> str | None:
    return rec.province


NEIGHBOURS = 100        # names after each name, in sorted order, that it is compared with


def near_duplicates(by_code: dict, threshold: float, max_names: int) -> tuple[list[Finding], int]:
    """Different codes, near-identical names (rapidfuzz ratio ≥ threshold), within and across levels.
    Names are blocked by their first two characters (a copy keeps the beginning); each name is compared
    with the rest of its block by rapidfuzz.process.extract (C++, score_cutoff) — in a block larger than
    NEIGHBOURS names, with the NEIGHBOURS names that follow it in sorted order (the sorted-neighbourhood method:
    50,000 names sharing two characters took 84 s compared pairwise), so no input makes it quadratic. At most
    `max_names` distinct names are compared in all; the second value is the number of distinct names when that
    cap cut some off, else 0."""
    from rapidfuzz import fuzz, process
    first: dict[tuple, Rec] = {}                # (name key, code) -> first record (highest level first)
    for code, recs in by_code.items():
        for rec in sorted(recs, key=lambda r: (r.rank, r.kind != "basic")):
            k = _name_key(rec.name)
            if len(k) >= 4:
                first.setdefault((k, code), rec)
    items = sorted(first.items(), key=lambda kv: (kv[0][0], kv[0][1]))
    capped = len(items) if len(items) > max_names else 0
    items = items[:max_names]
    blocks: dict[str, list] = {}
    for (k, code), rec in items:
        blocks.setdefault(k[:2], []).append((k, code, rec))
    out = []
    for block in blocks.values():
        if len(block) < 2:
            continue
        names = [b[0] for b in block]
        for i, query in enumerate(names[:-1]):
            for _, score, j in process.extract(query, names[i + 1:i + 1 + NEIGHBOURS], scorer=fuzz.ratio,
                                               score_cutoff=threshold, limit=None):
                j += i + 1
                if block[i][1] == block[j][1] or _numbering_only(query, names[j]) or not _copy_like(query, names[j]):
                    continue
                a, b = block[i][2], block[j][2]
                upper, lower = (a, b) if (a.rank, a.kind != "basic") <= (b.rank, b.kind != "basic") else (b, a)
                out.append(lower.finding("name", "crosslevel.near_duplicate", lower.name, other_code=upper.code,
                                         score=int(score), **_quote(upper, "name", upper.name)))
    return out, capped


_NUMBERS = re.compile(r"[0-9零〇一二三四五六七八九十百千两]+")


def _copy_like(a: str, b: str) -> bool:
    """Only characters added or dropped (户外广告设施设置审批 / …设置的审批, 许可 / 许可证): the trace of a copy.
    A word put in place of another names a sibling matter (环境影响报告表审批 / 报告书审批, 设立 / 注销), and a
    bracketed 办理项 name after the bare catalogue name is the same matter (CD111 / XL002 say so)."""
    from rapidfuzz.distance import Levenshtein
    if (handle_suffix(a) is None) != (handle_suffix(b) is None) and suffix_base(a, b) is not None:
        return False
    return all(op.tag != "replace" for op in Levenshtein.opcodes(a, b))


def _numbering_only(a: str, b: str) -> bool:
    """Names that differ only in numbers (第十条 / 第十一条, （1） / （2）) are sibling matters, not copies."""
    return _NUMBERS.sub("#", a) == _NUMBERS.sub("#", b)


def matrix(by_code: dict, status: dict, parts) -> dict:
    """One row per 基本编码, one column per level present: present / cosmetic / divergent / missing / absent."""
    levels = [(p, part_level(p)) for p in parts]
    present = {lv for _, lv in levels if lv}
    cols = [lv for lv in LEVEL_ORDER if lv in present or lv in LEVEL_ORDER[:4]]
    rows = []
    for code in sorted(by_code):
        recs = by_code[code]
        top = min(recs, key=lambda r: (r.kind != "basic", r.rank))
        cells = {lv: status.get((code, lv), "absent") for lv in cols}
        rows.append({"code": code, "name": top.name, "cells": cells,
                     "bad": any(v in ("divergent", "missing") for v in cells.values())})
    return {"levels": cols, "rows": rows,
            "files": {lv: sorted({p.cat.path for p, plv in levels if plv == lv}) for lv in cols}}
