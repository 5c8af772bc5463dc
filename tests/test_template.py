"""stdcheck template: a workbook that is compliant by construction, checked end to end through the CLI."""
from __future__ import annotations

import re
import sys

import pytest
from openpyxl import load_workbook

from stdcheck.config import Profile
from stdcheck.fields import dictionary
from stdcheck.template import HIDDEN_SHEET, elements

from .conftest import SAMPLES, run_cli, run_json

sys.path.insert(0, str(SAMPLES))
from make_samples import BASIC_HEADER, BASIC_ROWS, IMPL_HEADER, IMPL_ROWS  # noqa: E402

NUMBERS = {"legal_limit", "promised_limit", "visits"}


def make(tmp_path, kind, *extra, name=None):
    out = tmp_path / (name or f"{kind}.xlsx")
    p = run_cli("template", "--kind", kind, "-o", out, *extra)
    assert p.returncode == 0, p.stdout + p.stderr
    return out, p


def table(wb):
    return wb.worksheets[1]


def header_map(ws) -> dict[str, int]:
    fields = dictionary()
    return {fields.match(c.value): c.column for c in ws[2] if c.value}


def fill(path, header, rows, out):
    """Type the sample rows into the template as a person would: numbers in the number columns."""
    wb = load_workbook(path)
    ws = table(wb)
    cols = header_map(ws)
    fields = dictionary()
    for i, row in enumerate(rows):
        for h, v in zip(header, row):
            fid = fields.match(h)
            if fid in cols and v != "":
                ws.cell(row=3 + i, column=cols[fid], value=int(v) if fid in NUMBERS else v)
    wb.save(out)
    return out


def list_values(wb, formula: str) -> list[str]:
    m = re.fullmatch(r"'(.+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", formula)
    assert m, formula
    ws = wb[m.group(1)]
    return [ws[f"{m.group(2)}{r}"].value for r in range(int(m.group(3)), int(m.group(5)) + 1)]


