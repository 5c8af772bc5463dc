"""Time and memory of writing the Excel report (--format xlsx) for many findings (issue 15).

    python benchmarks/report_xlsx.py --rows 100000        # prints findings, seconds and peak RSS

Checks a generated 实施清单 CSV with a defect in every row in-process, then writes the report to a temporary file and
prints the check time, the report time and the peak resident memory before and after the report (the report's own
cost is the growth). Run it against another checkout with PYTHONPATH=that/checkout to compare versions.
"""
from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100000)
    a = ap.parse_args(argv)
    from stdcheck.config import Profile, active_rules
    from stdcheck.engine import Plan, run
    from stdcheck.plugins import load_rules
    from stdcheck.reporters import get
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "impl.csv"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--rows", str(a.rows),
                        "--defects", "1", "-o", str(data)], check=True)
        rules, _ = load_rules([], None)
        prof = Profile.load("national")
        t = time.perf_counter()
        result = run([str(data)], Plan(active_rules(rules, prof, {}), prof, tally=True))
        checked = time.perf_counter() - t
        before = peak_mb()
        t = time.perf_counter()
        buf = io.BytesIO()
        get("xlsx")(result, buf, lang="zh", output=str(Path(tmp) / "r.xlsx"))
        written = time.perf_counter() - t
        print(f"rows {a.rows} · findings {len(result.findings)} · check {checked:.1f} s · report {written:.1f} s · "
              f"{len(buf.getvalue()) / 1e6:.1f} MB · peak RSS before the report {before:.0f} MB, after {peak_mb():.0f} MB "
              f"(+{peak_mb() - before:.0f} MB)")


if __name__ == "__main__":
    main()
