"""Third-party rule packs through the `stdcheck.rules` entry point; --rules-path; broken plugins."""
from __future__ import annotations

import json

from .conftest import SAMPLES, run_cli

FAULTY = SAMPLES / "faulty" / "基本目录_有问题.xlsx"

PLUGIN = '''
from stdcheck.rules import Standard, rule

@rule("ZZ001", "name-has-test", family="elements", level="warning", kinds={"basic"},
      standard=Standard("企业内部规范", None, "data"), title=("名称含“专利”", "Name mentions patents"),
      doc=("示例插件规则。", "Example plugin rule."), fail="专利权侵权纠纷处理", ok="优抚对象医疗保障",
      messages={"zh": {"zz.patent": "事项名称含“专利”"}, "en": {"zz.patent": "name mentions patents"}})
def name_has_test(m, ctx):
    if "专利" in m.text("name"):
        yield m.finding("name", "zz.patent")
'''


def _install(tmp_path, body, entry="demo_rules"):
    (tmp_path / f"{entry}.py").write_text(body, encoding="utf-8")
    dist = tmp_path / "stdcheck_demo-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: stdcheck-demo\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[stdcheck.rules]\ndemo = {entry}\n", encoding="utf-8")
    return {"PYTHONPATH": str(tmp_path)}


def test_entry_point_plugin_rules_run(tmp_path):
    env = _install(tmp_path, PLUGIN)
    p = run_cli("check", FAULTY, "--select", "ZZ001", "--format", "json", env=env)
    doc = json.loads(p.stdout)
    assert [f["message"] for f in doc["findings"]] == ["事项名称含“专利”", "事项名称含“专利”"]
    assert p.returncode == 0  # warnings only
    assert "ZZ001" in run_cli("rules", env=env).stdout


def test_broken_plugin_is_reported_not_fatal(tmp_path):
    env = _install(tmp_path, "raise RuntimeError('boom')\n")
    p = run_cli("check", FAULTY, "--select", "CD101", env=env)
    assert p.returncode == 1 and "demo" in p.stderr and "boom" in p.stderr
    assert "CD101" in p.stdout


def test_rules_path_loads_local_modules(tmp_path):
    (tmp_path / "local_rules.py").write_text(PLUGIN, encoding="utf-8")
    p = run_cli("check", FAULTY, "--rules-path", tmp_path / "local_rules.py", "--select", "ZZ001", "--format", "concise")
    assert p.stdout.count("ZZ001") == 2
