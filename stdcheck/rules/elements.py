"""EL: element rules (要素) — required elements, code tables (reference/elements.md §1–3).

Formats are in elements_format.py, cross-element consistency in elements_cross.py. The helpers here
(code-table lookup, time-limit parsing, conditional requirements) are shared by all three; everything
they decide comes from the profile (rules/national.yaml), so a provincial profile changes it without code.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache, wraps

from ..codes.cells import SEPARATORS, split
from ..codes.tables import table_for
from ..columns import missing_column
from ..kinds import BASIC, BOTH, IMPLEMENTATION
from ..model import Equals
from .registry import Standard, rule
from .where import (all_of, all_parts_in, any_of, blank, compared, empty, every_part, limit_complete, present, text,
                    text_in)

_split = split   # kept for code written against the first version


def listing(check):
    """Turn a generator row check into one returning a list or None: the engine skips None cheaply."""
    @wraps(check)
    def run(m, ctx):
        out = [*check(m, ctx)]
        return out or None
    return run


# ---------------------------------------------------------------- profile helpers

def field_table(ctx, fid: str):
    f = ctx.fields.get(fid)
    if f is None:
        return None
    return table_for(ctx.profile, f.table or ("boolean" if f.type == "boolean" else None))


EMPTY: frozenset = frozenset()


def codes(ctx, fid: str, text: str) -> frozenset:
    """The codes a cell stands for (each part of a multi-valued cell); unknown parts are kept as written.

    Memoised for the run (ctx.shared, one memo for every rule that asks): a column holds few distinct values, so
    rows cost one dict lookup."""
    if not text:
        return EMPTY
    memo = ctx.shared.get("codes")
    if memo is None:
        memo = ctx.shared["codes"] = {}
    hit = memo.get((fid, text))
    if hit is None:
        table = field_table(ctx, fid)
        f = ctx.fields.get(fid)
        parts = split(text) if f is not None and f.type == "multi_enum" else [text.strip()]
        hit = frozenset(parts) if table is None else frozenset(table.code(p) or p for p in parts)
        if len(memo) > 100_000:
            memo.clear()
        memo[(fid, text)] = hit
    return hit


def _unclean(ctx, fid: str):
    """EL006's prefilter for one element: a cell that is not, or not only, spellings of codes of its table (local
    extensions and unknown values are worth the check)."""
    table = field_table(ctx, fid)
    good = spellings(ctx, fid, lambda found: bool(found) and all(c in table.codes for c in found))
    if ctx.fields.get(fid).type == "multi_enum":
        return ~all_parts_in(fid, good)
    return (text(fid) != "") & ~text_in(fid, good)


def spellings(ctx, fid: str, keep, extra=()) -> list[str]:
    """The cell texts of a code element (each code, label and alias of its table as the check's profile has it, and
    `extra`) whose codes — elements.codes(), the checks' own reading — satisfy `keep(codes)`. A cell written
    otherwise (full width, inner spaces, several parts) is in no list, so an expression built on a list keeps it
    checked. Texts with a separator are left out of a multi-valued element's list: they are several parts."""
    table = field_table(ctx, fid)
    f = ctx.fields.get(fid)
    multi = f is not None and f.type == "multi_enum"
    found = {str(t) for t in extra}
    if table is not None:
        for code, label in (*table.codes.items(), *table.extensions.items()):
            found |= {label} | {code[i:] for i in range(len(code)) if not code[:i].strip("0")}   # 01 and 1
        found |= table.spellings()
    return sorted(t for t in found if t and t == t.strip() and not (multi and SEPARATORS.search(t))
                  and keep(codes(ctx, fid, t)))


def may_be(ctx, fid: str, want):
    """An expression false only where `codes(ctx, fid, Matter.text(fid)) & want` is surely empty: the cell is empty,
    or written (each part, for a multi-valued element) as spellings of other codes."""
    return ~every_part(ctx, fid, spellings(ctx, fid, lambda c: not c & want))


def resolve(ctx, fid: str, values) -> set[str]:
    """Codes for values written in the profile or options as codes or labels."""
    table = field_table(ctx, fid)
    values = values if isinstance(values, (list, tuple, set)) else [values]
    return {(table.code(str(v)) if table else None) or str(v) for v in values}


