"""Real published catalogues (../shared/data/real, described group by group in ../shared/data/README.md), each
checked as a user would check it: through the command line, under the national profile and under its
province's profile. Every error-level finding must sit on a row with a real defect, found here from the raw
values independently of the rules; and the groups the README names get the finding that names them.
"""
from __future__ import annotations

import collections
import csv
import json
import re

import pytest

from stdcheck.codes.uscc import is_valid

from .conftest import run_json

SICHUAN_FORM = re.compile(r"[^-]+-\d{12}-000-(?P<subject>[^-]+)-(?P<flag>[12])-00")


def _check(path, *args):
    p, doc = run_json("check", path, "--isolated", "--jobs", "1", *args)
    assert p.returncode in (0, 1), p.stderr
    assert [f["status"] for f in doc["files"]] == ["ok"]
    return doc


def _error_rows(doc) -> dict[int, set]:
    """Physical row (or YAML line) -> {(rule, message id-ish text)} of the error-level findings on a matter."""
    out = collections.defaultdict(set)
    for f in doc["findings"]:
        if f["level"] == "error" and f["matter"]:
            out[f["location"]["row"] or f["location"]["line"]].add(f["rule"])
    return out


def _by(doc, rule, level=None):
    return [f for f in doc["findings"] if f["rule"] == rule and (level is None or f["level"] == level)]


