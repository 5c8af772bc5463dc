"""Writing to the user's console whatever its encoding: a Chinese Windows console (GBK) cannot show every character
stdcheck prints (✓ ✗ ⏎ …), so such characters are replaced instead of ending the run with an internal error, and the
四级四同 marks fall back to ones the console has."""
from __future__ import annotations

import codecs
import sys

UNICODE = ("utf-8", "utf-16", "utf-32")


def unicode_stream(stream) -> bool:
    encoding = getattr(stream, "encoding", None)
    try:
        return not encoding or codecs.lookup(encoding).name.startswith(UNICODE)
    except LookupError:
        return False


def can_show(stream, text: str) -> bool:
    """Whether `stream` can encode every character of `text`."""
    if unicode_stream(stream):
        return True
    try:
        text.encode(stream.encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def safe_streams() -> None:
    """stdout and stderr replace what their encoding cannot show (GBK, cp936 …) rather than raise."""
    for stream in (sys.stdout, sys.stderr):
        if not unicode_stream(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
