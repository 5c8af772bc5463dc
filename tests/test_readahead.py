"""Read-ahead (--jobs > 1 on a large file): a child process reads while the parent checks; the
result is exactly the serial one, bad input is reported the same way, and an early stop leaves no
reader process behind."""
from __future__ import annotations

import multiprocessing as mp

import pytest

from stdcheck import readahead
from stdcheck.config import Profile, active_rules
from stdcheck.engine import run
from stdcheck.plugins import load_rules
from stdcheck.reporters.json import document
from stdcheck.sources import ReadOptions

from .conftest import SAMPLES

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="read-ahead needs fork")


def check(path, jobs, max_findings=0):
    rules, _ = load_rules([], None)
    profile = Profile.load("national")
    return run([str(path)], active_rules(rules, profile, {}), profile, ReadOptions(), max_findings, jobs)


@pytest.fixture
def always(monkeypatch):
    """Read every file ahead, however small; count the reader processes started."""
    monkeypatch.setattr(readahead, "MIN_BYTES", 0)
    started = []
    init = readahead.ReadAhead.__init__
    monkeypatch.setattr(readahead.ReadAhead, "__init__", lambda self, *a: (started.append(a[0]), init(self, *a))[1])
    return started


@pytest.mark.parametrize("name", ["faulty/基本目录_有问题.xlsx", "faulty/基本目录_有问题.yaml",
                                  "clean/实施清单_灵山县.xlsx"])
def test_read_ahead_gives_the_serial_result(always, name):
    serial, ahead = check(SAMPLES / name, 1), check(SAMPLES / name, 2)
    assert document(ahead, "zh") == document(serial, "zh")
    assert ahead.matters > 0 and always == [str(SAMPLES / name)]


def test_bad_input_read_ahead_is_reported_like_serial(always, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_text("这不是工作簿", encoding="utf-8")
    serial, ahead = check(bad, 1), check(bad, 2)
    assert [f.status for f in ahead.files] == ["unreadable"]
    assert ahead.files[0].error.message == serial.files[0].error.message


def test_early_stop_leaves_no_reader_behind(always):
    result = check(SAMPLES / "faulty" / "基本目录_有问题.xlsx", 2, max_findings=1)
    assert result.partial and len(result.findings) == 1
    assert not mp.active_children()
