"""The one escaping helper and the number and date wording (reports/markup.py)."""

from __future__ import annotations

import unicodedata

from kinelink.reports import typefaces as fonts
from kinelink.reports.markup import degrees, esc, esc_lines, percent
from kinelink.reports.styles import make_styles
from reportlab.platypus import Paragraph


def test_esc_escapes_markup_and_both_quotes() -> None:
    assert esc('<b>x</b> & "y" \'z\'') == "&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot; &#39;z&#39;"
    assert esc(None) == ""


def test_esc_normalises_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Żółć")
    assert decomposed != "Nguyễn Żółć"
    assert esc(decomposed) == "Nguyễn Żółć"


def test_esc_lines_keeps_line_breaks_and_escapes_each_line() -> None:
    assert esc_lines("a <1>\r\nb & c\rd") == "a &lt;1&gt;<br/>b &amp; c<br/>d"


def test_escaped_text_lays_out_as_literal_text() -> None:
    """What reportlab draws for an escaped string is the original characters, nothing interpreted."""
    text = 'Pain <b>worse</b> & "sharp" <img src="x"/> it\'s'
    paragraph = Paragraph(esc(text), make_styles().body)
    assert paragraph.getPlainText() == text
    assert {f.fontName for f in paragraph.frags} == {fonts.REGULAR}  # nothing turned bold


def test_report_quantities_show_a_dash_for_nothing() -> None:
    assert degrees(-10) == "−10°"
    assert degrees(None) == "—"
    assert percent(66.67) == "67 %"


def test_the_font_covers_every_script_the_clinic_sees() -> None:
    for text in ("Łukasz Żółć", "Nguyễn Thị Minh", "Иван Петров", "Γιώργος Παπαδόπουλος", "−°–×≥≤⚠→•“”…"):
        for face in fonts.FILES:
            assert fonts.missing_glyphs(text, face) == [], (text, face)


def test_fonts_and_licence_ship_in_the_package() -> None:
    for file in fonts.FILES.values():
        assert len((fonts.FONT_DIR / file).read_bytes()) > 100_000
    assert "Bitstream Vera" in fonts.LICENSE_FILE.read_text(encoding="utf-8")
