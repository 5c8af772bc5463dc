"""Load on `stdcheck serve`: concurrent uploads through the JSON API, and the findings table of a large result.

    python benchmarks/serve_load.py                      # 20 concurrent uploads of a 5,000-row list, 2 workers
    python benchmarks/serve_load.py --clients 20 --rows 5000 --workers 2 --table 100000

Prints the latency percentiles of POST /api/check (upload, queue, check, reports), the peak memory of the
server with its worker processes (sum of RSS, sampled every 0.1 s), and the time of findings-table queries
(filter, search, sort, last page) on a synthetic result of --table findings. Figures only; nothing asserted.
"""
from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _rss_tree(pid: int) -> int:
    """Resident memory of a process and its descendants, bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))
            with open(f"/proc/{p}/task/{p}/children") as fh:
                todo += [int(c) for c in fh.read().split()]
        except (OSError, StopIteration):
            continue
    return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(clients: int, rows: int, workers: int, work: Path) -> None:
    import httpx
    data = work / "impl.xlsx"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--rows", str(rows), "--format", "xlsx",
                    "-o", str(data)], check=True)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "stdcheck", "serve", "--port", str(port), "--workers", str(workers),
                               "--data-dir", str(work / "data"), "--timeout", "1800"], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(base + "/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    peak, stop = [0], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], _rss_tree(server.pid))
            time.sleep(0.1)
    threading.Thread(target=sample, daemon=True).start()
    body = data.read_bytes()

    def one(_):
        t = time.perf_counter()
        r = httpx.post(base + "/api/check", files={"file": ("实施清单.xlsx", body)}, timeout=3600)
        return time.perf_counter() - t, r.status_code, len(r.json().get("findings", []))
    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, range(clients)))
    wall = time.perf_counter() - t0
    stop.set()
    server.terminate()
    server.wait(timeout=30)
    lat = sorted(r[0] for r in results)
    q = statistics.quantiles(lat, n=20) if len(lat) > 1 else lat * 19
    print(f"{clients} concurrent uploads of a {rows:,}-row xlsx ({len(body) / 1e6:.1f} MB), {workers} workers")
    print(f"  status codes: {sorted({r[1] for r in results})}; findings per check: {sorted({r[2] for r in results})}")
    print(f"  latency s: p50 {statistics.median(lat):.1f}  p90 {q[17]:.1f}  p95 {q[18]:.1f}  max {lat[-1]:.1f}; "
          f"wall {wall:.1f} s ({clients / wall * 60:.1f} checks/min)")
    print(f"  peak memory (server + workers, RSS): {peak[0] / 1e6:.0f} MB")


def table(n: int, work: Path) -> None:
    """Query times of the findings table on a synthetic result of n findings (real Finding objects)."""
    from stdcheck.model import Catalogue, Finding, Matter
    from stdcheck.plugins import load_rules
    from stdcheck.web import findings_db
    rules = list(load_rules()[0].values())
    cat = Catalogue(path="实施清单.xlsx", format="xlsx", kind="implementation", sheet="实施清单",
                    columns={"name": "A", "basic_code": "B", "impl_body": "H"})
    findings = []
    for i in range(n):
        m = Matter(cat, {"name": f"事项{i % 5000}", "basic_code": f"{i:012d}", "impl_body": f"部门{i % 40}"}, row=i // 2 + 3)
        f = Finding("basic_code", "basic_code.format", {"length": 11}, m, cat, f"{i:011d}", None)
        f.rule, f.level = rules[i % 30], ("error", "warning", "info")[i % 3]
        findings.append(f)

    class Result:
        pass
    result = Result()
    result.findings = findings
    db = work / "findings.sqlite"
    t = time.perf_counter()
    from stdcheck.reporters import message
    findings_db.write(db, result, [message(f, "zh") for f in findings], "zh", {})
    print(f"findings table of {n:,} findings: written in {time.perf_counter() - t:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
    cases = {"first page": ({}, "", "place", 1), "level=warning": ({"level": "warning"}, "", "place", 1),
             f"rule={rules[3].code}": ({"rule": rules[3].code}, "", "place", 1),
             "dept + sort by level": ({"dept": "部门7"}, "", "level", 1), "search 事项42": ({}, "事项42", "place", 1),
             "sort by rule, last page": ({}, "", "rule", n // findings_db.PAGE)}
    for name, (filters, q, sort, page) in cases.items():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            rows, total = findings_db.query(db, filters, q, sort, page)
            times.append(time.perf_counter() - t)
        print(f"  {name:28} {statistics.median(times) * 1000:7.1f} ms  ({total:,} match)")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--rows", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--table", type=int, default=100000, help="findings in the synthetic result (0: skip)")
    ap.add_argument("--no-load", action="store_true", help="only the findings-table figures")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if a.table:
            table(a.table, Path(tmp))
        if not a.no_load:
            load(a.clients, a.rows, a.workers, Path(tmp))


if __name__ == "__main__":
    main()
