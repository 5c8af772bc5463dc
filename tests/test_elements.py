"""Element rules on real records (reference/elements.md §8 E1, E2; shared/data Liaoning catalogue),
code profiles, and a provincial profile that changes element rules without code."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from stdcheck.config import Profile, active_rules
from stdcheck.engine import Engine, Plan
from stdcheck.fields import dictionary
from stdcheck.plugins import load_rules
from stdcheck.rules.elements_format import traditional_chars
from stdcheck.testing import catalogue, check_rows

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
RULES, _ = load_rules()


def run(rows, select=("EL",), profile="national", kind="implementation"):
    """Findings of the selected rules with the profile's own levels and options, as (code, label, message, level)."""
    prof = Profile.load(profile)
    engine = Engine(Plan(active_rules(RULES, prof, {}, list(select)), prof))
    engine.check(catalogue(rows, kind, "县级" if kind == "implementation" else None))
    engine.finish()
    return [(f.rule.code, dictionary().label(f.field) if f.field else None, f.message, f.level) for f in engine.findings]


# E1 — 灵山县 固定资产投资项目节能审查, national codes as published (elements.md §8). 设定依据 is not part of the
# published record; the catalogue's value is used.
E1 = {
    "事项名称": "固定资产投资项目节能审查", "基本编码": "000104002000", "实施编码": "11450721MB155808114000104002000",
    "事项类型": "01", "设定依据": "《中华人民共和国节约能源法》第十五条", "行使层级": "4", "实施主体": "灵山县行政审批局",
    "实施主体编码": "11450721MB15580811", "实施主体性质": "1", "权力来源": "1", "办件类型": "2",
    "法定办结时限": "20", "法定办结时限单位": "1", "承诺办结时限": "5", "承诺办结时限单位": "1",
    "服务对象": "2,3,4,6", "办理形式": "1,2", "到办事现场次数": "1", "必须现场办理原因说明": "须现场核验材料",
    "是否收费": "0", "是否支持网上支付": "0", "是否支持物流快递": "0", "是否支持预约办理": "1", "是否进驻政务大厅": "1",
    "网上办理深度": "6,1", "通办范围": "4", "审批结果名称": "灵山县行政审批局关于 xxx 项目节能报告的批复",
    "审批结果类型": "20", "特别程序": "机构评审，15", "面向法人事项主题分类": "040",
}

# E2 — 灵山县 全民健身设施拆迁或者改变用途批准 (elements.md §8): its 时限 numbers contradict their notes.
E2 = {
    "基本编码": "001033002000", "实施编码": "11450721348531435D4001033002000", "事项类型": "10", "行使层级": "4",
    "办件类型": "2", "法定办结时限": "66", "法定办结时限说明": "受理之日起20个工作日。",
    "承诺办结时限": "24", "承诺办结时限说明": "受理之日起1个工作日。", "常见问题": "几日内办结？10日内",
    "服务对象": "1,2,3,4", "办理形式": "1,2,3", "到办事现场次数": "1", "必须现场办理原因说明": "须现场核验材料",
    "审批结果名称": "无", "审批结果类型": "99", "网上办理深度": "1,2,3",
    "面向自然人事项主题分类": "005,010,015", "面向法人事项主题分类": "005,010,015,020",
}


def test_e1_real_record_has_no_error():
    found = run([E1])
    assert [f for f in found if f[3] == "error"] == []
    # what remains is only the columns the published record does not carry (受理条件, 办理地点 …)
    assert {f[2] for f in found} <= {"element.group_column_missing"}


def test_e2_real_record_reports_both_contradictions():
    found = run([E2], select=["EL1"])
    assert [f for f in found if f[0] == "EL101"] == []          # 24 <= 66: passes numerically
    assert [f for f in found if f[0] == "EL114"] == [
        ("EL114", "法定办结时限", "limit.note_mismatch", "warning"),
        ("EL114", "承诺办结时限", "limit.note_mismatch", "warning"),
    ]


