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


def _xl_county_yaml(tmp_path, comment=""):
    from .test_crosslevel import L3, credit
    code = credit("440113", "1371")
    path = tmp_path / "县级.yaml"
    path.write_text(f"""\
catalogue: {{kind: 实施清单, level: 县级}}
matters:
  - 事项名称: "户外广告设施设置审批"
    基本编码: "000105002000"
    实施编码: "{code}4000105002000"
    事项类型: "行政许可"
    设定依据: "《广东省户外广告管理规定》第五条"{comment}
    行使层级: "县级"
  - 事项名称: "餐饮服务食品安全监督检查"
    基本编码: "000605099000"
    实施编码: "{code}4000605099000"
    事项类型: "行政检查"
    设定依据: "{L3}"
    行使层级: "县级"
""", encoding="utf-8")
    return path, code


def _xl(tmp_path, *paths, config=None):
    from .conftest import run_cli
    from .test_crosslevel import national
    args = ["check", national(tmp_path), *paths, "--select", "XL,IO010,IO011", "--jobs", "1", "--format", "json"]
    args += ["--config", config] if config else ["--isolated"]
    p = run_cli(*args)
    assert p.returncode in (0, 1), p.stderr
    return [(f["rule"], f["location"]["line"], f["matter"]["code"] if f["matter"] else None)
            for f in json.loads(p.stdout)["findings"]], p


def test_yaml_comment_on_the_element_line_suppresses_an_xl_finding(tmp_path):
    path, _ = _xl_county_yaml(tmp_path)
    plain, _ = _xl(tmp_path, path)
    assert ("XL004", 7, plain[0][2]) in plain and any(r == "XL001" for r, _, _ in plain)
    path, _ = _xl_county_yaml(tmp_path, "  # stdcheck: ignore[XL004] 本省依据，已报备")
    got, _ = _xl(tmp_path, path)
    assert not any(r == "XL004" for r, _, _ in got) and any(r == "XL001" for r, _, _ in got)
    assert not any(r.startswith("IO01") for r, _, _ in got), got


def test_config_exemption_by_matter_code_applies_to_xl_findings(tmp_path):
    path, code = _xl_county_yaml(tmp_path)
    cfg = tmp_path / "stdcheck.yaml"
    cfg.write_text(f"""\
exemptions:
  - {{matter: "{code}4000605099000", rules: [XL001], reason: 本地新增事项，待国家目录收录}}
  - {{matter: "{code}4000105002000", rules: [XL002], reason: 名称未改动}}
""", encoding="utf-8")
    got, p = _xl(tmp_path, path, config=cfg)
    assert not any(r == "XL001" for r, _, _ in got)
    assert ("XL004", 7, f"{code}4000105002000") in got
    unused = [x for x in got if x[0] == "IO011"]
    assert len(unused) == 1, got                   # the XL002 exemption suppressed nothing; the XL001 one did
    assert "屏蔽 1 个问题" in p.stderr
