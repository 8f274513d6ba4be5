"""Reports: the terminal (rich), one self-contained HTML file, and JSON.

All three read only :class:`unspin.model.Analysis` objects, so any
analyzer's findings, spans and summaries appear without changes here.
"""

from __future__ import annotations

from unspin.report.html import render_html
from unspin.report.json_report import render_json
from unspin.report.text import render_text

__all__ = ["render_html", "render_json", "render_text"]
