"""Issue 18: no injection through any output, no abort, nothing overwritten.

The hostile corpus (tests/corpus/hostile.py) through every command and every --format: nothing printed is a
line a CI runner would execute or a terminal escape, every output parses, no traceback, inputs unchanged.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET

import pytest
from openpyxl import load_workbook

from stdcheck.cli import main
from tests.conftest import ROOT, run_cli
from tests.corpus.hostile import build

# a line GitHub (`::cmd`, `##[cmd]`) or Azure (`##vso[`) would execute, even after spaces
EXECUTABLE = re.compile(r"^\s*(::|##)", re.M)
# the github reporter's own commands: the only executable lines allowed, and on stdout only
OWN_COMMAND = re.compile(r"^::(?:(?:error|warning|notice) (?:file|title)=[^:\n]*::|group::|endgroup::)")
UNREADABLE = {"far_cell": "数据区域过大", "sparse_far_cell": "数据区域过大", "long_line": "第7行超过 2097088 个字符",
              "wide_header": "第1行超过 16384 列"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "in"
    files = build(folder)
    return folder, files


def _hashes(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _formats(command: str) -> list[str]:
    [p] = [p for p in main.commands[command].params if p.name == "fmt"]
    return list(p.type.choices)


def _clean(text: str, commands_allowed: bool = False) -> None:
    """Nothing a runner executes (besides the github reporter's own commands), no terminal control."""
    for line in text.splitlines():
        if EXECUTABLE.match(line):
            assert commands_allowed and OWN_COMMAND.match(line), line
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\x9b]", text.replace("\r\n", "\n")), repr(
        re.search(".{0,40}[\x00-\x08\x0b-\x1f\x7f\x9b].{0,40}", text).group())
    assert "Traceback" not in text and "internal error" not in text
    assert "UserWarning" not in text and "site-packages" not in text


def _parses(fmt: str, data: bytes) -> None:
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(data.decode("utf-8"))
    elif fmt == "junit":
        ET.fromstring(data)
    elif fmt == "xlsx":
        load_workbook(io.BytesIO(data))
    else:
        data.decode("utf-8")


def test_check_every_format_prints_nothing_executable(hostile, tmp_path):
    folder, _ = hostile
    before = _hashes(folder)
    for fmt in _formats("check"):
        out = tmp_path / f"report.{fmt}"
        p = run_cli("check", folder.name, "--format", fmt, "-o", out, "--stats", "--jobs", "1", cwd=folder.parent)
        assert p.returncode == 2, (fmt, p.stderr)
        _clean(p.stdout)
        _clean(p.stderr)
        _parses(fmt, out.read_bytes())
        if fmt != "xlsx":
            p = run_cli("check", folder.name, "--format", fmt, "--stats", "--matrix", "--jobs", "1", cwd=folder.parent)
            assert p.returncode == 2
            _clean(p.stdout, commands_allowed=fmt == "github")
            _clean(p.stderr)
            _parses(fmt, p.stdout.encode("utf-8"))
    assert _hashes(folder) == before


def test_github_commands_escape_names_and_values(hostile):
    folder, _ = hostile
    p = run_cli("check", folder.name, "--format", "github", "--jobs", "1", cwd=folder.parent)
    lines = p.stdout.splitlines()
    assert any("x%0A%3A%3Aerror file=a.py%2Cline=1%3A%3Apwned by name.csv" in line for line in lines)
    assert any("%0A::error::pwned by value" in line for line in lines)      # the value, one line, escaped
    assert not [line for line in lines if line.lstrip().startswith("::error file=a.py")]


def test_file_name_leading_with_a_command(hostile):
    folder, files = hostile
    p = run_cli("check", files["lead_name"].name, "--format", "concise", cwd=folder)
    assert p.returncode == 1
    assert p.stdout.startswith("\\x3a:warning::lead.csv:")                   # shown, never run
    _clean(p.stdout)


