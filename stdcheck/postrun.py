"""Steps of `check` around the engine for issue 6: exemptions in, then suppressions, baseline and
annotated copies applied to the Result before a reporter sees it. The CLI calls prepare() and apply()."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from . import baseline, suppress
from .fields import dictionary


def prepare(active, config: dict) -> list:
    """Validate the config's exemptions and hand them to IO010/IO011."""
    from .rules import REGISTRY
    exemptions = suppress.load_exemptions(config.get("exemptions"), list(REGISTRY))
    suppress.inject(active, exemptions)
    return exemptions


def apply(result, exemptions, opts: dict, lang: str) -> tuple[dict, list[tuple[str, dict]]]:
    """Suppress, then baseline, then annotate. Returns (input -> annotated copy, notes for stderr)."""
    notes: list[tuple[str, dict]] = []
    if opts.get("matrix") and not any(a.rule.family == "crosslevel" for a in result.rules):
        result.matrix = {"not_run": True}       # say why there is no matrix (not "fewer than two catalogues")
    out = suppress.apply(result, exemptions, dt.date.today())
    if out.suppressed:
        notes.append(("suppress.summary", {"count": len(out.suppressed)}))
    inputs = [fr.path for fr in result.files]
    if opts.get("write_baseline"):
        doc = baseline.write(opts["write_baseline"], result.findings, inputs)
        notes.append(("baseline.written", {"file": opts["write_baseline"], "count": len(result.findings),
                                           "entries": len(doc["entries"])}))
        result.baselined = len(result.findings)
        result.findings = []                 # everything is now in the baseline
    elif opts.get("baseline"):
        cmp = baseline.compare(result.findings, baseline.load(opts["baseline"]), **baseline.scope(result))
        result.findings = cmp.new
        result.baseline_known = cmp.known
        notes.append(("baseline.applied", {"file": opts["baseline"], "known": cmp.known, "new": len(cmp.new)}))
        if cmp.stale:
            notes.append(("baseline.stale", {"count": sum(n for _, n in cmp.stale)}))
            fields = dictionary()
            for (file, matter, element, rule), n in cmp.stale[:50]:
                notes.append(("baseline.stale_entry", {"file": file, "matter": matter or "-", "rule": rule,
                                                       "element": fields.label(element, lang) or element or "-",
                                                       "missing": n}))
    annotated = {}
    if opts.get("annotate"):
        from .annotate import annotate
        try:
            Path(opts["annotate"]).mkdir(parents=True, exist_ok=True)
        except OSError as exc:          # a read-only place: the usual one-line error
            from .output import OutputError
            raise OutputError("output.unwritable", path=opts["annotate"], reason=exc.strerror or str(exc)) from None
        annotated, more = annotate(result, opts["annotate"], lang)
        notes += more
    return annotated, notes
