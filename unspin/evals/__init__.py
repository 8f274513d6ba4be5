"""Evaluations behind ``unspin eval``: one module per task, each with ``register(subparsers)``."""
