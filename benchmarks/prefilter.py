"""Row checks with and without their `where` prefilters (engine/prefilter.py), alternating, medians, one process each.

    python benchmarks/prefilter.py                              # 30,000 generated rows, all rules, 3 runs each
    python benchmarks/prefilter.py --rows 100000 --select CD    # only the coding rules
    python benchmarks/prefilter.py --file 实施清单.xlsx --profile 51-sichuan

Prints the median seconds of each mode, their ratio, and the findings of both (which must be equal).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import json, sys, time
from stdcheck.config import Profile, active_rules
from stdcheck.engine import Plan, run
from stdcheck.plugins import load_rules
path, profile, select, flag = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "on"
rules, _ = load_rules()
prof = Profile.load(profile)
plan = Plan(active_rules(rules, prof, {}, select.split(",")), prof, prefilter=flag)
t = time.perf_counter()
result = run([path], plan)
print(json.dumps({"secs": time.perf_counter() - t, "findings": len(result.findings)}))
"""


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=30_000)
    ap.add_argument("--file", help="a catalogue to check (default: a generated 实施清单 csv with 2%% defects)")
    ap.add_argument("--profile", default="national")
    ap.add_argument("--select", default="ALL")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args(argv)
    path = a.file
    if not path:
        path = str(Path(tempfile.gettempdir()) / f"stdcheck_prefilter_{a.rows}.csv")
        if not Path(path).exists():
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--rows", str(a.rows),
                            "--format", "csv", "--defects", "0.02", "-o", path], check=True)
    got: dict = {"on": [], "off": []}
    counts = {}
    for _ in range(a.runs):
        for mode in ("on", "off"):
            out = subprocess.run([sys.executable, "-c", PROBE, path, a.profile, a.select, mode],
                                 capture_output=True, text=True, check=True)
            doc = json.loads(out.stdout.strip().splitlines()[-1])
            got[mode].append(doc["secs"])
            counts[mode] = doc["findings"]
    on, off = statistics.median(got["on"]), statistics.median(got["off"])
    print(f"{path}: select {a.select}, {a.runs} runs each, alternating")
    print(f"  with prefilters    {on:8.2f} s   findings {counts['on']}")
    print(f"  without            {off:8.2f} s   findings {counts['off']}")
    print(f"  ratio with/without {on / off:8.2f}")
    if counts["on"] != counts["off"]:
        sys.exit("findings differ: a where expression left out a row its check reports (tests/test_prefilter.py)")


if __name__ == "__main__":
    main()
