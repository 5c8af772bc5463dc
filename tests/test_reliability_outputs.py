"""Issue 8, nothing lost: inputs are never written, outputs are written atomically, racing writers
leave one complete file. Formats and commands are taken from the click objects, so new ones are covered."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import click
import pytest

from stdcheck.cli import main
from tests.conftest import ROOT, SAMPLES, run_cli
from tests.corpus.make_corpus import build

# commands that read catalogue files; a new such command must be added here (the test below says so)
READS_INPUT = {"check", "diff", "fix"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    for sub in ("clean", "faulty"):
        shutil.copytree(SAMPLES / sub, folder / sub)
    corpus = tmp_path_factory.mktemp("corpus_for_outputs")
    files = build(corpus)
    for name in ("good.xlsx", "legacy.xls", "utf8.csv", "gb18030.csv", "duplicate_keys.yaml", "xxe.xlsx",
                 "truncated.xlsx", "formulas.xlsx", "control_emoji.xlsx"):
        shutil.copy(files[name], folder / name)
    return folder


def _hashes(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _choices(command: str, param: str = "fmt") -> list[str]:
    [p] = [p for p in main.commands[command].params if p.name == param]
    return list(p.type.choices)


def test_every_command_that_reads_files_is_covered():
    takes_paths = {name for name, cmd in main.commands.items()
                   if any(isinstance(p, click.Argument) and p.name != "code" for p in cmd.params)}
    assert takes_paths <= READS_INPUT, f"add {takes_paths - READS_INPUT} to the input-hash test"


def test_check_never_writes_its_inputs(inputs, tmp_path):
    before = _hashes(inputs)
    for fmt in _choices("check"):
        out = tmp_path / f"report.{fmt}"
        p = run_cli("check", inputs, "--format", fmt, "-o", out, "--jobs", "2")
        assert p.returncode in (1, 2), (fmt, p.stderr)
        assert "Traceback" not in p.stderr
        assert out.stat().st_size > 0
        if fmt not in ("xlsx",):                        # the text formats also go to stdout
            p = run_cli("check", inputs, "--format", fmt, "--jobs", "1")
            assert p.returncode in (1, 2) and "Traceback" not in p.stderr
    run_cli("check", inputs, "--annotate", tmp_path / "annotated", "--write-baseline", tmp_path / "base.json")
    run_cli("check", inputs, "--baseline", tmp_path / "base.json")
    assert _hashes(inputs) == before
    assert not list(tmp_path.glob(".stdcheck-*")), "no temporary files left behind"


def test_diff_and_fix_never_write_their_inputs(inputs, tmp_path):
    before = _hashes(inputs)
    old, new = inputs / "clean" / "实施清单_灵山县.xlsx", inputs / "clean" / "实施清单_灵山县.yaml"
    for fmt in _choices("diff"):
        run_cli("diff", old, new, "--format", fmt, "-o", tmp_path / f"diff.{fmt}")
    for src in [inputs / "good.xlsx", inputs / "utf8.csv", inputs / "faulty" / "基本目录_有问题.yaml"]:
        out = tmp_path / ("fixed" + src.suffix)
        p = run_cli("fix", src, "-o", out, "-q")
        assert "Traceback" not in p.stderr
        p = run_cli("fix", src, "-o", src, "-q")          # the input as output is refused
        assert p.returncode == 2
    assert _hashes(inputs) == before


def test_output_over_an_input_is_refused(inputs):
    before = _hashes(inputs)
    target = inputs / "clean" / "基本目录_国家级.xlsx"
    for fmt in ("json", "xlsx"):
        p = run_cli("check", inputs / "clean", "--format", fmt, "-o", target)
        assert p.returncode == 2 and "Traceback" not in p.stderr
    assert _hashes(inputs) == before


def _racers(args: list[list[str]]):
    env = {**os.environ}
    env.pop("GITHUB_ACTIONS", None)
    procs = [subprocess.Popen([sys.executable, "-m", "stdcheck", *map(str, a)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for a in args]
    return [(p.wait(timeout=600), p.stderr.read().decode()) for p in procs]


@pytest.mark.parametrize("round_", range(3))
def test_two_processes_writing_one_report_leave_one_complete_file(inputs, tmp_path, round_):
    out = tmp_path / "report.json"
    results = _racers([["check", inputs / "faulty", "--format", "json", "-o", out, "--jobs", "1"],
                       ["check", inputs / "clean", inputs / "faulty", "--format", "json", "-o", out, "--jobs", "1"]])
    assert all("Traceback" not in err for _, err in results)
    doc = json.loads(out.read_text(encoding="utf-8"))            # one complete, valid document
    faulty = len(list((inputs / "faulty").iterdir()))
    assert doc["summary"]["files"] in (faulty, faulty + len(list((inputs / "clean").iterdir())))
    assert not list(tmp_path.glob(".stdcheck-*"))


def test_two_processes_writing_one_baseline_leave_one_complete_file(inputs, tmp_path):
    runs = {"faulty": ["check", inputs / "faulty"], "all": ["check", inputs]}
    alone = {}
    for name, args in runs.items():                  # each writer's baseline, written alone
        run_cli(*args, "--write-baseline", tmp_path / f"{name}.json", "--format", "concise")
        alone[name] = (tmp_path / f"{name}.json").read_bytes()
    base = tmp_path / "baseline.json"
    _racers([[*args, "--write-baseline", base, "--format", "concise"] for args in runs.values()])
    written = base.read_bytes()
    assert written in alone.values()                 # one writer's complete file, never a mixture
    winner = next(name for name, data in alone.items() if data == written)
    p = run_cli(*runs[winner], "--baseline", base, "--format", "json")
    assert json.loads(p.stdout)["summary"]["error"] == 0
