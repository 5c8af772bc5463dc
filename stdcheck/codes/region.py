"""GB/T 2260 行政区划代码: format, province list, and look-ups in a code table the user supplies.

Supported table files (option `region_table`): a CSV with columns 代码, 名称 and optionally 状态
(在用/变更/弃用), 变更(弃用)时间 and 新代码 — the layout of the yescallop/areacodes `result.csv` —
or a text file with one `代码 名称` per line (codes in use). Without such a file, `builtin()` looks codes up in the
county-level GB/T 2260 codes with their history that python-stdnum ships (stdnum.cn, `cn/loc`, compiled from the
Wikipedia lists of 行政区划代码 and kept up to date with each stdnum release): names carry year ranges such as
`[-2010]崇文区`, so an abolished code is known with its year (but not its successor — a user's table gives that).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from .uscc import PROVINCES

FORMAT = re.compile(r"\d{6}(\d{6})?")


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    status: str = "在用"        # 在用 | 变更 | 弃用
    until: str | None = None   # year it was changed or abolished
    successor: str | None = None


def problem(code: str) -> tuple[str, dict] | None:
    """Format problems of a 6- or 12-digit area code: (message id, params) or None."""
    if not FORMAT.fullmatch(code):
        return "region.format", {"length": len(code)}
    if code[:2] not in PROVINCES:
        return "region.province", {"province": code[:2]}
    if code[2:4] == "00" and code[4:6] != "00":
        return "region.zeros", {}
    return None


_YEARS = re.compile(r"^\[(\d{4})?-(\d{4})?\]")


@cache
def builtin(code6: str) -> Entry | None:
    """The python-stdnum entry of a 6-digit code: in use, or abolished in the year its last name ended; None when
    stdnum does not know the code."""
    from stdnum import numdb
    info = numdb.get("cn/loc").info(code6)
    county = info[1][1].get("county") if len(info) > 1 else None
    if not county:
        return None
    return _builtin_entry(code6, county)


def _builtin_entry(code6: str, county: str) -> Entry:
    last = county.split(",")[-1]
    years = _YEARS.match(last)
    name = _YEARS.sub("", last)
    if years and years.group(2):
        return Entry(code6, name, "弃用", years.group(2))
    return Entry(code6, name)


@cache
def builtin_in_use() -> frozenset[str] | None:
    """Every 6-digit code whose builtin() entry is in use: python-stdnum's table read whole, as numdb.info reads it
    for one code (the properties of every matching prefix merged in order). None when the table is not of the shape
    this reading assumes (provinces of 2 digits, counties of 4 below them, nothing deeper)."""
    from stdnum import numdb
    merged: dict[str, dict] = {}
    for length, low, high, _props, children in numdb.get("cn/loc").prefixes:
        if length != 2 or not (len(low) == len(high) == 2 and low.isdigit() and high.isdigit()):
            return None
        for province in range(int(low), int(high) + 1):
            for clength, clow, chigh, props, grandchildren in children:
                if clength != 4 or grandchildren or not (
                        len(clow) == len(chigh) == 4 and clow.isascii() and clow.isdigit()
                        and chigh.isascii() and chigh.isdigit()):
                    return None
                for county in range(int(clow), int(chigh) + 1):
                    merged.setdefault(f"{province:02d}{county:04d}", {}).update(props)
    return frozenset(code for code, props in merged.items()
                     if props.get("county") and _builtin_entry(code, props["county"]).status == "在用")


def table_in_use(path: str) -> frozenset[str] | None:
    """The codes of the table file at `path` whose entry is in use (load(path)); None when it cannot be read (the
    check then meets the same error)."""
    try:
        table = load(path)
    except Exception:      # noqa: BLE001 — whatever load raises, the check raises it too, on the rows it reads
        return None
    return frozenset(code for code, entry in table.items() if entry.status == "在用")


@cache
def load(path: str) -> dict[str, Entry]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    table: dict[str, Entry] = {}
    first = text.splitlines()[0] if text else ""
    if "," in first and "代码" in first:
        for row in csv.DictReader(text.splitlines()):
            code = (row.get("代码") or "").strip()
            if not code:
                continue
            status = (row.get("状态") or "在用").strip()
            until = next((row[k].strip() for k in row if k and ("弃用" in k or "变更" in k) and "时间" in k and row[k]), None)
            successor = (row.get("新代码") or "").strip() or None
            # a code can appear more than once (reused after abolition): keep the entry in use
            if code in table and table[code].status == "在用":
                continue
            table[code] = Entry(code, (row.get("名称") or "").strip(), status, until, successor)
    else:
        for line in text.splitlines():
            parts = line.split(None, 1)
            if len(parts) == 2 and parts[0].isdigit():
                table[parts[0]] = Entry(parts[0], parts[1].strip())
    return table
