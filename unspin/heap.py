"""Long-running processes: keep the garbage collector off the objects that live for good.

CPython's full collection walks every tracked object. A process that has imported unspin's
stack holds some 110,000 of them (modules, functions, classes) that never die, and each full
collection that walks them took 50-90 ms on the 2-core dev machine: at 100k stored articles,
those pauses were the slowest 5% of traces (bench/bench_store.py). ``settle`` moves every
object alive now into the collector's permanent generation (``gc.freeze``), so later full
collections walk only what was made since. Only processes that serve many requests call it
(the workbench at start-up, after importing what its requests use); a library call never does.
"""

from __future__ import annotations

import gc


def settle() -> int:
    """Collect once, then freeze what is left; returns the number of objects frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
