"""Small vector charts: the score bar in the outcome table and the progress trend chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from reports import fonts, styles
from reports.markup import date_short

# Okabe & Ito (2008) colour-blind-safe palette.
SERIES_COLOURS = tuple(
    colors.HexColor(c) for c in ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
)
_MARKERS = ("FilledCircle", "FilledSquare", "FilledDiamond", "FilledTriangle", "Circle", "Square", "Diamond")


def drawing(width: float, height: float, cls: type[Drawing] = Drawing) -> Drawing:
    """A Drawing whose default font is the embedded one (reportlab's default would pull in Helvetica)."""
    d = cls(width, height)
    fonts.register()
    d.initialFontName = fonts.REGULAR
    d.initialFontSize = 7
    return d


def score_bar(value: float | None, best: float, *, width: float = 62, height: float = 7) -> Drawing:
    """A horizontal bar of `value` out of `best` (higher is better), drawn to scale."""
    d = drawing(width, height)
    d.add(Rect(0, 0, width, height, fillColor=styles.GROUP_FILL, strokeColor=styles.GRID, strokeWidth=0.4))
    if value is not None and best > 0:
        share = max(0.0, min(1.0, value / best))
        if share > 0:
            d.add(Rect(0, 0, width * share, height, fillColor=styles.ACCENT, strokeColor=None))
    for tick in (0.25, 0.5, 0.75):
        d.add(Line(width * tick, 0, width * tick, height, strokeColor=colors.white, strokeWidth=0.5))
    return d


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: tuple[tuple[dt.date, float], ...]


def _date_label(day: dt.date) -> str:
    return f"{date_short(day).rsplit(' ', 1)[0]}\n{day.year}"


def trend_chart(
    series: Sequence[Series], *, title: str, y_max: float, width: float, height: float = 168
) -> Drawing:
    """One instrument's scores over the exam dates: a line per subscale, legend underneath."""
    d = drawing(width, height)
    days = sorted({day for s in series for day, _ in s.points})
    rows = 3  # room for five subscales in two columns, the same in every panel so they line up
    legend_height = 10.0 * rows + 4
    plot = LinePlot()
    plot.x, plot.y = 24, legend_height + 24
    plot.width = width - plot.x - 10
    plot.height = height - plot.y - 20
    plot.data = [[(day.toordinal(), value) for day, value in s.points] for s in series]
    first, last = days[0].toordinal(), days[-1].toordinal()
    pad = max(1.0, (last - first) * 0.1)
    plot.xValueAxis.valueMin = first - pad
    plot.xValueAxis.valueMax = last + pad
    plot.xValueAxis.valueSteps = [day.toordinal() for day in days]
    # label the first and last exam, and those between only while they have room
    room = plot.width / max(1, len(days) - 1)
    labelled = {day.toordinal() for i, day in enumerate(days)
                if i in (0, len(days) - 1) or room >= 36}
    plot.xValueAxis.labelTextFormat = (
        lambda x: _date_label(dt.date.fromordinal(round(x))) if round(x) in labelled else ""
    )
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.valueMax = y_max
    plot.yValueAxis.valueStep = y_max / 4 if y_max >= 40 else max(1.0, y_max / 5)
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = fonts.REGULAR
        axis.labels.fontSize = 6.2
        axis.labels.fillColor = styles.MUTED
        axis.strokeColor = styles.RULE
        axis.strokeWidth = 0.6
    plot.xValueAxis.labels.dy = -5
    plot.xValueAxis.labels.leading = 7
    plot.yValueAxis.visibleGrid = True
    plot.yValueAxis.gridStrokeColor = styles.GRID
    plot.yValueAxis.gridStrokeWidth = 0.4
    plot.yValueAxis.labels.dx = -2
    for i in range(len(series)):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        plot.lines[i].strokeColor = colour
        plot.lines[i].strokeWidth = 1.3
        marker = makeMarker(_MARKERS[i % len(_MARKERS)])
        marker.size = 4
        marker.fillColor = colour
        marker.strokeColor = colour
        plot.lines[i].symbol = marker
    d.add(plot)
    d.add(String(0, height - 9, title, fontName=fonts.BOLD, fontSize=7.6, fillColor=styles.INK))
    legend = Legend()
    legend.x = plot.x
    legend.y = legend_height
    legend.boxAnchor = "nw"
    legend.alignment = "right"
    legend.fontName = fonts.REGULAR
    legend.fontSize = 6.6
    legend.fillColor = styles.INK
    legend.columnMaximum = rows
    legend.deltay = 10
    legend.deltax = 60
    legend.dx = 7
    legend.dy = 5
    legend.dxTextSpace = 4
    legend.strokeWidth = 0
    legend.colorNamePairs = [(SERIES_COLOURS[i % len(SERIES_COLOURS)], s.label) for i, s in enumerate(series)]
    d.add(legend)
    return d
