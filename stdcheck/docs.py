"""Rule documentation generated from the rule declarations: `stdcheck rules`, `explain`, docs/RULES.md."""
from __future__ import annotations

import json

from .kinds import KIND_EN, KIND_LABELS
from .rules import CONFIDENCE, FAMILIES, Rule, public_clause

KIND_WORDS = {"zh": KIND_LABELS, "en": KIND_EN}
HEAD = {
    "zh": ("代码", "名称", "标题", "族", "默认级别", "适用", "依据", "可信度"),
    "en": ("code", "name", "title", "family", "level", "applies to", "standard", "confidence"),
}
SECTIONS = {
    "zh": ("检查内容", "依据", "可信度", "默认级别", "适用", "反例", "正例", "配置项", "无"),
    "en": ("What it checks", "Standard", "Confidence", "Default level", "Applies to", "Fails", "Passes", "Options", "none"),
}


def _i(lang: str) -> int:
    return 1 if lang == "en" else 0


def rule_record(r: Rule, lang: str, level: str | None = None) -> dict:
    return {
        "code": r.code, "name": r.name, "title": r.title[_i(lang)], "family": r.family,
        "level": level or r.level, "default_level": r.level,
        "kinds": sorted(r.kinds), "scope": r.scope,
        "standard": {"document": r.standard.document, "clause": public_clause(r.standard.clause),
                     "confidence": r.standard.confidence},
        "doc": r.doc_text(lang), "fail": r.fail, "pass": r.ok,
        "options": r.options.get("properties", {}), "origin": r.origin,
    }


def rule_table(fmt: str, lang: str, profile: str, paths, out) -> None:
    from .config import Profile, active_rules
    from .plugins import load_rules
    rules, _ = load_rules(paths)
    levels = {a.rule.code: a.level for a in active_rules(rules, Profile.load(profile), {}, ["ALL"])}
    if fmt == "json":
        json.dump([rule_record(r, lang, levels.get(r.code, "off")) for r in rules.values()], out,
                  ensure_ascii=False, indent=2)
        out.write("\n")
        return
    from rich.console import Console
    from rich.table import Table
    t = Table(*HEAD["en" if lang == "en" else "zh"], show_lines=False)
    for r in rules.values():
        conf = CONFIDENCE[r.standard.confidence][_i(lang)]
        kinds = "、".join(KIND_WORDS["en" if lang == "en" else "zh"][k] for k in sorted(r.kinds))
        t.add_row(r.code, r.name, r.title[_i(lang)], FAMILIES.get(r.family, (r.family,))[0],
                  levels.get(r.code, "off"), kinds, str(r.standard), conf)
    Console(file=out, width=200 if not out.isatty() else None).print(t)


def find_rules(query: str, rules: dict[str, Rule]) -> list[Rule]:
    """The rules a person means by `query`: a code, name, alias or title (Chinese or English, any case), else every
    rule whose code starts with it (CD1, XL) or whose title contains it (时限)."""
    q = query.strip()
    fold = q.casefold()
    exact = [r for r in rules.values() if fold in (r.code.casefold(), r.name.casefold(), r.title[0].casefold(),
                                                    r.title[1].casefold()) or q in r.aliases]
    if exact:
        return exact
    found = [r for c, r in sorted(rules.items()) if c.startswith(q.upper())] if q else []
    return found or [r for c, r in sorted(rules.items()) if q and (q in r.title[0] or fold in r.title[1].casefold())]


def near_rules(query: str, rules: dict[str, Rule]) -> list[str]:
    """Codes, names or titles close to a query that names no rule (for a did-you-mean)."""
    from difflib import get_close_matches
    words = [w for r in rules.values() for w in (r.code, r.name, r.title[0])]
    return get_close_matches(query.strip(), words, n=3, cutoff=0.6) or \
        get_close_matches(query.strip().upper(), [r.code for r in rules.values()], n=3, cutoff=0.6)


def explain_rule(code: str, rules: dict[str, Rule], lang: str) -> str | None:
    found = find_rules(code, rules)
    if not found:
        return None
    return "\n\n".join(_explain(r, lang) for r in found)


def _explain(r: Rule, lang: str) -> str:
    s = SECTIONS["en" if lang == "en" else "zh"]
    kinds = ", ".join(KIND_WORDS["en" if lang == "en" else "zh"][k] for k in sorted(r.kinds))
    opts = r.options.get("properties", {})
    opt_lines = [f"  {k}: {v.get('description', '')} (default: {json.dumps(v.get('default'), ensure_ascii=False)})"
                 for k, v in opts.items()] or [f"  {s[8]}"]
    return "\n".join([
        f"{r.code} {r.name} — {r.title[_i(lang)]}",
        "",
        f"{s[0]}: {r.doc_text(lang)}",
        f"{s[1]}: {r.standard}",
        f"{s[2]}: {CONFIDENCE[r.standard.confidence][_i(lang)]}",
        f"{s[3]}: {r.level}",
        f"{s[4]}: {kinds}",
        f"{s[5]}: {r.fail}",
        f"{s[6]}: {r.ok}",
        f"{s[7]}:",
        *opt_lines,
    ])


def markdown(rules: dict[str, Rule]) -> str:
    """docs/RULES.md: every built-in rule, both languages."""
    rules = {c: r for c, r in rules.items() if r.builtin}
    parts = ["# stdcheck 规则 / Rules", "", "由规则声明自动生成（`python -m stdcheck.docs`），请勿手工编辑。",
             "Generated from the rule declarations; do not edit by hand.", ""]
    for r in rules.values():
        parts += [f"## {r.code} `{r.name}` — {r.title[0]} / {r.title[1]}", "",
                  f"- 级别 / level: `{r.level}` · 依据 / standard: {r.standard} · 可信度 / confidence: "
                  f"{CONFIDENCE[r.standard.confidence][0]} / {CONFIDENCE[r.standard.confidence][1]}",
                  f"- 适用 / applies to: {', '.join(sorted(r.kinds))}", "",
                  f"**检查内容**：{r.doc[0]}", "", f"**What it checks**: {r.doc[1]}", "",
                  f"- 反例 / fails: {r.fail}", f"- 正例 / passes: {r.ok}", ""]
        if r.options.get("properties"):
            parts += ["配置项 / options:", ""]
            parts += [f"- `{k}` — {v.get('description', '')} (default `{json.dumps(v.get('default'), ensure_ascii=False)}`)"
                      for k, v in r.options["properties"].items()]
            parts.append("")
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    from .plugins import load_rules
    print(markdown(load_rules()[0]))
