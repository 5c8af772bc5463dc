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
    "bad_sheet_xml.xlsx": "工作表“基本目录”已损坏：xl/worksheets/sheet1.xml 的 XML 不完整或格式错误（单元格 基本目录!A9 之后",
    "xxe_workbook.xlsx": "xl/workbook.xml 含有 DOCTYPE/ENTITY",
}
# name -> matters read
READABLE = {
    "good.xlsx": 5, "legacy.xls": 5, "header_only.xlsx": 0, "duplicate_headers.xlsx": 5,
    "merged_header.xlsx": 5, "formulas.xlsx": 5, "dates_times.xlsx": 5, "hidden.xlsx": 5,
    "long_cells.xlsx": 2, "control_emoji.xlsx": 5, "utf8.csv": 5, "utf8_bom.csv": 5, "gb18030.csv": 5,
    "utf16.csv": 5, "mixed_eol.csv": 5, "control_emoji.csv": 5, "nul_midway.csv": 61, "duplicate_keys.yaml": 1,
    "unclosed_quote.csv": 10,      # RFC 4180: the open quote runs to the next quote character
    "two_row_header.xlsx": 5,      # 办结时限 merged over 法定办结时限 | 承诺办结时限
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


def test_row_limit_with_split_checks_equals_serial(tmp_path):
    """With --split a large file's row checks run in a second process; a limit hit there reports the same."""
    from tests.corpus.make_corpus import _generator
    g = _generator()
    path = tmp_path / "big.csv"
    g.write(path, g.IMPL_HEADER, g.impl_rows(6000, g.basic_rows(200)), "csv", "")
    from stdcheck.engine.split import worthwhile
    assert worthwhile(str(path))
    docs = []
    for how in (["--jobs", "1"], ["--jobs", "2", "--split"]):
        p = run_cli("check", path, "--max-rows", "3000", "--format", "json", "--select", "CD", *how)
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


def test_bad_bytes_within_the_first_rows_keep_the_rows_before(batch):
    """The bytes of another encoding come while the header is still being looked for (the first 30 rows):
    the rows before them are checked all the same, and the file is marked partial."""
    [entry] = _entries(batch[1], "bad_bytes_midway.csv")
    assert entry["status"] == "unreadable" and entry["partial"] is True
    assert entry["matters"] == 5


def test_two_row_header_takes_the_labels_of_the_sub_header(corpus):
    [cat] = read(str(corpus / "two_row_header.xlsx"), ReadOptions())
    assert cat.columns["legal_limit"] == "H" and cat.columns["promised_limit"] == "I"
    rows = list(cat.matters)
    assert [m.row for m in rows] == [3, 4, 5, 6, 7]            # the data start after the sub-header
    assert all(m.values.get("legal_limit") and "法定" not in m.values["legal_limit"] for m in rows)
    p = run_cli("check", corpus / "two_row_header.xlsx", "--format", "json", "--select", "IO")
    assert not [f for f in json.loads(p.stdout)["findings"] if "办结时限" in f["message"]]


# ---------------------------------------------------------------- fix and diff over the corpus

def _invoke(*args):
    """The CLI in this process (the corpus is large; a process per run would be slow)."""
    from click.testing import CliRunner

    from stdcheck.cli import main
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def _one_line_error(result, name):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("stdcheck: ") and name in lines[0], result.stderr
    assert not re.search(r"[A-Za-z]+Error\b|Error:", lines[0]), lines[0]      # a sentence, not a library's exception
    return lines[0]


@pytest.mark.parametrize("name", sorted(set(UNREADABLE) | set(READABLE)))
def test_fix_and_diff_on_every_corpus_file(corpus, tmp_path, name):
    """Every corpus file through fix and diff: a correct result, or one line naming the file, exit 2."""
    src = corpus / name
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}_{name}"
        r = _invoke("fix", src, "-o", out, "-q", "--lang", lang)
        if r.exit_code == 0:
            assert name not in UNREADABLE, r.output
            assert out.is_file() and "stdcheck:" not in r.stderr
        else:
            line = _one_line_error(r, name)
            assert not out.exists()
            if lang == "en":
                assert not CJK.search(line.replace("基本目录", "")), line
        r = _invoke("diff", corpus / "good.xlsx", src, "--lang", lang)
        if r.exit_code in (0, 1):
            assert name not in UNREADABLE and r.stdout.strip()
        else:
            line = _one_line_error(r, name)
            if lang == "en":
                assert not CJK.search(line.replace("基本目录", "")), line
    if name in UNREADABLE:
        assert r.exit_code == 2


