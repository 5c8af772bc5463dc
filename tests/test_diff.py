"""`stdcheck diff OLD NEW` end to end: revisions of the shipped samples, edited with openpyxl."""
from __future__ import annotations

import json
import re
import shutil

import pytest
from openpyxl import load_workbook

from .conftest import SAMPLES, run_cli

BASIC = SAMPLES / "clean" / "基本目录_国家级.xlsx"
IMPL = SAMPLES / "clean" / "实施清单_灵山县.xlsx"
IMPL_YAML = SAMPLES / "clean" / "实施清单_灵山县.yaml"
COL = {"name": 1, "basic_code": 2, "item_type": 3, "legal_basis": 4, "exercise_level": 5, "dept": 6, "state": 7}
# sample rows: 3 固定资产投资项目节能审查 000104002000, 4 宗教… 000141005000, 5 全民健身… 001033002000,
# 6 优抚对象医疗保障 000524018000, 7 专利权侵权纠纷处理 000973001000


def revise(tmp_path, edit, source=BASIC, name="new.xlsx"):
    """A copy of a sample after `edit(ws)`; returns its path."""
    wb = load_workbook(source)
    edit(wb.active)
    out = tmp_path / name
    wb.save(out)
    return out


def diff(old, new, *args):
    p = run_cli("diff", old, new, "--format", "json", *args)
    assert p.returncode in (0, 1), p.stderr
    return p, json.loads(p.stdout)


def codes(doc) -> list[str]:
    return [c["code"] for c in doc["changes"]]


def set_cell(row, col, value):
    def edit(ws):
        ws.cell(row=row, column=COL.get(col, col), value=value)
    return edit


def test_identical_versions_have_no_changes(tmp_path):
    new = revise(tmp_path, lambda ws: None)
    p, doc = diff(BASIC, new)
    assert p.returncode == 0 and doc["changes"] == []
    assert doc["summary"]["matched"] == doc["summary"]["unchanged"] == 5
    text = run_cli("diff", BASIC, new)
    assert text.returncode == 0 and "两版没有差异" in text.stdout


def test_code_reused_for_another_matter_is_an_error_and_fails_the_run(tmp_path):
    new = revise(tmp_path, set_cell(3, "name", "城镇污水排入排水管网许可"))
    p, doc = diff(BASIC, new)
    assert p.returncode == 1
    [c] = doc["changes"]
    assert (c["code"], c["level"]) == ("DF012", "error")
    assert c["old"]["value"] == "固定资产投资项目节能审查" and c["new"]["value"] == "城镇污水排入排水管网许可"
    assert c["new"]["cell"] == "A3" and c["matter"]["code"] == "000104002000"
    assert "编码不能复用" in c["message"]
    text = run_cli("diff", BASIC, new)
    assert text.returncode == 1 and "DF012" in text.stdout and "错误 1 个" in text.stdout


def test_small_rename_is_a_warning_and_spelling_only_is_info(tmp_path):
    renamed = revise(tmp_path, set_cell(3, "name", "固定资产投资项目节能审查（含变更）"), name="renamed.xlsx")
    p, doc = diff(BASIC, renamed)
    assert p.returncode == 0 and codes(doc) == ["DF011"] and doc["changes"][0]["level"] == "warning"
    assert run_cli("diff", BASIC, renamed, "--fail-on", "warning").returncode == 1
    # traditional characters, full-width brackets and spaces: the same name written differently
    respelled = revise(tmp_path, lambda ws: (set_cell(3, "name", "固定資產投資項目節能審查")(ws),
                                             set_cell(5, "name", "全民健身设施拆迁或者改变用途　批准")(ws)),
                       name="respelled.xlsx")
    p, doc = diff(BASIC, respelled)
    assert p.returncode == 0 and codes(doc) == ["DF010", "DF010"] and {c["level"] for c in doc["changes"]} == {"info"}
    # a stricter threshold turns the rename into a reuse
    assert run_cli("diff", BASIC, renamed, "--similarity", "0.9").returncode == 1