def test_far_cells_and_long_lines_are_refused_and_the_batch_continues(hostile):
    folder, files = hostile
    p = run_cli("check", folder, "--format", "json", "--jobs", "1")
    doc = json.loads(p.stdout)
    status = {os.path.basename(f["path"]): f for f in doc["files"]}
    for case, phrase in UNREADABLE.items():
        entry = status[files[case].name]
        assert entry["status"] == "unreadable" and phrase in entry["error"], entry
    assert status["far_cell.xlsx"]["error"].startswith("工作表“基本目录”的数据区域过大：单元格 XFD1048576")
    assert status["styled_far_cell.xlsx"]["status"] == "ok" and status["styled_far_cell.xlsx"]["matters"] == 5
    assert status["escapes.xlsx"]["status"] == "ok"
    assert status["long_line.csv"]["matters"] == 5 and status["long_line.csv"]["partial"]   # the rows before: checked
    assert status["sniffer_quadratic.csv"]["status"] == "ok" and status["sniffer_quadratic.csv"]["matters"] == 6    # the `,"` line is a row too
    unknown = [f for f in doc["findings"] if f["rule"] == "IO001" and "many_unknown" in f["location"]["file"]]
    assert len(unknown) == 21 and sum("另有 480 个无法识别的列" in f["message"] for f in unknown) == 1
    for case, phrase in UNREADABLE.items():
        out = files[case].parent.parent / ("fixed" + files[case].suffix)
        p = run_cli("fix", files[case], "-o", out)
        assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and phrase in p.stderr, p.stderr
        assert not out.exists()
        p = run_cli("diff", files["escapes_xlsx"], files[case])
        assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and phrase in p.stderr, p.stderr