def validations(ws) -> dict[str, object]:
    """Column letter -> the data validation over its data cells."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[re.match(r"[A-Z]+", rng.coord).group()] = dv
    return out


@pytest.mark.parametrize("kind,header,rows", [("implementation", IMPL_HEADER, IMPL_ROWS), ("basic", BASIC_HEADER, BASIC_ROWS)])
def test_filled_template_passes_check(tmp_path, kind, header, rows):
    out, _ = make(tmp_path, kind)
    filled = fill(out, header, rows, tmp_path / "filled.xlsx")
    p, doc = run_json("check", filled)
    assert p.returncode == 0, p.stdout + p.stderr
    assert doc["summary"]["matters"] == len(rows)
    assert doc["summary"]["error"] == 0, [f["message"] for f in doc["findings"]]
    assert [f["path"] for f in doc["files"]] == [str(filled)]      # the 说明 and hidden code sheets are no catalogues


def test_empty_template_is_clean(tmp_path):
    out, _ = make(tmp_path, "implementation")
    p, doc = run_json("check", out)
    assert p.returncode == 0 and doc["summary"]["matters"] == 0 and doc["summary"]["error"] == 0


def test_columns_in_standard_order_required_marked_with_comments(tmp_path):
    out, p = make(tmp_path, "implementation")
    assert f"{len(elements(Profile.load('national'), 'implementation'))} 列" in p.stdout
    ws = table(load_workbook(out))
    headers = [c.value for c in ws[2] if c.value]
    fields = dictionary()
    ids = [fields.match(h) for h in headers]
    assert ids == [f for f in fields.order if f in ids]                  # the order of rules/fields.yaml
    required = Profile.load("national").get("required")["implementation"]["all"]
    for h, fid in zip(headers, ids):
        assert h.startswith("*") == (fid in required), h
    assert "*实施编码" in headers and "承诺办结时限" in headers
    for c in ws[2]:
        if c.value:
            assert c.comment is not None and fields[fields.match(c.value)].label in c.comment.text
    promised = next(c for c in ws[2] if c.value == "承诺办结时限")
    assert "按事项类型必填" in promised.comment.text and "行政许可" in promised.comment.text
    assert "required for" in promised.comment.text                     # bilingual comments


def test_dropdowns_reject_values_outside_the_list(tmp_path):
    out, _ = make(tmp_path, "implementation")
    wb = load_workbook(out)
    ws = table(wb)
    assert wb[HIDDEN_SHEET].sheet_state == "hidden"
    cols = header_map(ws)
    dvs = validations(ws)
    from openpyxl.utils import get_column_letter
    for fid, label, single in [("item_type", "行政许可", True), ("impl_body_nature", "法定机关", True),
                               ("case_type", "承诺件", True), ("is_fee", "否", True), ("power_source", "法定本级行使", True),
                               ("exercise_level", "县级", False), ("service_object", "自然人", False)]:
        dv = dvs[get_column_letter(cols[fid])]
        assert dv.type == "list" and dv.showErrorMessage
        assert dv.errorStyle == ("stop" if single else "warning")       # multi-valued cells may combine values
        values = list_values(wb, dv.formula1)
        assert label in values and "行政审批" not in values             # Excel stops 行政审批 in 事项类型
        assert next(iter(dv.sqref.ranges)).min_row == 3
    item_values = list_values(wb, dvs[get_column_letter(cols["item_type"])].formula1)
    assert item_values == list(Profile.load("national").tables["item_type"].codes.values())
    for fid in ("legal_limit", "promised_limit", "visits"):
        dv = dvs[get_column_letter(cols[fid])]
        assert (dv.type, dv.operator, dv.formula1, dv.errorStyle, dv.showErrorMessage) == \
            ("whole", "greaterThanOrEqual", "0", "stop", True)
    unit = dvs[get_column_letter(cols["legal_limit_unit"])]
    assert "工作日" in list_values(wb, unit.formula1)


def test_out_of_list_value_typed_anyway_is_an_error_for_check(tmp_path):
    out, _ = make(tmp_path, "basic")
    wb = load_workbook(out)
    ws = table(wb)
    cols = header_map(ws)
    for fid, v in zip(["name", "basic_code", "item_type", "legal_basis", "exercise_level"],
                      ["固定资产投资项目节能审查", "000104002000", "行政审批", "《中华人民共和国节约能源法》第十五条", "省级"]):
        ws.cell(row=3, column=cols[fid], value=v)
    wb.save(tmp_path / "bad.xlsx")
    p, doc = run_json("check", tmp_path / "bad.xlsx")
    assert p.returncode == 1 and [f["rule"] for f in doc["findings"]] == ["EL006"]


def test_code_columns_are_text_so_leading_zeros_survive(tmp_path):
    out, _ = make(tmp_path, "implementation", "--rows", "20")
    ws = table(load_workbook(out))
    cols = header_map(ws)
    for fid in ("basic_code", "impl_code", "impl_body_code"):
        assert all(ws.cell(row=r, column=cols[fid]).number_format == "@" for r in range(3, 23))
    assert ws.cell(row=3, column=cols["name"]).number_format == "General"


def test_guide_sheet_lists_every_column(tmp_path):
    out, _ = make(tmp_path, "basic")
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "说明" and wb.active.title == "基本目录"
    texts = [c for row in wb["说明"].iter_rows(values_only=True) for c in row if c]
    assert any("stdcheck check" in t for t in texts if isinstance(t, str))
    for fid, _ in elements(Profile.load("national"), "basic"):
        assert dictionary()[fid].label in texts


def test_provincial_profile_adds_its_elements(tmp_path):
    out, _ = make(tmp_path, "implementation", "--profile", "33-zhejiang")
    ws = table(load_workbook(out))
    assert "是否支持网上支付" in [c.value for c in ws[2]]       # Zhejiang: a fee item needs 网上支付
    assert "33-zhejiang" in ws["A1"].value


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"precious")
    p = run_cli("template", "--kind", "basic", "-o", target)
    assert p.returncode == 2 and "--force" in p.stderr and target.read_bytes() == b"precious"
    p = run_cli("template", "--kind", "basic", "-o", target, "--force")
    assert p.returncode == 0 and target.read_bytes()[:2] == b"PK"


def test_english_messages(tmp_path):
    _, p = make(tmp_path, "basic", "--lang", "en")
    assert "wrote the basic catalogue template" in p.stdout
    assert not re.search(r"[\u4e00-\u9fff]", p.stdout.replace(str(tmp_path), ""))


def test_unknown_profile_is_a_usage_error(tmp_path):
    p = run_cli("template", "--kind", "basic", "-o", tmp_path / "x.xlsx", "--profile", "nowhere")
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_phone_columns_are_text_so_leading_zeros_survive(tmp_path):
    out, _ = make(tmp_path, "implementation", "--rows", "20")
    wb = load_workbook(out)
    ws = table(wb)
    cols = header_map(ws)
    for fid in ("consult_phone", "complaint_phone"):
        assert all(ws.cell(row=r, column=cols[fid]).number_format == "@" for r in range(3, 23))
    assert ws.cell(row=3, column=cols["handle_place"]).number_format == "General"
    assert "文本格式" in ws.cell(row=2, column=cols["consult_phone"]).comment.text


def test_template_output_must_be_xlsx(tmp_path):
    for name in ("t.csv", "t.yaml", "t.xlsm"):
        p = run_cli("template", "--kind", "basic", "-o", tmp_path / name)
        assert p.returncode == 2 and not (tmp_path / name).exists()
        [line] = p.stderr.strip().splitlines()
        assert ".xlsx" in line and name in line and "同一格式" not in line and "输入" not in line
    p = run_cli("template", "--kind", "basic", "-o", tmp_path / "t.csv", "--lang", "en")
    assert "template can only be written as an .xlsx" in p.stderr


def test_profile_template_keys_are_validated(tmp_path):
    prof = tmp_path / "p.yaml"
    for body, key in (("template: {basics: [state]}", "template.basics"),
                      ("template: {basic: [stat]}", "template.basic"),
                      ("template: {basic: state}", "template.basic")):
        prof.write_text(f"name: typo\nextends: national\n{body}\n", encoding="utf-8")
        p = run_cli("template", "--kind", "basic", "-o", tmp_path / "t.xlsx", "--profile", prof)
        assert p.returncode == 2 and key in p.stderr and "Traceback" not in p.stderr, p.stderr
        assert not (tmp_path / "t.xlsx").exists()
    prof.write_text("name: labels\nextends: national\ntemplate: {basic: [事项状态, dept_code]}\n", encoding="utf-8")
    out, _ = make(tmp_path, "basic", "--profile", prof, name="ok.xlsx")
    assert {"state", "dept_code"} <= set(header_map(table(load_workbook(out))))
