"""A UTF-8 csv read by polars (sources/columnar.py) gives exactly what the csv module gives: the same rows, values,
line numbers, counts and errors — whether polars reads the whole file or hands over to the csv module midway."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stdcheck.sources import InputError, ReadOptions, columnar, read

from .conftest import run_json

pytestmark = pytest.mark.skipif(not columnar.available(), reason="polars does not work here")

HEADER = "事项名称,基本编码,事项类型\n"


def _read(path, monkeypatch, polars: bool, **opts):
    """(each matter's row and values, the catalogue's count, the error's message and params) as one reader gives
    them; `polars`: False forces the csv module, True has polars read even a small file (columnar.MIN_ROWS)."""
    with monkeypatch.context() as mp:
        if not polars:
            mp.setattr(columnar, "available", lambda: False)
        else:
            mp.setattr(columnar, "MIN_ROWS", 0)
        used = []
        real = columnar.csv_batches

        def spy(*args, **kwargs):
            used.append(True)
            return real(*args, **kwargs)
        mp.setattr(columnar, "csv_batches", spy)
        rows, error, cats = [], None, []
        try:
            cats = read(str(path), ReadOptions(**opts))
            for cat in cats:
                for m in cat.matters:
                    rows.append((m.row, m.values))
        except InputError as exc:
            error = (exc.message, exc.params)
        assert polars or not used
        return rows, [c.count for c in cats], error, bool(used)


def both(path, monkeypatch, **opts):
    fast = _read(path, monkeypatch, True, **opts)
    slow = _read(path, monkeypatch, False, **opts)
    assert fast[:3] == slow[:3]
    return fast


PIECES = st.sampled_from(["甲", "a", "1", ",", ",", '"', '""', "\n", "\n", "\r\n", "\r", " ", "\u3000", "\x1f", "\t",
                          '"x,y"', '"多\n行"', "\n\n", ",,", '"\r\n"', '","', '"a""b"', ' "', "\ufeff"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.booleans(), body=st.lists(PIECES, max_size=40), block=st.sampled_from([1 << 22, 64, 16]))
def test_polars_reads_what_the_csv_module_reads(tmp_path, monkeypatch, title, body, block):
    """Any file, in blocks of any size: where polars finds a block it would read otherwise, the csv module reads on
    from there, and the rows, line numbers, counts and errors are the csv module's."""
    path = tmp_path / "t.csv"
    path.write_bytes((("某县实施清单\n" if title else "") + HEADER + "".join(body)).encode("utf-8"))
    monkeypatch.setattr(columnar, "BLOCK", block)
    rows, counts, error, used = both(path, monkeypatch)
    assert used or error


def _long_file(tmp_path, bad: str | None = None, at: int = 4500, rows: int = 6000, encoding: str = "utf-8"):
    lines = [f'事项{i},"0001040{i:05d}",行政许可' if i % 7 else f'"多行\n事项{i}",0001040{i:05d},行政许可'
             for i in range(rows)]
    lines[10] = ""                      # a blank line
    if bad is not None:
        lines[at] = bad
    path = tmp_path / "long.csv"
    path.write_bytes((HEADER + "\n".join(lines) + "\n").encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_other_encodings_are_read_from_a_utf8_copy(tmp_path, monkeypatch, encoding):
    rows, counts, error, used = both(_long_file(tmp_path, encoding=encoding), monkeypatch)
    assert used and error is None and counts == [5999] and rows[7] == (10, {"name": "多行\n事项7",
                                                                          "basic_code": "000104000007",
                                                                          "item_type": "行政许可"})


def test_bytes_of_another_encoding_late_in_the_file(tmp_path, monkeypatch):
    path = _long_file(tmp_path, encoding="gb18030", rows=60000)          # past the megabyte the encoding is judged on
    path.write_bytes(path.read_bytes() + b"\xff\xff,000104002000\n" * 3)       # 0xFF is no GB18030 byte
    rows, counts, error, used = both(path, monkeypatch)
    assert error[0] == "input.encoding_at" and len(rows) > 50000


def test_line_numbers_of_multi_line_cells_and_blank_lines(tmp_path, monkeypatch):
    rows, counts, error, used = both(_long_file(tmp_path), monkeypatch)
    assert used and error is None and counts == [5999]
    # line 1 the header; rows 0..9 take lines 2-13 (rows 0 and 7 have two each); row 10 is line 14, blank
    assert [r for r, _ in rows[:12]] == [2, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 16]
    assert rows[7][1]["name"] == "多行\n事项7"


@pytest.mark.parametrize("block", [64, 1 << 22])
def test_a_byte_order_mark_within_the_file_is_text_to_both_readers(tmp_path, monkeypatch, block):
    """polars drops a byte order mark at the start of the bytes it is given: where one starts a block (of 64 bytes
    here: every line), the csv module reads the file; within a block polars reads it as the csv module does."""
    monkeypatch.setattr(columnar, "BLOCK", block)
    path = tmp_path / "bom.csv"
    lines = [f"\ufeff事项{i},\ufeff0001040{i:05d},行政许可" for i in range(40)]
    path.write_bytes(("\ufeff" + HEADER + "\n".join(lines) + "\n").encode("utf-8"))
    rows, counts, error, used = both(path, monkeypatch)
    assert error is None and counts == [40] and rows[0] == (2, {"name": "\ufeff事项0", "basic_code": "\ufeff000104000000",
                                                               "item_type": "行政许可"})


def test_a_cell_of_many_lines_that_blocks_end_inside_is_read_by_polars_as_the_csv_module_reads_it(tmp_path,
                                                                                                   monkeypatch):
    """A block that ends inside a quoted cell is cut at the line end before the cell's record, stepping back over the
    cell's lines (each step takes away the quotes of the lines it leaves: benchmarks/hostile.py times a cell of
    200,000 lines), so polars reads every block. Five blocks of 4 KB end inside a cell of 2,000 lines (23 KB)."""
    from stdcheck.sources import csv as csv_reader
    monkeypatch.setattr(columnar, "BLOCK", 4096)
    handed, real = [], csv_reader._rows
    monkeypatch.setattr(csv_reader, "_rows", lambda *a, **k: (handed.append(k) if "skip" in k else None) or real(*a, **k))
    note = "\n".join(f'第{i}项 "材料"' if i % 10 == 0 else f"第{i}项" for i in range(2000)).replace('"', '""')
    lines = [f"事项{i},0001040{i:05d},行政许可" for i in range(300)]
    path = tmp_path / "lines.csv"
    path.write_bytes((HEADER + "\n".join([*lines, f'"{note}",000104099999,行政许可', *lines]) + "\n").encode("utf-8"))
    rows, counts, error, used = both(path, monkeypatch, max_cell_chars=100_000)
    assert used and not handed and error is None and counts == [601]      # polars read every block
    assert rows[300][0] == 302 and rows[300][1]["name"].count("\n") == 1999 and rows[301][0] == 302 + 2000


@pytest.mark.parametrize("bad", ['事项,00010400\r2000,行政许可',      # a lone carriage return ends a line for csv
                                 '事项,0001"04,行政许可',               # a quote inside a cell
                                 '"事项"x,000104002000,行政许可',        # text after a closing quote
                                 '事项,000104002000,行政许可,多一列',     # more cells than the header
                                 '事项,0001\x0004002000,行政许可'])       # a NUL byte: the csv module refuses it
def test_a_row_polars_would_read_otherwise_hands_over_to_the_csv_module(tmp_path, monkeypatch, bad):
    rows, counts, error, used = both(_long_file(tmp_path, bad), monkeypatch)
    clean = both(_long_file(tmp_path / "..", None), monkeypatch)[0]
    assert used and rows[:4000] == clean[:4000]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize("bad", ['事项,0001"04,行政许可', '事项,000104002000,行政许可,多一列', '事项,0001\x0004002000,行政许可'])
def test_a_late_row_polars_would_read_otherwise_is_read_on_from_the_last_block_passed_on(tmp_path, monkeypatch, bad,
                                                                                        encoding):
    """Past the first batches, the csv module does not read the file from its start again: it starts where the last
    block whose records were all passed on ends (in the UTF-8 copy of a GB18030 file), and reads past the few records
    of the next block passed on."""
    from stdcheck.sources import csv as csv_reader
    monkeypatch.setattr(columnar, "BLOCK", 4096)
    skipped = []
    real = csv_reader._rows

    def spy(*args, **kwargs):
        skipped.append(kwargs.get("skip", 0))
        return real(*args, **kwargs)
    monkeypatch.setattr(csv_reader, "_rows", spy)
    rows, counts, error, used = both(_long_file(tmp_path, bad, at=9000, rows=10_000, encoding=encoding), monkeypatch)
    clean = both(_long_file(tmp_path / "..", None, rows=10_000, encoding=encoding), monkeypatch)[0]
    assert used and rows[:8000] == clean[:8000]
    assert skipped[0] < 200, skipped          # polars passed on 4,096 records; the csv module read past a few


def test_limits_past_the_first_batch(tmp_path, monkeypatch):
    path = _long_file(tmp_path, "长" * 600 + ",000104002000,行政许可", at=5000)
    rows, counts, error, used = both(path, monkeypatch, max_cell_chars=500)
    assert error[0] == "input.limit_cell" and len(rows) == counts[0] == 4999
    # over the csv module's own field limit (131,072): it reports that, so polars hands the block over
    path = _long_file(tmp_path, "长" * 140_000 + ",000104002000,行政许可", at=5000)
    rows, counts, error, used = both(path, monkeypatch)
    assert used and error[0] == "input.csv_field_limit" and len(rows) == 4999
    rows, counts, error, used = both(_long_file(tmp_path), monkeypatch, max_rows=4500)
    assert error[0] == "input.limit_rows" and len(rows) == counts[0] == 4500


def test_findings_name_the_same_lines(tmp_path):
    path = _long_file(tmp_path, "事项,000104,行政许可", at=5000)
    p, doc = run_json("check", path, "--select", "CD101")
    rows = [f["location"]["row"] for f in doc["findings"]]
    # the header, then 5000 rows before it (the blank one among them), 715 of them on two lines
    assert rows == [1 + 5000 + len(range(0, 5000, 7)) + 1]


def _rfc4180(part: bytes, d: bytes) -> bool:
    """The quote rule said piece by piece: split at the quotes, every second piece is outside them; each such
    piece is empty (a doubled quote) or runs from the end of one cell (a delimiter or line end after a closing
    quote) to the start of the next (a delimiter or line feed before an opening one)."""
    after, before = (d, b"\r", b"\n"), (d, b"\n")
    pieces = part.split(b'"')
    if len(pieces) % 2 == 0:
        return False
    outside = pieces[0:len(pieces):2]
    return all((not p or i == 0 or p.startswith(after)) and (not p or i == len(outside) - 1 or p.endswith(before))
               for i, p in enumerate(outside))


@settings(max_examples=2000, deadline=None)
@given(d=st.sampled_from([",", ";", "\t", "|"]), body=st.lists(PIECES, max_size=30))
def test_the_quote_pattern_is_rfc_4180(d, body):
    """`well_quoted` decides by one pattern (columnar._quoted) what the rule says piece by piece."""
    part = "".join(p.replace(",", d) for p in body).encode()
    assert (columnar._quoted(d).fullmatch(part) is not None) == _rfc4180(part, d.encode()), part


def test_polars_is_used_for_large_inputs_only(tmp_path):
    """Below columnar.MIN_ROWS rows, importing polars (about 0.2 s) costs more than it saves: a check of the
    samples (xlsx, YAML) and of a small csv does not load it, and finds what it finds with polars forced; a csv of
    MIN_ROWS rows is read by polars."""
    import json

    from tests.conftest import ROOT, loaded_by
    small = tmp_path / "小.csv"
    small.write_text(HEADER + "".join(f"事项{i},00010400{i:04d},行政许可\n" for i in range(50)) + "事项,0001,许可\n",
                     encoding="utf-8")
    large = tmp_path / "大.csv"
    large.write_text(HEADER + "".join(f"事项{i},00010400{i:04d},行政许可\n" for i in range(columnar.MIN_ROWS)),
                     encoding="utf-8")
    files = [*sorted((ROOT / "samples" / "faulty").iterdir()), small]

    def run(min_rows, paths):
        out = tmp_path / f"{min_rows}.json"
        loaded = loaded_by(["check", *paths, "--jobs", "1", "--format", "json", "-o", out], ["polars"],
                           before=f"from stdcheck.sources import columnar; columnar.MIN_ROWS = {min_rows}")
        return loaded == [True], json.loads(out.read_text(encoding="utf-8"))["findings"]
    default, forced = run(columnar.MIN_ROWS, files), run(0, files)
    assert default[0] is False and forced[0] is True
    assert default[1] == forced[1] and len(default[1]) > 20
    assert run(columnar.MIN_ROWS, [large])[0] is True
