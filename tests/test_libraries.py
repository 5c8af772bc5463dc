"""Libraries for what libraries do (issue 15): the GB 32100 algorithm cross-checked against python-stdnum, GB/T 2260
codes with their history from stdnum.cn, Chinese numerals read by cn2an."""
from __future__ import annotations

import random

import pytest
from stdnum.cn import uscc as stdnum_uscc

from stdcheck.codes import region, uscc
from stdcheck.normalize import chinese_number

from .conftest import run_json


def test_credit_code_check_character_agrees_with_stdnum():
    rng = random.Random(15)
    for _ in range(3000):
        first17 = "".join(rng.choice(uscc.ALPHABET) for _ in range(2)) + "".join(rng.choice("0123456789") for _ in range(6)) \
            + "".join(rng.choice(uscc.ALPHABET) for _ in range(9))
        assert uscc.check_char(first17) == stdnum_uscc.calc_check_digit(first17), first17
        body = "".join(rng.choice(uscc.ALPHABET) for _ in range(8))       # with a valid GB 11714 organisation code
        code = uscc.compose(rng.choice(("440106", "450721", "110101")), body, rng.choice(("11", "12", "91", "93")))
        assert uscc.is_valid(code) and stdnum_uscc.is_valid(code), code
        wrong = code[:17] + next(c for c in uscc.ALPHABET if c != code[17])
        assert not uscc.is_valid(wrong) and not stdnum_uscc.is_valid(wrong)


def test_composed_codes_and_stdnum_examples_agree():
    for region_code, body in (("440106", "00748317"), ("450721", "34853143"), ("100000", "00001234")):
        assert stdnum_uscc.is_valid(uscc.compose(region_code, body))
    for example in ("91110000600037341L", "91310000MA1FL5LX3X"):          # python-stdnum's own test vectors
        assert uscc.is_valid(example) == stdnum_uscc.is_valid(example)


def test_area_codes_with_their_history_come_from_stdnum():
    assert region.builtin("110101").status == "在用"
    old = region.builtin("110103")                   # 崇文区, merged into 东城区 in 2010
    assert (old.name, old.status, old.until) == ("崇文区", "弃用", "2010")
    assert region.builtin("450721").name == "灵山县" and region.builtin("999999") is None


def test_cd402_checks_area_codes_without_a_table_file(tmp_path):
    path = tmp_path / "目录.yaml"
    rows = "\n".join(f'  - {{事项名称: "事项{i}", 基本编码: "000104002000", 事项类型: 行政许可, 行政区划代码: "{c}"}}'
                     for i, c in enumerate(("110101", "110103000000", "450799", "450721")))
    path.write_text(f"matters:\n{rows}\n", encoding="utf-8")
    p, doc = run_json("check", path, "--select", "CD402", "--isolated")
    assert [(f["value"], f["message"]) for f in doc["findings"]] == [
        ("110103000000", "行政区划代码 110103（崇文区）已于2010年撤销或变更，请改用现行代码"),
        ("450799", "行政区划代码 450799 不在 GB/T 2260 历年代码中（python-stdnum 收录；如是最新设立的区划，可用选项 region_table 提供现行代码表）")]


@pytest.mark.parametrize("text, value", [("十五", 15), ("一百零三", 103), ("贰拾", 20), ("壹佰", 100), ("两百", 200),
                                         ("三万五千", 35000), ("一万", 10000), ("28", 28), ("〇", 0),
                                         ("第三", None), ("若干", None), ("", None)])
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value
