"""Untrusted text made safe to show: on a terminal, and in HTML.

Article text comes from hostile sites. On a terminal, an ESC sequence in a
title could clear the screen, retitle the window or plant a hyperlink; in any
view, Unicode bidi controls can make "gro.elpmaxe" read as "example.org".
Each such character is replaced one for one (so character offsets into the
text stay valid) by a visible stand-in: C0 controls by the Control Pictures
(ESC -> U+241B), C1 controls and bidi controls by U+FFFD in terminal output.
The HTML report shows bidi controls as a visible marker instead (see
``visible_bidi``).
"""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

#: Bidi embedding, override and isolate controls, and the implicit marks.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_TERMINAL = {code: 0x2400 + code for code in range(0x20) if chr(code) not in "\n\t"}
_TERMINAL[0x7F] = 0x2421  # DEL
_TERMINAL.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_TERMINAL.update({ord(ch): 0xFFFD for ch in BIDI_CONTROLS})
_NEEDS = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f" + BIDI_CONTROLS + "]")


def terminal_safe(text: str) -> str:
    """``text`` with control, escape and bidi characters replaced one for one."""
    return text.translate(_TERMINAL) if _NEEDS.search(text) else text


def terminal_safe_copy(value: Any) -> Any:
    """A copy of ``value`` (dataclasses, dicts, lists, strings) with every string made terminal-safe;
    the original is left untouched."""
    return _walk(copy.copy(value) if dataclasses.is_dataclass(value) else value)


def _walk(value: Any) -> Any:
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, list):
        return [_walk(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_walk(v) for v in value)
    if isinstance(value, dict):
        return {_walk(k): _walk(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        clone = copy.copy(value)
        for field in dataclasses.fields(value):
            object.__setattr__(clone, field.name, _walk(getattr(value, field.name)))
        return clone
    return value


def visible_bidi(text: str) -> str:
    """For HTML (before escaping): each bidi control becomes a visible "⟦U+202E⟧" marker, so a
    page shows the trick instead of performing it. Not one for one: use on display text only."""
    if not any(ch in text for ch in BIDI_CONTROLS):
        return text
    return "".join(f"\u27e6U+{ord(ch):04X}\u27e7" if ch in BIDI_CONTROLS else ch for ch in text)


def safe_markup(value: Any) -> str:
    """``value`` as text to put inside a rich markup string: terminal-safe, brackets escaped
    (a folder named "[draft]" stays "[draft]"; "[/x]" is no markup error)."""
    from rich.markup import escape

    return escape(terminal_safe(str(value)))
