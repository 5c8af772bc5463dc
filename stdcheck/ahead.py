"""An iterator's items made by a thread one step ahead of their use.

Where making an item lets go of the interpreter (zlib inflating, polars reading or selecting), the next item is made
while the caller works on this one: on two cores the two overlap. Items come in their order; an exception of the
iterator is raised where its item would have come. Closing the generator (a `with closing(...)`, a `break`, an
exception of the caller) stops the thread after the item it is making and closes the iterator in that thread."""
from __future__ import annotations

import queue
import threading
from typing import Iterable, Iterator

_END = object()


def ahead(items: Iterable, depth: int = 1, name: str = "stdcheck-ahead") -> Iterator:
    """The items of `items`, each made while the one before it is used (at most `depth` waiting)."""
    made: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def make() -> None:
        it = None
        try:
            it = iter(items)
            for item in it:
                made.put((item, None))
                if stop.is_set():
                    return
            made.put((_END, None))
        except BaseException as exc:       # noqa: BLE001 — handed to the caller, which raises it
            made.put((None, exc))
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=make, name=name, daemon=True)
    worker.start()
    try:
        while True:
            item, exc = made.get()
            if exc is not None:
                raise exc
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        while worker.is_alive():             # let a thread blocked on a full queue see `stop`
            try:
                made.get_nowait()
            except queue.Empty:
                worker.join(0.01)
