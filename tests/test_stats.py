"""`stdcheck check --stats`: compliance by department and level, on the terminal and in the Excel report."""
from __future__ import annotations

import json

from openpyxl import load_workbook

from stdcheck.config import Profile, active_rules
from stdcheck.engine import Plan, run
from stdcheck.plugins import load_rules
from stdcheck.reporters.stats import stats

from .conftest import SAMPLES, run_cli

IMPL = SAMPLES / "clean" / "实施清单_灵山县.xlsx"
BASIC = SAMPLES / "clean" / "基本目录_国家级.xlsx"
APPROVAL, CULTURE = "灵山县行政审批局", "灵山县文化广电体育和旅游局"


def faulty_list(tmp_path):
    """The clean 灵山县 list with one error (a wrong check character, row 3, 行政审批局) and one warning
    (a traditional character in a name, row 4, 文化广电体育和旅游局)."""
    wb = load_workbook(IMPL)
    ws = wb.active
    ws["H3"] = "11450721MB1558081X"
    ws["A4"] = "全民健身設施拆迁或者改变用途批准"
    out = tmp_path / "实施清单_灵山县.xlsx"
    wb.save(out)
    return out


def by_name(rows):
    return {r["name"]: r for r in rows}


def test_stats_function_counts_matters_per_department_and_level(tmp_path):
    path = faulty_list(tmp_path)
    prof = Profile.load("national")
    rules, _ = load_rules([], None)
    result = run([str(path), str(BASIC)], Plan(active_rules(rules, prof, {}, [], [], []), prof, tally=True))
    figures = stats(result)
    depts = by_name(figures["by_department"])
    assert depts[APPROVAL] == {"name": APPROVAL, "matters": 2, "errors": 1, "warnings": 0, "compliant": 1, "rate": 0.5}
    assert depts[CULTURE]["matters"] == 1 and depts[CULTURE]["warnings"] == 1 and depts[CULTURE]["rate"] == 1.0
    assert depts["国家发展改革委"]["matters"] == 1           # the basic catalogue's 主管部门
    levels = by_name(figures["by_level"])
    assert levels["县级"]["matters"] == 3 and levels["国家级"]["matters"] == 5
    assert figures["total"]["matters"] == 8 and figures["total"]["errors"] == 1
    # without tallying there is nothing to show
    assert stats(run([str(path)], Plan(active_rules(rules, prof, {}, [], [], []), prof))) is None


def test_stats_bars_follow_the_text_report(tmp_path):
    p = run_cli("check", faulty_list(tmp_path), "--stats", "--no-color")
    assert p.returncode == 1
    out = p.stdout
    assert out.index("检查汇总") < out.index("按层级统计合规率") < out.index("按部门")
    line = next(ln for ln in out.splitlines() if ln.startswith(APPROVAL))
    assert "50.0%" in line and "█" in line
    assert "100.0%" in next(ln for ln in out.splitlines() if ln.startswith(CULTURE))


def test_stats_go_to_stderr_so_json_stays_valid(tmp_path):
    p = run_cli("check", faulty_list(tmp_path), "--stats", "--format", "json")
    doc = json.loads(p.stdout)
    assert doc["summary"]["matters"] == 3
    assert "按部门" in p.stderr and APPROVAL in p.stderr


def test_stats_in_english(tmp_path):
    p = run_cli("check", faulty_list(tmp_path), "--stats", "--lang", "en", "--no-color")
    assert "Compliance by department" in p.stdout and "Compliance by level" in p.stdout


def test_clean_samples_are_fully_compliant():
    p = run_cli("check", SAMPLES / "clean", "--stats", "--no-color")
    assert p.returncode == 0
    total = [ln for ln in p.stdout.splitlines() if ln.startswith("合计") and "%" in ln]
    assert total and all("100.0%" in ln for ln in total)


def test_stats_sheet_in_the_excel_report_serial_and_parallel(tmp_path):
    path = faulty_list(tmp_path)
    sheets = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"report{jobs}.xlsx"
        p = run_cli("check", path, BASIC, "--stats", "--format", "xlsx", "-o", out, "--jobs", jobs)
        assert p.returncode == 1, p.stderr
        wb = load_workbook(out)
        assert wb.sheetnames[-1] == "统计"
        ws = wb["统计"]
        assert ws._charts                                   # a bar chart of the rates
        sheets[jobs] = [[c.value for c in row] for row in ws.iter_rows()]
    assert sheets["1"] == sheets["2"]
    rows = {r[0]: r[1:6] for r in sheets["1"] if r[0]}
    assert rows[APPROVAL] == [2, 1, 0, 1, 0.5]
    assert rows["县级"] == [3, 1, 1, 2, 0.6667]
    # without --stats the report keeps its three sheets
    out = tmp_path / "plain.xlsx"
    run_cli("check", path, "--format", "xlsx", "-o", out)
    assert "统计" not in load_workbook(out).sheetnames


def test_stats_levels_in_english_terminal_and_sheet(tmp_path):
    path = faulty_list(tmp_path)
    p = run_cli("check", path, BASIC, "--stats", "--lang", "en", "--no-color")
    table = p.stdout[p.stdout.index("Compliance by level"):p.stdout.index("Compliance by department")]
    assert "county" in table and "national" in table and "县级" not in table and "国家级" not in table
    out = tmp_path / "r.xlsx"
    run_cli("check", path, BASIC, "--stats", "--lang", "en", "--format", "xlsx", "-o", out)
    names = [r[0] for r in load_workbook(out)["Stats"].iter_rows(values_only=True)]
    assert "county" in names and "national" in names and "县级" not in names


def test_stats_count_a_list_with_cross_level_errors(tmp_path):
    """An XL error (here XL001: a code missing from the national catalogue) makes its matter non-compliant."""
    from .test_crosslevel import L1, L3, county, national
    nat = national(tmp_path)
    cty = county(tmp_path, [("户外广告设施设置审批", "000105002000", "行政许可", L3),
                            ("餐饮服务食品安全监督检查", "000605099000", "行政检查", L1)])
    prof = Profile.load("national")
    rules, _ = load_rules([], None)
    result = run([str(nat), str(cty)], Plan(active_rules(rules, prof, {}, ["XL"], [], []), prof, tally=True))
    figures = stats(result)
    county_level = by_name(figures["by_level"])["县级"]
    assert county_level["matters"] == 2 and county_level["errors"] == 1 and county_level["rate"] == 0.5
    assert by_name(figures["by_department"])["广州市番禺区市场监督管理局"]["errors"] == 1


def test_department_names_stay_on_one_line_in_both_languages():
    for lang in ("zh", "en"):
        p = run_cli("check", SAMPLES, "--stats", "--no-color", "--lang", lang, env={"COLUMNS": "80"})
        assert "广州市番禺区市场监督管理局" in p.stdout, lang      # 13 characters, not folded onto two lines
