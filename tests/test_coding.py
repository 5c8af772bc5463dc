"""Coding rules: the check algorithms on real codes (coding.md §6) and the real-data groups."""
from __future__ import annotations

import collections
import json

import pytest

from stdcheck.codes import region
from stdcheck.codes.structure import local_format, sichuan_problem
from stdcheck.codes.uscc import check_char, diagnose, is_valid, org_code_valid
from stdcheck.config import Profile, active_rules
from stdcheck.engine import run
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


def test_local_formats_are_recognised():
    assert local_format("511A0138600000-511602000000-000-115113010833722043-1-00") == "sichuan"
    assert local_format("XK00001000") == "guizhou"
    assert local_format("420100001010203X".replace("X", "0")) == "hubei"
    assert local_format("000104002000") is None
    assert sichuan_problem("511A0138600000-511602000000-000-115113010833722043-1-00") is None


def _run(paths, profile, select):
    rules, _ = load_rules()
    prof = Profile.load(profile)
    return run([str(p) for p in paths], active_rules(rules, prof, {}, select), prof, ReadOptions(), 0, 1)


def test_sichuan_real_items_groups(shared_data):
    """../shared/data/README.md: 942 valid + 21 flag-2 codes pass; every other group is named by its problem."""
    result = _run([shared_data / "real" / "sichuan_guangan_items.csv"], "51-sichuan", ["CD"])
    assert result.files[0].status == "ok" and result.matters == 1135
    impl = [f for f in result.findings if f.field == "impl_code" and f.rule.code == "CD502"]
    counts = collections.Counter(f.message for f in impl)
    assert counts == {"uscc.truncated": 91, "uscc.org_code_only": 15, "uscc.length": 13, "uscc.placeholder": 15,
                      "uscc.lowercase": 1, "uscc.org_code_hyphen": 16, "sichuan.letter_form": 17,
                      "sichuan.malformed": 4}
    assert len({f.matter.row for f in impl}) == 1135 - 942 - 21
    te = [f for f in impl if f.message == "uscc.placeholder" and "TE" in f.value]
    assert len(te) == 7
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
