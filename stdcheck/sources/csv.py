"""CSV files: UTF-8 (with or without BOM) or GB18030/GBK, detected; locations are line numbers."""
from __future__ import annotations

import csv
import io

from ..model import Catalogue
from . import InputError, ReadOptions
from .tabular import HEADER_SCAN_ROWS, find_header, map_columns, matters


def decode(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise InputError("input.encoding")


def read(path: str, options: ReadOptions) -> list[Catalogue]:
    with open(path, "rb") as fh:
        data = fh.read()
    if not data.strip():
        raise InputError("input.empty")
    text, encoding = decode(data)
    if "\x00" in text[:4096]:
        raise InputError("input.binary")
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    head, ends = [], []
    for row in reader:
        head.append(row)
        ends.append(reader.line_num)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    index = find_header(head)
    if index is None:
        raise InputError("input.no_header")
    cat = Catalogue(path=path, format="csv", header_row=_start_line(ends, index))
    cat.meta["encoding"] = encoding
    pairs = map_columns(cat, head[index], 0)
    cat.matters = _rows(cat, head[index + 1:], ends[index:], reader, pairs)
    return [cat]


def _start_line(ends: list[int], i: int) -> int:
    return ends[i - 1] + 1 if i else 1


def _rows(cat, buffered, ends, reader, pairs):
    # csv line_num is the line a record ends on; a record starts on the line after the previous one.
    def numbered():
        prev = ends[0]
        for row, end in zip(buffered, ends[1:]):
            yield prev + 1, row
            prev = end
        for row in reader:
            yield prev + 1, row
            prev = reader.line_num

    return matters(cat, numbered(), pairs)
