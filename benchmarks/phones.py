"""Cost of reading phone cells (stdcheck.codes.phone, used by EL010 and EL113), in microseconds per cell.

    python benchmarks/phones.py

Rules with `reads` check each distinct combination of their elements once per catalogue, so what counts is the
cost of a distinct cell: "repeated numbers" reads cells whose numbers were seen before (validation cached, the
usual case: a department writes its few numbers on every row), "new numbers" reads cells that each hold a number
never seen (libphonenumber validates every one: the worst case).
"""
from __future__ import annotations

import random
import time

from stdcheck.codes import phone

CELLS = ["0760-89817133", "0760-12345", "出入境：12367、监管：02767128252、交管：96122", "020-87300569-825",
         "(8620) 81218888", "0777-6512345（工作日9:00-12:00）", "138 0013 8000 0777-6512345", "6512345"]


def per_cell(cells: list[str]) -> float:
    start = time.perf_counter()
    for text in cells:
        phone.phones(text)
    return (time.perf_counter() - start) / len(cells) * 1e6


def main():
    rng = random.Random(7)
    phone.phones(CELLS[0])                                     # import and metadata load outside the timing
    print(f"repeated numbers: {per_cell(CELLS * 2000):6.1f} µs per cell ({len(CELLS)} real-shaped cells)")
    fresh = [f"0{rng.choice(['760', '20', '777', '27'])}-{rng.randint(20000000, 89999999)}" for _ in range(5000)]
    print(f"new numbers:      {per_cell(fresh):6.1f} µs per cell (5,000 distinct fixed lines)")


if __name__ == "__main__":
    main()
