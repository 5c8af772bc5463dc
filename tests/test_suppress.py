"""Suppressions: YAML ignore comments and config exemptions; invalid (IO010) and unused (IO011) ones."""
from __future__ import annotations

import json

from .test_reports import check, make_book

YAML = """\
matters:
  - 事项名称: "固定资产投资项目节能审查"
    基本编码: "000104002000"
    事项类型: "行政审批"{c1}
    设定依据: "《中华人民共和国节约能源法》第十五条"
{c2}  - 事项名称: "在宗教活动场所内改建或者新建建筑物审批"
    基本编码: "0001410050"
    事项类型: "行政许可"
    设定依据: "《宗教事务条例》第三十三条"
"""


def findings(path, *extra, **kw):
    p = check(path, "--format", "json", *extra, **kw)
    assert p.returncode in (0, 1), p.stderr
    return p, [(f["location"]["line"] or f["location"]["cell"], f["rule"], f["level"]) for f in json.loads(p.stdout)["findings"]]


def write_yaml(tmp_path, c1="", c2=""):
    path = tmp_path / "目录.yaml"
    path.write_text(YAML.format(c1=c1, c2=c2), encoding="utf-8")
    return path


def test_yaml_trailing_comment_suppresses_that_line(tmp_path):
    _, plain = findings(write_yaml(tmp_path))
    assert (4, "EL006", "error") in plain and (7, "CD101", "error") in plain
    p, got = findings(write_yaml(tmp_path, c1="  # stdcheck: ignore[EL006] 本省事项类型写法，已报备"))
    assert (4, "EL006", "error") not in got and (7, "CD101", "error") in got
    assert not any(r.startswith("IO01") for _, r, _ in got)
    assert "屏蔽 1 个问题" in p.stderr


def test_yaml_comment_before_a_matter_covers_the_whole_matter(tmp_path):
    _, got = findings(write_yaml(tmp_path, c2="  # stdcheck: ignore[CD] 编码待国家库下发\n"))
    assert not any(r == "CD101" for _, r, _ in got)
    assert (4, "EL006", "error") in got


def test_yaml_comment_without_reason_or_with_unknown_code_is_invalid(tmp_path):
    _, got = findings(write_yaml(tmp_path, c1="  # stdcheck: ignore[EL006]"))
    assert (4, "EL006", "error") in got and (4, "IO010", "warning") in got
    _, got = findings(write_yaml(tmp_path, c1="  # stdcheck: ignore[ZZ999] 理由"))
    assert (4, "IO010", "warning") in got
    _, got = findings(write_yaml(tmp_path, c1="  # stdcheck: disable EL006"))
    assert (4, "IO010", "warning") in got


def test_unused_yaml_comment_is_reported(tmp_path):
    _, got = findings(write_yaml(tmp_path, c1="  # stdcheck: ignore[CD101] 这一行没有编码问题"))
    assert (4, "IO011", "warning") in got and (4, "EL006", "error") in got


def test_ignore_file(tmp_path):
    path = tmp_path / "目录.yaml"
    path.write_text("# stdcheck: ignore-file[EL006] 地方事项类型\n" + YAML.format(c1="", c2=""), encoding="utf-8")
    _, got = findings(path)
    assert not any(r == "EL006" for _, r, _ in got) and any(r == "CD101" for _, r, _ in got)


def config(tmp_path, entries: str):
    (tmp_path / ".stdcheck.yaml").write_text(f"exemptions:\n{entries}", encoding="utf-8")


def exempt(tmp_path, *extra):
    """Check 目录.xlsx from tmp_path, where .stdcheck.yaml lives (so not --isolated)."""
    from .conftest import run_cli
    p = run_cli("check", "目录.xlsx", "--format", "json", "--select", "CD101,EL006,IO010,IO011", "--jobs", "1",
                *extra, cwd=tmp_path)
    doc = json.loads(p.stdout) if p.stdout.strip() else {"findings": []}
    return p, [(f["location"]["cell"], f["rule"], f["level"]) for f in doc["findings"]]


def test_config_exemption_by_matter_code_suppresses_and_survives_row_moves(tmp_path):
    make_book(tmp_path / "目录.xlsx")
    config(tmp_path, '  - {matter: "001033002000", rules: [EL006], reason: 本省目录写法, expires: 2099-12-31}\n')
    p, got = exempt(tmp_path)
    assert ("C5", "EL006", "error") not in got and ("B4", "CD101", "error") in got
    assert not any(r.startswith("IO") for _, r, _ in got)
    from .test_reports import shuffled_copy
    shuffled_copy(tmp_path / "目录.xlsx", tmp_path / "moved" / "目录.xlsx")
    (tmp_path / "moved" / ".stdcheck.yaml").write_text((tmp_path / ".stdcheck.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _, got = exempt(tmp_path / "moved")
    assert not any(r == "EL006" for _, r, _ in got)


def test_expired_exemption_is_reported_and_no_longer_applies(tmp_path):
    make_book(tmp_path / "目录.xlsx")
    config(tmp_path, '  - {matter: "001033002000", rules: [EL006], reason: 临时, expires: 2020-01-31}\n')
    p, got = exempt(tmp_path)
    assert ("C5", "EL006", "error") in got and ("B5", "IO010", "warning") in got
    en = exempt(tmp_path, "--lang", "en")[0]
    assert "expired on 2020-01-31" in json.dumps(json.loads(en.stdout), ensure_ascii=False)


def test_unused_and_unknown_exemptions_are_reported(tmp_path):
    make_book(tmp_path / "目录.xlsx")
    config(tmp_path, '  - {matter: "000524018000", rules: [EL006], reason: 此事项其实没有问题}\n'
                     '  - {matter: "999999999999", rules: [CD101], reason: 编码写错了}\n')
    p, got = exempt(tmp_path)
    assert ("B6", "IO011", "warning") in got                     # matter present, nothing suppressed
    assert sum(1 for _, r, _ in got if r == "IO011") == 2         # and the one naming no matter
    assert "999999999999" in p.stdout


def test_exemption_without_reason_is_a_config_error(tmp_path):
    make_book(tmp_path / "目录.xlsx")
    config(tmp_path, '  - {matter: "001033002000", rules: [EL006]}\n')
    p, _ = exempt(tmp_path)
    assert p.returncode == 2 and "reason" in p.stderr and "Traceback" not in p.stderr
