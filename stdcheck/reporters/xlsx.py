"""Excel report (--format xlsx -o report.xlsx), fit to send to a department: 汇总 (the verdict on top, counts by level,
family, rule with its Chinese title and a chart of the top rules, by file, by department), 问题清单 (one row per finding,
filterable, with the rule's title, 应改为 where the corrected value is known, 依据 and a link into the annotated copy),
按部门 (each department's findings and, from the matters counted while reading, its compliance), 规则 (the rules that
ran). Every sheet prints on A4 landscape, fit to the page width, header rows repeated, long text wrapped.

The workbook is written in openpyxl's write-only mode: the 问题清单 rows stream to disk as they are made (constant
memory for any number of findings), the small sheets are laid out by position (Sheet) and written in order at the end.
Any text starting with = + - @ is written as text, never as a formula."""
from __future__ import annotations

import os
from collections import Counter, defaultdict
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from .. import __version__
from ..fields import dictionary
from ..levels import LEVEL_WORDS, LEVELS
from ..rules import CONFIDENCE, FAMILIES
from . import file_error, message, partial_reason
from .sheets import HEAD_FILL, VERDICT_FILL, WRAP, level_fill, print_setup, put, styled
from .verdict import department, failed, verdict

W = {
    "zh": {"sheets": ("汇总", "问题清单", "按部门", "规则"), "title": "stdcheck 检查报告", "version": "工具版本",
           "profile": "规则配置", "files": "文件数", "matters": "事项数",
           "levels": LEVEL_WORDS["zh"], "level": "级别", "count": "问题数",
           "by_level": "按级别", "by_family": "按规则族", "by_rule": "按规则", "by_file": "按文件",
           "by_dept": "按部门 / 实施主体", "family": "规则族", "rule": "规则", "name": "名称", "affected": "涉及事项",
           "share": "占事项比例", "file": "文件", "dept": "部门 / 实施主体", "chart": "问题最多的规则",
           "status": "状态", "unreadable": "无法读取", "none": "（未填写）", "rate": "合规率", "with_errors": "有错误的事项",
           "dept_note": "合规率 = 没有错误级问题的事项占该部门事项的比例（事项数按读取时统计）。",
           "cols": ("文件", "工作表", "单元格", "事项编码", "事项名称", "部门 / 实施主体", "要素", "规则", "规则名称", "级别",
                    "问题说明", "应改为", "依据标准", "单元格值"),
           "rcols": ("规则", "名称", "规则族", "级别", "标题", "依据标准", "可信度", "检查内容", "反例", "正例")},
    "en": {"sheets": ("Summary", "Findings", "Departments", "Rules"), "title": "stdcheck report", "version": "version",
           "profile": "profile", "files": "files", "matters": "matters",
           "levels": LEVEL_WORDS["en"], "level": "level", "count": "findings",
           "by_level": "By level", "by_family": "By family", "by_rule": "By rule", "by_file": "By file",
           "by_dept": "By department / implementing body", "family": "family", "rule": "rule", "name": "title",
           "affected": "matters affected", "share": "% of matters", "file": "file", "dept": "department / body",
           "chart": "Top rules", "status": "status", "unreadable": "unreadable", "none": "(not given)",
           "rate": "% compliant", "with_errors": "matters with errors",
           "dept_note": "% compliant = matters of the department without error-level findings (matters counted while reading).",
           "cols": ("file", "sheet", "cell", "matter code", "matter name", "department / body", "element", "rule",
                    "rule title", "level", "message", "should read", "standard", "value"),
           "rcols": ("rule", "name", "family", "level", "title", "standard", "confidence", "what it checks", "fail", "pass")},
}
WIDTHS = (24, 12, 8, 30, 28, 20, 12, 7, 18, 6, 60, 24, 22, 24)      # 问题清单, fit to one A4 landscape width


