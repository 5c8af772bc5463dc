"""The check command end to end: exit codes, selection, formats, languages."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from stdcheck.resources import load_schema

from .conftest import ROOT, SAMPLES, run_cli, run_json

FAULTY = SAMPLES / "faulty" / "基本目录_有问题.xlsx"
CLEAN = SAMPLES / "clean"


def test_clean_samples_exit_0():
    p = run_cli("check", CLEAN)
    assert p.returncode == 0, p.stdout + p.stderr


def test_faulty_sample_exit_1_with_cell_references_in_chinese():
    p = run_cli("check", FAULTY)
    assert p.returncode == 1
    out = p.stdout
    assert "基本目录!B3" in out and "CD001" in out and "存为数字" in out
    assert "基本目录!D6" in out and "设定依据" in out
    assert "检查汇总" in out and "合计" in out


def test_unreadable_file_exit_2_and_other_files_still_checked(tmp_path):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("this is not a workbook", encoding="utf-8")
    p, doc = run_json("check", bad, FAULTY)
    assert p.returncode == 2
    status = {f["path"]: f["status"] for f in doc["files"]}
    assert status[str(bad)] == "unreadable"
    assert status[str(FAULTY)] == "ok"
    assert any(f["location"]["file"] == str(FAULTY) for f in doc["findings"])
    assert "Traceback" not in p.stderr


def test_usage_error_exit_2():
    assert run_cli("check").returncode == 2
    p = run_cli("check", FAULTY, "--select", "NOPE999")
    assert p.returncode == 2 and "NOPE999" in p.stderr and "Traceback" not in p.stderr


def test_json_output_follows_design_and_schema():
    p, doc = run_json("check", FAULTY)
    assert p.returncode == 1
    jsonschema.validate(doc, load_schema("output.schema.json"))
    assert doc["version"] == 1 and doc["tool"]["name"] == "stdcheck" and doc["profile"] == "national"
    f = next(x for x in doc["findings"] if x["rule"] == "CD001")
    assert f["location"] == {"file": str(FAULTY), "sheet": "基本目录", "row": 3, "column": "B", "cell": "B3", "line": None}
    # the header said 事项编码（必填）; the label is always the standard one
    assert f["field"] == {"id": "basic_code", "label": "基本编码"}
    assert f["matter"] == {"code": "104002000", "name": "固定资产投资项目节能审查"}
    assert f["value"] == "104002000" and f["level"] == "error" and f["name"] == "code-numeric-cell"
    assert doc["summary"]["error"] == sum(1 for x in doc["findings"] if x["level"] == "error")
    assert doc["files"][0]["kind"] == "basic" and doc["files"][0]["status"] == "ok"


def test_yaml_findings_carry_line_numbers():
    p, doc = run_json("check", SAMPLES / "faulty" / "基本目录_有问题.yaml")
    f = next(x for x in doc["findings"] if x["rule"] == "CD001")
    assert f["location"]["line"] == 7
    assert f["location"]["row"] is None and f["location"]["cell"] is None and f["location"]["sheet"] is None
    el = next(x for x in doc["findings"] if x["rule"] == "EL006")
    assert el["location"]["line"] == 20


def test_select_ignore_and_fail_on():
    _, doc = run_json("check", FAULTY, "--select", "CD101")
    assert {f["rule"] for f in doc["findings"]} == {"CD101"}
    _, doc = run_json("check", FAULTY, "--select", "coding", "--ignore", "CD001")
    rules = {f["rule"] for f in doc["findings"]}
    assert {"CD101", "CD110"} <= rules and "CD001" not in rules and all(r.startswith("CD") for r in rules)
    # only a warning-level rule selected (CD103, a local type extension): exit 0 by default, 1 with --fail-on warning
    only_warning = ["check", FAULTY, "--select", "CD103"]
    _, doc = run_json(*only_warning)
    assert {f["level"] for f in doc["findings"]} == {"warning"}
    assert run_cli(*only_warning).returncode == 0
    assert run_cli(*only_warning, "--fail-on", "warning").returncode == 1
    p = run_cli("check", FAULTY, "--select", "IO001")
    assert p.returncode == 0
    assert run_cli("check", FAULTY, "--select", "IO001", "--fail-on", "info").returncode == 1
    assert run_cli("check", FAULTY, "--exit-zero").returncode == 0


def test_english_messages_have_no_chinese_templates():
    p = run_cli("check", FAULTY, "--lang", "en", "--format", "concise")
    assert p.returncode == 1
    for line in p.stdout.splitlines():
        message = line.split("] ", 1)[1]
        stripped = re.sub(r"'[^']*'", "", message)  # quoted cell values are data
        assert not re.search(r"[\u4e00-\u9fff]", stripped), line


def test_output_file_is_written_and_input_refused(tmp_path):
    out = tmp_path / "result.json"
    p = run_cli("check", FAULTY, "--format", "json", "-o", out)
    assert p.returncode == 1 and p.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["files"] == 1
    p = run_cli("check", FAULTY, "-o", FAULTY)
    assert p.returncode == 2 and "拒绝写入" in p.stderr


def test_max_errors_marks_partial():
    _, doc = run_json("check", FAULTY, "--max-errors", "2")
    assert len(doc["findings"]) == 2 and doc["summary"]["partial"] is True


def test_version_rules_explain():
    assert run_cli("--version").stdout.strip().endswith("0.1.0")
    rules = json.loads(run_cli("rules", "--format", "json").stdout)
    cd101 = next(r for r in rules if r["code"] == "CD101")
    assert cd101["standard"]["document"].startswith("GB/T 39554.1") and cd101["standard"]["confidence"]
    text = run_cli("explain", "CD101").stdout
    assert "检查内容" in text and "反例" in text and "正例" in text
    assert "Fails" in run_cli("explain", "basic-code-format", "--lang", "en").stdout
    assert run_cli("explain", "ZZ999").returncode == 2


def test_rules_page_is_generated_from_the_declarations():
    """docs/RULES.md cannot drift from the rules: regenerate it with `python -m stdcheck.docs > docs/RULES.md`."""
    from stdcheck.docs import markdown
    from stdcheck.plugins import load_rules
    page = (Path(__file__).parents[1] / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert page.strip() == markdown(load_rules()[0]).strip(), "docs/RULES.md is stale: python -m stdcheck.docs > docs/RULES.md"


SEEDED_IMPL = {("EL101", "N3"), ("EL011", "X3"), ("CD204", "C4"), ("EL102", "N4"), ("CD301", "H5"), ("EL103", None),
               ("EL013", "A6"), ("CD205", "C6"), ("EL009", "T6")}


def test_faulty_implementation_samples_show_each_seeded_fault():
    """samples/faulty/实施清单_有问题.* seed two faults per matter (samples/make_samples.py names the rule of each)."""
    p, doc = run_json("check", SAMPLES / "faulty" / "实施清单_有问题.xlsx", "--isolated")
    assert p.returncode == 1
    got = {(f["rule"], f["location"]["cell"]) for f in doc["findings"]}
    assert SEEDED_IMPL <= got, SEEDED_IMPL - got
    p, doc = run_json("check", SAMPLES / "faulty" / "实施清单_有问题.yaml", "--isolated")
    by_rule = {f["rule"] for f in doc["findings"]}
    assert {r for r, _ in SEEDED_IMPL} <= by_rule and all(f["location"]["line"] for f in doc["findings"])


def test_a_missing_dependency_is_one_line_not_a_traceback():
    """Run by a Python without stdcheck's dependencies (here: opencc hidden), every command says which package is
    missing and how to install, exit 2 — `rules` used to end in a traceback, `check` in an internal error."""
    import subprocess
    import sys
    code = ("import sys; sys.modules['opencc'] = None; from stdcheck.cli import main; "
            "sys.argv = ['stdcheck'] + sys.argv[1:]; main()")
    for args in (["rules"], ["check", "samples/clean"], ["check", "samples/clean", "--lang", "en"]):
        p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
        assert p.returncode == 2 and "Traceback" not in p.stderr and "internal error" not in p.stderr
        assert ("opencc" in p.stderr and ("pip install ." in p.stderr)), p.stderr


def test_serve_refuses_a_short_token():
    p = run_cli("serve", "--token", "abc", "--port", "1")
    assert p.returncode == 2 and "至少要 8 个字符" in p.stderr and "Traceback" not in p.stderr


def test_the_reading_limits_of_the_command_line_are_the_readers():
    from stdcheck.commands import LIMITS
    from stdcheck.engine import LIMITS as READ
    assert LIMITS == READ
