"""Canonical elements (rules/fields.yaml) and header matching."""
from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from .resources import read_yaml, rules_dir


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    label: str
    en: str
    type: str
    table: str | None = None
    aliases: tuple[str, ...] = ()
    loose: tuple[str, ...] = ()      # platform keys that hold this element in some exports and other ids in others

    def title(self, lang: str) -> str:
        return self.en if lang == "en" else self.label


_MARKS = re.compile(r"[*＊※★]|[(\[【<《]\s*(必填|选填|可选|必须|非必填|必|选|required|optional)\s*[)\]】>》]", re.I)
_SPACE = re.compile(r"\s+")
_PAREN = re.compile(r"[(\[【][^)\]】]*[)\]】]")
_NUMBERING = re.compile(r"^(\d{1,2}[.、)]|[一二三四五六七八九十]+、)")


def normalize_header(text: str) -> str:
    """Fold a header cell: full-width to half-width, no spaces or line breaks, no required marks."""
    text = unicodedata.normalize("NFKC", str(text))
    text = _SPACE.sub("", text)
    text = _MARKS.sub("", text)
    text = _NUMBERING.sub("", text)
    return text.lower()


class FieldDictionary:
    def __init__(self, fields: list[Field]):
        self.fields = {f.id: f for f in fields}
        self.order = [f.id for f in fields]
        self._index: dict[str, str] = {}
        self.mapped: dict[str, str] = {}      # a user's columns: mapping (header as written or normalised -> id)
        self._loose: set[str] = set()
        for f in fields:
            for key in (f.id, f.label, *f.aliases):
                self._index.setdefault(normalize_header(key), f.id)
            for key in f.loose:
                self._index.setdefault(normalize_header(key), f.id)
                self._loose.add(normalize_header(key))

    def with_columns(self, columns: dict[str, str] | None) -> "FieldDictionary":
        """This dictionary with a user's mapping {header text: element id} matched before the aliases: a header
        matches when it is written exactly so, or is the same after normalisation (spaces, widths, marks)."""
        if not columns:
            return self
        out = copy.copy(self)
        out.mapped = {}
        for header, fid in columns.items():
            out.mapped[str(header).strip()] = fid
            out.mapped.setdefault(normalize_header(header), fid)
        return out

    def element(self, text: str) -> str | None:
        """The element a user names by id, label or alias (a config value), or None."""
        text = str(text).strip()
        return text if text in self.fields else self._index.get(normalize_header(text))

    def _user(self, header, key: str | None = None) -> str | None:
        """The element the user's mapping gives a header (as written, else normalised: `key`), or None."""
        if not self.mapped:
            return None
        if key is None:
            key = normalize_header(header)
        return self.mapped.get(str(header).strip()) or self.mapped.get(key)

    def user_mapped(self, header) -> bool:
        """The header is one of the user's mapping (as written or normalised)."""
        return self._user(header) is not None

    def loose(self, header) -> bool:
        """The header names its element only by a loose platform key (fields.yaml `loose`, e.g. deptCode for
        实施主体编码) and the user did not map it: what the column holds is inferred, so its findings are warnings."""
        return normalize_header(header) in self._loose and not self.user_mapped(header)

    def names(self):
        """Every id, label and alias, normalised."""
        return self._index.keys()

    def closest(self, text: str, cutoff: float = 0.0) -> str | None:
        """The element whose id, label or alias is most like `text` (difflib ratio above `cutoff`), or None."""
        import difflib
        key = normalize_header(text)
        best, score = None, cutoff
        for name, fid in self._index.items():
            r = difflib.SequenceMatcher(None, key, name).ratio()
            if r > score:
                best, score = fid, r
        return best

    def __getitem__(self, field_id: str) -> Field:
        return self.fields[field_id]

    def get(self, field_id: str) -> Field | None:
        return self.fields.get(field_id)

    def label(self, field_id: str | None, lang: str = "zh") -> str | None:
        f = self.fields.get(field_id) if field_id else None
        return f.title(lang) if f else field_id

    def match(self, header) -> str | None:
        """The field id a header cell names, or None."""
        if header is None:
            return None
        key = normalize_header(header)
        if not key:
            return None
        found = self._user(header, key) or self._index.get(key)
        if found is None and ("(" in key or "[" in key):
            found = self._index.get(_PAREN.sub("", key))  # e.g. 法定办结时限（工作日）
        return found


def for_columns(columns: dict[str, str] | None) -> FieldDictionary:
    """The dictionary the readers match headers with: the built-in one, with the user's mapping when given."""
    return _mapped(tuple(sorted(columns.items()))) if columns else dictionary()


@cache
def _mapped(items: tuple) -> FieldDictionary:
    return dictionary().with_columns(dict(items))


@cache
def dictionary() -> FieldDictionary:
    data = read_yaml(rules_dir() / "fields.yaml")
    fields = [Field(d["id"], d["label"], d.get("en", d["id"]), d.get("type", "text"), d.get("table"),
                    tuple(d.get("aliases", ())), tuple(d.get("loose", ()))) for d in data["fields"]]
    return FieldDictionary(fields)
