"""Values from a catalogue are data in every output (docs/reliability.md, issue 18): one escaping helper per
output kind, used by every place that writes a value, a sheet name or a file name somewhere else.

- `terminal`: a terminal or a one-line-per-finding log (stdout, stderr, concise, text, fix, diff, --stats)
- `markup`: a value inside rich markup (text reporter, diff text, --stats, --matrix)
- `console_line`: the last guard on every line printed: a line a CI runner would execute is defused
- `workflow_data` / `workflow_property`: GitHub Actions workflow commands (`::error file=…::…`)
- `xml`: text for XML 1.0 (JUnit, SARIF, the cells of an xlsx)
- `text_cell`: a value into a workbook cell stdcheck writes (reports, fix, template, annotate): text stays text
- `csv_cell`: a cell of a csv meant for Excel (no formula: OWASP CSV injection)
- `encode`: text into a file (a non-UTF-8 file name's lone surrogates written as \\udcff)
"""
from __future__ import annotations

import io
import re

# Control characters (C0, DEL, C1), the bidirectional overrides that reorder what a terminal shows, lone
# surrogates (a YAML "\ud800", a non-UTF-8 file name) and the noncharacters U+FFFE/U+FFFF.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BREAK = re.compile("\r\n|[\n\r\u2028\u2029]")
# what XML 1.0 cannot hold at all (https://www.w3.org/TR/xml/#charsets); tab and line breaks are fine
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# a line a CI runner executes: GitHub `::command::`, its older `##[command]`, Azure `##vso[`
_COMMAND = re.compile(r"^(\s*)(::|##)")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _escaped(m) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def terminal(text: str) -> str:
    """Text for a terminal or a one-line-per-finding log: line breaks shown as ⏎, tabs as \\t, every other
    control character, bidirectional override and lone surrogate escaped (\\x1b, \\u202e, \\udcff), so a
    cell cannot move the cursor, set a terminal title, split one line into several or fail to encode."""
    text = str(text)
    if text.isprintable():
        return text
    return _CONTROL.sub(_escaped, _BREAK.sub("⏎", text).replace("\t", "\\t"))


def markup(text) -> str:
    """A value inside rich markup: `terminal`, then `[`/`\\` escaped, so `[/bold]` or `[link=…]` in a cell is
    shown as written, never interpreted (nor a MarkupError)."""
    from rich.markup import escape
    return escape(terminal(text))


def console_line(line: str) -> str:
    """A printed line that would start a CI command (`::error …`, `##[error]`, `##vso[…]`, even after
    spaces) gets its first character escaped: it is shown, never executed."""
    m = _COMMAND.match(line)
    if m is None:
        return line
    return f"{m.group(1)}\\x{ord(m.group(2)[0]):02x}{line[m.end(1) + 1:]}"


def workflow_data(text: str) -> str:
    """The message of a GitHub workflow command: `%`, CR and LF escaped as the runner expects (the line
    breaks of a message survive), other control characters and lone surrogates as in `terminal`."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROL.sub(_escaped, text)


def workflow_property(text: str) -> str:
    """A property (`file=`, `title=`) of a GitHub workflow command: also `:` and `,`."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def surrogates_escaped(text: str) -> str:
    """Only the lone surrogates escaped (\\ud800): a YAML value "\\ud800" or a non-UTF-8 file name, as text."""
    return _SURROGATE.sub(_escaped, text) if _SURROGATE.search(text) else text


def xml(text: str) -> str:
    """Text XML 1.0 can hold: NUL, other C0 controls, lone surrogates, U+FFFE/U+FFFF written escaped (\\x00,
    \\ufffe). `<`, `&` and `]]>` are the XML writer's job (ElementTree, openpyxl escape them)."""
    text = str(text)
    return _NOT_XML.sub(_escaped, text) if _NOT_XML.search(text) else text


def csv_cell(value):
    """A cell of a csv meant for Excel: text starting with = + - @ (or a tab/CR before one) gets a leading
    apostrophe, so Excel shows it instead of running it as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


def text_cell(cell, value) -> None:
    """Put a value into an openpyxl cell as data: text stays text (a string starting with = + - @ is stored as
    a string with Excel's quote prefix, never as a formula) and what XML cannot hold is escaped (\\x1b)."""
    if isinstance(value, str):
        value = xml(value)
        cell.value = value
        if value.startswith(FORMULA[:4]):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value


def can_show(stream, text: str) -> bool:
    """Whether `stream` can encode every character of `text` (a GBK console cannot show ✓ ✗: --matrix falls
    back to marks it has)."""
    import codecs
    encoding = getattr(stream, "encoding", None)
    try:
        if not encoding or codecs.lookup(encoding).name.startswith(("utf-8", "utf-16", "utf-32")):
            return True
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def encode(text: str, encoding: str = "utf-8") -> bytes:
    """Text written to a file: what the encoding cannot hold (a lone surrogate) is written as \\udcff
    (inside a JSON string this is the JSON escape of the same character)."""
    return text.encode(encoding, errors="backslashreplace")


class Console(io.TextIOBase):
    """stdout/stderr as every command writes them: each line through `console_line`, and characters the
    terminal's encoding cannot show (a GBK console, a lone surrogate) written as escapes instead of failing.
    `commands()` gives the raw stream, for the github reporter whose commands are meant to run."""

    def __init__(self, stream):
        super().__init__()
        self._stream = stream
        self._start = True            # at the start of a line

    @property
    def encoding(self):
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self):
        return "backslashreplace"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError("write() argument must be str")
        out = text
        if "::" in text or "##" in text:           # a line of it may start a CI command
            out = "\n".join(console_line(part) if (i > 0 or self._start) and part else part
                             for i, part in enumerate(text.split("\n")))
        _, newline, last = text.rpartition("\n")
        self._start = not last.strip() if newline else self._start and not text.strip()
        self._raw(out)
        return len(text)

    def _raw(self, text: str) -> None:
        text = surrogates_escaped(text)     # never raw bytes that are not UTF-8 (a C locale writes them as-is)
        try:
            self._stream.write(text)
        except UnicodeEncodeError:
            enc = self.encoding
            self._stream.write(text.encode(enc, errors="backslashreplace").decode(enc, errors="replace"))

    def commands(self, text: str) -> None:
        """Workflow commands the github reporter means to run (their values already escaped)."""
        self._raw(text)
        self._start = text.endswith("\n")

    def flush(self) -> None:
        self._stream.flush()


def guard_console() -> None:
    """Put `Console` in front of sys.stdout and sys.stderr (once; the CLI calls it for every command)."""
    import sys
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, Console):
            setattr(sys, name, Console(stream))
