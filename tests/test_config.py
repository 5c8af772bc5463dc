"""Config discovery (closest wins), extends, validation errors that name the key, profiles."""
from __future__ import annotations

from pathlib import Path

import pytest

from stdcheck.config import ConfigError, Profile, load_config

from .conftest import SAMPLES, run_cli, run_json

FAULTY = SAMPLES / "faulty" / "基本目录_有问题.xlsx"


def test_closest_config_wins(tmp_path):
    (tmp_path / "stdcheck.toml").write_text('select = ["CD"]\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    (tmp_path / "a" / ".stdcheck.yaml").write_text("select: [EL001]\n", encoding="utf-8")
    cfg, path = load_config(start=sub)
    assert path == tmp_path / "a" / ".stdcheck.yaml" and cfg["select"] == ["EL001"]
    cfg, path = load_config(start=tmp_path)
    assert path == tmp_path / "stdcheck.toml" and cfg["select"] == ["CD"]


def test_pyproject_tool_section_and_extends(tmp_path):
    (tmp_path / "base.yaml").write_text("ignore: [IO001]\nfail-on: warning\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.stdcheck]\nextends = "base.yaml"\nselect = ["coding", "IO"]\n', encoding="utf-8")
    cfg, _ = load_config(start=tmp_path)
    assert cfg["ignore"] == ["IO001"] and cfg["fail_on"] == "warning" and cfg["select"] == ["coding", "IO"]


def test_config_applies_to_check_and_cli_overrides(tmp_path):
    (tmp_path / ".stdcheck.yaml").write_text("select: [CD101]\nrules:\n  CD101: {level: warning}\n", encoding="utf-8")
    p, doc = run_json("check", FAULTY, cwd=tmp_path)
    assert {f["rule"] for f in doc["findings"]} == {"CD101"}
    assert {f["level"] for f in doc["findings"]} == {"warning"} and p.returncode == 0
    p, doc = run_json("check", FAULTY, "--select", "CD110", cwd=tmp_path)
    assert {f["rule"] for f in doc["findings"]} == {"CD110"} and p.returncode == 1
    p, doc = run_json("check", FAULTY, "--isolated", "--select", "CD101", cwd=tmp_path)
    assert {f["level"] for f in doc["findings"]} == {"error"}


def test_invalid_config_names_the_key(tmp_path):
    (tmp_path / "stdcheck.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    p = run_cli("check", FAULTY, cwd=tmp_path)
    assert p.returncode == 2 and "fail_on" in p.stderr and "stdcheck.toml" in p.stderr
    (tmp_path / "stdcheck.toml").write_text('colour = "red"\n', encoding="utf-8")
    p = run_cli("check", FAULTY, cwd=tmp_path)
    assert p.returncode == 2 and "colour" in p.stderr


def test_rule_options_are_validated_when_the_profile_loads(tmp_path):
    (tmp_path / "p.yaml").write_text("extends: national\nrules:\n  CD101: {options: {nonsense: 1}}\n", encoding="utf-8")
    p = run_cli("check", FAULTY, "--profile", tmp_path / "p.yaml")
    assert p.returncode == 2 and "CD101" in p.stderr and "nonsense" in p.stderr
    (tmp_path / "stdcheck.toml").write_text('profile = "51-sichuan"\n[rules.CD101.options]\nnonsense = 1\n', encoding="utf-8")
    p = run_cli("check", FAULTY, cwd=tmp_path)       # a shipped profile, the options from the project's config
    assert p.returncode == 2 and "CD101" in p.stderr and "nonsense" in p.stderr


def test_a_misspelt_or_mistyped_rule_option_is_named_as_a_config_key_is(tmp_path):
    """Rule options get the messages of the config file's own keys: a misspelt option with the one it resembles,
    a value of the wrong type with the type wanted (not jsonschema's English)."""
    profile = tmp_path / "p.yaml"
    profile.write_text("extends: national\nrules:\n  EL010: {options: {require_area_cod: false}}\n", encoding="utf-8")
    p = run_cli("check", FAULTY, "--profile", profile)
    assert p.returncode == 2 and "rules.EL010.options" in p.stderr and "是否想写 require_area_code" in p.stderr
    profile.write_text("extends: national\nrules:\n  EL010: {options: {require_area_code: 3}}\n", encoding="utf-8")
    p = run_cli("check", FAULTY, "--profile", profile)
    assert p.returncode == 2 and "true 或 false" in p.stderr and "is not of type" not in p.stderr


def test_profile_extends_merges_tables(tmp_path):
    (tmp_path / "local.yaml").write_text(
        "extends: national\nname: local\ncode_tables:\n  item_type:\n    aliases: {行政审批: '01'}\n", encoding="utf-8")
    prof = Profile.load(str(tmp_path / "local.yaml"))
    assert prof.name == "local"
    assert prof.tables["item_type"].code("行政审批") == "01" and prof.tables["item_type"].code("1") == "01"
    _, doc = run_json("check", FAULTY, "--profile", tmp_path / "local.yaml", "--select", "EL006")
    assert not [f for f in doc["findings"] if f["value"] == "行政审批"]


def test_unknown_profile_is_a_config_error():
    with pytest.raises(ConfigError):
        Profile.load("no-such-profile")
    p = run_cli("check", FAULTY, "--profile", "no-such-profile")
    assert p.returncode == 2 and "no-such-profile" in p.stderr


def test_unquoted_off_disables_a_rule(tmp_path):
    (tmp_path / ".stdcheck.yaml").write_text("rules:\n  CD101: {level: off}\n", encoding="utf-8")
    _, doc = run_json("check", FAULTY, cwd=tmp_path)
    assert "CD101" not in {f["rule"] for f in doc["findings"]} and "CD110" in {f["rule"] for f in doc["findings"]}


def test_every_shipped_profile_and_every_rule_default_is_valid():
    """A check with the shipped profiles validates neither them nor the built-in rules' defaults (it does not even
    import jsonschema): this is where both are validated, and a shipped file reads the same with libyaml."""
    import jsonschema
    import yaml

    from stdcheck.config import shipped_profiles
    from stdcheck.resources import load_schema, read_yaml, rules_dir
    from stdcheck.rules import load_builtin

    schema = jsonschema.Draft202012Validator(load_schema("profile.schema.json"))
    rules = load_builtin()
    for path in sorted(set(shipped_profiles().values())):
        data = read_yaml(path)
        assert not [e.message for e in schema.iter_errors(data)], path.name
        assert data == yaml.safe_load(path.read_text(encoding="utf-8")), path.name
        for code, setting in (data.get("rules") or {}).items():
            jsonschema.validate({**rules[code].defaults(), **(setting.get("options") or {})}, rules[code].options)
    import stdcheck.messages
    messages = Path(stdcheck.messages.__file__).parent
    for path in [rules_dir() / "fields.yaml", rules_dir() / "field_docs.yaml", *sorted(messages.glob("*/*.yaml"))]:
        assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name
    for r in rules.values():
        jsonschema.Draft202012Validator.check_schema(r.options)
        jsonschema.validate(r.defaults(), r.options)


def test_a_check_loads_only_what_its_files_need(tmp_path):
    """A check with the shipped profiles validates nothing a user wrote (no jsonschema), and a sheet without
    行政区划代码 needs no GB/T 2260 table (python-stdnum's takes tens of milliseconds to read); one with a code does."""
    from tests.conftest import loaded_by
    (tmp_path / "a.csv").write_text("事项名称,基本编码,实施编码\n食品经营许可,000105001000,\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("事项名称,基本编码,行政区划代码\n食品经营许可,000105001000,110103\n", encoding="utf-8")
    seen = [loaded_by(["check", tmp_path / name, "--profile", "51-sichuan", "-o", tmp_path / f"{name}.txt"],
                      ["jsonschema", "stdnum"]) for name in ("a.csv", "b.csv")]
    assert seen == [[False, False], [False, True]]
    assert "CD402" in (tmp_path / "b.csv.txt").read_text(encoding="utf-8")       # 110103: abolished in 2010
