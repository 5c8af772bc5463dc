"""Parity (issue 16, "parity first"): today's rules on a corpus of generated catalogues seeded with defects of
many kinds (tests/parity/corpus.py), xlsx and csv, alone and 基本目录 with 实施清单, give exactly the recorded
findings. A change of engine must keep them; an intended change of a rule rewrites them with
`python -m tests.parity.corpus --update`, and the diff of tests/parity/golden/ is the list of what changed."""
from __future__ import annotations

import json

import pytest

from .parity.corpus import GOLDEN, build, findings, runs


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return runs(build(tmp_path_factory.mktemp("parity")))


@pytest.mark.parametrize("name", ["basic.xlsx", "impl.xlsx", "basic.csv", "impl.csv", "basic+impl.xlsx", "basic+impl.csv"])
def test_findings_equal_the_golden(corpus, name):
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    got = findings(corpus[name])
    missing = [g for g in golden if g not in got]
    extra = [g for g in got if g not in golden]
    assert not missing and not extra, {"missing": missing[:10], "extra": extra[:10]}


def test_the_corpus_covers_many_kinds_of_defect():
    """A parity suite is only as good as its defects: dozens of rules fire, across the families."""
    golden = [k for p in GOLDEN.glob("*.json") for k in json.loads(p.read_text(encoding="utf-8"))]
    rules = {k[4] for k in golden}
    assert len(rules) >= 30 and {r[:2] for r in rules} >= {"CD", "EL", "XL", "IO"}
