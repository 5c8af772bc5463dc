"""`stdcheck fix IN -o OUT`: safe, reversible normalisations written to a new file, with a change log.

Never a substantive value (the words of a name, a 时限 number, 依据 text). First the corrections the findings of RULES
carry (`Finding.fix`, from stdcheck.codes.corrections), checking the file under the profile: spaces and fullwidth of a
code (CD003, CD004); trim of a name, and the width of its mixed brackets when the profile asks (`fix: {brackets:
full|half}`; EL013); pad of a padded code table's code stored as a number (事项类型 1 -> 01), or in YAML quote of an
unquoted code as written (CD001). A cell's findings are taken in rule-code order (a rule's own as reported), the last
correction written: each builds on the earlier ones of its element (CD004's code has CD003's spaces removed too); a
finding counts only if the cell still says what the rule read. Then, with the same functions, what no rule reports
(Fixer.value; no rule in the log): those corrections where their rule does not run (a kind it does not check, a rule
turned off), trim of other text, pad of a code typed as text, brackets of a name of one width, codes: code <-> label
(only with --codes label|code).

xlsx: a copy made with openpyxl in which only the fixed cells change; csv: same encoding, delimiter,
quote character and line ending; yaml: each fixed scalar is replaced in the text, so comments and layout stay.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from .fields import dictionary, for_columns
from .codes.cells import CODE_FIELDS, split
from .codes.corrections import bracket_width, brackets, halfwidth, relabelled, trimmed, without_spaces
from .codes.structure import table_pad
from .codes.tables import table_for
from .errors import StdcheckError
from .model import column_letter
from .output import write_atomic
from .safe import FORMULA, csv_cell, encode, text_cell

RULES = ("CD001", "CD003", "CD004", "EL013")    # the rules whose findings carry corrections
CODE_TEXT, TEXT = (("spaces", without_spaces), ("fullwidth", halfwidth)), (("trim", trimmed),)   # as CD003/4, EL013
KINDS = {"code.spaces": "spaces", "code.fullwidth": "fullwidth", "name.spaces": "trim", "name.mixed_brackets": "brackets"}


class FixError(StdcheckError):
    """A file `stdcheck fix` cannot correct."""


@dataclass(slots=True)
class Change:
    sheet: str | None
    cell: str | None           # A1-style for xlsx/csv (csv: column letter + line), None for yaml
    line: int | None           # yaml: 1-based line of the value
    field: str                 # canonical element id
    label: str                 # standard Chinese label
    old: str
    new: str
    fix: str                   # spaces | trim | fullwidth | pad | quote | codes | brackets (joined with + when several)
    rule: str | None           # the rules whose findings the change removes, when there are any
    removes: tuple = ()        # (rule, message id) of each of those findings: what the re-check expects gone (not logged)

    @property
    def where(self) -> str:
        if self.line is not None:
            return f"L{self.line}"
        return f"{self.sheet}!{self.cell}" if self.sheet else (self.cell or "")


class Fixer:
    """Decides the new text of one cell. Built once per run from the profile and the options."""

    def __init__(self, profile, codes: str | None = None):
        self.profile = profile
        self.fields = dictionary()
        self.codes = codes
        self.brackets = bracket_width(profile)
        self._tables = {}

    def table(self, fid: str):
        if fid not in self._tables:
            f = self.fields.get(fid)
            name = (f.table or ("boolean" if f.type == "boolean" else None)) if f else None
            self._tables[fid] = table_for(self.profile, name)
        return self._tables[fid]

    def found(self, path: str, options) -> dict:
        """(sheet, cell, line, element) -> the findings of RULES there, from `stdcheck check` of `path`."""
        out: dict = {}
        for f in _check(path, self.profile, RULES, _options(options)).findings:
            out.setdefault((*_spot(path, f.location), f.field), []).append(f)
        return out

    def cell(self, fid: str, text: str, numeric: bool = False, found=()) -> tuple[str, list[str], list[tuple]]:
        """(new text, [fix kind …], [(rule, message id) …] of the findings it removes) of one cell: the corrections
        of its findings, then `value`."""
        new, kinds, removes = text, [], []
        found = sorted((f for f in found if f.value == text), key=lambda f: f.rule.code) if found else ()
        for f in (f for f in found if f.fix is not None):
            new = f.fix
            kinds.append(KINDS.get(f.message) or ("pad" if table_pad(self.table(fid), text) else "quote"))
            removes.append((f.rule.code, f.message))
        new, more = self.value(fid, new, numeric and not kinds)
        if more and numeric:          # a number written as text is CD001's finding no more
            removes += [(f.rule.code, f.message) for f in found if f.rule.code == "CD001"]
        steps = [k for k in kinds + more if k not in ("pad", "quote")] if "codes" in more else kinds + more
        return new, steps, list(dict.fromkeys(removes))     # 1 -> 行政许可 is one change (codes), not two

    def change(self, fid, old, new, kinds, removes, sheet=None, cell=None, line=None) -> Change:
        rules = ",".join(dict.fromkeys(r for r, _ in removes)) or None
        return Change(sheet, cell, line, fid, self.fields.label(fid), old, new, "+".join(kinds), rules, tuple(removes))

    def value(self, fid: str, text: str, numeric: bool = False) -> tuple[str, list[str]]:
        """The normalisations no rule reports: (new text, [fix kind …]); the text unchanged and [] when none applies."""
        new, steps = text, []
        for kind, correct in () if numeric else CODE_TEXT if fid in CODE_FIELDS[:7] else TEXT:
            if correct(new) != new:
                new = correct(new)
                steps.append(kind)
        table = self.table(fid)
        padded = table_pad(table, new)
        if padded is not None and (padded != new or numeric):
            new = padded
            steps.append("pad")
        if self.codes and table is not None and new:
            mapped = relabelled(table, split(new) if self.fields.get(fid).type == "multi_enum" else [new], self.codes)
            if mapped is not None and mapped != new:
                new = mapped
                steps.append("codes")
        if fid == "name" and not numeric and brackets(new, self.brackets) != new:
            new = brackets(new, self.brackets)
            steps.append("brackets")
        return new, steps


def _check(path: str, profile, codes, options):
    """`stdcheck check` of one file with the rules `codes`, as the profile sets them."""
    from .config import active_rules
    from .engine import Plan, run
    from .plugins import load_rules
    return run([path], Plan(active_rules(load_rules()[0], profile, {}, list(codes)), profile, options))


def _spot(path: str, loc) -> tuple:
    """(sheet, cell, line) of a location as a Change names it: the sheet only in a workbook, the line only in YAML."""
    return (loc.sheet if FORMATS.get(Path(path).suffix.lower()) == "xlsx" else None, loc.cell,
            loc.line if loc.cell is None else None)


# ---------------------------------------------------------------- formats

def _header(rows, options=None) -> tuple[int, list[tuple[str, int]]] | None:
    from .sources.tabular import find_header
    fields = for_columns(getattr(options, "columns", None))
    index = find_header(rows, fields)
    if index is None:
        return None
    seen, pairs = set(), []
    for j, cell in enumerate(rows[index]):
        fid = fields.match(str(cell)) if cell not in (None, "") else None
        if fid and fid not in seen:
            seen.add(fid)
            pairs.append((fid, j))
    return index, pairs


def _options(options, sheet: str | None = None):
    """The reading options (limits) of a fix, with `sheet` when given."""
    from dataclasses import replace
    from .sources import ReadOptions
    options = options or ReadOptions()
    return replace(options, sheet=sheet) if sheet is not None else options


def _planned_cells(path: str, fixer: Fixer, found: dict, options) -> dict[str, list[tuple[str, str, list]]]:
    """Sheet -> [(cell, field id, findings)] that need a fix, found with the fast reader check uses (calamine):
    a workbook with nothing to fix is never loaded by openpyxl, and the sheets and rows are the ones
    `stdcheck check` reads (hidden sheets are left alone), within the same reading limits."""
    from .sources import read
    planned: dict[str, list[tuple[str, str, list]]] = {}
    for cat in read(path, options):
        columns = list(cat.columns.items())
        for m in cat.matters:
            values, types = m.values, m.types or {}
            for fid, letter in columns:
                value, mark = values.get(fid), types.get(fid)
                if not value or mark not in (None, "n"):
                    continue
                at = found.get((cat.sheet, f"{letter}{m.row}", None, fid), ())
                if fixer.cell(fid, value, mark == "n", at)[1]:
                    planned.setdefault(cat.sheet, []).append((f"{letter}{m.row}", fid, at))
    return planned


def fix_xlsx(path: str, fixer: Fixer, sheet: str | None = None, options=None) -> tuple[bytes | None, list[Change]]:
    options = _options(options, sheet)
    planned = _planned_cells(path, fixer, fixer.found(path, options), options)
    if not planned:
        return None, []
    from openpyxl import load_workbook
    from .trim import for_openpyxl
    wb = load_workbook(for_openpyxl(path), keep_vba=path.lower().endswith(".xlsm"), rich_text=True)
    changes: list[Change] = []
    for name, cells in planned.items():
        ws = wb[name]
        for coord, fid, at in cells:
            cell = ws[coord]
            value = cell.value
            if isinstance(value, str) and cell.data_type == "s":
                numeric = False
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
                numeric, value = True, str(int(value))
            else:
                continue                # formulas, rich text, dates, booleans: left as they are
            new, kinds, removes = fixer.cell(fid, value, numeric, at)
            if not kinds:
                continue
            text_cell(cell, new if new else None)  # white space only becomes empty; text stays text (no formula)
            if numeric:
                cell.number_format = "@"   # a code stays text when someone edits it later
            changes.append(fixer.change(fid, value, new, kinds, removes, name, coord))
    if not changes:
        return None, changes
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), changes


def _decoded(raw: bytes, encoding: str) -> str:
    """The file's text; bytes of another encoding are an input error naming the line near them."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        from .sources import InputError
        before = raw[: exc.start].decode(encoding, errors="replace")
        line = (before.count("\n") or before.count("\r")) + 1
        raise InputError("input.encoding_at", line=line) from None


