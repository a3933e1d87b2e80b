"""Small vector charts: the score bar of the outcome table and the progress trend charts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kinelink.forms.formats import show_date
from kinelink.forms.progress import Series
from kinelink.reports import styles
from kinelink.reports import typefaces as fonts
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

# Okabe & Ito (2008) colour-blind-safe palette.
SERIES_COLOURS = tuple(
    colors.HexColor(c) for c in ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
)


def drawing(width: float, height: float, cls: type[Drawing] = Drawing) -> Drawing:
    """A Drawing whose default font is the embedded one (reportlab's default would pull in Helvetica)."""
    d = cls(width, height)
    fonts.register()
    d.initialFontName = fonts.REGULAR
    d.initialFontSize = 7
    return d


class ScoreBar(Flowable):  # type: ignore[misc]  # reportlab has no type information
    """A horizontal bar of `value` out of `best` (higher is better), drawn to scale with quarter ticks.

    Drawn straight on the canvas: a table may hold a dozen, and a Drawing per bar costs ten times more.
    """

    def __init__(self, value: float | None, best: float, *, width: float = 62, height: float = 7) -> None:
        super().__init__()
        self.value, self.best = value, best
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height + 2  # sits on the text baseline of its row

    def draw(self) -> None:
        c = self.canv
        w, h = self.width, self.height
        c.saveState()
        c.setLineWidth(0.4)
        c.setStrokeColor(styles.GRID)
        c.setFillColor(styles.GROUP_FILL)
        c.rect(0, 0, w, h, stroke=1, fill=1)
        if self.value is not None and self.best > 0:
            share = max(0.0, min(1.0, self.value / self.best))
            if share > 0:
                c.setFillColor(styles.ACCENT)
                c.rect(0, 0, w * share, h, stroke=0, fill=1)
        c.setStrokeColor(colors.white)
        c.setLineWidth(0.5)
        for tick in (0.25, 0.5, 0.75):
            c.line(w * tick, 0, w * tick, h)
        c.restoreState()


def _date_label(day: dt.date) -> tuple[str, str]:
    """The date as the document shows it, split above its year: `2 Oct` / `2026` (German `2.10.` / `2026`)."""
    shown, year = show_date(day), str(day.year)
    return (shown[: -len(year)].rstrip() if shown.endswith(year) else shown), year


def _marker(kind: int, x: float, y: float, colour: colors.Color) -> Circle | Rect | Polygon:
    r = 2.1
    if kind == 1:
        return Rect(x - r, y - r, 2 * r, 2 * r, fillColor=colour, strokeColor=None)
    if kind == 2:
        return Polygon([x, y + r * 1.3, x + r * 1.3, y, x, y - r * 1.3, x - r * 1.3, y], fillColor=colour,
                       strokeColor=None)
    if kind == 3:
        return Polygon([x, y + r * 1.3, x + r * 1.2, y - r, x - r * 1.2, y - r], fillColor=colour, strokeColor=None)
    return Circle(x, y, r, fillColor=colour, strokeColor=None)


def _text(x: float, y: float, text: str, *, size: float = 6.2, bold: bool = False,
          colour: colors.Color = styles.MUTED, anchor: str = "start") -> String:
    return String(x, y, text, fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size, fillColor=colour,
                  textAnchor=anchor)


_TITLE_SIZE = 7.6


def _title_lines(title: str, width: float) -> list[str]:
    """The chart's title on one line, or broken before its bracket ("Stärkster Schmerz, NPRS" over
    "(0–10, niedriger = besser)") when it is wider than the chart."""
    if stringWidth(title, fonts.BOLD, _TITLE_SIZE) <= width or " (" not in title:
        return [title]
    head, tail = title.split(" (", 1)
    return [head, "(" + tail]


def trend_chart(
    series: Sequence[Series], *, title: str, y_max: float, width: float, height: float = 168
) -> Drawing:
    """One instrument's scores over the exam dates: a line per subscale, legend underneath.

    Built from plain shapes rather than reportlab's chart widgets, which cost ten times more to draw
    for the same picture; it is still a `Drawing`, so it renders to SVG as well as to PDF.
    """
    d = drawing(width, height)
    days = sorted({day for s in series for day, _unused in s.points})
    legend_rows = 3  # five subscales in two columns; the same in every panel so the plots line up
    legend_top = 10.0 * legend_rows + 2
    left, bottom = 22.0, legend_top + 24
    lines = _title_lines(title, width)  # a long title (German is longer) takes a second line from the plot
    plot_w, plot_h = width - left - 10, height - bottom - 20 - 9.5 * (len(lines) - 1)
    first, last = days[0].toordinal(), days[-1].toordinal()
    pad = max(1.0, (last - first) * 0.1)
    lo, hi = first - pad, last + pad

    def x_of(day: dt.date) -> float:
        return left + (day.toordinal() - lo) / (hi - lo) * plot_w

    def y_of(value: float) -> float:
        return bottom + max(0.0, min(value, y_max)) / y_max * plot_h

    for i, line in enumerate(lines):
        d.add(_text(0, height - 9 - 9.5 * i, line, size=_TITLE_SIZE, bold=True, colour=styles.INK))
    step = y_max / 4 if y_max >= 40 else max(1.0, y_max / 5)
    tick = 0.0
    while tick <= y_max + 1e-9:
        y = y_of(tick)
        d.add(Line(left, y, left + plot_w, y, strokeColor=styles.GRID if tick else styles.RULE,
                   strokeWidth=0.4 if tick else 0.6))
        d.add(_text(left - 3, y - 2.2, f"{tick:g}", anchor="end"))
        tick += step
    d.add(Line(left, bottom, left, bottom + plot_h, strokeColor=styles.RULE, strokeWidth=0.6))
    room = plot_w / max(1, len(days) - 1)
    for i, day in enumerate(days):
        x = x_of(day)
        d.add(Line(x, bottom, x, bottom - 2.5, strokeColor=styles.RULE, strokeWidth=0.6))
        if i in (0, len(days) - 1) or room >= 36:  # label the ends, the middle only while there is room
            top, year = _date_label(day)
            d.add(_text(x, bottom - 10, top, anchor="middle"))
            d.add(_text(x, bottom - 17.5, year, anchor="middle"))
    for i, s in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        points = sorted(s.points)
        if len(points) > 1:
            coords = [c for day, value in points for c in (x_of(day), y_of(value))]
            d.add(PolyLine(coords, strokeColor=colour, strokeWidth=1.3, strokeLineJoin=1))
        for day, value in points:
            d.add(_marker(i % 4, x_of(day), y_of(value), colour))
        column, row = divmod(i, legend_rows)
        lx, ly = left + column * 66, legend_top - 10 * (row + 1) + 2
        d.add(Rect(lx, ly, 6, 6, fillColor=colour, strokeColor=None))
        d.add(_text(lx + 10, ly + 0.6, s.label, size=6.6, colour=styles.INK))
    return d
