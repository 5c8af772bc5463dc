"""The terminal (issue 15): colour, click's texts in the user's language, option groups, --quiet, --statistics, a GBK
console, config discovery per checked file with --show-settings/--show-files, did-you-mean, explain by title."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import SAMPLES, run_cli, run_json

FAULTY = SAMPLES / "faulty"
LEVELS = SAMPLES / "四级四同"


def run_bytes(*args, env=None):
    e = {**os.environ, **(env or {})}
    e.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "stdcheck", *map(str, args)], capture_output=True, env=e, timeout=600)


@pytest.mark.parametrize("args", [("check", LEVELS, "--matrix"), ("check", LEVELS, "--stats", "--statistics"),
                                  ("check", FAULTY, "--format", "concise"), ("rules",), ("explain", "XL")])
def test_every_output_survives_a_gbk_console(args):
    p = run_bytes(*args, env={"PYTHONIOENCODING": "gbk"})
    err = p.stderr.decode("gbk")
    assert p.returncode in (0, 1) and "internal error" not in err and "Traceback" not in err, err
    out = p.stdout.decode("gbk")                                 # what a Chinese Windows console shows
    assert out.strip()
    if "--matrix" in args:
        assert "四级四同矩阵" in out and "v 一致" in out and "✓" not in out   # marks the console has


def test_colour_follows_the_terminal_and_the_option():
    assert "\x1b[" in run_cli("check", FAULTY, "--color", "always").stdout
    assert "\x1b[" not in run_cli("check", FAULTY).stdout                      # a pipe: no colour
    assert "\x1b[" not in run_cli("check", FAULTY, "--color", "always", "--no-color").stdout
    import pty
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    p = subprocess.Popen([sys.executable, "-m", "stdcheck", "check", str(FAULTY)], stdout=slave,
                         stderr=subprocess.DEVNULL, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    p.wait(timeout=600)
    os.close(master)
    assert b"\x1b[" in b"".join(chunks)                                        # a terminal: colour by default


def test_click_speaks_the_users_language_with_did_you_mean():
    p = run_cli("check", FAULTY, "--foramt", "json")
    assert p.returncode == 2 and "错误：没有这个选项 '--foramt'" in p.stderr and "是否想用其中之一：'--format'" in p.stderr
    assert "用法：" in p.stderr and "Usage" not in p.stderr
    p = run_cli("check", FAULTY, "--foramt", "json", "--lang", "en")
    assert "Error: No such option '--foramt'" in p.stderr and "Usage:" in p.stderr
    p = run_cli("chek", FAULTY)
    assert "没有这个命令 'chek'" in p.stderr and "'check'" in p.stderr


def test_help_shows_options_in_groups_with_examples():
    out = run_cli("check", "--help").stdout
    for heading in ("用法：", "输出:", "规则选择:", "输入与配置:", "基线:", "读取上限:", "运行:", "示例:"):
        assert heading in out, heading
    assert out.index("--format") < out.index("规则选择:") < out.index("--select") < out.index("读取上限:")
    assert "stdcheck check catalogue/ --format xlsx -o 检查报告.xlsx" in out and "显示本帮助并退出。" in out
    en = run_cli("check", "--help", "--lang", "en").stdout
    assert "Usage:" in en and "Output:" in en and "Examples:" in en and "Show this message and exit." in en


def test_quiet_prints_the_findings_only(tmp_path):
    p = run_cli("check", FAULTY, "--quiet", "--annotate", tmp_path / "标注")
    assert p.returncode == 1 and "CD101" in p.stdout
    assert "检查汇总" not in p.stdout and "文件 4 个" not in p.stdout and p.stderr == ""


def test_statistics_counts_per_rule_and_marks_what_fix_repairs():
    p = run_cli("check", FAULTY, "--statistics")
    assert p.returncode == 1
    lines = p.stdout.splitlines()
    assert lines[0].split()[:2] == ["6", "EL103"]                          # the most frequent rule first
    cd001 = next(x for x in lines if " CD001 " in x)
    assert "[*]" in cd001 and "编码单元格存为数字" in cd001
    assert not [x for x in lines if " CD101 " in x and "[*]" in x]
    assert lines[-1].endswith("个问题可用 stdcheck fix 修复（标有 [*] 的规则）")
    assert "实施清单!" not in p.stdout                                      # the table replaces the list
    en = run_cli("check", FAULTY, "--statistics", "--lang", "en").stdout
    assert "can be repaired with stdcheck fix" in en


def test_the_closest_config_to_each_file_wins(tmp_path):
    for folder, rule in (("甲", "CD001"), ("乙", "EL006")):
        (tmp_path / folder).mkdir()
        shutil.copy(FAULTY / "基本目录_有问题.yaml", tmp_path / folder / "目录.yaml")
        (tmp_path / folder / ".stdcheck.yaml").write_text(f"select: [{rule}]\n", encoding="utf-8")
    p, doc = run_json("check", "甲", "乙", cwd=tmp_path)
    assert {(f["location"]["file"].split(os.sep)[0], f["rule"]) for f in doc["findings"]} == {("甲", "CD001"),
                                                                                              ("乙", "EL006")}
    p, doc = run_json("check", tmp_path / "甲", cwd=tmp_path / "乙")          # the file's config, not the cwd's
    assert {f["rule"] for f in doc["findings"]} == {"CD001"}
    files = run_cli("check", "甲", "乙", "--show-files", cwd=tmp_path)
    assert files.returncode == 0
    assert files.stdout.splitlines() == [f"配置文件：{tmp_path / '甲' / '.stdcheck.yaml'}", f"  {os.path.join('甲', '目录.yaml')}",
                                         f"配置文件：{tmp_path / '乙' / '.stdcheck.yaml'}", f"  {os.path.join('乙', '目录.yaml')}"]
    settings = run_cli("check", "甲", "--show-settings", cwd=tmp_path).stdout
    assert "规则配置 national" in settings and "    CD001 编码单元格存为数字 [error]" in settings and "EL006" not in settings


def test_a_misspelt_config_key_is_named_with_a_suggestion_in_the_users_language(tmp_path):
    (tmp_path / ".stdcheck.yaml").write_text("catalouges: [a.xlsx]\n", encoding="utf-8")
    p = run_cli("check", FAULTY, cwd=tmp_path)
    assert p.returncode == 2 and "未知的配置项 catalouges，是否想写 catalogues？" in p.stderr
    assert "Additional properties" not in p.stderr
    p = run_cli("check", FAULTY, "--lang", "en", cwd=tmp_path)
    assert "unknown key catalouges; did you mean catalogues?" in p.stderr
    (tmp_path / ".stdcheck.yaml").write_text("fail_on: sometimes\n", encoding="utf-8")
    assert "取值 'sometimes' 无效，可用：error、warning、info" in run_cli("check", FAULTY, cwd=tmp_path).stderr


def test_explain_takes_prefixes_names_and_chinese_titles():
    assert run_cli("explain", "基本编码格式").stdout.startswith("CD101 basic-code-format — 基本编码格式")
    assert run_cli("explain", "basic-code-format").stdout.startswith("CD101 ")
    prefix = run_cli("explain", "XL").stdout
    assert [x.split()[0] for x in prefix.splitlines() if x.startswith("XL0") and " — " in x][:3] == ["XL001", "XL002", "XL003"]
    assert "EL101 " in run_cli("explain", "时限").stdout                      # a word of the title
    p = run_cli("explain", "basic-code-formt")
    assert p.returncode == 2 and "是否想查 basic-code-format" in p.stderr
