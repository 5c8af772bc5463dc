"""四级四同 end to end: the sample set shows every XL finding kind, --jobs 1 and 2 agree, the levels
mapping and --matrix work, and the index keeps one entry per distinct set of values."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from stdcheck.cli import main
from stdcheck.codes.uscc import compose
from stdcheck.crosslevel.index import Index
from stdcheck.engine.replay import Chunk
from stdcheck.testing import catalogue

from .conftest import write_book

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "四级四同"


def test_samples_show_every_kind():
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--format", "concise", "--isolated", "--jobs", "1"])
    codes = {f"XL00{i}" for i in range(1, 9)}
    assert all(c in r.output for c in codes), r.output
    assert r.exit_code == 1


def test_samples_have_no_problem_but_the_seeded_ones():
    """Every other element is filled correctly, so all rules together report only the seeded divergences and
    what follows from them (traditional characters: EL013; a type changed: CD105; a level digit: CD204/CD207),
    plus the one hint that a 广东 list's local 44 codes have a provincial profile (CD509, info)."""
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--format", "json", "--isolated", "--jobs", "1"])
    rules = {f["rule"] for f in json.loads(r.output)["findings"]}
    assert {f"XL00{i}" for i in range(1, 9)} <= rules
    assert rules - {f"XL00{i}" for i in range(1, 9)} == {"EL013", "CD105", "CD204", "CD207", "CD509"}
    hints = [f for f in json.loads(r.output)["findings"] if f["rule"] == "CD509"]
    assert [(f["level"], f["value"][:2]) for f in hints] == [("info", "44")]


def test_jobs_identical():
    one = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--format", "concise", "--isolated", "--jobs", "1"])
    two = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--format", "concise", "--isolated", "--jobs", "2"])
    assert one.output == two.output and one.output.count("XL0") >= 10


def test_matrix_in_terminal_and_xlsx(tmp_path):
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--isolated", "--matrix", "--no-color", "--jobs", "1"])
    assert "四级四同矩阵" in r.output and "000105002000" in r.output and "✗" in r.output
    out = tmp_path / "r.xlsx"
    CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--isolated", "--matrix", "--format", "xlsx",
                              "-o", str(out), "--jobs", "1"])
    ws = load_workbook(out)["四级四同"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True)}
    assert rows["000105002000"][2:6] == ("一致", "未列入", "不一致", "一致")
    assert rows["000605099000"][5] == "上级无此事项"


def test_levels_mapping_from_config(tmp_path):
    cfg = tmp_path / "stdcheck.yaml"
    cfg.write_text("levels:\n  '*3_广州市*': 省级\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL008", "--config", str(cfg), "--format", "concise",
                                  "--jobs", "1"])
    lines = [l for l in r.output.splitlines() if "3_广州市" in l]
    assert lines and "level" not in lines[0] and "省级" in lines[0] and "市级" in lines[0], r.output


def test_level_unknown_is_reported():
    from stdcheck.testing import check_rows
    found = check_rows("XL008", [{"事项名称": "甲", "基本编码": "000105001000", "行使层级": "市级,县级"}],
                       kind="implementation", level=None)
    assert [f.message for f in found] == ["crosslevel.level_unknown"]


def test_index_keeps_distinct_values_only():
    rows = [{"事项名称": "食品经营许可", "基本编码": "000105001000", "实施编码": "11440113MB1558081X4000105001000",
             "事项类型": "行政许可", "设定依据": "《食品安全法》第35条", "行使层级": "县级"}] * 500
    cat = catalogue(rows, "implementation", "县级")
    index = Index()
    index.start(cat)
    index.rows(Chunk(list(cat.matters)))
    [(key, (row, _, count, *_))] = index.parts[0].entries.items()
    assert (row, count) == (2, 500)


# ---------------------------------------------------------------- a small national + provincial + county set


L1 = "《中华人民共和国食品安全法》第三十五条"
L3 = "《城市市容和环境卫生管理条例》第十一条"
L4 = "《医疗机构管理条例》第九条"
BASIC_HEADER = ["事项名称", "基本编码", "事项类型", "设定依据", "行使层级", "主管部门"]
IMPL_HEADER = ["事项名称", "基本编码", "实施编码", "事项类型", "设定依据", "行使层级", "实施主体", "实施主体编码"]
NATIONAL = [("食品经营许可（新办）", "000105001001", "行政许可", L1, "省级,市级,县级", "市场监管总局"),
            ("户外广告设施设置审批", "000105002000", "行政许可", L3, "市级,县级", "住房城乡建设部"),
            ("医疗机构执业登记", "000105003000", "行政许可", L4, "省级,市级,县级", "国家卫生健康委")]
COUNTY_BODY = "广州市番禺区市场监督管理局"


def credit(region: str, seed: str) -> str:
    return compose(region, (seed * 8)[:8])


