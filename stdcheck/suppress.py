"""Suppressions: YAML comment directives and config `exemptions`, and what they failed to do.

* In a YAML catalogue: ``# stdcheck: ignore[CD101,EL002] 理由`` after a value suppresses those rules
  on that line; on a line of its own it applies to the next line (a matter's first line means the
  whole matter); ``# stdcheck: ignore-file[EL] 理由`` applies to the whole file. Codes may be prefixes.
* In the config: ``exemptions: [{matter: CODE, rules: [EL012], reason: ..., expires: 2026-12-31,
  file: "county/*.xlsx"}]`` — keyed by the matter's code (实施编码, else 基本编码), never by row.

A directive or exemption without a reason, or with an unknown code, is IO010 (invalid); an expired
exemption stops suppressing and is IO010 too; one that suppressed nothing is IO011 (unused).
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from .errors import ConfigError
from .model import Finding, Location

INVALID, UNUSED = "IO010", "IO011"
OWN = (INVALID, UNUSED)
MARK = re.compile(r"#\s*stdcheck\s*:(?P<body>.*)$")
DIRECTIVE = re.compile(r"\s*(?P<kind>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\]\s*(?P<reason>.*?)\s*$")


def _covers(patterns, code: str) -> bool:
    return any(code == p or code.startswith(p) for p in patterns)


# ---------------------------------------------------------------- config exemptions

@dataclass
class Exemption:
    index: int                      # 1-based position in the config's list
    matter: str
    rules: tuple[str, ...]
    reason: str
    expires: dt.date | None = None
    file: str | None = None

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today

    def file_matches(self, path: str) -> bool:
        if not self.file:
            return True
        p = PurePath(path).as_posix()
        return fnmatch.fnmatch(p, self.file) or fnmatch.fnmatch(PurePath(path).name, self.file)

    def as_params(self) -> dict:
        return {"index": self.index, "matter": self.matter, "rules": ",".join(self.rules),
                "reason": self.reason, "expires": self.expires.isoformat() if self.expires else ""}


def _date(value, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ConfigError("config.invalid", file="exemptions", key=where, reason=f"not a date (YYYY-MM-DD): {value}") from None


def load_exemptions(raw, known_codes=()) -> list[Exemption]:
    """Validate the config's `exemptions` list: matter, rules and reason are required."""
    out = []
    for i, item in enumerate(raw or (), 1):
        where = f"exemptions[{i}]"
        if not isinstance(item, dict):
            raise ConfigError("config.invalid", file="exemptions", key=where, reason="not a mapping")
        extra = sorted(set(item) - {"matter", "rules", "reason", "expires", "file"})
        if extra:
            raise ConfigError("config.invalid", file="exemptions", key=f"{where}.{extra[0]}", reason="unknown key")
        matter = str(item.get("matter") or "").strip()
        rules = item.get("rules")
        rules = [rules] if isinstance(rules, str) else list(rules or ())
        reason = str(item.get("reason") or "").strip()
        for key, ok in (("matter", matter), ("rules", rules), ("reason", reason)):
            if not ok:
                raise ConfigError("config.invalid", file="exemptions", key=f"{where}.{key}", reason="required")
        rules = tuple(str(r).strip().upper() for r in rules)
        bad = [r for r in rules if known_codes and not any(c.startswith(r) for c in known_codes)]
        if bad:
            raise ConfigError("config.unknown_selector", selector=bad[0])
        out.append(Exemption(i, matter, rules, reason, _date(item.get("expires"), f"{where}.expires"),
                             str(item["file"]) if item.get("file") else None))
    return out


def today_from(opts: dict) -> dt.date:
    return _date(opts.get("today"), "today") or dt.date.today()


def exemptions_from(opts: dict) -> list[Exemption]:
    """Exemptions given to IO010/IO011 as options (the CLI injects the config's list there)."""
    ex = opts.get("exemptions") or []
    return ex if ex and isinstance(ex[0], Exemption) else load_exemptions(ex)


def inject(active, exemptions: list[Exemption], today: dt.date | None = None) -> None:
    """Hand the config's exemptions to the IO010/IO011 rules that run."""
    for a in active:
        if a.rule.code in OWN:
            a.opts = {**a.opts, "exemptions": exemptions}
            if today is not None:
                a.opts["today"] = today.isoformat()


# ---------------------------------------------------------------- YAML directives

@dataclass
class Directive:
    file: str
    line: int                       # where the comment is
    target: int | None              # the line it covers (None: the whole file)
    codes: tuple[str, ...]
    reason: str
    used: int = 0

    def covers(self, f: Finding) -> bool:
        if not _covers(self.codes, f.rule.code):
            return False
        if self.target is None:
            return True
        loc = f.location
        return loc.line == self.target or (f.matter is not None and f.matter.line == self.target)


