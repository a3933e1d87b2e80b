"""The embedded font family: DejaVu Sans, shipped in `reports/fonts/` with its licence.

The 14 standard PDF fonts cover Latin-1 only and draw Polish, Vietnamese,
Cyrillic or Greek letters as black boxes; DejaVu Sans covers them all, so every
style, table and chart label uses this family and nothing else.

The files are read with `importlib.resources`, so an installed wheel and a
frozen application (PyInstaller ships them as data files) find them too.
"""

from __future__ import annotations

import functools
import io
from importlib import resources
from importlib.resources.abc import Traversable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR: Traversable = resources.files("kinelink.reports") / "fonts"
LICENSE_FILE = FONT_DIR / "LICENSE.txt"

FAMILY = "KinelinkSans"
REGULAR = "KinelinkSans"
BOLD = "KinelinkSans-Bold"
ITALIC = "KinelinkSans-Italic"
BOLD_ITALIC = "KinelinkSans-BoldItalic"

FILES: dict[str, str] = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


@functools.cache
def register() -> str:
    """Register the four faces and the family once per process; return the family name.

    After this, `<b>` and `<i>` in paragraph markup pick the bold and italic faces.
    """
    for name, file in FILES.items():
        data = io.BytesIO((FONT_DIR / file).read_bytes())  # works for any resource reader, on disk or not
        pdfmetrics.registerFont(TTFont(name, data))
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    return FAMILY


def missing_glyphs(text: str, face: str = REGULAR) -> list[str]:
    """The characters of `text` that `face` cannot draw (they would print as boxes)."""
    register()
    font = pdfmetrics.getFont(face)
    cmap: dict[int, int] = font.face.charToGlyph
    return [ch for ch in text if not ch.isspace() and ord(ch) not in cmap]
