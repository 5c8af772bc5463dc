"""Engine behaviour a user relies on: repeated rows get their own findings; levels can be capped."""
from __future__ import annotations

from stdcheck.engine import replay
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
