"""Choice fields: one value from a list (`ChoiceBox`), yes/no/unknown, several values (`MultiSelect`).

Drawn by hand like a line edit and light enough to use by the hundred: a
QComboBox builds its pop-up eagerly (ten widgets each), these build a menu or
a checklist only when opened.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import named
from kinelink.forms.i18n import _
from PySide6.QtCore import QEvent, QObject, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

T = TypeVar("T")

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
        parent: QWidget | None = None, min_chars: int | None = None,
    ) -> None:
        super().__init__(parent)
        # With min_chars the box may narrow to about that many characters (eliding its text, the full
        # choice in the tooltip) when the row has no room: rows of long labels then fit a small screen
        # whatever the fonts, instead of pushing the page into sideways scrolling.
        self.min_chars = min_chars
        style.set_role(self, "choice")
        self.what = what
        self._labels = ([blank] if blank is not None else []) + [label for label, _ in choices]
        self._values: list[T | None] = ([None] if blank is not None else []) + [v for _, v in choices]
        self._index = 0
        self.emphasis: dict[object, str] = {}  # value -> text colour, e.g. a positive test in red
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        horizontal = QSizePolicy.Policy.Fixed if min_chars is None else QSizePolicy.Policy.Preferred
        self.setSizePolicy(horizontal, QSizePolicy.Policy.Fixed)
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
        if self.min_chars is not None:
            self.setToolTip(self._labels[self._index] if self._values[self._index] is not None else "")

    # --- size and painting ---------------------------------------------------------
    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = max(metrics.horizontalAdvance(label) for label in self._labels)
        return QSize(width + 40, field_height(self))

    def minimumSizeHint(self) -> QSize:
        full = self.sizeHint()
        if self.min_chars is None:
            return full
        narrow = self.fontMetrics().averageCharWidth() * self.min_chars + 40
        return QSize(min(full.width(), narrow), full.height())

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
        named(self, what, _("Space opens the list; Space ticks an item; Escape closes"))
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
        self.setAccessibleDescription(text or _("none chosen"))
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
        """Below the field, or above it when there is more room there; never off the screen (a long
        list such as the aggravating activities scrolls instead)."""
        self.adjustSize()
        screen = anchor.screen().availableGeometry()
        below = anchor.mapToGlobal(anchor.rect().bottomLeft())
        top = anchor.mapToGlobal(anchor.rect().topLeft()).y()
        wanted = self.sizeHint().height()
        room_below, room_above = screen.bottom() - below.y(), top - screen.top()
        if wanted > room_below and room_above > room_below:
            height = min(wanted, room_above)
            y = top - height
        else:
            height = min(wanted, room_below)
            y = below.y()
        x = max(screen.left(), min(below.x(), screen.right() - self.width()))
        self.setGeometry(x, y, self.width(), height)
        self.show()
        self.list.setFocus()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        enter = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() in enter:
            self.close()
            return True
        return False
