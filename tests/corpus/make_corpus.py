"""The bad-input corpus (issue 8): hostile and broken catalogue files, generated, never committed.

    python tests/corpus/make_corpus.py OUT_DIR        # writes every file into OUT_DIR, prints the list

Tests call `build(folder)` once per session (fixture `corpus` in tests/test_reliability.py). Good rows
come from benchmarks/generate.py so the readable files hold realistic, clean matters. Workbooks whose
XML must be exact (formulas with cached values, hidden rows, control characters, DOCTYPE/entities, the
zip bomb) are written part by part with `raw_xlsx`; the rest with openpyxl, xlwt (legacy .xls) and
msoffcrypto-tool (the password-protected workbook).
"""
from __future__ import annotations

import importlib.util
import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
BOMB_MB = 300            # the zip bomb's sheet XML expands to this many MB (compressed: ~0.3 MB)


def _generator():
    spec = importlib.util.spec_from_file_location("_bench_generate", ROOT / "benchmarks" / "generate.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def good_rows(n: int = 5, kind: str = "basic") -> tuple[list[str], list[list[str]]]:
    """Header and `n` clean rows of a 基本目录 (kind basic) or 实施清单."""
    g = _generator()
    basic = g.basic_rows(max(n, 11))
    if kind == "basic":
        return list(g.BASIC_HEADER), [list(r) for r in basic[:n]]
    return list(g.IMPL_HEADER), [list(map(str, r)) for r in g.impl_rows(n, basic, defects=0)]


# --- a minimal xlsx writer: exact XML, inline strings ------------------------------------------------

def _col(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        s = chr(65 + r) + s
    return s


def _cell(ref: str, v) -> str:
    if v is None or v == "":
        return ""
    if isinstance(v, tuple):                       # ("f", formula, cached value)
        _, formula, cached = v
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
        return f'<c r="{ref}"><f>{escape(formula)}</f><v>{cached}</v></c>'
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>'


def sheet_xml(rows, hidden_rows=(), prolog: str = "", merges=()) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for i, row in enumerate(rows, 1):
        attr = ' hidden="1"' if i in hidden_rows else ""
        out.append(f'<row r="{i}"{attr}>' + "".join(_cell(f"{_col(j)}{i}", v) for j, v in enumerate(row)) + "</row>")
    out.append("</sheetData>")
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


def raw_xlsx(path: Path, sheets: list[tuple[str, str, str]], workbook_prolog: str = "") -> None:
    """sheets: (name, sheet XML, state 'visible'|'hidden')."""
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                    f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   f'{types}</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="rId{i}" Type="{ns}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                             for i in range(1, len(sheets) + 1)) + "</Relationships>")
        z.writestr("xl/workbook.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?>{workbook_prolog}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   f'xmlns:r="{ns}"><sheets>'
                   + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"'
                             + (f' state="{state}"' if state != "visible" else "") + "/>"
                             for i, (name, _, state) in enumerate(sheets, 1)) + "</sheets></workbook>")
        for i, (_, xml, _) in enumerate(sheets, 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)


def _openpyxl(path: Path, rows, merges=()) -> None:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "基本目录"
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    wb.save(path)


TWO_ROW = ["事项名称", "基本编码", "实施编码", "事项类型", "行使层级", "实施主体", "实施主体编码", "法定办结时限",
           "承诺办结时限", "办件类型"]


def _two_row_header(path: Path) -> None:
    """An 实施清单 whose header takes two rows: 办结时限 merged over 法定办结时限 | 承诺办结时限 below it,
    the other headers merged down over both rows (as many departments lay it out)."""
    header, rows = good_rows(5, "implementation")
    picked = [[r[header.index(h)] for h in TWO_ROW] for r in rows]
    split = TWO_ROW.index("法定办结时限")
    upper = [h if i not in (split, split + 1) else None for i, h in enumerate(TWO_ROW)]
    upper[split] = "办结时限"
    lower = [h if i in (split, split + 1) else None for i, h in enumerate(TWO_ROW)]
    merges = [f"{_col(split)}1:{_col(split + 1)}1"] + [f"{_col(i)}1:{_col(i)}2" for i in range(len(TWO_ROW))
                                                        if i not in (split, split + 1)]
    _openpyxl(path, [upper, lower, *picked], merges=merges)


def _zip_bomb(path: Path, mb: int) -> None:
    """A workbook whose one sheet XML declares `mb` MB: a valid header row, then one huge row of padding."""
    header, rows = good_rows(1)
    head = sheet_xml([header, *rows]).split("</sheetData>")[0]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        raw_parts = io.BytesIO()
        raw_xlsx(raw_parts, [("基本目录", sheet_xml([header]), "visible")])
        with zipfile.ZipFile(raw_parts) as src:
            for info in src.infolist():
                if not info.filename.startswith("xl/worksheets/"):
                    z.writestr(info.filename, src.read(info.filename))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(head.encode())
            pad = b"<row/>" * (1 << 20)                          # 6 MB of empty rows per write
            for _ in range(mb // 6):
                fh.write(pad)
            fh.write(b"</sheetData></worksheet>")


def _csv(rows, delimiter: str = ",") -> str:
    import csv
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def _lying_sizes(path: Path, bomb: Path) -> None:
    """The zip bomb with its sheet's declared uncompressed size rewritten to 1 MB (a zip that lies)."""
    import struct
    data = bytearray(bomb.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    i = data.find(b"PK\x01\x02")
    while i >= 0:
        n = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + n] == name:
            struct.pack_into("<I", data, i + 24, 1 << 20)                       # central directory
            struct.pack_into("<I", data, struct.unpack_from("<I", data, i + 42)[0] + 22, 1 << 20)  # local header
        i = data.find(b"PK\x01\x02", i + 4)
    path.write_bytes(bytes(data))


XXE = ('<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')
LAUGHS = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a}]\n" for a, b in zip("abcdefgh", "bcdefghi"))


