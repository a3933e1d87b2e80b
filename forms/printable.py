"""Text from a file as a message may show it: nothing that steers a terminal, nothing unbounded.

A value in an exam file can hold terminal escape sequences (ESC [ 2 J clears the screen), other
control characters, bidirectional overrides that reorder what is shown, lone surrogates (which
cannot even be encoded to print), or 50 MB of text. Messages repeat values through `shown`.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidirectional embeddings/overrides/isolates, lone surrogates
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
LIMIT = 60  # characters of a value repeated in a message


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code > 0xFF else f"\\x{code:02x}"


def printable(text: str) -> str:
    """`text` with every unprintable character written as an escape (`\\x1b`, `\\u202e`, `\\ud800`)."""
    return _UNPRINTABLE.sub(_escape, text)


def shown(text: str, *, limit: int = LIMIT) -> str:
    """`printable(text)`, cut to `limit` characters with the length said when longer."""
    cut = printable(text[:limit])
    return cut if len(text) <= limit else f"{cut}… ({len(text):,} characters)"
