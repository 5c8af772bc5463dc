"""四级四同 end to end: the sample set shows every XL finding kind, --jobs 1 and 2 agree, the levels
mapping and --matrix work, and the index keeps one entry per distinct set of values."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from stdcheck.cli import main
from stdcheck.crosslevel.index import Index
from stdcheck.testing import catalogue

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "四级四同"


def test_samples_show_every_kind():
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--format", "concise", "--isolated", "--jobs", "1"])
    codes = {f"XL00{i}" for i in range(1, 9)}
    assert all(c in r.output for c in codes), r.output
    assert r.exit_code == 1


def test_jobs_identical():
    one = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--format", "concise", "--isolated", "--jobs", "1"])
    two = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--format", "concise", "--isolated", "--jobs", "2"])
    assert one.output == two.output and one.output.count("XL0") >= 10


def test_matrix_in_terminal_and_xlsx(tmp_path):
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--isolated", "--matrix", "--no-color", "--jobs", "1"])
    assert "四级四同矩阵" in r.output and "000105002000" in r.output and "✗" in r.output
    out = tmp_path / "r.xlsx"
    CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL", "--isolated", "--matrix", "--format", "xlsx",
                              "-o", str(out), "--jobs", "1"])
    ws = load_workbook(out)["四级四同"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True)}
    assert rows["000105002000"][2:6] == ("一致", "未列入", "不一致", "一致")
    assert rows["000605099000"][5] == "上级无此事项"


def test_levels_mapping_from_config(tmp_path):
    cfg = tmp_path / "stdcheck.yaml"
    cfg.write_text("levels:\n  '*3_广州市*': 省级\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", str(SAMPLES), "--select", "XL008", "--config", str(cfg), "--format", "concise",
                                  "--jobs", "1"])
    lines = [l for l in r.output.splitlines() if "3_广州市" in l]
    assert lines and "level" not in lines[0] and "省级" in lines[0] and "市级" in lines[0], r.output


def test_level_unknown_is_reported():
    from stdcheck.testing import check_rows
    found = check_rows("XL008", [{"事项名称": "甲", "基本编码": "000105001000", "行使层级": "市级,县级"}],
                       kind="implementation", level=None)
    assert [f.message for f in found] == ["crosslevel.level_unknown"]


def test_index_keeps_distinct_values_only():
    rows = [{"事项名称": "食品经营许可", "基本编码": "000105001000", "实施编码": "11440113MB1558081X4000105001000",
             "事项类型": "行政许可", "设定依据": "《食品安全法》第35条", "行使层级": "县级"}] * 500
    cat = catalogue(rows, "implementation", "县级")
    index = Index()
    index.start(cat)
    for m in cat.matters:
        index.row(m)
    [(key, (row, _, count))] = index.parts[0].entries.items()
    assert (row, count) == (2, 500)