def test_removed_matter_should_have_been_cancelled_first(tmp_path):
    new = revise(tmp_path, lambda ws: ws.delete_rows(7))
    p, doc = diff(BASIC, new)
    assert p.returncode == 0 and codes(doc) == ["DF002"]
    c = doc["changes"][0]
    assert c["level"] == "warning" and c["new"] is None and c["old"]["cell"] == "B7"
    assert "取消" in c["message"]

    def with_state(ws):
        ws.cell(row=2, column=7, value="事项状态")
        for r in range(3, 8):
            ws.cell(row=r, column=7, value="在用")
        ws.cell(row=7, column=7, value="取消")
    old = revise(tmp_path, with_state, name="old_state.xlsx")
    gone = revise(tmp_path, lambda ws: ws.delete_rows(7), source=old, name="gone.xlsx")
    p, doc = diff(old, gone)
    assert codes(doc) == ["DF003"] and doc["changes"][0]["level"] == "info"
    # the right way: mark it 取消 (3) in the new version
    cancelled = revise(tmp_path, set_cell(6, "state", "3"), source=old, name="cancelled.xlsx")
    p, doc = diff(old, cancelled)
    assert codes(doc) == ["DF004"] and doc["changes"][0]["old"]["value"] == "在用"


def test_retyped_compares_codes_not_spellings(tmp_path):
    same = revise(tmp_path, set_cell(3, "item_type", "01"), name="same.xlsx")     # 01 = 行政许可
    assert diff(BASIC, same)[1]["changes"] == []
    new = revise(tmp_path, set_cell(3, "item_type", "行政确认"))
    p, doc = diff(BASIC, new)
    assert codes(doc) == ["DF020"] and doc["changes"][0]["level"] == "warning"
    assert doc["changes"][0]["field"]["label"] == "事项类型"


@pytest.mark.parametrize("basis, expected", [
    ("《中华人民共和国节约能源法》 第十五条； 《固定资产投资项目节能审查办法》第三条", []),       # white space only
    ("《中华人民共和国节约能源法》第15条；《固定资产投资项目节能审查办法》第3条", ["DF031"]),   # numerals only
    ("依据《中华人民共和国节约能源法》第十五条和《固定资产投资项目节能审查办法》第三条", ["DF031"]),
    ("《中华人民共和国节约能源法》第十六条；《固定资产投资项目节能审查办法》第三条", ["DF030"]),
    ("《中华人民共和国节约能源法》第十五条", ["DF030"]),
])
def test_rebased_compares_cited_laws_and_articles(tmp_path, basis, expected):
    new = revise(tmp_path, set_cell(3, "legal_basis", basis))
    p, doc = diff(BASIC, new)
    assert codes(doc) == expected
    if expected == ["DF030"]:
        assert doc["changes"][0]["level"] == "info"
        assert "《" in doc["changes"][0]["message"]


def test_moved_between_levels(tmp_path):
    same = revise(tmp_path, set_cell(3, "exercise_level", "省级；市级，县级（市、区）"), name="same.xlsx")
    assert diff(BASIC, same)[1]["changes"] == []
    new = revise(tmp_path, set_cell(3, "exercise_level", "省级,市级"))
    p, doc = diff(BASIC, new)
    assert codes(doc) == ["DF040"] and doc["changes"][0]["params"]["removed"] == ["县级"]


def test_levels_split_like_the_element_rules():
    """行使层级 splits on , ， ; ； only: 、 occurs inside 镇（乡、街道）级 (elements.md §3.2)."""
    from stdcheck.diff import levels
    assert levels("镇（乡、街道）级") == {"镇级"}
    assert levels("县级,镇（乡、街道）级") == levels("县级，乡镇级") == levels("4;5") == {"县级", "镇级"}
    assert levels("县级（市、区）；乡级（镇、街道）") == {"县级", "镇级"}


def test_township_level_with_its_inner_comma_is_one_level(tmp_path):
    same = revise(tmp_path, set_cell(6, "exercise_level", "县级"), name="old.xlsx")
    new = revise(tmp_path, set_cell(6, "exercise_level", "县级,镇（乡、街道）级"))
    p, doc = diff(same, new)
    assert codes(doc) == ["DF040"]
    assert doc["changes"][0]["params"] == {"added": ["镇级"], "removed": []}


def test_added_recoded_and_duplicate(tmp_path):
    def edit(ws):
        ws.append(["某某新事项审批", "000199001000", "行政许可", "《某某条例》第三条", "省级", "某部"])
        ws.append(["专利权侵权纠纷处理（重复）", "000973001000", "行政裁决", "《中华人民共和国专利法》第六十五条", "省级", "国家知识产权局"])
        ws.cell(row=5, column=2, value="001033009000")          # same name, new code
    p, doc = diff(BASIC, revise(tmp_path, edit))
    assert sorted(codes(doc)) == ["DF001", "DF006", "DF090"]
    recoded = next(c for c in doc["changes"] if c["code"] == "DF006")
    assert recoded["params"] == {"old_code": "001033002000", "new_code": "001033009000"}


