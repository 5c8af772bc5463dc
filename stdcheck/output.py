"""Writing outputs safely — the one place that decides which paths a run may write (docs/reliability.md):
never over a file the run reads (inputs, baseline, config, the catalogues a config names; through symlinks
and hard links too), never twice to one path in a run, always through a temporary file and a rename when the
target is (or will be) a regular file, and directly — without a rename — into a device, FIFO or /dev/stdout."""
from __future__ import annotations

import os
import stat
import tempfile

from .errors import StdcheckError


class OutputError(StdcheckError):
    """A report, annotated copy or fixed file that cannot be written where asked."""


# the files this run reads and the outputs it has written: set by `begin` at the start of every command of
# the CLI (a library caller that never calls it gets the per-call `inputs` check only)
_RUN: dict[str, list[str]] = {"reads": [], "written": []}
_ACTIVE = [False]
# temporary files being written: removed when the run is interrupted (cli: SIGINT/SIGTERM)
PENDING: set[str] = set()


def begin(reads=()) -> None:
    """A new run: forget earlier outputs, remember the files it reads."""
    _RUN["reads"] = [str(p) for p in reads if p]
    _RUN["written"] = []
    _ACTIVE[0] = True


def protect(*paths) -> None:
    """More files the run reads (a baseline, the config file, the catalogues it names): never outputs."""
    _RUN["reads"].extend(str(p) for p in paths if p)


def _same(a: str, b: str) -> bool:
    try:
        return os.path.exists(a) and os.path.exists(b) and os.path.samefile(a, b)
    except OSError:
        return False


def _is(a: str, b: str) -> bool:
    return _same(a, b) or os.path.abspath(a) == os.path.abspath(b)


def _umask() -> int:
    mask = os.umask(0o022)       # the only portable way to read it is to set it; put it back at once
    os.umask(mask)
    return mask


def _special(path: str) -> bool:
    """A device, FIFO, socket or /dev/stdout-like link: written into, never replaced."""
    if any(p.startswith(("/dev/", "/proc/")) for p in (os.path.abspath(path), os.path.realpath(path))):
        return True
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False                 # does not exist (yet): a new regular file


def check(path: str, inputs=()) -> None:
    """Raise OutputError when the run may not write `path`."""
    if any(_is(path, i) for i in [*inputs, *_RUN["reads"]]):
        raise OutputError("output.is_input", path=path)
    if any(_is(path, w) for w in _RUN["written"]):
        raise OutputError("output.written_twice", path=path)


def write_atomic(path: str, data: bytes, inputs=()) -> None:
    """Write `data` to `path` atomically. Two writers racing leave one complete file, never a torn one.
    The file gets the permissions any new file would (0666 less the umask), not mkstemp's private 0600.
    A symlink is written through (its target replaced), a device or FIFO is written into directly."""
    check(path, inputs)
    try:
        if _special(path):
            with open(path, "wb") as fh:
                fh.write(data)
            _written(path)
            return
        target = os.path.realpath(path) if os.path.islink(path) else path
        folder = os.path.dirname(os.path.abspath(target))
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".stdcheck-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError("output.unwritable", path=path, reason=exc.strerror or str(exc)) from None
    PENDING.add(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:      # also KeyboardInterrupt: never leave the temporary file behind
        _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputError("output.unwritable", path=path, reason=exc.strerror or str(exc)) from None
        raise
    finally:
        PENDING.discard(tmp)
    _written(path)


def _written(path: str) -> None:
    if _ACTIVE[0]:
        _RUN["written"].append(path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def cleanup() -> None:
    """Remove the temporary files of writes an interruption cut short."""
    for tmp in list(PENDING):
        _remove(tmp)
        PENDING.discard(tmp)