def test_never_demands_promise_case_type_objects_visits_from_penalty_levy_coercion_inspection():
    base = {k: E1[k] for k in ("事项名称", "基本编码", "实施编码", "设定依据", "行使层级", "实施主体", "实施主体编码", "实施主体性质")}
    for item_type in ("行政处罚", "行政征收", "行政强制", "行政检查"):
        row = {**base, "事项类型": item_type, "权力来源": "1", "承诺办结时限": "", "办件类型": "", "服务对象": "",
               "到办事现场次数": ""}
        assert check_rows("EL002", [row]) == [], item_type
    public = {**base, "事项类型": "公共服务", "权力来源": "", "办件类型": "", "服务对象": "自然人"}
    fields = {f.field for f in check_rows("EL002", [public])}
    assert "power_source" not in fields and "case_type" in fields


def test_exercise_level_is_never_split_on_the_enumeration_comma():
    assert check_rows("EL006", [{"行使层级": "镇（乡、街道）级,村（社区）级"}]) == []


def test_code_profile_decides_what_numeric_codes_mean(tmp_path):
    gb = tmp_path / "gb.yaml"
    gb.write_text("extends: national\ncode_profile: gbt39046\n", encoding="utf-8")
    # 7 = 分级管理 exists only in GB/T 39046; 9 其他组织 only on the platform; labels are accepted under both
    assert [f.message for f in check_rows("EL006", [{"行使层级": "7"}])] == ["code_table.extension"]
    assert check_rows("EL006", [{"行使层级": "7"}], profile=str(gb)) == []
    assert check_rows("EL006", [{"服务对象": "9"}]) == []
    assert [f.message for f in check_rows("EL006", [{"服务对象": "9"}], profile=str(gb))] == ["code_table.unknown"]
    assert check_rows("EL006", [{"服务对象": "非法人企业,行政机关"}], profile=str(gb)) == []
    # 行政机关 is 6 on the platform and 5 in GB/T 39046: EL112 reads the code through the active table
    row = {"服务对象": "5", "面向自然人事项主题分类": "", "面向法人事项主题分类": "040"}
    assert check_rows("EL112", [row], profile=str(gb)) == []


def test_handle_area_and_handling_form_labels_are_accepted_under_both_code_profiles(tmp_path):
    gb = tmp_path / "gb.yaml"
    gb.write_text("extends: national\ncode_profile: gbt39046\n", encoding="utf-8")
    labels = [{"通办范围": v} for v in ("全国", "跨省", "跨市通办", "跨县", "全省", "全县通办")] + [{"办理形式": "窗口办理,其他"}]
    assert check_rows("EL006", labels) == []
    assert check_rows("EL006", labels, profile=str(gb)) == []
    # 跨省 is listed beside 全国 in GB/T 39046, so it is not 全国: code 2 under gbt39046, no code on the platform
    prof = Profile.load(str(gb))
    assert prof.tables["handle_area_gbt39046"].code("跨省通办") == "2"
    assert Profile.load("national").tables["handle_area"].code("跨省通办") not in ("1", "2")
    # numbers follow the code profile: 其他 is 9 only in GB/T 39046
    assert [f.message for f in check_rows("EL006", [{"办理形式": "9"}])] == ["code_table.unknown"]
    assert check_rows("EL006", [{"办理形式": "9"}], profile=str(gb)) == []


def test_traditional_characters_are_found_with_opencc():
    assert traditional_chars("固定資產投資項目節能審查") == [("資", "资"), ("產", "产"), ("項", "项"), ("節", "节"), ("審", "审")]
    assert traditional_chars("在宗教活动场所内改建或者新建建筑物审批") == []


