"""Rendering a DiffResult: text (rich), json, xlsx. The only place where diff messages become text."""
from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from . import __version__
from .diff import KINDS, Change, DiffResult, Record
from .fields import dictionary
from .kinds import KIND_EN, KIND_LABELS
from .levels import LEVEL_STYLE as STYLE, LEVEL_WORDS
from .messages import render
from .reporters import indented
from .safe import markup

W = {
    "zh": {"levels": LEVEL_WORDS["zh"], "old": "旧版", "new": "新版",
           "kind": KIND_LABELS, "title": "版本比对", "matters": "个事项", "matched": "匹配", "unchanged": "无变化",
           "none": "两版没有差异", "code": "代码", "change": "变更", "level": "级别", "count": "数量",
           "sheets": ("汇总", "变更清单"), "file": "文件",
           "cols": ("代码", "级别", "变更", "事项编码", "事项名称", "要素", "旧值", "新值", "说明", "旧版位置", "新版位置")},
    "en": {"levels": LEVEL_WORDS["en"], "old": "old", "new": "new",
           "kind": KIND_EN, "title": "Revision audit",
           "matters": "matters", "matched": "matched", "unchanged": "unchanged", "none": "no differences",
           "code": "code", "change": "change", "level": "level", "count": "count",
           "sheets": ("Summary", "Changes"), "file": "file",
           "cols": ("code", "level", "change", "matter code", "matter name", "element", "old value", "new value",
                    "message", "old location", "new location")},
}


def words(lang: str) -> dict:
    return W["en" if lang == "en" else "zh"]


def where(rec: Record | None, fid: str | None) -> str:
    if rec is None:
        return ""
    loc = rec.location(fid)
    if loc.line is not None:
        return f"{loc.file}:{loc.line}"
    cell = loc.cell or (str(loc.row) if loc.row else "")
    return f"{loc.file}:{loc.sheet}!{cell}" if loc.sheet else f"{loc.file}:{cell}"


def message(c: Change, lang: str) -> str:
    w = words(lang)
    rec = c.new or c.old
    side = "new" if c.new is not None and c.old is None else "old" if c.old is not None and c.new is None else None
    params = {"code": c.key, "name": c.name, "old": c.value("old"), "new": c.value("new"),
              "version": w[c.params.get("version", side or "new")], "where": where(rec, c.field)}
    params.update({k: v for k, v in c.params.items() if k != "version"})
    label = dictionary().label(c.field, lang) if c.field else ""
    return render(c.message, params, lang, label=label, value=c.value("new") or c.value("old"))


def error_params(params: dict, lang: str) -> dict:
    """Parameters of a DiffError ready to render: kinds as words (a reader's error renders itself)."""
    kinds = words(lang)["kind"]
    return {k: kinds.get(v, v) if k.endswith("_kind") else v for k, v in params.items()}


def title(code: str, lang: str) -> str:
    return KINDS[code][3 if lang == "en" else 2]


# ---------------------------------------------------------------- text

def text(result: DiffResult, out, lang: str = "zh", color: bool | None = None) -> None:
    w = words(lang)
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False, soft_wrap=True,
                      emoji=False)
    kind = w["kind"].get(result.kind, result.kind)
    console.print(f"[bold]{w['title']}[/]  {markup(result.old.path)} → {markup(result.new.path)}  [dim]({kind})[/]")
    console.print(f"[dim]{w['old']} {len(result.old.records)} {w['matters']} · {w['new']} {len(result.new.records)} "
                  f"{w['matters']} · {w['matched']} {result.matched} · {w['unchanged']} {result.unchanged}[/]")
    console.print()
    for c in result.changes:
        at = where(c.new, c.field) or where(c.old, c.field)
        console.print(f"  [{STYLE[c.level]}]{c.code} {w['levels'][c.level]}[/]  [bold]{markup(c.key or '-')}[/]  "
                      f"{markup(message(c, lang))}  [dim]{markup(at)}[/]")
    if not result.changes:
        console.print(w["none"])
        return
    table = Table(show_lines=False)
    for col, just in ((w["code"], "left"), (w["change"], "left"), (w["level"], "left"), (w["count"], "right")):
        table.add_column(col, justify=just)
    for code, n in sorted(result.by_code().items()):
        level = KINDS[code][0]
        table.add_row(code, title(code, lang), f"[{STYLE[level]}]{w['levels'][level]}[/]", str(n))
    console.print()
    console.print(table)
    console.print(render("diff.summary", result.counts(), lang))


