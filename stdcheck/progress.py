"""A progress bar on stderr for runs over several files — only on a terminal and never in CI."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager


def wanted() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def files_bar(paths: list[str], lang: str = "zh"):
    """Yields a callback(path) to call after each file, or None when no bar should be shown."""
    from .sources import discover
    files = discover(paths) if wanted() else []
    if len(files) < 2:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    label = "checking" if lang == "en" else "检查"
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(label, total=len(files))

        def done(path: str) -> None:
            bar.update(task, advance=1, description=f"{label} {os.path.basename(path)}")
        yield done
