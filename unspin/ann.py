"""The approximate nearest-neighbour library (usearch), imported safely.

usearch's native module, once loaded, makes a later first import of onnxruntime crash the process
(a segmentation fault inside onnxruntime's own module initialisation) when the multilingual
encoder has run in between; onnxruntime loaded first is unaffected. So every user of usearch goes
through :func:`usearch_index_class`, which loads onnxruntime before usearch.
"""

from __future__ import annotations

from typing import Any


def usearch_index_class() -> Any:
    """``usearch.index.Index``, with onnxruntime loaded first."""
    import onnxruntime  # noqa: F401 - order matters, see the module docstring
    from usearch.index import Index

    return Index
