"""A csv read by polars into batches of columns: no Python object per cell until a rule asks for one.

Python's csv module stays the reference: the header is found from the rows it reads (csv.py), and polars reads
the rows below it only where it reads them the same way. Where it would not, or might not, it stops with
`Unsupported` at that block of the file and the csv module reads on from the first record not yet passed on
(csv.py), so the results never depend on which of the two read a row. Both read a record alike wherever they
start at the same record boundary, which a block's first byte is (a line feed after an even number of quotes):
- a double quote that does not open, double or close a cell as RFC 4180 says, a carriage return alone (the csv
  module ends a line there, polars does not), a NUL byte (the csv module refuses the line), a byte order mark
  at the start of a block other than the file's first (polars drops it there): looked for in each block before
  polars reads it (`well_quoted`);
- a line with more cells than the header, bytes that are not UTF-8: polars refuses them; a cell longer than the
  cell limit (the csv module reports its own field and line limits): looked for in each block, in Rust.
A GB18030 or UTF-16 file is read from a UTF-8 copy (`utf8`). Line numbers: a record starts on the line after the
previous one ends, and a record spans one line more than it holds line feeds (a blank line is a record of empty
cells, as in the csv module). At the end, the lines so counted must be the file's: where not, the csv module reads
the last batch again and what follows; so each batch is passed on only once the next one (or the end of the file)
is read. The file is read in blocks of about 8 MB cut where a record ends, so memory stays bounded.
"""
from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from functools import lru_cache
from itertools import chain
from typing import Iterator, NamedTuple

from ..codes.cells import SPACES
from .batch import CHUNK, Batch, longer_than, null_if_empty

_FIRST: dict = {}          # the process that first used polars, and whether it could

BLOCK = 1 << 23                  # bytes of the file checked and read at a time (8 MB: about 10,000 rows). Each block
#                                  and each chunk cut from it costs the reading thread a few calls into polars, and
#                                  each call a wait to get the interpreter back from the rules (engine/interpreter.py)
BOM = b"\xef\xbb\xbf"             # UTF-8's byte order mark: polars drops it at the start of a block, the csv module keeps it
_LONE_CR = re.compile(rb"\r(?!\n)")   # a carriage return that ends a line for the csv module only


MIN_ROWS = 2000     # rows below which reading and checking without polars is faster: importing it (~0.2 s) and the
#                    fixed cost of a select (~35 ms) outweigh what it saves (benchmarks/run.py: the 1,000-row files)


def worth(rows: float) -> bool:
    """Whether to use polars for an input of about `rows` rows: it is large enough to gain, and polars works."""
    return rows >= MIN_ROWS and available()


class Unsupported(Exception):
    """polars would read this block differently from the csv module, or refused it."""


def available() -> bool:
    """polars works in this process. Where it cannot (no wheel for the platform; an address-space limit too small
    for its library, as under `stdcheck serve --memory-mb`; a process forked after its parent used polars, whose
    thread pool does not survive the fork and would deadlock), nothing uses it: the same findings, slower."""
    if not _FIRST:
        try:
            import polars as pl
            pl.Series([""]).str.contains("a")   # a library that failed to load imports, then fails when used
            _FIRST.update(pid=os.getpid(), ok=True)
        except Exception:      # noqa: BLE001 — a native library that fails to load raises more than ImportError
            _FIRST.update(pid=os.getpid(), ok=False)
    return _FIRST["ok"] and _FIRST["pid"] == os.getpid()


@contextmanager
def utf8(path: str, encoding: str):
    """The path of the file in UTF-8: itself, or a copy of it transcoded from `encoding` (GB18030, UTF-16) in a
    temporary folder for as long as the context lasts; None when its bytes are not all of that encoding."""
    if encoding == "utf-8-sig":
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="stdcheck-") as folder:
        copy = os.path.join(folder, "utf8.csv")
        try:
            with open(path, encoding=encoding, newline="") as src, open(copy, "w", encoding="utf-8", newline="") as out:
                while block := src.read(1 << 22):
                    out.write(block)
        except UnicodeDecodeError:
            yield None
            return
        yield copy


