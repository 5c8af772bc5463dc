"""Which xlsx reader should stdcheck use? Times python-calamine and openpyxl (read-only, values_only)
iterating the same sheet, and `stdcheck check` on it, each in a fresh process (so peak RSS is its own),
alternating the contenders and reporting medians.

    python benchmarks/generate.py --rows 50000 --format xlsx -o bench-data/impl_50k.xlsx
    python benchmarks/read_engines.py bench-data/impl_50k.xlsx --runs 3
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

PROBE = r"""
import json, resource, sys, time
path, engine = sys.argv[1], sys.argv[2]
t = time.perf_counter()
rows = 0
if engine == "calamine":
    import python_calamine as pc
    wb = pc.CalamineWorkbook.from_path(path)
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).iter_rows():
            rows += 1
elif engine == "openpyxl":
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            rows += 1
else:
    from stdcheck.cli import main
    try:
        main(["check", path, "--format", "json", "-o", "/dev/null"], standalone_mode=False)
    except SystemExit:
        pass
    rows = None
secs = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"secs": secs, "rows": rows, "rss_mb": peak / 1024}))   # own peak + the row-check child's (split.py)
"""

CONTENDERS = ("calamine", "openpyxl", "stdcheck")


def measure(path: str, engine: str) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, path, engine], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip", nargs="*", default=[], help="contenders to leave out (e.g. openpyxl on huge files)")
    a = ap.parse_args(argv)
    names = [c for c in CONTENDERS if c not in a.skip]
    results = {c: [] for c in names}
    for _ in range(a.runs):
        for c in names:                       # alternate the contenders run by run
            results[c].append(measure(a.path, c))
    base = statistics.median(r["secs"] for r in results["calamine"]) if "calamine" in results else None
    base_rss = statistics.median(r["rss_mb"] for r in results["calamine"]) if "calamine" in results else None
    print(f"{'reader':10} {'median s':>9} {'× calamine':>11} {'peak RSS MB':>12} {'× calamine':>11}")
    for c in names:
        secs = statistics.median(r["secs"] for r in results[c])
        rss = statistics.median(r["rss_mb"] for r in results[c])
        print(f"{c:10} {secs:9.2f} {secs / base if base else float('nan'):11.2f} {rss:12.0f} "
              f"{rss / base_rss if base_rss else float('nan'):11.2f}")


if __name__ == "__main__":
    main()
