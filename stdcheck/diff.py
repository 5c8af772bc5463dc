"""`stdcheck diff OLD NEW`: the audit of a catalogue revision, matter by matter.

Matters are matched by code — 基本编码 in a 基本目录; 实施编码, then 基本编码 + 实施主体, in an 实施清单 —
and, for what is left, by name (a matter whose code changed). Each difference is a Change with a stable
code (DF…) and a level; only the reporters (diff_report.py) render text.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field as dc_field
from difflib import SequenceMatcher

from .codes.citations import citations
from .codes.levels import levels
from .config import Profile
from .errors import DiffError, InputError
from .levels import LEVEL_ORDER, LEVEL_RANK, LEVELS
from .model import Location
from .normalize import compact, name_key
from .sources import ReadOptions, read
from .sources.limits import LimitError

# code -> (level, message id, short title zh, short title en)
KINDS = {
    "DF001": ("info", "diff.added", "新增事项", "added"),
    "DF002": ("warning", "diff.removed", "删除事项（未先标为取消）", "removed without being cancelled"),
    "DF003": ("info", "diff.removed_cancelled", "删除已取消的事项", "removed after cancellation"),
    "DF004": ("info", "diff.cancelled", "事项标为取消", "cancelled"),
    "DF005": ("info", "diff.state", "事项状态变更", "state changed"),
    "DF006": ("warning", "diff.recoded", "同一事项换了编码", "same matter under a new code"),
    "DF010": ("info", "diff.name_normalised", "名称写法调整（空格、全半角、括号、繁简）", "name spelling normalised"),
    "DF011": ("warning", "diff.renamed", "事项更名", "renamed"),
    "DF012": ("error", "diff.code_reused", "编码被另一事项占用", "code reused for a different matter"),
    "DF020": ("warning", "diff.retyped", "事项类型变更", "re-typed"),
    "DF030": ("info", "diff.rebased", "设定依据变更", "re-based (legal basis changed)"),
    "DF031": ("info", "diff.basis_reworded", "设定依据措辞变更（引用的法规和条款未变）", "legal basis reworded, same citations"),
    "DF040": ("info", "diff.moved", "行使层级变更", "moved between levels"),
    "DF090": ("warning", "diff.duplicate", "同一版本中编码重复", "duplicate code within a version"),
    "DF091": ("warning", "diff.no_code", "没有编码，无法比对", "no code, not compared"),
}
FIELDS = ("name", "basic_code", "impl_code", "item_type", "legal_basis", "exercise_level", "state",
          "impl_body", "competent_dept")
CANCELLED = "3"          # 事项状态 取消 (elements.md §3.12)


@dataclass
class Record:
    """One matter of one version: the compared elements and where they are."""
    values: dict
    file: str
    sheet: str | None
    row: int | None
    line: int | None
    columns: dict
    lines: dict | None = None      # YAML: element -> line

    def text(self, fid: str) -> str:
        v = self.values.get(fid)
        return v.strip() if v else ""

    def location(self, fid: str | None = None) -> Location:
        if self.lines is not None:
            return Location(self.file, None, None, None, self.lines.get(fid, self.line) if fid else self.line)
        return Location(self.file, self.sheet, self.row, self.columns.get(fid) if fid else None, None)

    @property
    def code(self) -> str:
        return self.text("impl_code") or self.text("basic_code")


@dataclass
class Change:
    code: str
    key: str
    name: str
    old: Record | None = None
    new: Record | None = None
    field: str | None = None
    params: dict = dc_field(default_factory=dict)

    @property
    def level(self) -> str:
        return KINDS[self.code][0]

    @property
    def message(self) -> str:
        return KINDS[self.code][1]

    def value(self, side: str) -> str:
        rec = self.old if side == "old" else self.new
        return rec.text(self.field) if rec is not None and self.field else ""


@dataclass
class Version:
    path: str
    kind: str
    records: list[Record]
    sheets: list[str]


@dataclass
class DiffResult:
    old: Version
    new: Version
    kind: str
    changes: list[Change]
    matched: int = 0
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(LEVELS, 0)
        for c in self.changes:
            out[c.level] += 1
        return out

    def by_code(self) -> Counter:
        return Counter(c.code for c in self.changes)


def load(path: str, options: ReadOptions) -> Version:
    """Read every catalogue of a file into Records (the compared elements only)."""
    records = []
    try:                 # the matters stream: an error or a reading limit midway is this file's error too
        cats = read(path, options)
        if not cats:
            raise DiffError("diff.empty", file=path)
        kinds = {c.kind for c in cats}
        if len(kinds) > 1:
            raise DiffError("diff.mixed_kinds", file=path)
        for cat in cats:
            for m in cat.matters:
                values = {k: m.values[k] for k in FIELDS if k in m.values}
                records.append(Record(values, cat.path, cat.sheet, m.row, m.line, cat.columns, m.lines))
    except LimitError as exc:           # a reading limit: a part of a version is no version to compare
        raise DiffError("diff.limit", file=path, reason=exc) from None
    except InputError as exc:
        raise DiffError("diff.input", file=path, reason=exc) from None
    except OSError as exc:
        raise DiffError("diff.input", file=path,
                        reason=InputError("input.os_error", reason=exc.strerror or str(exc))) from None
    return Version(path, kinds.pop(), records, [c.sheet for c in cats if c.sheet])


def code_key(text: str) -> str:
    return compact(text).upper()


def _index(records: list[Record], key, changes: list[Change], side: str, report: bool) -> tuple[dict, set]:
    """(key -> first record, ids of the later records with a key already seen). With `report`, those
    duplicates are reported (DF090)."""
    out: dict = {}
    dups: set = set()
    for rec in records:
        k = key(rec)
        if not k:
            continue
        if k in out:
            dups.add(id(rec))
            if report:
                changes.append(Change("DF090", rec.code, rec.text("name"), **{side: rec},
                                      field=_code_field(rec), params={"version": side}))
            continue
        out[k] = rec
    return out, dups


def _code_field(rec: Record) -> str:
    return "impl_code" if rec.text("impl_code") else "basic_code"


class Differ:
    def __init__(self, profile: Profile, similarity: float = 0.5):
        self.profile = profile
        self.similarity = similarity
        self.types = profile.tables.get("item_type")
        self.states = profile.tables.get("state")

    # ---------------------------------------------------------------- matching
    def diff(self, old: Version, new: Version) -> DiffResult:
        if old.kind != new.kind:
            raise DiffError("diff.kind_mismatch", old=old.path, new=new.path, old_kind=old.kind, new_kind=new.kind)
        changes: list[Change] = []
        impl = old.kind == "implementation"
        for version, side in ((old, "old"), (new, "new")):
            for rec in version.records:
                if not rec.code:
                    changes.append(Change("DF091", "", rec.text("name"), **{side: rec}, field="basic_code",
                                          params={"version": side}))
        keys = [lambda r: code_key(r.text("impl_code")) if impl else code_key(r.text("basic_code"))]
        if impl:   # an 实施清单 without 实施编码 (or with a changed one): 基本编码 + 实施主体
            keys.append(lambda r: (code_key(r.text("basic_code")) + "|" + name_key(r.text("impl_body"))
                                   if r.text("basic_code") and r.text("impl_body") else ""))
        pairs, recoded = [], []
        left_old, left_new = old.records, new.records
        for i, key in enumerate(keys):
            a, dups_old = _index(left_old, key, changes, "old", report=i == 0)
            b, dups_new = _index(left_new, key, changes, "new", report=i == 0)
            matched = a.keys() & b.keys()
            found = [(a[k], b[k]) for k in sorted(matched)]
            (pairs if i == 0 else recoded).extend(found)
            done_old = {id(o) for o, _ in found}
            done_new = {id(n) for _, n in found}
            if i == 0:      # duplicates reported above are not compared again
                done_old |= dups_old
                done_new |= dups_new
            left_old = [r for r in left_old if id(r) not in done_old and r.code]
            left_new = [r for r in left_new if id(r) not in done_new and r.code]
        # what is left: the same name (and body) under another code
        by_name = lambda r: name_key(r.text("name")) + ("|" + name_key(r.text("impl_body")) if impl else "")  # noqa: E731
        a_names, b_names = Counter(map(by_name, left_old)), Counter(map(by_name, left_new))
        a = {by_name(r): r for r in left_old if a_names[by_name(r)] == 1}
        b = {by_name(r): r for r in left_new if b_names[by_name(r)] == 1}
        found = [(a[k], b[k]) for k in sorted(a.keys() & b.keys()) if k]
        recoded += found
        done = {id(o) for o, _ in found} | {id(n) for _, n in found}
        primary = "impl_code" if impl else "basic_code"
        for o, n in recoded:     # matched without the primary code: a change only when both have one
            if o.text(primary) and n.text(primary):
                changes.append(Change("DF006", n.code, n.text("name"), o, n, field=primary,
                                      params={"old_code": o.text(primary), "new_code": n.text(primary)}))
        recoded_ids = {id(c.new) for c in changes if c.code == "DF006"}
        unchanged = 0
        for o, n in pairs + recoded:
            found = list(self.compare(o, n))
            changes += found
            unchanged += not found and id(n) not in recoded_ids
        for rec in left_old:
            if id(rec) not in done:
                gone = self.state(rec) == CANCELLED
                changes.append(Change("DF003" if gone else "DF002", rec.code, rec.text("name"), old=rec,
                                      field=_code_field(rec)))
        for rec in left_new:
            if id(rec) not in done:
                changes.append(Change("DF001", rec.code, rec.text("name"), new=rec, field=_code_field(rec)))
        changes.sort(key=lambda c: (-LEVEL_RANK[c.level], c.code, c.key, _pos(c)))
        return DiffResult(old, new, old.kind, changes, len(pairs) + len(recoded), unchanged)

    # ---------------------------------------------------------------- one matched pair
    def compare(self, o: Record, n: Record):
        key, name = n.code, n.text("name")
        yield from self._name(o, n, key)
        t_old, t_new = self.type_code(o.text("item_type")), self.type_code(n.text("item_type"))
        if t_old and t_new and t_old != t_new:
            yield Change("DF020", key, name, o, n, "item_type")
        change = self._basis(o, n, key, name)
        if change:
            yield change
        l_old, l_new = levels(o.text("exercise_level")), levels(n.text("exercise_level"))
        if l_old != l_new and (l_old or l_new):
            yield Change("DF040", key, name, o, n, "exercise_level",
                         {"added": tuple(_ordered(l_new - l_old)), "removed": tuple(_ordered(l_old - l_new))})
        s_old, s_new = self.state(o), self.state(n)
        if s_old != s_new and (s_old or s_new):
            yield Change("DF004" if s_new == CANCELLED else "DF005", key, name, o, n, "state")

    def _name(self, o: Record, n: Record, key: str):
        a, b = o.text("name"), n.text("name")
        if a == b:
            return
        if name_key(a) == name_key(b):
            yield Change("DF010", key, b, o, n, "name")
            return
        ratio = SequenceMatcher(None, name_key(a), name_key(b), autojunk=False).ratio()
        code = "DF011" if ratio >= self.similarity else "DF012"
        yield Change(code, key, b, o, n, "name", {"similarity": f"{ratio:.0%}"})

    def _basis(self, o: Record, n: Record, key: str, name: str) -> Change | None:
        a, b = o.text("legal_basis"), n.text("legal_basis")
        if compact(a) == compact(b):
            return None                       # white space or width only
        ca, cb = citations(a), citations(b)
        if ca == cb and (ca or name_key(a) == name_key(b)):
            return Change("DF031", key, name, o, n, "legal_basis")
        added = sorted(set(cb) - set(ca))
        removed = sorted(set(ca) - set(cb))
        changed = sorted(k for k in set(ca) & set(cb) if ca[k] != cb[k])
        return Change("DF030", key, name, o, n, "legal_basis",
                      {"added": tuple(f"《{k}》" for k in added), "removed": tuple(f"《{k}》" for k in removed),
                       "articles": tuple(f"《{k}》" for k in changed)})

    # ---------------------------------------------------------------- value readings
    def type_code(self, value: str) -> str:
        if not value:
            return ""
        found = self.types.code(value) if self.types else None
        return found or name_key(value)

    def state(self, rec: Record) -> str:
        value = rec.text("state")
        if not value:
            return ""
        found = self.states.code(value) if self.states else None
        return found or name_key(value)


def _ordered(values) -> list[str]:
    return sorted(values, key=lambda v: (LEVEL_ORDER.index(v) if v in LEVEL_ORDER else 99, v))


def _pos(c: Change):
    rec = c.new or c.old
    return (rec.row or rec.line or 0) if rec else 0


def run_diff(old_path: str, new_path: str, profile: Profile, options: ReadOptions,
             similarity: float = 0.5) -> DiffResult:
    """Read both versions and compare them. Raises InputError / DiffError for bad input."""
    old = load(old_path, options)
    new = load(new_path, options)
    return Differ(profile, similarity).diff(old, new)


__all__ = ["KINDS", "Change", "DiffError", "DiffResult", "Differ", "InputError", "Record", "Version",
           "citations", "levels", "run_diff"]
