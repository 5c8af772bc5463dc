"""Compliance statistics (`stdcheck check --stats`, and the 统计 sheet of the Excel report).

While rows stream, the engine counts matters per (department, level) in `Catalogue.tally` (engine/tally.py) — a
Counter, never Matter objects. `stats(result)` then joins those counts with the findings:
  matters   — matters of the group
  errors    — matters with at least one error-level finding
  warnings  — matters whose worst finding is a warning
  compliant — matters without an error-level finding (matters - errors); rate = compliant / matters
Department = 实施主体, else 主管部门; level = the matter's single 行使层级, else the catalogue's level.
"""
from __future__ import annotations

from collections import Counter

from ..levels import LEVEL_ORDER
from ..messages import level_label
from ..engine.tally import group

WORDS = {
    "zh": {"by_dept": "按部门（实施主体 / 主管部门）统计合规率", "by_level": "按层级统计合规率", "dept": "部门",
           "level": "层级", "matters": "事项", "errors": "有错误", "warnings": "仅有警告", "compliant": "合规",
           "rate": "合规率", "unknown": "（未填写）", "unknown_level": "（层级未知）", "total": "合计", "sheet": "统计",
           "more": "另有 {n} 个部门未列出（见 --format xlsx 的“统计”工作表）",
           "note": "合规 = 没有错误级问题的事项；仅有警告的事项计为合规。"},
    "en": {"by_dept": "Compliance by department (implementing body / competent department)",
           "by_level": "Compliance by level", "dept": "department", "level": "level", "matters": "matters",
           "errors": "with errors", "warnings": "warnings only", "compliant": "compliant", "rate": "% compliant",
           "unknown": "(not given)", "unknown_level": "(level unknown)", "total": "total", "sheet": "Stats",
           "more": "{n} more departments not shown (see the Stats sheet of --format xlsx)",
           "more1": "1 more department not shown (see the Stats sheet of --format xlsx)",
           "note": "Compliant = a matter without error-level findings; matters with warnings only count as compliant."},
}


def _row(name: str, matters: int, errors: int, warnings: int) -> dict:
    compliant = matters - errors
    return {"name": name, "matters": matters, "errors": errors, "warnings": warnings, "compliant": compliant,
            "rate": round(compliant / matters, 4) if matters else 1.0}


def stats(result) -> dict | None:
    """Compliance by department and by level. None when no catalogue was tallied (nothing to show)."""
    cats = [c for fr in result.files for c in fr.catalogues]
    if not any(c.tally is not None for c in cats):
        return None
    groups: Counter = Counter()
    for c in cats:
        groups.update(c.tally or {("", c.level or ""): c.count})
    worst: dict = {}
    for f in result.findings:
        m = f.matter
        if m is None or f.level not in ("error", "warning"):
            continue
        key = (f.location.file, f.location.sheet, m.row, m.line)
        if worst.get(key, (None, ""))[1] != "error":
            worst[key] = (group(m.values, f.catalogue), f.level)
    errors, warnings = Counter(), Counter()
    for g, level in worst.values():
        (errors if level == "error" else warnings)[g] += 1
    depts, levels = Counter(), Counter()
    for (dept, level), n in groups.items():
        depts[dept] += n
        levels[level] += n

    def fold(index: int, totals: Counter) -> list[dict]:
        e, w = Counter(), Counter()
        for g, n in errors.items():
            e[g[index]] += n
        for g, n in warnings.items():
            w[g[index]] += n
        return [_row(k, n, e[k], w[k]) for k, n in totals.items()]

    by_dept = sorted(fold(0, depts), key=lambda r: (-r["matters"], r["name"]))
    order = {lv: i for i, lv in enumerate(LEVEL_ORDER)}
    by_level = sorted(fold(1, levels), key=lambda r: (order.get(r["name"], 99), r["name"]))
    total = _row("", sum(groups.values()), sum(errors.values()), sum(warnings.values()))
    return {"total": total, "by_department": by_dept, "by_level": by_level}


# ---------------------------------------------------------------- terminal

def _colour(rate: float) -> str:
    return "green" if rate >= 0.9 else "yellow" if rate >= 0.6 else "red"


