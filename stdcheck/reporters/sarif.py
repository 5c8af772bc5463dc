"""SARIF 2.1.0 (GitHub code scanning, Azure DevOps, IDE viewers): rules with help text and standard."""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from pathlib import PurePath

from .. import __version__
from ..rules import CONFIDENCE, FAMILIES
from ..safe import encode
from . import file_error, message

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
# helpUri: the rule's section of docs/RULES.md. Relative to the stdcheck repository by default (deterministic,
# resolves wherever the repository or its docs are served); STDCHECK_DOCS_URL gives an absolute base
# (e.g. https://git.example.org/org/stdcheck/blob/v0.1.0/) for viewers that need one (docs/reports.md).
RULES_DOC = "docs/RULES.md"


def anchor(heading: str) -> str:
    """The anchor GitHub/GitLab give a Markdown heading: lower case, punctuation and symbols dropped
    (letters, marks, digits, _ and - kept, so Chinese stays), spaces turned into hyphens."""
    kept = "".join(c for c in heading.lower() if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return re.sub(" ", "-", kept)


def help_uri(r) -> str:
    """Where the rule is documented: RULES.md#<its heading's anchor> (the heading docs.markdown writes)."""
    base = os.environ.get("STDCHECK_DOCS_URL", "")
    if base and not base.endswith("/"):
        base += "/"
    return f"{base}{RULES_DOC}#{anchor(f'{r.code} {r.name} — {r.title[0]} / {r.title[1]}')}"


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
        "helpUri": help_uri(r),
        "defaultConfiguration": {"level": LEVEL[level]},
        "properties": {"standard": str(s), "confidence": s.confidence, "confidenceLabel": CONFIDENCE[s.confidence][i],
                       "family": FAMILIES.get(r.family, (r.family,))[0], "tags": [r.family]},
    }


def _location(f) -> dict:
    loc = f.location
    phys = {"artifactLocation": {"uri": PurePath(loc.file).as_posix()}}
    line = loc.line if loc.line is not None else (loc.row if loc.sheet is None else None)
    if line:                                   # text files (yaml, csv): a real line number
        phys["region"] = {"startLine": line}
    out = {"physicalLocation": phys}
    if loc.sheet is not None and loc.cell:      # a workbook cell: sheet!cell as a logical location
        out["logicalLocations"] = [{"fullyQualifiedName": f"{loc.sheet}!{loc.cell}", "kind": "element"}]
        out["properties"] = {"sheet": loc.sheet, "cell": loc.cell, "row": loc.row}
    return out


def document(result, lang: str) -> dict:
    rules = [a for a in result.rules]
    index = {a.rule.code: i for i, a in enumerate(rules)}
    seen: dict[str, int] = {}
    results = []
    for f in result.findings:
        fp = fingerprint(f)
        n = seen[fp] = seen.get(fp, 0) + 1
        res = {"ruleId": f.rule.code, "level": LEVEL[f.level],
               "message": {"text": message(f, lang)},
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
              "locations": [{"physicalLocation": {"artifactLocation": {"uri": PurePath(fr.path).as_posix()}}}]}
             for fr in result.files if fr.status != "ok"]
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return {
        "$schema": SCHEMA, "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "stdcheck", "version": __version__, "semanticVersion": __version__,
                                "informationUri": "https://pypi.org/project/stdcheck/",
                                "rules": [_rule(a.rule, a.level, lang) for a in rules]}},
            "invocations": [invocation],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def report(result, out, lang: str = "zh", **_):
    json.dump(document(result, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")
