"""Every message id exists in both languages; English templates contain no Chinese."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from stdcheck.messages import catalogue

ROOT = Path(__file__).resolve().parents[1] / "stdcheck" / "messages"


def _ids(folder):
    out = {}
    for f in sorted((ROOT / folder).glob("*.yaml")):
        out.update(yaml.safe_load(f.read_text(encoding="utf-8")) or {})
    return out


def test_every_message_in_both_languages():
    zh, en = _ids("zh_CN"), _ids("en")
    assert set(zh) == set(en), {"only zh": sorted(set(zh) - set(en)), "only en": sorted(set(en) - set(zh))}


def test_english_templates_have_no_chinese():
    bad = {k: v for k, v in _ids("en").items() if re.search(r"[\u4e00-\u9fff]", re.sub(r"\{[^}]*\}", "", v))}
    assert not bad, bad


def test_english_placeholders_are_known_parameters():
    # English may leave out a parameter that only carries Chinese data (a code-table label), never invent one.
    zh, en = _ids("zh_CN"), _ids("en")
    names = lambda t: set(re.findall(r"\{(\w+)\}", t))  # noqa: E731
    allowed = lambda k: names(zh[k]) | {"label", "value"} | {n + "_en" for n in names(zh[k])}  # noqa: E731
    diff = {k: (names(zh[k]), names(en[k])) for k in zh if k in en and not names(en[k]) <= allowed(k)}
    assert not diff, diff


def test_catalogue_loads_from_package():
    assert "basic_code.format" in catalogue("zh") and "basic_code.format" in catalogue("en")


def test_structured_parameters_are_rendered_in_the_users_language():
    """Places, lists, levels and conditions are data in a finding; the reporter words them per language."""
    from stdcheck.messages import render
    from stdcheck.model import Equals, Location
    params = {"upper_at": Location("国家.xlsx", "基本目录", 7, "A"), "upper_level": "国家级",
              "allowed": ("省级", "市级"), "level": "县级"}
    zh = render("crosslevel.level_not_allowed", {**params, "count": 2}, "zh")
    en = render("crosslevel.level_not_allowed", {**params, "count": 2}, "en")
    assert "国家.xlsx 基本目录!A7" in zh and "省级、市级" in zh and "县级" in zh
    assert "国家.xlsx 基本目录!A7" in en and "provincial, city" in en and "county" in en
    assert render("basic_code.duplicate", {"first": Location(None, None, None, None, 7)}, "en", value="x").endswith("line 7")
    cond = (Equals("is_fee", "是"),)
    assert "是否收费=是" in render("element.required_if", {"condition": cond}, "zh", label="收费依据")
    assert "charges a fee = '是'" in render("element.required_if", {"condition": cond}, "en", label="fee basis")
