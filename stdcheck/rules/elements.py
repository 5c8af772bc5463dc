"""EL: element rules (要素) — required elements, code tables, formats (reference/elements.md)."""
from __future__ import annotations

from . import BASIC, BOTH, Standard, rule


def _split(value: str) -> list[str]:
    """Multi-valued cells split on , ， ; ； only — never on 、 (it occurs inside 镇（乡、街道）级)."""
    for sep in ("，", ";", "；"):
        value = value.replace(sep, ",")
    return [v.strip() for v in value.split(",") if v.strip()]


@rule("EL001", "basic-required", family="elements", level="error", kinds=BASIC,
      standard=Standard("GB/T 39046-2020", "表4 事项管理基础数据集（基本目录要素）", "std"),
      title=("基本目录必填要素", "Required elements of the basic catalogue"),
      doc=("基本目录的每个事项必须填写事项名称、基本编码、事项类型、设定依据、行使层级（清单由配置文件 required.basic 给出）。"
           "整列缺失时只在表头报告一次。",
           "Every matter of a basic catalogue has 事项名称, 基本编码, 事项类型, 设定依据 and 行使层级 (the list is "
           "the profile's required.basic). A missing column is reported once, at the header."),
      fail="设定依据：（空）", ok="设定依据：《中华人民共和国节约能源法》第十五条")
class BasicRequired:
    scope = "catalogue"

    def __init__(self, ctx):
        self.required = list((ctx.profile.get("required") or {}).get("basic") or [])
        self.fields = ctx.fields

    def start(self, cat):
        self.present = [f for f in self.required if cat.has(f)]
        for f in self.required:
            if not cat.has(f):
                yield cat.finding("element.column_missing", f)

    def row(self, m):
        values = m.values
        return [m.finding(f, "element.required") for f in self.present if not (values.get(f) or "").strip()] or None


@rule("EL006", "code-table-value", family="elements", level="error", kinds=BOTH,
      standard=Standard("GB/T 39046-2020", "附录A 代码集", "std"),
      title=("取值不在代码表中", "Value not in the code table"),
      doc=("有代码表的要素（事项类型、行使层级等，见配置文件 code_tables）只能填写表中的代码或名称；"
           "多值要素按“,，;；”分隔（不按“、”分隔）。地方扩展代码（如事项类型21、30–32、99）报告为警告。",
           "Elements with a code table (事项类型, 行使层级 … see the profile's code_tables) take a code or a label of "
           "the table; multi-valued ones are split on , ， ; ； (never on 、). Known local extensions are warnings."),
      fail="事项类型：行政审批", ok="事项类型：行政许可（或 01）")
class CodeTableValue:
    scope = "catalogue"

    def __init__(self, ctx):
        self.ctx = ctx

    def start(self, cat):
        tables = self.ctx.profile.tables
        self.checks = []
        for fid in (cat.columns if cat.format != "yaml" else self.ctx.fields.order):
            f = self.ctx.fields.get(fid)
            if f and f.table in tables:
                self.checks.append((fid, tables[f.table], f.type == "multi_enum"))
        return ()

    def row(self, m):
        out = None
        values = m.values
        for fid, table, multi in self.checks:
            raw = values.get(fid)
            if not raw or not raw.strip():
                continue
            for part in (_split(raw) if multi else (raw.strip(),)):
                code = table.code(part)
                if code is None:
                    out = out or []
                    out.append(m.finding(fid, "code_table.unknown", part=part, choices=table.choices()))
                elif table.is_extension(code):
                    out = out or []
                    out.append(m.finding(fid, "code_table.extension", part=part, label_of_code=table.label(code)).at_most("warning"))
        return out
