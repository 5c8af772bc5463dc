"""Engine behaviour a user relies on: repeated rows get their own findings; levels can be capped; a run leaves the
caller's garbage collector as it found it."""
from __future__ import annotations

import gc

import pytest

from stdcheck.config import Profile, active_rules
from stdcheck.engine import Plan, check, replay, run
from stdcheck.plugins import load_rules
from stdcheck.testing import check_rows

ROW = {"事项名称": "固定资产投资项目节能审查", "基本编码": "000104002000", "实施编码": "11450721MB155808114000104002000",
       "实施主体": "灵山县行政审批局", "咨询电话": "电话待定"}


def test_replayed_verdicts_point_at_each_row():
    rows = [dict(ROW) for _ in range(5)]
    found = check_rows("EL010", rows, kind="implementation")
    assert [f.location.cell for f in found] == ["E2", "E3", "E4", "E5", "E6"]
    assert all(f.value == "电话待定" for f in found)


def test_replay_gives_the_same_findings_as_checking_every_row(monkeypatch):
    rows = [dict(ROW, 咨询电话=p) for p in ["电话待定", "0777-6512345", "电话待定", "123", "0777-6512345", "123"]]
    memo = [(f.location.cell, f.message, f.params) for f in check_rows("EL010", rows, kind="implementation")]
    monkeypatch.setattr(replay, "LIMIT", 0)
    plain = [(f.location.cell, f.message, f.params) for f in check_rows("EL010", rows, kind="implementation")]
    assert memo == plain and len(memo) == 4


def test_a_run_collects_cycles_rarely_and_gives_the_caller_its_thresholds_back(monkeypatch, tmp_path):
    """Cycle detection ran 1.56 s of a 29.5 s run over 1,000,000 rows at Python's thresholds: a run raises them and
    a library caller (the web server) gets its own back, also when the run fails."""
    seen = []

    def failing(files, plan, result, progress):
        seen.append(gc.get_threshold())
        raise RuntimeError("a reader crashed")

    prof = Profile.load("national")
    plan = Plan(active_rules(load_rules()[0], prof, {}, ["CD101"]), prof)
    before = gc.get_threshold()
    try:
        gc.set_threshold(123, 4, 5)
        monkeypatch.setattr(check, "choose", lambda files, plan: failing)
        with pytest.raises(RuntimeError):
            run([str(tmp_path)], plan)
        assert seen == [(10_000, 20, 20)] and gc.get_threshold() == (123, 4, 5)
    finally:
        gc.set_threshold(*before)
