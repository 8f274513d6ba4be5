"""The machine-readable report: the analyses as versioned JSON-ready data.

Its layout is described by ``unspin/schema/analysis.schema.json``.
"""

from __future__ import annotations

from typing import Any

from unspin import __version__
from unspin.model import SCHEMA_VERSION, Analysis
from unspin.report.common import normalize_errors


def render_json(analyses: list[Analysis], *, errors: list | None = None) -> dict[str, Any]:
    """``{"schema_version", "unspin_version", "analyses", "errors"}`` for ``json.dump``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "unspin_version": __version__,
        "analyses": [analysis.to_dict() for analysis in analyses],
        "errors": normalize_errors(errors),
    }
