"""What the type digits (3–4) of a 基本编码 mean under a profile — the one source of truth for every rule that
reads the type segment or compares it with 事项类型 (reference/coding.md §1.4).

Three layers, from the profile's data:
- the national table (`code_tables.item_type.codes`: 01–10, 20);
- known local extensions (`code_tables.item_type.extensions`: 21, 30–32, 99), each optionally standing for a
  national type (`means`: 21 → 20 公共服务); a non-national code is a warning, never an error;
- a province's own numbering of its local 基本编码 (`local_type_digits: {"44": {"20": "10", "21": "20"}}`):
  in 广东's local codes `20` is 其他行政权力 and `21` 公共服务, so under that profile they are not extensions.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TypeDigits:
    digits: str                 # the two digits as written
    means: str | None           # the national 事项类型 code they stand for (None: unknown)
    status: str                 # national | local (the province's own numbering) | extension | unknown


class TypeScheme:
    def __init__(self, table, local: dict | None = None):
        self.table = table                                   # config.CodeTable of item_type, or None
        self.local = {str(p): {str(k): str(v) for k, v in (m or {}).items()} for p, m in (local or {}).items()}
        self.means = dict(getattr(table, "means", {}) or {})

    def of_basic(self, code: str) -> TypeDigits | None:
        """The meaning of a 12-character 基本编码's type digits, or None when they are not two digits."""
        if len(code) < 4 or not code[2:4].isdigit():
            return None
        source, digits = code[:2], code[2:4]
        local = self.local.get(source)
        if local and digits in local:
            return TypeDigits(digits, local[digits], "local")
        table = self.table
        if table is None or digits in table.codes:
            return TypeDigits(digits, digits, "national")
        if digits in table.extensions:
            return TypeDigits(digits, self.means.get(digits), "extension")
        return TypeDigits(digits, None, "unknown")

    def of_text(self, value: str) -> str | None:
        """The national code a 事项类型 cell stands for (label, alias, code, un-padded code), or None."""
        if not value or self.table is None:
            return None
        found = self.table.code(value)
        return self.means.get(found, found) if found is not None and found not in self.table.codes else found

    def label(self, code: str) -> str:
        return self.table.label(code) if self.table is not None else code