def is_yes(ctx, m, fid: str) -> bool | None:
    """A boolean element: True (是/1/收费/支持), False (否/0 …), None when empty or unreadable."""
    c = codes(ctx, fid, m.text(fid))
    return True if c == {"1"} else False if c == {"0"} else None


def has_column(m, fid: str) -> bool:
    """The element's column exists (tabular) or the matter carries the key (YAML)."""
    cat = m.catalogue
    return fid in m.values if cat.format == "yaml" else fid in cat.columns


# ---------------------------------------------------------------- time limits and counts

_LIMIT = re.compile(r"(\d+)\s*[（(]?\s*([^\d\s（）().\-]*?)\s*[)）]?\s*(?:内)?")
_NUM = re.compile(r"\d+")


class Units:
    """The profile's time_units: unit text -> canonical unit and its rough length in working days."""

    def __init__(self, profile):
        self.index: dict[str, str] = {}
        self.workdays: dict[str, float] = {}
        for unit, spec in (profile.get("time_units") or {}).items():
            self.workdays[unit] = float(spec["workdays"])
            for key in (unit, *map(str, spec.get("aliases") or ())):
                self.index[key.strip()] = unit

    def unit(self, text: str) -> str | None:
        return self.index.get(text.strip()) if text else None


IMMEDIATE = ("即办", "即时办结", "当场办结", "立即办结")


@lru_cache(maxsize=4096)
def parse_limit(text: str, immediate=IMMEDIATE):
    """A 时限 cell -> (number, unit text or '', ok). 即办 means 0; '20个工作日' and '20（工作日）' parse."""
    t = text.strip()
    if not t:
        return None, "", True
    if t in immediate:
        return 0, "", True
    m = _LIMIT.fullmatch(t)
    if not m:
        return None, "", False
    return int(m.group(1)), m.group(2), True


# ---------------------------------------------------------------- conditional requirements

class Conditions:
    """The profile's conditional_required entries reported by one rule, compiled once per catalogue."""

    def __init__(self, ctx, code: str):
        self.ctx = ctx
        self.blank = ctx.profile.blanks
        self.entries = []
        for name, spec in (ctx.profile.get("conditional_required") or {}).items():
            if not spec or spec.get("rule", "EL002") != code:
                continue
            tests = []
            for fid, want in spec["when"].items():
                if isinstance(want, dict):
                    tests.append((fid, "cmp", want))
                else:
                    tests.append((fid, "in", resolve(ctx, fid, want)))
            self.entries.append((name, tests, list(spec["require"]), spec["when"]))
        self.missing_columns: dict[str, list] = {}

    def _holds(self, m, tests) -> bool:
        for fid, how, want in tests:
            text = m.text(fid)
            if not text:
                return False
            if how == "in":
                if not codes(self.ctx, fid, text) & want:
                    return False
            else:
                n = _NUM.match(text)
                if not n:
                    return False
                v = int(n.group())
                ops = {"gt": v > want.get("gt", v - 1), "ge": v >= want.get("ge", v), "lt": v < want.get("lt", v + 1),
                       "le": v <= want.get("le", v), "eq": v == want.get("eq", v)}
                if not all(ops.values()):
                    return False
        return True

    def where(self):
        """The rows `row` may report or count a missing column on: some entry's tests may hold and one of its
        required elements is blank (a missing column is '' in the prefilter's frame, so blank too)."""
        def test(fid, how, want):
            return may_be(self.ctx, fid, want) if how == "in" else compared(fid, want)
        return any_of(all_of(test(*t) for t in tests) & any_of(blank(f, self.ctx.profile) for f in require)
                      for _, tests, require, _ in self.entries)

    def row(self, m) -> list:
        """Findings for the required elements of the entries that hold — each element once per row, with the
        first condition that demands it (受委托组织 and 上级委托 both demand 委托部门)."""
        out, done = [], set()
        for name, tests, require, when in self.entries:
            if not self._holds(m, tests):
                continue
            cond = None
            for fid in require:
                missing_column = not has_column(m, fid) and m.catalogue.format != "yaml"
                if fid in done or not missing_column and m.text(fid) and m.text(fid) not in self.blank:
                    continue
                done.add(fid)
                cond = cond or tuple(Equals(f, m.text(f)) for f in when)
                if missing_column:
                    self.missing_columns.setdefault(fid, [0, cond])[0] += 1
                else:
                    out.append(m.finding(fid, "element.required_if", condition=cond))
        return out

    def end(self, cat) -> list:
        out = [cat.finding("element.required_if_column", fid, count=n, condition=cond)
               for fid, (n, cond) in self.missing_columns.items()]
        self.missing_columns = {}
        return out


