"""Row checks with a `where` expression (engine/prefilter.py) find exactly what they find without it: on the parity
corpus, the samples, the real catalogues, every case file, and on random values built to trip each rule."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stdcheck.config import Profile, active_rules
from stdcheck.engine import Engine, Plan, run
from stdcheck.fields import dictionary
from stdcheck.plugins import load_rules
from stdcheck.testing import catalogue

from .conftest import SAMPLES
from .parity.corpus import build

RULES, _ = load_rules()
FILTERED = sorted(code for code, r in RULES.items() if r.where is not None)
CASES = Path(__file__).parent / "rules"
REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"


def key(f):
    loc = f.location
    return (loc.file, loc.sheet, loc.row, loc.line, loc.column, f.rule.code, f.level, f.message, repr(f.params))


def both(paths, profile="national", codes=FILTERED):
    prof = Profile.load(profile)
    active = active_rules(RULES, prof, {}, list(codes))
    on, off = (run([str(p) for p in paths], Plan(active, prof, prefilter=flag)) for flag in (True, False))
    return sorted(map(key, on.findings)), sorted(map(key, off.findings))


def test_some_rules_have_a_prefilter():
    assert len(FILTERED) >= 5, FILTERED


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("prefilter"))


def test_parity_corpus_and_samples(corpus):
    on, off = both([*corpus, SAMPLES])
    assert on == off and off, "a where expression left out a row its check reports"


@pytest.mark.parametrize("name,profile", [("sichuan_guangan_items.csv", "51-sichuan"),
                                          ("sichuan_ziyang_scjgj.csv", "51-sichuan"),
                                          ("guangdong_zhongshan_2021.xlsx", "44-guangdong")])
def test_real_catalogues(name, profile):
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real data not present: {path} (../shared/data/real)")
    on, off = both([path], profile)
    assert on == off


def _case_rows():
    """Every row of every case file of a rule with a prefilter, with the case's kind and profile."""
    for path in sorted(CASES.glob("*.yaml")):
        if path.stem not in FILTERED:
            continue
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in (spec.get("pass") or []) + (spec.get("fail") or []):
            if not isinstance(case, dict) or "csv" in case:
                continue
            rows = case.get("rows") or [case.get("row")] if ("rows" in case or "row" in case) else [case]
            kind = case.get("kind") or spec.get("kind") or sorted(RULES[path.stem].kinds)[0]
            yield path.stem, rows, kind, case.get("profile") or spec.get("profile", "national")


def _check(code, rows, kind, profile, flag):
    prof = Profile.load(profile)
    engine = Engine(Plan(active_rules(RULES, prof, {}, [code]), prof, prefilter=flag))
    engine.check(catalogue(rows, kind))
    engine.finish()
    return sorted(map(key, engine.findings))


@pytest.mark.parametrize("code,rows,kind,profile", list(_case_rows()))
def test_case_rows(code, rows, kind, profile):
    assert _check(code, rows, kind, profile, True) == _check(code, rows, kind, profile, False)


# Random values made of what trips code and element rules: digits and letters in both widths and cases, white space
# of every kind, hyphens, dots and exponents, placeholders, brackets, Chinese text.
PIECES = ["0", "1", "9", "A", "X", "a", "u", "０", "Ａ", "ａ", " ", "\u3000", "\t", "\n", "\x1c", "\xa0", "-", ".", "E",
          "e+17", ".0", "null", "NaN", "None", "（", "）", "(", ")", "审批", "證", "00010400200", "000104002000",
          "11450721MB155808114000104002000", "11450721MB15580811", "0777-6512345", "12345", "无", "/",
          # whole codes and texts of the coding rules: basic codes (local sources and types, letter sub-items, Guizhou,
          # Hubei), credit and organisation codes (wrong check characters, kinds, regions, placeholders), 31/33-
          # character implementation and item codes, Sichuan's hyphenated codes, area codes, matter types and levels
          "442101016000", "452004020000", "990104002000", "001504002000", "450708001W01", "002104002000",
          "XK00001000", "XK0001", "420102W010000001", "511A0138000000", "511Z07001006",
          "11440100007483172Q", "11440100007483172R", "11511301008778183N", "1151130000877869M", "083372204",
          "00877868-5", "91440300MA5F12345X", "11990721MB15580811", "TE", "222222222", "11450721MB15580824",
          "11440100007483172Q3440106043001", "11440100007483172R3440106043001", "1144030069395137733442015052008",
          "114420003247769130344010201600001", "11442000007332665G3440104012004", "11442000007332665G300010704600022",
          "11450721MB15580811400014100500001", "01", "00", "-1-00", "-000-", "-511602000000-",
          "511A0138000000-511602000000-000-115113010833722043-1-00", "511602000000", "510000", "450021", "110103",
          "51160", "行政许可", "行政确认", "公共服务", "县级", "市级", "省级", "73", "7"]
