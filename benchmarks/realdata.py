"""Precision on real published catalogues (issue 13): checks every real file of ../shared/data/real as a user
would — under the national profile and under its province's profile where one ships — and prints, per file,
the findings by level and by rule and the share of rows that carry an error-level finding, so a change that
floods real data with errors is visible before it lands.

    python benchmarks/realdata.py                       # this Python's stdcheck, else the README's .venv, else PATH
    .venv/bin/python benchmarks/realdata.py --stdcheck /other/venv/bin/stdcheck   # another build, e.g. a baseline
    .venv/bin/python benchmarks/realdata.py --json out.json       # the figures as JSON as well

The 辽宁 catalogue is published as JSON (its API's records); it is written to a YAML catalogue first (the
project's documented format, the same records), as a user would convert it.
"""
from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "data" / "real"

# file, profiles to check it under, extra options (a user's column mapping and kind where the file needs them)
FILES = [
    ("guangdong_zhongshan_2021.xlsx", ("national", "44-guangdong"), ()),
    ("sichuan_guangan_items.csv", ("national", "51-sichuan"), ()),
    ("sichuan_ziyang_scjgj.csv", ("national", "51-sichuan"), ("--column", "title=事项名称")),
    ("liaoning_catalogue.yaml", ("national",), ()),
]


def liaoning_yaml(folder: Path) -> Path:
    """The 辽宁 API records as a YAML 基本目录 (provincial), unchanged."""
    rows = json.loads((REAL / "liaoning_catalogue.json").read_text(encoding="utf-8"))
    path = folder / "liaoning_catalogue.yaml"
    doc = {"catalogue": {"kind": "基本目录", "level": "省级"}, "matters": rows}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")     # JSON is YAML
    return path


def check(stdcheck: list[str], path: Path, profile: str, extra) -> dict:
    out = subprocess.run([*stdcheck, "check", str(path), "--profile", profile, "--format", "json", "--isolated",
                          "--jobs", "1", *extra], capture_output=True, text=True, encoding="utf-8")
    if not out.stdout.strip():                  # stdcheck itself failed: no document at all
        return {"failed": (out.stderr or "").strip().splitlines()[-1:] or [f"exit code {out.returncode}"]}
    doc = json.loads(out.stdout)
    unreadable = [f["error"] for f in doc["files"] if f["status"] != "ok"]
    if unreadable:
        return {"unreadable": unreadable}
    rows = doc["summary"]["matters"]
    by_rule = collections.Counter((f["level"], f["rule"]) for f in doc["findings"])
    error_rows = {(f["location"]["file"], f["location"]["sheet"], f["location"]["row"] or f["location"]["line"])
                  for f in doc["findings"] if f["level"] == "error" and f["matter"]}
    return {"rows": rows, "levels": {lv: doc["summary"][lv] for lv in ("error", "warning", "info")},
            "rules": {f"{lv}:{code}": n for (lv, code), n in sorted(by_rule.items())},
            "error_rows": len(error_rows), "error_share": round(len(error_rows) / rows, 4) if rows else 0.0}


def candidates() -> list[list[str]]:
    """The stdcheck commands to try, in order: this Python's, the README's .venv of this checkout, one on PATH."""
    out = [[sys.executable, "-m", "stdcheck"]]
    for venv in (ROOT / ".venv" / "bin" / "python", ROOT / ".venv" / "Scripts" / "python.exe"):
        if venv.exists():
            out.append([str(venv), "-m", "stdcheck"])
    found = shutil.which("stdcheck")
    if found:
        out.append([found])
    return out


def runnable(commands: list[list[str]]) -> tuple[list[str] | None, list[tuple[str, str]]]:
    """The first command that runs `stdcheck rules`, and why each one before it did not."""
    reasons = []
    for cmd in commands:
        probe = subprocess.run([*cmd, "rules", "--format", "json"], capture_output=True, text=True, encoding="utf-8")
        if probe.returncode == 0:
            return cmd, reasons
        reasons.append((" ".join(cmd), ((probe.stderr or "").strip().splitlines() or [f"exit code {probe.returncode}"])[-1]))
    return None, reasons


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stdcheck", help="the stdcheck command to measure (default: this Python's, else the checkout's "
                                       ".venv, else one on PATH)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    if not REAL.is_dir():
        print(f"../shared/data/real is not beside the checkout ({REAL}); nothing to measure")
        return 0
    stdcheck, reasons = runnable([[args.stdcheck]] if args.stdcheck else candidates())
    if stdcheck is None:                        # e.g. a Python without stdcheck's dependencies: say so, measure nothing
        print("no stdcheck runs here:\n" + "\n".join(f"  {cmd}: {why}" for cmd, why in reasons) +
              "\ninstall it as the README says (python3 -m venv .venv && .venv/bin/pip install .), "
              "or name a stdcheck command with --stdcheck", file=sys.stderr)
        return 2
    print(f"measuring {' '.join(stdcheck)}")
    results, failed = {}, False
    with tempfile.TemporaryDirectory() as tmp:
        for name, profiles, extra in FILES:
            path = liaoning_yaml(Path(tmp)) if name == "liaoning_catalogue.yaml" else REAL / name
            for profile in profiles:
                r = results[f"{name} [{profile}]"] = check(stdcheck, path, profile, extra)
                print(f"\n{name}  --profile {profile}")
                if "failed" in r or "unreadable" in r:      # never counted as figures
                    failed = failed or "failed" in r
                    print(f"  {'failed' if 'failed' in r else 'unreadable'}: {r.get('failed') or r['unreadable']}")
                    continue
                print(f"  rows {r['rows']}  error {r['levels']['error']}  warning {r['levels']['warning']}  "
                      f"info {r['levels']['info']}  rows with an error {r['error_rows']} ({r['error_share']:.1%})")
                print("  " + "  ".join(f"{k}={v}" for k, v in r["rules"].items()))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 2 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
