"""Run rules over rows given as plain mappings — for rule case files and rule-pack authors' tests.

    from stdcheck.testing import check_rows
    findings = check_rows("CD101", [{"基本编码": "00010400200"}])
"""
from __future__ import annotations

from .config import Active, Profile, active_rules
from .engine import Engine, Plan
from .fields import dictionary
from .model import Catalogue, Matter, column_letter
from .plugins import load_rules
from .sources.tabular import cell_text


def catalogue(rows: list[dict], kind: str = "basic", level: str | None = None, path: str = "case.xlsx",
              sheet: str = "Sheet1", columns: list[str] | None = None) -> Catalogue:
    """An in-memory catalogue: header on row 1, one matter per row from row 2; keys may be labels, aliases or ids."""
    fields = dictionary()
    keys: list[str] = list(columns or [])
    for r in rows:
        keys += [k for k in r if k not in keys]
    cat = Catalogue(path=path, format="xlsx", kind=kind, level=level, sheet=sheet, header_row=1)
    for j, key in enumerate(keys):
        fid = fields.match(key)
        if fid is None:
            raise KeyError(f"not an element: {key}")
        cat.columns[fid] = column_letter(j)
        cat.headers[fid] = key
    matters = []
    for i, r in enumerate(rows):
        values, types = {}, None
        for key, v in r.items():
            if v is None:
                continue
            fid = fields.match(key)
            if isinstance(v, str):
                values[fid] = v
            else:
                values[fid], mark = cell_text(v)
                if mark:
                    types = types or {}
                    types[fid] = mark
        matters.append(Matter(cat, values, i + 2, None, types))
    cat.count = len(matters)
    cat.matters = matters
    return cat


def check_rows(code: str, rows: list[dict], kind: str | None = None, options: dict | None = None,
               profile: str = "national", level: str | None = None, extra: list[Catalogue] = ()):
    """Findings of one rule over `rows` (after any `extra` catalogues, for cross-catalogue rules)."""
    rules, _ = load_rules()
    prof = Profile.load(profile)
    [active] = active_rules(rules, prof, {"rules": {code: {"options": options}}} if options else {}, [code]) or \
        [Active(rules[code], rules[code].level, rules[code].defaults())]
    kind = kind or sorted(active.rule.kinds)[0]
    engine = Engine(Plan([active], prof))
    for c in extra:
        engine.check(c)
    engine.check(catalogue(rows, kind, level))
    engine.finish()
    return engine.findings
