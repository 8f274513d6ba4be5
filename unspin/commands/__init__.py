"""Sub-commands of the ``unspin`` CLI beyond ``analyze``, one module each.

Each module defines ``register(subparsers)``, which adds its parser and sets
``func`` to a function taking the parsed arguments and returning an exit status.
"""

from __future__ import annotations

import importlib

COMMAND_MODULES = ("ingest", "candidates", "trace", "stories", "outlets", "serve", "eval")


def register_all(subparsers) -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"unspin.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"unspin.commands.{name}":
                raise
            continue  # not written yet
        module.register(subparsers)