# ---------------------------------------------------------------- EL001 / EL002 required elements

@rule("EL001", "basic-required", family="elements", level="error", kinds=BASIC,
      standard=Standard("GB/T 39046-2020", "表4 事项管理基础数据集（基本目录要素）", "std"),
      title=("基本目录必填要素", "Required elements of the basic catalogue"),
      doc=("基本目录的每个事项必须填写事项名称、基本编码、事项类型、设定依据、行使层级（清单由配置文件 required.basic 给出）。"
           "整列缺失时只在表头报告一次。",
           "Every matter of a basic catalogue has 事项名称, 基本编码, 事项类型, 设定依据 and 行使层级 (the list is "
           "the profile's required.basic). A missing column is reported once, at the header."),
      fail="设定依据：（空）", ok="设定依据：《中华人民共和国节约能源法》第十五条",
      where=lambda ctx: any_of(text(f) == "" for f in (ctx.profile.get("required") or {}).get("basic") or ()))
class BasicRequired:
    scope = "catalogue"

    def __init__(self, ctx):
        self.required = list((ctx.profile.get("required") or {}).get("basic") or [])
        self.fields = ctx.fields

    def start(self, cat):
        self.present = [f for f in self.required if cat.has(f)]
        for f in self.required:
            if not cat.has(f):
                yield missing_column(cat, f)

    def row(self, m):
        values = m.values
        return [m.finding(f, "element.required") for f in self.present if not (values.get(f) or "").strip()] or None


@rule("EL002", "implementation-required", family="elements", level="error", kinds=IMPLEMENTATION,
      standard=Standard("国家政务服务平台事项交换数据（基本信息必填字段）", "按事项类型分组", "data"),
      title=("实施清单必填要素（按事项类型）", "Required elements of the implementation list, by matter type"),
      doc=("实施清单每个事项必须填写配置文件 required.implementation.all 中的要素，再加上其事项类型所属分组的要素："
           "许可、给付、确认、奖励、裁决、其他行政权力须有权力来源、法定/承诺办结时限及单位、办件类型、服务对象、"
           "到办事现场次数、是否收费、受理条件、办理流程、办理地点与时间、咨询与监督投诉电话；公共服务不要求权力来源和时限；"
           "处罚、征收、强制、检查只要求权力来源（绝不要求承诺时限、办件类型、服务对象、到现场次数）。"
           "时限单位要素（配置文件 limit_units：单位要素 → 时限要素）在时限为“即办”（0）或单元格内已写单位"
           "（“20个工作日”）时不要求；时限要素填“无”“/”等（blank_values）视为未填。"
           "配置文件 conditional_required 中未指定规则的条件必填项也由本规则报告。"
           "通用要素整列缺失时报错；分组要素整列缺失时在表头报告一次警告。",
           "Every matter of an implementation list has the elements of required.implementation.all plus those "
           "of its 事项类型 group: licences, payments, confirmations, rewards, rulings and other powers need "
           "权力来源, statutory/promised limits with units, 办件类型, 服务对象, 到办事现场次数, 是否收费, "
           "受理条件, 办理流程, place, hours and both phones; 公共服务 needs no 权力来源 or limits; "
           "penalties, levies, coercion and inspection need only 权力来源 (never a promised limit, case type, "
           "service object or visit count). A unit element (the profile's limit_units: unit element -> limit "
           "element) is not needed when its limit is 即办 (0) or carries its unit ('20个工作日'); a limit written as "
           "a blank_values text (无, /) counts as empty. Conditional requirements of the profile without a rule code are "
           "reported here too. A missing column of a common element is an error; of a group element, one "
           "warning at the header."),
      fail="事项类型：行政许可，承诺办结时限：（空）", ok="事项类型：行政处罚，承诺办结时限：（空）",
      where=lambda ctx: ImplementationRequired(ctx).where())
