"""Excel report (--format xlsx -o report.xlsx): 汇总 summary with a chart of the top rules, 问题清单
(one row per finding, filterable, hyperlinked into the annotated copy), 规则 (the rules that ran).
Any text starting with = + - @ is written as text, never as a formula."""
from __future__ import annotations

import io
import os
from collections import Counter, defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from .. import __version__
from ..fields import dictionary
from ..rules import CONFIDENCE, FAMILIES
from ..safe import text_cell
from . import file_error, message, partial_reason

FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
BOLD = Font(bold=True)
HEAD_FILL = PatternFill(fill_type="solid", start_color="D9E1F2", end_color="D9E1F2")
W = {
    "zh": {"sheets": ("汇总", "问题清单", "规则"), "title": "stdcheck 检查报告", "version": "工具版本",
           "profile": "规则配置", "files": "文件数", "matters": "事项数",
           "levels": {"error": "错误", "warning": "警告", "info": "提示"}, "level": "级别", "count": "问题数",
           "by_level": "按级别", "by_family": "按规则族", "by_rule": "按规则", "by_file": "按文件",
           "by_dept": "按部门 / 实施主体", "family": "规则族", "rule": "规则", "name": "名称", "affected": "涉及事项",
           "share": "占事项比例", "file": "文件", "dept": "部门 / 实施主体", "chart": "问题最多的规则",
           "status": "状态", "unreadable": "无法读取",
           "cols": ("文件", "工作表", "单元格", "事项编码", "事项名称", "要素", "规则", "级别", "问题说明", "依据标准", "单元格值"),
           "rcols": ("规则", "名称", "规则族", "级别", "标题", "依据标准", "可信度", "检查内容", "反例", "正例")},
    "en": {"sheets": ("Summary", "Findings", "Rules"), "title": "stdcheck report", "version": "version",
           "profile": "profile", "files": "files", "matters": "matters",
           "levels": {"error": "error", "warning": "warning", "info": "info"}, "level": "level", "count": "findings",
           "by_level": "By level", "by_family": "By family", "by_rule": "By rule", "by_file": "By file",
           "by_dept": "By department / implementing body", "family": "family", "rule": "rule", "name": "name",
           "affected": "matters affected", "share": "% of matters", "file": "file", "dept": "department / body",
           "chart": "Top rules", "status": "status", "unreadable": "unreadable",
           "cols": ("file", "sheet", "cell", "matter code", "matter name", "element", "rule", "level", "message",
                    "standard", "value"),
           "rcols": ("rule", "name", "family", "level", "title", "standard", "confidence", "what it checks", "fail", "pass")},
}


def put(ws, row: int, col: int, value, bold: bool = False):
    """Write a cell as data (safe.text_cell): text that a spreadsheet would read as a formula stays text, and
    characters a worksheet cannot hold (ESC, BEL … from a CSV value) are written escaped (\\x1b)."""
    c = ws.cell(row=row, column=col)
    text_cell(c, value)
    if bold:
        c.font = BOLD
    return c


def level_fill(level: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=FILL[level], end_color=FILL[level])


def _matter_key(f):
    m = f.matter
    return None if m is None else (f.location.file, f.location.sheet, m.row, m.line)


def _dept(f) -> str:
    m = f.matter
    if m is None:
        return ""
    return m.text("impl_body") or m.text("competent_dept")


def _table(ws, row: int, title: str, header: tuple, rows: list, w) -> int:
    put(ws, row, 1, title, bold=True)
    for j, h in enumerate(header, 1):
        put(ws, row + 1, j, h, bold=True).fill = HEAD_FILL
    for i, values in enumerate(rows, row + 2):
        for j, v in enumerate(values, 1):
            c = put(ws, i, j, v)
            if isinstance(v, float):
                c.number_format = "0.0%"
            if header[j - 1] == w["level"] and v in w["rev"]:
                c.fill = level_fill(w["rev"][v])
    return row + 2 + len(rows) + 1


