"""A small line chart of one measure across visits, drawn with QPainter.

PySide6-Essentials has no QtCharts; a progress chart needs little: dated
points per series, a value axis, a legend and an optional reference line
(the norm). The numbers also go into the accessible description, so a screen
reader user gets the same information as a sighted one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kinelink.forms.formats import show_date, show_number
from kinelink.forms.i18n import _
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

if TYPE_CHECKING:
    from kinelink.forms.progress import Series  # the measures and scores load with the first patient shown

LABEL_PITCH = 1.6  # value labels at least this many text lines apart

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], about `count` of them, in steps of 1, 2 or 5 × 10ⁿ."""
    if high <= low:
        high = low + 1.0
    magnitude = 10 ** math.floor(math.log10((high - low) / max(count - 1, 1)))

    def fit(step: float) -> tuple[int, float]:  # (distance from `count` ticks, range wasted)
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        return abs(last - first + 1 - count), (last - first) * step - (high - low)

    step = min((m * magnitude for m in (10, 5, 2, 1)), key=fit)
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


class ProgressChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Progress chart"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self._title = ""
        self._unit = ""
        self._series: tuple[Series, ...] = ()
        self._y_range: tuple[float, float] | None = None
        self._reference: tuple[str, float] | None = None
        self._empty_text = _("No measurements to show yet.")
        self._hits: list[tuple[QPointF, str]] = []

    def sizeHint(self) -> QSize:
        return QSize(480, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 160)

    def clear(self, message: str) -> None:
        self._series = ()
        self._empty_text = message
        self.setAccessibleDescription(message)
        self.update()

    def set_data(
        self,
        title: str,
        unit: str,
        series: Sequence[Series],
        *,
        y_range: tuple[float, float] | None = None,
        reference: tuple[str, float] | None = None,
    ) -> None:
        self._title, self._unit = title, unit
        self._series = tuple(s for s in series if s.points)
        self._y_range, self._reference = y_range, reference
        self.setAccessibleDescription(self.describe())
        self.update()

    def series(self) -> tuple[Series, ...]:
        return self._series

    def describe(self) -> str:
        """The chart as text: what a screen reader announces."""
        if not self._series:
            return self._empty_text
        parts = [self._title]
        for s in self._series:
            values = ", ".join(f"{show_date(d)} {show_number(v)}" for d, v in s.points)
            parts.append(f"{s.label}: {values}")
        return ". ".join(parts)

    # -- drawing -------------------------------------------------------------

    def _dates(self) -> list[dt.date]:
        return sorted({d for s in self._series for d, _ in s.points})

    def _value_range(self) -> tuple[float, float]:
        if self._y_range is not None:
            return self._y_range
        values = [v for s in self._series for _, v in s.points]
        if self._reference is not None:
            values.append(self._reference[1])
        low, high = min(values), max(values)
        pad = (high - low) * 0.12 or max(abs(high) * 0.1, 1.0)
        low, high = low - pad, high + pad
        if min(values) >= 0 > low:
            low = 0.0
        return low, high

    def _plot_height(self, fm: QFontMetrics) -> float:
        return float(self.height() - (fm.height() + 10) - 6 - fm.height() - 14)

    def value_axis(self, fm: QFontMetrics | None = None) -> tuple[float, float, list[float]]:
        """The value axis: its low and high ends and the ticks labelled, as many as the height holds
        with a line of space between labels (six labels in a 60-pixel plot were drawn over each other)."""
        if fm is None:
            small = QFont(self.font())
            small.setPointSizeF(max(self.font().pointSizeF() * 0.9, 7.0))
            fm = QFontMetrics(small)
        low, high = self._value_range()
        room = max(2, int(self._plot_height(fm) // (fm.height() * LABEL_PITCH)) + 1)
        ticks = nice_ticks(low, high, min(5, room))
        if self._y_range is None:
            low, high = ticks[0], ticks[-1]  # the axis runs from one round number to another
        else:
            ticks = [t for t in ticks if low - 1e-9 <= t <= high + 1e-9] or [low, high]
        while len(ticks) > room:  # still too many: every other one, keeping both ends' labels apart
            ticks = ticks[::2]
        return low, high, ticks

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        text_color = pal.text().color()
        faint = QColor(text_color)
        faint.setAlpha(110)
        grid = QColor(text_color)
        grid.setAlpha(28)
        self._hits = []
        if not self._series:
            p.setPen(faint)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._empty_text)
            return

        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.9, 7.0))
        p.setFont(small)
        fm = QFontMetrics(small)
        low, high, ticks = self.value_axis(fm)
        label_w = max(fm.horizontalAdvance(show_number(t)) for t in ticks) + 10
        legend_h = fm.height() + 10
        plot = QRectF(label_w + 6, legend_h + 6, self.width() - label_w - 6 - 22, self._plot_height(fm))
        if plot.width() < 40 or plot.height() < 30:
            return

        def y_of(value: float) -> float:
            return plot.bottom() - (value - low) / (high - low) * plot.height()

        dates = self._dates()
        first, last = dates[0], dates[-1]
        span = (last - first).days

        def x_of(day: dt.date) -> float:
            if span == 0:
                return plot.center().x()
            return plot.left() + (day - first).days / span * plot.width()

        # value grid and labels
        for t in ticks:
            y = y_of(t)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(faint)
            p.drawText(QRectF(0, y - fm.height() / 2, label_w, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, show_number(t))
        # date labels, skipping those that would overlap
        p.setPen(faint)
        right_edge = -1e9
        for day in dates:
            text = show_date(day)
            w = fm.horizontalAdvance(text)
            x = min(max(x_of(day) - w / 2, plot.left() - label_w / 2), self.width() - w - 2)
            if x > right_edge + 8:
                p.drawText(QPointF(x, plot.bottom() + fm.ascent() + 6), text)
                right_edge = x + w
        p.setPen(QPen(faint, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())

        if self._reference is not None:
            label, value = self._reference
            if low <= value <= high:
                pen = QPen(faint, 1, Qt.PenStyle.DashLine)
                p.setPen(pen)
                y = y_of(value)
                p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                p.drawText(QPointF(plot.right() - fm.horizontalAdvance(label), y - 4), label)

        # series
        x_legend = plot.left()
        for index, s in enumerate(self._series):
            color = QColor(PALETTE[index % len(PALETTE)])
            points = [QPointF(x_of(d), y_of(v)) for d, v in s.points]
            if len(points) > 1:
                path = QPainterPath(points[0])
                for pt in points[1:]:
                    path.lineTo(pt)
                p.setPen(QPen(color, 2.2))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawPath(path)
            p.setPen(QPen(pal.base().color(), 1.5))
            p.setBrush(color)
            for pt, (day, value) in zip(points, s.points, strict=True):
                p.drawEllipse(pt, 4.2, 4.2)
                self._hits.append((pt, f"{s.label}: {show_number(value)} {self._unit} on {show_date(day)}"))
            # legend entry
            p.setPen(QPen(color, 3))
            y = legend_h / 2 + 2
            p.drawLine(QPointF(x_legend, y), QPointF(x_legend + 16, y))
            p.setPen(text_color)
            p.drawText(QPointF(x_legend + 21, y + fm.ascent() / 2 - 1), s.label)
            x_legend += 21 + fm.horizontalAdvance(s.label) + 18
        p.end()

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            pos = QPointF(e.pos())
            near = [(math.dist((pt.x(), pt.y()), (pos.x(), pos.y())), text) for pt, text in self._hits]
            near = [n for n in near if n[0] < 10]
            if near:
                QToolTip.showText(e.globalPos(), min(near)[1], self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)
