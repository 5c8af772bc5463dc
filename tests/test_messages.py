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