class ImplementationRequired:
    scope = "catalogue"

    def __init__(self, ctx):
        spec = (ctx.profile.get("required") or {}).get("implementation") or {}
        self.common = list(spec.get("all") or [])
        self.groups: dict[str, list[str]] = {}
        types = ctx.profile.tables.get("item_type")
        for group in (spec.get("groups") or {}).values():
            if group:
                for t in group["item_types"]:
                    self.groups[(types.code(t) if types else None) or t] = list(group["elements"])
        self.ctx = ctx
        self.conditions = Conditions(ctx, "EL002")
        self.unit_of = dict(ctx.profile.get("limit_units") or {})          # unit element -> its 时限 element
        self.blank = ctx.profile.blanks

    def start(self, cat):
        self.cat = cat
        self.missing: dict[str, int] = {}
        self.present = [f for f in self.common if cat.has(f)]
        self.absent = {f for elements in self.groups.values() for f in elements if not cat.has(f)}
        self.lacking: dict = {}          # 事项类型 as written -> its group's elements whose column the sheet lacks
        return [missing_column(cat, f) for f in self.common if not cat.has(f)]

    def _group(self, t: str) -> list:
        return self.groups.get(next(iter(codes(self.ctx, "item_type", t)), None) if t else None) or ()

    def row(self, m):
        values = m.values
        out = [m.finding(f, "element.required") for f in self.present if not (values.get(f) or "").strip()]
        t = m.text("item_type")
        for f in self._group(t):
            if f not in self.absent and not self._filled(m, f):
                out.append(m.finding(f, "element.required_for_type", item_type=t))
        out += self.conditions.row(m)
        return out or None

    def count(self, chunk):
        """The rows whose 事项类型 needs an element the sheet has no column for (not a unit whose 时限 carries it),
        counted by columns over every row: the warning `end` makes at the header."""
        if not self.absent:
            return
        units = [f for f in self.absent if f in self.unit_of]
        for (raw, *limits), n in Counter(zip(chunk.column("item_type"), *(chunk.column(self.unit_of[f])
                                                                          for f in units))).items():
            lacking = self.lacking.get(raw)
            if lacking is None:
                lacking = self.lacking[raw] = [f for f in self._group(raw.strip() if raw else "") if f in self.absent]
            limit_of = dict(zip(units, limits))
            for f in lacking:
                if f in limit_of and self._unit_needless(limit_of[f]):
                    continue
                self.missing[f] = self.missing.get(f, 0) + n

    def where(self):
        """The rows `row` may report on: a common element empty; a 事项类型 that may be of a group with an element
        of the sheet not _filled; a conditional requirement (Conditions.where). Rows needing a column the sheet
        lacks are counted by `count`."""
        needed: dict[str, set] = {}                  # element -> the types that need it
        for t, elements in self.groups.items():
            for f in elements:
                needed.setdefault(f, set()).add(t)
        by_types: dict[frozenset, list] = {}          # the elements needed by the same types, tested together
        for f, types in needed.items():
            by_types.setdefault(frozenset(types), []).append(f)
        groups = [may_be(self.ctx, "item_type", types) & any_of(self._unfilled(f) & present(f) for f in elements)
                  for types, elements in by_types.items()]
        return any_of([*(empty(f) & present(f) for f in self.common), *groups, self.conditions.where()])

    def _unfilled(self, f: str):
        """Where _filled(m, f) may be false."""
        limit = self.unit_of.get(f)
        out = empty(f) if limit is None else empty(f) & ~limit_complete(limit, IMMEDIATE)
        if f in self.unit_of.values():
            out = out | text_in(f, {b for b in self.blank if b})
        return out

    def _filled(self, m, f: str) -> bool:
        """Filled, or not needed: a unit whose 时限 is 即办 (0) or carries it ('20个工作日'). A 时限 of 无 is empty."""
        text = (m.values.get(f) or "").strip()
        if text:
            return not (text in self.blank and f in self.unit_of.values())
        limit = self.unit_of.get(f)
        return limit is not None and self._unit_needless(m.values.get(limit))

    @staticmethod
    def _unit_needless(limit: str | None) -> bool:
        """A 时限 that needs no unit beside it: 即办 (0), or one that carries its unit ('20个工作日')."""
        number, unit, ok = parse_limit(limit.strip() if limit else "")
        return ok and (number == 0 or bool(unit))

    def end(self):
        out = [self.cat.finding("element.group_column_missing", f, count=n).at_most("warning")
               for f, n in self.missing.items()]
        return out + self.conditions.end(self.cat)


