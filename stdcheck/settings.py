"""check --show-files / --show-settings: which config applies to which file, and what it decides."""
from __future__ import annotations

from .messages import render
from .safe import terminal


def show(setups, settings: bool, lang: str, out) -> None:
    """Per config group: its file (or none), the files it applies to and, with `settings`, the profile, the
    levels that decide the exit code, the catalogues it always loads and the rules that run with their levels."""
    for config, path, files, plan in setups:
        shown = terminal(str(path)) if path else render("settings.none", {}, lang)
        out.write(render("settings.config", {"config": shown}, lang) + "\n")
        for f in files:
            out.write(f"  {terminal(str(f))}\n")          # a file name is data (safe.terminal)
        if not settings:
            continue
        active = plan.active
        values = {"profile": plan.profile.name, "fail_on": config.get("fail_on") or "error",
                  "catalogues": ", ".join(config.get("catalogues") or ()) or "-",
                  "rules": len(active), "jobs": plan.jobs, "max_errors": plan.max_findings or "-"}
        out.write(render("settings.values", values, lang) + "\n")
        for a in active:
            out.write(f"    {a.rule.code} {a.rule.title[1 if lang == 'en' else 0]} [{a.level}]"
                      + (f" {a.opts}" if a.opts else "") + "\n")
