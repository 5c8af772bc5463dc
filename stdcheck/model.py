"""The data model: catalogues, matters, findings. Plain classes, no behaviour beyond lookups."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

# kinds and levels are defined in kinds.py and levels.py; re-exported here for the modules that still import them
# from the model (engine.py, web/findings_db.py) and for library users
from .kinds import KIND_ALIASES, KIND_EN, KIND_LABELS, KINDS  # noqa: F401
from .levels import LEVEL_ALIASES, LEVEL_BY_CODE, LEVEL_ORDER, LEVEL_RANK, LEVELS  # noqa: F401


def column_letter(index: int) -> str:
    """0-based column index -> Excel column letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Equals:
    """A message parameter "element = value" (a condition that held): the reporter writes the element's label
    in the user's language."""
    field: str
    value: str


@dataclass(slots=True)
class Location:
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None

    @property
    def cell(self) -> str | None:
        if self.row is None or self.column is None:
            return None
        return f"{self.column}{self.row}"


@dataclass(eq=False)
class Catalogue:
    """One table of matters: a sheet of a workbook, a CSV file, or a YAML document."""

    path: str                      # the path as the user named it (used in every location)
    format: str                    # xlsx | csv | yaml
    kind: str | None = None        # basic | implementation | licensing | powers
    level: str | None = None       # 国家级 … 村级
    region: str | None = None
    sheet: str | None = None
    header_row: int | None = None  # physical row (xlsx) or line (csv) of the header
    columns: dict[str, str] = field(default_factory=dict)   # field id -> column letter
    headers: dict[str, str] = field(default_factory=dict)   # field id -> header text as written
    notes: list[tuple] = field(default_factory=list)  # (message id, params, column letter, YAML line)
    meta: dict[str, Any] = field(default_factory=dict)
    matters: Iterable["Matter"] = ()
    count: int = 0                 # matters seen, filled while streaming
    partial: bool = False          # a limit stopped the read early
    columnar: bool | None = None   # polars reads or evaluates its rows: the reader found it large enough
    #                                (sources/columnar.py `worth`); None: no reader decided (polars where it works)
    tally: Any = None              # Counter of matters per (department, level), when the run counts them (engine/tally.py)

    def has(self, field_id: str) -> bool:
        return field_id in self.columns or self.format == "yaml"

    def location(self, field_id: str | None = None, row: int | None = None, line: int | None = None) -> Location:
        column = self.columns.get(field_id) if field_id else None
        return Location(self.path, self.sheet, row, column, line)

    def ref(self, field_id: str | None, place: int) -> Location:
        """A reference inside this catalogue (a message parameter, rendered by the reporter):
        the cell of `field_id` in physical row `place`, or YAML line `place`."""
        if self.format == "yaml":
            return Location(None, None, None, None, place)
        return Location(None, None, place, self.columns.get(field_id) if field_id else None)

    def finding(self, message: str, field_id: str | None = None, *, row: int | None = None,
                column: str | None = None, value: str | None = None, **params) -> "Finding":
        """A finding about the catalogue as a whole (e.g. a missing column): points at the header."""
        loc = self.location(field_id, row if row is not None else self.header_row)
        if column:
            loc.column = column
        if self.format == "yaml":
            loc.row, loc.column, loc.line = None, None, self.meta.get("line")
        return Finding(field_id, message, params, None, self, value, loc)


def matter_code(impl: str | None, basic: str | None) -> str:
    """What names a matter: its 实施编码, else its 基本编码, white space removed ('' when neither)."""
    return (impl.strip() if impl else "") or (basic.strip() if basic else "")


class Matter:
    """One row: canonical element values (as text) plus where each came from."""

    __slots__ = ("catalogue", "values", "row", "lines", "types", "line")

    def __init__(self, catalogue: Catalogue, values: dict[str, str], row: int | None = None,
                 lines: dict[str, int] | None = None, types: dict[str, str] | None = None,
                 line: int | None = None):
        self.catalogue = catalogue
        self.values = values      # field id -> cell text exactly as read (numbers rendered as text)
        self.row = row            # physical row (xlsx) or line (csv)
        self.lines = lines        # YAML: field id -> line
        self.types = types        # field id -> 'n' number, 'd' date, 'b' boolean, 'f' formula error (non-text cells only)
        self.line = line          # YAML: line of the matter itself

    def text(self, field_id: str) -> str:
        """The value with surrounding white space removed ('' when absent)."""
        value = self.values.get(field_id)
        return value.strip() if value else ""

    @property
    def code(self) -> str:
        return matter_code(self.values.get("impl_code"), self.values.get("basic_code"))

    @property
    def name(self) -> str:
        return self.text("name")

    @property
    def place(self) -> int | None:
        """The physical row (xlsx/csv) or the YAML line of the matter."""
        return self.row if self.row is not None else self.line

    def location(self, field_id: str | None) -> Location:
        cat = self.catalogue
        if self.lines is not None:
            line = self.lines.get(field_id, self.line) if field_id else self.line
            return Location(cat.path, None, None, None, line)
        column = cat.columns.get(field_id) if field_id else None
        return Location(cat.path, cat.sheet, self.row, column, None)

    def finding(self, field_id: str | None, message: str, **params) -> "Finding":
        value = self.values.get(field_id) if field_id else None
        return Finding(field_id, message, params, self, self.catalogue, value, None)


class Finding:
    """A departure from the standard. Carries a message id and parameters, never rendered text, and — when the
    rule knows it for certain — `fix`, the cell's corrected text (what `stdcheck fix` writes; not a message parameter)."""

    __slots__ = ("field", "message", "params", "matter", "catalogue", "value", "_location", "rule", "level", "fix")

    def __init__(self, field: str | None, message: str, params: dict, matter: Matter | None,
                 catalogue: Catalogue, value: str | None, location: Location | None):
        self.field = field
        self.message = message
        self.params = params
        self.matter = matter
        self.catalogue = catalogue
        self.value = value
        self._location = location
        self.rule = None          # set by the engine
        self.level = None         # set by the engine (a rule may cap it with at_most)
        self.fix = None           # set by the rule with fixed

    def at_most(self, level: str) -> "Finding":
        """Cap this finding's level (e.g. a known local extension inside an error-level rule)."""
        self.level = level
        return self

    def fixed(self, value: str | None) -> "Finding":
        """Attach the corrected text of the finding's cell (None: no certain correction)."""
        self.fix = value
        return self

    @property
    def location(self) -> Location:
        if self._location is None:
            self._location = self.matter.location(self.field)
        return self._location

    def sort_key(self):
        loc = self.location
        return (loc.file, loc.sheet or "", loc.row or loc.line or 0, loc.column or "", self.rule.code)

