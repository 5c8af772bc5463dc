"""Reading limits and the pre-checks of untrusted workbooks (docs/reliability.md).

Limits (each can be raised on the command line or in ReadOptions):
  max_cell_chars  32,767 characters in one cell (Excel's own maximum)      --max-cell-chars
  max_rows        2,000,000 rows in one sheet / CSV / YAML document         --max-rows
  max_xlsx_mb     2,048 MB of decompressed workbook parts (declared sizes)  --max-xlsx-mb
  max_yaml_mb     32 MB of YAML text (about 1.3 GB of memory to parse)     --max-yaml-mb
  max_yaml_aliases 10,000 aliases, adding at most 100,000 nodes (or 10 per alias allowed)  --max-yaml-aliases
  max_yaml_depth  100 levels of YAML nesting (at most 10,000)               --max-yaml-depth
A part that expands more than 200:1 and beyond 16 MB is a zip bomb whatever the limit; a DOCTYPE or
ENTITY declaration in any XML part (XXE, entity expansion) is refused: workbooks never need one.
A sheet whose cells with a value span an area more than 4 times their number and beyond 1,048,576 cells
(one value at XFD1048576 makes the parser allocate rows x columns: 512 GB) is refused before it is read.

Hitting a limit raises LimitError (an InputError): the file is reported with a one-line error naming
where the limit was hit, the rows before it keep their findings, and the run is marked partial.
"""
from __future__ import annotations

import re
import zipfile
from contextlib import closing

from ..ahead import ahead
from ..errors import InputError

MAX_CELL_CHARS = 32767
MAX_ROWS = 2_000_000
MAX_XLSX_MB = 2048
MAX_RATIO, RATIO_FLOOR = 200, 16 << 20
YAML_MAX_ALIASES = 10_000
YAML_MAX_DEPTH = 100
YAML_MAX_ALIAS_NODES = 100_000     # nodes that alias references may add once expanded
YAML_MAX_DEPTH_CEILING = 10_000    # --max-yaml-depth at most: PyYAML recurses per level
YAML_MAX_MB = 32            # measured: ~40 MB of memory per MB of YAML (PyYAML nodes); 90 MB took 7 GB
PROLOG_BYTES = 64 << 10
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class LimitError(InputError):
    """A configured limit was reached: the file was read (and checked) only up to that point."""


def limit_option(options, name: str, default: int) -> int:
    """The limit `name` of a read: the ReadOptions field when set, else `default`."""
    value = getattr(options, name, None)
    return value if value else default


# ----------------------------------------------------------------------------- xlsx / xls pre-checks

def _texty(head: bytes) -> bool:
    if b"\x00" in head[:4096]:
        return head.startswith((b"\xff\xfe", b"\xfe\xff"))
    try:
        head[:4096].decode("utf-8", errors="strict")
        return True
    except UnicodeDecodeError as exc:
        return exc.start > 4000 or head[:4096].decode("gb18030", errors="ignore") != ""


