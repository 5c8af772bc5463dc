"""JSON output, version 1 (DESIGN.md §2; schema: stdcheck/schemas/output.schema.json)."""
from __future__ import annotations

from .. import __version__
from ..fields import dictionary
from . import file_error, indented, message


def document(result, lang: str) -> dict:
    fields = dictionary()
    counts = result.counts()
    files = []
    for fr in result.files:
        if fr.status != "ok":
            files.append({"path": fr.path, "sheet": None, "kind": None, "level": None,
                          "matters": sum(c.count for c in fr.catalogues),   # > 0: stopped while streaming
                          "status": "unreadable", "error": file_error(fr, lang), "partial": bool(fr.catalogues)})
            continue
        for cat in fr.catalogues:
            files.append({"path": fr.path, "sheet": cat.sheet, "kind": cat.kind, "level": cat.level,
                          "matters": cat.count, "status": "ok", "error": None, "partial": cat.partial})
    findings = []
    for f in result.findings:
        loc = f.location
        m = f.matter
        findings.append({
            "rule": f.rule.code, "name": f.rule.name, "level": f.level,
            "message": message(f, lang),
            "standard": str(f.rule.standard),
            "location": {"file": loc.file, "sheet": loc.sheet, "row": loc.row, "column": loc.column,
                         "cell": loc.cell, "line": loc.line},
            "field": {"id": f.field, "label": fields.label(f.field)} if f.field else None,
            "matter": {"code": m.code or None, "name": m.name or None} if m is not None else None,
            "value": f.value,
        })
    return {
        "version": 1,
        "tool": {"name": "stdcheck", "version": __version__},
        "profile": result.profile.name if result.profile else None,
        "summary": {"files": len(result.files), "matters": result.matters, **counts,
                    "unreadable": result.input_errors, "partial": result.partial},
        "files": files,
        "findings": findings,
    }


def report(result, out, lang: str = "zh", **_):
    indented.dump(document(result, lang), out)

