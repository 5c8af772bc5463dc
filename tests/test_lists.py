"""行政许可事项清单 (licensing, 国办发〔2022〕2号 layout) and 权责清单 (powers): read as what they are — detected
from their headers, title/section/department rows not matters, department rows naming the 实施主体 below
them — and checked by the rules of their kind, with a licensing list compared to the list above it."""
from __future__ import annotations

import pytest

from stdcheck.sources import ReadOptions, read

from .conftest import run_cli, run_json, write_book

LICENSING_HEADER = ["序号", "主管部门", "事项名称", "实施机关", "设定和实施依据", "备注"]
NATIONAL = [   # rows as in the 2022 national list (国办发〔2022〕2号 附件), under its section row
    ["一、中央设定的行政许可事项目录(共198项)"],
    ["1", "国家发展改革委", "企业投资项目核准", "国家发展改革委；省级、设区的市级、县级发展改革部门",
     "《企业投资项目核准和备案管理条例》《国务院关于发布政府核准的投资项目目录（2016年本）的通知》", ""],
    ["2", "市场监管总局", "食品生产许可", "省级、设区的市级、县级市场监管部门", "《中华人民共和国食品安全法》第三十五条", ""],
    ["3", "市场监管总局", "食品经营许可", "县级市场监管部门", "《中华人民共和国食品安全法》第三十五条", ""],
    ["4", "交通运输部", "道路旅客运输经营许可", "设区的市级、县级交通运输部门", "《中华人民共和国道路运输条例》第八条、第十条", ""],
]
COUNTY_HEADER = ["序号", "中央/省级清单序号", "主管部门", "事项名称", "实施机关", "设定和实施依据", "备注"]
COUNTY = [
    ["一、中央设定的行政许可事项目录(共198项)"],
    ["1", "2", "区市场监管局", "食品生产许可", "区市场监督管理局", "《中华人民共和国食品安全法》第三十五条", ""],
    ["2", "3", "区市场监管局", "食品经营许可证核发", "区市场监督管理局", "《中华人民共和国食品安全法》第三十五条", ""],
    ["3", "4", "区交通运输局", "道路旅客运输经营许可", "区交通运输局", "《某省道路运输条例》第十二条", ""],
    ["4", "1、729", "区发展改革局", "企业投资项目核准", "区发展改革局",
     "《企业投资项目核准和备案管理条例》《国务院关于发布政府核准的投资项目目录（2016年本）的通知》", ""],
    ["二、地方性法规设定的行政许可事项目录(共1项)"],
    ["5", "", "区城市管理局", "临时占用城市绿地审批", "区城市管理局", "《某省城市绿化条例》第二十条", ""],
]
POWERS_HEADER = ["序号", "权力类型", "事项名称", "子项名称", "实施依据", "责任事项", "追责情形", "实施主体", "备注"]
BLAME = "因不履行或不正确履行行政职责，有下列情形的，行政机关及其工作人员应当承担相应责任："
POWERS = [
    ["一、区发展和改革委员会(区粮食和物资储备局)"],
    ["1", "行政许可", "企业投资项目核准", "", "《企业投资项目核准和备案管理条例》第三条",
     "1.受理责任：公示应当提交的材料，一次性告知补正材料。", BLAME + "1.对符合法定条件的申请不予受理的", "", ""],
    ["2", "行政处罚", "对价格违法行为的处罚", "对经营者不执行政府指导价的处罚", "《中华人民共和国价格法》第三十九条",
     "1.立案责任：发现涉嫌价格违法行为，予以审查，决定是否立案。", BLAME + "1.没有法律和事实依据实施行政处罚的", "", ""],
    ["二、区市场监督管理局"],
    ["(一)行政检查（共1项）"],
    ["3", "行政检查", "对食品生产经营的监督检查", "", "《中华人民共和国食品安全法》第一百一十条",
     "1.检查责任：按照规定实施监督检查。", BLAME + "1.未按规定实施检查的", "", ""],
    ["4", "行政处罚", "对未取得食品生产经营许可从事食品生产经营活动的处罚", "", "《中华人民共和国食品安全法》第一百二十二条",
     "1.立案责任：对未取得许可从事食品生产经营活动的，予以审查，决定是否立案。", "", "", ""],
]


@pytest.fixture
def lists(tmp_path):
    return {
        "national": write_book(tmp_path / "国家清单.xlsx", LICENSING_HEADER, NATIONAL, "Sheet1",
                               title="法律、行政法规、国务院决定设定的行政许可事项清单（2022年版）"),
        "county": write_book(tmp_path / "某区行政许可事项清单.xlsx", COUNTY_HEADER, COUNTY, "行政许可事项清单",
                             title="某区行政许可事项清单（2023年版）"),
        "powers": write_book(tmp_path / "某区权责清单.xlsx", POWERS_HEADER, POWERS, "权责清单", title="某区权责清单"),
    }


def _read(path, **kw):
    (cat,) = read(str(path), ReadOptions(**kw))
    return cat, list(cat.matters)


def test_licensing_lists_are_detected_and_section_rows_are_not_matters(lists):
    cat, ms = _read(lists["national"])
    assert cat.kind == "licensing" and cat.header_row == 2
    assert [m.row for m in ms] == [4, 5, 6, 7] and cat.count == 4 and cat.meta["headings"] == 1
    cat, ms = _read(lists["county"])
    assert cat.kind == "licensing" and [m.text("name") for m in ms][-1] == "临时占用城市绿地审批"
    assert cat.count == 5 and cat.meta["headings"] == 2 and ms[3].text("upper_seq") == "1、729"