def render(figures: dict, out, lang: str = "zh", color: bool | None = None, limit: int = 30) -> None:
    """Horizontal bars: one table by level, one by department (the largest `limit` departments)."""
    from rich.bar import Bar
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    from ..safe import markup

    w = WORDS["en" if lang == "en" else "zh"]
    names = [r["name"] or "" for r in figures["by_department"]] + [w["unknown_level"], w["total"]]
    needed = (min(36, max(map(cell_len, names))) + sum(cell_len(w[c]) + 3 for c in ("matters", "errors", "warnings", "rate"))
              + 24 + 3)                                # names on one line where the terminal allows it
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False, emoji=False,
                      width=max(100, needed, Console(file=out).width))

    def table(title: str, first: str, rows: list[dict], unknown: str, levels: bool = False) -> Table:
        t = Table(title=title, title_justify="left", show_edge=False, pad_edge=False)
        t.add_column(first, overflow="fold", max_width=36)
        for col in ("matters", "errors", "warnings", "rate"):
            t.add_column(w[col], justify="right")
        t.add_column("", width=24, no_wrap=True)
        for r in rows + [dict(figures["total"], name=w["total"])]:
            name = (level_label(r["name"], lang) if levels else r["name"]) or unknown
            t.add_row(markup(name), str(r["matters"]), str(r["errors"]), str(r["warnings"]),
                      f"{r['rate']:.1%}", Bar(1.0, 0, r["rate"], width=24, color=_colour(r["rate"]),
                                               bgcolor="grey23"))
        return t

    console.print()
    console.print(table(w["by_level"], w["level"], figures["by_level"], w["unknown_level"], levels=True))
    console.print()
    depts = figures["by_department"]
    console.print(table(w["by_dept"], w["dept"], depts[:limit], w["unknown"]))
    if len(depts) > limit:
        more = len(depts) - limit
        console.print(f"[dim]{w['more1' if more == 1 and 'more1' in w else 'more'].format(n=more)}[/]")
    console.print(f"[dim]{w['note']}[/]")


# ---------------------------------------------------------------- Excel

def add_sheet(wb, result, lang: str = "zh") -> None:
    """The 统计 sheet of the Excel report: the same figures, with a bar chart of the compliance rates."""
    figures = stats(result)
    if figures is None:
        return
    from openpyxl.chart import BarChart, Reference

    from .sheets import HEAD_FILL, put
    w = WORDS["en" if lang == "en" else "zh"]
    ws = wb.create_sheet(w["sheet"])
    row = 1
    for title, first, rows, unknown in ((w["by_level"], w["level"], [dict(r, name=level_label(r["name"], lang))
                                                                      for r in figures["by_level"]], w["unknown_level"]),
                                        (w["by_dept"], w["dept"], figures["by_department"], w["unknown"])):
        put(ws, row, 1, title, bold=True)
        for j, h in enumerate((first, w["matters"], w["errors"], w["warnings"], w["compliant"], w["rate"]), 1):
            put(ws, row + 1, j, h, bold=True).fill = HEAD_FILL
        start = row + 2
        for i, r in enumerate(rows + [dict(figures["total"], name=w["total"])], start):
            for j, v in enumerate((r["name"] or unknown, r["matters"], r["errors"], r["warnings"],
                                   r["compliant"], r["rate"]), 1):
                c = put(ws, i, j, v)
            c.number_format = "0.0%"
        if rows:
            chart = BarChart()
            chart.type, chart.title, chart.legend = "bar", title, None
            chart.add_data(Reference(ws, min_col=6, min_row=start - 1, max_row=start + len(rows) - 1),
                           titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=1, min_row=start, max_row=start + len(rows) - 1))
            chart.x_axis.scaling.orientation = "maxMin"
            chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
            chart.height, chart.width = max(5, 0.6 * len(rows) + 2), 14
            ws.add_chart(chart, f"H{row}")
        chart_rows = int(chart.height / 0.53) + 2 if rows else 0      # a default row is ~0.53 cm high
        row = max(start + len(rows) + 3, row + chart_rows)
    put(ws, row, 1, w["note"])
    for col, width in zip("ABCDEF", (36, 10, 10, 10, 10, 10)):
        ws.column_dimensions[col].width = width
