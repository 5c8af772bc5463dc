"""GitLab Code Quality report (a JSON array). The fingerprint hashes file + matter code + element +
rule (never the row), so it is stable across runs; repeats of one key get an occurrence number, so
it is unique per finding (GitLab keeps only one issue per fingerprint)."""
from __future__ import annotations

import hashlib
from pathlib import PurePath

from ..safe import encode
from . import indented, message, where

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def report(result, out, lang: str = "zh", **_):
    from ..baseline import key
    seen: dict[tuple, int] = {}
    issues = []
    for f in result.findings:
        k = key(f)
        n = seen[k] = seen.get(k, 0) + 1
        loc = f.location
        line = loc.line or loc.row or 1
        issues.append({
            "type": "issue",
            "description": f"{where(f)} {f.rule.code}: {message(f, lang)}",
            "check_name": f"{f.rule.code} {f.rule.name}",
            "fingerprint": hashlib.sha256(encode("\x1f".join((*k, str(n))))).hexdigest(),
            "severity": SEVERITY[f.level],
            "categories": ["Style"],
            "location": {"path": PurePath(loc.file).as_posix(), "lines": {"begin": line}},
        })
    indented.dump(issues, out)