def book(path: Path, header, rows, title: str) -> Path:
    return write_book(path, header, rows, title)


def county_rows(rows, region="440113", digit="4", body=COUNTY_BODY, seed="1371"):
    """(name, basic code, type, basis) -> 实施清单 rows of one county body."""
    code = credit(region, seed)
    return [(name, basic, f"{code}{digit}{basic}", type_, basis, "县级", body, code) for name, basic, type_, basis in rows]


def national(tmp_path) -> Path:
    return book(tmp_path / "1_国家基本目录.xlsx", BASIC_HEADER, NATIONAL, "基本目录")


def county(tmp_path, rows, name="4_番禺区实施清单.xlsx", **kw) -> Path:
    return book(tmp_path / name, IMPL_HEADER, county_rows(rows, **kw), "实施清单")


def xl(*args, select="XL"):
    r = CliRunner().invoke(main, ["check", *map(str, args), "--select", select, "--isolated", "--jobs", "1",
                                  "--format", "json"])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def test_xl_findings_name_their_matter(tmp_path):
    """JSON: an XL finding carries the matter (its 实施编码, else 基本编码, and name) like any other finding."""
    cty = county(tmp_path, [("户外广告设施设置许可", "000105002000", "行政许可", L3),          # XL002
                            ("餐饮服务食品安全监督检查", "000605099000", "行政检查", L1)])      # XL001
    doc = xl(national(tmp_path), cty)
    found = {f["rule"]: f for f in doc["findings"]}
    code = credit("440113", "1371") + "4"
    assert found["XL002"]["matter"] == {"code": code + "000105002000", "name": "户外广告设施设置许可"}
    assert found["XL001"]["matter"] == {"code": code + "000605099000", "name": "餐饮服务食品安全监督检查"}
    assert found["XL002"]["location"]["cell"] == "A2" and found["XL001"]["location"]["cell"] == "B3"
    # the message quotes the upper level's value, file and cell
    msg = found["XL002"]["message"]
    assert "户外广告设施设置审批" in msg and "1_国家基本目录.xlsx 基本目录!A3" in msg and "国家级" in msg


def test_xl_message_quotes_the_upper_value_in_english(tmp_path):
    cty = county(tmp_path, [("户外广告设施设置许可", "000105002000", "行政许可", L3)])
    r = CliRunner().invoke(main, ["check", str(national(tmp_path)), str(cty), "--select", "XL002", "--isolated",
                                  "--jobs", "1", "--format", "concise", "--lang", "en"])
    [line] = [ln for ln in r.stdout.splitlines() if "XL002" in ln]
    assert "national value '户外广告设施设置审批'" in line and "基本目录!A3" in line and "rows here: 1" in line
    assert "国家级" not in line


def test_representative_row_does_not_depend_on_row_order(tmp_path):
    """Rows with the same values form one record; its matter is the row with the smallest 实施编码, so
    the matter code (baseline key, fingerprints) stays when the rows are sorted differently."""
    a = county_rows([("户外广告设施设置许可", "000105002000", "行政许可", L3)], seed="1371")
    b = county_rows([("户外广告设施设置许可", "000105002000", "行政许可", L3)], seed="2468",
                    body="番禺区城市管理和综合执法局")
    nat = national(tmp_path)
    codes = set()
    for i, rows in enumerate((a + b, b + a)):
        path = book(tmp_path / f"v{i}" / "县级.xlsx", IMPL_HEADER, rows, "实施清单")
        [f] = xl(nat, path)["findings"]
        codes.add((f["matter"]["code"], f["location"]["cell"]))
        assert "本清单有 2 行如此" in f["message"]
    assert len(codes) == 2 and len({c for c, _ in codes}) == 1     # the same matter, on the row it moved to


def test_xl_findings_in_the_excel_report_and_stats(tmp_path):
    cty = county(tmp_path, [("户外广告设施设置许可", "000105002000", "行政许可", L3),
                            ("餐饮服务食品安全监督检查", "000605099000", "行政检查", L1),
                            ("医疗机构执业登记", "000105003000", "行政许可", L4)])
    out = tmp_path / "r.xlsx"
    r = CliRunner().invoke(main, ["check", str(national(tmp_path)), str(cty), "--select", "XL", "--isolated",
                                  "--jobs", "1", "--format", "xlsx", "-o", str(out), "--stats"])
    assert r.exit_code == 1, r.output
    wb = load_workbook(out)
    ws = wb["问题清单"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]
    assert {(x["规则"], x["事项名称"]) for x in rows} == {("XL001", "餐饮服务食品安全监督检查"),
                                                     ("XL002", "户外广告设施设置许可")}
    assert all(x["事项编码"] for x in rows)
    summary = {x[0]: x[1:] for x in wb["汇总"].iter_rows(values_only=True) if x[0]}
    assert summary["XL001"][2:4] == (1, 1) and summary["XL001"][4] == pytest.approx(1 / 6)   # 1 of 6 matters
    assert summary[COUNTY_BODY][0] == 2                                                      # by department
    stats = {x[0]: x[1:6] for x in wb["统计"].iter_rows(values_only=True) if x[0]}
    assert stats["县级"][:3] == (3, 2, 0)          # 3 matters: two with an error (XL001, XL002)


