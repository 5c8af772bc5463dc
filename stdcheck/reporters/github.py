"""GitHub Actions workflow commands (::error file=…::…), grouped per file, and nothing else on stdout: the counts are
a closing ::notice, the full picture the job summary (job_summary.py, appended by the CLI). Chosen automatically when
GITHUB_ACTIONS=true and no format is given."""
from __future__ import annotations

from ..safe import workflow_data as _data, workflow_property as _prop
from . import file_error, message, where
from .verdict import verdict

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def report(result, out, lang: str = "zh", fail_on: str = "error", **_):
    by_file: dict[str, list] = {}
    for f in result.findings:
        by_file.setdefault(f.location.file, []).append(f)
    for fr in result.files:
        if fr.status != "ok":
            out.write(f"::error file={_prop(fr.path)},title=stdcheck::{_data(file_error(fr, lang))}\n")
    for path, found in by_file.items():
        out.write(f"::group::{_data(path)}\n")
        for f in found:
            loc = f.location
            props = [f"file={_prop(path)}"]
            line = loc.line if loc.line is not None else (loc.row if loc.sheet is None else None)
            if line:
                props.append(f"line={line}")
            props.append(f"title={_prop(f'{f.rule.code} {f.rule.name}')}")
            out.write(f"::{COMMAND[f.level]} {','.join(props)}::{_data(f'{where(f)}: {message(f, lang)}')}\n")
        out.write("::endgroup::\n")
    out.write(f"::notice title=stdcheck::{_data(verdict(result, lang, fail_on))}\n")
