"""Message catalogues: messages/<lang>/*.yaml, keyed by message id. Only reporters render."""
from __future__ import annotations

from functools import cache
from importlib import resources

from ..levels import LEVEL_EN
from ..model import Equals, Location
from ..resources import read_yaml

LANG_DIRS = {"zh": "zh_CN", "en": "en"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    folder = resources.files(__name__) / LANG_DIRS.get(lang, "zh_CN")
    out: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            out.update(read_yaml(entry) or {})
    from ..rules import REGISTRY
    for r in REGISTRY.values():      # plugin rules may bring their own messages
        for key, text in (r.messages.get(lang) or {}).items():
            out.setdefault(key, text)
    return out


class _Params(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def place(loc, lang: str = "zh") -> str:
    """Where in a file, for people: `基本目录!B7`, `B7`, `基本目录!2:2` (a whole row, e.g. the header of a
    missing column), `第7行` / `line 7`; '' for the file as a whole."""
    if loc.line is not None:
        return f"第{loc.line}行" if lang != "en" else f"line {loc.line}"
    if loc.cell:
        return f"{loc.sheet}!{loc.cell}" if loc.sheet else loc.cell
    if loc.row is not None:
        if loc.sheet:
            return f"{loc.sheet}!{loc.row}:{loc.row}"
        return f"第{loc.row}行" if lang != "en" else f"line {loc.row}"
    return ""


def level_label(level: str | None, lang: str = "zh") -> str | None:
    """A 行使层级 label in the user's language (the data keeps the Chinese label)."""
    return LEVEL_EN.get(level, level) if lang == "en" else level


def _param(value, lang: str):
    """Parameters are data; the reporter's language decides how a place, a list, a level, a condition or a
    nested error (an InputError given as a reason) reads."""
    if hasattr(value, "message") and hasattr(value, "params"):     # an error given as the reason of another
        return render(value.message, value.params, lang)
    if isinstance(value, Location):
        return " ".join(p for p in (value.file, place(value, lang)) if p)
    if isinstance(value, Equals):
        from ..fields import dictionary
        label = dictionary().label(value.field, lang)
        return f"{label} = '{value.value}'" if lang == "en" else f"{label}={value.value}"
    if isinstance(value, (tuple, list)):
        return ("、" if lang != "en" else ", ").join(str(_param(v, lang)) for v in value) or "-"
    if lang == "en" and isinstance(value, str):
        return LEVEL_EN.get(value, value)
    return value


def render(message: str, params: dict, lang: str = "zh", **extra) -> str:
    template = catalogue(lang).get(message)
    if template is None:
        return message + (" " + str(params) if params else "")
    return template.format_map(_Params({k: _param(v, lang) for k, v in params.items()}, **extra))
