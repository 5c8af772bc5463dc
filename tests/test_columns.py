"""Real exports in: a user's column mapping (columns: / --column), the platforms' own keys as aliases, two
columns of one element chosen by their values, hints for a column that is only unrecognised, raw portal lists
and --show-columns."""
from __future__ import annotations

import csv
import shutil

import pytest

from stdcheck.columns import MappingError, parse_mapping
from stdcheck.fields import dictionary
from stdcheck.sources import InputError, ReadOptions, read

from .conftest import run_cli, run_json, write_book


def _read(path, **kw):
    cats = read(str(path), ReadOptions(**kw))
    return cats, [m for c in cats for m in c.matters]


def _rules(doc, code):
    return [f for f in doc["findings"] if f["rule"] == code]


# ---------------------------------------------------------------- aliases: the platforms' keys and portal labels

# 广东 platform API keys (the crawl behind guangdong_zhongshan_2021.xlsx) and labels seen on portal pages
PLATFORM = {"TASK_CODE": "impl_code", "TASK_NAME": "name", "CATAID": "basic_code", "CATANAME": "name",
            "TASK_TYPE": "item_type", "TASK_TYPE_TEXT": "item_type", "DEPT_NAME": "impl_body",
            "ORGCODE": "impl_body_code", "LIMIT_SCENE_NUM": "visits", "受理机构": "impl_body",
            "业务编码": "handle_item_code", "权利来源": "power_source", "区级主管部门": "competent_dept",
            "是否物流": "express", "是否进驻服务大厅": "in_hall", "是否支持网上预约办理": "appointment",
            "主体性质": "impl_body_nature", "业务办理项名称": "handle_item_name", "联办机构": "co_body",
            "面向法人/自然人事项主题": "topic", "子项名称": "sub_name", "承办机构": "impl_body",
            "中央/省级清单序号": "upper_seq", "责任事项": "duty", "追责情形": "accountability"}


@pytest.mark.parametrize("header,fid", sorted(PLATFORM.items()))
def test_platform_keys_and_portal_labels_are_aliases(header, fid):
    assert dictionary().match(header) == fid


def test_sub_item_name_is_its_own_element_not_the_matter_name():
    d = dictionary()
    assert d.match("子项名称") == "sub_name" != d.match("事项名称")


def _api_export(shared_data, tmp_path):
    """guangdong_zhongshan_2021.xlsx with the API keys it was crawled under, as the platform exports them."""
    import python_calamine as pc
    rows = pc.CalamineWorkbook.from_path(str(shared_data / "real" / "guangdong_zhongshan_2021.xlsx")) \
        .get_sheet_by_name("实施清单").to_python()
    keys = {"事项名称": "TASK_NAME", "基本编码": "CATAID", "实施编码": "TASK_CODE", "事项类型": "TASK_TYPE_TEXT",
            "实施主体": "DEPT_NAME", "到办事现场次数": "LIMIT_SCENE_NUM", "是否支持物流快递": "是否物流"}
    header = [keys.get(h, h) for h in rows[0]]
    return write_book(tmp_path / "中山_API导出.xlsx", header, rows[1:], "实施清单")


def test_guangdong_api_export_reads_every_key(shared_data, tmp_path):
    path = _api_export(shared_data, tmp_path)
    (cat,), ms = _read(path)
    assert {"name", "basic_code", "impl_code", "item_type", "impl_body", "visits", "express", "co_body"} <= set(cat.columns)
    assert not [n for n in cat.notes if n[0] == "input.unknown_column"]
    assert len(ms) == 40 and ms[0].values["basic_code"] == "440102001001"
    assert cat.kind == "implementation" and cat.level == "市级"


# ---------------------------------------------------------------- two columns of one element

def test_two_columns_of_one_element_keep_the_one_whose_values_fit(tmp_path):
    # 目录编码 (an alias of 基本编码) holds a category text here; CATAID holds the codes
    path = write_book(tmp_path / "t.xlsx", ["事项名称", "目录编码", "CATAID", "事项类型"],
                      [["固定资产投资项目节能审查", "投资审批", "000104002000", "行政许可"],
                       ["户外广告设施设置审批", "城市管理", "000105001000", "行政许可"]], "基本目录")
    (cat,), ms = _read(path)
    assert cat.columns["basic_code"] == "C" and ms[0].values["basic_code"] == "000104002000"
    assert ("input.duplicate_column", {"header": "目录编码", "first": "C"}, "B", None) in cat.notes


