"""Which files a check reads and reports: the config's `catalogues:`, types in a pre-commit batch, paths with no
catalogue file."""
from __future__ import annotations

import shutil

from .conftest import SAMPLES, run_cli, run_json

LEVELS = SAMPLES / "四级四同"


def levels_repo(tmp_path, catalogues: str):
    for p in LEVELS.glob("*.xlsx"):
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / ".stdcheck.yaml").write_text(f"catalogues: {catalogues}\n", encoding="utf-8")
    return tmp_path


def test_config_catalogues_feed_the_cross_level_rules_but_only_named_files_are_reported(tmp_path):
    levels_repo(tmp_path, '["1_*.xlsx", "2_广东省实施清单.xlsx"]')
    p, doc = run_json("check", "3_广州市实施清单.xlsx", "--select", "XL", cwd=tmp_path)
    assert p.returncode == 1, p.stderr
    assert {f["rule"] for f in doc["findings"]} >= {"XL002", "XL003", "XL004"}
    assert {f["location"]["file"] for f in doc["findings"]} == {"3_广州市实施清单.xlsx"}
    assert [f["path"] for f in doc["files"]] == ["3_广州市实施清单.xlsx"]
    assert "1_国家基本目录.xlsx 基本目录!A3" in next(f["message"] for f in doc["findings"] if f["rule"] == "XL002")


def test_a_catalogue_named_on_the_command_line_and_in_the_config_is_reported_once(tmp_path):
    levels_repo(tmp_path, '["*.xlsx"]')
    p, doc = run_json("check", "1_国家基本目录.xlsx", "3_广州市实施清单.xlsx", "--select", "XL", cwd=tmp_path)
    assert [f["path"] for f in doc["files"]] == ["1_国家基本目录.xlsx", "3_广州市实施清单.xlsx"]


def test_a_catalogues_glob_matching_nothing_is_said(tmp_path):
    levels_repo(tmp_path, '["省级/*.xlsx"]')
    p = run_cli("check", "3_广州市实施清单.xlsx", "--select", "XL", cwd=tmp_path)
    assert "配置项 catalogues 中的“省级/*.xlsx”没有匹配任何目录文件" in p.stderr


def test_skip_unknown_leaves_other_types_out_with_a_note_and_matches_any_case(tmp_path):
    shutil.copy(SAMPLES / "clean" / "基本目录_国家级.xlsx", tmp_path / "基本目录.XLSX")
    (tmp_path / "README.md").write_text("# x\n", encoding="utf-8")
    p = run_cli("check", "README.md", "基本目录.XLSX", "--skip-unknown", cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "跳过 README.md：不是目录文件" in p.stderr
    p = run_cli("check", "README.md", cwd=tmp_path)          # named without the flag: an unsupported input
    assert p.returncode == 2


def test_a_folder_without_catalogue_files_is_an_error(tmp_path):
    (tmp_path / "空").mkdir()
    (tmp_path / "空" / "说明.txt").write_text("x", encoding="utf-8")
    p = run_cli("check", "空", cwd=tmp_path)
    assert p.returncode == 2 and "在 空 中没有找到目录文件" in p.stderr
    p = run_cli("check", "空", "--lang", "en", cwd=tmp_path)
    assert p.returncode == 2 and "no catalogue file found in 空" in p.stderr
