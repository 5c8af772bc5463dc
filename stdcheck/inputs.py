"""Which files a check reads: the files the user named (in a pre-commit batch, only catalogue types) and the
catalogues the config always loads for the cross-level rules (`catalogues:`), whose findings are not reported."""
from __future__ import annotations

import glob
import os
from pathlib import Path

from .sources import SUFFIXES, discover


def is_catalogue(path: str) -> bool:
    """A file type stdcheck reads (any letter case: .XLSX, .Xls …)."""
    return Path(path).suffix.lower() in SUFFIXES


def named(paths: list[str], skip_unknown: bool, notes: list) -> list[str]:
    """The files to report on. With `skip_unknown` (the pre-commit hook), a named file of another type
    (README.md …) is left out with a note instead of being an unreadable input."""
    files = discover(list(paths), skipped := [])
    notes += [("input.skipped_not_regular", {"file": p}) for p in skipped]
    if skip_unknown:
        notes += [("input.skipped_type", {"file": p}) for p in files if not is_catalogue(p)]
        files = [p for p in files if is_catalogue(p)]
    return files


def context(config: dict, files: list[str], notes: list) -> list[str]:
    """The config's `catalogues:` (paths or globs relative to the config file) not among `files`."""
    base = Path(config.get("_dir") or ".")
    seen = {os.path.realpath(p) for p in files}
    out: list[str] = []
    for pattern in config.get("catalogues") or ():
        full = _relative(base / pattern)
        found = sorted(glob.glob(full, recursive=True)) if glob.has_magic(pattern) else [full]
        found = [p for p in discover(found) if is_catalogue(p)]
        if not found:
            notes.append(("config.catalogues_none", {"pattern": pattern, "dir": str(base)}))
        for p in found:
            if os.path.realpath(p) not in seen:
                seen.add(os.path.realpath(p))
                out.append(p)
    return out


def _relative(path: Path) -> str:
    """A path as short as the user would write it: relative to the working directory when below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:              # another drive (Windows)
        return str(path)
    return str(path) if rel.startswith("..") else rel


def keep_named(result, extra: list[str]) -> None:
    """Drop what concerns only the context catalogues: their findings, and their entries in `files`
    (an unreadable one stays, so the run says why the cross-level check is incomplete)."""
    if not extra:
        return
    extra_set = set(extra)
    result.files = [fr for fr in result.files if fr.path not in extra_set or fr.status != "ok"]
    result.findings = [f for f in result.findings if f.catalogue.path not in extra_set]


def by_config(files: list[str], explicit: str | None, isolated: bool) -> list[tuple[dict, Path | None, list[str]]]:
    """The files grouped by the config that applies to each, in the order first named: --config or --isolated for
    all; otherwise the closest config at or above the file's folder, else the one found from the working directory
    (ruff's rule). Returns (config, its path or None, files)."""
    from .config import find_config, load_config
    if explicit or isolated or not files:
        config, path = load_config(explicit, isolated)
        return [(config, path, files)] if files else []
    fallback = find_config(Path.cwd())
    found: dict[Path, Path | None] = {}
    groups: dict[Path | None, list[str]] = {}
    for f in files:
        folder = Path(os.path.abspath(f)).parent
        if folder not in found:
            found[folder] = find_config(folder) or fallback
        groups.setdefault(found[folder], []).append(f)
    return [(load_config(str(path))[0] if path else {}, path, group) for path, group in groups.items()]


def merge(results: list):
    """One Result from the runs of several config groups (each group's cross-level rules saw its own files)."""
    if len(results) == 1:
        return results[0]
    from .engine import Result
    from .model import Finding
    out = Result(profile=results[0].profile, matrix=results[0].matrix)
    codes: set = set()
    for r in results:
        out.files += r.files
        out.findings += r.findings
        out.rules += [a for a in r.rules if a.rule.code not in codes]
        codes |= {a.rule.code for a in r.rules}
        out.partial = out.partial or r.partial
        out.suppressed += r.suppressed
    out.findings.sort(key=Finding.sort_key)
    return out
