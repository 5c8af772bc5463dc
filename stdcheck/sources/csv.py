"""CSV files: UTF-8 (with or without BOM) or GB18030/GBK, detected; locations are line numbers."""
from __future__ import annotations

import codecs
import csv
import io
import os
from itertools import islice

from ..fields import for_columns
from ..model import Catalogue
from ..errors import InputError
from .base import ReadOptions
from . import columnar
from .batch import Batched, batches
from .tabular import HEADER_SCAN_ROWS, find_header, map_columns, no_header


SNIFF_BYTES = 1 << 20


def csv_error(exc: csv.Error, line: int, options: ReadOptions) -> InputError:
    """The error for a line Python's csv module refused: a LimitError for an over-long field."""
    from .limits import MAX_CELL_CHARS, LimitError
    if "field limit" in str(exc):
        return LimitError("input.csv_field_limit", line=line, limit=options.max_cell_chars or MAX_CELL_CHARS)
    return InputError("input.csv_error", line=line, reason=str(exc)[:160])


def _field_limit(options: ReadOptions) -> None:
    """The csv module's own field limit, just above ours (the row guard reports the exact cell)."""
    from .limits import MAX_CELL_CHARS
    csv.field_size_limit(max(options.max_cell_chars or MAX_CELL_CHARS, 131072) + 1)


def detect(path: str) -> str:
    """The encoding of a CSV file, judged on its first megabyte: UTF-16 (BOM), UTF-8 (BOM or not), else GB18030."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head.strip():
        raise InputError("input.empty")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head[:4096]:
        raise InputError("input.binary")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    try:
        codecs.getincrementaldecoder("gb18030")().decode(head, final=False)
        return "gb18030"
    except UnicodeDecodeError:
        raise InputError("input.encoding") from None


DELIMITERS = ",\t;|"
MAX_COLUMNS = 16384            # Excel's own: more delimiters on one line is not a catalogue
LINE_CELLS = 64                # a line may hold this many cells of the longest length (2 M characters)


def dialect(sample: str) -> type[csv.Dialect]:
    """Excel's dialect (double quotes, "" inside them) with the delimiter that the first lines hold most
    often (a comma on a tie). Counted, not sniffed: csv.Sniffer is quadratic on crafted input (`,"` repeated
    takes it 20-40 s on 64 KB)."""
    lines = [line for line in sample.splitlines()[:HEADER_SCAN_ROWS] if line.strip()]
    best = max(DELIMITERS, key=lambda d: max((line.count(d) for line in lines), default=0))
    return type("Counted", (csv.excel,), {"delimiter": best})


def bounded_lines(fh, options, delimiter: str, number: int = 0):
    """The file's physical lines for csv.reader, each checked before the reader splits it: a line longer than
    64 cells of the longest length, or with more than 16,384 delimiters, is a reading-limit error at its line
    (a 300 MB line is refused after reading 2 M characters of it, never split into millions of cells)."""
    from .limits import MAX_CELL_CHARS, LimitError
    limit = (options.max_cell_chars if options is not None and options.max_cell_chars else MAX_CELL_CHARS) * LINE_CELLS
    while line := fh.readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(("\n", "\r")):
            raise LimitError("input.csv_line_limit", line=number, limit=limit)
        if line.count(delimiter) >= MAX_COLUMNS:
            raise LimitError("input.csv_columns", line=number, limit=MAX_COLUMNS)
        yield line


def read(path: str, options: ReadOptions) -> list[Catalogue]:
    encoding = detect(path)
    _field_limit(options)
    fh = open(path, encoding=encoding, newline="")
    try:
        sample = fh.read(65536)
        counted = dialect(sample)
        fh.seek(0)
        reader = csv.reader(bounded_lines(fh, options, counted.delimiter), counted)
        head, ends, pending = [], [], None
        try:
            for row in reader:
                head.append(row)
                ends.append(reader.line_num)
                if len(head) >= HEADER_SCAN_ROWS:
                    break
        except csv.Error as exc:          # raised after the rows before it are checked (if a header was found)
            pending = csv_error(exc, (ends[-1] + 1) if ends else 1, options)
        except InputError as exc:         # a line over the limits (bounded_lines)
            pending = exc
        except UnicodeDecodeError:        # likewise: bytes of another encoding within the first rows
            pending = InputError("input.encoding_at", line=(ends[-1] + 1) if ends else 1)
    except UnicodeDecodeError:            # in the sample the dialect is sniffed from: nothing read yet
        fh.close()
        raise InputError("input.encoding_at", line=1) from None
    except BaseException:
        fh.close()
        raise
    fields = for_columns(options.columns)
    index = find_header(head, fields)
    if index is None:
        fh.close()
        raise pending or no_header(head, lambda i: _start_line(ends, i))
    cat = Catalogue(path=path, format="csv", header_row=_start_line(ends, index))
    cat.meta["encoding"] = encoding
    pairs = map_columns(cat, head[index], 0, fields, head[index + 1:])
    cat.columnar = columnar.worth(_rows_about(path, sample, encoding))
    if pairs and pending is None and cat.columnar:
        fh.close()
        cat.matters = Batched(_columnar(cat, path, encoding, counted, _start_line(ends, index), index + 1,
                                        len(head[index]), pairs, options))
    else:
        cat.matters = Batched(_rows(cat, fh, head[index + 1:], ends[index:], reader, pairs, options, pending))
    return [cat]


def _columnar(cat, path, encoding, counted, header_line, header_records, width, pairs, options):
    """The rows after the header as polars reads them (columnar.py; a GB18030 or UTF-16 file from a UTF-8 copy of
    it); from the first block it would read otherwise (or refuses), the csv module reads the rest, past the records
    passed on: from the end of the last block passed on whole, in the file polars read (the copy stays while it is
    read); from the file's start where polars read nothing or the file is not all of its encoding."""
    from .limits import MAX_CELL_CHARS
    read = [0, (0, None, None)]
    with columnar.utf8(path, encoding) as source:
        try:
            if source is None:              # bytes of another encoding: the csv module says where
                raise columnar.Unsupported
            yield from columnar.csv_batches(cat, source, counted.delimiter, header_line, width, pairs,
                                            options.max_cell_chars or MAX_CELL_CHARS, read)
            return
        except columnar.Unsupported:
            pass
        records, end, line = read[1]
        if end is not None and source is not None:
            raw = open(source, "rb")
            raw.seek(end)
            fh, skip = io.TextIOWrapper(raw, encoding="utf-8", newline=""), read[0] - records
        else:
            fh, skip, line = open(path, encoding=encoding, newline=""), header_records + read[0], 0
        reader = csv.reader(bounded_lines(fh, options, counted.delimiter, line), counted)
        yield from _rows(cat, fh, [], [line], reader, pairs, options, skip=skip, base=line)