def fix_csv(path: str, fixer: Fixer, options=None) -> tuple[bytes | None, list[Change]]:
    from .sources.csv import csv_error, bounded_lines, detect, dialect as counted_dialect
    from .sources.limits import MAX_CELL_CHARS, MAX_ROWS, LimitError, limit_option, at_line
    from .sources.tabular import HEADER_SCAN_ROWS
    encoding = detect(path)
    raw = Path(path).read_bytes()
    if encoding == "utf-8-sig" and not raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8"
    text = _decoded(raw, encoding)
    del raw
    dialect = counted_dialect(text[:65536])
    newline = "\r\n" if "\r\n" in text[:65536] else "\n"
    out = io.StringIO(newline="")
    # always doubled quotes: a bare " inside a value (read literally) must be escaped when written, and the
    # Sniffer's doublequote=False (no "" seen) with no escape character would make that impossible
    writer = csv.writer(out, delimiter=dialect.delimiter, quotechar=dialect.quotechar or '"',
                        doublequote=True, quoting=csv.QUOTE_MINIMAL, lineterminator=newline)
    max_cell, max_rows = limit_option(options, "max_cell_chars", MAX_CELL_CHARS), limit_option(options, "max_rows", MAX_ROWS)
    csv.field_size_limit(max_cell)          # a longer cell is a reading-limit error, as in `check`
    reader = csv.reader(bounded_lines(io.StringIO(text, newline=""), options, dialect.delimiter), dialect)
    head, last = [], 0
    try:
        for row in reader:                      # the header is among the first rows
            head.append((last + 1, row))
            last = reader.line_num
            if len(head) >= HEADER_SCAN_ROWS:
                break
    except csv.Error as exc:
        raise csv_error(exc, last + 1, options) from None
    header = _header([r for _, r in head], options)
    changes: list[Change] = []
    if header is None:
        from .sources.tabular import no_header
        raise no_header([r for _, r in head], lambda i: head[i][0])
    index, pairs = header[0], [(fid, j, column_letter(j)) for fid, j in header[1]]
    found = fixer.found(path, options)

    def rows():
        nonlocal last
        yield from head[index + 1:]
        try:
            for row in reader:
                yield last + 1, row
                last = reader.line_num
        except csv.Error as exc:
            raise csv_error(exc, last + 1, options) from None

    for _, row in head[: index + 1]:
        writer.writerow(row)
    count = 0
    for start, row in rows():
        if any(row):
            count += 1
            if count > max_rows:
                raise LimitError("input.limit_rows", **at_line(start), limit=max_rows)
        for fid, j, letter in pairs:
            if j < len(row) and row[j]:
                at = found.get((None, f"{letter}{start}", None, fid), ()) if found else ()
                new, kinds, removes = fixer.cell(fid, row[j], False, at)
                if kinds and not _makes_formula(row[j], new):
                    changes.append(fixer.change(fid, row[j], new, kinds, removes, None, f"{letter}{start}"))
                    row[j] = new
        writer.writerow(row)
    if not changes:
        return None, changes
    body = out.getvalue()
    if not text.endswith(("\n", "\r")):
        body = body[: -len(newline)]
    return body.encode(encoding), changes