# ---------------------------------------------------------------- EL006 code tables

@rule("EL006", "code-table-value", family="elements", level="error", kinds=BOTH | {"powers"},
      standard=Standard("GB/T 39046-2020", "附录A 代码集", "std"),
      title=("取值不在代码表中", "Value not in the code table"),
      doc=("有代码表的要素（事项类型、行使层级、实施主体性质、权力来源、服务对象、办理形式、办件类型、网上办理深度、"
           "通办范围、事项状态、审批结果类型，以及是否收费等是/否要素，见配置文件 code_tables）只能填写表中的代码或名称；"
           "多值要素按“,，;；”分隔（不按“、”分隔）。服务对象、行使层级、办理形式、通办范围的数字代码按配置文件 code_profile"
           "（platform 平台实践 / gbt39046 国标）解释，名称两种都接受（如通办范围“跨省”“跨市”“跨县”、办理形式“其他”）。地方扩展代码（如事项类型21、30–32、99）"
           "以及国家编码不确定的代码表（confidence: unc，如审批结果类型）报告为警告。",
           "Elements with a code table (事项类型, 行使层级, 实施主体性质, 权力来源, 服务对象, 办理形式, 办件类型, "
           "网上办理深度, 通办范围, 事项状态, 审批结果类型 and the yes/no elements; see the profile's code_tables) "
           "take a code or a label of the table; multi-valued ones are split on , ， ; ； (never on 、). Numeric "
           "codes of 服务对象, 行使层级, 办理形式 and 通办范围 follow the profile's code_profile (platform or gbt39046); "
           "labels are accepted under both (e.g. 通办范围 跨省/跨市/跨县, 办理形式 其他). Known local extensions and tables marked confidence: unc are warnings."),
      fail="事项类型：行政审批", ok="事项类型：行政许可（或 01）",
      where=lambda ctx: any_of(_unclean(ctx, fid) for fid in ctx.fields.order if field_table(ctx, fid) is not None))
class CodeTableValue:
    scope = "catalogue"

    def __init__(self, ctx):
        self.ctx = ctx
        specs = ctx.profile.get("code_tables") or {}
        self.uncertain = {name for name, s in specs.items() if (s or {}).get("confidence") in ("unc", "inf")}

    def start(self, cat):
        self.checks = []
        self.memo: dict = {}
        for fid in (cat.columns if cat.format != "yaml" else self.ctx.fields.order):
            f = self.ctx.fields.get(fid)
            table = field_table(self.ctx, fid) if f else None
            if table is not None:
                self.checks.append((fid, table, f.type == "multi_enum", table.name in self.uncertain))
        return ()

    def row(self, m):
        out = None
        values = m.values
        memo = self.memo
        for fid, table, multi, uncertain in self.checks:
            raw = values.get(fid)
            if not raw:
                continue
            verdict = memo.get((fid, raw))
            if verdict is None:
                verdict = memo[(fid, raw)] = self._judge(table, raw, multi)
            for part, code in verdict:
                out = out or []
                if code is None:
                    f = m.finding(fid, "code_table.unknown", part=part, choices=table.choices())
                    out.append(f.at_most("warning") if uncertain else f)
                else:
                    out.append(m.finding(fid, "code_table.extension", part=part, label_of_code=table.label(code)).at_most("warning"))
        return out

    @staticmethod
    def _judge(table, raw: str, multi: bool) -> tuple:
        """(part, None) for each unknown part and (part, code) for each local extension; () when all is well."""
        out = []
        for part in (split(raw) if multi else ([raw.strip()] if raw.strip() else [])):
            code = table.code(part)
            if code is None or table.is_extension(code):
                out.append((part, code))
        return tuple(out)
