"""Suppressions, applied by the loop as findings are emitted: the config's `exemptions` and the `# stdcheck:`
comments the YAML reader found (sources/directives.py). The loop also reports what they failed to do:

* IO010 (invalid): a comment that is malformed, names an unknown rule or gives no reason; an expired exemption
  (it no longer suppresses, and is reported at the first matter it names in each catalogue);
* IO011 (unused): an exemption or comment that suppressed nothing in the whole run.

``exemptions: [{matter: CODE, rules: [EL012], reason: ..., expires: 2026-12-31, file: "county/*.xlsx"}]`` are
keyed by the matter's code (实施编码, else 基本编码), never by row. With files in processes, each worker's
Suppressor sends its state() back and the parent merges it before end().
"""
from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass
from pathlib import PurePath

from ..errors import ConfigError
from ..model import Finding, Location, matter_code
from ..sources.directives import Directive, Problem

INVALID, UNUSED = "IO010", "IO011"
OWN = (INVALID, UNUSED)


def _covers(patterns, code: str) -> bool:
    return any(code == p or code.startswith(p) for p in patterns)


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


class Suppressor:
    """Decides, finding by finding, whether a suppression hides it; watches the rows for the matters the
    exemptions name; at the end of the run, reports IO010/IO011 (when those rules are selected)."""

    def __init__(self, exemptions: list[Exemption], today: dt.date, active: list, known_codes):
        self.live = [e for e in exemptions if not e.expired(today)]
        self.expired = [e for e in exemptions if e.expired(today)]
        self.report = {a.rule.code: a for a in active if a.rule.code in OWN}
        self.known = list(known_codes)
        self.used: dict[int, int] = {}                  # exemption index -> findings it suppressed
        self.candidates: list[tuple[int, Finding]] = []   # IO011 at the first matter named, per catalogue
        self.directives: dict[str, tuple] = {}          # file -> (its catalogue, its valid directives)
        self.first_cat = None                           # where IO011 "not found" points
        self.suppressed = 0
        self._watch: dict[str, list] = {}
        self._seen: set[int] = set()

    @property
    def idle(self) -> bool:
        return not (self.live or self.expired or self.directives or self.report)

    # ------------------------------------------------------------ per catalogue
    def start(self, cat) -> list[Finding]:
        """Directives of the catalogue's file (IO010 for the bad ones); the exemptions that apply to its file."""
        if self.first_cat is None:
            self.first_cat = cat
        out = []
        found = cat.meta.get("directives") or ()
        if found and cat.path not in self.directives:
            kept: list[Directive] = []
            self.directives[cat.path] = (cat, kept)
            for d in found:
                problem = d if isinstance(d, Problem) else self._problem(d)
                if problem is None:
                    kept.append(Directive(d.line, d.target, d.codes, d.reason))
                elif INVALID in self.report:
                    out.append(self._at_line(cat, problem.line, problem.message, problem.params, INVALID))
        self._watch = {}
        for e in self.live + self.expired:
            if e.file_matches(cat.path):
                self._watch.setdefault(e.matter, []).append(e)
        self._seen: set[int] = set()
        return out

    def _problem(self, d: Directive) -> Problem | None:
        unknown = [c for c in d.codes if not any(k.startswith(c) for k in self.known)]
        if not d.codes or unknown:
            return Problem(d.line, "suppress.unknown_code", {"code": ",".join(unknown) or "-"})
        if not d.reason:
            return Problem(d.line, "suppress.no_reason", {"codes": ",".join(d.codes)})
        return None

    def rows(self, chunk) -> list[Finding] | None:
        watch = self._watch
        if not watch:
            return None
        out, matters = [], chunk.matters
        for i, (impl, basic) in enumerate(zip(chunk.column("impl_code"), chunk.column("basic_code"))):
            named = watch.get(matter_code(impl, basic))        # Matter.code, by columns
            if not named:
                continue
            m = matters[i]
            for e in named:
                if e.index in self._seen:
                    continue
                self._seen.add(e.index)
                expired = e in self.expired
                code = INVALID if expired else UNUSED
                if code not in self.report:
                    continue
                fid = "impl_code" if m.text("impl_code") else "basic_code"
                f = self._stamp(m.finding(fid, "suppress.expired" if expired else "suppress.unused", **e.as_params()),
                                code)
                if expired:
                    out.append(f)
                else:
                    self.candidates.append((e.index, f))
        return out

    # ------------------------------------------------------------ per finding
    def hides(self, f: Finding) -> bool:
        if f.rule.code in OWN:
            return False
        hit = self._exemption_for(f)
        if hit is not None:
            self.used[hit.index] = self.used.get(hit.index, 0) + 1
        else:
            entry = self.directives.get(f.location.file) if self.directives else None
            d = next((d for d in entry[1] if _directive_covers(d, f)), None) if entry else None
            if d is None:
                return False
            d.used += 1
        self.suppressed += 1
        return True

    def _exemption_for(self, f: Finding) -> Exemption | None:
        m = f.matter
        if m is None or not self.live:
            return None
        code = m.code
        for e in self.live:
            if e.matter == code and _covers(e.rules, f.rule.code) and e.file_matches(f.location.file):
                return e
        return None

    # ------------------------------------------------------------ end of the run
    def end(self) -> list[Finding]:
        if UNUSED not in self.report or self.first_cat is None:
            return []
        out = [f for index, f in self.candidates if index not in self.used]
        seen = {index for index, _ in self.candidates}
        for e in self.live:
            if e.index not in seen and e.index not in self.used:
                out.append(self._stamp(self.first_cat.finding("suppress.not_found", value=e.matter, **e.as_params()),
                                       UNUSED))
        for cat, ds in self.directives.values():
            for d in ds:
                if not d.used:
                    out.append(self._at_line(cat, d.line, "suppress.directive_unused",
                                             {"codes": ",".join(d.codes), "reason": d.reason}, UNUSED))
        return out

    def state(self) -> dict:
        return {"used": self.used, "candidates": self.candidates, "directives": self.directives,
                "suppressed": self.suppressed, "first_cat": self.first_cat}

    def merge(self, state: dict) -> None:
        """A worker's state (files in processes), merged in file order."""
        for index, n in state["used"].items():
            self.used[index] = self.used.get(index, 0) + n
        self.candidates += state["candidates"]
        self.directives.update(state["directives"])
        self.suppressed += state["suppressed"]
        if self.first_cat is None:
            self.first_cat = state["first_cat"]

    # ------------------------------------------------------------ findings of its own
    def _stamp(self, f: Finding, code: str) -> Finding:
        a = self.report[code]
        f.rule, f.level = a.rule, a.level
        return f

    def _at_line(self, cat, line: int, message: str, params: dict, code: str) -> Finding:
        f = Finding(None, message, params, None, cat, None, Location(cat.path, None, None, None, line))
        return self._stamp(f, code)


def _directive_covers(d: Directive, f: Finding) -> bool:
    if not _covers(d.codes, f.rule.code):
        return False
    if d.target is None:
        return True
    return f.location.line == d.target or (f.matter is not None and f.matter.line == d.target)