def _makes_formula(old: str, new: str) -> bool:
    """A csv has no cell types: trimming `  =HYPERLINK(…)` would make Excel run it. Such a fix is not made."""
    return new.startswith(FORMULA[:4]) and not old.startswith(FORMULA[:4])


_ANCHOR = re.compile(r"&[^\s,\[\]{}]+\s+")
_TAG = re.compile(r"![^\s,\[\]{}]*\s+")


def _value_span(text: str, node) -> tuple[int, int, str]:
    """(start, end, kept prefix) of a scalar's text: its anchor `&name` is kept (aliases refer to it),
    an explicit tag (`!!int`) dropped, since the value becomes a quoted string."""
    pos, keep = node.start_mark.index, ""
    while True:
        m = _ANCHOR.match(text, pos)
        if m:
            keep += m.group()
            pos = m.end()
            continue
        m = _TAG.match(text, pos)
        if m:
            pos = m.end()
            continue
        return node.start_mark.index, node.end_mark.index, keep


def _uses(root) -> dict[int, int]:
    """How many times each node occurs in the document, aliases included (bounded by the alias limits)."""
    import yaml
    count: dict[int, int] = {}
    stack = [root]
    while stack:
        n = stack.pop()
        count[id(n)] = count.get(id(n), 0) + 1
        if isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack += (k, v)
    return count


