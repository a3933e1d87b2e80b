"""Colours, spacing, type and the few painted shapes of the exam editor.

No Qt style sheet: any style sheet puts every widget under QStyleSheetStyle,
which costs ~0.25 ms per widget, a third of a second for the editor's 1300.
Instead the editor sets a palette once (`apply_theme`), labels take a role
(`set_role`: font and colour), cards and choice fields paint themselves, and
the states "invalid" and "deficit" tint a field and draw its border
(`set_flag` + `paint_state`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPaintEvent, QPixmap

# QPainter, QPen, QPixmap and QRectF are imported where the editor paints: the window's first paint uses
# none of them, and making PySide's view of QPainter (its enums) costs start-up about 1 ms.

# Palette: neutral greys, one blue accent, red for errors and red flags, amber for deficits, and the
# lock banner's brown for warnings that ask to check a value (never blocking).
TEXT = "#1f2933"
MUTED = "#5c6b7a"
BORDER = "#b8c2cc"
LINE = "#dde3ea"
SURFACE = "#ffffff"
WINDOW = "#f3f5f8"
ACCENT = "#1d4ed8"
ACCENT_SOFT = "#e1e9ff"
ERROR = "#b91c1c"
ERROR_BG = "#fdecec"
DEFICIT = "#9a3412"
DEFICIT_BG = "#ffedd5"
DEFICIT_BORDER = "#f59e0b"
OK = "#166534"
READ_ONLY_BG = "#eef1f4"
LOCK_BG = "#fff7e0"
LOCK_BORDER = "#e5b53b"
LOCK_TEXT = "#7a5200"
WARNING = LOCK_TEXT  # 7.0:1 on SURFACE
# Hints and placeholders in MUTED: 5.0:1 on WINDOW, 5.5:1 on SURFACE (WCAG AA asks 4.5:1 for text).
HINT = MUTED
# The keyboard focus ring: 2 px, dark enough to stand out against the window, a field and the blue
# primary button alike (16:1 on WINDOW).
FOCUS = "#111827"

# Spacing grid (px).
GAP = 8
GAP_S = 4
GAP_L = 16
MARGIN = 16
RADIUS = 4.0


STYLE_SHEET = f"""
QLineEdit, QPlainTextEdit {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 4px; padding: 3px 6px;
    color: {TEXT}; selection-background-color: #bfd3ff; selection-color: {TEXT};
}}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {FOCUS}; padding: 2px 5px; }}
QLineEdit[deficit="true"] {{ background: {DEFICIT_BG}; border-color: {DEFICIT_BORDER}; }}
QLineEdit[invalid="true"] {{ background: {ERROR_BG}; border: 2px solid {ERROR}; padding: 2px 5px; }}
QLineEdit[locked="true"], QPlainTextEdit[locked="true"] {{ background: {READ_ONLY_BG}; }}
QLabel[role="section-title"] {{ font-size: 15pt; font-weight: 600; color: {TEXT}; }}
QLabel[role="group-title"] {{ font-size: 11.5pt; font-weight: 600; color: {TEXT}; }}
QLabel[role="patient"] {{ font-size: 13pt; font-weight: 600; color: {TEXT}; }}
QLabel[role="score"] {{ font-size: 15pt; font-weight: 600; color: {TEXT}; }}
QLabel[role="column"] {{ color: {MUTED}; font-weight: 600; }}
QLabel[role="hint"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {ERROR}; }}
QLabel[role="warning"] {{ color: {WARNING}; }}
QLabel[role="stem"] {{ font-style: italic; }}
QLabel[role="lock-text"] {{ font-weight: 600; color: {LOCK_TEXT}; }}
QLabel[role="derived"][deficit="true"] {{ color: {DEFICIT}; font-weight: 600; }}
"""
"""For a window that styles itself with a Qt style sheet (desktop.theme): the same look for the
editor's inputs and labels. The editor itself needs no style sheet (see the module docstring)."""


def base_point_size() -> float:
    size = QApplication.font().pointSizeF()
    return size if size > 0 else 9.0


def apply_theme(root: QWidget) -> None:
    """Colours for `root` and everything in it (children inherit the palette)."""
    p = root.palette()
    colours = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: SURFACE,
        QPalette.ColorRole.AlternateBase: "#f7f9fb",
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: "#f7f9fb",
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: SURFACE,
        QPalette.ColorRole.PlaceholderText: HINT,
        QPalette.ColorRole.ToolTipBase: "#fffbe6",
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.Link: ACCENT,
    }
    for role, colour in colours.items():
        p.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(MUTED))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(MUTED))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(MUTED))
    root.setPalette(p)
    root.setAutoFillBackground(True)


def _colour(widget: QWidget, role: QPalette.ColorRole, colour: str) -> None:
    p = widget.palette()
    p.setColor(role, QColor(colour))
    widget.setPalette(p)


def fill(widget: QWidget, colour: str) -> None:
    """Paint `widget`'s background in `colour`."""
    _colour(widget, QPalette.ColorRole.Window, colour)
    widget.setAutoFillBackground(True)


