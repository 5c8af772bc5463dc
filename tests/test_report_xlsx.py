"""The Excel report as a department receives it (issue 15): print setup, Chinese titles, 依据, 应改为, 按部门, the
verdict; the annotated copy shows whole-column findings; JUnit counts only what fails the run."""
from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from .conftest import SAMPLES, run_cli

FAULTY = SAMPLES / "faulty"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    shutil.copytree(SAMPLES / "四级四同", tmp / "四级四同")
    out, ann = tmp / "检查报告.xlsx", tmp / "标注副本"
    p = run_cli("check", FAULTY, tmp / "四级四同", "--format", "xlsx", "-o", out, "--annotate", ann)
    assert p.returncode == 1, p.stderr
    return load_workbook(out), ann, p


def rows(ws):
    header = [c.value for c in ws[1]]
    return [dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_every_sheet_prints_on_a4_landscape_fit_to_width_with_repeated_headers(report):
    wb, _, _ = report
    for ws in wb:
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize in (9, "9"), ws.title
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows, ws.title
    ws = wb["问题清单"]
    col = [c.value for c in ws[1]].index("问题说明") + 1
    assert all(ws.cell(r, col).alignment.wrap_text for r in range(2, ws.max_row + 1))


def test_the_verdict_is_the_first_line_under_the_title(report):
    wb, _, _ = report
    line = wb["汇总"]["A2"].value
    assert line.startswith("不通过：错误 ") and "规则配置 national" in line


def test_a_clean_run_says_passed(tmp_path):
    out = tmp_path / "r.xlsx"
    p = run_cli("check", SAMPLES / "clean", "--format", "xlsx", "-o", out)
    assert p.returncode == 0, p.stderr
    assert load_workbook(out)["汇总"]["A2"].value.startswith("通过：错误 0 个")
    assert f"已写出 {out}（xlsx，0 个问题）" in p.stderr


def test_rules_are_named_by_their_chinese_titles_in_summary_chart_and_findings(report):
    wb, _, _ = report
    summary = {r[0]: r[1:] for r in wb["汇总"].iter_rows(values_only=True) if r[0]}
    assert summary["XL002"][0] == "事项名称与上级不一致"
    [chart] = wb["汇总"]._charts
    ref = chart.series[0].cat.numRef or chart.series[0].cat.strRef
    assert "$B$" in ref.f                              # categories: the 名称 column (titles), not the codes
    found = rows(wb["问题清单"])
    assert {r["规则名称"] for r in found if r["规则"] == "CD001"} == {"编码单元格存为数字"}


def test_the_standard_is_cited_without_internal_notes(report):
    wb, _, _ = report
    cited = [r["依据标准"] for r in rows(wb["问题清单"])] + [r["依据标准"] for r in rows(wb["规则"])]
    notes = ("coding.md", "elements.md", "anchors.md", "shared/data")      # the project's reference notes
    assert cited and not [c for c in cited if any(n in c for n in notes)]
    assert "浙江实施清单检查（收费要素）" in cited
    for args in (("rules",), ("explain", "EL103"), ("rules", "--format", "json")):
        out = run_cli(*args).stdout
        assert not any(n in out for n in notes), args


def test_should_read_column_gives_the_corrected_value_when_known(report):
    wb, _, _ = report
    found = rows(wb["问题清单"])
    cd001 = next(r for r in found if r["规则"] == "CD001" and r["单元格值"] == "104002000")
    assert cd001["应改为"] == "000104002000"
    xl002 = next(r for r in found if r["规则"] == "XL002")
    assert (xl002["单元格值"], xl002["应改为"]) == ("户外广告设施设置许可", "户外广告设施设置审批")
    assert not next(r for r in found if r["规则"] == "EL103")["应改为"]        # nothing to suggest: empty


def test_per_department_sheet_with_compliance(report):
    wb, _, _ = report
    depts = {r["部门 / 实施主体"]: r for r in rows(wb["按部门"]) if r["部门 / 实施主体"]}
    gz = depts["广州市市场监督管理局"]
    assert gz["错误"] >= 3 and gz["事项数"] == 5 and gz["有错误的事项"] == 3
    assert gz["合规率"] == pytest.approx(0.4)


def test_annotated_copy_shows_whole_column_findings_and_levels_in_words(report):
    _, ann, _ = report
    wb = load_workbook(ann / "实施清单_有问题.xlsx")
    ws = wb["实施清单"]
    assert "缺少“收费依据”列" in ws["A2"].comment.text and "【错误】" in ws["A2"].comment.text
    comments = [c.comment.text for r in ws.iter_rows() for c in r if c.comment]
    assert comments and not [t for t in comments if "[error]" in t or "[warning]" in t]
    listed = [r for r in wb["问题说明"].iter_rows(min_row=2, values_only=True)]
    assert ("实施清单", "实施清单!2:2", "EL103 收费事项缺收费依据或标准", "错误") == listed[0][:4]


def test_junit_fails_only_at_or_above_fail_on():
    def failures(*extra):
        root = ET.fromstring(run_cli("check", FAULTY, "--format", "junit", *extra).stdout)
        return int(root.get("failures")), int(root.get("tests"))
    errors, tests = failures()
    assert (errors, tests) == (29, 43)              # 29 errors; the 13 warnings and 1 info are passing cases
    assert failures("--fail-on", "warning") == (42, 43)
    assert failures("--fail-on", "info") == (43, 43)


def test_a_large_report_shows_progress_on_a_terminal(monkeypatch):
    import sys

    from stdcheck import progress
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    with progress.rows_bar(progress.ROWS, "zh") as advance:
        assert advance is not None
        advance(1000)
    with progress.rows_bar(progress.ROWS - 1, "zh") as advance:
        assert advance is None                      # a small report: no bar
