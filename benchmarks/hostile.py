"""Time and peak memory of the hostile inputs of issue 18, and the cost of the sheet-extent scan.

    python benchmarks/hostile.py [--rows 20000] [--names 50000]

Each case runs `python -m stdcheck check FILE` in a fresh process (its peak RSS); the extent scan and
XL007's near-duplicate search are timed in this process. Prints a table; nothing is asserted.
"""
from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# a small launcher, so that the peak memory measured is stdcheck's alone (not this process's, forked)
LAUNCH = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
          "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
          "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, code)")


def run(*args) -> tuple[float, int, int]:
    """(seconds, peak MB, exit code) of one stdcheck process."""
    out = subprocess.run([sys.executable, "-c", LAUNCH, sys.executable, "-m", "stdcheck", *map(str, args)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def _long_cell_csv() -> str:
    """A 基本目录 of about 10 MB whose one cell holds 200,000 lines (8 MB): a block of the csv reader ends inside it,
    and the reader steps back over its lines to the record's start (before: a recount of the block's quotes each
    line)."""
    from tests.corpus.make_corpus import _csv, good_rows
    header, rows = good_rows(11)
    long = [*rows[0][:-1], "\n".join(f"第{i}项 申请材料目录及说明文字" for i in range(200_000))]
    return _csv([header, *rows * 2000, long, *rows])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20000, help="rows of the workbook the extent scan is timed on")
    ap.add_argument("--names", type=int, default=50000, help="names sharing two characters for XL007")
    a = ap.parse_args()
    from benchmarks.generate import IMPL_HEADER, basic_rows, impl_rows, write
    from tests.corpus.hostile import build
    from tests.corpus.make_corpus import _csv, good_rows

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = build(tmp / "hostile")
        header, rows = good_rows(5)
        text = _csv([header, *rows])
        (tmp / "line30mb.csv").write_text(text + "x" * (30 << 20) + "\n", encoding="utf-8")
        (tmp / "sniff64k.csv").write_text(text + ',"' * 32768 + "\n", encoding="utf-8")
        (tmp / "lines.csv").write_text(_long_cell_csv(), encoding="utf-8")
        cases = [("far cell XFD1048576", files["far_cell"]), ("sparse far cell GZ200000", files["sparse_far_cell"]),
                 ("csv: one 30 MB line", tmp / "line30mb.csv"), ("csv: 64 KB of ,\" (Sniffer)", tmp / "sniff64k.csv"),
                 ("csv: 20,000-column header", files["wide_header"]),
                 ("csv: a cell of 200,000 lines", tmp / "lines.csv"),
                 ("csv: 500 unknown columns", files["many_unknown_columns"])]
        cases.append(("annotate: 300,000 styled rows", files["styled_empty_rows"], "--annotate", tmp / "annotated"))
        print(f"{'case':<32} {'seconds':>8} {'peak MB':>8} {'exit':>5}")
        for name, path, *extra in cases:
            s, mb, code = run("check", path, "--format", "json", "--jobs", "1", *extra)
            print(f"{name:<32} {s:>8.2f} {mb:>8} {code:>5}")

        book = tmp / "impl.xlsx"
        write(book, IMPL_HEADER, impl_rows(a.rows, basic_rows(2000)), "xlsx", "")
        import python_calamine as pc
        from stdcheck.sources.columnar import available
        from stdcheck.sources.limits import check_extent
        available()            # polars loaded first, as in a check run (the scan uses its regex where it can)
        with zipfile.ZipFile(book) as zf:
            part = "xl/worksheets/sheet1.xml"
            mb = zf.getinfo(part).file_size >> 20
            start = time.perf_counter()
            check_extent(zf, part, "sheet")
            scan = time.perf_counter() - start
        start = time.perf_counter()
        wb = pc.CalamineWorkbook.from_path(str(book))
        wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
        parse = time.perf_counter() - start
        print(f"\nextent scan of a {a.rows}-row sheet ({mb} MB of XML): {scan:.2f} s; calamine parse: {parse:.2f} s "
              f"({scan / parse:.0%} of it)")

    from stdcheck.crosslevel.compare import near_duplicates

    class Rec:
        rank, kind = 1, "basic"

        def __init__(self, name, code):
            self.name, self.code = name, code

    random.seed(1)
    chars = "设立审批变更登记延续审查注销备案许可证核发资质认定年度检查信息公开申请补贴发放"
    by_code = {f"{i:012d}": [Rec("固定" + "".join(random.choice(chars) for _ in range(12)), f"{i:012d}")]
               for i in range(a.names)}
    start = time.perf_counter()
    near_duplicates(by_code, 90, a.names)
    print(f"XL007 over {a.names} names sharing their first two characters: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
