"""What each rule's `where` expression costs on one chunk of a catalogue, and how many rows it selects.

    python benchmarks/prefilter_exprs.py --file bench-data/impl_100000.csv [--profile national] [--top 20]

Reads the first chunk (4,096 rows) of the file's first catalogue, builds the frame the engine builds
(engine/prefilter.py `Prefilter.frame`) and times each expression alone (median of 5), then all of them in one lazy select as
the engine evaluates them, and the flag step for one chunk and for a window of chunks at once (prefilter.window,
as the loop does: a select costs about 35 ms before its first row). The sum of the single times is the work; the select is the wall time (two threads,
shared subexpressions).
"""
from __future__ import annotations

import argparse
import statistics
import time
from itertools import islice


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", required=True)
    ap.add_argument("--profile", default="national")
    ap.add_argument("--top", type=int, default=20)
    a = ap.parse_args()


    from stdcheck.config import Profile, active_rules
    from stdcheck.engine import Plan
    from stdcheck.engine.prefilter import Prefilter, window
    from stdcheck.engine.replay import CHUNK, Chunk
    from stdcheck.plugins import load_rules
    from stdcheck.sources import ReadOptions, read

    rules, _ = load_rules()
    prof = Profile.load(a.profile)
    plan = Plan(active_rules(rules, prof, {}, None), prof)
    cat = read(a.file, ReadOptions())[0]
    chunks = [Chunk.of(b) for b in islice(cat.matters.batches(), window(cat))] if hasattr(cat.matters, "batches") \
        else [Chunk(list(islice(cat.matters, CHUNK)))]
    chunk = chunks[0]
    exprs = {act.rule.code: act.rule.where(ctx)
             for act, ctx in plan.contexts() if act.rule.where and cat.kind in act.rule.kinds}
    pre = Prefilter(exprs)

    def timed(fn, runs=5):
        fn()
        secs = []
        for _ in range(runs):
            t = time.perf_counter()
            fn()
            secs.append(time.perf_counter() - t)
        return statistics.median(secs)

    pre.flag([chunk])
    flags = chunk.flags
    frame = pre.frame(chunk)
    each = sorted(((timed(lambda e=e: frame.select(e)), k) for k, e in zip(pre.keys, pre.exprs)), reverse=True)
    n = len(chunk.matters)
    print(f"{a.file}: {cat.kind}, first {n:,} rows, {len(exprs)} expressions over {len(pre.schema)} elements")
    print(f"  the engine's flag() step          {timed(lambda: pre.flag([chunk])) * 1000:8.2f} ms (frame, select, indices)")
    if len(chunks) > 1:
        print(f"  the same for {len(chunks)} chunks at once          {timed(lambda: pre.flag(chunks)) / len(chunks) * 1000:8.2f} ms "
              f"a chunk (prefilter.window: the loop's way)")
    print(f"  sum of the expressions alone      {sum(s for s, _ in each) * 1000:8.2f} ms "
          f"({sum(s for s, _ in each) / n * 1e6:.1f} µs a row)")
    print(f"  one lazy select of all of them    {timed(lambda: frame.lazy().select(pre.exprs).collect()) * 1000:8.2f} ms")
    for secs, code in each[:a.top]:
        print(f"  {code:6s} {secs * 1000:7.2f} ms  selects {len(flags[code]):5,} of {n:,}")


if __name__ == "__main__":
    main()
