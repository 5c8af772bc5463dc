"""One large file on two cores (--split): the row checks run in a second process that reads the file
too; the result is exactly the serial one, bad input is reported the same way, and no process is left behind."""
from __future__ import annotations

import multiprocessing as mp

import pytest

from stdcheck.config import Profile, active_rules
from stdcheck.engine import Plan, run, split
from stdcheck.plugins import load_rules
from stdcheck.reporters.json import document
from stdcheck.sources import ReadOptions

from .conftest import SAMPLES

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="the split needs fork")


def check(paths, jobs, max_findings=0, tally=False):
    """jobs 1: serial; jobs 2: --split."""
    rules, _ = load_rules([], None)
    profile = Profile.load("national")
    return run([str(p) for p in paths], Plan(active_rules(rules, profile, {}), profile, ReadOptions(), max_findings,
                                             jobs, split=jobs > 1, tally=tally))


@pytest.fixture
def always(monkeypatch):
    """Split every file, however small; record the files split."""
    monkeypatch.setattr(split, "MIN_BYTES", 0)
    started = []
    inner = split.check_split
    monkeypatch.setattr(split, "check_split", lambda engine, path: (started.append(path), inner(engine, path))[1])
    return started


@pytest.mark.parametrize("name", ["faulty/基本目录_有问题.xlsx", "faulty/基本目录_有问题.yaml",
                                  "faulty/实施清单_有问题.xlsx", "clean/实施清单_灵山县.xlsx"])
def test_split_gives_the_serial_result(always, name):
    serial, both = check([SAMPLES / name], 1), check([SAMPLES / name], 2)
    assert document(both, "zh") == document(serial, "zh")
    assert both.matters > 0 and always == [str(SAMPLES / name)]
    row_scope = [f for f in serial.findings if f.rule.scope == "row"]      # found by the child in the split run
    assert len([f for f in both.findings if f.rule.scope == "row"]) == len(row_scope)
    assert all(f.catalogue is both.files[0].catalogues[0] for f in both.findings if f.catalogue.sheet)


def test_stats_count_every_matter_once(always):
    """--stats tallies in the parent only: the same figures as a serial run, findings of both halves counted."""
    from stdcheck.reporters.stats import stats
    path = SAMPLES / "faulty" / "实施清单_有问题.xlsx"
    serial, both = check([path], 1, tally=True), check([path], 2, tally=True)
    assert stats(both) == stats(serial) and stats(both)["total"]


def test_bad_input_is_reported_like_serial(always, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_text("这不是工作簿", encoding="utf-8")
    serial, both = check([bad], 1), check([bad], 2)
    assert [f.status for f in both.files] == ["unreadable"]
    assert both.files[0].error.message == serial.files[0].error.message
    assert not mp.active_children()


def test_max_errors_keeps_one_process(always):
    result = check([SAMPLES / "faulty" / "基本目录_有问题.xlsx"], 2, max_findings=1)
    assert result.partial and len(result.findings) == 1 and always == []


def test_large_workbooks_are_not_read_twice(monkeypatch, tmp_path):
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"\0" * 1024)
    monkeypatch.setattr(split, "MIN_BYTES", 0)
    assert split.worthwhile(str(big))
    monkeypatch.setattr(split, "MAX_WORKBOOK_BYTES", 100)
    assert not split.worthwhile(str(big))
    csv = tmp_path / "big.csv"
    csv.write_bytes(b"\0" * 1024)
    assert split.worthwhile(str(csv))


def test_one_dominant_file_is_split_rather_than_run_beside_the_others(monkeypatch, tmp_path):
    """A 基本目录 beside a much larger 实施清单: the big file's rules are split instead of checking the two
    files in parallel (where the big one would have one core); two equal files are checked in parallel."""
    monkeypatch.setattr(split, "MIN_BYTES", 0)
    small, big, twin = tmp_path / "basic.csv", tmp_path / "impl.csv", tmp_path / "impl2.csv"
    small.write_bytes(b"x" * 10)
    big.write_bytes(b"x" * 1000)
    twin.write_bytes(b"x" * 1000)
    assert split.dominant([str(small), str(big)])
    assert not split.dominant([str(big), str(twin)])
    basic = SAMPLES / "clean" / "基本目录_国家级.xlsx"
    impl = SAMPLES / "faulty" / "实施清单_有问题.xlsx"
    serial, both = check([basic, impl], 1), check([basic, impl], 2)
    assert document(both, "zh") == document(serial, "zh")
