"""四级四同 at scale: 1,000,000 implementation rows (CSV) against a 10,000-row national 基本目录.

    python benchmarks/crosslevel_scale.py [--rows 1000000] [--basic-rows 10000] [--dir bench-data/xl]

Generates the data once (benchmarks/generate.py, deterministic), then runs, each as its own process:
  plain   stdcheck check BASIC.csv IMPL.csv --ignore XL  (the plain check of the same rows)
  cross   stdcheck check BASIC.csv IMPL.csv              (everything, 四级四同 included)
  xl-only stdcheck check BASIC.csv IMPL.csv --select XL  (the cross-level rules alone)
with --jobs 1, and prints wall time and peak RSS (of the process and its children) for each and the
cross / plain ratio (issue 7 target ≤ 1.3).
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `stdcheck check ARGS` run in a fresh process."""
    code = ("import resource, sys, time; from stdcheck.cli import main; t = time.perf_counter()\n"
            "try:\n    main(['check', *sys.argv[1:]], standalone_mode=False)\nexcept SystemExit: pass\n"
            "sys.stderr.write(f'{time.perf_counter() - t:.2f} '"
            "f'{max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024:.0f}\\n')")
    r = subprocess.run([sys.executable, "-c", code, *args, "--format", "concise", "--jobs", "1", "--isolated",
                        "--max-errors", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs, mb = r.stderr.strip().splitlines()[-1].split()
    return float(secs), float(mb)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--basic-rows", type=int, default=10_000)
    ap.add_argument("--dir", default="bench-data/xl")
    a = ap.parse_args(argv)
    d = Path(a.dir)
    basic, impl = d / f"basic_{a.basic_rows}.csv", d / f"impl_{a.rows}.csv"
    gen = [sys.executable, str(HERE / "generate.py")]
    if not basic.exists():
        subprocess.run([*gen, "--kind", "basic", "--rows", str(a.basic_rows), "-o", str(basic)], check=True)
    if not impl.exists():
        subprocess.run([*gen, "--rows", str(a.rows), "--basic-rows", str(a.basic_rows), "-o", str(impl)], check=True)
    runs = {"plain": [str(basic), str(impl), "--ignore", "XL"], "cross": [str(basic), str(impl)],
            "xl-only": [str(basic), str(impl), "--select", "XL"]}
    got = {}
    for name, args in runs.items():
        got[name] = measure(args)
        print(f"{name:8s} {got[name][0]:8.1f} s  {got[name][1]:7.0f} MB peak RSS", flush=True)
    print(f"cross / plain = {got['cross'][0] / got['plain'][0]:.2f} (target ≤ 1.3); "
          f"rows: {a.rows:,} implementation, {a.basic_rows:,} basic")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
