"""Writing outputs safely: never over an input, always through a temporary file and a rename."""
from __future__ import annotations

import os
import tempfile


class OutputError(Exception):
    def __init__(self, message: str, **params):
        super().__init__(message)
        self.message = message
        self.params = params


def _same(a: str, b: str) -> bool:
    try:
        return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _umask() -> int:
    mask = os.umask(0o022)       # the only portable way to read it is to set it; put it back at once
    os.umask(mask)
    return mask


def write_atomic(path: str, data: bytes, inputs=()) -> None:
    """Write `data` to `path` atomically. Two writers racing leave one complete file, never a torn one.
    The file gets the permissions any new file would (0666 less the umask), not mkstemp's private 0600."""
    if any(_same(path, i) or os.path.abspath(path) == os.path.abspath(i) for i in inputs):
        raise OutputError("output.is_input", path=path)
    folder = os.path.dirname(os.path.abspath(path))
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".stdcheck-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError("output.unwritable", path=path, reason=exc.strerror or str(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise OutputError("output.unwritable", path=path, reason=exc.strerror or str(exc)) from None
