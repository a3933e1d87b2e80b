"""The body chart: front and back of the lower body, drawn with QPainter from forms.bodychart.

It shows the exam's symptoms (zones shaded by pain) and says which zone was clicked; it keeps no
symptoms of its own. The History section's symptom list owns them: a click there adds or selects a
row, Delete removes the rows of a zone, and every edit of the list redraws the chart.

Keyboard: Tab reaches the chart; the arrow keys move between zones; Enter or Space adds (or goes
to) the zone's symptom; Delete removes it. A screen reader hears the current zone and its pain.
"""

from __future__ import annotations

from collections.abc import Iterable

from kinelink.desktop.editor import style
from kinelink.forms import bodychart as bc
from kinelink.forms.i18n import _
from kinelink.forms.model import Symptom
from kinelink.forms.ranges import NPRS
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip, QWidget

_TITLE = 22  # px above each view for "Front" / "Back"
_FOOT = 22  # px below each view for R / L
_GAP = 0.18  # between the two views, as a share of one view's width


def mark_text(mark: bc.Mark | None) -> str:
    """`pain 6/10, sharp`, `marked, pain not rated`, `not marked`."""
    if mark is None:
        return _("not marked")
    pain = (_("pain {nprs}").format(nprs=NPRS.out_of(mark.nprs)) if mark.nprs is not None
            else _("marked, pain not rated"))
    qualities = ", ".join(q.label for q in mark.qualities)
    region_only = "" if mark.exact else _(" (a symptom of the whole region)")
    return ", ".join(p for p in (pain, qualities) if p) + region_only


