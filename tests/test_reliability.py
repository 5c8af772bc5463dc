"""Issue 8: hostile and broken input never crashes stdcheck, never loses data.

Every file of the generated corpus (tests/corpus/make_corpus.py) gets either a correct reading or a
one-line error naming the file (and sheet/row/cell where it applies), exit code 2, no traceback, and the
other files of the batch are still checked.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest

from stdcheck.sources import InputError, ReadOptions, read
from tests.conftest import run_cli
from tests.corpus.make_corpus import BOMB_MB, build

CJK = re.compile(r"[\u4e00-\u9fff]")

# name -> a phrase of the Chinese error (None: the file reads correctly)
UNREADABLE = {
    "text_renamed.xlsx": "文件内容是文本",
    "truncated.xlsx": "工作簿文件不完整",
    "not_workbook.xlsx": "没有工作簿内容",
    "encrypted.xlsx": "工作簿已加密",
    "empty.xlsx": "文件为空", "empty.xls": "文件为空", "empty.csv": "文件为空", "empty.yaml": "文件为空",
    "no_header.xlsx": "未找到表头行",
    "over_long_cell.xlsx": "单元格 基本目录!D2 有 40000 个字符",
    "huge_field.csv": "第7行有单元格超过长度上限",
    "bad_bytes_midway.csv": "第7行附近的字节不符合",
    "syntax_error.yaml": "YAML 语法错误（第4行）",
    "billion_laughs.yaml": "别名炸弹",
    "python_tag.yaml": "不允许的标签 !!python/object/apply:os.system（第2行）",
    "duplicate_top_keys.yaml": "键“matters”重复（第4行，首次出现在第1行）",
    "deep_nesting.yaml": "嵌套超过 100 层",
    "zip_bomb.xlsx": "疑似压缩炸弹",
    "xxe.xlsx": "xl/worksheets/sheet1.xml 含有 DOCTYPE/ENTITY",
    "lying_sizes.xlsx": "工作表“基本目录”无法读取：I/O error: File is larger than its declared uncompressed size",
    "bad_sheet_xml.xlsx": "工作表“基本目录”无法读取：XmlError",
    "xxe_workbook.xlsx": "xl/workbook.xml 含有 DOCTYPE/ENTITY",
}
# name -> matters read
READABLE = {
    "good.xlsx": 5, "legacy.xls": 5, "header_only.xlsx": 0, "duplicate_headers.xlsx": 5,
    "merged_header.xlsx": 5, "formulas.xlsx": 5, "dates_times.xlsx": 5, "hidden.xlsx": 5,
    "long_cells.xlsx": 2, "control_emoji.xlsx": 5, "utf8.csv": 5, "utf8_bom.csv": 5, "gb18030.csv": 5,
    "utf16.csv": 5, "mixed_eol.csv": 5, "control_emoji.csv": 5, "nul_midway.csv": 61, "duplicate_keys.yaml": 1,
    "unclosed_quote.csv": 10,      # RFC 4180: the open quote runs to the next quote character
}


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    files = build(folder)
    assert set(files) == set(UNREADABLE) | set(READABLE), "every corpus file has an expected outcome"
    return folder


@pytest.fixture(scope="session")
def batch(corpus):
    """One run over the whole corpus, as CI would run it on a folder of pushed files."""
    p = run_cli("check", corpus, "--format", "json", "--jobs", "1", cwd=corpus)
    return p, json.loads(p.stdout)


@pytest.fixture(scope="session")
def batch_en(corpus):
    p = run_cli("check", corpus, "--format", "json", "--lang", "en", "--jobs", "1", cwd=corpus)
    return p, json.loads(p.stdout)


def _entries(doc, name):
    return [f for f in doc["files"] if f["path"].endswith("/" + name) or f["path"] == name]


def test_batch_exit_code_and_no_traceback(batch):
    p, doc = batch
    assert p.returncode == 2
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr
    assert doc["summary"]["unreadable"] == len(UNREADABLE)


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_files_get_one_clear_line(batch, batch_en, name):
    [entry] = _entries(batch[1], name)
    assert entry["status"] == "unreadable"
    assert UNREADABLE[name] in entry["error"]
    assert "\n" not in entry["error"]
    [en] = _entries(batch_en[1], name)
    # English names no Chinese words of its own: only a sheet name may be Chinese
    assert not CJK.search(en["error"].replace("基本目录", "")), en["error"]


@pytest.mark.parametrize("name", sorted(READABLE))
def test_readable_files_are_read_and_checked_in_the_same_batch(batch, name):
    entries = _entries(batch[1], name)
    assert [e["status"] for e in entries] == ["ok"] * len(entries)
    assert sum(e["matters"] for e in entries) == READABLE[name]


@pytest.mark.parametrize("name", sorted(UNREADABLE)[:6])
def test_single_file_exit_2_and_file_named(corpus, name):
    for fmt in ("text", "concise"):
        p = run_cli("check", corpus / name, "--format", fmt, "--jobs", "1")
        assert p.returncode == 2
        assert "Traceback" not in p.stderr + p.stdout
        assert name in p.stdout


def _values(path, **opts):
    [cat] = read(str(path), ReadOptions(**opts))
    return cat, [m.values for m in cat.matters]


def test_formulas_use_cached_values(corpus):
    _, rows = _values(corpus / "formulas.xlsx")
    _, plain = _values(corpus / "good.xlsx")
    assert [r["basic_code"] for r in rows] == [r["basic_code"] for r in plain]


def test_dates_and_times_read_as_iso_text(corpus):
    _, rows = _values(corpus / "dates_times.xlsx")
    assert rows[0]["handle_time"] == "09:30:00"
    assert rows[0]["version"] == "2024-01-15"


def test_hidden_sheet_skipped_hidden_rows_checked(corpus):
    cats = read(str(corpus / "hidden.xlsx"), ReadOptions())
    assert [c.sheet for c in cats] == ["基本目录"]
    assert [m.row for m in cats[0].matters] == [2, 3, 4, 5, 6]


def test_long_control_and_emoji_cells_read_exactly(corpus):
    _, rows = _values(corpus / "long_cells.xlsx")
    assert len(rows[0]["legal_basis"]) == 32767
    _, rows = _values(corpus / "control_emoji.xlsx")
    assert rows[0]["name"].endswith("\x07\u200b😀")
    _, rows = _values(corpus / "control_emoji.csv")
    assert rows[0]["name"].endswith("\x07\u200b😀")


def test_csv_encodings_and_line_endings_read_the_same(corpus):
    _, want = _values(corpus / "utf8.csv")
    for name in ("utf8_bom.csv", "gb18030.csv", "utf16.csv", "mixed_eol.csv", "legacy.xls", "merged_header.xlsx"):
        _, got = _values(corpus / name)
        assert got == want, name


def test_duplicate_key_in_a_matter_is_a_finding(corpus):
    p = run_cli("check", corpus / "duplicate_keys.yaml", "--format", "json", "--select", "IO002")
    doc = json.loads(p.stdout)
    assert [(f["rule"], f["location"]["line"]) for f in doc["findings"]] == [("IO002", 3)]


def test_limits_can_be_raised(corpus):
    p = run_cli("check", corpus / "over_long_cell.xlsx", "--max-cell-chars", "50000", "--format", "json")
    assert p.returncode != 2 and json.loads(p.stdout)["summary"]["unreadable"] == 0
    p = run_cli("check", corpus / "huge_field.csv", "--max-cell-chars", "300000", "--format", "json")
    assert p.returncode != 2 and json.loads(p.stdout)["summary"]["matters"] == 6
    p = run_cli("check", corpus / "zip_bomb.xlsx", "--max-xlsx-mb", "5000", "--format", "concise")
    assert p.returncode == 2 and "--max-xlsx-mb" not in p.stdout        # a bomb stays a bomb
    assert f"{BOMB_MB} MB" in p.stdout


def test_xlsx_size_limit(corpus):
    p = run_cli("check", corpus / "zip_bomb.xlsx", "--max-xlsx-mb", "100", "--format", "concise")
    assert p.returncode == 2 and "超过上限 100 MB" in p.stdout and "--max-xlsx-mb" in p.stdout


def test_row_limit_checks_rows_before_and_reports_partial(corpus):
    p = run_cli("check", corpus / "utf8.csv", corpus / "good.xlsx", "--max-rows", "3", "--format", "json",
                "--select", "CD101", "--jobs", "1")
    doc = json.loads(p.stdout)
    assert p.returncode == 2
    assert doc["summary"]["partial"] is True
    assert [(f["matters"], f["partial"]) for f in doc["files"]] == [(3, True), (3, True)]
    assert "第5行起未检查" in doc["files"][0]["error"]
    assert "工作表“基本目录”第5行起未检查" in doc["files"][1]["error"]
    text = run_cli("check", corpus / "utf8.csv", "--max-rows", "3", "--jobs", "1").stdout
    assert "结果不完整" in text


def test_mid_stream_error_keeps_findings_of_rows_before(tmp_path):
    """A CSV that turns into other bytes after the first megabyte: the rows before are checked."""
    rows = ["事项名称,基本编码"] + [f"事项{i},000104{i:06d}" for i in range(80000)]
    rows[5] = "坏,0001"
    data = "\n".join(rows).encode() + b"\n" + "事项,000104002000\n".encode("gbk") * 2
    path = tmp_path / "midway.csv"
    path.write_bytes(data)
    p = run_cli("check", path, "--format", "json", "--select", "CD101", "--jobs", "1")
    doc = json.loads(p.stdout)
    assert p.returncode == 2
    entry = doc["files"][0]
    # the text decoder reads ahead, so the error surfaces a few rows before the bad bytes ("附近")
    assert entry["partial"] is True and 79000 < entry["matters"] <= 80000
    assert "行附近的字节不符合" in entry["error"]
    assert [f["location"]["row"] for f in doc["findings"]] == [6]


def test_output_equal_to_input_is_refused(corpus, tmp_path):
    src = tmp_path / "in.csv"
    shutil.copy(corpus / "utf8.csv", src)
    before = src.read_bytes()
    p = run_cli("check", src, "-o", src, "--format", "json")
    assert p.returncode == 2 and src.read_bytes() == before


def test_library_raises_input_error_only(corpus):
    for name in UNREADABLE:
        try:
            cats = read(str(corpus / name), ReadOptions())
            for c in cats:
                for _ in c.matters:
                    pass
        except InputError:
            continue


def test_row_limit_with_read_ahead_equals_serial(tmp_path):
    """With --jobs > 1 a large file is read by a child process; a limit hit there reports the same."""
    from tests.corpus.make_corpus import _generator
    g = _generator()
    path = tmp_path / "big.csv"
    g.write(path, g.IMPL_HEADER, g.impl_rows(6000, g.basic_rows(200)), "csv", "")
    from stdcheck.readahead import worthwhile
    assert worthwhile(str(path))
    docs = []
    for jobs in ("1", "2"):
        p = run_cli("check", path, "--max-rows", "3000", "--format", "json", "--select", "CD", "--jobs", jobs)
        assert p.returncode == 2
        docs.append(json.loads(p.stdout))
    assert docs[0] == docs[1]
    assert docs[0]["files"][0]["matters"] == 3000 and docs[0]["summary"]["partial"] is True


def test_rows_before_a_limit_are_checked_as_without_it(tmp_path):
    """--max-rows N on a longer file gives the findings of the file cut to N rows (no rows lost in buffers)."""
    from tests.corpus.make_corpus import _generator
    g = _generator()
    rows = list(g.impl_rows(3000, g.basic_rows(200), defects=0.05))
    g.write(tmp_path / "long.csv", g.IMPL_HEADER, rows, "csv", "")
    g.write(tmp_path / "cut.csv", g.IMPL_HEADER, rows[:2500], "csv", "")

    from stdcheck.plugins import load_rules
    rules, _ = load_rules()
    row_rules = {code for code, r in rules.items() if r.scope == "row"}   # others conclude at the file's end

    def found(name, *extra):
        p = run_cli("check", tmp_path / name, "--format", "json", "--jobs", "1", *extra)
        return sorted((f["rule"], f["location"]["row"], f["location"]["column"]) for f in json.loads(p.stdout)["findings"]
                      if f["rule"] in row_rules)

    assert found("long.csv", "--max-rows", "2500") == found("cut.csv")


def test_report_to_a_file_still_says_why_on_stderr(corpus, tmp_path):
    p = run_cli("check", corpus / "good.xlsx", corpus / "xxe.xlsx", "-o", tmp_path / "r.json", "--format", "json",
                "--lang", "en")
    assert p.returncode == 2
    [line] = p.stderr.strip().splitlines()
    assert "xxe.xlsx" in line and "DOCTYPE" in line and not CJK.search(line)
