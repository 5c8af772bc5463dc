"""IO: problems of the input's shape (columns), reported once per catalogue."""
from __future__ import annotations

from ..kinds import ALL_KINDS
from .registry import Standard, rule


class _Notes:
    """Reports the reader's notes of one kind (collected while reading, so emitted at the end)."""
    scope = "catalogue"
    message = ""

    def __init__(self, ctx):
        self.ctx = ctx

    def start(self, cat):
        self.cat = cat
        return ()

    def end(self):
        for message, params, column, line in self.cat.notes:
            if message in (self.message, self.message + "_more"):     # past a few: one summary (tabular.py)
                f = self.cat.finding(message, column=column, **params)
                if line is not None:
                    f.location.line = line
                f.value = params.get("header")
                yield f


@rule("IO001", "unknown-column", family="io", level="info", kinds=ALL_KINDS,
      standard=Standard("stdcheck rules/fields.yaml", None, "data"),
      title=("无法识别的列", "Unrecognised column"),
      doc=("表头中不属于标准要素（及其常见别名）的列会被保留但不检查；每列报告一次，便于确认是否为错别字或非标准名称。",
           "A header that is not a standard element (or a known alias) is kept but not checked; "
           "reported once per column so a typo or non-standard label can be fixed."),
      fail="表头：事项名称 | 基本编码 | 事项类形", ok="表头：事项名称 | 基本编码 | 事项类型")
class UnknownColumn(_Notes):
    message = "input.unknown_column"


@rule("IO002", "duplicate-column", family="io", level="warning", kinds=ALL_KINDS,
      standard=Standard("stdcheck rules/fields.yaml", None, "data"),
      title=("重复的列", "Duplicate column"),
      doc=("同一要素出现在两列（或同一事项中两个键）时只读取第一列，后面的列被忽略。",
           "When two columns (or two keys of one matter) name the same element only the first is read."),
      fail="表头：事项名称 | 基本编码 | 目录编码", ok="表头：事项名称 | 基本编码")
class DuplicateColumn(_Notes):
    message = "input.duplicate_column"


@rule("IO003", "loose-column", family="io", level="info", kinds=ALL_KINDS,
      standard=Standard("stdcheck rules/fields.yaml（loose）", None, "inf"),
      title=("按平台字段名推断的列", "Column read by an inferred platform key"),
      doc=("有些平台字段名只在部分导出中表示某个要素（四川政务服务网的 deptCode 有时是实施主体的统一社会信用代码，有时是"
           "19位内部编号或“…_5143”；广东的 ORGCODE 是9位组织机构代码）。这样的列照常读取，但它是否真是该要素是推断，"
           "因此该列上的问题最多报告为警告，并在此说明一次。确认它就是该要素时，在配置 columns: 中映射该表头，问题恢复原级别。",
           "Some platform keys name an element in some exports only (四川's deptCode is sometimes the body's credit "
           "code, sometimes a 19-digit internal id or '…_5143'; 广东's ORGCODE is the 9-character organisation code). "
           "Such a column is read, but that it holds the element is inferred, so findings on it are at most warnings, "
           "and this says so once. Mapping the header in the config's columns: makes it certain and restores the "
           "levels."),
      fail="表头 deptCode（读作实施主体编码；该列上的信用代码问题为警告）",
      ok="表头 实施主体编码；或 columns: {deptCode: 实施主体编码}")
class LooseColumn(_Notes):
    message = "input.loose_column"


# ---------------------------------------------------------------- suppressions (stdcheck/engine/suppression.py)

class _Suppression:
    """Reported by the engine's suppression step (engine/suppression.py), which sees every finding, exemption and
    ignore comment of the run; the declaration gives the code, level and doc."""
    scope = "engine"


@rule("IO010", "invalid-suppression", family="io", level="warning", kinds=ALL_KINDS,
      standard=Standard("stdcheck docs/reports.md", "豁免与忽略注释", "data"),
      title=("无效的豁免或忽略注释", "Invalid exemption or ignore comment"),
      doc=("配置中的豁免（exemptions）已过期，或 YAML 中的忽略注释（# stdcheck: ignore[代码] 理由）缺少理由、"
           "写错格式或引用了不存在的规则时报告。过期的豁免不再生效，原来的问题会重新报告。",
           "Reported when a config exemption has expired, or a YAML ignore comment "
           "(# stdcheck: ignore[CODE] reason) has no reason, is malformed or names an unknown rule. "
           "An expired exemption no longer applies, so the findings it hid are reported again."),
      fail="exemptions: [{matter: '000104002000', rules: [EL012], reason: 待省厅确认, expires: 2020-12-31}]",
      ok="exemptions: [{matter: '000104002000', rules: [EL012], reason: 待省厅确认, expires: 2099-12-31}]")
class InvalidSuppression(_Suppression):
    pass


@rule("IO011", "unused-suppression", family="io", level="warning", kinds=ALL_KINDS,
      standard=Standard("stdcheck docs/reports.md", "豁免与忽略注释", "data"),
      title=("未起作用的豁免或忽略注释", "Unused exemption or ignore comment"),
      doc=("豁免或忽略注释没有屏蔽任何问题（事项已改正、编码写错或事项已不在文件中）时报告，便于及时删除，"
           "以免日后掩盖新的问题（同 ruff RUF100）。",
           "Reported when an exemption or ignore comment suppressed nothing (the matter was fixed, the code is "
           "mistyped or the matter is gone), so it can be removed before it hides a new problem (like ruff RUF100)."),
      fail="exemptions: [{matter: '000104002000', rules: [EL012], reason: 地方扩展}]（该事项没有 EL012 问题）",
      ok="exemptions: [{matter: '000104002000', rules: [EL012], reason: 地方扩展}]（该事项有 EL012 问题，被豁免）")
class UnusedSuppression(_Suppression):
    pass
