"""Levels, the one definition of each: a finding's level (error / warning / info) with its words and how reports
show it, and the 行使层级 of a matter or catalogue (国家级 … 村级) with its codes, order, English names and
every spelling."""
from __future__ import annotations

# ---------------------------------------------------------------- the level of a finding

LEVELS = ("error", "warning", "info")
LEVEL_RANK = {"error": 3, "warning": 2, "info": 1}
LEVEL_WORDS = {"zh": {"error": "错误", "warning": "警告", "info": "提示"},
               "en": {"error": "error", "warning": "warning", "info": "info"}}
LEVEL_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}     # in the terminal (rich)
LEVEL_FILL = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}     # a cell's colour in a workbook

# ---------------------------------------------------------------- 行使层级

# codes (GB/T 39046 A.2 / coding.md §1.5) and their labels, from the top down
LEVEL_BY_CODE = {"1": "国家级", "2": "省级", "3": "市级", "4": "县级", "5": "镇级", "6": "村级"}
LEVEL_ORDER = tuple(LEVEL_BY_CODE.values())
LEVEL_EN = {"国家级": "national", "省级": "provincial", "市级": "city", "县级": "county", "镇级": "township",
            "村级": "village"}


def _level_aliases() -> dict[str, str]:
    """Every spelling of a 行使层级 -> its level label. The one source is the data: the codes, labels and aliases
    of rules/national.yaml's exercise_level tables (镇（乡、街道）级, 乡镇级, 县级（市、区）…), each as written and
    NFKC-folded (full-width brackets), plus the English names used by --level and YAML metadata."""
    import unicodedata

    from .resources import read_yaml, rules_dir
    tables = read_yaml(rules_dir() / "national.yaml")["code_tables"]
    out = {**{en: lv for lv, en in LEVEL_EN.items()}, "province": "省级", **{lv: lv for lv in LEVEL_ORDER}}
    for name in ("exercise_level", "exercise_level_gbt39046"):
        spec = tables.get(name) or {}
        pairs = [(c, c) for c in spec.get("codes") or {}] + [(v, c) for c, v in (spec.get("codes") or {}).items()]
        for text, code in pairs + list((spec.get("aliases") or {}).items()):
            level = LEVEL_BY_CODE.get(str(code))
            if level:
                for key in (str(text), unicodedata.normalize("NFKC", str(text)).replace(" ", "")):
                    out.setdefault(key, level)
    return out


LEVEL_ALIASES = _level_aliases()
