"""The CI snippets of docs/reports.md and the pre-commit hook work as documented, on the shipped samples."""
from __future__ import annotations

import json
import re
import shlex
import shutil
import xml.etree.ElementTree as ET

import yaml
from openpyxl import load_workbook

from .conftest import ROOT, SAMPLES, run_cli

DOC = ROOT / "docs" / "reports.md"


def snippet(title: str) -> dict:
    """The YAML block that follows the heading `title` in docs/reports.md."""
    text = DOC.read_text(encoding="utf-8")
    after = text[text.index(f"### {title}"):]
    return yaml.safe_load(re.search(r"```yaml\n(.*?)```", after, re.S).group(1))


def commands(lines) -> list[list[str]]:
    return [shlex.split(line)[1:] for line in lines if isinstance(line, str) and line.startswith("stdcheck ")]


def repo(tmp_path):
    """A catalogue repository holding the faulty samples, with a baseline written as the docs say."""
    shutil.copytree(SAMPLES / "faulty", tmp_path / "catalogue")
    p = run_cli("check", "catalogue/", "--write-baseline", ".stdcheck-baseline.json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    return tmp_path


def add_new_problem(tmp_path):
    shutil.copy(SAMPLES / "faulty" / "基本目录_有问题.yaml", tmp_path / "catalogue" / "新增.yaml")


def test_github_actions_snippet_runs_and_gates(tmp_path):
    repo(tmp_path)
    steps = snippet("GitHub Actions")["jobs"]["stdcheck"]["steps"]
    cmds = commands(step.get("run", "") for step in steps)
    assert len(cmds) == 1 and cmds[0][:2] == ["check", "catalogue/"]       # one run writes every output
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    p = run_cli(*cmds[0], cwd=tmp_path, env=env)
    assert p.returncode == 0, p.stderr
    assert all(line.startswith("::") for line in p.stdout.splitlines())   # only workflow commands on stdout
    sarif = json.loads((tmp_path / "stdcheck.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert {"汇总", "问题清单", "规则"} <= set(load_workbook(tmp_path / "检查报告.xlsx").sheetnames)
    assert list((tmp_path / "标注副本").glob("*.xlsx"))
    assert summary.read_text(encoding="utf-8").startswith("## stdcheck 检查结果")
    uploads = [s for s in steps if s.get("uses", "").startswith(("actions/upload-artifact", "github/codeql-action"))]
    assert len(uploads) == 2 and all(s.get("if") == "always()" for s in uploads)
    upload = next(s for s in uploads if s["uses"].startswith("actions/upload-artifact"))
    assert all((tmp_path / p.strip()).exists() for p in upload["with"]["path"].split())

    add_new_problem(tmp_path)                    # the gate fails, with annotations, alerts and a summary of the new file
    p = run_cli(*cmds[0], cwd=tmp_path, env=env)
    assert p.returncode == 1 and "::error file=catalogue/新增.yaml" in p.stdout
    sarif = json.loads((tmp_path / "stdcheck.sarif").read_text(encoding="utf-8"))
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]} == \
        {"catalogue/%E6%96%B0%E5%A2%9E.yaml"}
    assert "| catalogue/新增.yaml |" in summary.read_text(encoding="utf-8").split("## stdcheck 检查结果")[-1]


def test_gitlab_ci_snippet_runs_and_gates(tmp_path):
    repo(tmp_path)
    job = snippet("GitLab CI")["stdcheck"]
    cmds = commands(job["script"])
    assert len(cmds) == 2
    for args in cmds:
        p = run_cli(*args, cwd=tmp_path)
        assert p.returncode == 0, (args, p.stderr)
    reports = job["artifacts"]["reports"]
    quality = json.loads((tmp_path / reports["codequality"]).read_text(encoding="utf-8"))
    assert quality and all(len(issue["fingerprint"]) >= 32 for issue in quality)
    assert ET.parse(tmp_path / reports["junit"]).getroot().tag in ("testsuites", "testsuite")

    add_new_problem(tmp_path)
    p = run_cli(*cmds[-1], cwd=tmp_path)
    assert p.returncode == 1
    suites = ET.parse(tmp_path / reports["junit"]).getroot().iter("testsuite")
    assert [s.get("name") for s in suites if int(s.get("failures"))] == ["catalogue/新增.yaml"]


def test_pre_commit_hook_checks_catalogue_files_only(tmp_path):
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "stdcheck" and hook["require_serial"] is True
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])

    def selected(paths):
        return [p for p in paths if files.search(p) and not exclude.search(p)]

    assert selected([".pre-commit-config.yaml", ".stdcheck.yaml", ".gitlab-ci.yml", ".github/workflows/x.yml",
                     "README.md", "目录/清单.xlsx", "目录/清单.csv", "目录/清单.yaml", "目录/旧.xls", "目录/大写.XLSX"]) == \
        ["目录/清单.xlsx", "目录/清单.csv", "目录/清单.yaml", "目录/旧.xls", "目录/大写.XLSX"]
    entry = shlex.split(hook["entry"])
    assert entry[0] == "stdcheck"
    for folder, code in (("clean", 0), ("faulty", 1)):
        paths = selected(sorted(str(p.relative_to(ROOT)) for p in (SAMPLES / folder).iterdir()))
        assert paths
        p = run_cli(*entry[1:], *paths)
        assert p.returncode == code, p.stderr