class Sheet:
    """A small sheet of the write-only workbook, laid out by position (put(ws, row, col)) and written in row order
    by flush(); everything else (widths, charts, print setup) goes to the write-only sheet itself."""

    def __init__(self, ws):
        object.__setattr__(self, "_ws", ws)
        object.__setattr__(self, "_cells", {})

    def cell(self, row: int, column: int, value=None):
        c = self._cells.get((row, column))
        if c is None:
            c = self._cells[(row, column)] = WriteOnlyCell(self._ws)
        if value is not None:
            c.value = value
        return c

    def __getattr__(self, name):
        return getattr(self._ws, name)

    def __setattr__(self, name, value):
        setattr(self._ws, name, value)

    def flush(self, wrap: bool = True) -> None:
        rows = max((r for r, _ in self._cells), default=0)
        cols = max((c for _, c in self._cells), default=0)
        for r in range(1, rows + 1):
            cells = [self._cells.get((r, c)) for c in range(1, cols + 1)]
            if wrap:
                for c in cells:
                    if c is not None and isinstance(c.value, str):
                        c.alignment = WRAP
            self._ws.append(cells)


class Book:
    """The write-only workbook: small sheets are Sheets (flushed at save), 问题清单 streams."""

    def __init__(self):
        self.wb = Workbook(write_only=True)
        self.sheets: list[Sheet] = []

    def create_sheet(self, title: str) -> Sheet:
        ws = Sheet(self.wb.create_sheet(title))
        print_setup(ws)
        self.sheets.append(ws)
        return ws

    def save(self, out) -> None:
        for ws in self.sheets:
            ws.flush()
        self.wb.save(out)


def _matter_key(f):
    m = f.matter
    return None if m is None else (f.location.file, f.location.sheet, m.row, m.line)


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


def _summary(ws, result, w, lang, fail_on):
    i = 1 if lang == "en" else 0
    total = result.matters or 0
    put(ws, 1, 1, w["title"]).font = Font(bold=True, size=14)
    bad = failed(result, fail_on)
    line = put(ws, 2, 1, verdict(result, lang, fail_on))
    line.font = Font(bold=True, size=12, color="9C0006" if bad else "006100")
    line.fill = PatternFill(fill_type="solid", start_color=VERDICT_FILL[bad], end_color=VERDICT_FILL[bad])
    info = [(w["version"], __version__), (w["profile"], result.profile.name if result.profile else ""),
            (w["files"], len(result.files)), (w["matters"], total)]
    for r, (k, v) in enumerate(info, 3):
        put(ws, r, 1, k, bold=True), put(ws, r, 2, v)
    row = 3 + len(info)
    reason = partial_reason(result, lang)        # why it is partial: a reading limit / damage, or --max-errors
    if reason:
        put(ws, row, 1, reason).font = Font(bold=True, color="C00000")
        row += 1
    row += 1
    counts = result.counts()
    row = _table(ws, row, w["by_level"], (w["level"], w["count"]), [(w["levels"][lv], counts[lv]) for lv in LEVELS], w)
    fam = Counter(f.rule.family for f in result.findings)
    row = _table(ws, row, w["by_family"], (w["family"], w["count"]),
                 [(FAMILIES.get(k, (k, k, k))[2 if lang == "en" else 1], n) for k, n in fam.most_common()], w)
    per_rule = Counter(f.rule.code for f in result.findings)
    affected = defaultdict(set)
    for f in result.findings:
        k = _matter_key(f)
        if k is not None:
            affected[f.rule.code].add(k)
    rules = {f.rule.code: f for f in result.findings}
    rule_rows = [(code, rules[code].rule.title[i], w["levels"][rules[code].level], n, len(affected[code]),
                  (len(affected[code]) / total) if total else 0.0) for code, n in per_rule.most_common()]
    rule_start = row
    row = _table(ws, row, w["by_rule"], (w["rule"], w["name"], w["level"], w["count"], w["affected"], w["share"]),
                 rule_rows, w)
    if rule_rows:
        chart = BarChart()
        chart.type, chart.title, chart.legend = "bar", w["chart"], None
        top = min(10, len(rule_rows))
        chart.add_data(Reference(ws, min_col=4, min_row=rule_start + 1, max_row=rule_start + 1 + top), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=2, min_row=rule_start + 2, max_row=rule_start + 1 + top))
        chart.x_axis.scaling.orientation = "maxMin"      # the biggest on top
        chart.height, chart.width = 7.5, 16
        ws.add_chart(chart, "H3")
    by_file = defaultdict(Counter)
    for f in result.findings:
        by_file[f.location.file][f.level] += 1
    file_rows = []
    for fr in result.files:
        n = sum(c.count for c in fr.catalogues)
        status = "ok" if fr.status == "ok" else f"{w['unreadable']}: {file_error(fr, lang)}"
        file_rows.append((fr.path, status, n, *(by_file[fr.path][lv] for lv in LEVELS)))
    row = _table(ws, row, w["by_file"], (w["file"], w["status"], w["matters"], *(w["levels"][lv] for lv in LEVELS)),
                 file_rows, w)
    dept = Counter(department(f) for f in result.findings if department(f))
    dept_matters = defaultdict(set)
    for f in result.findings:
        if department(f):
            dept_matters[department(f)].add(_matter_key(f))
    _table(ws, row, w["by_dept"], (w["dept"], w["count"], w["affected"]),
           [(d, n, len(dept_matters[d])) for d, n in dept.most_common()], w)
    for col, width in zip("ABCDEF", (34, 24, 10, 10, 12, 12)):
        ws.column_dimensions[col].width = width
    ws.print_title_rows = "1:2"


