"""stdcheck's csv reader against the floor of a reader that makes a Python object per row.

Alternates, in one process (medians of --runs):
  csv      the csv module alone (the floor of any reading in Python);
  fused    one loop over the csv module making a Matter per row (element dictionary, physical line, blank rows
           skipped, the cell limit tested): the floor of a reader that makes Python objects per row;
  stdcheck stdcheck.sources.read's batches as the engine takes them (sources/batch.py; a UTF-8 file read by
           polars, sources/columnar.py): no Matter is made.

Usage: python benchmarks/read_floor.py --file bench-data/impl_100000.csv [--runs 5]
"""
from __future__ import annotations

import argparse
import csv
import statistics
import time
from operator import itemgetter


def stdcheck_read(path: str) -> int:
    from stdcheck.sources import ReadOptions, read
    return sum(len(b) for cat in read(path, ReadOptions()) for b in cat.matters.batches())


def fused(path: str) -> int:
    from stdcheck.model import Catalogue, Matter
    from stdcheck.sources.limits import MAX_CELL_CHARS
    cat = Catalogue(path=path, format="csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        fids = [f"f{i}" for i in range(len(header))]
        pick = itemgetter(*range(len(header)))
        n, prev = 0, reader.line_num
        for row in reader:
            line, prev = prev + 1, reader.line_num
            values = {f: v for f, v in zip(fids, pick(row)) if v}
            if not any(map(str.strip, values.values())):
                continue
            if max(map(len, values.values())) > MAX_CELL_CHARS:
                raise ValueError(line)
            Matter(cat, values, line, None, None)
            n += 1
    return n


def csv_only(path: str) -> int:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    contenders = {"csv": csv_only, "fused": fused, "stdcheck": stdcheck_read}
    secs: dict = {k: [] for k in contenders}
    for _ in range(a.runs):
        for name, fn in contenders.items():
            t = time.perf_counter()
            fn(a.file)
            secs[name].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in secs.items()}
    for name, s in med.items():
        print(f"{name:9s} {s:6.3f} s  ({s / med['csv']:.2f} × the csv module)")
    print(f"fused ÷ stdcheck: {med['fused'] / med['stdcheck']:.2f}")


if __name__ == "__main__":
    main()
