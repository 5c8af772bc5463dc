"""Coding rules: the check algorithms on real codes (coding.md §6) and the real-data groups."""
from __future__ import annotations

import collections
import csv
import json
import re

import pytest

from stdcheck.codes import region
from stdcheck.codes.structure import local_format, sichuan_problems
from stdcheck.codes.uscc import check_char, diagnose, is_valid, org_code_valid
from stdcheck.config import Profile, active_rules
from stdcheck.engine import Plan, run
from stdcheck.plugins import load_rules
from stdcheck.sources import ReadOptions
from stdcheck.testing import check_rows

VALID = ("11440100007483172Q 11440100007482575H 11440300MB2D072246 11440000MB2D0164XH 114403006939513773 "
         "12441500196720244T 11511301008778183N 115113010833722043 11511300008778693M 11450721MB15580811 "
         "11450721348531435D 114507210081153718 11310000MB2F30661Y 11650000010183859F 11450000007565194H").split()
IMPL_CODES = ["11450721MB155808114000104002000", "11450721348531435D4001033002000", "11450721MB155808114000141005000",
              "1145072100811537184452004020000", "11440100007483172Q3440106043001", "11440100007482575H3440118009000",
              "11440300MB2D0722464440127028001", "11440000MB2D0164XH2440289876000", "12441500196720244T3442199806003",
              "11650000010183859F2650116013001"]
# 业务办理项编码 (coding.md §6): G4, G7 广西; D5 深圳 个人申请 / 企业申请; S1 上海
HANDLE_CODES = ["11450721MB15580811400014100500001", "11450000007565194H200011501500504",
                "114403006939513773344201505200801", "114403006939513773344201505200802",
                "11310000MB2F30661Y231200356400001"]


@pytest.mark.parametrize("code", VALID)
def test_real_credit_codes_pass_both_checks(code):
    assert is_valid(code) and org_code_valid(code[8:17]) and diagnose(code) is None


def test_negative_credit_codes():
    assert check_char("11440100007483172") == "Q"
    assert diagnose("11440100007483172R") == ("uscc.check", {"expected": "Q", "got": "R"})
    assert diagnose("1151130000877869M")[0] == "uscc.truncated"
    assert diagnose("TE4507211000000003")[0] == "uscc.placeholder"
    assert diagnose("083372204")[0] == "uscc.org_code_only"


def test_real_implementation_codes_have_no_code_error():
    rows = [{"实施编码": c, "实施主体编码": c[:18], "基本编码": c[19:]} for c in IMPL_CODES]
    for code in ("CD201", "CD202", "CD203", "CD205", "CD206", "CD301", "CD302"):
        assert check_rows(code, rows, kind="implementation") == [], code
    # G5: placeholder body and a W sub-item
    found = check_rows("CD202", [{"实施编码": "TE45072110000000034450708001W01"}], kind="implementation")
    assert [f.message for f in found] == ["impl_code.uscc_placeholder"]


def test_real_handle_item_codes_pass():
    rows = [{"实施编码": h[:31], "业务办理项编码": h} for h in HANDLE_CODES]
    for code in ("CD201", "CD202", "CD210", "CD211", "CD301"):
        assert check_rows(code, rows, kind="implementation") == [], code
    assert check_rows("CD212", rows[2:4], kind="implementation") == []          # D5 01, 02
    # G7 alone (序号 04) is the only item of its 实施编码 here: info that 01–03 are missing
    found = check_rows("CD212", rows[1:2], kind="implementation")
    assert [(f.message, f.params["missing"], f.level) for f in found] == [("handle_code.gaps", "01, 02, 03", "info")]


def test_hygiene_messages_give_well_formed_corrections():
    found = check_rows("CD001", [{"基本编码": 104002000}, {"事项类型": 1}, {"实施主体编码": 1.1e17}])
    assert [(f.message, f.params.get("fixed")) for f in found] == [
        ("code.numeric_cell_fixed", "000104002000"), ("code.numeric_cell_fixed", "01"), ("code.numeric_cell", None)]
    rows = [{"实施主体编码": "11511300-008778693M"}, {"实施主体编码": "00877868-5"},
            {"实施编码": "E-000004-001-11511301008778386B"}, {"基本编码": "000104-002000"}]
    found = check_rows("CD006", rows, kind="implementation")
    assert [(f.matter.row, f.params["fixed"]) for f in found] == [(2, "11511300008778693M"), (5, "000104002000")]
    # the organisation code with its hyphen is CD305's, named once
    assert [f.message for f in check_rows("CD305", rows[1:2])] == ["uscc.org_code_hyphen"]


def test_local_formats_are_recognised():
    assert local_format("511A0138600000-511602000000-000-115113010833722043-1-00") == "sichuan"
    assert local_format("XK00001000") == "guizhou"
    assert local_format("420100001010203X".replace("X", "0")) == "hubei"
    assert local_format("000104002000") is None
    assert sichuan_problems("511A0138600000-511602000000-000-115113010833722043-1-00") == []
    assert [p[0] for p in sichuan_problems("511A0138600000-511602000000-001-115113010833722043-1-07")] == \
        ["sichuan.mid", "sichuan.tail"]
    assert [p[0] for p in sichuan_problems("511A0138600000-441602000000-000-115113010833722043-1-00")] == \
        ["sichuan.area_province"]


def _run(paths, profile, select):
    rules, _ = load_rules()
    prof = Profile.load(profile)
    return run([str(p) for p in paths], Plan(active_rules(rules, prof, {}, select), prof, ReadOptions()))