def test_fix_and_diff_reading_limits_can_be_raised(corpus, tmp_path):
    r = _invoke("fix", corpus / "huge_field.csv", "-o", tmp_path / "out.csv", "-q")
    assert "--max-cell-chars" in _one_line_error(r, "huge_field.csv")
    r = _invoke("fix", corpus / "huge_field.csv", "-o", tmp_path / "out.csv", "-q", "--max-cell-chars", "300000")
    assert r.exit_code == 0 and (tmp_path / "out.csv").read_bytes() == (corpus / "huge_field.csv").read_bytes()
    r = _invoke("diff", corpus / "good.xlsx", corpus / "huge_field.csv", "--format", "json")
    assert "huge_field.csv" in _one_line_error(r, "huge_field.csv")
    r = _invoke("diff", corpus / "good.xlsx", corpus / "huge_field.csv", "--format", "json", "--max-cell-chars", "300000")
    assert r.exit_code in (0, 1) and json.loads(r.stdout)["new"]["matters"] == 6
    r = _invoke("fix", corpus / "good.xlsx", "-o", tmp_path / "g.xlsx", "--max-rows", "3")
    assert "--max-rows" in _one_line_error(r, "good.xlsx") and not (tmp_path / "g.xlsx").exists()
    r = _invoke("diff", corpus / "good.xlsx", corpus / "zip_bomb.xlsx", "--max-xlsx-mb", "100")
    assert "100 MB" in _one_line_error(r, "zip_bomb.xlsx")


# ---------------------------------------------------------------- YAML limits, sizes, special files

def _deep_yaml(path, depth):
    path.write_text("catalogue:\n  note: " + "[" * depth + "]" * depth + "\nmatters:\n"
                    "  - 事项名称: 甲\n    基本编码: \"000104002000\"\n", encoding="utf-8")
    return path


def _aliases_yaml(path, n):
    path.write_text("catalogue:\n  kind: 基本目录\n  types: [&t 行政许可]\nmatters:\n" + "".join(
        f"  - 事项名称: 事项{i}\n    基本编码: \"000104{i:03d}000\"\n    事项类型: *t\n" for i in range(n)),
        encoding="utf-8")
    return path


def test_yaml_alias_and_depth_limits_can_be_raised(tmp_path):
    deep = _deep_yaml(tmp_path / "deep.yaml", 150)
    p, doc = _json("check", deep)
    assert "嵌套超过 100 层" in doc["files"][0]["error"] and "--max-yaml-depth" in doc["files"][0]["error"]
    p, doc = _json("check", deep, "--max-yaml-depth", "200")
    assert doc["files"][0]["status"] == "ok" and doc["summary"]["matters"] == 1
    many = _aliases_yaml(tmp_path / "aliases.yaml", 30)
    p, doc = _json("check", many, "--max-yaml-aliases", "20")
    assert "超过 20 个" in doc["files"][0]["error"] and "--max-yaml-aliases" in doc["files"][0]["error"]
    assert _json("check", many)[1]["files"][0]["status"] == "ok"
    # the same limits from the config file, and for fix and diff
    (tmp_path / ".stdcheck.yaml").write_text("max-yaml-aliases: 20\nmax_yaml_depth: 200\n", encoding="utf-8")
    p, doc = _json("check", many.name, deep.name, cwd=tmp_path)
    assert [f["status"] for f in doc["files"]] == ["unreadable", "ok"]
    r = _invoke("fix", many, "-o", tmp_path / "out.yaml", "--max-yaml-aliases", "20")
    assert "--max-yaml-aliases" in _one_line_error(r, "aliases.yaml")
    assert _invoke("fix", deep, "-o", tmp_path / "out2.yaml", "--max-yaml-depth", "200").exit_code == 0
    r = _invoke("diff", deep, deep, "--max-yaml-depth", "99")
    assert "99" in _one_line_error(r, "deep.yaml")


def _json(*args, cwd=None):
    p = run_cli(*args, "--format", "json", "--jobs", "1", cwd=cwd)
    assert "Traceback" not in p.stderr
    return p, json.loads(p.stdout)


def test_yaml_size_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("matters:\n" + "  - 事项名称: 固定资产投资项目节能审查\n    基本编码: \"000104002000\"\n" * 20_000,
                   encoding="utf-8")                                # 1.3 MB
    p, doc = _json("check", big, "--max-yaml-mb", "1")
    assert p.returncode == 2 and "超过 1 MB 上限" in doc["files"][0]["error"] and "--max-yaml-mb" in doc["files"][0]["error"]
    assert _json("check", big, "--max-yaml-mb", "2")[1]["files"][0]["status"] == "ok"


def test_special_files_are_skipped_in_folders_and_refused_when_named(tmp_path, corpus):
    import os
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus / "utf8.csv", folder / "ok.csv")
    os.symlink("/dev/zero", folder / "zero.yaml")          # read as a file, it never ends
    os.mkfifo(folder / "pipe.csv")                          # opened, it blocks
    p = run_cli("check", folder, "--format", "json", "--jobs", "1")
    doc = json.loads(p.stdout)
    assert p.returncode == 0 and [f["path"] for f in doc["files"]] == [str(folder / "ok.csv")]
    assert {line.split("：")[0] for line in p.stderr.strip().splitlines()} == {
        f"stdcheck: 跳过 {folder / 'pipe.csv'}", f"stdcheck: 跳过 {folder / 'zero.yaml'}"}
    for name in ("zero.yaml", "pipe.csv"):
        p = run_cli("check", folder / name, "--format", "concise")
        assert p.returncode == 2 and p.stdout.strip() == f"{folder / name}: [unreadable] 不是普通文件（设备、管道或套接字），不读取"
        r = _invoke("fix", folder / name, "-o", tmp_path / f"out_{name}", "--lang", "en")
        assert "not a regular file" in _one_line_error(r, name)
        r = _invoke("diff", folder / name, corpus / "good.xlsx")
        assert "不是普通文件" in _one_line_error(r, name)
