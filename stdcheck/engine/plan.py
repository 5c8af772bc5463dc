"""The plan of a check run, decided once before the first row: which rules run, with which levels and
options, under which profile, how files are read, the limits, the suppressions, and how many processes.

`Plan.from_config` is the one place where a config file and the command line's choices (or the web
page's) become a plan; `Plan(...)` builds one directly (tests, the library).
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..config import Active, Profile, active_rules
from ..fields import FieldDictionary, dictionary
from ..sources import ReadOptions
from .suppression import Exemption, load_exemptions

LIMITS = tuple(f.name for f in fields(ReadOptions) if f.name.startswith("max_"))    # the reading limits


@dataclass
class RuleContext:
    """What a rule sees besides the rows: its options, the profile (code tables …), the elements, and `shared`:
    one dict per run, where rules of scope "run" that work together keep their common state (the XL rules' index)."""
    rule: object
    opts: dict
    profile: Profile
    fields: FieldDictionary
    level: str = "error"
    shared: dict = field(default_factory=dict)


@dataclass
class Plan:
    active: list[Active]
    profile: Profile
    options: ReadOptions = field(default_factory=ReadOptions)
    max_findings: int = 0              # --max-errors: stop after this many findings (0: no limit)
    jobs: int = 1                      # processes for several files
    split: bool = False                # --split: one large file's row rules in a second process (opt-in)
    exemptions: list[Exemption] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)    # exemptions expire by this date
    tally: bool = False                # count matters per department and level (check --stats, the xlsx report)
    prefilter: bool = True             # row checks run only on the rows their `where` expression selects
    broken: list = field(default_factory=list)   # plugins that failed to load: (name, reason)

    @classmethod
    def from_config(cls, config: dict, *, profile: str | None = None, select=(), ignore=(), extend_select=(),
                    rules_path=(), no_plugins: bool = False, sheet=None, kind=None, level=None, columns=None,
                    limits: dict | None = None, max_errors: int | None = None, jobs: int | None = None,
                    split: bool = False, tally: bool = False) -> "Plan":
        """A config's plan, with the caller's choices winning over the config (None: the config decides)."""
        from ..plugins import load_rules
        base = Path(config["_dir"]) if config.get("_dir") else None
        if no_plugins:          # an untrusted pull request: run no code but stdcheck's own
            from ..rules import REGISTRY, load_builtin
            load_builtin()
            rules, broken = dict(sorted(REGISTRY.items())), []
        else:
            rules, broken = load_rules([*config.get("rules_path", ()), *rules_path], base,
                                       confined=len(config.get("rules_path", ())))
        prof = Profile.load(profile or config.get("profile") or "national", base if not profile else None,
                            config.get("profile_overrides"))
        active = active_rules(rules, prof, config, list(select), list(ignore), list(extend_select))
        limits = limits or {}
        options = ReadOptions(sheet=sheet or config.get("sheet"), kind=kind or config.get("kind"),
                              level=level or config.get("level"), levels=config.get("levels"), columns=columns,
                              **{k: limits.get(k) or config.get(k) for k in LIMITS})
        return cls(active, prof, options,
                   max_findings=max_errors if max_errors is not None else config.get("max_errors", 0),
                   jobs=jobs or config.get("jobs") or os.cpu_count() or 1, split=split,
                   exemptions=load_exemptions(config.get("exemptions"), list(rules)),
                   tally=tally, broken=broken)

    def contexts(self) -> list[tuple[Active, RuleContext]]:
        """Each active rule with its context; the rules of one run share one `shared` dict."""
        fields, shared = dictionary(), {}
        return [(a, RuleContext(a.rule, a.opts, self.profile, fields, a.level, shared)) for a in self.active]

    def only(self, scope: str) -> "Plan":
        """The same plan with only the rules of one scope (the row half of a split run)."""
        from dataclasses import replace
        return replace(self, active=[a for a in self.active if a.rule.scope == scope], exemptions=[], tally=False)