# role -> (size factor, bold, italic, colour)
_ROLES: dict[str, tuple[float, bool, bool, str | None]] = {
    "section-title": (1.55, True, False, TEXT),
    "group-title": (1.15, True, False, TEXT),
    "patient": (1.3, True, False, TEXT),
    "score": (1.5, True, False, TEXT),
    "column": (1.0, True, False, MUTED),
    "hint": (1.0, False, False, MUTED),
    "error": (1.0, False, False, ERROR),
    "warning": (1.0, False, False, WARNING),
    "stem": (1.0, False, True, TEXT),
    "lock-text": (1.0, True, False, LOCK_TEXT),
    "derived": (1.0, False, False, TEXT),
}


def set_role(widget: QWidget, role: str) -> None:
    """Give a label its typographic role (font and colour); other widgets just keep the tag."""
    widget.setProperty("role", role)
    look = _ROLES.get(role)
    if look is None:
        return
    factor, bold, italic, colour = look
    font = QFont(widget.font())
    if factor != 1.0:
        font.setPointSizeF(round(base_point_size() * factor, 1))
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    font.setItalic(italic)
    widget.setFont(font)
    if colour is not None:
        _colour(widget, QPalette.ColorRole.WindowText, colour)


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Turn the "invalid", "deficit" or "locked" state of a field (or derived label) on or off."""
    if bool(widget.property(name)) == value:
        return
    widget.setProperty(name, value)
    invalid, deficit = bool(widget.property("invalid")), bool(widget.property("deficit"))
    locked = bool(widget.property("locked"))
    if widget.property("role") == "derived":
        if _style_sheet_active(widget):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        font = QFont(widget.font())
        font.setWeight(QFont.Weight.DemiBold if deficit else QFont.Weight.Normal)
        widget.setFont(font)
        _colour(widget, QPalette.ColorRole.WindowText, DEFICIT if deficit else TEXT)
        return
    base = ERROR_BG if invalid else DEFICIT_BG if deficit else READ_ONLY_BG if locked else SURFACE
    _colour(widget, QPalette.ColorRole.Base, base)
    if _style_sheet_active(widget):  # a style sheet reads the property only when re-polished
        widget.style().unpolish(widget)
        widget.style().polish(widget)
    widget.update()


def _style_sheet_active(widget: QWidget) -> bool:
    app = QApplication.instance()
    return bool(isinstance(app, QApplication) and app.styleSheet()) or bool(widget.window().styleSheet())


def paint_state(widget: QWidget, event: QPaintEvent) -> None:
    """Draw the border of an invalid (red) or deficit (amber) field over its normal frame, and the
    focus ring (FOCUS, 2 px) of the field that has the keyboard focus."""
    invalid, deficit = bool(widget.property("invalid")), bool(widget.property("deficit"))
    focused = widget.hasFocus()
    if not (invalid or deficit or focused):
        return
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPen

    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    rect = QRectF(widget.rect())
    if focused:
        p.setPen(QPen(QColor(FOCUS), 2.0))
        p.drawRoundedRect(rect.adjusted(1, 1, -1, -1), RADIUS, RADIUS)
        rect = rect.adjusted(2, 2, -2, -2)  # the state's border inside the ring
    if invalid or deficit:
        width = 2.0 if invalid else 1.5
        p.setPen(QPen(QColor(ERROR if invalid else DEFICIT_BORDER), width))
        half = width / 2
        p.drawRoundedRect(rect.adjusted(half, half, -half, -half), RADIUS, RADIUS)
    p.end()


def paint_field(widget: QWidget, *, focused: bool, enabled: bool, background: str | None = None) -> QRectF:
    """The frame of an input drawn by hand (choice and multi-choice fields); returns the inner rect."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPen

    p = QPainter(widget)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    bg = background or (SURFACE if enabled else READ_ONLY_BG)
    width = 2.0 if focused else 1.0
    p.setPen(QPen(QColor(FOCUS if focused else BORDER), width))
    p.setBrush(QColor(bg))
    half = width / 2
    rect = QRectF(widget.rect()).adjusted(half, half, -half, -half)
    p.drawRoundedRect(rect, RADIUS, RADIUS)
    p.end()
    return rect


def padlock(size: int) -> QPixmap:
    """A small closed padlock in the lock banner's colour (emoji fonts are not everywhere)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter, QPen, QPixmap

    ratio = 2
    pixmap = QPixmap(size * ratio, size * ratio)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QtCore.Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(LOCK_TEXT)
    s = float(size)
    p.setPen(QPen(colour, max(1.5, s / 9)))
    p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(s * 0.3, s * 0.08, s * 0.4, s * 0.5), s * 0.2, s * 0.2)
    p.setPen(QtCore.Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawRoundedRect(QRectF(s * 0.18, s * 0.42, s * 0.64, s * 0.5), s * 0.08, s * 0.08)
    p.end()
    return pixmap


class Card(QFrame):
    """A white panel with a hairline border and rounded corners."""

    def __init__(self, parent: QWidget | None = None, *, colour: str = SURFACE, border: str = LINE) -> None:
        super().__init__(parent)
        self._colour = colour
        self._border = border
        self.setProperty("role", "card")

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QPainter, QPen

        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor(self._border), 1))
        p.setBrush(QColor(self._colour))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        p.end()


class Band(QFrame):
    """A full-width strip (the editor's header): a colour with a hairline below."""

    def __init__(self, parent: QWidget | None = None, *, colour: str = SURFACE) -> None:
        super().__init__(parent)
        self._colour = colour

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtGui import QPainter, QPen

        p = QPainter(self)
        p.fillRect(self.rect(), QColor(self._colour))
        p.setPen(QPen(QColor(LINE), 1))
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        p.end()