def test_exemption_by_matter_code_suppresses_an_xl_finding(tmp_path):
    cty = county(tmp_path, [("户外广告设施设置许可", "000105002000", "行政许可", L3)])
    code = credit("440113", "1371") + "4000105002000"
    cfg = tmp_path / "stdcheck.yaml"
    cfg.write_text(yaml.safe_dump({"exemptions": [{"matter": code, "rules": ["XL002"], "reason": "本地名称已报备"}]},
                                  allow_unicode=True), encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(national(tmp_path)), str(cty), "--select", "XL,IO010,IO011",
                                  "--config", str(cfg), "--jobs", "1", "--format", "json"])
    doc = json.loads(r.stdout)
    assert doc["findings"] == [], doc["findings"]       # suppressed, and the exemption is not reported unused
    assert r.exit_code == 0


def test_yaml_xl_finding_points_at_the_element_line(tmp_path):
    nat = national(tmp_path)
    path = tmp_path / "县级.yaml"
    code = credit("440113", "1371")
    path.write_text(yaml.safe_dump({"catalogue": {"kind": "实施清单", "level": "县级"}, "matters": [
        {"事项名称": "医疗机构执业登记", "基本编码": "000105003000", "实施编码": f"{code}4000105003000",
         "事项类型": "行政许可", "设定依据": L4, "行使层级": "县级"},
        {"事项名称": "户外广告设施设置许可", "基本编码": "000105002000", "实施编码": f"{code}4000105002000",
         "事项类型": "行政许可", "设定依据": "《城市市容和环境卫生管理条例》第12条", "行使层级": "县级"}]},
        allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    at = {f["rule"]: f["location"]["line"] for f in xl(nat, path)["findings"]}
    assert lines[at["XL002"] - 1].strip().startswith("- 事项名称: 户外广告设施设置许可")
    assert lines[at["XL004"] - 1].strip().startswith("设定依据:")          # not the matter's first line


def test_cosmetic_reason_is_given(tmp_path):
    """XL006 says why two values count as the same: code vs label, or the same articles written differently."""
    cty = county(tmp_path, [("户外广告设施设置审批", "000105002000", "01", "《城市市容和环境卫生管理条例》第11条")])
    msgs = {f["field"]["label"]: f["message"] for f in xl(national(tmp_path), cty)["findings"] if f["rule"] == "XL006"}
    assert "代码" in msgs["事项类型"] and "繁简" not in msgs["事项类型"]
    assert "条款相同" in msgs["设定依据"] and "繁简" not in msgs["设定依据"]


def test_provincial_basic_catalogue_is_inferred_and_checked(tmp_path):
    """A provincial 基本目录 (the national items it claims plus its own 44… items) is 省级, not 层级未知;
    a county row's provincial code is looked up in it; the national catalogue still counts as national."""
    nat = national(tmp_path)
    prov = book(tmp_path / "2_广东省基本目录.xlsx", BASIC_HEADER,
                [NATIONAL[0], NATIONAL[1], ("犬只养殖登记", "440605001000", "行政确认", "《广东省犬只管理规定》第八条", "县级", "广东省农业农村厅")],
                "基本目录")
    cty = county(tmp_path, [("犬只养殖登记", "440605001000", "行政确认", "《广东省犬只管理规定》第八条"),
                            ("犬只收容登记", "440605002000", "行政确认", "《广东省犬只管理规定》第九条"),   # not in it
                            ("餐饮服务食品安全监督检查", "000605099000", "行政检查", L1)])                   # not national
    doc = xl(nat, prov, cty)
    levels = {Path(f["path"]).name: f["level"] for f in doc["files"]}
    assert levels == {"1_国家基本目录.xlsx": "国家级", "2_广东省基本目录.xlsx": "省级", "4_番禺区实施清单.xlsx": "县级"}
    missing = sorted((f["value"], f["message"].split("在")[0]) for f in doc["findings"] if f["rule"] == "XL001")
    assert [v for v, _ in missing] == ["000605099000", "440605002000"]
    assert not [f for f in doc["findings"] if f["rule"] == "XL008"]


def test_basic_catalogue_of_several_provinces_is_reported():
    from stdcheck.testing import check_rows
    found = check_rows("XL008", [{"事项名称": "甲", "基本编码": "440605001000"}, {"事项名称": "乙", "基本编码": "450605001000"},
                                 {"事项名称": "丙", "基本编码": "000105001001"}], kind="basic", level=None)
    assert [f.message for f in found] == ["crosslevel.basic_level_unknown"]
    assert found[0].params["evidence"] == ("00", "44", "45")


def test_basic_level_inferred_from_first_rows_is_revised(tmp_path):
    """The first 200 rows decide the inferred level; the comparison uses all codes and says so (XL008)."""
    rows = [(f"事项{i}", f"0001{i:05d}000", "行政许可", L1, "省级") for i in range(210)]
    rows.append(("本省事项", "440105001000", "行政许可", L1, "省级"))
    path = tmp_path / "广东省基本目录.csv"
    path.write_text("\n".join(",".join(r) for r in [BASIC_HEADER[:5]] + rows) + "\n", encoding="utf-8")
    doc = xl(path)
    [f] = [f for f in doc["findings"] if f["rule"] == "XL008"]
    assert "国家级" in f["message"] and "省级" in f["message"] and "00、44" in f["message"]


def test_other_province_local_code():
    from stdcheck.testing import catalogue, check_rows
    nat = catalogue([dict(zip(BASIC_HEADER, r)) for r in NATIONAL], "basic", "国家级", path="国家.xlsx")
    code = credit("450721", "1371")
    found = check_rows("XL001", [{"事项名称": "犬只养殖登记", "基本编码": "440605001000", "实施编码": f"{code}4440605001000",
                                  "事项类型": "行政确认", "行使层级": "县级"}], kind="implementation", level="县级", extra=[nat])
    assert [(f.message, f.params["source"], f.params["province"]) for f in found] == [
        ("crosslevel.other_province", "44", "45")]


def test_level_mixed():
    from stdcheck.testing import check_rows
    code = credit("440113", "1371")
    found = check_rows("XL008", [{"事项名称": "甲", "基本编码": "000105001001", "实施编码": f"{code}4000105001001"},
                                 {"事项名称": "乙", "基本编码": "000105002000", "实施编码": f"{code}3000105002000"}],
                       kind="implementation", level="县级")
    assert [f.message for f in found] == ["crosslevel.level_mixed"]
    assert found[0].params["evidence"] == ("市级", "县级")


def test_near_duplicate_cap_is_reported():
    from stdcheck.testing import check_rows
    rows = [{"事项名称": n, "基本编码": c, "事项类型": "行政许可"} for n, c in
            (("户外广告设施设置审批", "000105002000"), ("户外广告设施设置的审批", "000105002001"),
             ("医疗机构执业登记", "000105003000"))]
    found = check_rows("XL007", rows, kind="basic", level="国家级", options={"max_names": 2})
    capped = [f for f in found if f.message == "crosslevel.near_duplicate_capped"]
    assert len(capped) == 1 and capped[0].level == "info" and capped[0].params == {"names": 3, "max_names": 2}
    assert not [f for f in check_rows("XL007", rows, kind="basic", level="国家级")
                if f.message == "crosslevel.near_duplicate_capped"]


def test_matrix_says_when_the_xl_rules_did_not_run():
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "CD", "--isolated", "--matrix", "--no-color",
                                  "--jobs", "1"])
    assert "没有运行 XL 规则" in r.output and "未加载多个目录" not in r.output


