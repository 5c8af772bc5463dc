"""`stdcheck template`: an Excel workbook that is compliant by construction.

Columns are the profile's elements for the kind, in the order of rules/fields.yaml; required ones carry
`*` (header matching ignores it) and elements required for some 事项类型 only are marked in colour and in
their comment. Each header has a comment with the element's definition and format. Code-table elements
get a data-validation dropdown (values on a hidden sheet), 时限 and 次数 a whole-number validation, code
and phone columns the text format '@' so leading zeros survive, and a 说明 sheet explains how to fill it in.
"""
from __future__ import annotations

import io
from functools import cache

from .codes.tables import table_for
from .fields import dictionary
from .kinds import KIND_EN, KIND_LABELS, KINDS
from .messages import render
from .resources import read_yaml, rules_dir
from .safe import text_cell, xml

KIND_TITLES = {k: (KIND_LABELS[k], KIND_EN[k]) for k in KINDS}
# The two lists have a published (licensing: 国办发〔2022〕2号) or customary (powers) column order and header texts.
LAYOUT = {"licensing": ["seq", "upper_seq", "competent_dept", "name", "impl_body", "legal_basis", "remark"],
          "powers": ["seq", "item_type", "name", "sub_name", "legal_basis", "duty", "accountability", "impl_body", "remark"]}
HEADERS = {"licensing": {"impl_body": "实施机关", "legal_basis": "设定和实施依据"},
           "powers": {"item_type": "权力类型", "legal_basis": "实施依据"}}
# Optional elements a template offers besides the profile's required and conditional ones; a profile may
# replace these lists with `template: {basic: [...], implementation: [...]}`.
OPTIONAL = {
    "basic": ["competent_dept", "dept_code", "state"],
    "implementation": ["entrust_dept", "entrust_dept_code", "legal_limit_note", "promised_limit_note", "handling_form",
                       "visit_reason", "fee_basis", "fee_standard", "is_online", "online_url", "online_depth",
                       "pay_online", "express", "appointment", "in_hall", "handle_area", "result_type", "result_name",
                       "special_procedure", "quantity_limit", "intermediary", "state"],
    **LAYOUT,
}
NUMBERS = ("legal_limit", "promised_limit", "visits", "version")      # whole numbers >= 0
UNITS = ("legal_limit_unit", "promised_limit_unit")                    # dropdown of the profile's time_units
TEXT_TYPES = ("code", "phone")     # columns formatted as text '@': codes and phone numbers keep their leading zeros
HIDDEN_SHEET = "代码表"
GUIDE_SHEET = "说明"


@cache
def field_docs() -> dict:
    return read_yaml(rules_dir() / "field_docs.yaml") or {}


def elements(profile, kind: str) -> list[tuple[str, str]]:
    """(field id, status) in standard order; status is required | by_type | optional."""
    req = profile.get("required") or {}
    status: dict[str, str] = {}
    if kind != "implementation":
        for f in req.get(kind) or ():
            status[f] = "required"
    else:
        spec = req.get("implementation") or {}
        for f in spec.get("all") or ():
            status[f] = "required"
        for group in (spec.get("groups") or {}).values():
            for f in (group or {}).get("elements") or ():
                status.setdefault(f, "by_type")
        for entry in (profile.get("conditional_required") or {}).values():
            for f in [*((entry or {}).get("when") or {}), *((entry or {}).get("require") or ())]:
                status.setdefault(f, "optional")
    fields = dictionary()
    for f in ((profile.get("template") or {}).get(kind) or OPTIONAL[kind]):
        fid = f if fields.get(f) else fields.match(str(f))      # an element id, or its label or an alias
        if fid is None:                  # a typo would silently drop the column
            from .errors import ConfigError
            raise ConfigError("template.unknown_element", profile=profile.name, key=f"template.{kind}", element=f)
        status.setdefault(fid, "optional")
    order = LAYOUT.get(kind, [])
    return [(fid, status[fid]) for fid in order if fid in status] + \
        [(fid, status[fid]) for fid in fields.order if fid in status and fid not in order]


