"""The pre-commit hook, run by the real pre-commit tool in a throwaway git repository: a commit that changes one
level is checked against the levels above it (config `catalogues:`), and other file types are skipped."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, SAMPLES

pytest.importorskip("pre_commit", reason="the pre-commit tool is a test dependency")
if shutil.which("git") is None:
    pytest.skip("git is not installed", allow_module_level=True)

LEVELS = SAMPLES / "四级四同"


def git(repo: Path, *args, env=None):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture
def repo(tmp_path):
    """A catalogue repository with the national, provincial and district lists committed, the hook installed
    as a catalogue repository's .pre-commit-config.yaml would (the shipped hook, run locally: no network)."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook.update(language="system", files="^catalogue/")            # the README's `files:` override
    work = tmp_path / "repo"
    (work / "catalogue").mkdir(parents=True)
    for name in ("1_国家基本目录.xlsx", "2_广东省实施清单.xlsx", "4_番禺区实施清单.xlsx"):
        shutil.copy(LEVELS / name, work / "catalogue" / name)
    (work / ".pre-commit-config.yaml").write_text(
        yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}, allow_unicode=True), encoding="utf-8")
    (work / ".stdcheck.yaml").write_text('catalogues: ["catalogue/*.xlsx"]\n', encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x",
           "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    env.pop("GITHUB_ACTIONS", None)
    assert git(work, "init", "-q", env=env).returncode == 0
    git(work, "add", "-A", env=env)
    assert git(work, "commit", "-q", "--no-verify", "-m", "levels", env=env).returncode == 0
    p = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=work, capture_output=True, text=True,
                       env=env, timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    return work, env


def test_a_commit_of_one_level_is_checked_against_the_levels_above(repo):
    work, env = repo
    shutil.copy(LEVELS / "3_广州市实施清单.xlsx", work / "catalogue" / "3_广州市实施清单.xlsx")
    (work / "catalogue" / "README.md").write_text("# 目录\n", encoding="utf-8")
    git(work, "add", "-A", env=env)
    p = git(work, "commit", "-m", "广州市", env=env)
    out = p.stdout + p.stderr
    assert p.returncode != 0, out                               # blocked by the cross-level errors
    assert "XL002" in out and "XL003" in out and "XL004" in out
    assert "3_广州市实施清单.xlsx" in out and "实施清单!A3" in out
    assert "4_番禺区" not in out                                 # unchanged levels: not reported
    assert "跳过 catalogue/README.md" in out and "stdcheck: 在" not in out


def test_a_commit_without_catalogue_files_passes(repo):
    work, env = repo
    (work / "catalogue" / "README.md").write_text("# 目录\n", encoding="utf-8")
    git(work, "add", "-A", env=env)
    p = git(work, "commit", "-m", "readme", env=env)
    assert p.returncode == 0, p.stdout + p.stderr
