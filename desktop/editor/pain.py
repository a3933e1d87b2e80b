"""Pain on movement for one ROM measurement, shown as an icon inside its field."""

from __future__ import annotations

import functools

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import describe
from kinelink.forms.formats import upper_first
from kinelink.forms.i18n import N_, _
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLineEdit


@functools.cache
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


PAIN_TEXT = {None: N_("pain not recorded"), True: N_("painful"), False: N_("not painful")}


class PainMark(QObject):
    """Pain on movement for one measurement, shown as an icon inside its field.

    Click the icon or press P in the field to cycle: not recorded → painful → not painful.
    """

    changed = Signal()

    def __init__(self, field: QLineEdit) -> None:
        super().__init__(field)
        self.field = field
        self._state: bool | None = None
        self.action = QAction(_pain_icon(None), "", field)
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
        text = _(PAIN_TEXT[self._state])
        describe(self.field, "pain", text if self._state is not None else "")  # read out with the value
        self.action.setText(upper_first(text))
        self.action.setIcon(_pain_icon(self._state))
        self.action.setToolTip(_('{capitalize} — press P or click to change').format(capitalize=upper_first(text)))
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
