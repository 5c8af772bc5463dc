"""Baselines (--write-baseline / --baseline): keyed by file, matter code, element and rule, never the row."""
from __future__ import annotations

import json

from .test_reports import EXPECTED, ROWS, check, digest, make_book, shuffled_copy


def test_baseline_still_matches_after_rows_are_shuffled_into_a_new_file(tmp_path):
    first = make_book(tmp_path / "v1" / "目录.xlsx")
    base = tmp_path / "baseline.json"
    before = digest(first)
    p = check("目录.xlsx", "--write-baseline", base, cwd=first.parent)
    assert p.returncode == 0, p.stderr
    assert "已写入基线" in p.stderr
    doc = json.loads(base.read_text(encoding="utf-8"))
    assert sum(e["count"] for e in doc["entries"]) == len(EXPECTED)
    assert all("row" not in e for e in doc["entries"])
    assert {e["file"] for e in doc["entries"]} == {"目录.xlsx"}

    moved = shuffled_copy(first, tmp_path / "v2" / "目录.xlsx")
    assert digest(first) == before
    p = check("目录.xlsx", "--baseline", base, "--format", "json", cwd=moved.parent)
    assert p.returncode == 0, p.stdout + p.stderr
    assert json.loads(p.stdout)["findings"] == []
    assert "新问题 0 个" in p.stderr and "不再出现" not in p.stderr
    # the rows really moved: without the baseline the same findings sit on other rows
    cells = {f["location"]["cell"] for f in json.loads(check("目录.xlsx", "--format", "json", cwd=moved.parent).stdout)["findings"]}
    assert cells != {c for c, _ in EXPECTED}
    assert digest(moved) == digest(moved)   # read twice, written never


def test_baseline_reports_only_new_findings_and_lists_what_was_fixed(tmp_path):
    book = make_book(tmp_path / "目录.xlsx")
    base = tmp_path / "baseline.json"
    assert check("目录.xlsx", "--write-baseline", base, cwd=tmp_path).returncode == 0
    rows = [list(r) for r in ROWS]
    rows[1][1] = "000141005000"                       # fixed: B4's CD101
    rows.append(["新增事项", "12345", "行政许可", "依据", "省级", "部门"])   # new: a bad code
    make_book(book, rows)
    p = check("目录.xlsx", "--baseline", base, "--format", "json", cwd=tmp_path)
    assert p.returncode == 1
    new = json.loads(p.stdout)["findings"]
    assert [(f["location"]["cell"], f["rule"]) for f in new] == [("B9", "CD101")]
    assert "不再出现" in p.stderr and "00014100500" in p.stderr and "CD101" in p.stderr


def test_a_repeated_key_counts(tmp_path):
    """Two findings with the same key: the baseline holds 2; a third occurrence is new."""
    rows = [["甲", "12345", "行政许可", "依据", "省级", "部门"]] * 2
    make_book(tmp_path / "目录.xlsx", rows)
    base = tmp_path / "b.json"
    check("目录.xlsx", "--write-baseline", base, cwd=tmp_path)
    assert json.loads(base.read_text(encoding="utf-8"))["entries"][0]["count"] == 2
    make_book(tmp_path / "目录.xlsx", rows * 2)
    p = check("目录.xlsx", "--baseline", base, "--format", "json", cwd=tmp_path)
    assert p.returncode == 1 and len(json.loads(p.stdout)["findings"]) == 2


def test_unreadable_baseline_is_a_usage_error(tmp_path):
    book = make_book(tmp_path / "目录.xlsx")
    bad = tmp_path / "b.json"
    bad.write_text("{not json", encoding="utf-8")
    p = check(book, "--baseline", bad)
    assert p.returncode == 2 and "基线" in p.stderr and "Traceback" not in p.stderr
