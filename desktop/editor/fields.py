"""Input widgets shared by the editor's sections.

Each field parses its own text and knows what is wrong with it: `value()`
returns the parsed value or None (blank *or* invalid, so bad input never
reaches the exam), `problem()` returns a message naming the field, and
`validity_changed` fires when that changes. `ErrorLabel` shows the problems of
the fields it watches in red beside them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import TypeVar

from kinelink.desktop.editor import style
from kinelink.forms.formats import (
    MINUS,
    date_hint,
    edit_date,
    edit_number,
    parse_date,
    parse_number,
    show_number,
    show_quantity,
)
from kinelink.forms.i18n import _
from kinelink.forms.vocab import Grade
from PySide6.QtCore import QEvent, QObject, QPointF, QRegularExpression, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QPolygonF,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

T = TypeVar("T")



def named(widget: QWidget, name: str, description: str = "") -> None:
    """Give a control its accessible name (what a screen reader announces)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


_PARTS = "_description_parts"
_PART_ORDER = ("problem", "check", "pain", "deficit", "previous", "help")


def describe(widget: QWidget, part: str, text: str) -> None:
    """Set one part of what a screen reader reads after the name ("painful", a problem, a deficit);
    the parts are joined in a fixed order so no part overwrites another."""
    parts: dict[str, str] = widget.property(_PARTS) or {}
    parts = {**parts, part: text}
    widget.setProperty(_PARTS, parts)
    widget.setAccessibleDescription("; ".join(parts[k] for k in _PART_ORDER if parts.get(k)))


# --- numbers ---------------------------------------------------------------

_NUMBER_TYPING = QRegularExpression(r"^\s*[-+" + MINUS + r"]?\d{0,5}([.,]\d*)?\s*$")


