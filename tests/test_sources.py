"""Readers: header detection, aliases, cell types, encodings, locations."""
from __future__ import annotations

from openpyxl import Workbook

from stdcheck.fields import dictionary, normalize_header
from stdcheck.sources import InputError, ReadOptions, read

from .conftest import run_json


def _rows(path, **opts):
    cats = read(str(path), ReadOptions(**opts))
    return cats, [m for c in cats for m in c.matters]


def test_header_variants_are_matched():
    d = dictionary()
    assert d.match("事项名称") == "name"
    assert d.match(" 事项\n名称 ") == "name"
    assert d.match("*基本编码") == "basic_code"
    assert d.match("基本编码（必填）") == "basic_code"
    assert d.match("事项编码") == "basic_code" and d.match("目录编码") == "basic_code"
    assert d.match("实施机关") == "impl_body" and d.match("实施机构") == "impl_body"
    assert d.match("法定办结时限（工作日）") == "legal_limit"
    assert d.match("附件") is None and d.match("备注") == "remark"
    assert normalize_header("（必填）行使层级") == "行使层级"


def test_title_rows_offset_columns_and_physical_rows(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "清单"
    ws["C2"] = "某县实施清单"
    ws.merge_cells("C2:F2")
    ws.append([])
    ws["C4"], ws["D4"], ws["E4"], ws["F4"] = "事项名称", "事项编码\n（必填）", "实施机关", "附件"
    ws["C5"], ws["D5"], ws["E5"] = "固定资产投资项目节能审查", "000104002000", "灵山县行政审批局"
    ws["C7"], ws["D7"] = "全民健身设施拆迁或者改变用途批准", 1033002000  # blank row 6 skipped; numeric cell
    path = tmp_path / "t.xlsx"
    wb.save(path)
    cats, ms = _rows(path)
    cat = cats[0]
    assert cat.header_row == 4 and cat.columns == {"name": "C", "basic_code": "D", "impl_body": "E"}
    assert cat.kind == "implementation"
    assert [m.row for m in ms] == [5, 7]
    assert ms[0].values["basic_code"] == "000104002000" and ms[0].types is None
    assert ms[1].values["basic_code"] == "1033002000" and ms[1].types == {"basic_code": "n"}
    assert ms[1].location("basic_code").cell == "D7"
    assert ("input.unknown_column", {"header": "附件"}, "F", None) in cat.notes


def test_sheets_without_header_are_skipped_and_sheet_option(tmp_path):
    wb = Workbook()
    wb.active.title = "说明"
    wb.active["A1"] = "填表说明：请按标准填写"
    ws = wb.create_sheet("基本目录")
    ws.append(["事项名称", "基本编码", "事项类型"])
    ws.append(["固定资产投资项目节能审查", "000104002000", "行政许可"])
    hidden = wb.create_sheet("下拉")
    hidden.append(["事项名称", "基本编码"])
    hidden.sheet_state = "hidden"
    path = tmp_path / "t.xlsx"
    wb.save(path)
    cats, ms = _rows(path)
    assert [c.sheet for c in cats] == ["基本目录"] and len(ms) == 1
    try:
        read(str(path), ReadOptions(sheet="不存在"))
    except InputError as e:
        assert e.message == "input.no_sheet"
    else:
        raise AssertionError("expected InputError")


def test_csv_gb18030_with_title_line_and_line_numbers(tmp_path):
    text = "某县基本目录\n事项名称,基本编码,事项类型\n固定资产投资项目节能审查,000104002000,行政许可\n\"多行\n名称\",00010400200,行政许可\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    cats, ms = _rows(path)
    assert cats[0].meta["encoding"] == "gb18030" and cats[0].header_row == 2
    assert [m.row for m in ms] == [3, 4]
    assert ms[1].values["name"] == "多行\n名称"
    p, doc = run_json("check", path, "--select", "CD101")
    f = doc["findings"][0]
    assert (f["location"]["row"], f["location"]["cell"]) == (4, "B4")


def test_csv_utf8_bom(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("事项名称,基本编码\n固定资产投资项目节能审查,000104002000\n".encode("utf-8-sig"))
    cats, ms = _rows(path)
    assert cats[0].columns == {"name": "A", "basic_code": "B"} and ms[0].values["basic_code"] == "000104002000"


def test_yaml_bare_list_and_ids_as_keys(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("- name: 固定资产投资项目节能审查\n  basic_code: '000104002000'\n- 事项名称: 优抚对象医疗保障\n  事项编码: '000524018000'\n",
                    encoding="utf-8")
    cats, ms = _rows(path)
    assert cats[0].kind == "basic" and cats[0].level == "国家级"
    assert [m.values["basic_code"] for m in ms] == ["000104002000", "000524018000"]
    assert ms[1].lines == {"name": 3, "basic_code": 4}


def test_yaml_schema_violation_names_the_place(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("matters:\n  - 事项名称: {嵌套: 不允许}\n", encoding="utf-8")
    try:
        read(str(path), ReadOptions())
    except InputError as e:
        assert e.message == "input.yaml_schema" and e.params["path"] == "matters/0/事项名称"
    else:
        raise AssertionError("expected InputError")


def test_kind_and_level_options_override_inference(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("事项名称,基本编码\n固定资产投资项目节能审查,000104002000\n", encoding="utf-8")
    cats, _ = _rows(path, kind="implementation", level="县级")
    assert (cats[0].kind, cats[0].level) == ("implementation", "县级")


def _two_row(tmp_path, upper, lower, merges, rows, title=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "清单"
    if title:
        ws.append([title])
    ws.append(upper)
    ws.append(lower)
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    path = tmp_path / "two_row.xlsx"
    wb.save(path)
    return path


def test_two_row_header_under_merged_cells(tmp_path):
    """办结时限 merged over two columns, with 法定办结时限 / 承诺办结时限 below; the lower row has more labels
    than the upper one here, and a merged label only names an element with the label below it (承诺办结时限 + 单位)."""
    upper = ["事项名称", "基本编码", "办结时限", None, "承诺办结时限", None, None]
    lower = [None, None, "法定办结时限", "承诺办结时限", "时限", "单位", "受理条件"]
    path = _two_row(tmp_path, upper, lower, ["A2:A3", "B2:B3", "C2:D2", "E2:G2"],
                    [["固定资产投资项目节能审查", "000104002000", "20", "10", "10", "工作日", "无"]], title="某县实施清单")
    cats, ms = _rows(path)
    assert cats[0].columns == {"name": "A", "basic_code": "B", "legal_limit": "C", "promised_limit": "D",
                               "promised_limit_unit": "F", "accept_condition": "G"}
    assert cats[0].header_row == 2 and [m.row for m in ms] == [4]
    assert ms[0].values["legal_limit"] == "20" and ms[0].values["promised_limit_unit"] == "工作日"
    assert [n[1]["header"] for n in cats[0].notes if n[0] == "input.unknown_column"] == ["时限"]


def test_merged_cells_over_data_are_not_a_header(tmp_path):
    """A header cell merged across columns with data below it, and a merged title: one header row."""
    upper = ["事项名称", None, "基本编码", "事项类型"]
    path = _two_row(tmp_path, upper, ["固定资产投资项目节能审查", None, "000104002000", "行政许可"], ["A2:B2", "A1:D1"],
                    [["优抚对象医疗保障", None, "000524018000", "行政给付"]], title="基本目录")
    cats, ms = _rows(path)
    assert cats[0].columns == {"name": "A", "basic_code": "C", "item_type": "D"}
    assert [m.row for m in ms] == [3, 4]


def test_xlsx_rows_are_the_same_in_a_polars_frame_or_as_python_texts(tmp_path, monkeypatch):
    """Where polars works, an xlsx batch keeps its texts in a polars frame (a quarter of the memory); where it does
    not (a forked --jobs worker), in Python tuples. Matters, columns, type marks and the prefilter frame must not
    depend on which: numbers, dates, booleans, empty and blank cells, past the first batch."""
    import datetime

    import polars as pl

    from stdcheck.engine.replay import Chunk
    from stdcheck.sources import xlsx
    wb = Workbook()
    ws = wb.active
    ws.append(["事项名称", "基本编码", "事项类型", "法定办结时限", "受理条件", "是否收费"])
    for i in range(5000):
        ws.append([f"事项{i}" if i % 7 else None, 1.0e11 + i if i % 3 == 0 else f"{i:012d}", "行政许可",
                   i % 20 if i % 2 else datetime.datetime(2024, 1, 1 + i % 28), " " if i % 5 == 0 else "",
                   bool(i % 2)])
    path = tmp_path / "清单.xlsx"
    wb.save(path)
    seen = []
    for columnar in (True, False):
        monkeypatch.setattr(xlsx, "worth", lambda rows, c=columnar: c)
        batches = list(read(str(path), ReadOptions())[0].matters.batches())
        assert len(batches) == 2 and (batches[0]._frame is not None) == columnar
        chunk = Chunk.of(batches[1])
        seen.append(([(m.row, m.values, m.types) for b in batches for m in b.matters(list(range(len(b))))],
                     chunk.column("legal_limit"), chunk.column("accept_condition"),
                     batches[1].frame({"basic_code": pl.String, "accept_condition": pl.String}).rows()))
    assert seen[0] == seen[1]
    assert any(types for _, _, types in seen[0][0]) and None in seen[0][2]