SICHUAN_FORM = re.compile(r"[^-]+-\d{12}-000-(?P<subject>[^-]+)-(?P<flag>[12])-00")


def test_sichuan_real_items_groups(shared_data):
    """../shared/data/README.md, group by group, under the Sichuan profile with every rule."""
    path = shared_data / "real" / "sichuan_guangan_items.csv"
    result = _run([path], "51-sichuan", ["ALL"])
    assert result.files[0].status == "ok" and result.matters == 1135
    with open(path, encoding="utf-8-sig", newline="") as fh:
        codes = {i + 2: r["itemCode"] for i, r in enumerate(csv.DictReader(fh))}      # CSV line -> itemCode
    errors = collections.defaultdict(set)           # row -> {(rule, message)} of errors on 实施编码
    for f in result.findings:
        if f.field == "impl_code" and f.level == "error":
            errors[f.matter.row].add((f.rule.code, f.message))
    # well-formed (the GB 32100 check decides, independently of the rules): no error from any rule, by flag
    good = {row: m.group("flag") for row, c in codes.items()
            if (m := SICHUAN_FORM.fullmatch(c)) and is_valid(m.group("subject"))}
    assert collections.Counter(good.values()) == {"1": 942, "2": 21}
    assert not {row: errors[row] for row in good if row in errors}
    # every other row is flagged, each by exactly one rule naming its problem
    assert set(errors) == set(codes) - set(good) and len(errors) == 1135 - 942 - 21
    assert all(len(found) == 1 for found in errors.values()), [v for v in errors.values() if len(v) > 1]
    cd502 = [f for f in result.findings if f.rule.code == "CD502"]
    assert collections.Counter(f.message for f in cd502) == {
        "uscc.truncated": 91, "uscc.org_code_only": 15, "uscc.length": 13, "uscc.placeholder": 15,
        "uscc.org_code_hyphen": 16, "sichuan.letter_form": 17, "sichuan.malformed": 4}
    by = lambda message, key: collections.Counter(key(f) for f in cd502 if f.message == message)  # noqa: E731
    assert by("uscc.length", lambda f: f.params["length"]) == {10: 12, 7: 1}
    assert by("uscc.placeholder", lambda f: f.params["subject"]) == {"TE5116020105116050": 7, "2222222222222": 8}
    assert by("sichuan.letter_form", lambda f: "1J" if f.params["basic"].startswith("1J-") else "letter") == \
        {"letter": 12, "1J": 5}
    assert by("uscc.truncated", lambda f: len(f.params["subject"])) == {17: 91}
    assert by("uscc.org_code_only", lambda f: len(f.params["subject"])) == {9: 15}
    # the lower-case subject: CD005 names it (with the upper-case code), CD502 judges the code as typed
    lower = [f for f in result.findings if f.field == "impl_code" and f.rule.code == "CD005"]
    assert [f.value.endswith("11511301452259996u-1-00") for f in lower] == [True]
    # the codes no national hygiene or format rule may also claim (CD006 garbage, CD201 twice)
    assert not [f for f in result.findings if f.field == "impl_code" and f.rule.code in ("CD006", "CD201")]
    assert not [f for f in result.findings if f.rule.code == "CD006"]
    assert collections.Counter(f.message for f in result.findings if f.rule.code == "CD112") == {"name.repeated": 2}


def test_sichuan_codes_are_only_info_under_the_national_profile(shared_data):
    result = _run([shared_data / "real" / "sichuan_guangan_items.csv"], "national", ["CD2", "CD5"])
    by_rule = collections.Counter(f.rule.code for f in result.findings if f.field == "impl_code")
    assert by_rule["CD501"] > 1000 and by_rule["CD201"] <= 4 and "CD502" not in by_rule


def test_liaoning_catalogue(shared_data, tmp_path):
    rows = json.loads((shared_data / "real" / "liaoning_catalogue.json").read_text(encoding="utf-8"))
    path = tmp_path / "liaoning.yaml"
    path.write_text(json.dumps({"catalogue": {"kind": "基本目录", "level": "省级"}, "matters": rows},
                               ensure_ascii=False), encoding="utf-8")
    result = _run([path], "national", ["CD"])
    structure = [f for f in result.findings if f.rule.code in ("CD101", "CD102", "CD105", "CD106", "CD110")]
    assert structure == [], [(f.rule.code, f.value) for f in structure]
    ext = [f for f in result.findings if f.rule.code == "CD103"]
    assert ext and all(f.message == "basic_code.type_extension" and f.level == "warning" for f in ext)
    assert {f.value[2:4] for f in ext} == {"99"}


def test_region_table_from_shared_data(shared_data):
    table = region.load(str(shared_data / "gb2260" / "yescallop_areacodes_result.csv"))
    assert table["110101"].status == "在用"
    assert table["110103"].status != "在用" and table["110103"].successor == "110101" and table["110103"].until == "2010"
    found = check_rows("CD402", [{"行政区划代码": "110103"}, {"行政区划代码": "511602000000"}],
                       options={"region_table": str(shared_data / "gb2260" / "yescallop_areacodes_result.csv")})
    assert [(f.message, f.params["successor"], f.params["year"]) for f in found] == [("region.abolished", "110101", "2010")]
    txt = region.load(str(shared_data / "gb2260" / "yescallop_areacodes_2024.txt"))
    assert "110101" in txt and "110103" not in txt