def test_zhejiang_profile_changes_element_rules_without_code():
    row = {"办件类型": "即办件", "承诺办结时限": "0", "办理形式": "窗口办理,邮寄申请", "到办事现场次数": "0次", "是否网办": "否",
           "网上办理深度": "全程网办（Ⅳ级）", "审批结果类型": "出证办结", "咨询电话": "0571-12345678"}
    national = run([row], ["EL006", "EL1"])
    zhejiang = run([row], ["EL006", "EL1"], profile="33-zhejiang")
    # national: Zhejiang vocabulary is not in the code tables, and 邮寄申请 is not recognised as delivery
    assert ("EL006", "办理形式", "code_table.unknown", "error") in national
    assert ("EL006", "网上办理深度", "code_table.unknown", "error") in national
    assert ("EL106", "办理形式", "visits.zero_without_delivery", "warning") in national
    # Zhejiang: the vocabulary is accepted, and 即办件 must write 即办
    assert zhejiang == [("EL102", "承诺办结时限", "limit.immediate_word", "error")]
    # 全程网办（Ⅳ级） with a visit is an error in both; Zhejiang raises EL106 to an error
    visit = {**row, "承诺办结时限": "即办", "到办事现场次数": "1", "必须现场办理原因说明": "须现场签字"}
    assert run([visit], ["EL107"], profile="33-zhejiang") == [("EL107", "到办事现场次数", "visits.full_online", "error")]
    post = {"到办事现场次数": "0", "是否网办": "否", "办理形式": "窗口办理"}
    assert run([post], ["EL106"], profile="33-zhejiang") == [("EL106", "办理形式", "visits.zero_without_delivery", "error")]
    assert run([{"咨询电话": "6512345"}], ["EL010"], profile="33-zhejiang") == [("EL010", "咨询电话", "phone.area_code", "warning")]


@pytest.mark.skipif(not (DATA / "real" / "liaoning_catalogue.json").is_file(),
                    reason="../shared/data/real/liaoning_catalogue.json is not beside the checkout")
def test_liaoning_catalogue_real_defects():
    data = json.loads((DATA / "real" / "liaoning_catalogue.json").read_text(encoding="utf-8"))
    rows = [{"部门代码": r["授权部门"], "基本编码": r["职权编码"], "事项名称": r["事项名称"], "事项类型": r["事项类型"],
             "设定依据": r["依据"], "行使层级": r["实施层级"]} for r in data]
    found = run(rows, ["EL001", "EL006", "EL012", "EL013"], kind="basic")
    messages = sorted(f[2] for f in found)
    # one ';1、' prefix, two quote-wrapped bases, one basis citing no title in 《》, one local type 99
    assert messages == ["code_table.extension", "legal_basis.no_title", "legal_basis.quoted", "legal_basis.quoted",
                        "legal_basis.stray_prefix"], found
    assert all(f[3] == "warning" for f in found)


def test_a_missing_group_column_counts_every_row_that_needs_it(tmp_path):
    """EL002 counts, over every row (past the first chunk of 4096, with or without prefilters), the matters whose
    事项类型 needs a column the sheet lacks: 办理流程 for licences, not penalties; 承诺办结时限单位 only where the
    承诺办结时限 does not carry its unit."""
    from stdcheck.engine import run as check
    header = "事项名称,基本编码,实施编码,事项类型,承诺办结时限\n"
    rows = [f"事项{i},000104002000,11450721MB155808114000104002000,{'行政处罚' if i % 3 == 0 else '行政许可'},"
            f"{'20个工作日' if i % 5 == 0 else '20'}\n" for i in range(6000)]
    path = tmp_path / "实施清单.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    prof = Profile.load("national")
    for prefilter in (True, False):
        result = check([str(path)], Plan(active_rules(RULES, prof, {}, ["EL002"]), prof, prefilter=prefilter))
        counts = {f.field: f.params["count"] for f in result.findings if f.message == "element.group_column_missing"}
        assert counts["handle_flow"] == sum(1 for i in range(6000) if i % 3)
        assert counts["promised_limit_unit"] == sum(1 for i in range(6000) if i % 3 and i % 5)
