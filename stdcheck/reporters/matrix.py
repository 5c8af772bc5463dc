"""The 四级四同 matrix: one line per matter (基本编码), one column per level — present, absent, divergent.

The data comes from the XL rules (stdcheck.crosslevel.compare.matrix); `render` draws it on the terminal
(divergent matters first, at most `limit` lines), `add_sheet` writes every line to an xlsx workbook.
"""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from ..messages import level_label, render as render_message
from ..safe import markup

MARK = {"present": "✓", "cosmetic": "≈", "divergent": "✗", "missing": "?", "absent": "—"}
ASCII_MARK = {"present": "v", "cosmetic": "~", "divergent": "x", "missing": "?", "absent": "-"}   # a GBK console
STYLE = {"present": "green", "cosmetic": "yellow", "divergent": "bold red", "missing": "bold red", "absent": "dim"}
WORDS = {
    "zh": {"title": "四级四同矩阵", "code": "基本编码", "name": "事项名称", "none": "四级四同矩阵：未加载多个目录/清单，无矩阵",
           "legend": "✓ 一致  ≈ 仅写法不同  ✗ 不一致  ? 上级无此事项  — 未列入", "more": "另有 {n} 个事项未显示（全部一致的排在后面）",
           "sheet": "四级四同",
           "words": {"present": "一致", "cosmetic": "仅写法不同", "divergent": "不一致", "missing": "上级无此事项", "absent": "未列入"}},
    "en": {"title": "Four-level matrix", "code": "basic code", "name": "name",
           "none": "four-level matrix: fewer than two catalogues loaded, no matrix",
           "legend": "✓ same  ≈ differs in writing only  ✗ differs  ? not in the upper level  — absent",
           "more": "{n} more matters not shown (consistent ones last)", "more1": "1 more matter not shown (consistent ones last)",
           "sheet": "Four-level matrix",
           "words": {"present": "same", "cosmetic": "writing only", "divergent": "differs", "missing": "not upstream",
                     "absent": "absent"}},
}


def ordered(data: dict) -> list[dict]:
    """Divergent matters first, then by code."""
    return sorted(data["rows"], key=lambda r: (not r["bad"], r["code"]))


def render(data: dict | None, out, lang: str = "zh", color: bool | None = None, limit: int = 200) -> None:
    w = WORDS["en" if lang == "en" else "zh"]
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True,
                      emoji=False)
    if data and data.get("not_run"):          # --matrix, but --select/--ignore left the XL rules out
        console.print(render_message("report.matrix_not_run", {}, lang))
        return
    if not data:
        console.print(w["none"])
        return
    from ..safe import can_show
    marks = MARK if can_show(out, "".join(MARK.values())) else ASCII_MARK
    legend = w["legend"] if marks is MARK else w["legend"].translate(str.maketrans({MARK[k]: ASCII_MARK[k] for k in MARK}))
    table = Table(title=w["title"], caption=legend)
    table.add_column(w["code"])
    table.add_column(w["name"])
    for lv in data["levels"]:
        table.add_column(level_label(lv, lang), justify="center")
    rows = ordered(data)
    for r in rows[:limit]:
        table.add_row(markup(r["code"]), markup(r["name"]),
                      *(f"[{STYLE[c]}]{marks[c]}[/]" for c in (r["cells"][lv] for lv in data["levels"])))
    console.print()
    console.print(table)
    more = len(rows) - limit
    if more > 0:
        console.print(w["more1" if more == 1 and "more1" in w else "more"].format(n=more))


def add_sheet(wb, data: dict | None, lang: str = "zh") -> None:
    """A 四级四同 sheet: every matter, one column per level, the state in words."""
    if not data or not data.get("rows"):
        return
    from .sheets import HEAD_FILL, put              # the report's writer: text that looks like a formula stays text
    w = WORDS["en" if lang == "en" else "zh"]
    ws = wb.create_sheet(w["sheet"])
    for j, h in enumerate([w["code"], w["name"], *(level_label(lv, lang) for lv in data["levels"])], 1):
        put(ws, 1, j, h, bold=True).fill = HEAD_FILL
    for i, r in enumerate(ordered(data), 2):
        for j, v in enumerate([r["code"], r["name"], *(w["words"][r["cells"][lv]] for lv in data["levels"])], 1):
            put(ws, i, j, v)
    ws.freeze_panes = "C2"