def test_matrix_in_english(tmp_path):
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--isolated", "--matrix", "--no-color",
                                  "--jobs", "1", "--lang", "en"])
    head = next(ln for ln in r.output.splitlines() if "┃ basic code" in ln)
    assert "national" in head and "county" in head and "国家级" not in head
    out = tmp_path / "r.xlsx"
    CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--isolated", "--matrix", "--format", "xlsx",
                              "-o", str(out), "--jobs", "1", "--lang", "en"])
    wb = load_workbook(out)
    assert "四级四同" not in wb.sheetnames
    ws = wb["Four-level matrix"]
    assert [c.value for c in ws[1]][:6] == ["basic code", "name", "national", "provincial", "city", "county"]


def test_matrix_sheet_writes_formula_like_names_as_text(tmp_path):
    nat = book(tmp_path / "国家.xlsx", BASIC_HEADER, [('=HYPERLINK("http://x","点我")', "000105001001", "行政许可", L1,
                                                      "县级", "部门")], "基本目录")
    cty = county(tmp_path, [('=HYPERLINK("http://x","点我")', "000105001001", "行政许可", L1)])
    out = tmp_path / "r.xlsx"
    CliRunner().invoke(main, ["check", str(nat), str(cty), "--select", "XL", "--isolated", "--matrix", "--format",
                              "xlsx", "-o", str(out), "--jobs", "1"])
    c = load_workbook(out)["四级四同"]["B2"]
    assert c.value == '=HYPERLINK("http://x","点我")' and c.data_type == "s" and c.quotePrefix
