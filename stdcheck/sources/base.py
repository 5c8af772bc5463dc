"""What the readers share, without importing any of them: the file types read and the options of a read.
The package re-exports both (`from stdcheck.sources import ReadOptions`); the readers' errors are in stdcheck.errors."""
from __future__ import annotations

from dataclasses import dataclass

SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xlsx", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}


@dataclass
class ReadOptions:
    sheet: str | None = None
    kind: str | None = None
    level: str | None = None
    max_cell_chars: int | None = None    # reading limits (None = the default, see limits.py)
    max_rows: int | None = None
    max_xlsx_mb: int | None = None
    max_yaml_mb: int | None = None
    max_yaml_aliases: int | None = None
    max_yaml_depth: int | None = None
    levels: dict | None = None   # config `levels: {glob: level}` (四级四同): a file's level by its path
    columns: dict | None = None  # config `columns:` / --column: {header text: element id}, matched before aliases