def _rows_about(path: str, sample: str, encoding: str) -> float:
    """About how many lines the file has: its size over the bytes a line of its first 64 KB takes."""
    lines = sample.count("\n") or 1
    if len(sample) < 65536:
        return lines
    return os.path.getsize(path) * lines / len(sample.encode(encoding, errors="replace"))


def _start_line(ends: list[int], i: int) -> int:
    return ends[i - 1] + 1 if i else 1


def _rows(cat, fh, buffered, ends, reader, pairs, options, pending=None, skip=0, base=0):
    """Batches of the records after the header: `buffered` (read ahead, ending on the lines `ends[1:]`), then the
    reader's after its first `skip` records (read before); the reader started after line `base` of the file."""
    # csv line_num is the line a record ends on; a record starts on the line after the previous one.
    def numbered():
        prev = ends[0]
        for row, end in zip(buffered, ends[1:]):
            yield prev + 1, row
            prev = end
        if pending is not None:
            fh.close()
            raise pending
        try:
            for _ in islice(reader, skip):
                prev = base + reader.line_num
            for row in reader:
                yield prev + 1, row
                prev = base + reader.line_num
        except UnicodeDecodeError:
            raise InputError("input.encoding_at", line=prev + 1) from None
        except csv.Error as exc:
            raise csv_error(exc, prev + 1, options) from None
        finally:
            fh.close()

    return batches(cat, numbered(), pairs, text_only=True)