def precheck_workbook(path: str, options) -> None:
    """Refuse, before any parser sees it, a workbook file that is empty, not a workbook, encrypted,
    a zip bomb, or carries DOCTYPE/ENTITY declarations."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    if not head:
        raise InputError("input.empty")
    if head.startswith(OLE):
        if path.lower().endswith((".xlsx", ".xlsm")) or _ole_encrypted(path):
            raise InputError("input.encrypted")
        return                                        # a legacy .xls (BIFF in an OLE container)
    if not head.startswith(b"PK"):
        if path.lower().endswith(".xls") and head.lstrip()[:1] == b"<":
            raise InputError("input.xls_html")
        raise InputError("input.xlsx_text" if _texty(head) else "input.xlsx_not_zip")
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError("input.xlsx_truncated") from None
    with zf:
        _check_zip(zf, options)


def _ole_encrypted(path: str) -> bool:
    with open(path, "rb") as fh:
        data = fh.read(64 << 20)
    return "EncryptionInfo".encode("utf-16-le") in data


def _check_zip(zf: zipfile.ZipFile, options) -> None:
    infos = zf.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise InputError("input.xlsx_no_workbook")
    limit_mb = limit_option(options, "max_xlsx_mb", MAX_XLSX_MB)
    total = sum(i.file_size for i in infos)
    if total > limit_mb << 20:
        raise LimitError("input.limit_xlsx_mb", size=-(-total >> 20), limit=limit_mb)
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise InputError("input.zip_bomb", part=i.filename, size=i.file_size >> 20,
                             ratio=i.file_size // max(i.compress_size, 1))
    for i in infos:
        if i.filename.endswith((".xml", ".rels", ".vml")):
            _check_prolog(zf, i)


_DECL = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.I)
_ROOT = re.compile(r"<[A-Za-z_]")


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        with zf.open(info) as fh:
            head = fh.read(PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise InputError("input.xlsx_damaged_part", part=info.filename, reason=str(exc)[:120]) from None
    except Exception as exc:  # zlib.error and friends: a damaged deflate stream
        raise InputError("input.xlsx_damaged_part", part=info.filename, reason=str(exc)[:120]) from None
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    text = head.decode(encoding, errors="replace")
    root = _ROOT.search(text)
    prolog = text[: root.start()] if root else text
    if _DECL.search(prolog) or (root is None and len(head) == PROLOG_BYTES):
        raise InputError("input.xml_doctype", part=info.filename)


# ----------------------------------------------------------------------------- sheet extent

EXTENT_FLOOR, EXTENT_RATIO = 1 << 20, 4       # cells of the area a sheet may span; times its cells with a value
POLARS_XML = 4 << 20          # sheet XML from which the pass looks with polars' regex (below, about 1,500 rows of 40
#                               cells, Python's regex takes less time than importing polars)
_COLS = re.compile(rb' r="([A-Z]{1,3})[0-9]')                  # a cell's column (one pass, distinct values)
_ROWS = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,7})"')            # a cell's row
# a cell with content (not self-closing: a styled empty cell <c r="A9" s="1"/> is not read as a value)
VALUED_CELL = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>')


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _extent(zf: zipfile.ZipFile, part: str, valued: bool) -> tuple[int, int, int, int, int]:
    """(first row, last row, first column, last column, cells) of the sheet's cells (with a value only, when
    `valued`: slower, used when the fast count of every cell already exceeds the bound)."""
    bounds = _Bounds()
    cells = 0
    from .columnar import available
    columnar = zf.getinfo(part).file_size >= POLARS_XML and available()
    # the thread stops at the end of the `with`, even when a block raises
    with closing(_blocks(zf, part, columnar and not valued)) as blocks:
        for data, text in blocks:
            if valued:
                found = VALUED_CELL.findall(data)
                cells += len(found)
                bounds.cols.update(c for c, _ in found)
                bounds.widen(int(r) for r in {r for _, r in found})
            else:
                cells += bounds.scan(data, text)
    if bounds.lo is None or not bounds.cols:
        return 0, 0, 0, 0, cells
    numbers = [_col_number(c) for c in bounds.cols]
    return bounds.lo, bounds.hi, min(numbers), max(numbers), cells


def _blocks(zf: zipfile.ZipFile, part: str, texts: bool = False):
    """The part's XML in blocks of about 1 MB that end before a tag starts, each with its text as polars reads it when
    `texts` (_text; else None). Inflated, cut and made text by a thread a block ahead (zlib and polars let go of the
    interpreter), so the scan of a block and the making of the next share the time; an error of the part (a bad CRC, a
    damaged stream) is raised here, where the block would be."""
    return ahead(_cut(_inflated(zf, part), texts), depth=2, name="stdcheck-inflate")


def _cut(chunks, texts: bool):
    """The chunks again in blocks that end before a tag starts (what follows goes to the next), with their texts."""
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        cut = data.rfind(b"<") if chunk else len(data)
        if cut <= 0:                        # no tag start in a whole chunk: nothing to carry over
            cut = len(data)
        data, tail = data[:cut], data[cut:]
        yield data, _text(data) if texts else None


def _inflated(zf: zipfile.ZipFile, part: str):
    """The part's bytes, 1 MB at a time, then an empty chunk."""
    with zf.open(part) as fh:
        while chunk := fh.read(1 << 20):
            yield chunk
    yield b""