def test_powers_department_rows_name_the_body_of_the_rows_below(lists):
    cat, ms = _read(lists["powers"])
    assert cat.kind == "powers" and cat.count == 4 and cat.meta["headings"] == 3
    assert [m.text("impl_body") for m in ms] == ["区发展和改革委员会(区粮食和物资储备局)"] * 2 + ["区市场监督管理局"] * 2
    assert ms[1].text("sub_name") == "对经营者不执行政府指导价的处罚" and ms[1].text("name") == "对价格违法行为的处罚"


def test_each_list_checked_as_it_comes_runs_the_rules_of_its_kind(lists):
    p, doc = run_json("check", lists["national"], lists["powers"], "--isolated")
    kinds = {f["path"]: f["kind"] for f in doc["files"]}
    assert kinds == {str(lists["national"]): "licensing", str(lists["powers"]): "powers"}
    assert doc["summary"]["matters"] == 8
    rules = sorted((f["rule"], f["location"]["cell"]) for f in doc["findings"])
    # nothing present is called missing, no heading is a matter, no code rule runs on a list without codes:
    # the one finding is the 追责情形 left empty in row 9 of the 权责清单
    assert rules == [("EL004", "G9")], rules
    assert p.returncode == 0          # EL004 is a warning (the powers layout is inferred)


def test_licensing_list_against_the_list_above_in_the_same_run(lists):
    p, doc = run_json("check", lists["national"], lists["county"], "--isolated", "--select", "XL010,EL003")
    found = sorted((f["rule"], f["location"]["cell"], f["message"]) for f in doc["findings"])
    assert [(r, c) for r, c, _ in found] == [("XL010", "D5"), ("XL010", "F6")]
    assert "食品经营许可" in found[0][2] and "国家清单.xlsx Sheet1!C6" in found[0][2]
    assert "《中华人民共和国道路运输条例》" in found[1][2]
    p2, doc2 = run_json("check", lists["national"], lists["county"], "--isolated", "--select", "XL010,EL003", "--jobs", "2")
    assert doc2["findings"] == doc["findings"], "files checked in parallel give the same findings"
    # alone, a list has nothing to be compared with
    p, doc = run_json("check", lists["county"], "--isolated", "--select", "XL010")
    assert doc["findings"] == []


def test_licensing_levels_from_the_config_decide_which_list_is_above(lists):
    folder = lists["county"].parent
    (folder / ".stdcheck.yaml").write_text("levels: {国家清单.xlsx: 国家级, 某区行政许可事项清单.xlsx: 县级}\n", encoding="utf-8")
    # the county list written without its 中央/省级清单序号 column: the levels alone say which is above
    county = write_book(folder / "某区行政许可事项清单.xlsx", [h for h in COUNTY_HEADER if h != "中央/省级清单序号"],
                        [r[:1] + r[2:] if len(r) > 1 else r for r in COUNTY], "行政许可事项清单")
    p, doc = run_json("check", lists["national"], county, "--select", "XL010", cwd=folder)
    assert [f["location"]["cell"] for f in doc["findings"]] == ["E5"]       # the 道路运输 basis; names are matched


def test_kind_forced_from_the_command_line_and_yaml_metadata(lists, tmp_path):
    cat, _ = _read(lists["county"], kind="powers")
    assert cat.kind == "powers"
    path = tmp_path / "清单.yaml"
    path.write_text("catalogue: {kind: 行政许可事项清单, level: 县级}\nmatters:\n"
                    "  - {序号: '1', 主管部门: 县市场监管局, 事项名称: 食品生产许可, 实施机关: 县市场监督管理局,"
                    " 设定和实施依据: 《中华人民共和国食品安全法》第三十五条}\n", encoding="utf-8")
    p, doc = run_json("check", path, "--isolated")
    assert p.returncode == 0 and doc["files"][0]["kind"] == "licensing", doc["findings"]


@pytest.mark.parametrize("kind,headers", [
    ("licensing", ["序号", "中央/省级清单序号", "*主管部门", "*事项名称", "*实施机关", "*设定和实施依据", "备注"]),
    ("powers", ["序号", "*权力类型", "*事项名称", "子项名称", "*实施依据", "*责任事项", "*追责情形", "*实施主体", "备注"]),
])
def test_template_of_each_kind_has_its_layout_and_reads_back_as_that_kind(tmp_path, kind, headers):
    from openpyxl import load_workbook
    out = tmp_path / f"{kind}.xlsx"
    p = run_cli("template", "--kind", kind, "-o", out)
    assert p.returncode == 0, p.stderr
    ws = load_workbook(out)[{"licensing": "行政许可事项清单", "powers": "权责清单"}[kind]]
    assert [c.value for c in ws[2]] == headers
    cat, ms = _read(out)
    assert cat.kind == kind and ms == []


def test_a_row_with_only_its_name_is_a_matter_missing_the_rest(tmp_path):
    path = write_book(tmp_path / "清单.xlsx", LICENSING_HEADER,
                      [NATIONAL[0], NATIONAL[2], ["", "", "食品经营许可"], ["二、地方性法规设定的行政许可事项目录(共1项)"]], "Sheet1")
    cat, ms = _read(path)
    assert [m.text("name") for m in ms] == ["食品生产许可", "食品经营许可"] and cat.meta["headings"] == 2
    p, doc = run_json("check", path, "--isolated", "--select", "EL003")
    assert sorted(f["location"]["cell"] for f in doc["findings"]) == ["B4", "D4", "E4"]