def csv_batches(cat, path: str, delimiter: str, header_line: int, width: int, pairs: list[tuple[str, int]],
                max_cell: int, progress: list) -> Iterator[Batch]:
    """Batches of the records after the header, which is the record on line `header_line` (1-based) and holds
    `width` cells. `progress[0]` counts the records passed on so far (blank ones too), for the csv module to take
    over after them when this raises Unsupported; `progress[1]` is then where the last block whose records were all
    passed on ends: (its records after the header, its end in bytes, its last line), so the csv module need not read
    the file from the start again ((0, None, None): no such block)."""
    import polars as pl
    fields = [f for f, _ in pairs]
    line, held = header_line - 1, None       # the line the previous record ended on; the last batch, held back
    marks = [(0, None, None)]                # per block read: its records after the header, its end, its last line
    frames = _marked(_frames(_blocks(path, _line_start(path, header_line), header_line - 1), delimiter,
                             width, pairs, max_cell), marks)
    try:
        header = next(frames, None)              # polars starts reading at the header itself
        if header is not None:
            line += 1 + header["__feeds"][0]
            frames = chain([header.slice(1)], frames)
        for b in _rechunk(frames):
            starts = (pl.int_range(b.height, eager=True) + b["__feeds"].cum_sum() - b["__feeds"] + line + 1)
            line += b.height + int(b["__feeds"].sum())
            keep = ~b["__blank"]
            if held is not None:
                yield from _release(held, progress)
            held = (Batch(cat, fields, None, starts.filter(keep).to_list(), frame=b.select(fields).filter(keep)),
                    b.height)
        if line != marks[-1][2]:             # polars left a record out: not seen, the csv module would see it
            raise Unsupported
    except Unsupported:
        progress[1] = [m for m in marks if m[0] <= progress[0]][-1]       # marks ascend
        raise
    if held is not None:
        yield from _release(held, progress)


def _marked(frames, marks: list):
    """The frames, each block's mark appended to `marks` as its frame is taken: (records after the header through
    it, its end in bytes, its last line)."""
    records = -1                               # the header is the first record polars reads
    for frame, end, last in frames:
        records += frame.height
        marks.append((records, end, last))
        yield frame


class _Block(NamedTuple):
    data: bytes         # as polars is to read it
    look: bytes         # as `well_quoted` is to look at it (without the byte order mark that starts the file)
    end: int            # its end in the file, in bytes
    last: int           # the file's lines through it, as the csv module counts them (the last may lack a line feed)
    lines: int          # its own


def _blocks(path: str, start: int, line: int) -> Iterator[_Block]:
    """The file from `start` (after line `line`) in blocks of about BLOCK bytes that end where a record ends (a line
    feed after an even number of quotes)."""
    carry, first = b"", True
    with open(path, "rb") as fh:
        fh.seek(start)
        while True:
            block = fh.read(BLOCK)
            data = carry + block
            cut = len(data) if not block else data.rfind(b"\n") + 1
            quotes = data.count(b'"', 0, cut) if block else 0
            while quotes % 2 and 0 < cut:          # inside a quoted cell: an earlier line end
                back = data.rfind(b"\n", 0, cut - 1) + 1
                quotes -= data.count(b'"', back, cut)       # the quotes before it: those of the lines stepped back over gone
                cut = back
            part, carry = data[:cut], data[cut:]
            if len(carry) > 8 * BLOCK:       # a quote left open: no record is that long, the csv module says why
                raise Unsupported
            if part:
                start += len(part)
                lines = part.count(b"\n") + (not part.endswith(b"\n"))
                line += lines
                yield _Block(part, part[3:] if first and part.startswith(BOM) else part, start, line, lines)
                first = False
            if not block:
                return


def well_quoted(part: bytes, quoted) -> bool:
    """Whether both readers read a block alike: every double quote in it opens a cell at the cell's start, is
    doubled within it, or closes it at its end (RFC 4180: `quoted`, a `_quoted` pattern), and it holds no carriage
    return without a line feed (a line end for the csv module only), no NUL byte (the csv module refuses it) and no
    byte order mark at its start (polars drops it there). `""甲""`: 甲 for polars, 甲"" for the csv module."""
    return not (part.startswith(BOM) or b"\x00" in part or b"\r" in part and _LONE_CR.search(part)
                or b'"' in part and not quoted.fullmatch(part))