def _departments(ws, result, w, lang):
    """按部门: each department's findings by level and, when its matters were counted while reading, its compliance."""
    from .stats import stats
    figures = stats(result)
    by_dept = {r["name"]: r for r in (figures or {}).get("by_department", ())}
    counts: dict[str, Counter] = defaultdict(Counter)
    for f in result.findings:
        counts[department(f)][f.level] += 1
    names = sorted(set(counts) | set(by_dept), key=lambda d: (-counts[d]["error"], -sum(counts[d].values()), d))
    header = (w["dept"], *(w["levels"][lv] for lv in LEVELS), w["matters"], w["with_errors"], w["rate"])
    for j, h in enumerate(header, 1):
        put(ws, 1, j, h, bold=True).fill = HEAD_FILL
    for i, d in enumerate(names, 2):
        fig = by_dept.get(d)
        values = (d or w["none"], *(counts[d][lv] for lv in LEVELS),
                  *((fig["matters"], fig["errors"], fig["rate"]) if fig else ("", "", "")))
        for j, v in enumerate(values, 1):
            c = put(ws, i, j, v)
            if isinstance(v, float):
                c.number_format = "0.0%"
    put(ws, len(names) + 3, 1, w["dept_note"])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(names) + 1, 2)}"
    for col, width in zip("ABCDEFG", (36, 8, 8, 8, 10, 12, 10)):
        ws.column_dimensions[col].width = width


def _link(report_path: str | None, copy: str | None, sheet: str | None, cell: str | None):
    if not (copy and sheet and cell):
        return None
    base = os.path.dirname(os.path.abspath(report_path)) if report_path else os.getcwd()
    target = Path(os.path.relpath(os.path.abspath(copy), base)).as_posix()
    return Hyperlink(ref="", target=target, location=f"'{sheet}'!{cell}", display=cell)