def build(out: Path) -> dict[str, Path]:
    """Write the whole corpus into `out`; returns {name: path}."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    header, rows = good_rows(5)
    files: dict[str, Path] = {}

    def put(name: str, data: bytes | str | None = None, writer=None) -> None:
        p = out / name
        if writer is not None:
            writer(p)
        else:
            p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        files[name] = p

    # workbooks that are not workbooks
    put("text_renamed.xlsx", "事项名称,基本编码\n这不是工作簿,000104002000\n")
    good = io.BytesIO()
    raw_xlsx(good, [("基本目录", sheet_xml([header, *rows]), "visible")])
    put("good.xlsx", good.getvalue())
    put("truncated.xlsx", good.getvalue()[: len(good.getvalue()) // 2])
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as z:
        z.writestr("readme.txt", "一个普通的压缩包 / just a zip")
    put("not_workbook.xlsx", zbuf.getvalue())

    def encrypted(p: Path) -> None:
        import msoffcrypto
        from msoffcrypto.format.ooxml import OOXMLFile
        plain = io.BytesIO()
        _openpyxl(plain, [header, *rows])
        plain.seek(0)
        with open(p, "wb") as fh:
            OOXMLFile(plain).encrypt("secret", fh)
        assert msoffcrypto
    put("encrypted.xlsx", writer=encrypted)

    def legacy(p: Path) -> None:
        import xlwt
        wb = xlwt.Workbook(encoding="utf-8")
        ws = wb.add_sheet("基本目录")
        for i, r in enumerate([header, *rows]):
            for j, v in enumerate(r):
                ws.write(i, j, v)
        wb.save(str(p))
    put("legacy.xls", writer=legacy)

    for suffix in ("xlsx", "xls", "csv", "yaml"):
        put(f"empty.{suffix}", b"")

    # workbooks with odd contents
    put("no_header.xlsx", writer=lambda p: _openpyxl(p, [["x", "y", "z"], *rows]))
    put("header_only.xlsx", writer=lambda p: _openpyxl(p, [header]))
    put("duplicate_headers.xlsx", writer=lambda p: _openpyxl(p, [header + ["事项名称"], *[r + ["重复列"] for r in rows]]))
    put("merged_header.xlsx", writer=lambda p: _openpyxl(
        p, [["政务服务事项基本目录"] + [None] * (len(header) - 1), header, *rows],
        merges=[f"A1:{_col(len(header) - 1)}1"]))
    put("two_row_header.xlsx", writer=_two_row_header)
    formula_rows = [[r[0], ("f", f'"{r[1][:6]}"&"{r[1][6:]}"', r[1]), *r[2:]] for r in rows]
    put("formulas.xlsx", writer=lambda p: raw_xlsx(
        p, [("基本目录", sheet_xml([header, *formula_rows]), "visible")]))

    def dates(p: Path) -> None:
        import datetime as dt
        _openpyxl(p, [header + ["办理时间", "版本号"],
                      *[r + [dt.time(9, 30), dt.datetime(2024, 1, 15)] for r in rows]])
    put("dates_times.xlsx", writer=dates)
    put("hidden.xlsx", writer=lambda p: raw_xlsx(p, [
        ("基本目录", sheet_xml([header, *rows], hidden_rows={3}), "visible"),
        ("下拉选项", sheet_xml([header, ["隐藏表中的事项", "99"]]), "hidden")]))
    long_rows = [r[:3] + ["法" * 32767] + r[4:] for r in rows[:2]]
    put("long_cells.xlsx", writer=lambda p: raw_xlsx(p, [("基本目录", sheet_xml([header, *long_rows]), "visible")]))
    over_rows = [r[:3] + ["法" * 40000] + r[4:] for r in rows[:2]]
    put("over_long_cell.xlsx", writer=lambda p: raw_xlsx(p, [("基本目录", sheet_xml([header, *over_rows]), "visible")]))
    ctl_rows = [[r[0] + "_x0007_\u200b😀", *r[1:]] for r in rows]
    put("control_emoji.xlsx", writer=lambda p: raw_xlsx(p, [("基本目录", sheet_xml([header, *ctl_rows]), "visible")]))

    # CSV encodings and line endings
    text = _csv([header, *rows])
    put("utf8.csv", text.encode("utf-8"))
    put("utf8_bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))
    put("gb18030.csv", text.encode("gb18030"))
    put("utf16.csv", _csv([header, *rows], "\t").encode("utf-16"))
    lines = _csv([header, *rows]).splitlines()
    put("mixed_eol.csv", (lines[0] + "\r\n" + lines[1] + "\n" + lines[2] + "\r" + "\r\n".join(lines[3:]) + "\n").encode())
    put("control_emoji.csv", _csv([header, *[[r[0] + "\x07\u200b😀", *r[1:]] for r in rows]]).encode())
    many = _csv([header, *good_rows(60)[1]])                     # > 4 KB before the NUL byte
    put("nul_midway.csv", many.encode() + _csv([rows[0]]).encode().replace(b",", b",\x00", 1))
    put("huge_field.csv", text.encode() + ",".join([rows[0][0], rows[0][1], rows[0][2], "法" * 200_000]).encode() + b"\n")
    put("bad_bytes_midway.csv", (text * 1).encode() + b"x" * (1 << 20) + b"\n" + "\u4e8b\u9879,000104002000\n".encode("gbk"))

    # YAML
    put("syntax_error.yaml", "matters:\n  - 事项名称: 甲\n    基本编码: [000104002000\n")
    put("billion_laughs.yaml", LAUGHS + "matters:\n  - 事项名称: *i\n")
    put("python_tag.yaml", 'matters:\n  - 事项名称: !!python/object/apply:os.system ["echo pwned"]\n    基本编码: "000104002000"\n')
    put("duplicate_keys.yaml", 'matters:\n  - 事项名称: 甲\n    事项名称: 乙\n    基本编码: "000104002000"\n'
                               '    事项类型: 行政许可\n    设定依据: 《甲法》\n')
    put("duplicate_top_keys.yaml", 'matters:\n  - 事项名称: 甲\n    基本编码: "000104002000"\n'
                                   'matters:\n  - 事项名称: 乙\n    基本编码: "000104003000"\n')
    put("deep_nesting.yaml", "matters:\n  - 事项名称: " + "[" * 5000 + "]" * 5000 + "\n")

    # security
    put("zip_bomb.xlsx", writer=lambda p: _zip_bomb(p, BOMB_MB))
    put("lying_sizes.xlsx", writer=lambda p: _lying_sizes(p, files["zip_bomb.xlsx"]))
    put("bad_sheet_xml.xlsx", writer=lambda p: raw_xlsx(
        p, [("基本目录", sheet_xml([header, *rows]).replace("</sheetData>", "<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>断"), "visible")]))
    put("unclosed_quote.csv", text + '"未闭合的引号,000104002000\n' + text.split("\n", 1)[1])
    put("xxe.xlsx", writer=lambda p: raw_xlsx(p, [("基本目录", sheet_xml([header, *rows], prolog=XXE), "visible")]))
    put("xxe_workbook.xlsx", writer=lambda p: raw_xlsx(
        p, [("基本目录", sheet_xml([header, *rows]), "visible")],
        workbook_prolog='<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'))
    return files


if __name__ == "__main__":
    for name, path in sorted(build(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")).items()):
        print(f"{path.stat().st_size:>10}  {name}")
