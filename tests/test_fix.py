"""stdcheck fix: safe normalisations into a new file, a change log, and a re-check showing the fixed
findings are gone — end to end through the CLI, for xlsx, csv and yaml."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from stdcheck.config import Profile
from stdcheck.fix import Fixer
from stdcheck.normalize import compact
from tests.corpus.make_corpus import build

from .conftest import SAMPLES, run_cli, run_json

NAME_BRACKETS = "在宗教活动场所内改建(或者新建)建筑物审批（试点）"


def faulty_xlsx(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "基本目录"
    ws.append(["基本目录（测试）"])
    ws.merge_cells("A1:F1")
    ws.append(["事项名称", "基本编码", "事项类型", "设定依据", "行使层级", "备注"])
    ws.append(["固定资产投资项目节能审查 ", "０００１０４００２０００", "1", "《中华人民共和国节约能源法》第十五条 ", "省级,市级,县级", "保留"])
    ws.append([NAME_BRACKETS, " 000141005000", 1, "《宗教事务条例》第三十三条", "市级,县级", None])
    ws.append(["优抚对象医疗保障", "000524018000", "行政给付", "《军人抚恤优待条例》第四十四条", "县级", None])
    ws["F3"].comment = Comment("不要动我", "审核人")
    ws["D5"].font = Font(bold=True, color="FF0000")
    ws.column_dimensions["D"].width = 50
    wb.save(path)
    return path


def findings(path, *extra):
    p, doc = run_json("check", path, *extra)
    assert p.returncode in (0, 1), p.stderr
    return {(f["rule"], f["location"]["cell"] or f["location"]["line"]) for f in doc["findings"]}


FIXED_RULES = {"CD001", "CD003", "CD004", "EL013"}


def test_xlsx_fixed_copy_changes_only_the_fixed_cells(tmp_path):
    src = faulty_xlsx(tmp_path / "in.xlsx")
    before = src.read_bytes()
    out = tmp_path / "out.xlsx"
    p = run_cli("fix", src, "-o", out)
    assert p.returncode == 0, p.stdout + p.stderr
    assert src.read_bytes() == before                                  # never modifies IN
    assert "基本目录!B3" in p.stdout and "CD004" in p.stdout and "复查" in p.stdout
    ws = load_workbook(out)["基本目录"]
    assert [ws[c].value for c in ("A3", "B3", "C3", "D3", "B4", "C4")] == [
        "固定资产投资项目节能审查", "000104002000", "01", "《中华人民共和国节约能源法》第十五条", "000141005000", "01"]
    assert ws["C4"].data_type == "s" and ws["C4"].number_format == "@"  # a number cell became a text code
    # everything else is kept: the title, merged cells, the unknown column, comments, fonts, widths, the name's words
    assert ws["A1"].value == "基本目录（测试）" and "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["F3"].value == "保留" and ws["F3"].comment.text == "不要动我"
    assert ws["D5"].font.bold and ws.column_dimensions["D"].width == 50
    assert ws["A4"].value == NAME_BRACKETS                               # national profile: brackets are not touched
    assert ws["E3"].value == "省级,市级,县级" and ws["A5"].value == "优抚对象医疗保障"


def test_recheck_none_of_the_fixed_findings_remain(tmp_path):
    src = faulty_xlsx(tmp_path / "in.xlsx")
    out = tmp_path / "out.xlsx"
    assert run_cli("fix", src, "-o", out, "--log", tmp_path / "log.json").returncode == 0
    changes = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))["changes"]
    fixed = {(r, c["cell"]) for c in changes for r in (c["rule"] or "").split(",") if r}
    assert fixed >= {("CD004", "B3"), ("CD003", "B4"), ("CD001", "C4"), ("EL013", "A3")}
    assert fixed <= findings(src)                                         # they were found in the input …
    assert not fixed & findings(out)                                      # … and are gone from the output
    assert {r for r, _ in findings(out)} & FIXED_RULES <= {"EL013"}       # only the bracket mix (not asked) is left


def test_recheck_tells_a_finding_fixed_from_another_of_the_same_rule(tmp_path):
    """Trimming 事项名称 removes EL013's white-space finding; its traditional-character finding on the same cell stays
    (fix does not change wording): the re-check must not call that a bug, and fix exits 0."""
    src = tmp_path / "名称.csv"
    src.write_text("事项名称,基本编码,事项类型,设定依据,行使层级\n\"食品經營許可 \",000105001000,行政许可,"
                   "《中华人民共和国食品安全法》第三十五条,县级\n", encoding="utf-8")
    out = tmp_path / "修复.csv"
    p = run_cli("fix", src, "-o", out)
    assert p.returncode == 0 and "请报告此缺陷" not in p.stderr, p.stderr
    assert "食品經營許可," in out.read_text(encoding="utf-8-sig")
    _, doc = run_json("check", out, "--select", "EL013")
    assert [f["location"]["cell"] for f in doc["findings"]] == ["A2"]                 # the traditional characters, not fixed and still found


def test_brackets_only_when_the_profile_asks(tmp_path):
    src = faulty_xlsx(tmp_path / "in.xlsx")
    prof = tmp_path / "profile.yaml"
    prof.write_text("name: brackets\nextends: national\nfix: {brackets: full}\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    p = run_cli("fix", src, "-o", out, "--profile", prof)
    assert p.returncode == 0, p.stderr
    assert load_workbook(out)["基本目录"]["A4"].value == "在宗教活动场所内改建（或者新建）建筑物审批（试点）"
    assert ("EL013", "A4") in findings(src) and ("EL013", "A4") not in findings(out)


def test_codes_label_and_code(tmp_path):
    src = faulty_xlsx(tmp_path / "in.xlsx")
    run_cli("fix", src, "-o", tmp_path / "label.xlsx", "--codes", "label")
    run_cli("fix", src, "-o", tmp_path / "code.xlsx", "--codes", "code")
    lab = load_workbook(tmp_path / "label.xlsx")["基本目录"]
    cod = load_workbook(tmp_path / "code.xlsx")["基本目录"]
    assert [lab[c].value for c in ("C3", "C4", "C5", "E3")] == ["行政许可", "行政许可", "行政给付", "省级,市级,县级"]
    assert [cod[c].value for c in ("C3", "C4", "C5", "E3", "E4")] == ["01", "01", "05", "2,3,4", "3,4"]
    assert findings(tmp_path / "code.xlsx") == findings(tmp_path / "label.xlsx")   # the same catalogue to the checker


def test_unknown_code_values_are_left_alone(tmp_path):
    src = tmp_path / "in.yaml"
    src.write_text("matters:\n  - 事项名称: 甲\n    基本编码: \"000104002000\"\n    事项类型: 行政审批\n"
                   "    行使层级: 省级,镇长级\n", encoding="utf-8")
    p = run_cli("fix", src, "-o", tmp_path / "out.yaml", "--codes", "code")
    assert p.returncode == 0 and "没有可安全修复的内容" in p.stdout
    assert (tmp_path / "out.yaml").read_bytes() == src.read_bytes()


def test_csv_keeps_encoding_delimiter_and_line_endings(tmp_path):
    src = tmp_path / "清单.csv"
    text = ("事项名称;基本编码;事项类型;设定依据;行使层级\r\n"
            "\"固定资产投资项目节能审查 \";０００１０４００２０００;1;\"《中华人民共和国节约能源法》第十五条；\r\n第二款\";省级\r\n"
            "优抚对象医疗保障;000524018000;行政给付;《军人抚恤优待条例》第四十四条;县级\r\n")
    src.write_bytes(text.encode("gb18030"))
    out = tmp_path / "fixed.csv"
    p = run_cli("fix", src, "-o", out, "--log", tmp_path / "log.csv")
    assert p.returncode == 0, p.stderr
    data = out.read_bytes().decode("gb18030")                          # still GB18030
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    assert rows[1][:3] == ["固定资产投资项目节能审查", "000104002000", "01"]
    assert rows[1][3] == "《中华人民共和国节约能源法》第十五条；\r\n第二款"   # the multi-line text untouched
    assert data.count("\r\n") == text.count("\r\n") and ";" in data.splitlines()[0]
    log = list(csv.DictReader(io.StringIO((tmp_path / "log.csv").read_text(encoding="utf-8-sig"))))
    assert {(r["cell"], r["old"], r["new"], r["rule"]) for r in log} >= {("B2", "０００１０４００２０００", "000104002000", "CD004")}
    assert not {("CD004", "B2"), ("EL013", "A2")} & findings(out)


def test_yaml_keeps_comments_and_structure(tmp_path):
    src = tmp_path / "目录.yaml"
    src.write_text("# 基本目录（测试）\nstdcheck: 1\ncatalogue: {kind: 基本目录}\nmatters:\n"
                   "  - 事项名称: \"优抚对象医疗保障 \"   # 名称后有空格\n"
                   "    基本编码: 000104002000\n"
                   "    事项类型: 5\n"
                   "    设定依据: |\n      《军人抚恤优待条例》第四十四条\n"
                   "    行使层级: 县级\n", encoding="utf-8")
    out = tmp_path / "fixed.yaml"
    p = run_cli("fix", src, "-o", out)
    assert p.returncode == 0, p.stdout + p.stderr
    text = out.read_text(encoding="utf-8")
    assert "# 名称后有空格" in text and text.startswith("# 基本目录（测试）")
    assert '基本编码: "000104002000"' in text and '事项类型: "05"' in text
    a, b = yaml.safe_load(src.read_text(encoding="utf-8")), yaml.safe_load(text)
    assert b["matters"][0]["事项名称"] == "优抚对象医疗保障" and b["matters"][0]["设定依据"] == a["matters"][0]["设定依据"]
    assert set(a) == set(b) and list(a["matters"][0]) == list(b["matters"][0])
    assert not {r for r, _ in findings(out)} & FIXED_RULES


def test_sample_yaml_example_from_the_docs(tmp_path):
    src = SAMPLES / "faulty" / "基本目录_有问题.yaml"
    out = tmp_path / "基本目录_已修复.yaml"
    p = run_cli("fix", src, "-o", out, "--codes", "code")
    assert p.returncode == 0 and "L7" in p.stdout
    assert ("CD001", 7) in findings(src) and ("CD001", 7) not in findings(out)


def test_refuses_to_write_over_the_input(tmp_path):
    src = faulty_xlsx(tmp_path / "in.xlsx")
    before = src.read_bytes()
    p = run_cli("fix", src, "-o", src)
    assert p.returncode == 2 and "stdcheck" in p.stderr and src.read_bytes() == before
    p = run_cli("fix", src, "-o", tmp_path / "sub" / ".." / "in.xlsx")
    assert p.returncode == 2 and src.read_bytes() == before
    p = run_cli("fix", src, "-o", tmp_path / "out.csv")
    assert p.returncode == 2 and "格式" in p.stderr
    p = run_cli("fix", src)
    assert p.returncode == 2 and "-o" in p.stderr


def test_unsupported_and_missing_inputs(tmp_path):
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    p = run_cli("fix", tmp_path / "old.xls", "-o", tmp_path / "new.xls")
    assert p.returncode == 2 and ".xlsx" in p.stderr
    p = run_cli("fix", tmp_path / "none.xlsx", "-o", tmp_path / "new.xlsx")
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_nothing_to_fix_gives_an_exact_copy(tmp_path):
    src = SAMPLES / "clean" / "实施清单_灵山县.xlsx"
    out = tmp_path / "copy.xlsx"
    p = run_cli("fix", src, "-o", out)
    assert p.returncode == 0 and out.read_bytes() == src.read_bytes()


def test_dry_run_writes_nothing_and_english_output(tmp_path):
    src = faulty_xlsx(tmp_path / "in.xlsx")
    p = run_cli("fix", src, "--dry-run", "--lang", "en")
    assert p.returncode == 0 and "cells can be fixed" in p.stdout
    assert sorted(x.name for x in tmp_path.iterdir()) == ["in.xlsx"]
    for line in p.stdout.splitlines():
        outside_values = re.sub(r"'[^']*'", "", line).replace("基本目录!", "")
        assert not re.search(r"[\u4e00-\u9fff]", outside_values), line


def test_fixing_a_filled_template_keeps_its_dropdowns_and_comments(tmp_path):
    tpl = tmp_path / "模板.xlsx"
    assert run_cli("template", "--kind", "basic", "-o", tpl).returncode == 0
    wb = load_workbook(tpl)
    ws = wb.worksheets[1]
    for col, v in zip("ABCDE", [" 优抚对象医疗保障", "０００５２４０１８０００", "5", "《军人抚恤优待条例》第四十四条", "县级"]):
        ws[f"{col}3"] = v
    wb.save(tmp_path / "filled.xlsx")
    p = run_cli("fix", tmp_path / "filled.xlsx", "-o", tmp_path / "fixed.xlsx")
    assert p.returncode == 0, p.stderr
    before, after = load_workbook(tmp_path / "filled.xlsx"), load_workbook(tmp_path / "fixed.xlsx")
    a = after.worksheets[1]
    assert [a[f"{c}3"].value for c in "ABC"] == ["优抚对象医疗保障", "000524018000", "05"]
    assert after.sheetnames == before.sheetnames and after["代码表"].sheet_state == "hidden"
    assert [(d.type, d.formula1, str(d.sqref)) for d in a.data_validations.dataValidation] == \
        [(d.type, d.formula1, str(d.sqref)) for d in before.worksheets[1].data_validations.dataValidation]
    assert a["A2"].comment.text == before.worksheets[1]["A2"].comment.text and a["B4"].number_format == "@"
    p, doc = run_json("check", tmp_path / "fixed.xlsx")
    assert p.returncode == 0 and doc["summary"]["error"] == 0, doc["findings"]


def test_macro_workbook_output_keeps_its_suffix(tmp_path):
    src = faulty_xlsx(tmp_path / "in.xlsx")
    p = run_cli("fix", src, "-o", tmp_path / "out.xlsm")
    assert p.returncode == 2


# ---------------------------------------------------------------- the Fixer never changes substance


FIXER = Fixer(Profile.load("national"))
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["name", "legal_basis", "handle_place", "legal_limit", "accept_condition"]))
def test_text_elements_lose_outer_white_space_only(text, fid):
    new, steps = FIXER.value(fid, text)
    assert new == text.strip() and (bool(steps) == (new != text))


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["basic_code", "impl_code", "impl_body_code", "region_code"]))
def test_codes_keep_their_characters(text, fid):
    new, _ = FIXER.value(fid, text)
    assert compact(new) == compact(text)             # same characters once width and white space are folded
    assert not re.search(r"\s|[\uff01-\uff5e]", new)


def test_pad_only_to_known_codes_and_not_substantive_numbers():
    assert FIXER.value("item_type", "1")[0] == "01"
    assert FIXER.value("item_type", "20")[0] == "20" and not FIXER.value("item_type", "20")[1]
    assert FIXER.value("item_type", "11")[0] == "11"           # not a code: left for EL006 to report
    assert FIXER.value("legal_limit", "5", numeric=True) == ("5", [])
    assert FIXER.value("visits", " 1 ")[0] == "1"


def test_csv_without_a_header_is_an_input_error(tmp_path):
    src = tmp_path / "x.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    p = run_cli("fix", src, "-o", tmp_path / "y.csv")
    assert p.returncode == 2 and "表头" in p.stderr and not (tmp_path / "y.csv").exists()


# ---------------------------------------------------------------- audit: YAML read as check reads it


REFUSED_YAML = ["billion_laughs.yaml", "python_tag.yaml", "duplicate_top_keys.yaml", "empty.yaml",
                "deep_nesting.yaml", "syntax_error.yaml"]


@pytest.fixture(scope="module")
def yaml_corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("fix_corpus"))


@pytest.mark.parametrize("name", REFUSED_YAML)
def test_fix_refuses_the_yaml_check_refuses_with_the_same_message(yaml_corpus, tmp_path, name):
    src = yaml_corpus[name]
    p, doc = run_json("check", src)
    [entry] = doc["files"]
    assert entry["status"] == "unreadable"
    out = tmp_path / "out.yaml"
    p = run_cli("fix", src, "-o", out)
    assert p.returncode == 2 and not out.exists()
    assert "Traceback" not in p.stderr and "Error" not in p.stderr
    [line] = p.stderr.strip().splitlines()
    assert name in line and entry["error"] in line, line


ANCHORED = ("matters:\n"
            "  - 事项名称: 甲\n    基本编码: \"000104002000\"\n    事项类型: &c 1\n    行使层级: &lv 县级\n"
            "  - 事项名称: 乙\n    基本编码: \"000104003000\"\n    事项类型: *c\n    行使层级: *lv\n"
            "  - 事项名称: 丙\n    基本编码: \"000104004000\"\n    事项类型: &n 5\n    到办事现场次数: *n\n")


def test_yaml_anchor_is_edited_once_and_kept(tmp_path):
    src = tmp_path / "anchor.yaml"
    src.write_text(ANCHORED, encoding="utf-8")
    out = tmp_path / "out.yaml"
    p = run_cli("fix", src, "-o", out, "--codes", "code")
    assert p.returncode == 0, p.stdout + p.stderr
    assert [line.split()[0] for line in p.stdout.splitlines() if line.startswith("L")] == ["L4", "L5"]   # once each
    text = out.read_text(encoding="utf-8")
    assert '事项类型: &c "01"' in text and '行使层级: &lv "4"' in text and "事项类型: *c" in text
    assert "事项类型: &n 5" in text         # shared with 到办事现场次数: padding it would change the visits
    data = yaml.safe_load(text)
    assert [m["事项类型"] for m in data["matters"]] == ["01", "01", 5]
    assert [m.get("行使层级") for m in data["matters"]] == ["4", "4", None]
    p, doc = run_json("check", out)
    assert doc["summary"]["unreadable"] == 0


def test_recheck_fails_when_the_output_cannot_be_read(tmp_path, monkeypatch):
    """A fix that broke its output (as the anchor bug did) is caught by the re-check: exit 1, never 'clean'."""
    from click.testing import CliRunner

    import stdcheck.fix as fix
    from stdcheck.cli import main
    src = tmp_path / "anchor.yaml"
    src.write_text(ANCHORED, encoding="utf-8")
    real = fix.fix_yaml

    def broken(path, fixer, options=None):
        data, changes = real(path, fixer, options)
        return data.replace(b"&c ", b""), changes           # *c left undefined
    monkeypatch.setattr(fix, "fix_yaml", broken)
    for extra in ((), ("--codes", "code")):
        r = CliRunner().invoke(main, ["fix", str(src), "-o", str(tmp_path / "out.yaml"), *extra])
        assert r.exit_code == 1, r.output
        assert "复查失败" in r.stderr and "out.yaml" in r.stderr and "undefined alias" in r.stderr
        assert "复查：输出文件中已没有" not in r.stdout


def test_csv_value_with_a_bare_quote(tmp_path, yaml_corpus):
    src = tmp_path / "q.csv"
    src.write_text('事项名称,基本编码,事项类型\n关于"某某"的审批 ,０００１０４００２０００,1\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    p = run_cli("fix", src, "-o", out)
    assert p.returncode == 0, p.stderr
    assert out.read_text(encoding="utf-8").splitlines()[1] == '"关于""某某""的审批",000104002000,01'
    p, doc = run_json("check", out, "--select", "EL013,CD004")
    assert doc["findings"] == []
    from stdcheck.sources import ReadOptions, read
    [cat] = read(str(out), ReadOptions())
    assert next(iter(cat.matters)).values["name"] == '关于"某某"的审批'
    # the corpus file with an unclosed quote: read as check reads it, written back unchanged
    p = run_cli("fix", yaml_corpus["unclosed_quote.csv"], "-o", tmp_path / "u.csv")
    assert p.returncode == 0, p.stderr


def test_english_change_log_names_the_element_and_the_value_as_written(tmp_path):
    src = tmp_path / "in.yaml"
    src.write_text("matters:\n  - 事项名称: 甲\n    基本编码: \"000104002000\"\n    事项类型: 行政许可\n"
                   "    行使层级: 县级\n", encoding="utf-8")
    p = run_cli("fix", src, "-o", tmp_path / "out.yaml", "--codes", "code", "--lang", "en")
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert "L4  matter type: '行政许可' -> '01'" in lines[0]
    assert "L5  exercise level: '县级' -> '4'" in lines[1]       # the cell's text, not 'county'
    assert "2 cells fixed" in p.stdout
    src.write_text("matters:\n  - 事项名称: 甲\n    基本编码: \"000104002000\"\n    事项类型: 1\n", encoding="utf-8")
    p = run_cli("fix", src, "-o", tmp_path / "out2.yaml", "--lang", "en")
    assert "1 cell fixed," in p.stdout
    p = run_cli("fix", src, "--dry-run", "--lang", "en")
    assert "1 cell can be fixed" in p.stdout


def test_profile_fix_keys_are_validated(tmp_path):
    src = faulty_xlsx(tmp_path / "in.xlsx")
    prof = tmp_path / "profile.yaml"
    prof.write_text("name: typo\nextends: national\nfix: {bracket: full}\n", encoding="utf-8")
    p = run_cli("fix", src, "-o", tmp_path / "out.xlsx", "--profile", prof)
    assert p.returncode == 2 and "fix.bracket" in p.stderr and not (tmp_path / "out.xlsx").exists()
    prof.write_text("name: typo\nextends: national\nfix: {brackets: ful}\n", encoding="utf-8")
    p = run_cli("fix", src, "-o", tmp_path / "out.xlsx", "--profile", prof)
    assert p.returncode == 2 and "fix.brackets" in p.stderr


# ---------------------------------------------------------------- the findings carry the corrections fix writes


def _carried(paths, profile, jobs=1):
    """The findings of the correcting rules, as `stdcheck check` makes them."""
    from stdcheck.config import active_rules
    from stdcheck.engine import Plan, run
    from stdcheck.fix import RULES
    from stdcheck.plugins import load_rules
    rules, _ = load_rules()
    return run([str(p) for p in paths], Plan(active_rules(rules, profile, {}, list(RULES)), profile, jobs=jobs)).findings


def test_fix_writes_the_corrections_the_findings_carry(tmp_path):
    """Each rule's correction of a cell — also the report's 应改为 — is what `stdcheck fix` writes there."""
    from stdcheck.suggest import suggest
    src = faulty_xlsx(tmp_path / "in.xlsx")
    prof = tmp_path / "profile.yaml"
    prof.write_text("name: brackets\nextends: national\nfix: {brackets: full}\n", encoding="utf-8")
    found = [f for f in _carried([src], Profile.load(str(prof))) if f.fix is not None]
    assert {(f.rule.code, f.location.cell) for f in found} == {
        ("EL013", "A3"), ("CD004", "B3"), ("EL013", "A4"), ("CD003", "B4"), ("CD001", "C4")}
    assert all(suggest(f) == f.fix for f in found)
    assert run_cli("fix", src, "-o", tmp_path / "out.xlsx", "--profile", prof).returncode == 0
    ws = load_workbook(tmp_path / "out.xlsx")["基本目录"]
    assert {f.location.cell: ws[f.location.cell].value for f in found} == {f.location.cell: f.fix for f in found}


def test_yaml_number_codes_carry_their_quoted_text(tmp_path):
    """CD001 in YAML: the code table's padding, else the text as written (quoted by fix, no digit lost)."""
    src = tmp_path / "in.yaml"
    src.write_text("matters:\n  - 事项名称: 甲\n    基本编码: 000104002000\n    事项类型: 5\n", encoding="utf-8")
    found = {f.field: (f.value, f.fix) for f in _carried([src], Profile.load("national"))}
    assert found == {"basic_code": ("000104002000", "000104002000"), "item_type": ("5", "05")}
    p = run_cli("fix", src, "-o", tmp_path / "out.yaml", "--log", tmp_path / "log.json")
    assert p.returncode == 0, p.stderr
    log = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))["changes"]
    assert [(c["line"], c["new"], c["fix"], c["rule"]) for c in log] == [(3, "000104002000", "quote", "CD001"),
                                                                          (4, "05", "pad", "CD001")]