def _findings(wb, result, w, lang, annotated, report_path, progress=None):
    """问题清单, streamed: one row per finding, appended and written out as it is made."""
    from ..suggest import suggest
    ws = wb.create_sheet(w["sheets"][1])
    print_setup(ws)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(w['cols']))}{max(len(result.findings) + 1, 2)}"
    for j, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    head = []
    for h in w["cols"]:
        c = styled(WriteOnlyCell(ws), h, bold=True)
        c.fill = HEAD_FILL
        head.append(c)
    ws.append(head)
    fields, i = dictionary(), 1 if lang == "en" else 0
    # Each style is registered once on a model cell and its style record copied to the cells that use it: setting
    # font/fill/alignment per cell looks the style up again each time (most of the writing time otherwise).
    model = {"wrap": _model(ws, alignment=WRAP), "link": _model(ws, font=Font(color="0563C1", underline="single")),
             **{lv: _model(ws, fill=level_fill(lv)) for lv in LEVELS}}
    for n, f in enumerate(result.findings, 1):
        loc, m = f.location, f.matter
        cell = loc.cell or (str(loc.line) if loc.line else f"{loc.row}:{loc.row}" if loc.row else "")   # 2:2 a whole row
        values = (loc.file, loc.sheet or "", cell, m.code if m is not None else "", m.name if m is not None else "",
                  department(f), fields.label(f.field, lang) if f.field else "", f.rule.code, f.rule.title[i],
                  w["levels"][f.level], message(f, lang), suggest(f) or "", str(f.rule.standard),
                  f.value or "")
        row = [styled(WriteOnlyCell(ws), v) if v != "" else None for v in values]    # an empty cell: not written
        _like(row[9], model[f.level])
        for j in (4, 8, 10, 11, 12):              # name, title, message, 应改为, standard: wrapped
            if row[j] is not None:
                _like(row[j], model["wrap"])
        link = _link(report_path, annotated.get(loc.file), loc.sheet, loc.cell)
        if link is not None:
            row[2].hyperlink = link
            _like(row[2], model["link"])
        ws.append(row)
        if progress is not None and n % 1000 == 0:
            progress(1000)


def _model(ws, **style):
    """A cell carrying `style`, whose style record _like copies."""
    cell = WriteOnlyCell(ws)
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def _like(cell, model) -> None:
    """Give `cell` the style of `model` (a cell already styled, e.g. as text, gets it the usual way)."""
    if cell.has_style:
        for name in ("font", "fill", "alignment"):
            if getattr(model, name) != getattr(WriteOnlyCell(model.parent), name):
                setattr(cell, name, copy(getattr(model, name)))
    else:
        cell._style = copy(model._style)


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
    for col, width in zip("ABCDEFGHIJ", (8, 20, 10, 7, 24, 24, 10, 60, 24, 24)):
        ws.column_dimensions[col].width = width


def workbook(result, lang: str = "zh", annotated: dict | None = None, output: str | None = None,
             fail_on: str = "error", stats: bool = False, progress=None, matrix: bool = False) -> Book:
    w = dict(W["en" if lang == "en" else "zh"])
    w["rev"] = {v: k for k, v in w["levels"].items()}
    book = Book()
    _summary(book.create_sheet(w["sheets"][0]), result, w, lang, fail_on)
    _findings(book.wb, result, w, lang, annotated or {}, output, progress)
    _departments(book.create_sheet(w["sheets"][2]), result, w, lang)
    _rules(book.create_sheet(w["sheets"][3]), result, w, lang)
    if stats:
        from .stats import add_sheet     # 统计: compliance by department and level (check --stats)
        add_sheet(book, result, lang)
    if matrix:
        from .matrix import add_sheet as add_matrix    # 四级四同: the four-level matrix, with check --matrix
        add_matrix(book, result.matrix, lang)
    return book


def report(result, out, lang: str = "zh", annotated: dict | None = None, output: str | None = None,
           fail_on: str = "error", stats: bool = False, matrix: bool = False, **_):
    from ..progress import rows_bar
    with rows_bar(len(result.findings), lang) as progress:
        workbook(result, lang, annotated, output, fail_on, stats, progress, matrix).save(out)


report.binary = True