def _frames(blocks, delimiter: str, width: int, pairs: list, max_cell: int):
    """Each block as polars reads it, once `well_quoted` found it read alike by both readers (else Unsupported: the
    csv module reads on from the first record not passed on), with its end and last line (_blocks). Per record: the
    mapped columns (null when empty), `__feeds` (its line feeds) and `__blank`. Each is first asked of the whole
    block, where one look answers for most: a cell over `max_cell` (then Unsupported) only where some cell has more
    bytes than that; line feeds within cells only where the block has fewer records than lines; a record of blank
    cells only where its first mapped cell is blank."""
    import polars as pl
    quoted = _quoted(delimiter)
    cells = [pl.col(f"c{j}") for j in range(width)]
    fields, exprs = [f for f, _ in pairs], [null_if_empty(pl.col(f"c{j}")).alias(f) for f, j in pairs]
    feeds = pl.sum_horizontal([c.str.count_matches("\n", literal=True).fill_null(0) for c in cells])
    schema = {f"c{j}": pl.String for j in range(width)}
    for block in blocks:
        if not well_quoted(block.look, quoted):
            raise Unsupported
        try:
            frame = pl.read_csv(block.data, has_header=False, separator=delimiter, quote_char='"', infer_schema=False,
                                schema=schema, truncate_ragged_lines=False, raise_if_empty=False)
        except pl.exceptions.PolarsError:
            raise Unsupported from None
        if not frame.height:
            continue
        if longer_than(frame, max_cell):
            raise Unsupported
        out = frame.select(*exprs, (feeds if frame.height < block.lines else pl.lit(0)).cast(pl.Int64).alias("__feeds"))
        yield out.with_columns(__blank=_blank(out, fields)), block.end, block.last


def _blank(frame, fields: list[str]):
    """Whether each record's mapped cells are all blank (empty or white space), as a Series."""
    import polars as pl

    def blank(names):
        return ~pl.any_horizontal(pl.col(f).str.strip_chars(SPACES).str.len_chars() > 0 for f in names).fill_null(False)
    first = frame.select(blank(fields[:1])).to_series()
    maybe = first.arg_true()
    if not len(maybe) or len(fields) == 1:
        return first
    rest = frame[maybe].select(blank(fields[1:])).to_series()
    return pl.Series([False] * frame.height).scatter(maybe.filter(rest), True)


def _rechunk(frames) -> Iterator:
    """The frames' rows again in frames of CHUNK rows (the last may have fewer)."""
    import polars as pl
    rest = None
    for frame in frames:
        rest = frame if rest is None else pl.concat([rest, frame])
        while rest.height >= CHUNK:
            yield rest.slice(0, CHUNK)
            rest = rest.slice(CHUNK)
    if rest is not None and rest.height:
        yield rest


def _line_start(path: str, line: int) -> int:
    """The offset of the first byte of a line (after a UTF-8 byte order mark on the first)."""
    with open(path, "rb") as fh:
        offset = 3 if fh.read(3) == BOM else 0
        fh.seek(offset)
        for _ in range(line - 1):
            offset += len(fh.readline())
    return offset


def _release(held: tuple, progress: list) -> Iterator[Batch]:
    batch, records = held
    progress[0] += records
    if len(batch):
        batch.catalogue.count += len(batch)
        yield batch


@lru_cache(maxsize=8)
def _quoted(delimiter: str):
    """A pattern that the whole of a block matches when its quotes are as RFC 4180 says: text without quotes, and
    cells in quotes, each opening at the block's start or after a delimiter or line feed, holding doubled quotes
    only, and closing before a delimiter, a line end or the block's end. Possessive: C speed, and linear."""
    d = re.escape(delimiter.encode())
    cell = rb'(?:(?<=[' + d + rb'\n])|(?<![\s\S]))"[^"]*+(?:""[^"]*+)*+"(?=[' + d + rb'\r\n]|\Z)'
    return re.compile(rb'(?:[^"]*+' + cell + rb')*+[^"]*+')