class _Bounds:
    """The columns and the first and last row of the cell references (` r="B7"`, _COLS and _ROWS) in a sheet's XML,
    met block by block. The first and last reference of a block widen the row range; when no reference of the block
    names a column not met before or a row outside the range (in a sheet written in order: every block after the
    first), polars' regex can tell without a Python object per cell (`_look`); else every reference is read."""

    def __init__(self):
        self.cols: set[bytes] = set()
        self.lo: int | None = None
        self.hi: int | None = None

    def widen(self, rows) -> None:
        for r in rows:
            if self.lo is None or r < self.lo:
                self.lo = r
            if self.hi is None or r > self.hi:
                self.hi = r

    def scan(self, data: bytes, text=None) -> int:
        """The cells of a block, its references met. `text`: the block as a polars string Series (_text), where
        polars works and the block is UTF-8."""
        first = _ROWS.search(data)
        if first is not None:
            self.widen((int(first.group(1)), int(_last_row(data))))
        if text is None:
            cells = data.count(b"<c ") + data.count(b":c ")
        else:
            cells, met = self._look(text, first is not None)
            if met:
                return cells
        if first is not None:
            self.widen(map(int, set(_ROWS.findall(data))))
        self.cols.update(_COLS.findall(data))
        return cells

    def _look(self, text, refs: bool) -> tuple[int, bool]:
        """The cells of a block, and whether it holds references (`refs`) and none to a column not met before or a
        row outside the range: one select, whose two expressions polars runs at once."""
        import polars as pl
        new = _new_column(self.cols) if refs else None
        unmet = f' r="(?:{new}[0-9]|[A-Z]{{1,3}}(?:{_outside(self.lo, self.hi)})")' if new else None
        return text.to_frame("t").select(
            pl.col("t").str.count_matches("<c |:c ").sum().alias("cells"),
            (~pl.col("t").str.contains(unmet).any() if unmet else pl.lit(False)).alias("met")).row(0)


def _text(data: bytes):
    """The block as a polars string Series of one value; None when it is not UTF-8 (then the block's references
    are read one by one: bytes that are not text cannot hide a far cell from the pass)."""
    import polars as pl
    try:
        text = pl.Series([data]).cast(pl.String, strict=False)
    except pl.exceptions.PolarsError:       # invalid UTF-8 raises, whatever `strict` says
        return None
    return None if text.null_count() else text


def _last_row(data: bytes) -> bytes:
    end = len(data)
    while (at := data.rfind(b' r="', 0, end)) >= 0:
        m = _ROWS.match(data, at)
        if m:
            return m.group(1)
        end = at
    raise AssertionError("_ROWS matched before")          # the first reference is also a last one


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _new_column(cols: set[bytes]) -> str | None:
    """A pattern for the column letters (before a digit) not among `cols`; None when one of them has three."""
    if not cols or any(len(c) > 2 for c in cols):
        return None
    seconds: dict[str, str] = {}
    for c in cols:
        if len(c) == 2:
            seconds[chr(c[0])] = seconds.get(chr(c[0]), "") + chr(c[1])
    alts = ["[A-Z]{3}", f"[{''.join(a for a in LETTERS if a not in seconds)}][A-Z]"]
    alts += [f"{a}[{''.join(b for b in LETTERS if b not in known)}]" for a, known in seconds.items()]
    alts.append(f"[{''.join(a for a in LETTERS if a.encode() not in cols)}]")
    return "(?:" + "|".join(a for a in alts if "[]" not in a) + ")"


def _outside(lo: int, hi: int) -> str:
    """A pattern for the texts of 1–7 digits whose number is below `lo` or above `hi` (any with a leading zero)."""
    alts = ["0[0-9]{0,6}"]
    low, high = str(lo), str(hi)
    if len(low) > 1:
        alts.append(f"[1-9][0-9]{{0,{len(low) - 2}}}")
    for i, d in enumerate(low):                 # as many digits, smaller at the first place they differ
        floor = "1" if i == 0 else "0"
        if d > floor:
            alts.append(f"{low[:i]}[{floor}-{chr(ord(d) - 1)}]" + "[0-9]" * (len(low) - i - 1))
    if len(high) < 7:
        alts.append(f"[1-9][0-9]{{{len(high)},6}}")
    for i, d in enumerate(high):                # as many digits, larger at the first place they differ
        if d < "9":
            alts.append(f"{high[:i]}[{chr(ord(d) + 1)}-9]" + "[0-9]" * (len(high) - i - 1))
    return "|".join(alts)


def check_extent(zf: zipfile.ZipFile, part: str, sheet: str) -> None:
    """Refuse a sheet whose cells with a value are spread over a far larger area than they fill: the
    parser builds a dense rows x columns grid (32 bytes a cell), so one value at XFD1048576 in a 2 KB file
    would allocate 512 GB and abort the process. A streaming pass over the sheet XML before parsing
    (benchmarks/hostile.py: about a quarter of the parser's own time), a slower exact one (cells with a value
    only) when the first finds the area too large."""
    for valued in (False, True):
        r0, r1, c0, c1, cells = _extent(zf, part, valued)
        area = (r1 - r0 + 1) * (c1 - c0 + 1) if cells else 0
        if area <= max(EXTENT_FLOOR, EXTENT_RATIO * cells):
            return
    from openpyxl.utils import get_column_letter
    raise InputError("input.sheet_extent", sheet=sheet, cell=f"{get_column_letter(min(c1, 18278))}{r1}",
                     rows=r1 - r0 + 1, cols=c1 - c0 + 1, cells=cells, mb=area * 32 >> 20)