def test_fix_keeps_text_as_text_and_prints_escaped(hostile, tmp_path):
    folder, files = hostile
    p = run_cli("fix", files["formula_xlsx"], "-o", tmp_path / "f.xlsx", "--log", tmp_path / "log.csv")
    assert p.returncode == 0, p.stderr
    ws = load_workbook(tmp_path / "f.xlsx").active
    assert ws["D3"].data_type == "s" and ws["D3"].value.startswith("=HYPERLINK")         # trimmed, still text
    assert ws["A4"].data_type == "s" and ws["A4"].value == "=1+2"
    rows = list(csv.reader(io.StringIO((tmp_path / "log.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][rows[0].index("new")] .startswith("'=HYPERLINK")
    assert not [c for r in rows for c in r if c.startswith(("=", "+", "-", "@"))]
    p = run_cli("fix", files["formula_csv"], "-o", tmp_path / "f.csv")
    assert p.returncode == 0
    assert '"  =HYPERLINK(' in (tmp_path / "f.csv").read_text(encoding="utf-8")             # not trimmed into a formula
    for case in ("escapes_csv", "escapes_xlsx", "surrogate_yaml", "non_utf8_name"):
        src = files[case]
        out = tmp_path / ("fixed_" + case + src.suffix)
        p = run_cli("fix", src, "-o", out, "--log", tmp_path / f"{case}.json")
        assert p.returncode in (0, 1), (case, p.stderr)
        _clean(p.stdout)
        _clean(p.stderr)
        json.loads((tmp_path / f"{case}.json").read_bytes().decode("utf-8"))


def test_diff_every_format_prints_nothing_executable(hostile, tmp_path):
    folder, files = hostile
    pairs = [("formula_csv", "escapes_csv"), ("escapes_xlsx", "surrogate_yaml"), ("inject_name", "non_utf8_name")]
    for old, new in pairs:
        for fmt in _formats("diff"):
            out = tmp_path / f"diff.{fmt}"
            p = run_cli("diff", files[old], files[new], "--format", fmt, "-o", out)
            assert p.returncode in (0, 1), (old, new, fmt, p.stderr)
            _clean(p.stderr)
            _parses(fmt, out.read_bytes())
            if fmt != "xlsx":
                p = run_cli("diff", files[old], files[new], "--format", fmt)
                _clean(p.stdout)
                _parses(fmt, p.stdout.encode("utf-8"))


def test_template_writes_profile_values_as_text(tmp_path):
    profile = tmp_path / "hostile.yaml"
    profile.write_text("extends: national\nname: hostile\ncode_tables:\n  item_type:\n    pad: 2\n    codes:\n"
                       "      \"01\": \"=cmd|' /C calc'!A0\"\n      \"02\": \"+SUM(1,2)\"\n      \"03\": \"@evil\\x01\"\n",
                       encoding="utf-8")
    p = run_cli("template", "-p", profile, "--kind", "basic", "-o", tmp_path / "t.xlsx")
    assert p.returncode == 0, p.stderr
    wb = load_workbook(tmp_path / "t.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {c.value for c in cells} >= {"=cmd|' /C calc'!A0", "+SUM(1,2)", "@evil\\x01"}


def test_xml_forbidden_characters_leave_junit_sarif_and_xlsx_parsable(hostile, tmp_path):
    folder, files = hostile
    for fmt in ("junit", "sarif", "xlsx"):
        p = run_cli("check", files["xml_csv"], files["xml_yaml"], "--format", fmt, "-o", tmp_path / f"r.{fmt}")
        assert p.returncode == 1, p.stderr
        _parses(fmt, (tmp_path / f"r.{fmt}").read_bytes())
    text = (tmp_path / "r.junit").read_text(encoding="utf-8")
    assert "\\ufffe\\uffff]]&gt;" in text and "\\x00" in text


def test_annotate_into_an_unwritable_place_is_one_clean_line(hostile, tmp_path):
    folder, files = hostile
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    p = run_cli("check", files["openpyxl_warning"], "--annotate", blocker / "sub")
    assert p.returncode == 2
    [line] = p.stderr.strip().splitlines()
    assert line.startswith("stdcheck: 无法写入") and "file.txt" in line


def test_annotate_keeps_openpyxl_warnings_off_stderr_and_never_overwrites(hostile, tmp_path):
    folder, files = hostile
    for sub in ("r", "s"):
        (tmp_path / sub).mkdir()
        shutil.copy(files["openpyxl_warning"], tmp_path / sub / "x.xlsx")
    shutil.copy(files["openpyxl_warning"], tmp_path / "s_x.xlsx")
    out = tmp_path / "annotated"
    p = run_cli("check", tmp_path / "r", tmp_path / "s", tmp_path / "s_x.xlsx", "--annotate", out, "--format", "concise")
    _clean(p.stderr)
    written = sorted(x.name for x in out.iterdir())
    assert len(written) == 3 and len(set(n.lower() for n in written)) == 3, written
    assert p.stderr.count("已写出标注副本") == 3


def test_outputs_never_replace_files_the_run_reads(hostile, tmp_path):
    folder, files = hostile
    src = files["inject_name"]
    base = tmp_path / "base.json"
    run_cli("check", src, "--write-baseline", base, "--format", "concise")
    config = tmp_path / "cfg.yaml"
    config.write_text("lang: zh\n", encoding="utf-8")
    os.symlink(base, tmp_path / "link.json")
    os.link(config, tmp_path / "hard.yaml")
    before = {p: p.read_bytes() for p in (base, config)}
    for target in (base, config, tmp_path / "link.json", tmp_path / "hard.yaml"):
        p = run_cli("check", src, "--baseline", base, "--config", config, "--format", "json", "-o", target)
        assert p.returncode == 2 and "拒绝写入" in p.stderr, (target, p.stderr)
    assert {p: p.read_bytes() for p in (base, config)} == before
    p = run_cli("check", src, "--format", "json", "-o", tmp_path / "same.json", "--write-baseline", tmp_path / "same.json")
    assert p.returncode == 2 and "两个输出不能写到同一个文件" in p.stderr


def test_a_fifo_output_is_written_into_not_replaced(hostile, tmp_path):
    folder, files = hostile
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    p = run_cli("check", files["inject_name"], "--format", "json", "-o", fifo)
    reader.join(timeout=60)
    assert p.returncode == 1, p.stderr
    assert json.loads(got[0])["summary"]["files"] == 1
    import stat
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)                      # still the FIFO, not a regular file
    assert not list(tmp_path.glob(".stdcheck-*"))


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    from stdcheck import output

    def interrupted(*_):
        raise KeyboardInterrupt
    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(str(tmp_path / "r.json"), b"{}")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("content, phrase", [
    ("format: nope\n", "format"),
    ("a: " + "[" * 3000 + "]" * 3000 + "\n", "recursion"),
])
def test_bad_config_files_are_one_line(hostile, tmp_path, content, phrase):
    folder, files = hostile
    config = tmp_path / "cfg.yaml"
    config.write_text(content, encoding="utf-8")
    p = run_cli("check", files["inject_name"], "--config", config)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1
    assert "cfg.yaml" in p.stderr and phrase in p.stderr and "internal error" not in p.stderr


def test_bad_baseline_and_special_files_are_one_line_at_once(hostile, tmp_path):
    folder, files = hostile
    inf = tmp_path / "inf.json"
    inf.write_text('{"version": 1, "entries": [{"file": "a", "matter": "b", "element": "c", "rule": "CD101", '
                   '"count": Infinity}]}', encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for option, path in [("--baseline", inf), ("--baseline", deep), ("--baseline", fifo), ("--baseline", "/dev/zero"),
                         ("--config", fifo), ("--config", "/dev/zero"), ("--profile", fifo)]:
        start = time.monotonic()
        p = run_cli("check", files["inject_name"], option, path)
        assert time.monotonic() - start < 60
        assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1, (option, path, p.stderr)
        assert str(path) in p.stderr and "internal error" not in p.stderr


# ---------------------------------------------------------------- interruptions and crashes (worker processes)

SLOW = '''
import time
from stdcheck.rules import Standard, rule

@rule("ZZ901", "slow-rule", family="elements", level="warning", kinds={"basic"},
      standard=Standard("测试", None, "data"), title=("慢", "slow"), doc=("慢。", "slow."), fail="甲", ok="乙",
      messages={"zh": {"zz.slow": "慢"}, "en": {"zz.slow": "slow"}})
def slow_rule(m, ctx):
    if "CRASHME" in m.catalogue.path:
        import os
        os.abort()                    # a reader that dies in native code
    time.sleep(float(__import__("os").environ.get("ZZ_SLEEP", "0")))
    return ()
'''


def _plugin(tmp_path):
    path = tmp_path / "zz_rules.py"
    path.write_text(SLOW, encoding="utf-8")
    return path


def _marked_processes(marker: str) -> list[int]:
    pids = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as fh:
                    if marker.encode() in fh.read():
                        pids.append(int(pid))
            except OSError:
                pass
    return pids


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_interrupted_runs_stop_their_workers_and_exit_130_or_143(hostile, tmp_path, sig, code):
    folder, files = hostile
    batch = tmp_path / f"batch_{sig.name}"
    batch.mkdir()
    for i in range(3):
        shutil.copy(files["inject_name"], batch / f"f{i}.csv")
    env = {**os.environ, "ZZ_SLEEP": "5"}
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.Popen([sys.executable, "-m", "stdcheck", "check", str(batch), "-j", "2", "--rules-path",
                             str(_plugin(tmp_path)), "--select", "ZZ901", "-o", str(batch / "r.json")],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while len(_marked_processes(str(batch))) < 2 and time.monotonic() < deadline:   # the workers are running
        time.sleep(0.1)
    time.sleep(0.5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "Traceback" not in err and "已中断" in err
    time.sleep(0.5)
    assert _marked_processes(str(batch)) == [], "no worker left running"
    assert not list(batch.glob(".stdcheck-*")) and not (batch / "r.json").exists()


def test_a_crashing_reader_loses_only_its_own_file(hostile, tmp_path):
    folder, files = hostile
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("a.csv", "CRASHME.csv", "b.csv"):
        shutil.copy(files["inject_name"], batch / name)
    p = run_cli("check", batch, "-j", "2", "--rules-path", _plugin(tmp_path), "--select", "ZZ901,CD101",
                "--format", "json")
    doc = json.loads(p.stdout)
    assert p.returncode == 2, p.stderr
    status = {os.path.basename(f["path"]): f["status"] for f in doc["files"]}
    assert status == {"a.csv": "ok", "CRASHME.csv": "unreadable", "b.csv": "ok"}
    assert [f["rule"] for f in doc["findings"]] == ["CD101", "CD101"]


def test_a_config_cannot_run_code_from_elsewhere_and_no_plugins_runs_none(hostile, tmp_path):
    folder, files = hostile
    repo, elsewhere = tmp_path / "repo", tmp_path / "elsewhere"
    repo.mkdir()
    elsewhere.mkdir()
    code = 'import sys\nprint("PLUGIN-RAN", file=sys.stderr)\n'
    (elsewhere / "evil.py").write_text(code, encoding="utf-8")
    (repo / "own.py").write_text(code, encoding="utf-8")
    shutil.copy(files["inject_name"], repo / "in.csv")
    (repo / ".stdcheck.yaml").write_text("rules-path: [../elsewhere/evil.py, own.py]\n", encoding="utf-8")
    p = run_cli("check", "in.csv", "--format", "concise", cwd=repo)
    assert p.stderr.count("PLUGIN-RAN") == 1                       # own.py, inside the config's folder
    assert "../elsewhere/evil.py" in p.stderr and "之外，拒绝加载" in p.stderr
    p = run_cli("check", "in.csv", "--format", "concise", "--no-plugins", cwd=repo)
    assert "PLUGIN-RAN" not in p.stderr and p.returncode == 1


def test_styled_empty_rows_are_not_loaded_for_annotate_and_fix(hostile, tmp_path):
    """300,000 styled empty rows after the data (18 MB of XML): cut before openpyxl loads the workbook
    (benchmarks: 18 s and 376 MB before, 2 s and 84 MB after); the copy keeps every row with data."""
    folder, files = hostile
    src = files["styled_empty_rows"]
    p = run_cli("check", src, "--annotate", tmp_path / "ann", "--select", "CD101", "--format", "concise")
    assert p.returncode == 1 and "已写出标注副本" in p.stderr, p.stderr
    ws = load_workbook(tmp_path / "ann" / src.name).active
    assert ws.max_row == 6 and ws["B2"].comment is not None and "CD101" in ws["B2"].comment.text
    p = run_cli("fix", src, "-o", tmp_path / "fixed.xlsx", "--codes", "code")
    assert p.returncode in (0, 1) and "共修复" in p.stdout, p.stdout + p.stderr
    fixed = load_workbook(tmp_path / "fixed.xlsx").active
    assert fixed.max_row == 6 and fixed["A2"].value == ws["A2"].value


def _refs():
    from hypothesis import strategies as st
    # mostly a few columns and nearby rows (so that blocks after the first are often ordinary), sometimes anything
    few = st.sampled_from(["A", "B", "K", "Z", "AA", "AK", "AP", "BA", "ZZ"])
    letters = st.one_of(few, few, few, st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3))
    near = st.integers(95, 130).map(str)
    digits = st.one_of(near, near, near, st.integers(1, 1_048_576).map(str),
                       st.text("0123456789", min_size=1, max_size=8))
    return st.lists(st.tuples(st.sampled_from(["c", "x:c", "row"]), letters, digits), min_size=1, max_size=80)


def test_the_far_cell_pass_finds_the_bounds_every_reference_gives():
    """The pass before calamine reads a sheet (limits._extent) finds the columns and first and last row of the
    cell references; where polars' regex says a block holds no new column and no row outside the range so far, it
    makes no object per cell. With polars or without, in any order and any cut into blocks, the bounds must be the
    ones every reference gives (references out of order, with leading zeros, of 8 digits, of 3 letters)."""
    from hypothesis import given, settings, strategies as st

    from stdcheck.sources import limits
    look = limits._Bounds._look
    told = []

    def counted(self, text, refs):
        told.append(look(self, text, refs))
        return told[-1]

    @settings(max_examples=300, deadline=None)
    @given(_refs(), st.lists(st.integers(0, 100), max_size=12), st.booleans())
    def check(refs, cuts, polars):
        xml = "".join(f'<{tag} r="{col}{row}">' if tag != "row" else f'<row r="{row}"><{tag}>'
                      for tag, col, row in refs).encode()
        starts = sorted({0, *(i for i in (xml.find(b"<", c * len(xml) // 100) for c in cuts) if i > 0)})
        bounds = limits._Bounds()
        limits._Bounds._look = counted
        try:
            for a, b in zip(starts, [*starts[1:], len(xml)]):
                bounds.scan(xml[a:b], limits._text(xml[a:b]) if polars else None)
        finally:
            limits._Bounds._look = look
        rows = {int(r) for r in limits._ROWS.findall(xml)}
        assert bounds.cols == set(limits._COLS.findall(xml))
        assert (bounds.lo, bounds.hi) == ((min(rows), max(rows)) if rows else (None, None))
    check()
    met = [m for _, m in told]
    assert any(met) and not all(met), "the blocks without anything new were not told apart"


def test_a_far_cell_behind_bytes_that_are_not_text_is_refused(tmp_path):
    """A block of the sheet XML that is not UTF-8 cannot be handed to polars' regex: its references are read one
    by one, so bytes that are not text cannot hide a far cell (polars raised on them, and the pass gave up)."""
    import zipfile

    from stdcheck.errors import InputError
    from stdcheck.sources import limits
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 40001))    # > 1 MB
    xml = (f"<worksheet><sheetData>{rows}".encode() + b'<row r="40001"><c r="B40001" t="inlineStr"><is><t>\xff\xfe'
           b'</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    path = tmp_path / "far.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(path) as zf, pytest.raises(InputError) as err:
        limits.check_extent(zf, "xl/worksheets/sheet1.xml", "基本目录")
    assert err.value.message == "input.sheet_extent" and err.value.params["cell"] == "XFD1048576"


def test_the_far_cell_patterns_say_exactly_what_is_new():
    """The two patterns of that pass: rows outside lo..hi (a leading zero: always), columns not met before."""
    import random
    from itertools import product

    from stdcheck.sources.limits import LETTERS, _new_column, _outside
    rng = random.Random(7)
    texts = [str(n) for n in range(1, 2500)] + ["0", "00", "07", "0100"] + \
        [str(rng.randint(1, 9_999_999)) for _ in range(3000)]
    for lo, hi in [(1, 1), (1, 100_002), (57, 103), (95, 130), (100, 100), (115, 2013), (999, 1000), (1, 9_999_999),
                   *sorted((sorted(rng.sample(range(1, 1_100_000), 2)) for _ in range(40)))]:
        pattern = re.compile(_outside(lo, hi))
        wrong = [t for t in texts if bool(pattern.fullmatch(t)) != (t[0] == "0" or not lo <= int(t) <= hi)]
        assert not wrong, (lo, hi, wrong[:5])
    names = [*LETTERS, *map("".join, product(LETTERS, repeat=2))]
    for _ in range(40):
        cols = set(rng.sample(names, rng.randint(1, 60)))
        pattern = re.compile(_new_column({c.encode() for c in cols}))
        assert all(bool(pattern.fullmatch(n)) == (n not in cols) for n in [*names, "AAA", "XFD"]), cols
    assert _new_column({b"A", b"AAA"}) is None                  # three letters known: every reference is read


def test_the_far_cell_pass_inflates_ahead_and_stops_its_thread(tmp_path):
    """The sheet XML is inflated by a thread one block ahead of the scan. A damaged part raises in the pass
    (where the block would be), and the thread is gone after the pass, whether it ended, failed or was left early."""
    import zipfile

    from stdcheck.sources import limits
    xml = "<worksheet><sheetData>" + "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>'
                                             for i in range(1, 200_001)) + "</sheetData></worksheet>"
    path = tmp_path / "s.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)

    def inflating():
        return [t for t in threading.enumerate() if t.name == "stdcheck-inflate"]
    with zipfile.ZipFile(path) as zf:
        assert limits._extent(zf, "xl/worksheets/sheet1.xml", False) == (1, 200_000, 1, 1, 200_000)
        blocks = limits._blocks(zf, "xl/worksheets/sheet1.xml")
        assert next(blocks)[0].startswith(b"<worksheet>") and inflating()
        blocks.close()
        assert not inflating()
    data = path.read_bytes()
    at = data.index(b'<v>123456</v>')
    path.write_bytes(data[:at] + b'<v>923456</v>' + data[at + 13:])      # the stored bytes no longer match the CRC
    with zipfile.ZipFile(path) as zf, pytest.raises(zipfile.BadZipFile):
        limits._extent(zf, "xl/worksheets/sheet1.xml", False)
    assert not inflating()
