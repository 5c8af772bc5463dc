"""JSON text as `json.dump(obj, out, ensure_ascii=False, indent=2)` writes it, made about twice as fast.

With `indent`, the standard library encodes in Python through nested generators; a report of 47,000 findings took
longer to write than to check. Here the nesting is walked once into a list of pieces, strings are escaped by the
standard library's C function, and the text is joined once. The output is the same text (tests/test_reports.py
compares them); an object the walk does not know (a float, a key that is not a string, another type) is left to
the standard library as a whole.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring


def dumps(obj) -> str:
    pieces: list[str] = []
    try:
        _walk(obj, "", pieces.append)
    except _Unknown:
        return json.dumps(obj, ensure_ascii=False, indent=2)
    return "".join(pieces)


def dump(obj, out) -> None:
    """The text, then a line end (as every JSON report ends)."""
    out.write(dumps(obj) + "\n")


class _Unknown(Exception):
    """A value whose text the standard library decides (float: nan, inf, repr)."""


def _walk(o, pad: str, put) -> None:
    if isinstance(o, str):
        put(encode_basestring(o))
    elif o is None:
        put("null")
    elif o is True:
        put("true")
    elif o is False:
        put("false")
    elif type(o) is int:
        put(int.__repr__(o))
    elif isinstance(o, dict):
        if not o:
            put("{}")
            return
        inner = pad + "  "
        sep = "{\n" + inner
        for k, v in o.items():
            if type(k) is not str:
                raise _Unknown
            put(sep + encode_basestring(k) + ": ")
            _walk(v, inner, put)
            sep = ",\n" + inner
        put("\n" + pad + "}")
    elif isinstance(o, (list, tuple)):
        if not o:
            put("[]")
            return
        inner = pad + "  "
        sep = "[\n" + inner
        for v in o:
            put(sep)
            _walk(v, inner, put)
            sep = ",\n" + inner
        put("\n" + pad + "]")
    else:
        raise _Unknown