# ----------------------------------------------------------------------------- row stream guard

def guard(cat, rows, options):
    """Pass the matters of `cat` through, enforcing the row and cell limits and turning any failure of
    the underlying reader into an InputError that names where it happened."""
    from .batch import Batched
    if isinstance(rows, Batched):
        return Batched(_guard_batches(cat, rows.batches(), options))
    return _guard_matters(cat, rows, options)


def _guard_batches(cat, batches, options):
    """guard() over a tabular reader's batches: the rows before a limit are passed on, then its error."""
    max_rows = limit_option(options, "max_rows", MAX_ROWS)
    max_cell = limit_option(options, "max_cell_chars", MAX_CELL_CHARS)
    n, last, it = 0, None, iter(batches)
    while (b := _pull(cat, it, lambda: last and last.matter(len(last) - 1))) is not None:
        stop, error = len(b), None
        if n + len(b) > max_rows:
            stop = max_rows - n
            error = LimitError("input.limit_rows", **_at(cat, b.matter(stop), None), limit=max_rows)
        long = b.first_longer(max_cell)
        if long is not None and long[0] < stop:
            stop, fid = long
            m = b.matter(stop)
            error = LimitError("input.limit_cell", **_at(cat, m, fid), chars=len(m.values[fid]), limit=max_cell)
        if error is not None:
            cat.count -= len(b) - stop          # counted by the reader, but not checked
            if stop:
                yield b.head(stop)
            raise error
        n += len(b)
        last = b
        yield b


def _guard_matters(cat, rows, options):
    max_rows = limit_option(options, "max_rows", MAX_ROWS)
    max_cell = limit_option(options, "max_cell_chars", MAX_CELL_CHARS)
    n, last, it = 0, None, iter(rows)
    while (m := _pull(cat, it, lambda: last)) is not None:
        n += 1
        if n > max_rows:
            cat.count -= 1                 # counted by the reader, but not checked
            raise LimitError("input.limit_rows", **_at(cat, m, None), limit=max_rows)
        if max(map(len, m.values.values()), default=0) > max_cell:     # one C-level pass per row
            fid, v = next((f, v) for f, v in m.values.items() if len(v) > max_cell)
            cat.count -= 1
            raise LimitError("input.limit_cell", **_at(cat, m, fid), chars=len(v), limit=max_cell)
        last = m
        yield m


def _pull(cat, it, last):
    """The reader's next item (None at its end); a failure of the reader as an InputError after the last matter
    passed on (`last()`, None before the first)."""
    try:
        return next(it, None)
    except InputError:
        raise
    except RecursionError:
        raise InputError("input.too_deep", **_after(cat, last())) from None
    except Exception as exc:
        raise InputError("input.read_failed_at", **_after(cat, last()),
                         reason=f"{type(exc).__name__}: {str(exc)[:160]}") from None


def at_line(line: int) -> dict:
    """A line of a CSV or YAML file as the `at` (Chinese) and `at_en` params of a reading error."""
    return {"at": f"第{line}行", "at_en": f"line {line}"}


def _at(cat, m, fid) -> dict:
    """Where a matter (or one of its cells) is, as `at` (Chinese) and `at_en` params:
    sheet!D12 / D12 for cells, 工作表 X 第12行 / sheet X row 12, 第12行 / line 12 (csv, YAML)."""
    loc = m.location(fid)
    if loc.line is not None:
        return at_line(loc.line)
    if fid and loc.column:
        ref = f"{cat.sheet}!{loc.column}{loc.row}" if cat.sheet else f"{loc.column}{loc.row}"
        return {"at": f"单元格 {ref}", "at_en": f"cell {ref}"}
    if cat.sheet:
        return {"at": f"工作表“{cat.sheet}”第{loc.row}行", "at_en": f"sheet '{cat.sheet}' row {loc.row}"}
    return at_line(loc.row)


def _after(cat, last) -> dict:
    if last is None:
        if cat.sheet:
            return {"at": f"工作表“{cat.sheet}”", "at_en": f"sheet '{cat.sheet}'"}
        return {"at": "表头之后", "at_en": "after the header"}
    where = _at(cat, last, None)
    return {"at": where["at"] + "之后", "at_en": "after " + where["at_en"]}
