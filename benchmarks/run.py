"""stdcheck's benchmark suite (issue 7): runs every comparison in one session, alternating the
contenders, and reports medians, peak memory and ratios; writes the table to docs/PERFORMANCE.md.

    python benchmarks/run.py                 # full suite (generates bench-data/ on first use; ~15 min)
    python benchmarks/run.py --quick         # a few thousand rows, one run: the CI smoke run (no file written)

Every contender runs in a fresh process so its peak RSS is its own (for stdcheck: its own peak plus
that of its largest child, the process running the row checks of a large file). stdcheck runs as a user runs it: all rule families
of the national profile, default options (one file: one process; --split measured beside it). Timings are wall-clock seconds measured inside the
process (start-up excluded, except for the start-up measurement itself), with stdcheck's modules compiled to bytecode
first, as an installed copy has them.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

PROBE = r"""
import json, resource, sys, time
kind, args = sys.argv[1], sys.argv[2:]
t, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
if kind == "calamine":
    import python_calamine as pc
    wb = pc.CalamineWorkbook.from_path(args[0])
    n = sum(1 for name in wb.sheet_names for _ in wb.get_sheet_by_name(name).iter_rows())
elif kind == "openpyxl":
    from openpyxl import load_workbook
    wb = load_workbook(args[0], read_only=True)
    n = sum(1 for ws in wb.worksheets for _ in ws.iter_rows(values_only=True))
elif kind == "csv":
    import csv
    with open(args[0], encoding="utf-8", newline="") as fh:
        n = sum(1 for _ in csv.reader(fh))
elif kind == "frictionless":
    from frictionless import Resource, Schema, validate
    import os.path   # frictionless refuses an absolute path as unsafe (a quick error report): give a basepath
    res = Resource(path=os.path.basename(args[0]), basepath=os.path.dirname(os.path.abspath(args[0])),
                   schema=Schema.from_descriptor(json.load(open(args[1]))))
    report = validate(res, limit_errors=10**9)
    n = report.stats["errors"]
    bad = [e for e in report.flatten(["type"]) if e[0] != "constraint-error"]
    assert not bad, bad[:3]       # only the constraint checks were measured, not a refusal of the file
elif kind == "stdcheck":
    from stdcheck.cli import main
    try:
        main(["check", *args, "--format", "json", "-o", "/dev/null"], standalone_mode=False)
    except SystemExit:
        pass
    n = None
secs = time.perf_counter() - t
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"secs": secs, "rss_mb": (own.ru_maxrss + kids.ru_maxrss) / 1024, "n": n,   # own peak + the largest
                  "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime   # child's (split.py); CPU
                         - before.ru_utime - before.ru_stime}))                          # from `t`, as `secs`
"""


def probe(kind: str, *args) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, kind, *map(str, args)], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{kind} {args}: {out.stderr.strip()[-500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def compiled() -> None:
    """stdcheck's modules compiled to bytecode first, as `pip install` leaves them: an editable install under
    PYTHONDONTWRITEBYTECODE would otherwise compile every module in every timed run (about 50 ms)."""
    out = subprocess.run([sys.executable, "-c", "import stdcheck, os; print(os.path.dirname(stdcheck.__file__))"],
                         capture_output=True, text=True, check=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", out.stdout.strip()], capture_output=True, check=True)


def startup() -> dict:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "stdcheck", "--version"], capture_output=True, check=True)
    return {"secs": time.perf_counter() - t, "rss_mb": 0}


def whole(*args) -> dict:
    """A check as a user times it: the whole `stdcheck check` process, start-up and imports included."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "stdcheck", "check", *map(str, args), "--format", "json", "-o", os.devnull],
                   capture_output=True)
    return {"secs": time.perf_counter() - t, "rss_mb": 0}


def compare(runs: int, contenders: dict) -> dict:
    """contenders: name -> zero-arg callable returning {secs, rss_mb}; run alternately, medians."""
    got = {k: [] for k in contenders}
    for _ in range(runs):
        for name, fn in contenders.items():
            got[name].append(fn())
    return {k: {m: statistics.median(r[m] for r in v) for m in ("secs", "rss_mb", "cpu") if m in v[0]}
            for k, v in got.items()}


