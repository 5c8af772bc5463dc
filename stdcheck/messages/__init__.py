"""Message catalogues: messages/<lang>/*.yaml, keyed by message id. Only reporters render."""
from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

LANG_DIRS = {"zh": "zh_CN", "en": "en"}


@cache
def catalogue(lang: str) -> dict[str, str]:
    folder = resources.files(__name__) / LANG_DIRS.get(lang, "zh_CN")
    out: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            out.update(yaml.safe_load(entry.read_text(encoding="utf-8")) or {})
    from ..rules import REGISTRY
    for r in REGISTRY.values():      # plugin rules may bring their own messages
        for key, text in (r.messages.get(lang) or {}).items():
            out.setdefault(key, text)
    return out


class _Params(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def render(message: str, params: dict, lang: str = "zh", **extra) -> str:
    template = catalogue(lang).get(message)
    if template is None:
        return message + (" " + str(params) if params else "")
    return template.format_map(_Params(params, **extra))
