"""The one escaping helper and the number and date wording (reports/markup.py)."""

from __future__ import annotations

import datetime as dt
import unicodedata

from kinelink.reports import typefaces as fonts
from kinelink.reports.markup import date_long, date_short, degrees, esc, esc_lines, num, percent, signed
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


def test_numbers_use_a_real_minus_and_drop_trailing_zeros() -> None:
    assert num(212.5) == "212.5"
    assert num(40.0) == "40"
    assert num(-6) == "−6"
    assert num(-0.01) == "0"
    assert signed(6) == "+6"
    assert signed(-1.5) == "−1.5"
    assert signed(0) == "0"
    assert degrees(-10) == "−10°"
    assert degrees(None) == "—"
    assert percent(66.67) == "67 %"


def test_dates_are_unambiguous() -> None:
    assert date_short(dt.date(2026, 10, 2)) == "2 Oct 2026"
    assert date_long(dt.date(2026, 10, 2)) == "2 October 2026"


def test_the_font_covers_every_script_the_clinic_sees() -> None:
    for text in ("Łukasz Żółć", "Nguyễn Thị Minh", "Иван Петров", "Γιώργος Παπαδόπουλος", "−°–×≥≤⚠→•“”…"):
        for face in fonts.FILES:
            assert fonts.missing_glyphs(text, face) == [], (text, face)


def test_fonts_and_licence_ship_in_the_package() -> None:
    for file in fonts.FILES.values():
        assert len((fonts.FONT_DIR / file).read_bytes()) > 100_000
    assert "Bitstream Vera" in fonts.LICENSE_FILE.read_text(encoding="utf-8")
