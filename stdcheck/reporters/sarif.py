"""SARIF 2.1.0 (GitHub code scanning, Azure DevOps, IDE viewers): rules with help text and standard."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path, PurePath
from urllib.parse import quote, urlsplit

from .. import __version__
from ..rules import CONFIDENCE, FAMILIES
from ..safe import encode
from . import cell_ref, file_error, indented, message

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
# helpUri: the rule's section of docs/RULES.md under STDCHECK_DOCS_URL (an absolute http(s) base such as
# https://git.example.org/org/stdcheck/blob/v0.1.0/), percent-encoded; without a base, SARIF viewers (GitHub code
# scanning) need an absolute URI, so there is none and properties.helpPath gives the section (docs/reports.md).
RULES_DOC = "docs/RULES.md"
SRCROOT = "%SRCROOT%"


def anchor(heading: str) -> str:
    """The anchor GitHub/GitLab give a Markdown heading: lower case, punctuation and symbols dropped
    (letters, marks, digits, _ and - kept, so Chinese stays), spaces turned into hyphens."""
    kept = "".join(c for c in heading.lower() if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return re.sub(" ", "-", kept)


def help_path(r) -> str:
    """Where the rule is documented: RULES.md#<its heading's anchor> (the heading docs.markdown writes)."""
    return f"{RULES_DOC}#{anchor(f'{r.code} {r.name} — {r.title[0]} / {r.title[1]}')}"


def help_uri(r) -> str | None:
    """help_path under STDCHECK_DOCS_URL as an absolute ASCII URI; None without an absolute http(s) base."""
    base = os.environ.get("STDCHECK_DOCS_URL", "").strip()
    if urlsplit(base).scheme not in ("http", "https") or not urlsplit(base).netloc:
        return None
    base = quote(base if base.endswith("/") else base + "/", safe=":/?#[]@!$&'()*+,;=%~")
    return base + quote(help_path(r), safe="/#")


def artifact(path: str) -> dict:
    """An artifactLocation GitHub code scanning accepts: a percent-encoded URI relative to %SRCROOT% (the working
    directory, where the repository is checked out) or, for a file outside it, an absolute file: URI."""
    p = Path(path)
    try:
        rel = p.resolve().relative_to(Path.cwd().resolve()) if p.is_absolute() else None
    except ValueError:
        return {"uri": p.resolve().as_uri()}
    posix = (rel if rel is not None else PurePath(os.path.normpath(path))).as_posix()
    if posix.startswith("../"):
        return {"uri": p.resolve().as_uri()}
    return {"uri": quote(posix, safe="/", errors="surrogateescape"), "uriBaseId": SRCROOT}


def fingerprint(f) -> str:
    """Stable across runs and row moves: file + matter code + element + rule (see baseline.key)."""
    from ..baseline import key
    return hashlib.sha256(encode("\x1f".join(key(f)))).hexdigest()[:32]


def _rule(r, level: str, lang: str) -> dict:
    i = 1 if lang == "en" else 0
    s = r.standard
    return {
        "id": r.code, "name": r.name,
        "shortDescription": {"text": r.title[i]},
        "fullDescription": {"text": r.doc[i]},
        "help": {"text": f"{r.doc[i]}\n{'fail' if lang == 'en' else '反例'}: {r.fail}\n{'pass' if lang == 'en' else '正例'}: {r.ok}"},
        **({"helpUri": uri} if (uri := help_uri(r)) else {}),
        "defaultConfiguration": {"level": LEVEL[level]},
        "properties": {"helpPath": help_path(r), "standard": str(s), "confidence": s.confidence, "confidenceLabel": CONFIDENCE[s.confidence][i],
                       "family": FAMILIES.get(r.family, (r.family,))[0], "tags": [r.family]},
    }


def _location(f) -> dict:
    """The file and a region for every result: the line (yaml, csv), the physical row of a workbook cell (code
    scanning shows every alert at a line; the sheet and cell are in the message and the logical location), else 1."""
    loc = f.location
    line = loc.line if loc.line is not None else loc.row
    phys = {"artifactLocation": artifact(loc.file), "region": {"startLine": line or 1}}
    out = {"physicalLocation": phys}
    if loc.sheet is not None and loc.cell:      # a workbook cell: sheet!cell as a logical location
        out["logicalLocations"] = [{"fullyQualifiedName": f"{loc.sheet}!{loc.cell}", "kind": "element"}]
        out["properties"] = {"sheet": loc.sheet, "cell": loc.cell, "row": loc.row}
    return out


def _text(f, lang: str) -> str:
    """The message, led by the sheet and cell of a workbook finding (the alert shows only the text and a line)."""
    loc = f.location
    where = cell_ref(loc) if loc.sheet is not None else ""
    return f"{where}{'：' if lang == 'zh' else ': '}{message(f, lang)}" if where else message(f, lang)


def document(result, lang: str) -> dict:
    rules = [a for a in result.rules]
    index = {a.rule.code: i for i, a in enumerate(rules)}
    seen: dict[str, int] = {}
    results = []
    for f in result.findings:
        fp = fingerprint(f)
        n = seen[fp] = seen.get(fp, 0) + 1
        res = {"ruleId": f.rule.code, "level": LEVEL[f.level],
               "message": {"text": _text(f, lang)},
               "locations": [_location(f)],
               "partialFingerprints": {"stdcheck/v1": f"{fp}:{n}"}}
        if f.rule.code in index:
            res["ruleIndex"] = index[f.rule.code]
        props = {}
        if f.matter is not None:
            props.update(matterCode=f.matter.code, matterName=f.matter.name)
        if f.field:
            props["element"] = f.field
        if props:
            res["properties"] = props
        results.append(res)
    invocation = {"executionSuccessful": result.input_errors == 0}
    notes = [{"level": "error", "message": {"text": f"{fr.path}: {file_error(fr, lang)}"},
              "locations": [{"physicalLocation": {"artifactLocation": artifact(fr.path)}}]}
             for fr in result.files if fr.status != "ok"]
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "stdcheck", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://pypi.org/project/stdcheck/",
                                "rules": [_rule(a.rule, a.level, lang) for a in rules]}},
            "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}},
            "invocations": [invocation],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def report(result, out, lang: str = "zh", **_):
    indented.dump(document(result, lang), out)
