"""行政许可事项清单 (licensing) and 权责清单 (powers): their required elements, and a licensing list against the
level above it in the same run (国办发〔2022〕2号: local lists keep the 事项名称 and 设定依据 of the list above).

Title, section and department rows are removed by the reader (sources/lists.py) before any rule sees a row.
"""
from __future__ import annotations

import copy
import re

from ..codes.citations import citations
from ..columns import missing_column
from ..crosslevel.compare import RANK
from ..model import Finding, Location, Matter
from ..normalize import name_key
from .registry import Standard, rule
from .where import any_of, empty

GUOBAN_2022_2 = "国办发〔2022〕2号《国务院办公厅关于全面实行行政许可事项清单管理的通知》"
LICENSING_LAYOUT = Standard(GUOBAN_2022_2, "附件《法律、行政法规、国务院决定设定的行政许可事项清单（2022年版）》的栏目："
                                           "序号、主管部门、事项名称、实施机关、设定和实施依据、备注", "std")
POWERS_LAYOUT = Standard("各地权责清单（真实文件的共同栏目）", "权力类型、事项名称、实施依据、责任事项、追责情形、实施主体", "inf")
SAME_AS_UPPER = Standard(GUOBAN_2022_2, "地方清单中的事项与上级清单对应，事项名称与设定依据一致（推断）", "inf")
SPLIT_SEQ = re.compile(r"[、,，;；\s]+")


class _ListRequired:
    """Every row of the list has the kind's required elements (profile `required.<kind>`). A missing column is
    reported once, at the end, unless a department row filled the element (权责清单 实施主体)."""
    scope = "catalogue"
    kind = ""

    def __init__(self, ctx):
        self.required = list((ctx.profile.get("required") or {}).get(self.kind) or [])

    def start(self, cat):
        self.cat = cat
        self.present = [f for f in self.required if cat.has(f)]
        self.unseen = [f for f in self.required if not cat.has(f)]
        return ()

    def row(self, m):
        values = m.values
        if self.unseen:
            self.unseen = [f for f in self.unseen if not values.get(f)]
        return [m.finding(f, "element.required") for f in self.present if not (values.get(f) or "").strip()] or None

    def end(self):
        return [missing_column(self.cat, f) for f in self.unseen]


def _where_required(ctx, kind: str):
    """A required element empty: the rows row() reports, and every row while a column is missing (it is '' in the
    prefilter's frame even where a department row filled the element), so `unseen` sees each row that changes it."""
    return any_of(empty(f) for f in (ctx.profile.get("required") or {}).get(kind) or ())


@rule("EL003", "licensing-required", family="elements", level="error", kinds={"licensing"},
      standard=LICENSING_LAYOUT,
      title=("行政许可事项清单必填要素", "Required elements of the licensing list"),
      doc=("行政许可事项清单（国办发〔2022〕2号及各省、市、县据此编制的清单）的每个事项必须填写主管部门、事项名称、实施机关、"
           "设定和实施依据（配置文件 required.licensing）；标题行和“一、中央设定的行政许可事项目录(共198项)”这样的分节行不是事项，"
           "不检查。栏目是通知附件公布的（标准原文），因此默认级别为错误。",
           "Every matter of a licensing list (国办发〔2022〕2号 and the provincial, city and county lists derived from it) "
           "has 主管部门, 事项名称, 实施机关 and 设定和实施依据 (the profile's required.licensing); title rows and "
           "section rows such as '一、中央设定的行政许可事项目录(共198项)' are not matters and are not checked. The "
           "columns are published in the notice's annex (standard text), hence error."),
      fail="事项名称：食品生产许可，实施机关：（空）", ok="事项名称：食品生产许可，实施机关：县级市场监管部门",
      where=lambda ctx: _where_required(ctx, "licensing"))
class LicensingRequired(_ListRequired):
    kind = "licensing"


@rule("EL004", "powers-required", family="elements", level="warning", kinds={"powers"},
      standard=POWERS_LAYOUT,
      title=("权责清单必填要素", "Required elements of the list of powers and responsibilities"),
      doc=("权责清单的每个事项必须填写权力类型、事项名称、实施依据、责任事项、追责情形和实施主体（配置文件 required.powers）。"
           "“一、区发展和改革委员会(区粮食和物资储备局)”这样的部门分组行不是事项，它给出其下各行的实施主体。"
           "权责清单的栏目没有全国统一的文件，这里是各地清单的共同栏目（推断），因此默认级别为警告。",
           "Every matter of a list of powers and responsibilities has 权力类型, 事项名称, 实施依据, 责任事项, 追责情形 and "
           "实施主体 (the profile's required.powers). A department row such as '一、区发展和改革委员会(区粮食和物资储备局)' "
           "is not a matter: it names the 实施主体 of the rows below it. There is no national layout for these lists; "
           "these are the columns local lists share (inferred), hence warning."),
      fail="事项名称：对价格违法行为的处罚，追责情形：（空）",
      ok="追责情形：因不履行或不正确履行行政职责，有下列情形的，行政机关及其工作人员应当承担相应责任……",
      where=lambda ctx: _where_required(ctx, "powers"))
class PowersRequired(_ListRequired):
    kind = "powers"


# ---------------------------------------------------------------- XL010: the level above

