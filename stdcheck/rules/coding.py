"""CD: coding rules (编码) — 基本编码, 实施编码, 统一社会信用代码 … (reference/coding.md)."""
from __future__ import annotations

import re

from . import BOTH, Standard, rule

BASIC_CODE = re.compile(r"\d{12}")
CODE_FIELDS = ("basic_code", "impl_code", "handle_item_code", "impl_body_code", "entrust_dept_code",
               "region_code", "dept_code", "item_type", "exercise_level")


@rule("CD001", "code-numeric-cell", family="coding", level="error", kinds=BOTH,
      standard=Standard("GB/T 39554.1-2020", "编码为字符型（平台实践）", "data"),
      title=("编码单元格存为数字", "Code cell stored as a number"),
      doc=("编码类要素（基本编码、实施编码、统一社会信用代码、区划代码等）必须以文本存储。存为数字的单元格会丢失前导零、"
           "显示为科学计数法（1.1E+17）或带“.0”，导出后编码即被损坏。YAML 中未加引号的编码同样会被当作数字。",
           "Code elements (basic code, implementation code, credit code, region code …) must be stored as text. "
           "A numeric cell loses leading zeros, shows as 1.1E+17 or gains '.0', and the code is corrupted on export. "
           "An unquoted code in YAML is read as a number too."),
      fail="基本编码：104002000（数字单元格，前导零已丢失）", ok="基本编码：'000104002000'（文本单元格）")
def code_numeric_cell(m, ctx):
    types = m.types
    if types:
        message = "code.numeric_yaml" if m.catalogue.format == "yaml" else "code.numeric_cell"
        for fid in CODE_FIELDS:
            if types.get(fid) == "n":
                yield m.finding(fid, message)


@rule("CD101", "basic-code-format", family="coding", level="error", kinds=BOTH,
      standard=Standard("GB/T 39554.1-2020", "基本编码12位（SS TT MMMMM NNN，平台实践）", "data"),
      title=("基本编码格式", "Basic code format"),
      doc=("基本编码应为12位数字：来源/区划2位、事项类型2位、主项5位、子项3位。",
           "The basic code has 12 digits: source/region 2, matter type 2, main item 5, sub-item 3."),
      fail="基本编码：00010400200（11位）", ok="基本编码：000104002000")
def basic_code_format(m, ctx):
    code = m.text("basic_code")
    if code and not BASIC_CODE.fullmatch(code):
        yield m.finding("basic_code", "basic_code.format", length=len(code))


@rule("CD110", "basic-code-unique", family="coding", level="error", kinds={"basic"},
      standard=Standard("GB/T 39554.1-2020", "基本编码在目录内唯一", "data"),
      title=("基本编码重复", "Duplicate basic code"),
      doc=("基本目录中每个基本编码只能出现一次；重复的编码会让实施清单无法唯一认领事项。",
           "Each basic code appears once in a basic catalogue; a repeated code makes claiming the matter ambiguous."),
      fail="第5行与第9行的基本编码都是 000104002000", ok="每行基本编码各不相同")
class BasicCodeUnique:
    scope = "catalogue"

    def __init__(self, ctx):
        self.seen: dict[str, object] = {}

    def row(self, m):
        code = m.text("basic_code")
        if not code:
            return None
        first = self.seen.get(code)
        if first is None:
            self.seen[code] = m
            return None
        loc = first.location("basic_code")
        return (m.finding("basic_code", "basic_code.duplicate", first=loc.cell or loc.line),)