@dataclass
class Problem:
    file: str
    line: int
    message: str
    params: dict = field(default_factory=dict)


def read_directives(path: str, known_codes) -> tuple[list[Directive], list[Problem]]:
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return [], []
    found, problems = [], []
    for n, text in enumerate(lines, 1):
        m = MARK.search(text)
        if not m:
            continue
        d = DIRECTIVE.fullmatch(m.group("body"))
        if not d:
            problems.append(Problem(path, n, "suppress.malformed", {"text": m.group(0).strip()}))
            continue
        codes = tuple(c.strip().upper() for c in d.group("codes").split(",") if c.strip())
        unknown = [c for c in codes if not any(k.startswith(c) for k in known_codes)]
        if not codes or unknown:
            problems.append(Problem(path, n, "suppress.unknown_code", {"code": ",".join(unknown) or "-"}))
            continue
        if not d.group("reason"):
            problems.append(Problem(path, n, "suppress.no_reason", {"codes": ",".join(codes)}))
            continue
        target = None
        if d.group("kind") == "ignore":
            target = n if text[:m.start()].strip() else _next_line(lines, n)
        found.append(Directive(path, n, target, codes, d.group("reason")))
    return found, problems


def _next_line(lines: list[str], n: int) -> int:
    for i in range(n, len(lines)):
        s = lines[i].strip()
        if s and not s.startswith("#"):
            return i + 1
    return n


# ---------------------------------------------------------------- applying

@dataclass
class Outcome:
    suppressed: list[Finding] = field(default_factory=list)


def apply(result, exemptions: list[Exemption], today: dt.date | None = None) -> Outcome:
    """Drop suppressed findings from `result`, add IO010/IO011 findings for what went wrong."""
    from .rules import REGISTRY
    today = today or dt.date.today()
    active = {a.rule.code: a for a in result.rules}
    known = list(REGISTRY)
    directives: dict[str, list[Directive]] = {}
    cats: dict[str, object] = {}
    extra: list[Finding] = []
    for fr in result.files:
        if fr.status == "ok" and fr.catalogues:
            cats[fr.path] = fr.catalogues[0]
            if fr.path.lower().endswith((".yaml", ".yml")):
                found, problems = read_directives(fr.path, known)
                directives[fr.path] = found
                extra += [_at_line(fr.catalogues[0], p.line, p.message, p.params, INVALID, active) for p in problems]
    live = [e for e in exemptions if not e.expired(today)]
    used: dict[int, int] = {}
    out = Outcome()
    kept = []
    for f in result.findings:
        if f.rule.code in OWN:
            kept.append(f)
            continue
        hit = _exemption_for(f, live)
        if hit is None:
            hit = next((d for d in directives.get(f.location.file, ()) if d.covers(f)), None)
            if hit is not None:
                hit.used += 1
        else:
            used[hit.index] = used.get(hit.index, 0) + 1
        if hit is None:
            kept.append(f)
        else:
            out.suppressed.append(f)
    # IO011 reported every exemption whose matter it saw; keep only those that suppressed nothing
    seen = set()
    final = []
    for f in kept:
        if f.rule.code == UNUSED and f.message == "suppress.unused" and "index" in f.params:
            seen.add(f.params["index"])
            if f.params["index"] in used:
                continue
        final.append(f)
    if UNUSED in active and cats:
        first = next(iter(cats.values()))
        for e in live:
            if e.index not in seen and e.index not in used:
                f = first.finding("suppress.not_found", value=e.matter, **e.as_params())
                extra.append(_stamp(f, active[UNUSED]))
        for ds in directives.values():
            for d in ds:
                if not d.used:
                    extra.append(_at_line(cats[d.file], d.line, "suppress.directive_unused",
                                          {"codes": ",".join(d.codes), "reason": d.reason}, UNUSED, active))
    final += [f for f in extra if f is not None]
    final.sort(key=Finding.sort_key)
    result.findings = final
    return out


def _exemption_for(f: Finding, live: list[Exemption]) -> Exemption | None:
    m = f.matter
    if m is None or not live:
        return None
    code = m.code
    for e in live:
        if e.matter == code and _covers(e.rules, f.rule.code) and e.file_matches(f.location.file):
            return e
    return None


def _stamp(f: Finding, a) -> Finding:
    f.rule, f.level = a.rule, a.level
    return f


def _at_line(cat, line: int, message: str, params: dict, code: str, active) -> Finding | None:
    if code not in active:
        return None
    f = Finding(None, message, params, None, cat, None, Location(cat.path, None, None, None, line))
    return _stamp(f, active[code])
