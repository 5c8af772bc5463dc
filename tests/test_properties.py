"""Property tests (issue 8): arbitrary cell values and header sets never raise an unhandled exception in
the readers or the engine, and every finding's location points inside the input."""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from functools import cache

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from stdcheck.config import Profile, active_rules
from stdcheck.engine import Plan, run
from stdcheck.fields import dictionary
from stdcheck.model import column_letter
from stdcheck.plugins import load_rules
from stdcheck.sources import ReadOptions
from stdcheck.testing import catalogue

# Deterministic by default (the same examples on every CI run); STDCHECK_EXPLORE=N runs N random examples instead:
#   STDCHECK_EXPLORE=2000 python -m pytest tests/test_properties.py
_EXPLORE = int(os.environ.get("STDCHECK_EXPLORE", "0"))
SETTINGS = settings(max_examples=_EXPLORE or 40, derandomize=not _EXPLORE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@cache
def _setup():
    rules, _ = load_rules()
    prof = Profile.load("national")
    return active_rules(rules, prof, {}), prof


@cache
def _labels() -> list[str]:
    fields = dictionary()
    return sorted({fields.label(fid) for fid in fields.order})


labels = st.sampled_from(_labels())
# text that catalogue cells really hold, plus the awkward: separators, quotes, line breaks, controls, emoji
cell_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "000104002000", "11450721MB0C96837X", "行政许可", "是", "否", "在用", "1,2,3",
                     "《中华人民共和国行政许可法》第十二条", "\"", ",", "\r\n", "😀", "\x07", "０００１", "N/A"]),
    st.from_regex(r"[0-9A-Z]{1,20}", fullmatch=True),
)
headers = st.lists(st.one_of(labels, st.text(min_size=1, max_size=12)), min_size=1, max_size=12)


def _run(path: str):
    active, prof = _setup()
    return run([path], Plan(active, prof, ReadOptions()))


def _assert_inside(result, path: str, width: int, last: int) -> None:
    """Every finding names this file, a row/line within it and a column within the header's width."""
    event(f"{result.files[0].status}, findings: {bool(result.findings)}")   # --hypothesis-show-statistics
    letters = {column_letter(j) for j in range(width)}
    for f in result.findings:
        loc = f.location
        assert loc.file == path
        where = loc.row if loc.row is not None else loc.line
        if where is not None:
            assert 1 <= where <= last, (f.rule.code, where, last)
        if loc.column is not None:
            assert loc.column in letters, (f.rule.code, loc.column)


def _write(suffix: str, data: bytes) -> str:
    fd, path = tempfile.mkstemp(suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return path


@SETTINGS
@given(header=headers, rows=st.lists(st.lists(cell_text, max_size=14), max_size=12),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
@example(header=["业务办理项编码", "事项名称", "\r"], rows=[["\r"], ["0"]], encoding="utf-8")   # lone \r in cells
def test_csv_reader_and_engine(header, rows, encoding):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    try:
        data = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8")
    path = _write(".csv", data)
    try:
        result = _run(path)
        [fr] = result.files
        assert fr.status in ("ok", "unreadable")
        if fr.status == "unreadable":
            assert fr.error.message.startswith("input.")
        # lines as the CSV reader counts them: \r, \n and \r\n each end one (a lone \r inside a quoted cell too)
        lines = len(io.StringIO(buf.getvalue(), newline="").readlines()) + 1
        _assert_inside(result, path, max([len(header), *map(len, rows)]), lines)
    finally:
        os.unlink(path)


values = st.one_of(cell_text, st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True),
                   st.booleans(), st.dates(min_value=dt.date(1900, 1, 1)), st.none())


@SETTINGS
@given(keys=st.lists(labels, min_size=1, max_size=10, unique=True), data=st.data())
def test_engine_on_arbitrary_values(keys, data):
    """Every rule over rows of arbitrary typed values: no exception, findings inside the catalogue."""
    rows = data.draw(st.lists(st.fixed_dictionaries({k: values for k in keys}), min_size=1, max_size=8))
    kind = data.draw(st.sampled_from(["basic", "implementation"]))
    level = data.draw(st.sampled_from([None, "国家级", "省级", "县级"]))
    active, prof = _setup()
    from stdcheck.engine import Engine
    engine = Engine(Plan(active, prof))
    cat = catalogue(rows, kind, level)
    engine.check(cat)
    engine.finish()
    for f in engine.findings:
        loc = f.location
        assert loc.file == cat.path
        assert loc.row is None or 1 <= loc.row <= len(rows) + 1
        assert loc.column is None or loc.column in set(cat.columns.values())


yaml_scalars = st.one_of(cell_text, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))


@SETTINGS
@given(matters=st.lists(st.dictionaries(st.one_of(labels, st.text(max_size=8)),
                                        st.one_of(yaml_scalars, st.lists(yaml_scalars, max_size=3)), max_size=8),
                        max_size=6),
       top=st.sampled_from(["matters", "事项", None]))
@example(matters=[{"业务办理项编码": "\x85\x85"}, {"业务办理项编码": ""}], top="matters")
def test_yaml_reader_and_engine(matters, top):
    doc = {top: matters} if top else matters
    text = yaml.safe_dump(doc, allow_unicode=True)
    path = _write(".yaml", text.encode("utf-8"))
    try:
        result = _run(path)
        [fr] = result.files
        if fr.status == "unreadable":
            assert fr.error.message.startswith("input.")
        # lines as YAML 1.1 counts them: NEL, LS and PS end a line too (as str.splitlines does)
        _assert_inside(result, path, 1 << 14, len(text.splitlines()) + 1)
    finally:
        os.unlink(path)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=headers, rows=st.lists(st.lists(st.one_of(cell_text, st.integers(), st.floats(allow_nan=False),
                                                          st.booleans(), st.datetimes()), max_size=14), max_size=8),
       start=st.integers(0, 3))
def test_xlsx_reader_and_engine(header, rows, start):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(v):
        return ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v

    wb = Workbook()
    ws = wb.active
    for _ in range(start):                       # title rows above the header
        ws.append(["标题"])
    for r in [header, *rows]:
        ws.append([clean(v) for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    path = _write(".xlsx", buf.getvalue())
    try:
        result = _run(path)
        [fr] = result.files
        if fr.status == "unreadable":
            assert fr.error.message.startswith("input.")
        _assert_inside(result, path, max([len(header), *map(len, rows)]), start + 1 + len(rows))
    finally:
        os.unlink(path)


PHONE_CHARS = st.sampled_from(list("0123456789") * 3 + list("-—()（）：:、，; +转") + ["86", "年", "号", "http://", ".gov", "9:00"])


@SETTINGS
@given(st.lists(PHONE_CHARS, max_size=40).map("".join) | st.text(max_size=60))
def test_phone_cells_never_raise(text):
    """Any phone cell reads: every number found is valid, local or invalid, and has its digits unless invalid."""
    from stdcheck.codes.phone import phones
    for p in phones(text):
        assert p.kind in ("valid", "local", "invalid")
        assert (p.number == "") == (p.kind == "invalid")
