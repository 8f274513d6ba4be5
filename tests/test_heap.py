"""The server's heap freeze (unspin/heap.py, unspin/web/app.py)."""

from __future__ import annotations

import gc

from unspin.heap import settle


def test_settle_freezes_what_is_alive_and_later_objects_are_collected_as_usual():
    try:
        frozen = settle()
        assert frozen == gc.get_freeze_count() > 1000  # the imported modules, functions, classes
        cycle: list = []
        cycle.append(cycle)  # made after the freeze: still the collector's
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()


def test_creating_the_app_leaves_the_collector_alone(tmp_path):
    from unspin.store import open_store
    from unspin.web.app import create_app

    gc.unfreeze()
    with open_store(f"sqlite:///{tmp_path}/s.db") as store:
        create_app(store, state_dir=str(tmp_path / "state"))
    assert gc.get_freeze_count() == 0
