"""One check, in a worker process (pool.py starts it): the same library calls as `stdcheck check`
(the config's Plan, engine.run), then every output of the result folder.

Uploaded files are stored under neutral names (in/f1.xlsx …); what a user sees is the name they gave,
so paths are renamed to those names after the run, before any reporter renders a location.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

from . import findings_db, store

# imported once by the pool's fork server, so that each check's process starts with them loaded
PRELOAD = ("stdcheck.web.worker", "stdcheck.engine", "stdcheck.fix", "stdcheck.annotate",
           "stdcheck.plugins", "stdcheck.sources.xlsx", "stdcheck.sources.csv", "stdcheck.sources.yaml",
           "stdcheck.reporters.json", "stdcheck.reporters.sarif", "stdcheck.reporters.xlsx",
           "stdcheck.rules.coding", "stdcheck.rules.coding_impl", "stdcheck.rules.coding_local",
           "stdcheck.rules.coding_uscc", "stdcheck.rules.elements", "stdcheck.rules.elements_cross",
           "stdcheck.rules.elements_format", "stdcheck.rules.elements_guide", "stdcheck.rules.io",
           "stdcheck.rules.crosslevel")


def main(spec: dict) -> None:
    """Entry point of the worker process: limit memory, check, write the status file (done, or failed with a
    one-line reason): status.json for a check, annotate.json when only annotated copies are made."""
    limit = spec.get("memory_mb")
    if limit and os.name == "posix":          # Windows has no address-space limit: the time limit still holds
        import resource
        size = int(limit) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))
    folder = Path(spec["dir"])
    status = folder / status_file(spec)
    failure = None
    try:
        summary = check(spec)
    except MemoryError:        # said after the except block, when the check's memory is released
        failure = {"state": "failed", "reason": "memory", "detail": ""}
    except Exception as exc:   # never a traceback on the page: one line, the server keeps serving
        failure = {"state": "failed", "reason": "error", "detail": _reason(exc, spec)}
    if failure:
        store.write_json(status, failure)
        return
    if summary is not None:
        store.write_json(folder / "summary.json", summary)
    store.write_json(status, {"state": "done"})


def status_file(spec: dict) -> str:
    return "annotate.json" if spec.get("annotate") else "status.json"


def _reason(exc: Exception, spec: dict) -> str:
    from ..messages import render
    if hasattr(exc, "message") and hasattr(exc, "params"):        # ConfigError, InputError, OutputError, FixError
        return render(exc.message, exc.params, spec["lang"])
    return f"{type(exc).__name__}: {(str(exc).strip().splitlines() or [''])[0][:200]}"


def _progress(folder: Path, total: int, names: dict):
    done = [0]

    def step(path: str) -> None:
        done[0] += 1
        store.write_json(folder / "progress.json", {"stage": "checking", "done": done[0], "total": total,
                                                    "file": names.get(path, "")})
    return step


def check(spec: dict) -> dict | None:
    """The check and every output but the annotated copies; with spec["annotate"], the same check again and
    only the annotated copies (they are slow on large workbooks, so they are made when first downloaded)."""
    from ..annotate import WORKBOOKS, annotate, targets
    from ..columns import parse_mapping
    from ..config import load_config
    from ..engine import Plan, run

    folder, lang = Path(spec["dir"]), spec["lang"]
    names = {f["stored"]: f["name"] for f in spec["files"]}
    config, _ = load_config(spec.get("config"), isolated=not spec.get("config"))
    columns = parse_mapping(config.get("columns"), spec.get("columns") or ())    # checked when the upload came
    plan = Plan.from_config(config, profile=None if spec.get("profile_from_config") else spec["profile"],
                            columns=columns, tally=True,
                            jobs=1)            # one process per check: the pool runs checks side by side
    if spec.get("annotate"):          # the same check again, for the annotated copies only
        result = run(list(names), plan)
        rename(result, names, inputs=False)     # the copies are written from the stored files; comments name the uploads
        (folder / "annotated").mkdir(parents=True, exist_ok=True)
        annotate(result, str(folder / "annotated"), lang)
        return None
    store.write_json(folder / "progress.json", {"stage": "checking", "done": 0, "total": len(names), "file": ""})
    result = run(list(names), plan, _progress(folder, len(names), names))
    store.write_json(folder / "progress.json", {"stage": "reports", "done": len(names), "total": len(names)})
    fixes = _fix(folder, spec, plan.profile, config, plan.options)
    books = [fr.path for fr in result.files if fr.status == "ok" and fr.path.lower().endswith(WORKBOOKS)]
    annotated = {names[k]: v for k, v in targets(books, str(folder / "annotated")).items()}   # made on demand
    rename(result, names)
    return _outputs(folder, result, lang, annotated, fixes, spec)


def _fix(folder: Path, spec: dict, prof, config: dict, options) -> dict:
    """The safe-fix copy (stdcheck fix) and its change log, per uploaded file that fix can write."""
    from ..fix import FORMATS, Fixer, fix_file, write_log
    out = {}
    fixer = Fixer(prof, None)
    for i, f in enumerate(spec["files"]):
        stored = f["stored"]
        suffix = Path(stored).suffix.lower()
        if suffix not in FORMATS:
            continue
        dest, log = folder / "fixed" / f"f{i + 1}{suffix}", folder / "fixed" / f"f{i + 1}.log.csv"
        dest.parent.mkdir(exist_ok=True)
        try:
            changes = fix_file(stored, str(dest), fixer, config.get("sheet"), options=options)
            write_log(changes, str(log), [stored])
        except Exception as exc:          # an unreadable file: check already says why; no copy
            out[f["name"]] = {"error": _reason(exc, spec)}
            continue
        out[f["name"]] = {"copy": str(dest), "log": str(log), "changes": changes}
    return out


def rename(result, names: dict, inputs: bool = True) -> None:
    """Stored paths -> the names the user gave, everywhere a location or a file can appear (with `inputs` false,
    only in message parameters: the files and findings still point at the stored files)."""
    from ..model import Location

    def fix_loc(loc):
        if isinstance(loc, Location) and loc.file in names:
            loc.file = names[loc.file]
    for fr in result.files if inputs else ():
        fr.path = names.get(fr.path, fr.path)
        for cat in fr.catalogues:
            cat.path = names.get(cat.path, cat.path)
    for f in result.findings:
        if inputs:
            fix_loc(f.location)
        for v in f.params.values():
            for item in v if isinstance(v, (list, tuple)) else (v,):
                fix_loc(item)
    matrix = getattr(result, "matrix", None)
    if isinstance(matrix, dict) and isinstance(matrix.get("files"), dict):
        matrix["files"] = {lv: [names.get(p, p) for p in ps] for lv, ps in matrix["files"].items()}


def _outputs(folder: Path, result, lang: str, annotated: dict, fixes: dict, spec: dict) -> dict:
    from ..reporters import get
    from ..reporters.json import document
    from .words import WORDS
    w = WORDS[lang]
    out = folder / "out"
    out.mkdir(exist_ok=True)
    doc = document(result, lang)
    store.write_json(out / "report.json", doc)
    buf = io.StringIO()
    get("sarif")(result, buf, lang=lang)
    (out / "report.sarif").write_text(buf.getvalue(), encoding="utf-8")
    # hyperlinks of the Excel report point at the annotated copies as downloaded next to it
    links = {name: str(out / store.download_name(name, w["annotated_tag"])) for name in annotated}
    xbuf = io.BytesIO()
    get("xlsx")(result, xbuf, lang=lang, annotated=links, output=str(out / "report.xlsx"), matrix=True)
    (out / "report.xlsx").write_bytes(xbuf.getvalue())
    suggestions = {}
    for name, fx in fixes.items():
        for c in fx.get("changes", ()):
            suggestions[findings_db.spot(name, c.sheet, c.cell, c.line)] = c.new
    findings_db.write(folder / "findings.sqlite", result, [f["message"] for f in doc["findings"]], lang, suggestions)
    return summarize(result, doc, lang, annotated, fixes, spec)


def summarize(result, doc: dict, lang: str, annotated: dict, fixes: dict, spec: dict) -> dict:
    """What the result page shows besides the findings table (which lives in findings.sqlite)."""
    from collections import Counter
    from datetime import datetime, timezone

    from ..reporters import partial_reason
    from ..reporters.matrix import ordered
    from ..engine.tally import group
    from ..rules import FAMILIES
    counts = result.counts()
    per_rule = Counter(f.rule.code for f in result.findings)
    rules = {a.rule.code: a for a in result.rules}
    by_rule = [{"code": c, "title": list(rules[c].rule.title) if c in rules else [c, c],
                "family": rules[c].rule.family if c in rules else "", "count": n,
                "level": rules[c].level if c in rules else "error"} for c, n in per_rule.most_common()]
    fam = Counter(f.rule.family for f in result.findings)
    by_family = [{"family": k, "title": list(FAMILIES.get(k, (k, k, k))[1:]), "count": n} for k, n in fam.most_common()]
    dept = Counter(group(f.matter.values, f.catalogue)[0] for f in result.findings if f.matter is not None)
    by_file = Counter(f.location.file for f in result.findings)
    matrix = getattr(result, "matrix", None)
    if isinstance(matrix, dict) and matrix.get("rows"):
        rows = ordered(matrix)
        matrix = {"levels": matrix["levels"], "rows": rows[:500], "total": len(rows),
                  "bad": sum(1 for r in rows if r["bad"])}
    else:
        matrix = None
    files = [f["name"] for f in spec["files"]]
    return {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "lang": lang, "profile": doc["profile"], "summary": doc["summary"], "files": doc["files"],
        "passed": counts["error"] == 0 and not result.input_errors,
        "partial": partial_reason(result, lang),
        "by_family": by_family, "by_rule": by_rule,
        "by_department": [{"name": k, "count": n} for k, n in dept.most_common()],
        "by_file": [{"name": k, "count": n} for k, n in by_file.most_common()],
        "sheets": sorted({f.location.sheet for f in result.findings if f.location.sheet}),
        "matrix": matrix,
        "annotated": [{"name": n, "index": files.index(n) + 1, "path": os.path.relpath(p, spec["dir"])}
                      for n, p in annotated.items()],
        "fixed": [{"name": n, "index": files.index(n) + 1, "changes": len(fx.get("changes", ())),
                   "error": fx.get("error"),
                   **({"path": os.path.relpath(fx["copy"], spec["dir"]), "log": os.path.relpath(fx["log"], spec["dir"])}
                      if "copy" in fx else {})} for n, fx in fixes.items()],
    }


def report_json(folder: Path) -> dict:
    return json.loads((folder / "out" / "report.json").read_text(encoding="utf-8"))