class BodyChart(QWidget):
    """Two views side by side; zones hit-tested in view units."""

    activated = Signal(object)  # bc.Zone: clicked, or Enter/Space on it
    delete_requested = Signal(object)  # bc.Zone: Delete on it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName(_("Body chart"))
        self.setMinimumSize(250, 250)
        self.read_only = False
        self.marks: dict[str, bc.Mark] = {}
        self.selected: set[str] = set()  # zones of the symptom row being edited
        self.current: bc.Zone = next(z for z in bc.ZONES if z.key == "front-right-knee-anterior")
        self._hover: bc.Zone | None = None
        self._describe()

    # --- data ----------------------------------------------------------------
    def set_symptoms(self, symptoms: Iterable[Symptom]) -> None:
        self.marks = bc.marks(symptoms)
        self._describe()
        self.update()

    def set_selected(self, zones: Iterable[bc.Zone]) -> None:
        self.selected = {z.key for z in zones}
        self.update()

    def is_marked(self, zone: bc.Zone) -> bool:
        return zone.key in self.marks

    def describe(self, zone: bc.Zone) -> str:
        return f"{zone.label}: {mark_text(self.marks.get(zone.key))}"

    def set_current(self, zone: bc.Zone) -> None:
        self.current = zone
        self._describe()
        self.update()

    def _describe(self) -> None:
        """The current zone for a screen reader (read after the chart's name)."""
        action = "" if self.read_only else _("; Enter adds or opens its symptom, Delete removes it")
        self.setAccessibleDescription(_('{describe}. Arrow keys move between zones{action}.').format(
            describe=self.describe(self.current), action=action))
        if self.hasFocus():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))

    # --- geometry ------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(340, self.heightForWidth(340))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """Tall enough for both views drawn at the scale this width allows (no empty band below)."""
        scale = (width - 8) / (bc.WIDTH * (2 + _GAP))
        return max(self.minimumHeight(), round(bc.HEIGHT * scale) + _TITLE + _FOOT + 8)

    def _scale(self) -> float:
        usable_w = self.width() - 8
        usable_h = self.height() - _TITLE - _FOOT - 8
        return max(0.5, min(usable_w / (bc.WIDTH * (2 + _GAP)), usable_h / bc.HEIGHT))

    def _origin(self, view: bc.View) -> QPointF:
        s = self._scale()
        total = bc.WIDTH * (2 + _GAP) * s
        left = (self.width() - total) / 2
        x = left if view is bc.View.FRONT else left + bc.WIDTH * (1 + _GAP) * s
        return QPointF(x, 4 + _TITLE)

    def _to_screen(self, view: bc.View, points: Iterable[bc.Point]) -> QPolygonF:
        s, o = self._scale(), self._origin(view)
        return QPolygonF([QPointF(o.x() + x * s, o.y() + y * s) for x, y in points])

    def zone_at(self, pos: QPointF) -> bc.Zone | None:
        s = self._scale()
        for view in bc.View:
            o = self._origin(view)
            x, y = (pos.x() - o.x()) / s, (pos.y() - o.y()) / s
            if 0 <= x <= bc.WIDTH and 0 <= y <= bc.HEIGHT:
                return bc.zone_at(view, x, y)
        return None

    def zone_centre(self, zone: bc.Zone) -> QPointF:
        """Where the zone's centre is on the widget (tests click there)."""
        s, o = self._scale(), self._origin(zone.view)
        x, y = zone.centre
        return QPointF(o.x() + x * s, o.y() + y * s)

    # --- painting ------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self._scale()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        bold = QFont(self.font())
        bold.setBold(True)
        for view in bc.View:
            o = self._origin(view)
            width = bc.WIDTH * s
            p.setFont(bold)
            p.setPen(QColor(style.TEXT))
            p.drawText(QRectF(o.x(), o.y() - _TITLE, width, _TITLE), Qt.AlignmentFlag.AlignCenter, view.label)
            body = self._to_screen(view, bc.OUTLINE)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(bc.BODY_FILL))
            p.drawPolygon(body)
            for zone in (z for z in bc.ZONES if z.view is view):
                mark = self.marks.get(zone.key)
                poly = self._to_screen(view, zone.points)
                p.setBrush(QColor(bc.shade(mark.nprs)) if mark else Qt.BrushStyle.NoBrush)
                edge = QPen(QColor(bc.ZONE_EDGE), 1)
                p.setPen(edge)
                p.drawPolygon(poly)
                if mark and not mark.exact:  # the whole region, diffusely: hatched over the shade
                    p.setBrush(QBrush(QColor(bc.OUTLINE_COLOUR), Qt.BrushStyle.BDiagPattern))
                    p.drawPolygon(poly)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(bc.OUTLINE_COLOUR), 1.6))
            p.drawPolygon(body)
            p.setPen(QPen(QColor(bc.OUTLINE_COLOUR), 1.0))
            for line in bc.DETAILS[view]:
                p.drawPolyline(self._to_screen(view, line))
            p.setFont(bold)
            p.setPen(QColor(style.TEXT))
            for half, side in enumerate(bc.SIDES[view]):
                x = o.x() + (0.25 + 0.5 * half) * width
                p.drawText(QRectF(x - 40, o.y() + bc.HEIGHT * s + 2, 80, _FOOT), Qt.AlignmentFlag.AlignCenter,
                           side.label[:1].upper())
            # pain numbers on the zones that have room for them
            p.setFont(small)
            for zone in (z for z in bc.ZONES if z.view is view):
                mark = self.marks.get(zone.key)
                if mark is None or mark.nprs is None or not mark.exact:
                    continue
                poly = self._to_screen(view, zone.points)
                box = poly.boundingRect()
                text = str(mark.nprs)
                if box.width() >= p.fontMetrics().horizontalAdvance(text) + 4 and box.height() >= 14:
                    p.setPen(QColor(bc.ink_on(mark.nprs)))
                    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        # the symptom being edited, then the keyboard's current zone on top
        for zone in (z for z in bc.ZONES if z.key in self.selected):
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(style.ACCENT), 2.5))
            p.drawPolygon(self._to_screen(zone.view, zone.points))
        outlined = self.current if self.hasFocus() else self._hover
        if outlined is not None:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(QColor(style.FOCUS), 2.5, Qt.PenStyle.DashLine if not self.hasFocus() else
                          Qt.PenStyle.SolidLine))
            path = QPainterPath()
            path.addPolygon(self._to_screen(outlined.view, outlined.points))
            path.closeSubpath()
            p.drawPath(path)
        p.end()

    # --- mouse -----------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        zone = self.zone_at(event.position())
        if zone is None:
            return
        self.set_current(zone)
        self.activated.emit(zone)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        zone = self.zone_at(event.position())
        if zone is not self._hover:
            self._hover = zone
            self.setCursor(Qt.CursorShape.PointingHandCursor if zone else Qt.CursorShape.ArrowCursor)
            self.update()
        if zone is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(zone), self)
        else:
            QToolTip.hideText()

    def leaveEvent(self, event: object) -> None:
        self._hover = None
        self.update()

    # --- keyboard --------------------------------------------------------------
    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._describe()
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        directions = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1),
                      Qt.Key.Key_Down: (0, 1)}
        if key in directions and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            nxt = self._neighbour(*directions[Qt.Key(key)])
            if nxt is not None:
                self.set_current(nxt)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit(self.current)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self.read_only:
            self.delete_requested.emit(self.current)
            return
        super().keyPressEvent(event)

    def _neighbour(self, dx: int, dy: int) -> bc.Zone | None:
        """The nearest zone in that direction on the screen (across both views)."""
        here = self.zone_centre(self.current)
        best: tuple[float, bc.Zone] | None = None
        for zone in bc.ZONES:
            if zone is self.current:
                continue
            c = self.zone_centre(zone)
            along = (c.x() - here.x()) * dx + (c.y() - here.y()) * dy
            if along <= 1:
                continue
            across = abs((c.x() - here.x()) * dy) + abs((c.y() - here.y()) * dx)
            score = along + 2 * across
            if best is None or score < best[0]:
                best = (score, zone)
        return best[1] if best else None


