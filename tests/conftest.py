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


def loaded_by(args, modules, before: str = "") -> list[bool]:
    """Which of `modules` a fresh interpreter has imported after running `stdcheck <args>` (its output and exit code
    aside); `before`: Python run first (to change a setting of stdcheck's)."""
    code = (f"import sys\n{before}\nfrom stdcheck.cli import main\ntry: main(sys.argv[1:])\nexcept SystemExit: pass\n"
            f"print('\\n', *(m in sys.modules for m in {list(modules)!r}))")
    out = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return [word == "True" for word in out.stdout.split()[-len(modules):]]


def run_json(*args, **kw):
    p = run_cli(*args, "--format", "json", **kw)
    return p, (json.loads(p.stdout) if p.stdout.strip() else None)


def write_book(path: Path, header, rows, sheet: str, title: str | None = None, widths: dict | None = None) -> Path:
    """A workbook as people make them: an optional title row merged across the table, the header, one matter
    per row; text that merely looks like a formula stays a text cell."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
        for c in ws[ws.max_row]:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"
    for letter, width in (widths or {}).items():
        ws.column_dimensions[letter].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside the checkout (real-data tests need it)")
    return SHARED_DATA