def fix_yaml(path: str, fixer: Fixer, options=None) -> tuple[bytes | None, list[Change]]:
    """Read with the reader of `check` (size, alias and depth limits, tags and duplicate keys refused, the
    catalogue schema), so fix refuses what check refuses, with the same messages. An anchored value is
    edited once, at its anchor (which is kept); a value used elsewhere too, or as different elements, is
    left alone, since changing it would change those uses."""
    import yaml
    from .sources.limits import MAX_ROWS, LimitError, limit_option, at_line
    from .sources.yaml import parse
    text, bom, node, _ = parse(path, options)
    items = node
    if isinstance(node, yaml.MappingNode):
        items = next((v for k, v in node.value if k.value in ("matters", "事项")), None)
    if not isinstance(items, yaml.SequenceNode):
        return None, []
    max_rows = limit_option(options, "max_rows", MAX_ROWS)
    if len(items.value) > max_rows:
        line = items.value[max_rows].start_mark.line + 1
        raise LimitError("input.limit_rows", **at_line(line), limit=max_rows)
    candidates, fids_of, in_matters = [], {}, {}
    fields = for_columns(getattr(options, "columns", None))
    for item in items.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        for k, v in item.value:
            fid = fields.match(str(k.value))
            if fid is None or not isinstance(v, yaml.ScalarNode):
                continue
            key = id(v)
            in_matters[key] = in_matters.get(key, 0) + 1
            fids_of.setdefault(key, set()).add(fid)
            if in_matters[key] == 1:             # an alias (*c) is the node of its anchor: edited once
                candidates.append((fid, v, k.start_mark.line + 1))     # findings point at the key's line
    uses = _uses(node) if "&" in text else {}          # without an anchor, nothing is shared
    edits, changes, found = [], [], fixer.found(path, options)
    for fid, v, line in candidates:
        if v.style in ("|", ">"):
            continue            # block scalars and lists are left alone
        if uses.get(id(v), 1) != in_matters[id(v)] or len(fids_of[id(v)]) > 1:
            continue            # shared with other elements or other places: not ours to change
        numeric = v.tag == "tag:yaml.org,2002:int"
        if v.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int") or not v.value:
            continue
        new, kinds, removes = fixer.cell(fid, v.value, numeric, found.get((None, None, line, fid), ()))
        if numeric and fid in CODE_FIELDS and not kinds:
            kinds = ["quote"]       # where CD001 does not run: the text as written, quoted
        if kinds:
            start, end, keep = _value_span(text, v)
            edits.append((start, end, keep + json.dumps(new, ensure_ascii=False)))
            changes.append(fixer.change(fid, v.value, new, kinds, removes, line=v.start_mark.line + 1))
    if not changes:
        return None, changes
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"), changes


FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".yaml": "yaml", ".yml": "yaml"}


def fix_file(path: str, out: str, fixer: Fixer, sheet: str | None = None, write: bool = True,
             options=None) -> list[Change]:
    """Fix `path` into `out` (the input is never modified) and return the changes. With no change, `out`
    is a byte-for-byte copy. `options` (ReadOptions) carries the reading limits, as in `check`."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise FixError("fix.unsupported", file=path, suffix=Path(path).suffix or "(none)")
    if not os.path.lexists(path):
        raise FixError("fix.not_found", file=path)
    from .sources import regular
    regular(path)                          # a device, FIFO or socket is refused before anything opens it
    macro_in, macro_out = Path(path).suffix.lower() == ".xlsm", Path(out).suffix.lower() == ".xlsm"
    if FORMATS.get(Path(out).suffix.lower()) != fmt or macro_in != macro_out:
        raise FixError("fix.format_mismatch", file=out, suffix=Path(path).suffix)
    if fmt == "xlsx":
        data, changes = fix_xlsx(path, fixer, sheet, options)
    elif fmt == "csv":
        data, changes = fix_csv(path, fixer, options)
    else:
        data, changes = fix_yaml(path, fixer, options)
    if write:
        write_atomic(out, data if data is not None else Path(path).read_bytes(), [path])
    return changes


def write_log(changes: list[Change], path: str, inputs=()) -> None:
    """The change log as csv (Excel-friendly, UTF-8 with BOM) or json, by the file's suffix."""
    rows = [{**asdict(c), "where": c.where} for c in changes]
    for r in rows:
        del r["removes"]
    if path.lower().endswith(".json"):
        data = encode(json.dumps({"version": 1, "changes": rows}, ensure_ascii=False, indent=2), "utf-8")
    else:
        buf = io.StringIO(newline="")
        w = csv.DictWriter(buf, ["sheet", "cell", "line", "field", "label", "old", "new", "fix", "rule"],
                           extrasaction="ignore", lineterminator="\r\n")
        w.writeheader()
        w.writerows({k: csv_cell(v) for k, v in r.items()} for r in rows)     # opened in Excel: no formulas
        data = encode(buf.getvalue(), "utf-8-sig")
    write_atomic(path, data, inputs)


def recheck(out: str, changes: list[Change], profile, sheet: str | None = None, options=None) -> list:
    """Findings in `out` that a change was meant to remove: the same rule and message at the same cell (should be
    none; another message of the rule there, such as a traditional character left in a trimmed name, is not one).
    An output that cannot be read back (a fix that broke the file) raises FixError("fix.recheck_unreadable")."""
    from .sources import InputError, read
    options = _options(options, sheet)
    wanted = {(c.sheet, c.cell, c.line, *removed) for c in changes for removed in c.removes}
    if not wanted:                      # no rule to re-run: still read the whole output back
        try:
            for cat in read(out, options):
                for _ in cat.matters:
                    pass
        except InputError as exc:
            raise FixError("fix.recheck_unreadable", file=out, reason=exc) from None
        return []
    result = _check(out, profile, sorted({w[3] for w in wanted}), options)
    broken = next((f for f in result.files if f.status != "ok"), None)
    if broken is not None:
        raise FixError("fix.recheck_unreadable", file=out, reason=broken.error)
    return [f for f in result.findings if (*_spot(out, f.location), f.rule.code, f.message) in wanted]