class PainLegend(QWidget):
    """The chart's key: a swatch per NPRS value, not rated, and the hatch of a whole-region symptom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Body chart key"))
        self.setAccessibleDescription(
            _('Zones are shaded by pain, {NPRS}, darker is worse; grey: pain not rated; hatched: a symptom of the '
              'whole region').format(NPRS=NPRS.text()))
        self.setMinimumHeight(2 * self.fontMetrics().height() + 14)

    def sizeHint(self) -> QSize:
        return QSize(300, 2 * self.fontMetrics().height() + 14)

    def minimumSizeHint(self) -> QSize:
        return QSize(250, 2 * self.fontMetrics().height() + 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        fm = p.fontMetrics()
        line = fm.height()
        pain = _("Pain")
        side = max(12, min(20, (self.width() - fm.horizontalAdvance(pain + " ") - 4) // 11))
        x = 2 + fm.horizontalAdvance(pain + " ")
        p.setPen(QColor(style.TEXT))
        p.drawText(QRectF(0, 0, x, side), Qt.AlignmentFlag.AlignVCenter, pain)
        for n in range(11):
            p.setPen(QPen(QColor(bc.ZONE_EDGE), 1))
            p.setBrush(QColor(bc.shade(n)))
            p.drawRect(QRectF(x + n * side, 0, side, side))
            p.setPen(QColor(bc.ink_on(n)))
            p.drawText(QRectF(x + n * side, 0, side, side), Qt.AlignmentFlag.AlignCenter, str(n))
        y = side + 6
        p.setPen(QPen(QColor(bc.ZONE_EDGE), 1))
        p.setBrush(QColor(bc.NOT_RATED_SHADE))
        p.drawRect(QRectF(2, y, line, line - 2))
        p.setPen(QColor(style.TEXT))
        not_rated = _("not rated")
        p.drawText(QRectF(line + 6, y - 1, fm.horizontalAdvance(not_rated) + 4, line), Qt.AlignmentFlag.AlignVCenter,
                   not_rated)
        hx = line + 10 + fm.horizontalAdvance(not_rated)
        p.setPen(QPen(QColor(bc.ZONE_EDGE), 1))
        p.setBrush(QColor(bc.shade(4)))
        p.drawRect(QRectF(hx, y, line, line - 2))
        p.setBrush(QBrush(QColor(bc.OUTLINE_COLOUR), Qt.BrushStyle.BDiagPattern))
        p.drawRect(QRectF(hx, y, line, line - 2))
        p.setPen(QColor(style.TEXT))
        p.drawText(QRectF(hx + line + 4, y - 1, self.width() - hx - line - 4, line), Qt.AlignmentFlag.AlignVCenter,
                   _("whole region"))
        p.end()