# ---------------------------------------------------------------- json

def _side(rec: Record | None, fid: str | None) -> dict | None:
    if rec is None:
        return None
    loc = rec.location(fid)
    return {"value": rec.text(fid) if fid else None, "file": loc.file, "sheet": loc.sheet, "row": loc.row,
            "cell": loc.cell, "line": loc.line}


def document(result: DiffResult, lang: str = "zh") -> dict:
    fields = dictionary()
    changes = [{"code": c.code, "level": c.level, "title": title(c.code, lang), "message": message(c, lang),
                "matter": {"code": c.key or None, "name": c.name or None},
                "field": {"id": c.field, "label": fields.label(c.field, lang)} if c.field else None,
                "old": _side(c.old, c.field), "new": _side(c.new, c.field),
                "params": {k: v for k, v in c.params.items()}}
               for c in result.changes]
    return {
        "version": 1,
        "tool": {"name": "stdcheck", "version": __version__},
        "kind": result.kind,
        "old": {"path": result.old.path, "matters": len(result.old.records)},
        "new": {"path": result.new.path, "matters": len(result.new.records)},
        "summary": {"matched": result.matched, "unchanged": result.unchanged, **result.counts(),
                    "by_code": dict(sorted(result.by_code().items()))},
        "changes": changes,
    }


def as_json(result: DiffResult, out, lang: str = "zh", **_) -> None:
    indented.dump(document(result, lang), out)


# ---------------------------------------------------------------- xlsx

def xlsx(result: DiffResult, lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .reporters.sheets import HEAD_FILL, level_fill, print_setup, put
    w = words(lang)
    fields = dictionary()
    wb = Workbook()
    ws = wb.active
    ws.title = w["sheets"][0]
    put(ws, 1, 1, w["title"]).font = Font(bold=True, size=14)
    info = [(f"{w['old']} {w['file']}", result.old.path), (f"{w['new']} {w['file']}", result.new.path),
            (w["kind"].get(result.kind, result.kind), ""),
            (f"{w['old']} {w['matters']}", len(result.old.records)),
            (f"{w['new']} {w['matters']}", len(result.new.records)),
            (w["matched"], result.matched), (w["unchanged"], result.unchanged)]
    for i, (k, v) in enumerate(info, 2):
        put(ws, i, 1, k, bold=True), put(ws, i, 2, v)
    row = len(info) + 3
    for j, h in enumerate((w["code"], w["change"], w["level"], w["count"]), 1):
        put(ws, row, j, h, bold=True).fill = HEAD_FILL
    for i, (code, n) in enumerate(sorted(result.by_code().items()), row + 1):
        level = KINDS[code][0]
        put(ws, i, 1, code), put(ws, i, 2, title(code, lang)), put(ws, i, 4, n)
        put(ws, i, 3, w["levels"][level]).fill = level_fill(level)
    for col, width in zip("ABCD", (22, 48, 10, 10)):
        ws.column_dimensions[col].width = width
    ch = wb.create_sheet(w["sheets"][1])
    for j, h in enumerate(w["cols"], 1):
        put(ch, 1, j, h, bold=True).fill = HEAD_FILL
    for i, c in enumerate(result.changes, 2):
        values = (c.code, w["levels"][c.level], title(c.code, lang), c.key, c.name,
                  fields.label(c.field, lang) if c.field else "", c.value("old"), c.value("new"),
                  message(c, lang), where(c.old, c.field), where(c.new, c.field))
        for j, v in enumerate(values, 1):
            put(ch, i, j, v)
        ch.cell(row=i, column=2).fill = level_fill(c.level)
        ch.cell(row=i, column=9).alignment = Alignment(wrap_text=True, vertical="top")
    ch.freeze_panes = "A2"
    ch.auto_filter.ref = f"A1:K{max(len(result.changes) + 1, 2)}"
    for col, width in zip("ABCDEFGHIJK", (8, 8, 22, 34, 30, 12, 30, 30, 60, 30, 30)):
        ch.column_dimensions[col].width = width
    for sheet in (ws, ch):                   # A4 landscape, fit to width, header repeated (as the check report)
        print_setup(sheet, None if sheet is ws else "1:1")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