def _summary(ws, result, w, lang):
    fam_index = 2 if lang == "en" else 1
    total = result.matters or 0
    put(ws, 1, 1, w["title"]).font = Font(bold=True, size=14)
    info = [(w["version"], __version__), (w["profile"], result.profile.name if result.profile else ""),
            (w["files"], len(result.files)), (w["matters"], total)]
    for i, (k, v) in enumerate(info, 2):
        put(ws, i, 1, k, bold=True), put(ws, i, 2, v)
    row = 2 + len(info)
    reason = partial_reason(result, lang)        # why it is partial: a reading limit / damage, or --max-errors
    if reason:
        put(ws, row, 1, reason).font = Font(bold=True, color="C00000")
        row += 1
    row += 1
    counts = result.counts()
    row = _table(ws, row, w["by_level"], (w["level"], w["count"]),
                 [(w["levels"][lv], counts[lv]) for lv in ("error", "warning", "info")], w)
    fam = Counter(f.rule.family for f in result.findings)
    row = _table(ws, row, w["by_family"], (w["family"], w["count"]),
                 [(FAMILIES.get(k, (k, k, k))[fam_index], n) for k, n in fam.most_common()], w)
    per_rule = Counter(f.rule.code for f in result.findings)
    affected = defaultdict(set)
    for f in result.findings:
        k = _matter_key(f)
        if k is not None:
            affected[f.rule.code].add(k)
    rules = {f.rule.code: f for f in result.findings}
    rule_rows = [(code, rules[code].rule.name, w["levels"][rules[code].level], n, len(affected[code]),
                  (len(affected[code]) / total) if total else 0.0) for code, n in per_rule.most_common()]
    rule_start = row
    row = _table(ws, row, w["by_rule"], (w["rule"], w["name"], w["level"], w["count"], w["affected"], w["share"]),
                 rule_rows, w)
    if rule_rows:
        chart = BarChart()
        chart.type, chart.title, chart.legend = "bar", w["chart"], None
        top = min(10, len(rule_rows))
        chart.add_data(Reference(ws, min_col=4, min_row=rule_start + 1, max_row=rule_start + 1 + top), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=rule_start + 2, max_row=rule_start + 1 + top))
        chart.x_axis.scaling.orientation = "maxMin"      # the biggest on top
        chart.height, chart.width = 7.5, 16
        ws.add_chart(chart, "H2")
    by_file = defaultdict(Counter)
    for f in result.findings:
        by_file[f.location.file][f.level] += 1
    file_rows = []
    for fr in result.files:
        n = sum(c.count for c in fr.catalogues)
        status = "ok" if fr.status == "ok" else f"{w['unreadable']}: {file_error(fr, lang)}"
        file_rows.append((fr.path, status, n, *(by_file[fr.path][lv] for lv in ("error", "warning", "info"))))
    row = _table(ws, row, w["by_file"], (w["file"], w["status"], w["matters"],
                                         *(w["levels"][lv] for lv in ("error", "warning", "info"))), file_rows, w)
    dept = Counter(_dept(f) for f in result.findings if _dept(f))
    dept_matters = defaultdict(set)
    for f in result.findings:
        if _dept(f):
            dept_matters[_dept(f)].add(_matter_key(f))
    _table(ws, row, w["by_dept"], (w["dept"], w["count"], w["affected"]),
           [(d, n, len(dept_matters[d])) for d, n in dept.most_common()], w)
    for col, width in zip("ABCDEF", (34, 22, 12, 12, 12, 12)):
        ws.column_dimensions[col].width = width


def _link(report_path: str | None, copy: str | None, sheet: str | None, cell: str | None):
    if not (copy and sheet and cell):
        return None
    base = os.path.dirname(os.path.abspath(report_path)) if report_path else os.getcwd()
    target = Path(os.path.relpath(os.path.abspath(copy), base)).as_posix()
    return Hyperlink(ref="", target=target, location=f"'{sheet}'!{cell}", display=cell)


def _findings(ws, result, w, lang, annotated, report_path):
    fields = dictionary()
    for j, h in enumerate(w["cols"], 1):
        put(ws, 1, j, h, bold=True).fill = HEAD_FILL
    for i, f in enumerate(result.findings, 2):
        loc, m = f.location, f.matter
        cell = loc.cell or (str(loc.line) if loc.line else f"{loc.row}:{loc.row}" if loc.row else "")   # 2:2 a whole row
        values = (loc.file, loc.sheet or "", cell, m.code if m is not None else "", m.name if m is not None else "",
                  fields.label(f.field, lang) if f.field else "", f.rule.code, w["levels"][f.level],
                  message(f, lang), str(f.rule.standard), f.value or "")
        for j, v in enumerate(values, 1):
            put(ws, i, j, v)
        ws.cell(row=i, column=8).fill = level_fill(f.level)
        link = _link(report_path, annotated.get(loc.file), loc.sheet, loc.cell)
        if link is not None:
            c = ws.cell(row=i, column=3)
            link.ref = c.coordinate
            c.hyperlink = link
            c.font = Font(color="0563C1", underline="single")
    ws.freeze_panes = "A2"
    last = max(len(result.findings) + 1, 2)
    ws.auto_filter.ref = f"A1:K{last}"
    for col, width in zip("ABCDEFGHIJK", (28, 14, 9, 34, 30, 16, 8, 8, 70, 22, 30)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2, min_col=9, max_col=9):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")


def _rules(ws, result, w, lang):
    i = 1 if lang == "en" else 0
    for j, h in enumerate(w["rcols"], 1):
        put(ws, 1, j, h, bold=True).fill = HEAD_FILL
    for n, a in enumerate(result.rules, 2):
        r = a.rule
        fam = FAMILIES.get(r.family, (r.family,) * 3)[2 if lang == "en" else 1]
        values = (r.code, r.name, fam, w["levels"][a.level], r.title[i], str(r.standard),
                  CONFIDENCE[r.standard.confidence][i], r.doc[i], r.fail, r.ok)
        for j, v in enumerate(values, 1):
            put(ws, n, j, v)
        ws.cell(row=n, column=4).fill = level_fill(a.level)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:J{max(len(result.rules) + 1, 2)}"
    for col, width in zip("ABCDEFGHIJ", (8, 26, 10, 8, 30, 22, 10, 70, 30, 30)):
        ws.column_dimensions[col].width = width


def workbook(result, lang: str = "zh", annotated: dict | None = None, output: str | None = None) -> Workbook:
    w = dict(W["en" if lang == "en" else "zh"])
    w["rev"] = {v: k for k, v in w["levels"].items()}
    wb = Workbook()
    summary = wb.active
    summary.title = w["sheets"][0]
    _summary(summary, result, w, lang)
    _findings(wb.create_sheet(w["sheets"][1]), result, w, lang, annotated or {}, output)
    _rules(wb.create_sheet(w["sheets"][2]), result, w, lang)
    from .stats import add_sheet     # 统计: compliance by department and level, when tallied
    add_sheet(wb, result, lang)
    from .matrix import add_sheet as add_matrix    # 四级四同: the four-level matrix, with check --matrix
    add_matrix(wb, getattr(result, "matrix", None), lang)
    return wb


def report(result, out, lang: str = "zh", annotated: dict | None = None, output: str | None = None, **_):
    buf = io.BytesIO()
    workbook(result, lang, annotated, output).save(buf)
    out.write(buf.getvalue())


report.binary = True
