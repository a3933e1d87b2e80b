"""Turning values into paragraph markup: the one place user text is escaped.

reportlab's `Paragraph` reads its text as markup, so a complaint typed as
`<b>worse</b> & "sharp"` would turn bold or break the build. Every piece of
text that did not come from this package goes through `esc` (NFC
normalisation, then escaping of `<`, `>`, `&` and both quotes), as rst2pdf
escapes every text node before adding its own markup. Markup the package adds
itself (`<b>`, `<br/>`) is written around already-escaped text.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from kinelink.forms.formats import DASH, show_number
from kinelink.forms.i18n import N_, _

_ENTITIES = {'"': "&quot;", "'": "&#39;"}
# A number and its unit never part at a line end ("LSI 67 %" with "%" alone on the next line): the space
# between them becomes a no-break space (DIN 5008 writes "67 %", "212,5 N"; English prints "67 %" too).
_NUMBER_UNIT = re.compile(r"(?<=\d) (?=(?:%|N/kg|N|cm|kg|mg|h)(?![\w/]))")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def esc(text: str | None) -> str:
    """User text as safe paragraph markup: NFC, a number kept with its unit, then `<`, `>`, `&`, quotes
    escaped."""
    if text is None:
        return ""
    return escape(_NUMBER_UNIT.sub("\u00a0", nfc(text)), _ENTITIES)


def esc_lines(text: str | None) -> str:
    """Like `esc`, keeping the writer's line breaks (addresses, notes)."""
    if text is None:
        return ""
    lines = nfc(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "<br/>".join(esc(line) for line in lines)


def degrees(value: float | None) -> str:
    return DASH if value is None else f"{show_number(value)}°"


def percent(value: float | None) -> str:
    return DASH if value is None else f"{show_number(value, 0)} %"


def newtons(value: float | None) -> str:
    return DASH if value is None else f"{show_number(value)} N"


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop (plain text in, plain text out)."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def join_words(words: list[str], last: str = N_("and")) -> str:
    """`a`, `a and b`, `a, b and c` (German `a, b und c`)."""
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {_(last)} {words[-1]}"
