"""Input widgets shared by the editor's sections.

Each field parses its own text and knows what is wrong with it: `value()`
returns the parsed value or None (blank *or* invalid, so bad input never
reaches the exam), `problem()` returns a message naming the field, and
`validity_changed` fires when that changes. `ErrorLabel` shows the problems of
the fields it watches in red beside them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QEvent, QObject, QPointF, QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.editor import style
from forms.vocab import Grade

T = TypeVar("T")

MINUS = "\u2212"


def named(widget: QWidget, name: str, description: str = "") -> None:
    """Give a control its accessible name (what a screen reader announces)."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


# --- numbers ---------------------------------------------------------------

_NUMBER_TYPING = QRegularExpression(r"^\s*[-+" + MINUS + r"]?\d{0,5}([.,]\d*)?\s*$")


def parse_number(text: str) -> float | int:
    """A number as a clinician types it: "120", "-10", "−10", "12,5". Raises ValueError."""
    cleaned = text.strip().replace(MINUS, "-").replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(text)
    value = float(cleaned)
    return int(value) if value.is_integer() and "." not in cleaned else value


def format_number(value: float | None) -> str:
    """The shortest text that parses back to exactly `value` (120.0 → "120")."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def show_number(value: float, unit: str = "") -> str:
    """A number for reading, with a real minus sign: −6°, 212.5 N."""
    text = f"{value:g}".replace("-", MINUS)
    return f"{text}{unit}" if unit in ("°", " %", "%") else f"{text} {unit}".rstrip()


class NumberField(QLineEdit):
    """A number with a range. Letters cannot be typed; out-of-range values show a message."""

    validity_changed = Signal()

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
        super().__init__(parent)
        self.what = what
        self.path = path
        self.low = low
        self.high = high
        self.unit = unit
        self.integer = integer
        self._problem: str | None = None
        self.setValidator(QRegularExpressionValidator(_NUMBER_TYPING, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        named(self, what, f"{show_number(low, unit)} to {show_number(high, unit)}")
        self.textChanged.connect(self._check)

    def _parse(self) -> tuple[float | int | None, str | None]:
        text = self.text()
        if not text.strip():
            return None, None
        try:
            value = parse_number(text)
        except ValueError:
            return None, f"{self.what}: '{text.strip()}' is not a number"
        if self.integer and not float(value).is_integer():
            return None, f"{self.what}: {show_number(value)} is not a whole number"
        if not self.low <= value <= self.high:
            return None, (
                f"{self.what}: {show_number(value, self.unit)} is out of range "
                f"({show_number(self.low, self.unit)} to {show_number(self.high, self.unit)})"
            )
        return (int(value) if self.integer else value), None

    def value(self) -> float | int | None:
        return self._parse()[0]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        style.paint_state(self, event)

    def problem(self) -> str | None:
        return self._problem

    def set_value(self, value: float | None) -> None:
        self.setText(format_number(value))

    def _check(self) -> None:
        problem = self._parse()[1]
        if problem != self._problem:
            self._problem = problem
            style.set_flag(self, "invalid", problem is not None)
            self.setAccessibleDescription(problem or "")
            self.validity_changed.emit()


# --- dates -------------------------------------------------------------------

_DATE_TYPING = QRegularExpression(r"^[0-9./\- ]{0,10}$")


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD, DD.MM.YYYY or DD/MM/YYYY. Raises ValueError."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        y, mo, d = m.groups()
    elif m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text):
        d, mo, y = m.groups()
    else:
        raise ValueError(text)
    return dt.date(int(y), int(mo), int(d))


LatestDate = Callable[[], "tuple[dt.date, str] | None"]


class DateField(QLineEdit):
    """A date typed as YYYY-MM-DD (or DD.MM.YYYY); a date after `latest()` is a problem."""

    validity_changed = Signal()

    def __init__(self, what: str, path: str, latest: LatestDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.path = path
        self.latest = latest
        self._problem: str | None = None
        self.setPlaceholderText("YYYY-MM-DD")
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("2026-10-02") + 30)
        self.setValidator(QRegularExpressionValidator(_DATE_TYPING, self))
        named(self, what, "date as year-month-day")
        self.textChanged.connect(self.revalidate)

    def _parse(self) -> tuple[dt.date | None, str | None]:
        text = self.text()
        if not text.strip():
            return None, None
        try:
            day = parse_date(text)
        except ValueError:
            return None, f"{self.what}: '{text.strip()}' is not a date (YYYY-MM-DD)"
        limit = self.latest()
        if limit is not None and day > limit[0]:
            return None, f"{self.what}: {day.isoformat()} is in the future (after {limit[1]} {limit[0].isoformat()})"
        return day, None

    def value(self) -> dt.date | None:
        return self._parse()[0]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        style.paint_state(self, event)

    def problem(self) -> str | None:
        return self._problem

    def set_value(self, value: dt.date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def revalidate(self) -> None:
        problem = self._parse()[1]
        if problem != self._problem:
            self._problem = problem
            style.set_flag(self, "invalid", problem is not None)
            self.setAccessibleDescription(problem or "")
            self.validity_changed.emit()


# --- Oxford grade ------------------------------------------------------------

GRADES_SHOWN = "0, 1−, 1, 1+ … 4+, 5"
_GRADE_TYPING = QRegularExpression(r"^\s*[0-9]?[-+" + MINUS + r"]?\s*$")


class GradeField(QLineEdit):
    """An Oxford grade typed as "4+" or picked from the list (the ▾ button, F4 or Alt+Down)."""

    validity_changed = Signal()

    def __init__(self, what: str, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.path = path
        self._problem: str | None = None
        self.setValidator(QRegularExpressionValidator(_GRADE_TYPING, self))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPlaceholderText("–")
        named(self, what, f"Oxford grade {GRADES_SHOWN}; F4 opens the list")
        self.setToolTip(f"Oxford grade: type {GRADES_SHOWN}, or press F4 for the list")
        self._menu = QMenu(self)
        for grade in reversed(list(Grade)):
            action = self._menu.addAction(grade.label)
            action.triggered.connect(lambda _=False, g=grade: self.set_value(g))
        self._picker = QAction(_arrow_icon(), "Pick a grade", self)
        self._picker.triggered.connect(self.open_picker)
        self.addAction(self._picker, QLineEdit.ActionPosition.TrailingPosition)
        self.textChanged.connect(self._check)

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

    def _parse(self) -> tuple[Grade | None, str | None]:
        text = self.text().strip().replace(MINUS, "-")
        if not text:
            return None, None
        for grade in Grade:
            if grade.value == text:
                return grade, None
        return None, f"{self.what}: '{text}' is not an Oxford grade ({GRADES_SHOWN})"

    def value(self) -> Grade | None:
        return self._parse()[0]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        style.paint_state(self, event)

    def problem(self) -> str | None:
        return self._problem

    def set_value(self, grade: Grade | None) -> None:
        self.setText(grade.value if grade else "")

    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self._picker.setVisible(not read_only)

    def _check(self) -> None:
        problem = self._parse()[1]
        if problem != self._problem:
            self._problem = problem
            style.set_flag(self, "invalid", problem is not None)
            self.setAccessibleDescription(problem or "")
            self.validity_changed.emit()


Checked = NumberField | DateField | GradeField


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


# --- choices -----------------------------------------------------------------

BLANK = "—"


class ChoiceBox(QPushButton, Generic[T]):
    """One value from a fixed list, with an optional blank; light enough to use by the hundred.

    Keyboard: type the first letter (again to cycle among matches), ↑/↓ step through the
    list, Delete clears, Space / F4 / Alt+↓ open the list. A QComboBox would cost ten
    widgets each (its pop-up is built eagerly); this builds its menu only when opened.
    """

    changed = Signal()

    def __init__(
        self, what: str, choices: Sequence[tuple[str, T]], *, blank: str | None = BLANK,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        style.set_role(self, "choice")
        self.what = what
        self._labels = ([blank] if blank is not None else []) + [label for label, _ in choices]
        self._values: list[T | None] = ([None] if blank is not None else []) + [v for _, v in choices]
        self._index = 0
        self.emphasis: dict[object, str] = {}  # value -> text colour, e.g. a positive test in red
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        named(self, what)
        self.clicked.connect(self.open_list)
        self._show()

    # --- value -------------------------------------------------------------------
    def value(self) -> T | None:
        return self._values[self._index]

    def set_value(self, value: T | None) -> None:
        self.set_index(self._values.index(value) if value in self._values else 0)

    def current_text(self) -> str:
        return self._labels[self._index]

    def options(self) -> list[str]:
        return list(self._labels)

    def set_index(self, index: int) -> None:
        if index != self._index:
            self._index = index
            self._show()
            self.changed.emit()

    def _show(self) -> None:
        self.setText(self._labels[self._index])
        self.setAccessibleDescription(self._labels[self._index])

    # --- size and painting ---------------------------------------------------------
    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = max(metrics.horizontalAdvance(label) for label in self._labels)
        return QSize(width + 40, field_height(self))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        value = self._values[self._index]
        paint_choice(self, self.text(), muted=value is None, colour=self.emphasis.get(value))

    # --- keyboard and the list -----------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.open_list()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not mods:
            step = 1 if key == Qt.Key.Key_Down else -1
            self.set_index(min(len(self._values) - 1, max(0, self._index + step)))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not mods:
            self.set_index(0)
        elif event.text().strip() and not mods & ~Qt.KeyboardModifier.ShiftModifier:
            self._jump(event.text().strip().lower())
        else:
            super().keyPressEvent(event)

    def _jump(self, typed: str) -> None:
        matches = [i for i, label in enumerate(self._labels) if label.lower().startswith(typed)]
        if not matches:
            return
        later = [i for i in matches if i > self._index]
        self.set_index(later[0] if self._index in matches and later else matches[0])

    def open_list(self) -> None:
        menu = QMenu(self)
        menu.setAccessibleName(self.what)
        for i, label in enumerate(self._labels):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(i == self._index)
            action.triggered.connect(lambda _=False, n=i: self.set_index(n))
            if i == self._index:
                menu.setActiveAction(action)
        menu.setMinimumWidth(self.width())
        menu.exec(self.mapToGlobal(self.rect().bottomLeft()))
        menu.deleteLater()


def paint_choice(button: QPushButton, text: str, *, muted: bool = False, colour: str | None = None) -> None:
    """A choice field drawn like a line edit: frame, text on the left, a small arrow on the right."""
    rect = style.paint_field(button, focused=button.hasFocus(), enabled=button.isEnabled())
    p = QPainter(button)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if colour is None or muted:  # a signed exam is read in full colour; only blanks are grey
        colour = style.MUTED if muted else style.TEXT
    p.setPen(QColor(colour))
    font = QFont(button.font())
    if colour not in (style.MUTED, style.TEXT):
        font.setWeight(QFont.Weight.DemiBold)
    p.setFont(font)
    inner = rect.adjusted(7, 0, -22, 0)
    shown = button.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(inner.width()))
    p.drawText(inner, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown)
    if button.isEnabled():
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(style.MUTED))
        x, y = rect.right() - 12, rect.center().y()
        p.drawPolygon(QPolygonF([QPointF(x - 4, y - 2), QPointF(x + 4, y - 2), QPointF(x, y + 3)]))
    p.end()


def field_height(widget: QWidget) -> int:
    """The height of a one-line field in the current font (choices match line edits)."""
    return widget.fontMetrics().height() + 12


class TriStateBox(ChoiceBox[bool]):
    """Yes / no / not recorded, as a choice box (type the first letter)."""

    def __init__(self, what: str, yes: str, no: str, parent: QWidget | None = None) -> None:
        super().__init__(what, [(yes, True), (no, False)], parent=parent)


class MultiSelect(QPushButton, Generic[T]):
    """Several values from a list: the button shows the choice; Space or a click opens a checklist.

    The order of the chosen values is kept (loaded ones first, then in the order ticked), so a
    file read and written back is unchanged.
    """

    changed = Signal()

    def __init__(self, what: str, choices: Sequence[tuple[str, T]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style.set_role(self, "multi")
        self.what = what
        self._choices = list(choices)
        self._chosen: list[T] = []
        self._popup: _Checklist[T] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        named(self, what, "Space opens the list; Space ticks an item; Escape closes")
        self.clicked.connect(self.open_list)
        self._refresh()

    def values(self) -> tuple[T, ...]:
        return tuple(self._chosen)

    def set_values(self, values: Iterable[T]) -> None:
        chosen = list(dict.fromkeys(values))
        if chosen != self._chosen:
            self._chosen = chosen
            self._refresh()
            self.changed.emit()

    def set_chosen(self, value: T, on: bool) -> None:
        if on and value not in self._chosen:
            self.set_values([*self._chosen, value])
        elif not on and value in self._chosen:
            self.set_values([v for v in self._chosen if v != value])

    def label_of(self, value: T) -> str:
        return next(label for label, v in self._choices if v == value)

    def _refresh(self) -> None:
        text = ", ".join(self.label_of(v) for v in self._chosen)
        self.setText(text or BLANK)
        self.setToolTip(text)
        self.setAccessibleDescription(text or "none chosen")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(160, field_height(self))

    def minimumSizeHint(self) -> QSize:
        return QSize(90, field_height(self))

    def paintEvent(self, event: QPaintEvent) -> None:
        text = ", ".join(self.label_of(v) for v in self._chosen)
        paint_choice(self, text or BLANK, muted=not text)

    def open_list(self) -> None:
        self._popup = _Checklist(self)
        self._popup.show_below(self)


class _Checklist(QFrame, Generic[T]):
    """The pop-up list of a MultiSelect: arrows move, Space ticks, Escape or Enter closes."""

    def __init__(self, owner: MultiSelect[T]) -> None:
        super().__init__(owner, Qt.WindowType.Popup)
        self.owner = owner
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        named(self.list, owner.what)
        for label, value in owner._choices:
            item = QListWidgetItem(label, self.list)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Checked if value in owner._chosen else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, self.list.count() - 1)
        self.list.setCurrentRow(0)
        self.list.itemChanged.connect(self._ticked)
        self.list.installEventFilter(self)
        layout.addWidget(self.list)
        rows = min(len(owner._choices), 12)
        height = self.list.sizeHintForRow(0) * rows + 8
        self.resize(max(owner.width(), self.list.sizeHintForColumn(0) + 40), height)

    def _ticked(self, item: QListWidgetItem) -> None:
        value = self.owner._choices[int(item.data(Qt.ItemDataRole.UserRole))][1]
        self.owner.set_chosen(value, item.checkState() == Qt.CheckState.Checked)

    def show_below(self, anchor: QWidget) -> None:
        self.move(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        self.show()
        self.list.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in enter:
            self.close()
            return True
        return False


# --- pain on movement, inside a ROM cell ------------------------------------


def _pain_icon(state: bool | None) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    if state is True:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(style.ERROR))
        p.drawEllipse(5, 5, 22, 22)
        p.setPen(QPen(QColor("white"), 4))
        p.drawLine(16, 10, 16, 18)
        p.drawPoint(16, 23)
    elif state is False:
        p.setPen(QPen(QColor(style.OK), 3))
        p.drawEllipse(6, 6, 20, 20)
        p.drawLine(11, 16, 15, 20)
        p.drawLine(15, 20, 21, 12)
    else:
        pen = QPen(QColor("#c2cad3"), 2, Qt.PenStyle.DotLine)
        p.setPen(pen)
        p.drawEllipse(7, 7, 18, 18)
    p.end()
    return QIcon(pixmap)


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


PAIN_TEXT = {None: "pain not recorded", True: "painful", False: "not painful"}


class PainMark(QObject):
    """Pain on movement for one measurement, shown as an icon inside its field.

    Click the icon or press P in the field to cycle: not recorded → painful → not painful.
    """

    changed = Signal()

    def __init__(self, field: QLineEdit) -> None:
        super().__init__(field)
        self.field = field
        self._state: bool | None = None
        self._icons = {s: _pain_icon(s) for s in (None, True, False)}
        self.action = QAction(self._icons[None], "", field)
        self.action.triggered.connect(self.cycle)
        field.addAction(self.action, QLineEdit.ActionPosition.TrailingPosition)
        field.installEventFilter(self)
        field.textChanged.connect(self._refresh)
        self._refresh()

    def value(self) -> bool | None:
        return self._state

    def set_value(self, state: bool | None) -> None:
        if state is not self._state:
            self._state = state
            self._refresh()
            self.changed.emit()

    def cycle(self) -> None:
        if self.field.isReadOnly():
            return
        following = {None: True, True: False, False: None}
        self.set_value(following[self._state])

    def _refresh(self) -> None:
        text = PAIN_TEXT[self._state]
        self.action.setIcon(self._icons[self._state])
        self.action.setToolTip(f"{text.capitalize()} — press P or click to change")
        self.action.setVisible(bool(self.field.text().strip()) or self._state is not None)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            obj is self.field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_P
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.cycle()
            return True
        return False


class TextArea(QPlainTextEdit):
    """Multi-line free text; Tab leaves the field (Enter makes a new line)."""

    def __init__(self, what: str, *, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.document().setDocumentMargin(6)
        named(self, what)
        height = self.fontMetrics().lineSpacing() * lines + 14
        self.setMinimumHeight(height)
        self.setMaximumHeight(int(height * 1.8))
        self._loaded: tuple[str, str] = ("", "")  # (text as given, text as the widget shows it)

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

    def value(self) -> str | None:
        text = self.text()
        return text if text else None

    def set_value(self, text: str | None) -> None:
        self.setText(text or "")
        self.setCursorPosition(0)  # show the start of a long text, not its end
