from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED_DATA = ROOT.parent / "shared" / "data"


def run_cli(*args, cwd=None, env=None, input=None):
    """Run `python -m stdcheck ...` as a user would; returns CompletedProcess with text output."""
    e = {**os.environ, **(env or {})}
    e.pop("GITHUB_ACTIONS", None) if env is None or "GITHUB_ACTIONS" not in env else None
    return subprocess.run([sys.executable, "-m", "stdcheck", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, env=e, input=input, timeout=600)


def run_json(*args, **kw):
    p = run_cli(*args, "--format", "json", **kw)
    return p, (json.loads(p.stdout) if p.stdout.strip() else None)


@pytest.fixture
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the checkout (real-data tests need it)")
    return SHARED_DATA
