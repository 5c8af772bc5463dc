"""The 四级四同 matrix: one line per matter (基本编码), one column per level — present, absent, divergent.

The data comes from the XL rules (stdcheck.crosslevel.compare.matrix); `render` draws it on the terminal
(divergent matters first, at most `limit` lines), `add_sheet` writes every line to an xlsx workbook.
"""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

MARK = {"present": "✓", "cosmetic": "≈", "divergent": "✗", "missing": "?", "absent": "—"}
STYLE = {"present": "green", "cosmetic": "yellow", "divergent": "bold red", "missing": "bold red", "absent": "dim"}
WORDS = {
    "zh": {"title": "四级四同矩阵", "code": "基本编码", "name": "事项名称", "none": "四级四同矩阵：未加载多个目录/清单，无矩阵",
           "legend": "✓ 一致  ≈ 仅写法不同  ✗ 不一致  ? 上级无此事项  — 未列入", "more": "另有 {n} 个事项未显示（全部一致的排在后面）",
           "sheet": "四级四同",
           "words": {"present": "一致", "cosmetic": "仅写法不同", "divergent": "不一致", "missing": "上级无此事项", "absent": "未列入"}},
    "en": {"title": "Four-level matrix", "code": "basic code", "name": "name",
           "none": "four-level matrix: fewer than two catalogues loaded, no matrix",
           "legend": "✓ same  ≈ differs in writing only  ✗ differs  ? not in the upper level  — absent",
           "more": "{n} more matters not shown (consistent ones last)", "sheet": "四级四同",
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
    if not data:
        console.print(w["none"])
        return
    table = Table(title=w["title"], caption=w["legend"])
    table.add_column(w["code"])
    table.add_column(w["name"])
    for lv in data["levels"]:
        table.add_column(lv, justify="center")
    rows = ordered(data)
    for r in rows[:limit]:
        table.add_row(r["code"], r["name"], *(f"[{STYLE[c]}]{MARK[c]}[/]" for c in (r["cells"][lv] for lv in data["levels"])))
    console.print()
    console.print(table)
    if len(rows) > limit:
        console.print(w["more"].format(n=len(rows) - limit))


def add_sheet(wb, data: dict | None, lang: str = "zh") -> None:
    """A 四级四同 sheet: every matter, one column per level, the state in words."""
    if not data:
        return
    w = WORDS["en" if lang == "en" else "zh"]
    ws = wb.create_sheet(w["sheet"])
    ws.append([w["code"], w["name"], *data["levels"]])
    for r in ordered(data):                      # text never becomes a formula
        ws.append([_safe(r["code"]), _safe(r["name"]), *(w["words"][r["cells"][lv]] for lv in data["levels"])])
    ws.freeze_panes = "C2"


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
