"""The kinetic-chain diagram and the charts (reports/diagram.py, reports/charts.py)."""

from __future__ import annotations

import datetime as dt

from kinelink.forms.progress import Series
from kinelink.reports import diagram, styles
from kinelink.reports import typefaces as fonts
from kinelink.reports.charts import trend_chart
from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Path, Rect, String

from tests.reports.documents import analyse, load


def _strings(drawing: object) -> list[String]:
    found: list[String] = []

    def walk(node: object) -> None:
        if isinstance(node, String):
            found.append(node)
        for child in getattr(node, "contents", []):
            walk(child)

    walk(drawing)
    return found


def test_diagram_lights_the_linked_joints_and_draws_the_arrow() -> None:
    link = analyse(load("red_flags")).links[0]  # right hip → right knee
    d = diagram.legs_diagram(link)
    lit = [c for c in d.contents if isinstance(c, Circle) and c.strokeColor == styles.LINK and c.r == 7.5]
    ends = (diagram._point(link.side, link.source), diagram._point(link.side, link.target))
    assert sorted((round(c.cx), round(c.cy)) for c in lit) == sorted((round(x), round(y)) for x, y in ends)
    assert any(isinstance(c, Path) and c.strokeColor == styles.LINK for c in d.contents)
    labels = {s.text for s in _strings(d)}
    assert {"Right", "Left", "hip", "knee", "ankle", "pelvis"} <= labels
    assert "source: right hip" in labels and "target: right knee" in labels


def test_drawings_use_only_the_embedded_font() -> None:
    chart = trend_chart([Series("Pain", ((dt.date(2026, 1, 1), 40.0), (dt.date(2026, 3, 1), 60.0)))],
                        title="KOOS", y_max=100, width=160)
    for d in (diagram.legs_diagram(None), chart):
        assert d.initialFontName == fonts.REGULAR
        assert {s.fontName for s in _strings(d)} <= {fonts.REGULAR, fonts.BOLD}


def test_the_drawings_also_render_as_svg_for_the_screen() -> None:
    chart = trend_chart([Series("Total", ((dt.date(2026, 1, 1), 30.0), (dt.date(2026, 2, 1), 44.0)))],
                        title="LEFS", y_max=80, width=160)
    for d in (diagram.legs_diagram(analyse(load("rich")).links[0]), chart):
        svg = renderSVG.drawToString(d)
        assert "<svg" in svg


def test_german_charts_keep_every_word_inside_the_drawing() -> None:
    """German is longer: the pain chart's title breaks before its bracket, the dates tick as "2.10." over
    the year, and the leg diagram's key stacks; no string runs past the drawing's edge."""
    from kinelink.forms import i18n
    from reportlab.pdfbase.pdfmetrics import stringWidth

    i18n.set_language("de")
    days = [dt.date(2026, 4, 10), dt.date(2026, 10, 2)]
    chart = trend_chart([Series("Stärkster Schmerz", ((days[0], 6.0), (days[1], 5.0)))],
                        title="Stärkster Schmerz, NPRS (0–10, niedriger = besser)", y_max=10, width=162)
    legs = diagram.legs_diagram(analyse(load("rich")).links[0])
    for drawing in (chart, legs):
        for s in _strings(drawing):
            wide = stringWidth(s.text, s.fontName, s.fontSize)
            left = s.x - wide * {"start": 0.0, "middle": 0.5, "end": 1.0}[s.textAnchor]
            assert left >= -0.5 and left + wide <= drawing.width + 0.5, s.text
    texts = [s.text for s in _strings(chart)]
    assert {"Stärkster Schmerz, NPRS", "(0–10, niedriger = besser)", "10.4.", "2.10.", "2026"} <= set(texts)


def test_trend_chart_plots_every_point_and_labels_the_dates() -> None:
    days = [dt.date(2026, 4, 10), dt.date(2026, 7, 3), dt.date(2026, 10, 2)]
    chart = trend_chart([Series("Pain", tuple((d, 20.0 * (i + 1)) for i, d in enumerate(days))),
                         Series("QOL", ((days[0], 10.0), (days[2], 50.0)))],
                        title="KOOS (0–100, higher = better)", y_max=100, width=160)
    texts = [s.text for s in _strings(chart)]
    assert "KOOS (0–100, higher = better)" in texts
    assert {"10 Apr", "3 Jul", "2 Oct", "2026", "Pain", "QOL", "0", "100"} <= set(texts)
    markers = [c for c in chart.contents if isinstance(c, Circle | Rect)]
    assert len(markers) >= 5 + 2  # five points plus two legend swatches
