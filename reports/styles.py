"""Colours, paragraph styles and table styles, all on the embedded font family."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kinelink.reports import typefaces as fonts
from kinelink.reports.markup import esc, nfc
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

# A restrained palette that still reads when printed in grey: meaning is never carried by colour
# alone (deficits are also bold and marked, positive tests also bold and upper-case).
INK = colors.HexColor("#1A1A1A")
MUTED_HEX = "#5A6270"
MUTED = colors.HexColor(MUTED_HEX)
ACCENT = colors.HexColor("#1F4E79")  # headings, letterhead
RULE = colors.HexColor("#B8C2CC")
GRID = colors.HexColor("#D5DBE1")
HEADER_FILL = colors.HexColor("#E9EEF3")
GROUP_FILL = colors.HexColor("#F4F6F8")
DEFICIT_FILL = colors.HexColor("#FCEBD2")
DEFICIT_INK = colors.HexColor("#8A4500")
POSITIVE_FILL = colors.HexColor("#F9E0E0")
POSITIVE_INK = colors.HexColor("#9B1C1C")
ALERT_HEX = "#B3261E"
ALERT = colors.HexColor(ALERT_HEX)
ALERT_FILL = colors.HexColor("#FDECEA")
LINK = colors.HexColor("#C2410C")  # the kinetic-chain highlight
BETTER = colors.HexColor("#1E6B3A")
WORSE = colors.HexColor("#9B1C1C")

PAGE_MARGIN_X = 18 * mm
PAGE_MARGIN_TOP = 16 * mm
PAGE_MARGIN_BOTTOM = 22 * mm


@dataclass(frozen=True, slots=True)
class Styles:
    body: ParagraphStyle
    body_tight: ParagraphStyle
    small: ParagraphStyle
    tiny: ParagraphStyle
    title: ParagraphStyle
    h3: ParagraphStyle
    cell: ParagraphStyle
    cell_small: ParagraphStyle
    head: ParagraphStyle
    head_center: ParagraphStyle
    clinic_name: ParagraphStyle
    clinic_line: ParagraphStyle
    clinic_right: ParagraphStyle
    alert_title: ParagraphStyle
    alert_body: ParagraphStyle
    bullet: ParagraphStyle
    letter: ParagraphStyle
    letter_tight: ParagraphStyle
    letter_item: ParagraphStyle


def make_styles() -> Styles:
    family = fonts.register()

    def style(name: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
        kw.setdefault("fontName", family)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, fontSize=size, leading=leading, **kw)

    cell = style("cell", 8.2, 10.2)
    return Styles(
        body=style("body", 9.3, 13, spaceAfter=4),
        body_tight=style("body_tight", 9.3, 12.6),
        small=style("small", 7.6, 9.8, textColor=MUTED),
        tiny=style("tiny", 6.8, 8.6, textColor=MUTED),
        title=style("title", 15, 19, fontName=fonts.BOLD, textColor=INK, spaceAfter=2),
        h3=style("h3", 9.3, 12.4, fontName=fonts.BOLD, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        cell=cell,
        cell_small=style("cell_small", 7.2, 9.2, textColor=MUTED),
        head=style("head", 7.6, 9.4, fontName=fonts.BOLD, textColor=ACCENT),
        head_center=style("head_center", 7.6, 9.4, fontName=fonts.BOLD, textColor=ACCENT, alignment=TA_CENTER),
        clinic_name=style("clinic_name", 14.5, 18, fontName=fonts.BOLD, textColor=ACCENT),
        clinic_line=style("clinic_line", 8, 10.4, textColor=MUTED),
        clinic_right=style("clinic_right", 8, 10.4, textColor=MUTED, alignment=TA_RIGHT),
        alert_title=style("alert_title", 10, 13, fontName=fonts.BOLD, textColor=ALERT),
        alert_body=style("alert_body", 8.6, 11.4),
        bullet=style("bullet", 8.8, 11.8, spaceAfter=1.5),
        letter=style("letter", 9.7, 13.6, spaceAfter=6.5, alignment=TA_LEFT),
        letter_tight=style("letter_tight", 9.7, 13.6, spaceAfter=2, keepWithNext=1),
        letter_item=style("letter_item", 9.3, 12.8, spaceAfter=2),
    )


def grid_table_style(header_rows: int = 1) -> list[tuple[object, ...]]:
    """The common look of every data table: light header, hairline rows, no vertical rules."""
    return [
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, ACCENT),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.35, GRID),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
    ]


CELL_PADDING = 8.0  # left + right padding of a data-table cell


def text_cell(text: str, style: ParagraphStyle, width: float) -> str | Paragraph:
    """Text for a table cell: a plain string when it fits on one line, else a wrapping Paragraph.

    A plain string is drawn exactly as it is (a table never reads it as markup) and costs a fraction
    of a Paragraph; the column must then carry the same font, size and colour as `style` in its table
    style. Longer text is escaped and wraps.
    """
    text = nfc(text)
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width - CELL_PADDING:
        return text
    return Paragraph(esc(text), style)


def fitting_width(texts: Sequence[str], style: ParagraphStyle, at_least: float) -> float:
    """A column at least `at_least` wide and wide enough for the longest word of any of `texts` (a header,
    whose lines `<br/>` breaks), so that no word is broken inside: German words are long ("Untersuchung")."""
    words = [w for t in texts for w in t.replace("<br/>", " ").split()]
    return max([at_least, *(float(stringWidth(w, style.fontName, style.fontSize)) + CELL_PADDING + 1 for w in words)])


def column_font(column: int, style: ParagraphStyle) -> list[tuple[object, ...]]:
    """Table-style commands that give a column's plain-string cells the look of `style`."""
    return [
        ("FONT", (column, 1), (column, -1), style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", (column, 1), (column, -1), style.textColor),
    ]


def table(rows: Sequence[Sequence[object]], widths: Sequence[float], commands: Sequence[tuple[object, ...]],
          **kw: object) -> Table:
    """Every table is made here, so every cell, even an empty one, is set in the embedded font
    (a reportlab table otherwise selects Helvetica for each cell it draws)."""
    t = Table([list(r) for r in rows], colWidths=list(widths), **kw)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8.2), *commands]))
    return t
