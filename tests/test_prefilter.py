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
          "11450721MB155808114000104002000", "11450721MB15580811", "0777-6512345", "12345", "无", "/"]
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


def test_a_process_forked_after_polars_was_used_checks_every_row():
    """polars' thread pool does not survive a fork (a forked child using it deadlocks): such a child checks every
    row instead — the --split child of a second file, a --jobs worker after the parent checked a file."""
    import multiprocessing as mp

    from stdcheck.engine import prefilter
    if "fork" not in mp.get_all_start_methods():
        pytest.skip("no fork on this platform")
    assert prefilter.available()
    with mp.get_context("fork").Pool(1) as pool:
        assert pool.apply(prefilter.available) is False
