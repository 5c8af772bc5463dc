"""Baselines (--write-baseline / --baseline): keyed by file, matter code, element and rule, never the row."""
from __future__ import annotations

import json

from .conftest import run_cli
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


def test_write_baseline_does_not_claim_there_were_no_problems(tmp_path):
    make_book(tmp_path / "目录.xlsx")
    p = check("目录.xlsx", "--write-baseline", tmp_path / "b.json", cwd=tmp_path)
    assert "未发现问题" not in p.stdout and f"{len(EXPECTED)} 个问题已写入基线" in p.stdout
    p = check("目录.xlsx", "--baseline", tmp_path / "b.json", cwd=tmp_path)
    assert "未发现问题" not in p.stdout and "没有基线之外的新问题" in p.stdout


def test_only_entries_this_run_could_see_are_stale(tmp_path):
    """A baseline entry is 'no longer occurring' only when its file was checked and its rule ran."""
    make_book(tmp_path / "一.xlsx")
    make_book(tmp_path / "二.xlsx")
    base = tmp_path / "b.json"
    assert check("一.xlsx", "二.xlsx", "--write-baseline", base, cwd=tmp_path).returncode == 0
    p = check("一.xlsx", "--baseline", base, cwd=tmp_path)                 # 二.xlsx not checked this time
    assert p.returncode == 0 and "不再出现" not in p.stderr, p.stderr
    p = run_cli("check", "一.xlsx", "二.xlsx", "--select", "CD101", "--isolated", "--jobs", "1",
                "--baseline", base, cwd=tmp_path)                         # EL001/EL006/CD001 did not run
    assert p.returncode == 0 and "不再出现" not in p.stderr, p.stderr
    rows = [list(r) for r in ROWS]
    rows[1][1] = "000141005000"                                          # a real fix in 二.xlsx: B4's CD101
    make_book(tmp_path / "二.xlsx", rows)
    p = run_cli("check", "一.xlsx", "二.xlsx", "--select", "CD101", "--isolated", "--jobs", "1",
                "--baseline", base, cwd=tmp_path)
    assert "基线中有 1 个问题已不再出现" in p.stderr and "二.xlsx · 00014100500" in p.stderr, p.stderr


def test_baseline_tells_xl_findings_of_different_matters_apart(tmp_path):
    """Two XL001 findings on different codes have different keys: a new one is not hidden by an old one."""
    from .test_crosslevel import L1, county, national
    nat = national(tmp_path)
    county(tmp_path, [("餐饮服务食品安全监督检查", "000605099000", "行政检查", L1)])
    base = tmp_path / "b.json"
    args = ("--select", "XL", "--isolated", "--jobs", "1")
    assert run_cli("check", nat.name, "4_番禺区实施清单.xlsx", *args, "--write-baseline", base, cwd=tmp_path).returncode == 0
    entry = json.loads(base.read_text(encoding="utf-8"))["entries"][0]
    assert entry["rule"] == "XL001" and entry["matter"].endswith("000605099000") and entry["name"]
    county(tmp_path, [("学校食堂食品安全监督检查", "000605098000", "行政检查", L1)])   # fixed one, made another
    p = run_cli("check", nat.name, "4_番禺区实施清单.xlsx", *args, "--baseline", base, "--format", "json", cwd=tmp_path)
    new = json.loads(p.stdout)["findings"]
    assert p.returncode == 1 and [(f["rule"], f["value"]) for f in new] == [("XL001", "000605098000")]
    assert "不再出现" in p.stderr and "000605099000" in p.stderr


def test_gitlab_fingerprints_of_xl_findings_survive_a_row_shuffle(tmp_path):
    """Each XL finding keeps its fingerprint when the rows are sorted differently (the key names its matter,
    so two XL002 findings of one list are told apart by their codes, not by their order)."""
    from .test_crosslevel import IMPL_HEADER, L3, L4, book, county_rows, national
    nat = national(tmp_path)
    names = ("户外广告设施设置许可", "医疗机构执业许可")
    rows = county_rows([(names[0], "000105002000", "行政许可", L3), (names[1], "000105003000", "行政许可", L4)])
    prints = []
    for i, order in enumerate((rows, rows[::-1])):
        path = book(tmp_path / f"v{i}" / "县级.xlsx", IMPL_HEADER, order, "实施清单")
        p = run_cli("check", nat, path.name, "--select", "XL002", "--isolated", "--jobs", "1", "--format", "gitlab",
                    cwd=path.parent)
        prints.append({next(n for n in names if n in x["description"]): x["fingerprint"] for x in json.loads(p.stdout)})
    assert len(prints[0]) == 2 and prints[0] == prints[1]