def _csv_rows(path) -> dict[int, dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {i + 2: r for i, r in enumerate(csv.DictReader(fh))}       # CSV line -> record


# ---------------------------------------------------------------- 广东 中山市 2021 (xlsx, 40 rows)

@pytest.fixture
def zhongshan(shared_data):
    from python_calamine import CalamineWorkbook
    path = shared_data / "real" / "guangdong_zhongshan_2021.xlsx"
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header = [str(h) for h in rows[0]]
    return path, header, {i + 2: dict(zip(header, map(str, r))) for i, r in enumerate(rows[1:])}


def _zhongshan_defects(rows):
    """Row -> what is really wrong, from the values: a 33-character item code in the 实施编码 column, an item code
    not prefixed by the row's 实施编码 (the 31 characters the 实施编码 column implies)."""
    out = collections.defaultdict(set)
    for r, v in rows.items():
        impl, handle = v["实施编码"], v["业务办理项编码"]
        if len(impl) == 33:
            out[r].add("item code in 实施编码")
        if len(handle) == 33 and handle[:31] != impl[:31]:
            out[r].add("item code prefix")
    return out


def test_zhongshan_national(zhongshan):
    path, header, rows = zhongshan
    doc = _check(path)
    defects = _zhongshan_defects(rows)
    assert len([r for r in defects if "item code in 实施编码" in defects[r]]) == 28      # README: 28 cells
    assert len([r for r in defects if "item code prefix" in defects[r]]) == 26           # README: 26 rows
    errors = _error_rows(doc)
    assert set(errors) <= set(defects), {r: errors[r] for r in set(errors) - set(defects)}
    # the 33-character codes: one CD201 each, naming the 31-character 实施编码 they imply; no CD210 cascade
    cd201 = _by(doc, "CD201")
    assert sorted(f["location"]["row"] for f in cd201) == sorted(r for r in defects if "item code in 实施编码" in defects[r])
    assert all(f["value"][:31] in f["message"] and "33位的业务办理项编码" in f["message"] for f in cd201)
    cd210 = _by(doc, "CD210")
    assert sorted(f["location"]["row"] for f in cd210) == sorted(r for r in defects if "item code prefix" in defects[r])
    assert all("国家基本编码" in f["message"] for f in cd210)
    # 办理项 names in 事项名称: one warning for the list, never an error per row
    assert [(f["level"], f["rule"]) for f in _by(doc, "CD111")] == [("warning", "CD111")]
    # a credit code ending in E is a code; nothing is called a number
    assert not _by(doc, "CD002")
    # the missing-column errors name only elements the file really lacks
    missing = {f["field"]["label"] for f in _by(doc, "EL002", "error") if not f["matter"]}
    assert missing and not missing & set(header)
    # the national profile meets 广东 local codes: it says once that a provincial profile applies
    assert [(f["level"], f["value"][:2]) for f in _by(doc, "CD509")] == [("info", "44")]


def test_zhongshan_guangdong_profile(zhongshan):
    path, _, rows = zhongshan
    doc = _check(path, "--profile", "44-guangdong")
    defects = _zhongshan_defects(rows)
    errors = _error_rows(doc)
    assert set(errors) <= set(defects)
    # 广东 item codes on the national basic code beside a local 实施编码 are the province's practice
    assert not _by(doc, "CD210") and not _by(doc, "CD509")
    # the portal's 33-character item codes in the 实施编码 column: still reported, as the export's habit (warning)
    assert [f["level"] for f in _by(doc, "CD201")] == ["warning"] * 28
    # the local basic codes' type digits mean what 广东 says: no type-segment finding on any row
    assert not _by(doc, "CD103") and not _by(doc, "CD105")


# ---------------------------------------------------------------- 四川 广安区 (csv, 1,135 rows)

def _guangan_defects(rows):
    out = collections.defaultdict(set)
    for r, v in rows.items():
        code, dept = v["itemCode"], v["deptCode"]
        m = SICHUAN_FORM.fullmatch(code)
        if not (m and is_valid(m.group("subject"))):
            out[r].add("itemCode")
        if not is_valid(dept.upper()) or dept != dept.upper():
            out[r].add("deptCode")
    return out


@pytest.mark.parametrize("profile", ["national", "51-sichuan"])
def test_guangan(shared_data, profile):
    path = shared_data / "real" / "sichuan_guangan_items.csv"
    rows = _csv_rows(path)
    doc = _check(path, "--profile", profile)
    assert doc["summary"]["matters"] == 1135
    defects = _guangan_defects(rows)
    errors = _error_rows(doc)
    assert set(errors) <= set(defects), {r: errors[r] for r in set(errors) - set(defects)}
    # the deptCode column (the portal's department key, mapped to 实施主体编码): a value that is no credit code
    # is an error only when it is not one at all; an old organisation code is a warning (CD305)
    on_dept = [f for f in doc["findings"] if f["matter"] and f["field"]["id"] == "impl_body_code"]
    assert {f["location"]["row"] for f in on_dept} <= {r for r in defects if "deptCode" in defects[r]}
    # deptCode names the body's code only by inference (the portal's department key, 19-digit ids among its
    # values): its problems are warnings, and IO003 says so once
    assert on_dept and {f["level"] for f in on_dept} == {"warning"}
    assert [f["value"] for f in _by(doc, "IO003")] == ["deptCode"]
    if profile == "51-sichuan":      # every malformed 实施编码 is found (no missed defect)
        on_code = {f["location"]["row"] for f in doc["findings"] if f["level"] == "error"
                   and f["field"] and f["field"]["id"] == "impl_code"}
        assert on_code == {r for r in defects if "itemCode" in defects[r]}
    else:
        assert [(f["level"], f["value"][:2]) for f in _by(doc, "CD509")] == [("info", "51")]


def test_guangan_mapped_deptcode_is_certain(shared_data):
    """A user who maps deptCode to 实施主体编码 says it is that element: its credit-code problems are errors again."""
    doc = _check(shared_data / "real" / "sichuan_guangan_items.csv", "--column", "deptCode=实施主体编码",
                 "--select", "CD301,IO003")
    assert not _by(doc, "IO003") and {f["level"] for f in _by(doc, "CD301")} == {"error"}


# ---------------------------------------------------------------- 四川 资阳市 市场监管局 (csv, 135 rows)

@pytest.mark.parametrize("profile", ["national", "51-sichuan"])
def test_ziyang(shared_data, profile):
    path = shared_data / "real" / "sichuan_ziyang_scjgj.csv"
    rows = _csv_rows(path)
    # the page's keys: `title` is the matter name (one --column, as docs/columns.md shows)
    doc = _check(path, "--profile", profile, "--column", "title=事项名称")
    nulls = {r for r, v in rows.items() if "-null-" in v["itemCode"]}
    doubled = {r for r, v in rows.items() if "（（" in v["title"] or "((" in v["title"]}
    seen, repeats = set(), set()
    for r, v in rows.items():
        if v["itemCode"] in seen:
            repeats.add(r)
        seen.add(v["itemCode"])
    assert len(nulls) == 13 and repeats == {87} and len(doubled) == 1   # README: 13 null codes; 84/87 share one; （（
    assert doc["files"][0]["kind"] == "implementation"
    errors = _error_rows(doc)
    assert set(errors) <= nulls | repeats | doubled, {r: errors[r] for r in set(errors) - nulls - repeats - doubled}
    # the doubled bracket in a name is a real defect, found (EL014)
    assert {f["location"]["row"] for f in _by(doc, "EL014", "error")} == doubled
    # null is a placeholder, not a lower-case typo: CD007 on each, no CD005 suggesting -NULL-
    assert {f["location"]["row"] for f in _by(doc, "CD007")} == nulls
    assert not _by(doc, "CD005") and all("null" in f["message"] for f in _by(doc, "CD007"))
    assert [f["location"]["cell"] for f in _by(doc, "CD206")] == ["F87"]


# ---------------------------------------------------------------- 辽宁 (JSON API records, 30 rows)

def test_liaoning(shared_data, tmp_path):
    records = json.loads((shared_data / "real" / "liaoning_catalogue.json").read_text(encoding="utf-8"))
    path = tmp_path / "辽宁基本目录.yaml"
    path.write_text(json.dumps({"catalogue": {"kind": "基本目录", "level": "省级"}, "matters": records},
                               ensure_ascii=False), encoding="utf-8")
    doc = _check(path)
    assert doc["summary"]["error"] == 0, [f["message"] for f in doc["findings"] if f["level"] == "error"]
    # type 99 for 表彰 items (the national table has 08): a local extension, a warning on code and type
    assert {f["value"] for f in _by(doc, "CD103", "warning")} == {r["职权编码"] for r in records if r["事项类型"] == "99"}
    # 依据 values that start with ';1、' or are wrapped in quotes
    odd = {r["依据"] for r in records if r["依据"].startswith((";", '"', "“"))}
    assert odd and odd <= {f["value"] for f in _by(doc, "EL012")}
