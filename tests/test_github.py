"""GitHub Actions: workflow commands only on stdout, the Chinese job summary, several outputs from one run."""
from __future__ import annotations

import json

from .conftest import SAMPLES, run_cli

FAULTY = SAMPLES / "faulty"


def test_github_format_writes_only_workflow_commands(tmp_path):
    p = run_cli("check", FAULTY, "--format", "github")
    assert p.returncode == 1
    lines = p.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines), [x for x in lines if not x.startswith("::")]
    assert lines[-1].startswith("::notice title=stdcheck::不通过：错误 ")


def test_job_summary_is_appended_in_chinese_with_titles_departments_and_cells(tmp_path):
    summary = tmp_path / "summary.md"
    summary.write_text("## 前一步\n", encoding="utf-8")
    env = {"GITHUB_STEP_SUMMARY": str(summary)}
    p = run_cli("check", FAULTY, "--format", "github", env=env)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## 前一步\n## stdcheck 检查结果")                  # appended, not replaced
    assert "**不通过：错误 " in text and "规则配置 national" in text
    assert "| 错误 | " in text and "| EL103 | 收费事项缺收费依据或标准 | 错误 |" in text
    assert "### 按部门（实施主体 / 主管部门）" in text and "| 灵山县行政审批局 |" in text
    assert "实施清单!" in text and "基本目录!" in text                          # sheet!cell of each finding
    first = [line for line in text.splitlines() if line.startswith("| ") and ".xlsx |" in line]
    assert first and all(line.count(" | ") >= 4 for line in first)
    run_cli("check", FAULTY, "--format", "github", "--lang", "en", env=env)
    assert summary.read_text(encoding="utf-8").count("## stdcheck results") == 1
    assert p.stdout.count("::") > 0 and "stdcheck 检查结果" not in p.stdout


def test_no_job_summary_without_the_variable_or_for_other_formats(tmp_path):
    summary = tmp_path / "summary.md"
    run_cli("check", FAULTY, "--format", "json", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert not summary.exists()


def test_job_summary_lists_the_first_findings_and_counts_the_rest(tmp_path):
    from stdcheck.reporters import job_summary
    from stdcheck.reporters.job_summary import FIRST
    rows = "\n".join(f'  - 事项名称: "事项{i}"\n    基本编码: "0001{i:05d}00"\n    事项类型: 行政许可\n    主管部门: "部门|{i % 3}"'
                     for i in range(FIRST + 20))
    path = tmp_path / "大.yaml"
    path.write_text(f"matters:\n{rows}\n", encoding="utf-8")
    summary = tmp_path / "s.md"
    run_cli("check", path, "--select", "CD101", "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    text = summary.read_text(encoding="utf-8")
    assert f"### 前 {FIRST} 条问题" in text and "另有 20 条问题未列出" in text
    assert "| 部门\\|0 |" in text                  # a | in a value does not split the table
    assert job_summary.W["zh"]["title"] in text


def test_one_run_writes_several_outputs_paired_in_order(tmp_path):
    a, b, c = tmp_path / "a.json", tmp_path / "b.sarif", tmp_path / "报告.xlsx"
    p = run_cli("check", FAULTY, "--format", "concise", "--format", "json", "-o", a, "--format", "sarif", "-o", b,
                "--output-format", f"xlsx={c}")
    assert p.returncode == 1, p.stderr
    assert p.stdout.startswith(str(FAULTY)) and "[error]" in p.stdout          # concise on stdout
    alone = run_cli("check", FAULTY, "--format", "json")
    assert json.loads(a.read_text(encoding="utf-8")) == json.loads(alone.stdout)
    assert json.loads(b.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert c.read_bytes()[:2] == b"PK"
    d = tmp_path / "d.json"                                   # -o before --format still pairs with it
    assert run_cli("check", FAULTY, "-o", d, "--format", "json").returncode == 1
    assert json.loads(d.read_text(encoding="utf-8"))["version"] == 1


def test_outputs_that_cannot_be_paired_are_a_usage_error(tmp_path):
    p = run_cli("check", FAULTY, "--format", "json", "--format", "sarif")
    assert p.returncode == 2 and "只能有一种输出写到终端" in p.stderr and not p.stdout
    p = run_cli("check", FAULTY, "--output-format", "pdf=x.pdf", "--lang", "en")
    assert p.returncode == 2 and 'cannot read the output "pdf=x.pdf"' in p.stderr