VALUE = st.lists(st.sampled_from(PIECES), min_size=0, max_size=5).map("".join)


def _elements():
    fields = dictionary()
    names = set()
    for code in FILTERED:
        r = RULES[code]
        names.update(r.reads(r.defaults()) if callable(r.reads) else (r.reads or ()))
    names.update(("basic_code", "impl_code", "handle_item_code", "impl_body_code", "entrust_dept_code", "region_code",
                  "item_type", "exercise_level", "name"))
    return sorted(fields.label(f) for f in names if fields.label(f))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_values(data):
    labels = _elements()
    rows = data.draw(st.lists(st.fixed_dictionaries({label: VALUE for label in labels}), min_size=1, max_size=4))
    for kind in ("basic", "implementation"):
        codes = [c for c in FILTERED if kind in RULES[c].kinds]
        prof = Profile.load("national")
        got = []
        for flag in (True, False):
            engine = Engine(Plan(active_rules(RULES, prof, {}, codes), prof, prefilter=flag))
            engine.check(catalogue(rows, kind))
            got.append(sorted(map(key, engine.findings)))
        assert got[0] == got[1], rows


def _pools():
    """label -> the text values the coding rules' case files give that element (pass and fail rows alike)."""
    pools: dict = {}
    for path in sorted(CASES.glob("CD*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in (spec.get("pass") or []) + (spec.get("fail") or []):
            if not isinstance(case, dict) or "csv" in case:
                continue
            rows = case.get("rows") or [case.get("row")] if ("rows" in case or "row" in case) else [case]
            for row in rows:
                for label, v in (row or {}).items():
                    if isinstance(v, str) and label not in ("profile", "kind", "findings"):
                        pools.setdefault(label, set()).add(v)
    return {label: sorted(vs) for label, vs in pools.items()}


POOLS = _pools()
CODING = [c for c in FILTERED if c.startswith("CD")]
# a case value as it is, with a piece added before or after it, or cut short
MIXED = st.one_of(st.sampled_from(sorted({v for vs in POOLS.values() for v in vs})), VALUE)


def _pool_value(label):
    own = st.sampled_from(POOLS[label])
    return st.one_of(own, own, own, MIXED,
                     st.tuples(own, st.sampled_from(PIECES), st.booleans()).map(lambda t: t[0] + t[1] if t[2] else t[1] + t[0]),
                     st.tuples(own, st.integers(0, 40)).map(lambda t: t[0][:t[1]]), st.just(""))


@pytest.mark.parametrize("profile", ["national", "44-guangdong", "51-sichuan", "52-guizhou", "42-hubei"])
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_case_values_mixed(profile, data):
    """Rows whose elements are the coding rules' case values, mixed across cases (a body code of one case beside
    the 实施编码 of another), under each profile with local coding rules."""
    rows = data.draw(st.lists(st.fixed_dictionaries({label: _pool_value(label) for label in POOLS}), min_size=1, max_size=4))
    prof = Profile.load(profile)
    for kind in ("basic", "implementation"):
        codes = [c for c in CODING if kind in RULES[c].kinds]
        got = []
        for flag in (True, False):
            engine = Engine(Plan(active_rules(RULES, prof, {}, codes), prof, prefilter=flag))
            engine.check(catalogue(rows, kind))
            got.append(sorted(map(key, engine.findings)))
        assert got[0] == got[1], rows
