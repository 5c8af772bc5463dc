"""Engine behaviour a user relies on: repeated rows get their own findings; levels can be capped; a run leaves the
caller's garbage collector and thread switching as it found them; rows are read and flagged one group ahead of the rules, and nothing is
left running when a run stops early."""
from __future__ import annotations

import gc
import sys
import threading

import pytest

from stdcheck.ahead import ahead
from stdcheck.config import Profile, active_rules
from stdcheck.engine import Plan, check, prefilter, replay, run
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


def test_a_run_tunes_the_interpreter_and_gives_the_caller_its_settings_back(monkeypatch, tmp_path):
    """Cycle detection ran 1.56 s of a 29.5 s run over 1,000,000 rows at Python's thresholds, and the reading thread
    waited up to 5 ms for the interpreter after each call into polars: a run raises the thresholds and shortens the
    switch interval, and a library caller (the web server) gets its own back, also when the run fails."""
    seen = []

    def failing(files, plan, result, progress):
        seen.append((gc.get_threshold(), sys.getswitchinterval()))
        raise RuntimeError("a reader crashed")

    prof = Profile.load("national")
    plan = Plan(active_rules(load_rules()[0], prof, {}, ["CD101"]), prof)
    before = gc.get_threshold(), sys.getswitchinterval()
    try:
        gc.set_threshold(123, 4, 5)
        sys.setswitchinterval(0.007)
        mine = sys.getswitchinterval()            # as the interpreter keeps it (in microseconds)
        monkeypatch.setattr(check, "choose", lambda files, plan: failing)
        with pytest.raises(RuntimeError):
            run([str(tmp_path)], plan)
        assert seen == [((10_000, 20, 20), pytest.approx(0.0005, abs=1e-6))]
        assert gc.get_threshold() == (123, 4, 5) and sys.getswitchinterval() == mine
    finally:
        gc.set_threshold(*before[0])
        sys.setswitchinterval(before[1])


def _ahead_threads():
    """stdcheck's threads still running (reading, flagging, inflating, or `ahead`'s own)."""
    return [t for t in threading.enumerate() if t.name.startswith("stdcheck-")]


def test_ahead_makes_the_next_item_while_one_is_used_and_stops_when_left():
    second, closed = threading.Event(), []

    def source():
        try:
            yield 1
            second.set()
            yield 2
            yield 3
        finally:
            closed.append(True)
    items = ahead(source())
    assert next(items) == 1
    assert second.wait(30)                    # the second is made while the caller holds the first
    items.close()
    assert closed == [True] and not _ahead_threads()


def test_ahead_gives_every_item_in_order_then_the_error_where_it_came():
    def source():
        yield from range(1000)
        raise ValueError("row 1001 cannot be read")
    got = []
    with pytest.raises(ValueError, match="row 1001"):
        for item in ahead(source()):
            got.append(item)
    assert got == list(range(1000)) and not _ahead_threads()


def test_a_run_stopped_by_max_errors_leaves_no_reading_thread(tmp_path, monkeypatch):
    """--max-errors stops a run in the middle of a large csv (read by one thread and flagged by another, here one
    chunk of 4,096 rows at a time): the findings stop at the limit and both threads are gone."""
    monkeypatch.setattr(prefilter, "CSV_WINDOW", 1)
    from tests.corpus.make_corpus import _generator
    g = _generator()
    path = tmp_path / "large.csv"
    g.write(path, g.IMPL_HEADER, g.impl_rows(12_000, g.basic_rows(200), defects=0.05), "csv", "")
    prof = Profile.load("national")
    plan = Plan(active_rules(load_rules()[0], prof, {}, None), prof, max_findings=5)
    result = run([str(path)], plan)
    assert result.partial and len(result.findings) == 5
    assert not _ahead_threads()
