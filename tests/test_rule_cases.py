"""Runs every tests/rules/<CODE>.yaml case file: each `pass` case yields no finding of the rule,
each `fail` case yields exactly the listed findings (field label, message id, optional level/row/cell, and
`fix`: the correction the finding carries, which `stdcheck fix` writes; `fix: null` when it carries none).

Case forms: a mapping (one row), {rows: [...]} (several rows of one catalogue), or {csv: "..."} (a file,
read by the real CSV reader). Top-level keys: kind, level, profile (a name, or a mapping of profile keys over
the one it `extends`), options, today, exemptions (the config's `exemptions:`, for IO010/IO011); a {rows|row|csv}
case may set its own. The rule runs as the CLI runs it under that profile (its `rules:` level and options), with
the `options` overriding. A case's `catalogues: [{kind, level, path, rows}]` are checked first (upper levels, for
the cross-level XL rules).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from stdcheck.config import Profile, _merge, active_rules
from stdcheck.engine import Engine, Plan
from stdcheck.engine.suppression import load_exemptions
from stdcheck.fields import dictionary
from stdcheck.fix import RULES as FIX_RULES
from stdcheck.messages import catalogue
from stdcheck.plugins import load_rules
from stdcheck.sources import ReadOptions, read
from stdcheck.testing import catalogue as memory_catalogue

CASES = Path(__file__).parent / "rules"
RULES, _ = load_rules()


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for outcome in ("pass", "fail"):
            for i, case in enumerate(spec.get(outcome) or []):
                yield pytest.param(path.stem, spec, outcome, case, id=f"{path.stem}-{outcome}-{i}")


def _rows(case) -> list[dict] | None:
    if not isinstance(case, dict) or "csv" in case:
        return None
    return case.get("rows") or [case.get("row")] if ("rows" in case or "row" in case) else [case]


def _active(code, spec, case):
    """The rule as the CLI would run it under the case's profile (its `rules:` level and options), the
    case file's and the case's `options` overriding the profile's like a project config does."""
    own = case if isinstance(case, dict) else {}
    profile = own.get("profile") or spec.get("profile", "national")
    profile = Profile.load(profile.get("extends", "national"), overrides=profile) if isinstance(profile, dict) \
        else Profile.load(profile)
    options = _merge(spec.get("options") or {}, own.get("options") or {})
    config = {"rules": {code: {"options": options}}} if options else {}
    return active_rules(RULES, profile, config, cli_select=[code]), profile


def _run(code, spec, case, tmp_path, as_yaml=False):
    r = RULES[code]
    actives, profile = _active(code, spec, case)
    own = case if isinstance(case, dict) else {}
    today = own.get("today") or spec.get("today")
    engine = Engine(Plan(actives, profile, exemptions=load_exemptions(own.get("exemptions") or spec.get("exemptions")),
                         **({"today": dt.date.fromisoformat(today)} if today else {})))
    level = (case.get("level") if isinstance(case, dict) and ("rows" in case or "row" in case or "csv" in case)
             else None) or spec.get("level")
    kind = case.get("kind") or spec.get("kind") or sorted(r.kinds)[0] if isinstance(case, dict) else None
    if isinstance(case, dict) and "csv" in case:
        path = tmp_path / "case.csv"
        path.write_text(case["csv"], encoding="utf-8")
        cats = read(str(path), ReadOptions(kind=kind, level=level))
    elif as_yaml:     # the same rows written as a YAML catalogue and read by the real YAML reader
        path = tmp_path / "case.yaml"
        meta = {k: v for k, v in (("kind", kind), ("level", level)) if v}
        path.write_text(yaml.safe_dump({"catalogue": meta, "matters": _rows(case)}, allow_unicode=True), encoding="utf-8")
        cats = read(str(path), ReadOptions(kind=kind, level=level))
    else:
        cats = [memory_catalogue(_rows(case), kind, level)]
    for up in (case.get("catalogues") or []) if isinstance(case, dict) else []:    # cross-catalogue rules (XL)
        engine.check(memory_catalogue(up["rows"], up.get("kind", "basic"), up.get("level"), path=up.get("path", "upper.xlsx")))
    for cat in cats:
        engine.check(cat)
    engine.finish()
    return [f for f in engine.findings if f.rule.code == code]


def test_every_rule_has_a_case_file():
    missing = [c for c, r in RULES.items() if r.origin.startswith("stdcheck") and not (CASES / f"{c}.yaml").exists()]
    assert not missing, f"rules without tests/rules/<CODE>.yaml: {missing}"


def test_every_correcting_rule_shows_its_correction():
    """Each rule whose corrections `stdcheck fix` writes has a case with the `fix` its finding carries."""
    for code in FIX_RULES:
        spec = yaml.safe_load((CASES / f"{code}.yaml").read_text(encoding="utf-8"))
        assert any(e.get("fix") for c in spec["fail"] for e in c["findings"]), code


@pytest.mark.parametrize("code,spec,outcome,case", list(_cases()))
def test_case(code, spec, outcome, case, tmp_path):
    assert code in RULES, f"case file for unknown rule {code}"
    found = _run(code, spec, case, tmp_path)
    if outcome == "pass":
        assert found == [], [(f.message, f.params, f.location) for f in found]
        return
    labels = dictionary()
    expected = [e for e in case["findings"] if e.get("rule", code) == code]
    got = [(labels.label(f.field) if f.field else None, f.message) for f in found]
    assert got == [(e.get("field"), e["message"]) for e in expected], got
    for f, e in zip(found, expected):
        assert f.message in catalogue("zh") and f.message in catalogue("en"), f.message
        if "level" in e:
            assert f.level == e["level"]
        if "row" in e:
            assert f.location.row == e["row"]
        if "cell" in e:
            assert f.location.cell == e["cell"]
        if "fix" in e:
            assert f.fix == e["fix"], f.fix
        assert f.fix is None or code in FIX_RULES, f"{code} carries a correction `stdcheck fix` does not run"


# Rules whose verdict depends on the table shape itself, which a YAML catalogue does not have
# (a missing or repeated column, an unrecognised header, a cell typed by Excel).
TABLE_ONLY = {"CD001", "EL002", "IO001", "IO002"}
COLUMN_MESSAGES = {"element.column_missing", "element.required_if_column"}   # a whole column is missing


def _yaml_cases():
    for p in _cases():
        code, _, _, case = p.values
        if code in TABLE_ONLY or _rows(case) is None:
            continue
        if any(e["message"] in COLUMN_MESSAGES for e in case.get("findings") or ()):
            continue
        yield p


@pytest.mark.parametrize("code,spec,outcome,case", list(_yaml_cases()))
def test_case_as_yaml(code, spec, outcome, case, tmp_path):
    """Every row case gives the same findings when the rows come from a YAML file, each on a line of it."""
    found = _run(code, spec, case, tmp_path, as_yaml=True)
    expected = [] if outcome == "pass" else [e for e in case["findings"] if e.get("rule", code) == code]
    labels = dictionary()
    got = [(labels.label(f.field) if f.field else None, f.message) for f in found]
    assert got == [(e.get("field"), e["message"]) for e in expected], [(f.message, f.params) for f in found]
    lines = (tmp_path / "case.yaml").read_text(encoding="utf-8").count("\n")
    for f in found:
        assert f.location.row is None and 1 <= (f.location.line or 1) <= lines, f.location