def test_two_fitting_columns_keep_the_first(tmp_path):
    path = write_book(tmp_path / "t.xlsx", ["TASK_NAME", "TASK_TYPE", "TASK_TYPE_TEXT", "CATAID"],
                      [["固定资产投资项目节能审查", "01", "行政许可", "000104002000"]], "基本目录")
    (cat,), ms = _read(path)
    assert cat.columns["item_type"] == "B" and ms[0].values["item_type"] == "01"


# ---------------------------------------------------------------- the user's mapping

def test_mapping_parses_labels_ids_and_options():
    assert parse_mapping({"title": "事项名称", "编号": "basic_code"}, ["类别=事项类型", "title=sub_name"]) == \
        {"title": "sub_name", "编号": "basic_code", "类别": "item_type"}
    with pytest.raises(MappingError) as e:
        parse_mapping({"title": "事项明称"})
    assert e.value.closest == "事项名称"
    with pytest.raises(MappingError) as e:
        parse_mapping({}, ["title"])
    assert e.value.closest is None


def test_mapped_header_wins_over_the_alias(tmp_path):
    path = write_book(tmp_path / "t.xlsx", ["事项名称", "事项编码", "基本编码"],
                      [["固定资产投资项目节能审查", "51A0001", "000104002000"]], "基本目录")
    (cat,), ms = _read(path, columns={"事项编码": "local_code"})
    assert cat.columns == {"name": "A", "local_code": "B", "basic_code": "C"}
    # normalised like the built-in matching: spaces, widths and required marks do not matter
    (cat,), _ = _read(path, columns={" 事项编码（必填）": "local_code"})
    assert cat.columns["local_code"] == "B"


def test_ziyang_page_keys_with_one_columns_line(shared_data, tmp_path):
    """sichuan_ziyang_scjgj.csv: `title` is the matter name. Without a mapping the missing 事项名称 names column C
    and the line to add; with the line, the names are read and checked."""
    src = shared_data / "real" / "sichuan_ziyang_scjgj.csv"
    p, doc = run_json("check", src, "--isolated", "--select", "EL002")
    hint = [f for f in _rules(doc, "EL002") if f["field"]["id"] == "name"]
    assert len(hint) == 1 and hint[0]["location"]["cell"] == "C1"
    assert "columns: {title: 事项名称}" in hint[0]["message"] and "--column 'title=事项名称'" in hint[0]["message"]
    (tmp_path / ".stdcheck.yaml").write_text("columns: {title: 事项名称}\n", encoding="utf-8")
    p, doc = run_json("check", src, "--select", "EL002,CD206", cwd=tmp_path)
    assert not [f for f in _rules(doc, "EL002") if f["field"]["id"] == "name"]
    (dup,) = _rules(doc, "CD206")          # rows 84 and 87 share one itemCode: the finding names the matter
    assert dup["location"]["row"] == 87 and dup["matter"]["name"] == "非公司企业法人分支机构注销登记"


def test_unknown_element_is_a_config_error_naming_the_closest(tmp_path):
    (tmp_path / "stdcheck.toml").write_text('[columns]\ntitle = "事项明称"\n', encoding="utf-8")
    (tmp_path / "list.csv").write_text("title,itemCode\n食品生产许可,x\n", encoding="utf-8")
    p = run_cli("check", tmp_path, cwd=tmp_path)
    assert p.returncode == 2 and "事项明称" in p.stderr and "最接近的是“事项名称”" in p.stderr
    p = run_cli("check", tmp_path, "--isolated", "--column", "title", "--lang", "en")
    assert p.returncode == 2 and "HEADER=element" in p.stderr


# ---------------------------------------------------------------- raw portal lists

RAW_HEADER = ["名称", "编号", "类别", "依据文件", "适用层级"]
RAW_ROWS = [["固定资产投资项目节能审查", "000104002000", "行政许可", "《中华人民共和国节约能源法》第十五条", "省级,市级,县级"],
            ["户外广告设施设置审批", "000105001000", "行政许可", "《城市市容和环境卫生管理条例》第十一条", "市级,县级"]]