def test_corrections_survive_the_worker_processes(tmp_path, monkeypatch):
    """With --jobs 2 the findings come back pickled from worker processes: their corrections with them."""
    import stdcheck.engine.runners as runners
    calls = []
    real = runners.run_processes
    monkeypatch.setattr(runners, "run_processes", lambda *a, **k: calls.append(1) or real(*a, **k))
    a, b = faulty_xlsx(tmp_path / "a.xlsx"), faulty_xlsx(tmp_path / "b.xlsx")
    serial = {(f.location.file, f.location.cell, f.rule.code): f.fix for f in _carried([a, b], Profile.load("national"))}
    pooled = {(f.location.file, f.location.cell, f.rule.code): f.fix
              for f in _carried([a, b], Profile.load("national"), jobs=2)}
    assert calls and pooled == serial and sum(v is not None for v in pooled.values()) == 8


def test_check_json_is_unchanged_by_the_corrections(tmp_path):
    """`check --format json` gains no key: a finding's correction is not part of the JSON output."""
    p, doc = run_json("check", faulty_xlsx(tmp_path / "in.xlsx"), "--select", "CD001,CD003,CD004,EL013")
    assert {tuple(sorted(f)) for f in doc["findings"]} == {
        ("field", "level", "location", "matter", "message", "name", "rule", "standard", "value")}
    [cd004] = [f for f in doc["findings"] if f["rule"] == "CD004"]
    assert cd004["message"] == "基本编码“０００１０４００２０００”中有全角字符，应为“000104002000”"