class _Entry:
    __slots__ = ("row", "line", "seq", "upper", "name", "basis", "body")

    def __init__(self, m):
        self.row, self.line = m.row, m.line
        self.seq, self.upper = m.text("seq"), m.text("upper_seq")
        self.name, self.basis, self.body = m.text("name"), m.text("legal_basis"), m.text("impl_body")


@rule("XL010", "licensing-upper", family="crosslevel", level="warning", kinds={"basic", "licensing"},
      standard=SAME_AS_UPPER,
      title=("行政许可事项与上级清单不一致", "Licensing item differs from the list above"),
      doc=("同一次检查中给出了上级行政许可事项清单（或基本目录）时，下级清单中填了“中央/省级清单序号”的事项都应在上级找到："
           "先按事项名称（规范化后）对应，名称不同但序号指向上级某一事项时报告名称不一致，都找不到时报告；找到后，上级设定依据引用的法规（《》内名称）"
           "下级都应引用。上级：层级更高的清单（--level、配置 levels、YAML 元数据），层级不明时是没有“中央/省级清单序号”栏的清单。"
           "地方清单照抄上级名称和依据是从通知要求推断的，因此默认级别为警告。",
           "When the run holds a licensing list (or a basic catalogue) of a higher level, every item of a lower list "
           "that gives its number in the upper list (中央/省级清单序号) is found there: by name (normalised); a different "
           "name whose number points at an upper item is reported as a name change, no match at all as missing; for an "
           "item found by name, every law the upper basis cites (names in 《》) is cited below. "
           "The upper list is one of a higher level (--level, the config's levels, YAML metadata) or, when levels are "
           "unknown, one without a 中央/省级清单序号 column. That local lists copy the upper names and bases is inferred "
           "from the notice, hence warning."),
      fail="国家：食品生产许可；县级（中央/省级清单序号 12）：食品生产许可证核发",
      ok="县级：食品生产许可，设定和实施依据：《中华人民共和国食品安全法》第三十五条；……")
class LicensingUpper:
    scope = "run"

    def __init__(self, ctx):
        self.parts: list = []          # [catalogue (detached at state()), its entries]

    def start(self, cat):
        self.current = [cat, []]
        self.parts.append(self.current)

    def row(self, m):
        if m.text("name"):
            self.current[1].append(_Entry(m))

    def state(self):
        for part in self.parts:
            light = copy.copy(part[0])
            light.matters = ()
            part[0] = light
        return self.parts

    def merge(self, state) -> None:
        self.parts.extend(state or ())

    def end(self):
        out = []
        for cat, entries in self.parts:
            if cat.kind != "licensing":
                continue
            uppers = [(u, e) for u, e in self.parts if u is not cat and _above(u, e, cat, entries)]
            if uppers:
                out += _compare(cat, entries, uppers)
        return out or None


def _above(upper, upper_entries, lower, lower_entries) -> bool:
    """Is `upper` a level above `lower`: a higher level, else (levels unknown) a basic catalogue, or a licensing list
    without numbers of a list above it while `lower` has them."""
    if upper.level in RANK and lower.level in RANK:
        return RANK[upper.level] < RANK[lower.level]
    if upper.kind == "basic":
        return True
    return upper.kind == "licensing" and not _numbered(upper, upper_entries) and _numbered(lower, lower_entries)


def _numbered(cat, entries) -> bool:
    return "upper_seq" in cat.columns or any(e.upper for e in entries)


def _where(cat, e, fid) -> Location:
    if e.line is not None and e.row is None:
        return Location(cat.path, None, None, None, e.line)
    return Location(cat.path, cat.sheet, e.row, cat.columns.get(fid))


def _finding(cat, e, fid, message, value, **params) -> Finding:
    values = {k: v for k, v in (("name", e.name), ("impl_body", e.body), ("legal_basis", e.basis)) if v}
    matter = Matter(cat, values, e.row, None, None, e.line)
    return Finding(fid, message, params, matter, cat, value, _where(cat, e, fid))


def _compare(cat, entries, uppers) -> list:
    by_name, by_seq = {}, {}
    for u, es in uppers:
        for e in es:
            by_name.setdefault(name_key(e.name), (u, e))
            if u.kind == "licensing" and e.seq:
                by_seq.setdefault(e.seq, (u, e))
    out = []
    for e in entries:
        hit = by_name.get(name_key(e.name))
        if hit is None:
            pointed = [by_seq[s] for s in SPLIT_SEQ.split(e.upper) if s in by_seq] if e.upper else []
            if pointed:
                u, ue = pointed[0]
                out.append(_finding(cat, e, "name", "licensing.name_drift", e.name, upper=ue.name,
                                    upper_at=_where(u, ue, "name")))
            elif e.upper:           # it says it comes from above; an item set locally (no number) may be new
                out.append(_finding(cat, e, "name", "licensing.not_in_upper", e.name,
                                    upper_files=tuple(dict.fromkeys(u.path for u, _ in uppers))))
            continue
        u, ue = hit
        if ue.basis:
            cited = citations(e.basis)
            missing = [law for law in citations(ue.basis) if law not in cited]
        else:
            missing = []
        if missing:
            out.append(_finding(cat, e, "legal_basis", "licensing.basis_drift", e.basis,
                                laws=tuple(f"《{law}》" for law in missing), upper_at=_where(u, ue, "legal_basis")))
    return out