def ensure(path: Path, *gen_args) -> Path:
    if not path.exists():
        import generate
        print(f"generating {path.name} …", flush=True)
        generate.main([*map(str, gen_args), "-o", str(path)])
    return path


TABLE_SCHEMA = {  # the per-row element checks stdcheck runs, written as a frictionless Table Schema
    "fields": [
        {"name": "事项名称", "type": "string", "constraints": {"required": True, "maxLength": 200}},
        {"name": "基本编码", "type": "string", "constraints": {"required": True, "pattern": "[0-9]{12}"}},
        {"name": "实施编码", "type": "string", "constraints": {"required": True, "pattern": "[0-9A-HJ-NPQRTUWXY]{18}[1-6][0-9]{12}"}},
        {"name": "事项类型", "type": "string", "constraints": {"required": True, "enum": [
            "行政许可", "行政处罚", "行政强制", "行政征收", "行政给付", "行政检查", "行政确认", "行政奖励", "行政裁决",
            "其他行政权力", "公共服务"]}},
        {"name": "设定依据", "type": "string", "constraints": {"required": True, "maxLength": 1000}},
        {"name": "实施主体", "type": "string", "constraints": {"required": True, "maxLength": 100}},
        {"name": "实施主体编码", "type": "string", "constraints": {"required": True, "pattern": "[0-9A-HJ-NPQRTUWXY]{18}"}},
        {"name": "法定办结时限", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "承诺办结时限", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "办件类型", "type": "string", "constraints": {"enum": ["即办件", "承诺件", "其他"]}},
        {"name": "到办事现场次数", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "是否收费", "type": "string", "constraints": {"enum": ["是", "否", "1", "0"]}},
        {"name": "办理地点", "type": "string", "constraints": {"maxLength": 100}},
        {"name": "办理时间", "type": "string", "constraints": {"maxLength": 150}},
        {"name": "咨询电话", "type": "string", "constraints": {"maxLength": 18}},
        {"name": "监督投诉电话", "type": "string", "constraints": {"maxLength": 18}},
    ]
}