def header(kind: str, fid: str) -> str:
    """The header text of an element in a template of this kind (实施机关 in a licensing list)."""
    return HEADERS.get(kind, {}).get(fid) or dictionary()[fid].label


def by_type_note(profile, fid: str) -> tuple[str, str]:
    """Which 事项类型 need a by_type element, as label lists (zh, en)."""
    spec = (profile.get("required") or {}).get("implementation") or {}
    types = profile.tables.get("item_type")
    labels = []
    for group in (spec.get("groups") or {}).values():
        if fid in ((group or {}).get("elements") or ()):
            labels += [types.label(types.code(t) or t) if types else t for t in group["item_types"]]
    text = "、".join(dict.fromkeys(labels))
    return text, text


def choices(profile, fid: str) -> list[str]:
    """The values a dropdown offers: the labels of the element's code table (or the time units)."""
    if fid in UNITS:
        return list((profile.get("time_units") or {}).keys())
    f = dictionary().get(fid)
    name = (f.table or ("boolean" if f.type == "boolean" else None)) if f else None
    table = table_for(profile, name)
    return list(table.codes.values()) if table is not None else []


def _lengths(profile) -> dict:
    from .rules.elements_format import LENGTHS
    opts = ((profile.get("rules") or {}).get("EL007") or {}).get("options") or {}
    return opts.get("limits") or LENGTHS


def format_note(profile, fid: str, lang: str) -> str:
    """The format of an element, from its type, code table and length limit, in one language."""
    f = dictionary()[fid]
    parts = []
    values = choices(profile, fid)
    if values:
        key = "template.format.multi" if f.type == "multi_enum" else "template.format.list"
        parts.append(render(key, {"choices": tuple(values)}, lang))
    elif f.type == "code":
        parts.append(render("template.format.code", {}, lang))
    elif fid in NUMBERS:
        parts.append(render("template.format.integer", {}, lang))
    elif f.type == "url":
        parts.append(render("template.format.url", {}, lang))
    elif f.type == "phone":
        parts.append(render("template.format.phone", {}, lang))
    limit = _lengths(profile).get(fid)
    if limit:
        parts.append(render("template.format.length", {"limit": limit}, lang))
    return " ".join(parts)


def status_note(profile, fid: str, status: str, lang: str) -> str:
    if status == "by_type":
        zh, en = by_type_note(profile, fid)
        return render("template.status.by_type", {"types": zh if lang == "zh" else en}, lang)
    return render(f"template.status.{status}", {}, lang)


def comment_text(profile, fid: str, status: str) -> str:
    f = dictionary()[fid]
    doc = field_docs().get(fid) or {}
    zh = [f"{f.label}（{status_note(profile, fid, status, 'zh')}）", doc.get("zh", ""), format_note(profile, fid, "zh")]
    en = [f"{f.en} ({status_note(profile, fid, status, 'en')})", doc.get("en", ""), format_note(profile, fid, "en")]
    return "\n".join(x for x in [*zh, "", *en] if x is not None).strip()


def _cell(ws, row: int, col: int, value):
    """A cell of the template: profile values are data (safe.text_cell), never formulas."""
    cell = ws.cell(row=row, column=col)
    text_cell(cell, value)
    return cell


