"""The interpreter's settings during a check run: cycle collection and thread switching.

Cycle collection. A run allocates millions of short-lived containers (rows, tuples, findings) that reference
counting frees, and almost no cycles: cycle detection freed 409 objects in a whole run over 100,000 rows. At the
default thresholds (700, 10, 10) the collector still traversed the young objects after every 700 allocations and
the whole heap ten times over 1,000,000 rows: 1.56 s of a 29.5 s run, 0.24 s of 3.2 s over 100,000 rows. With a
larger first threshold the young generations are traversed as often in all but far less is promoted, so the old
generation is rarely scanned: 0.36 s and 0.08 s, the same peak memory.

Thread switching. A tabular catalogue is read and flagged by threads (loop.py) while the rules run in the main
thread, which holds the interpreter most of the time. The reading thread lets go of it at each call into polars and
then waits to get it back: up to the switch interval (5 ms by default), a few thousand times over 1,000,000 rows.
It was the slowest stage: the flagging thread waited 8.0 s of an 18.7 s run for its rows. At 0.5 ms it waits far
less; the interpreter changes hands more often only where threads contend for it.

Worker processes are forked inside the run and inherit both settings; a library caller (the web server) gets its
own back afterwards."""
from __future__ import annotations

import gc
import sys
from contextlib import contextmanager

THRESHOLDS = (10_000, 20, 20)
SWITCH_INTERVAL = 0.0005        # seconds


@contextmanager
def tuned():
    """The run's settings, the caller's again afterwards."""
    thresholds, interval = gc.get_threshold(), sys.getswitchinterval()
    gc.set_threshold(*THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        sys.setswitchinterval((round(interval * 1e6) + 0.5) / 1e6)   # it keeps whole microseconds, truncated
