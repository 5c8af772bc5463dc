"""--jobs: checking files in parallel gives exactly the serial result."""
from __future__ import annotations

import json

from .conftest import SAMPLES, run_cli


def test_parallel_result_equals_serial(tmp_path):
    paths = [SAMPLES / "faulty", SAMPLES / "clean"]
    one = run_cli("check", *paths, "--format", "json", "--jobs", "1")
    two = run_cli("check", *paths, "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert json.loads(one.stdout) == json.loads(two.stdout)


def test_parallel_keeps_unreadable_files_and_order(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    p = run_cli("check", bad, SAMPLES / "faulty", "--format", "json", "--jobs", "2")
    doc = json.loads(p.stdout)
    assert p.returncode == 2
    assert doc["files"][0]["path"] == str(bad) and doc["files"][0]["status"] == "unreadable"
    assert doc["summary"]["error"] > 0