def test_raw_list_without_mapping_names_its_headers_and_the_columns_line(tmp_path):
    path = write_book(tmp_path / "门户导出.xlsx", RAW_HEADER, RAW_ROWS, "Sheet1")
    with pytest.raises(InputError) as e:
        read(str(path), ReadOptions())
    assert e.value.message == "input.no_header_columns" and e.value.params["headers"] == tuple(RAW_HEADER)
    assert e.value.params["line"].startswith("columns: {名称: 事项名称, 编号: 基本编码, ")
    p = run_cli("check", path, "--isolated")
    assert p.returncode == 2 and "名称、编号、类别、依据文件、适用层级" in p.stdout and "columns: {名称: 事项名称" in p.stdout


def test_raw_list_with_a_mapping_is_read_and_clean(tmp_path):
    path = write_book(tmp_path / "门户导出.csv.xlsx", RAW_HEADER, RAW_ROWS, "Sheet1")
    (tmp_path / ".stdcheck.yaml").write_text(
        "columns: {名称: 事项名称, 编号: 基本编码, 类别: 事项类型, 依据文件: 设定依据, 适用层级: 行使层级}\n", encoding="utf-8")
    p, doc = run_json("check", path, cwd=tmp_path)
    assert p.returncode == 0, doc["findings"]
    assert doc["files"][0]["kind"] == "basic" and doc["summary"]["matters"] == 2


def test_raw_csv_no_header_and_fix_diff_take_columns(tmp_path):
    path = tmp_path / "raw.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([RAW_HEADER, *RAW_ROWS])
    p = run_cli("fix", path, "-o", tmp_path / "out.csv")
    assert p.returncode == 2 and "columns: {名称: 事项名称" in p.stderr
    args = [a for pair in zip(["--column"] * 5, ["名称=事项名称", "编号=基本编码", "类别=事项类型", "依据文件=设定依据",
                                                 "适用层级=行使层级"]) for a in pair]
    p = run_cli("fix", path, "-o", tmp_path / "out.csv", *args)
    assert p.returncode == 0, p.stdout + p.stderr
    shutil.copy(path, tmp_path / "new.csv")
    p = run_cli("diff", path, tmp_path / "new.csv", *args)
    assert p.returncode == 0, p.stdout + p.stderr


# ---------------------------------------------------------------- --show-columns

def test_show_columns_says_which_header_became_which_element(shared_data):
    p = run_cli("check", "--show-columns", "--isolated", shared_data / "real" / "sichuan_ziyang_scjgj.csv",
                "--column", "category=事项类型")
    assert p.returncode == 0
    lines = p.stdout.splitlines()
    assert "实施清单" in lines[0] and "表头在第1行" in lines[0]
    assert "  A  category → 事项类型（item_type，来自列映射）" in lines
    assert "  C  title → 未识别（可能是“事项名称”：columns: {title: 事项名称}）" in lines
    assert "  F  itemCode → 实施编码（impl_code）" in lines
    assert "  G  taskType → 不读取（与 A 列是同一要素）" in lines
    assert not any("EL0" in line for line in lines), "nothing is checked"


def test_show_columns_of_a_yaml_catalogue_lists_its_keys(tmp_path):
    path = tmp_path / "目录.yaml"
    path.write_text("matters:\n  - {title: 固定资产投资项目节能审查, CATAID: '000104002000', 类别: 行政许可, 附件: 无}\n",
                    encoding="utf-8")
    p = run_cli("check", "--show-columns", "--isolated", path, "--column", "title=事项名称")
    assert p.returncode == 0
    assert p.stdout.splitlines()[1:] == ["    title → 事项名称（name，来自列映射）", "    CATAID → 基本编码（basic_code）",
                                         "    类别 → 未识别", "    附件 → 未识别"]


def test_guangan_department_column_is_named_as_the_missing_body(shared_data):
    """sichuan_guangan_items.csv: `department` holds the implementing departments (区经信局 …): the missing
    实施主体 points at column A by its values."""
    p, doc = run_json("check", shared_data / "real" / "sichuan_guangan_items.csv", "--isolated", "--select", "EL002")
    (body,) = [f for f in _rules(doc, "EL002") if f["field"]["id"] == "impl_body"]
    assert body["location"]["cell"] == "A1" and "columns: {department: 实施主体}" in body["message"]