def table_schema(csv_path: Path) -> dict:
    """TABLE_SCHEMA's constraints over every column of the file, in its order (a field per column, so
    frictionless reports the constraint violations only, not an extra-label/extra-cell per row)."""
    import csv
    with open(csv_path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    known = {f["name"]: f for f in TABLE_SCHEMA["fields"]}
    return {"fields": [known.get(name, {"name": name, "type": "string"}) for name in header]}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="stdcheck benchmark suite")
    ap.add_argument("--quick", action="store_true", help="tiny sizes, one run, nothing written (CI smoke run)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", default=str(ROOT / "bench-data"))
    ap.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    a = ap.parse_args(argv)
    data = Path(tempfile.mkdtemp()) if a.quick else Path(a.data)
    data.mkdir(parents=True, exist_ok=True)
    small, big, xrows = (2_000, 20_000, 2_000) if a.quick else (100_000, 1_000_000, 100_000)
    runs = 1 if a.quick else a.runs
    big_runs = 1 if a.quick else max(1, runs - 1)

    xlsx = ensure(data / f"impl_{xrows}.xlsx", "--rows", xrows, "--format", "xlsx")
    csv_small = ensure(data / f"impl_{small}.csv", "--rows", small, "--format", "csv")
    csv_big = ensure(data / f"impl_{big}.csv", "--rows", big, "--format", "csv")
    basic = ensure(data / "basic_10000.csv", "--rows", 10_000, "--kind", "basic", "--format", "csv")
    half = ensure(data / f"impl_{small // 2}_a.csv", "--rows", small // 2, "--format", "csv")
    half_b = data / f"impl_{small // 2}_b.csv"
    if not half_b.exists():
        half_b.write_bytes(half.read_bytes())
    schema = data / "table_schema.json"
    schema.write_text(json.dumps(table_schema(csv_small), ensure_ascii=False), encoding="utf-8")
    compiled()
    rows = []

    def add(name, measured, base, target, mem=False):
        ratio = (measured["rss_mb"] / base["rss_mb"]) if mem else (measured["secs"] / base["secs"])
        rows.append((name, ratio, target, measured, base, mem))
        print(f"{name}: {ratio:.2f} (target {target})", flush=True)

    r = compare(runs, {"calamine": lambda: probe("calamine", xlsx),
                       "stdcheck": lambda: probe("stdcheck", xlsx),
                       "split": lambda: probe("stdcheck", xlsx, "--split"),
                       "read": lambda: probe("stdcheck", xlsx, "--select", "IO001")})
    add(f"xlsx {xrows:,} rows: stdcheck ÷ calamine iter_rows (time)", r["stdcheck"], r["calamine"], "≤ 1.5")
    add(f"xlsx {xrows:,} rows: stdcheck reading only (--select IO001) ÷ calamine (time): the floor of the ratio above",
        r["read"], r["calamine"], "—")
    add(f"xlsx {xrows:,} rows: stdcheck --split (two processes) ÷ calamine (time)", r["split"], r["calamine"], "—")
    add(f"xlsx {xrows:,} rows: stdcheck ÷ calamine (peak memory)", r["stdcheck"], r["calamine"], "≤ 1.3", mem=True)
    add(f"xlsx {xrows:,} rows: stdcheck --split ÷ calamine (peak memory)", r["split"], r["calamine"], "—", mem=True)
    o = compare(1, {"openpyxl": lambda: probe("openpyxl", xlsx)})["openpyxl"]    # slow: one run
    add(f"xlsx {xrows:,} rows: openpyxl read-only (streaming) ÷ calamine (time)", o, r["calamine"], "—")
    add(f"xlsx {xrows:,} rows: openpyxl read-only (streaming) ÷ calamine (peak memory)", o, r["calamine"], "—", mem=True)
    per_row = [("python-calamine iterating the xlsx", r["calamine"]["secs"] / xrows),
               ("openpyxl read-only iterating the xlsx", o["secs"] / xrows),
               ("stdcheck on the xlsx (read + all rules)", r["stdcheck"]["secs"] / xrows)]

    r = compare(runs, {"small": lambda: probe("stdcheck", csv_small),
                       "read": lambda: probe("stdcheck", csv_small, "--select", "IO001")})
    small_plain, reading_only = r["small"], r["read"]
    reading = [(f"stdcheck on the {small:,}-row csv, reading only (start-up, rows into batches, one rule: IO001)",
                r["read"]["secs"] / small),
               (f"stdcheck on the {small:,}-row csv (read + all rules)", r["small"]["secs"] / small)]
    try:
        import frictionless  # noqa: F401
        r = compare(runs, {"frictionless": lambda: probe("frictionless", csv_small, schema),
                           "stdcheck": lambda: probe("stdcheck", csv_small)})
        add(f"csv {small:,} rows: frictionless validate ÷ stdcheck (all rules)", r["frictionless"], r["stdcheck"], "≥ 3")
        add(f"csv {small:,} rows: frictionless validate ÷ stdcheck reading only (--select IO001): the ceiling of the "
            "ratio above", r["frictionless"], reading_only, "—")
    except ImportError:
        print("frictionless not installed (pip install -e '.[bench]'): comparison skipped", flush=True)

    r = compare(big_runs, {"csv": lambda: probe("csv", csv_big),
                           "plain": lambda: probe("stdcheck", csv_big),
                           "xl": lambda: probe("stdcheck", basic, csv_big)})
    add(f"csv {big:,} rows, streamed (stdcheck's one memory mode): stdcheck ÷ csv module (time)", r["plain"], r["csv"], "≤ 3")
    per_row += [("the csv module reading the csv", r["csv"]["secs"] / big), *reading,
                (f"stdcheck on the {big:,}-row csv (read + all rules)", r["plain"]["secs"] / big)]
    rows.append((f"csv {big:,} rows, streamed: stdcheck peak memory (MB)", r["plain"]["rss_mb"], "≤ 1024", r["plain"], None, True))
    print(f"peak memory csv {big:,}: {r['plain']['rss_mb']:.0f} MB", flush=True)
    add(f"growth: time({big:,}) ÷ time({small:,})", r["plain"], small_plain, "9 – 11")
    add(f"四级四同: {big:,} impl rows + 10,000 basic ÷ plain check", r["xl"], r["plain"], "≤ 1.3")
    rows.append((f"四级四同 {big:,} + 10,000 rows: peak memory (MB)", r["xl"]["rss_mb"], "—", r["xl"], None, True))

    r = compare(runs, {"j1": lambda: probe("stdcheck", half, half_b, "--jobs", "1"),
                       "j2": lambda: probe("stdcheck", half, half_b, "--jobs", "2")})
    add("--jobs 2 ÷ --jobs 1 on two equal files", r["j2"], r["j1"], "≤ 0.6")
    cores = min(2, os.cpu_count() or 1)   # --jobs 2 does --jobs 1's CPU work on these cores: at least CPU ÷ cores
    add(f"--jobs 2 ÷ --jobs 1 at best: --jobs 1's CPU time ({r['j1']['cpu']:.2f} s) ÷ {cores} cores ÷ its wall time",
        {"secs": r["j1"]["cpu"] / cores, "rss_mb": 0}, r["j1"], "—")

    s = compare(max(runs, 5), {"startup": startup})["startup"]
    rows.append(("start-up: stdcheck --version (s)", s["secs"], "≤ 0.3", s, None, False))
    print(f"start-up: {s['secs']:.3f} s", flush=True)

    few = {fmt: ensure(data / f"impl_1000.{fmt}", "--rows", 1000, "--format", fmt) for fmt in ("csv", "xlsx")}
    s = compare(max(runs, 5), {fmt: lambda p=p: whole(p) for fmt, p in few.items()})
    for fmt in few:        # below columnar.MIN_ROWS: no polars (its import would cost more than it saves)
        rows.append((f"a 1,000-row {fmt}: the whole `stdcheck check` process (s)", s[fmt]["secs"], "—", s[fmt], None,
                     False))
        print(f"1,000-row {fmt}: {s[fmt]['secs']:.3f} s", flush=True)

    if not a.quick:
        write_report(Path(a.out), rows, runs, big_runs, per_row)


NOTES = """
## What bounds the figures

stdcheck runs about eighty rules, each a small Python function or class (a rule fits on a screen, and its
messages, levels and options come from data). The run path is one loop (docs/architecture.md): the rows of a
table are read as batches of 4,096 rows in columns (sources/batch.py), and every rule sees each batch as a chunk.

What is done: rules are compiled once per run; options are validated once (only those a user wrote: the shipped
profiles and the rules' defaults are validated by the tests, and the shipped YAML is read by libyaml); messages are
rendered only by reporters. A csv is read by polars into columns (sources/columnar.py; a GB18030 or UTF-16 file from a UTF-8 copy),
where polars reads it exactly as Python's csv module does (each block of about 8 MB checked before polars reads it:
RFC 4180 quotes by one possessive regular expression, no lone carriage return; from a block that is not, the csv
module reads on, starting where the last block passed on ends); an xlsx sheet is read by python-calamine and each batch's
texts are kept in a polars frame (a quarter of the memory of Python strings). Before calamine parses a sheet, a
pass over its XML refuses a far cell (a polars regex per block says whether the block holds a new column or a row
outside the range so far, while a thread inflates the next block and makes it polars text: benchmarks/hostile.py). An input under 2,000 rows
is read and checked without polars: importing it costs more than it saves there (the 1,000-row rows above). A Matter (the Python object of one row) is made only for a row a
rule asks for. Every row check and thirteen catalogue rules declare a `where` prefilter, a polars expression
evaluated over the batches' columns, a few batches in one select (four of an xlsx, eight of a csv, whose reader
holds no parsed sheet beside them; a select costs about 35 ms before its first row, and
`python benchmarks/prefilter_exprs.py` times each expression; evaluated lazily so the expressions share their common parts; `where.present` knows
whether the sheet has a column), so the Python check runs only on the rows that may fail (engine/prefilter.py;
`python benchmarks/prefilter.py` compares with and without); an expression over elements that repeat their values
(units, yes/no, code-table values, a department's phone) is evaluated once per distinct combination of them (a
group-by, decided on a catalogue's first 4,096 rows, its combinations counted in Python), and a check that declares what it reads then runs once per
such combination, no column taken out of the batch for it; the check characters of credit codes are computed in
polars, once per distinct code of a chunk. Rules that declare the elements they read are evaluated once per
distinct combination of those values (replay.py). A catalogue's first window is two chunks, so the rules start
while the rest of the first eight are read. The uniqueness rules, the 四级四同 index and EL002's count of
rows needing a missing column read a chunk's columns (`rows(chunk)`, `count(chunk)`: a dictionary lookup per row,
no call and no Matter per row). One thread reads the next chunks and another flags them while the rules check
these (ahead.py: polars lets go of the interpreter while it reads and selects); the rules that need no flags
(uniqueness, the 四级四同 index) check a group while it is flagged, their findings kept on the chunk for its turn. During a run Python's cycle collector
runs rarely (it had scanned the whole heap ten times over 1,000,000 rows, 1.6 s, and found almost no cycles) and
the interpreter changes threads after 0.5 ms, not 5 (the reading thread waited for it after each call into polars:
the flagging thread waited 8.0 s of an 18.7 s run for rows; engine/interpreter.py). Several files are checked in parallel processes (`--jobs`, default = cores); with
`--split` (opt-in) one large file is checked on two cores by splitting the rules (`stdcheck/engine/split.py`), at
the cost of a second reading and, for a workbook, a second copy of the sheet in memory (the --split rows). A JSON
report (json, sarif, gitlab) is written by one walk that escapes strings with the standard library's C function
(reporters/indented.py: the same text as json.dump with indent, in half the time).

What still costs, per row: evaluating the prefilter expressions (regular expressions over every row, in Rust:
`python benchmarks/prefilter_exprs.py` times each); the text of the rows some rule must see, taken out of the
frame into Python (a few microseconds a row; a check that declares what it reads gets only those elements, the
whole row only where it finds something); the Python checks of those rows (EL010 and EL114 select every row:
phone validity is libphonenumber's and a 说明's number of days is read by cn2an; they run once per distinct
combination of values); the uniqueness rules and the 四级四同 index, which look up every code in a dictionary; for xlsx, calamine's
parse (about 3.1 s of the 100,000-row sheet on this session's machine, before a row is seen) and its Python value per cell (python-calamine
has no columnar output; fastexcel, calamine into Arrow, renders numbers as text and would need the cell types CD001
reads kept another way; its parse is calamine's all the same).

Where the time of a large csv goes (one run over the 1,000,000-row csv, each thread's CPU time from /proc, two runs
this session): 20.9 s of CPU in 13.5 s; the main thread (the rules) 7.6-8.0 s, polars' executor (the prefilter's
select) 6.4-6.5 s, the reading and flagging threads (their Python and the polars calls they make) 4.3-4.7 s, polars'
pool 1.6-1.7 s. Of the main thread, the 四级四同 index is the largest part (an entry per distinct matter, a dictionary
lookup per row: about a quarter at the last stop), then the uniqueness rules and the columns taken out for them (a
Python string per cell, 40-180 ns). Measured at the last stop and not kept: moving the 四级四同 index into polars
group-bys took 1.2 s off the main thread (3.1 → 1.8 s) and nothing off the run (16.64 → 16.67 s, medians of three,
alternating); checking the quotes of a block with polars' regular expressions in place of Python's costs five times
the CPU (0.57 s against 0.11 s for 84 MB).

The targets still missed, and what bounds them (the rows "floor", "ceiling" and "at best" above are measured in the
same session as the targets):

- xlsx ÷ calamine. Reading alone, with one rule (IO001), is already about 1.5 times calamine (the floor row), so
  nothing is left for eighty rules. Before a row is seen: the pass over the sheet's XML that refuses a far cell
  (0.46-0.51 s of the 100,000-row sheet, about what inflating its 263 MB costs, 0.28-0.33 s, plus the scan; it must
  end before calamine's parse allocates the grid) and calamine's parse itself (3.1 s, as in the baseline). After it,
  each cell comes as a Python value and is turned into text columns in the reading thread (about 1.0 s), which holds
  the interpreter as the rules do: the rules' Python work adds to that reading rather than overlapping it.
- frictionless ÷ stdcheck. Reading alone leaves a ceiling of about 6.5 (the ceiling row); the rules take it to 2.3.
  The run holds the interpreter most of its time (py-spy --gil over the 100,000-row csv: 1.9-2.1 s of samples with
  the lock held, in 2.4 s under the profiler with its own start), so it is bounded by its Python work, which one
  interpreter does one piece at a time: the start (imports, polars 0.13 s, the plan 0.09 s: about 0.28 s before the
  first row), the 四级四同 index (0.18-0.25 s), the uniqueness rules (about 0.2 s), the Matters of the rows with
  findings (about 0.09 s, 9-12 µs each: polars' row of 42 texts), the end (the 四级四同 comparison 0.24-0.28 s, of
  which the near-duplicate names 0.12-0.17 s, then the report 0.1 s). 2.7 s of CPU in 2.1 s: the main thread 1.3 s,
  polars' executor 0.7 s, the reading and flagging threads 0.5 s. Tried this session and not kept: the rules that
  need no flags run in the reading thread (1.92 → 2.05 s: it then held the interpreter the flagging thread waited
  for); a first window of one chunk, or windows of four or six (1.78-1.89 s against 1.81 s); the first window
  without the evaluation per combination (its flags 0.07-0.11 s sooner, the run no faster). Kept: those rules run
  in the main thread while a group is flagged (2.02 → 1.95 s median, 14 of 15 alternating pairs faster).
- --jobs 2 ÷ --jobs 1. One run of a 50,000-row file already keeps more than one core busy (its CPU time ÷ wall
  time); two processes on two cores cannot take less than half of --jobs 1's CPU time, which is about two thirds of
  its wall time (the "at best" row: above 0.6 before any cost of the second process).

stdcheck has one memory mode: a csv is read as a stream (blocks of about 8 MB, into chunks of 4,096 rows, a window of
chunks read and flagged ahead of the rules), so what grows with its rows is the 四级四同 index (an entry per distinct
matter) and the findings, not the rows; an xlsx sheet is parsed whole by calamine first (as in its baseline), its rows
then taken in the same chunks.

Growth from 100,000 to 1,000,000 rows is below linear (about 7.5, not 10): the part of a run that does not grow with
the rows (the start, the first window read and flagged before the rules start, the end) is a larger share of the
smaller run; per row the larger run is cheaper (the cost per row table).
"""


def write_report(path: Path, rows, runs, big_runs, per_row) -> None:
    lines = ["# stdcheck performance", "",
             "Generated by `python benchmarks/run.py` (do not edit by hand). Every figure is a median of "
             f"{runs} runs ({big_runs} for the 1,000,000-row runs), contenders alternated, each in a fresh process; "
             "ratios compare figures measured in the same session.", "",
             f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores.", "",
             "| measurement | result | target | measured | baseline |", "|---|---|---|---|---|"]
    for name, value, target, m, b, mem in rows:
        unit = "MB" if mem else "s"
        key = "rss_mb" if mem else "secs"
        measured = f"{m[key]:.2f} {unit}"
        baseline = f"{b[key]:.2f} {unit}" if b else "—"
        lines.append(f"| {name} | **{value:.2f}** | {target} | {measured} | {baseline} |")
    lines += ["", "Cost per row:", "", "| step | µs per row |", "|---|---|"]
    lines += [f"| {label} | {secs * 1e6:.1f} |" for label, secs in per_row]
    lines += [NOTES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
