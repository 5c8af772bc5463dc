"""Progress on stderr — only on a terminal and never in CI (the CI variable set, or stderr redirected).

Several files: a bar that advances after each file. One large file (LARGE bytes or more): an indeterminate
(pulsing) bar with the file name and the time elapsed, so a long single-file check does not look hung.
Small single files show nothing.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager

LARGE = 10 * 1024 * 1024          # a single file this big (10 MB: roughly 50,000+ rows of xlsx) gets a bar


def wanted() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


@contextmanager
def files_bar(paths: list[str], lang: str = "zh"):
    """Yields a callback(path) to call after each file, or None when no bar is shown."""
    from .sources import discover
    files = discover(paths) if wanted() else []
    single = len(files) == 1 and _size(files[0]) >= LARGE
    if len(files) < 2 and not single:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    label = "checking" if lang == "en" else "检查"
    columns = [TextColumn("{task.description}"), BarColumn()] + ([] if single else [MofNCompleteColumn()]) + \
        [TimeElapsedColumn()]
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        if single:       # rows are not counted: the bar pulses while the clock runs (refreshed by rich's thread)
            task = bar.add_task(f"{label} {os.path.basename(files[0])}", total=None)
        else:
            task = bar.add_task(label, total=len(files))

        def done(path: str) -> None:
            if single:
                bar.update(task, total=1, completed=1)
            else:
                bar.update(task, advance=1, description=f"{label} {os.path.basename(path)}")
        yield done


ROWS = 20000       # a report of this many findings or more shows a bar while its rows are written


@contextmanager
def rows_bar(total: int, lang: str = "zh"):
    """Yields a callback(n) to call after each n rows of a report, or None when no bar is shown."""
    if total < ROWS or not wanted():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    label = "writing the report" if lang == "en" else "写出报告"
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.update(task, advance=n)