class CheckedField(QLineEdit):
    """A one-line field that parses its text: `value()`, `problem()`, and `validity_changed`.

    `what` names the field in messages ("Hip flexion, left, active"), `path` says where it is
    in the exam ("exam.rom.hip.flexion.left.active"). The field turns red while it has a problem.
    """

    validity_changed = Signal()

    def __init__(self, what: str, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.path = path
        self._problem: str | None = None
        self.textChanged.connect(self.revalidate)

    def parse(self) -> tuple[object, str | None]:
        """(value or None, problem or None) of the current text."""
        raise NotImplementedError

    def problem(self) -> str | None:
        return self._problem

    def revalidate(self) -> None:
        """Check the text again (also when what it depends on, such as the exam date, changed)."""
        self._settle(self.parse()[1])

    def rename(self, what: str, path: str) -> None:
        """A new name and path (a row moved up); the message is reworded at once."""
        self.what, self.path = what, path
        self.setAccessibleName(what)
        self._settle(self.parse()[1], force=True)

    def _settle(self, problem: str | None, *, force: bool = False) -> None:
        if problem != self._problem or force:
            self._problem = problem
            style.set_flag(self, "invalid", problem is not None)
            describe(self, "problem", problem or "")
            self.validity_changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        style.paint_state(self, event)


class NumberField(CheckedField):
    """A number with a range. Letters cannot be typed; out-of-range values show a message."""

    def __init__(
        self,
        what: str,
        path: str,
        low: float,
        high: float,
        *,
        unit: str = "",
        integer: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(what, path, parent)
        self.low = low
        self.high = high
        self.unit = unit
        self.integer = integer
        self.setValidator(QRegularExpressionValidator(_NUMBER_TYPING, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        named(self, what)
        describe(self, "help", _("{low} to {high}").format(low=show_quantity(low, unit),
                                                         high=show_quantity(high, unit)))

    def parse(self) -> tuple[float | int | None, str | None]:
        text = self.text()
        if not text.strip():
            return None, None
        try:
            value = parse_number(text)
        except ValueError:
            return None, _("{field}: '{text}' is not a number").format(field=self.what, text=text.strip())
        if self.integer and not float(value).is_integer():
            return None, _("{field}: {value} is not a whole number").format(
                field=self.what, value=show_number(value, 3))
        if not self.low <= value <= self.high:
            return None, _("{field}: {value} is out of range ({low} to {high})").format(
                field=self.what, value=show_quantity(value, self.unit, 3),
                low=show_quantity(self.low, self.unit), high=show_quantity(self.high, self.unit))
        return (int(value) if self.integer else value), None

    def value(self) -> float | int | None:
        return self.parse()[0]

    def set_value(self, value: float | None) -> None:
        self.setText(edit_number(value))


# --- dates -------------------------------------------------------------------

_DATE_TYPING = QRegularExpression(r"^[0-9./\- ]{0,10}$")


# () -> (the latest date allowed, what it is: a translated text holding {date}, e.g. "today, {date}")
LatestDate = Callable[[], "tuple[dt.date, str] | None"]


class DateField(CheckedField):
    """A date typed and shown in the language's order (forms.formats: English 2026-10-02, German
    02.10.2026; DD.MM.YYYY and YYYY-MM-DD are read in both); a date after `latest()` is a problem.

    With `partial=True` (an injury's date, a symptom's onset) the month or the year alone is a
    date too, `2026-08` / `08.2026` or `2026`, as the exam format allows when that is all the
    patient remembers.
    """

    def __init__(
        self, what: str, path: str, latest: LatestDate, parent: QWidget | None = None, *, required: bool = False,
        partial: bool = False,
    ) -> None:
        super().__init__(what, path, parent)
        self.latest = latest
        self.required = required
        self.partial = partial
        self.setPlaceholderText(date_hint(partial=partial))
        # wide enough for its placeholder too ("YYYY-MM-DD, YYYY-MM, YYYY" was cut after the first comma)
        widest = (edit_date(dt.date(2028, 10, 28)), self.placeholderText())
        self.setFixedWidth(max(self.fontMetrics().horizontalAdvance(t) for t in widest) + 30)
        self.setValidator(QRegularExpressionValidator(_DATE_TYPING, self))
        named(self, what)
        describe(self, "help", _("date as year-month-day, or year-month, or the year alone") if partial
                 else _("date as year-month-day"))

    def parse(self) -> tuple[dt.date | None, str | None]:
        text = self.text()
        if not text.strip():
            return None, (_("{field}: is required").format(field=self.what) if self.required else None)
        day = parse_date(text, partial=self.partial)
        if day is None:
            return None, _("{field}: '{text}' is not a date ({shapes})").format(
                field=self.what, text=text.strip(), shapes=date_hint(partial=self.partial))
        limit = self.latest()
        if limit is not None and day > limit[0]:
            return None, _("{field}: {date} is in the future (after {limit})").format(
                field=self.what, date=edit_date(day), limit=limit[1].format(date=edit_date(limit[0])))
        return day, None

    def value(self) -> dt.date | None:
        return self.parse()[0]

    def set_value(self, value: dt.date | None) -> None:
        self.setText(edit_date(value))


# --- Oxford grade ------------------------------------------------------------

GRADES_SHOWN = "0, 1−, 1, 1+ … 4+, 5"


class GradeField(CheckedField):
    """An Oxford grade typed as "4+" or picked from the list (the ▾ button, F4 or Alt+Down)."""

    def __init__(self, what: str, path: str, parent: QWidget | None = None) -> None:
        super().__init__(what, path, parent)
        # No typing validator: it silently cut "200" to "2"; anything typed stays and parse() flags it
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPlaceholderText("–")
        named(self, what)
        describe(self, "help", _("Oxford grade {grades}; F4 opens the list").format(grades=GRADES_SHOWN))
        self.setToolTip(_('Oxford grade: type {GRADES_SHOWN}, or press F4 for the list').format(
            GRADES_SHOWN=GRADES_SHOWN))
        self._menu = QMenu(self)
        for grade in reversed(list(Grade)):
            action = self._menu.addAction(grade.label)
            action.triggered.connect(lambda _checked=False, g=grade: self.set_value(g))
        self._picker = QAction(_arrow_icon(), _("Pick a grade"), self)
        self._picker.triggered.connect(self.open_picker)
        self.addAction(self._picker, QLineEdit.ActionPosition.TrailingPosition)

    def open_picker(self) -> None:
        if self.isReadOnly():
            return
        self._menu.popup(self.mapToGlobal(self.rect().bottomLeft()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_F4 or down:
            self.open_picker()
            return
        super().keyPressEvent(event)

    def parse(self) -> tuple[Grade | None, str | None]:
        text = self.text().strip().replace(MINUS, "-")
        if not text:
            return None, None
        for grade in Grade:
            if grade.value == text:
                return grade, None
        if text.replace(".", "", 1).replace(",", "", 1).isdigit():
            return None, _("{field}: '{text}' is not an Oxford grade ({grades}) (a force belongs in the Force "
                           "column)").format(field=self.what, text=text, grades=GRADES_SHOWN)
        return None, _("{field}: '{text}' is not an Oxford grade ({grades})").format(
            field=self.what, text=text, grades=GRADES_SHOWN)

    def value(self) -> Grade | None:
        return self.parse()[0]

    def set_value(self, grade: Grade | None) -> None:
        self.setText(grade.value if grade else "")

    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self._picker.setVisible(not read_only)


Checked = CheckedField


@functools.cache
def _arrow_icon() -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(style.MUTED))
    p.drawPolygon(QPolygonF([QPointF(9, 12), QPointF(23, 12), QPointF(16, 21)]))
    p.end()
    return QIcon(pixmap)


class PreviousValue(QObject):
    """The last exam's value of a field, shown greyed in it (its placeholder) until today's value
    is typed; `=` in the empty field confirms it as today's value. Never stored unless confirmed."""

    def __init__(self, field: QLineEdit) -> None:
        super().__init__(field)
        self.field = field
        self.text = ""
        self.when = ""
        self._placeholder, self._tooltip = field.placeholderText(), field.toolTip()
        field.installEventFilter(self)

    def set(self, text: str, when: str) -> None:
        self.text, self.when = text, when
        self.field.setPlaceholderText(f"({text})" if text else self._placeholder)
        describe(self.field, "previous", _("last time {value}").format(value=text) if text else "")
        tip = (_("{when}: {value}. Type today's value, or = to confirm it.").format(when=when, value=text) if text
               else self._tooltip)
        self.field.setToolTip(tip)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            obj is self.field and self.text and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent) and event.text() == "="
            and not self.field.text().strip() and not self.field.isReadOnly()
        ):
            self.field.setText(self.text)
            return True
        return False


def previous_of(field: QLineEdit) -> PreviousValue:
    """The field's previous-value marker, made on first use."""
    found = field.findChild(PreviousValue)
    return found if isinstance(found, PreviousValue) else PreviousValue(field)


class ErrorLabel(QLabel):
    """Red text beside the fields it watches, listing what is wrong with them; hidden when all is well."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style.set_role(self, "error")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()
        self._fields: list[Checked] = []
        self._extra: str | None = None

    def watch(self, *fields: Checked) -> None:
        for f in fields:
            self._fields.append(f)
            f.validity_changed.connect(self.refresh)
        self.refresh()

    def refresh_with(self, extra: str | None) -> None:
        """Also show `extra`, a problem of the row as a whole (e.g. a missing side)."""
        self._extra = extra
        self.refresh()

    def refresh(self) -> None:
        problems = [p for f in self._fields if (p := f.problem())]
        if self._extra:
            problems.append(self._extra)
        self.setText("\n".join(problems))
        self.setVisible(bool(problems))


class TextArea(QPlainTextEdit):
    """Multi-line free text; Tab leaves the field (Enter makes a new line)."""

    def __init__(self, what: str, *, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.document().setDocumentMargin(6)
        ring = max(0, 2 - self.frameWidth())
        self.setViewportMargins(ring, ring, ring, ring)  # room for the 2 px focus ring over the frame
        named(self, what)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(int(height * 1.8))
        self._loaded: tuple[str, str] = ("", "")  # (text as given, text as the widget shows it)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and isinstance(event, QPaintEvent):
            style.paint_state(self, event)  # the frame is painted by this widget, not the viewport
        elif event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()
        return handled

    def value(self) -> str | None:
        text = self.toPlainText()
        if text == self._loaded[1]:
            text = self._loaded[0]  # unedited: give back exactly what was loaded (keeps "\r\n")
        return text if text else None

    def set_value(self, text: str | None) -> None:
        self.setPlainText(text or "")
        self._loaded = (text or "", self.toPlainText())


class TextField(QLineEdit):
    """One line of free text; blank is None."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(1 << 20)  # Qt's default 32767 would cut long text silently
        named(self, what)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        style.paint_state(self, event)  # the focus ring

    def value(self) -> str | None:
        text = self.text()
        return text if text else None

    def set_value(self, text: str | None) -> None:
        self.setText(text or "")
        self.setCursorPosition(0)  # show the start of a long text, not its end
