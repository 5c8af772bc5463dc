"""`stdcheck check --show-columns`: which header of each file became which element, at a glance.

Per catalogue: its kind, level and header row, then every column in sheet order — the element it is read as
(and whether the user's mapping said so), a second column of one element that is not read, or an unrecognised
header with the element it probably holds and the `columns:` line that would map it.
"""
from __future__ import annotations

from ..columns import guess
from ..fields import for_columns
from ..kinds import KIND_EN, KIND_LABELS
from ..messages import level_label, render
from ..sources import InputError, discover, read
from . import safe


def _order(letter: str) -> tuple:
    return len(letter), letter


def lines(cat, lang: str, fields) -> list[str]:
    """The column map of one catalogue; `fields`: the dictionary with the user's mapping it was read with."""
    kinds = KIND_EN if lang == "en" else KIND_LABELS
    sheet = f" [{cat.sheet}]" if cat.sheet else ""
    out = [render("columns.title_yaml" if cat.format == "yaml" else "columns.title",
                  {"file": safe(cat.path), "sheet": safe(sheet), "kind": kinds.get(cat.kind, cat.kind),
                   "level": level_label(cat.level, lang) or "-", "row": cat.header_row or "-"}, lang)]
    rows = []
    # YAML: the keys of the matters, in the order first seen (no column letters)
    columns = cat.columns if cat.format != "yaml" else {fid: "" for fid in cat.headers}
    for fid, letter in columns.items():
        header = cat.headers.get(fid, "")
        rows.append((letter, "columns.mapped_user" if fields.user_mapped(header) else "columns.mapped",
                     {"header": header.strip(), "label": fields.label(fid, lang), "id": fid}))
    for message, params, letter, _ in cat.notes:
        if message == "input.duplicate_column" and letter:
            rows.append((letter, "columns.duplicate", {"header": params["header"], "first": params["first"]}))
        elif message == "input.unknown_column" and cat.format == "yaml":
            rows.append(("", "columns.unknown", {"header": params["header"]}))
    for letter, header, values in cat.meta.get("unknown_columns") or ():
        fid = guess(header, list(values))
        rows.append((letter, "columns.unknown_guess" if fid else "columns.unknown",
                     {"header": header, "label": fields.label(fid) if fid else ""}))
    for letter, message, params in sorted(rows, key=lambda r: _order(r[0])):      # stable: YAML keys keep their order
        params = {k: safe(str(v)) for k, v in params.items()}
        out.append(render(message, {"column": letter, **params}, lang))
    if cat.meta.get("headings"):
        out.append(render("columns.heading_rows", {"count": cat.meta["headings"]}, lang))
    return out


def show_columns(paths: list[str], options, out, lang: str = "zh") -> bool:
    """Print the column map of every file; True when a file could not be read (exit code 2)."""
    failed = False
    for path in discover(paths):
        try:
            catalogues = read(path, options)
            for cat in catalogues:
                for _ in cat.matters:      # to the end: heading rows are counted while streaming
                    pass
        except InputError as exc:
            failed = True
            out.write(render("columns.unreadable", {"file": safe(path), "reason": render(exc.message, exc.params, lang)},
                             lang) + "\n")
            continue
        for cat in catalogues:
            out.write("\n".join(lines(cat, lang, for_columns(options.columns))) + "\n")
    return failed