def test_a_repeated_value_carries_its_correction_in_every_row(tmp_path):
    """Rows with the same values get the first row's verdict replayed (replay.py): its correction with it."""
    src = tmp_path / "in.csv"
    src.write_text("事项名称,基本编码\n" + "甲 ,０００１０４００２０００\n" * 6, encoding="utf-8")
    p = run_cli("fix", src, "-o", tmp_path / "out.csv", "--log", tmp_path / "log.json")
    assert p.returncode == 0, p.stderr
    log = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))["changes"]
    assert sorted({(c["cell"][0], c["rule"]) for c in log}) == [("A", "EL013"), ("B", "CD004")] and len(log) == 12


def test_a_list_the_code_rules_do_not_check_is_corrected_all_the_same(tmp_path):
    """CD001/CD003/CD004 do not check a 权责清单: fix makes their corrections itself, with the same functions,
    and names no rule (the re-check has none to look for)."""
    src = tmp_path / "in.yaml"
    src.write_text("catalogue: {kind: 权责清单}\nmatters:\n  - 事项名称: 甲\n    基本编码: \"０００１０４００２０００ \"\n"
                   "    事项类型: 1\n    实施主体编码: 11450721000000000\n", encoding="utf-8")
    assert _carried([src], Profile.load("national")) == []
    p = run_cli("fix", src, "-o", tmp_path / "out.yaml", "--log", tmp_path / "log.json")
    assert p.returncode == 0, p.stderr
    log = json.loads((tmp_path / "log.json").read_text(encoding="utf-8"))["changes"]
    assert [(c["line"], c["new"], c["fix"], c["rule"]) for c in log] == [
        (4, "000104002000", "spaces+fullwidth", None), (5, "01", "pad", None), (6, "11450721000000000", "quote", None)]