def build(profile, kind: str, rows: int = 500) -> bytes:
    """The template workbook as bytes."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    fields = dictionary()
    cols = elements(profile, kind)
    zh_kind, en_kind = KIND_TITLES[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = zh_kind
    lists = wb.create_sheet(HIDDEN_SHEET)
    lists.sheet_state = "hidden"
    guide = wb.create_sheet(GUIDE_SHEET)
    wb.move_sheet(guide, offset=-2)      # 说明 first, then the table, then the hidden lists
    wb.active = 1

    last = get_column_letter(len(cols))
    _cell(ws, 1, 1, render("template.title", {"kind": zh_kind, "profile": profile.name}, "zh"))
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    first, end = 3, rows + 2
    red, orange = Font(bold=True, color="C00000"), Font(bold=True, color="C65911")
    fill = PatternFill("solid", fgColor="DDEBF7")
    list_col = 0
    for j, (fid, status) in enumerate(cols, 1):
        f = fields[fid]
        letter = get_column_letter(j)
        cell = _cell(ws, 2, j, ("*" if status == "required" else "") + header(kind, fid))
        cell.font = red if status == "required" else orange if status == "by_type" else Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        note = Comment(xml(comment_text(profile, fid, status)), "stdcheck")
        note.width, note.height = 320, 220
        cell.comment = note
        ws.column_dimensions[letter].width = 36 if fid in ("name", "legal_basis", "accept_condition", "handle_flow") \
            else 34 if f.type == "code" else 16
        area = f"{letter}{first}:{letter}{end}"
        values = choices(profile, fid)
        if values:
            list_col += 1
            lc = get_column_letter(list_col)
            for i, v in enumerate(values, 1):
                _cell(lists, i, list_col, v)
            multi = f.type == "multi_enum"
            dv = DataValidation(type="list", formula1=f"'{HIDDEN_SHEET}'!${lc}$1:${lc}${len(values)}",
                                allow_blank=True, showErrorMessage=True, showInputMessage=True,
                                errorStyle="warning" if multi else "stop",
                                errorTitle=render("template.dv.error_title", {}, "zh")[:32],
                                error=render("template.dv.multi" if multi else "template.dv.error",
                                             {"label": f.label}, "zh")[:255],
                                promptTitle=f.label[:32], prompt=render("template.dv.prompt", {}, "zh")[:255])
            dv.add(area)
            ws.add_data_validation(dv)
        elif fid in NUMBERS:
            dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                showErrorMessage=True, errorStyle="stop",
                                errorTitle=render("template.dv.error_title", {}, "zh")[:32],
                                error=render("template.dv.integer", {"label": f.label}, "zh")[:255])
            dv.add(area)
            ws.add_data_validation(dv)
        if f.type in TEXT_TYPES:
            for r in range(first, end + 1):
                ws.cell(row=r, column=j).number_format = "@"
    ws.freeze_panes = "B3"
    ws.row_dimensions[2].height = 32
    _guide(guide, profile, kind, cols)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _guide(ws, profile, kind: str, cols) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    fields = dictionary()
    zh_kind, en_kind = KIND_TITLES[kind]
    params = {"kind": zh_kind, "kind_en": en_kind, "profile": profile.name,
              "title": profile.get("title") or profile.name, "title_en": profile.get("title_en") or profile.name}
    lines = [render(f"template.guide.{i}", params, lang) for lang in ("zh", "en") for i in range(1, 7)]
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 26
    ws.column_dimensions["D"].width = 30
    ws.column_dimensions["E"].width = 90
    _cell(ws, 1, 1, render("template.guide.heading", params, "zh"))
    ws["A1"].font = Font(bold=True, size=14)
    r = 2
    for line in lines:
        r += 1
        _cell(ws, r, 1, line)
    r += 2
    for j, key in enumerate(("column", "element", "element_en", "status", "format"), 1):
        c = _cell(ws, r, j, render(f"template.guide.col.{key}", {}, "zh") + " / "
                    + render(f"template.guide.col.{key}", {}, "en"))
        c.font = Font(bold=True)
    for j, (fid, status) in enumerate(cols, 1):
        r += 1
        f = fields[fid]
        _cell(ws, r, 1, get_column_letter(j))
        _cell(ws, r, 2, f.label)
        _cell(ws, r, 3, f.en)
        _cell(ws, r, 4, f"{status_note(profile, fid, status, 'zh')} / {status_note(profile, fid, status, 'en')}")
        doc = field_docs().get(fid) or {}
        c = _cell(ws, r, 5, f"{doc.get('zh', '')}{format_note(profile, fid, 'zh')}\n"
                                            f"{doc.get('en', '')} {format_note(profile, fid, 'en')}")
        c.alignment = Alignment(wrap_text=True, vertical="top")


def write(profile, kind: str, out: str, rows: int = 500, force: bool = False, inputs=()) -> int:
    """Build and write the template atomically; returns the number of columns."""
    import os
    from .output import OutputError, write_atomic
    if os.path.exists(out) and not force:
        raise OutputError("template.exists", path=out)
    write_atomic(out, build(profile, kind, rows), inputs)
    return len(elements(profile, kind))