def test_implementation_lists_match_by_impl_code_or_basic_code_and_body(tmp_path):
    p, doc = diff(IMPL, IMPL_YAML)
    assert p.returncode == 0 and doc["kind"] == "implementation" and doc["summary"]["unchanged"] == 3
    # no 实施编码 column at all: matched by 基本编码 + 实施主体, nothing reported
    no_code = revise(tmp_path, lambda ws: ws.delete_cols(3), source=IMPL, name="no_code.xlsx")
    p, doc = diff(IMPL, no_code)
    assert doc["changes"] == [] and doc["summary"]["matched"] == 3
    # the same body's matter with another 实施编码: re-coded
    new = revise(tmp_path, lambda ws: ws.cell(row=3, column=3, value="11450721MB155808114000104002001"),
                 source=IMPL)
    p, doc = diff(IMPL, new)
    assert codes(doc) == ["DF006"] and p.returncode == 0


def test_bad_input_exits_2(tmp_path):
    p = run_cli("diff", BASIC, IMPL)
    assert p.returncode == 2 and "目录类型不同" in p.stderr
    p = run_cli("diff", BASIC, tmp_path / "missing.xlsx", "--lang", "en")
    assert p.returncode == 2 and "missing.xlsx" in p.stderr and "cannot read" in p.stderr
    p = run_cli("diff", BASIC, BASIC, "--format", "xlsx")
    assert p.returncode == 2 and "-o" in p.stderr


def test_english_output(tmp_path):
    new = revise(tmp_path, set_cell(3, "name", "固定资产投资项目节能审查（含变更）"))
    p = run_cli("diff", BASIC, new, "--lang", "en", "--no-color")
    assert p.returncode == 0 and "renamed" in p.stdout and "DF011" in p.stdout
    template_text = re.sub(r"'[^']*'|\([^)]*\)|\S*\.xlsx\S*", "", p.stdout)
    assert "Revision audit" in template_text


def test_xlsx_output_is_atomic_and_formula_safe(tmp_path):
    def edit(ws):
        ws.cell(row=3, column=1, value='=HYPERLINK("http://x","点我")').data_type = "s"   # text, as typed
    new = revise(tmp_path, edit)
    out = tmp_path / "diff.xlsx"
    p = run_cli("diff", BASIC, new, "--format", "xlsx", "-o", out)
    assert p.returncode == 1, p.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "变更清单"]
    ws = wb["变更清单"]
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2])}
    assert row["代码"].value == "DF012" and row["级别"].value == "错误"
    assert row["新值"].value.startswith("=HYPERLINK") and row["新值"].data_type == "s"
    assert all(sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
               for sheet in wb)                             # prints on A4 like the check report
    assert ws.print_title_rows == "$1:$1"
    assert not list(tmp_path.glob(".stdcheck-*"))           # no temporary file left behind
    p = run_cli("diff", BASIC, new, "--format", "xlsx", "-o", new)
    assert p.returncode == 2                                # never written over an input


def test_docs_example_runs(tmp_path):
    """docs/diff.md's example: the clean national catalogue against the faulty one."""
    shutil.copy(BASIC, tmp_path / "old.xlsx")
    p, doc = diff(tmp_path / "old.xlsx", SAMPLES / "faulty" / "基本目录_有问题.xlsx")
    assert p.returncode == 0 and "DF090" in codes(doc) and "DF020" in codes(doc)


def test_real_sichuan_list_revision(tmp_path, shared_data):
    """A revision of the real 广安区 list (1,135 matters): 3 deleted, 1 code reused, 1 re-typed."""
    import csv
    src = shared_data / "real" / "sichuan_guangan_items.csv"
    with open(src, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    name, task = header.index("name"), header.index("taskType")
    reused = body[10][name]
    body[10][name] = "城镇污水排入排水管网许可证核发"
    body[20][task] = "20" if body[20][task] != "20" else "1"
    del body[100:103]
    new = tmp_path / "new.csv"
    with open(new, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *body])
    p, doc = diff(src, new)
    assert p.returncode == 1 and doc["kind"] == "implementation"
    found = doc["summary"]["by_code"]
    assert found["DF002"] == 3 and found["DF012"] == 1 and found["DF020"] == 1, found
    assert next(c for c in doc["changes"] if c["code"] == "DF012")["old"]["value"] == reused
    assert doc["summary"]["unchanged"] == 1135 - 3 - 2
