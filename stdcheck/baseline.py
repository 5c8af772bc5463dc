"""Baselines: record today's findings, then report only new ones (a ratchet).

An entry is keyed by file, matter code, element and rule — never the row — and counts how many
findings share that key, so sorting, inserting or deleting rows does not invalidate the baseline.
Entries that no longer occur are listed so the baseline can shrink — only entries this run could have
seen again: their file was read completely and their rule ran (a run over other files, with --select, or
stopped by --max-errors does not make the rest of the baseline look fixed).
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import ConfigError
from .model import Finding
from .output import write_atomic
from .resources import read_user_file
from .safe import encode

VERSION = 1


def file_key(path: str) -> str:
    """The file as a repository sees it: relative to the working directory when below it, with /."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve()) if p.is_absolute() else p
    except ValueError:
        rel = p
    return Path(os.path.normpath(rel)).as_posix()


def key(f: Finding) -> tuple[str, str, str, str]:
    code = f.matter.code if f.matter is not None else ""
    return (file_key(f.location.file), code, f.field or "", f.rule.code)


def document(findings: list[Finding]) -> dict:
    counts = Counter(key(f) for f in findings)
    names = {key(f): f.matter.name for f in findings if f.matter is not None}
    entries = [{"file": k[0], "matter": k[1], "name": names.get(k, ""), "element": k[2], "rule": k[3], "count": n}
               for k, n in sorted(counts.items())]
    return {"version": VERSION, "tool": {"name": "stdcheck", "version": __version__},
            "key": ["file", "matter", "element", "rule"], "entries": entries}


def write(path: str, findings: list[Finding], inputs=()) -> dict:
    doc = document(findings)
    data = encode(json.dumps(doc, ensure_ascii=False, indent=1)) + b"\n"
    write_atomic(path, data, inputs)
    return doc


def load(path: str) -> Counter:
    try:
        doc = json.loads(read_user_file(path).decode("utf-8"))
        if doc.get("version") != VERSION:
            raise ValueError(f"version {doc.get('version')!r}, expected {VERSION}")
        return Counter({(e["file"], e["matter"], e["element"], e["rule"]): int(e.get("count", 1))
                        for e in doc["entries"]})
    except KeyError as exc:
        raise ConfigError("baseline.invalid", file=path, reason=f"missing key {exc}") from None
    except (OSError, ValueError, TypeError, AttributeError, OverflowError, RecursionError) as exc:
        raise ConfigError("baseline.invalid", file=path, reason=str(exc)[:200]) from None


@dataclass
class Comparison:
    new: list[Finding] = field(default_factory=list)
    known: int = 0
    stale: list[tuple[tuple, int]] = field(default_factory=list)   # (key, how many fewer than recorded)


def scope(result) -> dict:
    """What a run checked, for `compare`: the files read completely and the rules that ran (both empty when
    the run stopped at --max-errors: then nothing can be called stale)."""
    if result.partial and not result.input_partial:
        return {"files": set(), "rules": set()}
    files = {file_key(fr.path) for fr in result.files
             if fr.status == "ok" and not any(c.partial for c in fr.catalogues)}
    return {"files": files, "rules": {a.rule.code for a in result.rules}}


def compare(findings: list[Finding], recorded: Counter, files=None, rules=None) -> Comparison:
    """Split findings into new and known; list recorded keys that occur less often than recorded — when
    `files` / `rules` are given, only keys of a checked file and a rule that ran."""
    left = Counter(recorded)
    out = Comparison()
    for f in findings:
        k = key(f)
        if left[k] > 0:
            left[k] -= 1
            out.known += 1
        else:
            out.new.append(f)
    out.stale = sorted((k, n) for k, n in left.items() if n > 0 and (files is None or k[0] in files)
                       and (rules is None or k[3] in rules))
    return out


def record(result, path: str) -> None:
    """--write-baseline: every finding goes into the baseline file; none is reported."""
    from .engine import BaselineOutcome
    doc = write(path, result.findings, [fr.path for fr in result.files])
    result.baseline = BaselineOutcome(path, written=len(result.findings), entries=len(doc["entries"]))
    result.findings = []


def apply(result, path: str) -> None:
    """--baseline: only the findings the baseline does not record are kept; the outcome is on the result."""
    from .engine import BaselineOutcome
    cmp = compare(result.findings, load(path), **scope(result))
    result.findings = cmp.new
    result.baseline = BaselineOutcome(path, known=cmp.known, stale=cmp.stale)
