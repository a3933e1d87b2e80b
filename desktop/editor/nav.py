"""The section list on the left: name, its Alt+number, and a red count of problems."""

from __future__ import annotations

from kinelink.desktop.editor import style
from kinelink.forms.i18n import _, ngettext
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 1
SHORTCUT_ROLE = Qt.ItemDataRole.UserRole + 2
COMPACT_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex


class _Delegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(6, 1, -6, -1)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(style.ACCENT_SOFT))
            painter.drawRoundedRect(rect, 5, 5)
        if state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QColor(style.ACCENT))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 5, 5)
        font = QFont(option.font)
        if selected:
            font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(QColor(style.ACCENT if selected else style.TEXT))
        text_rect = rect.adjusted(10, 0, -8, 0)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         str(index.data(Qt.ItemDataRole.DisplayRole)))
        problems = int(index.data(PROBLEMS_ROLE) or 0)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        if problems:
            painter.setPen(QColor(style.ERROR))
            small.setWeight(QFont.Weight.DemiBold)
            painter.setFont(small)
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             f"⚠ {problems}")
        elif not bool(index.data(COMPACT_ROLE)):
            painter.setPen(QColor(style.HINT))
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                             str(index.data(SHORTCUT_ROLE) or ""))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(150, option.fontMetrics.height() + 20)


class SectionList(QListWidget):
    """The sections, one row each; Alt+1… switch from anywhere in the editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SectionList")
        self.setAccessibleName(_("Exam sections"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setItemDelegate(_Delegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = QFont(self.font())
        font.setPointSizeF(style.base_point_size() * 1.05)
        self.setFont(font)
        style.fill(self, style.SURFACE)
        style.fill(self.viewport(), style.SURFACE)
        self.setContentsMargins(0, style.GAP, 0, 0)

    def add(self, name: str, tooltip: str, shortcut: str) -> None:
        item = QListWidgetItem(name, self)
        item.setToolTip(tooltip)
        item.setData(SHORTCUT_ROLE, shortcut)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, shortcut)
        self.setFixedWidth(max(self._widest() + 92, 150))

    def _widest(self) -> int:
        """The longest section name ("Outcomes", German "Bewegungsausmaß") sets the list's width."""
        fm = self.fontMetrics()
        return max([fm.horizontalAdvance("Outcomes"), *(fm.horizontalAdvance(self.item(r).text())
                                                        for r in range(self.count()))])

    def set_compact(self, compact: bool) -> None:
        """Narrow (names only; the Alt+n key stays in the tooltip) on a small screen."""
        if bool(self.property("compact")) == compact and self.property("compact") is not None:
            return
        self.setProperty("compact", compact)
        for row in range(self.count()):
            self.item(row).setData(COMPACT_ROLE, compact)
        extra = 44 if compact else 92
        self.setFixedWidth(max(self._widest() + extra, 110 if compact else 150))

    def set_problems(self, row: int, count: int) -> None:
        item = self.item(row)
        if int(item.data(PROBLEMS_ROLE) or 0) == count:
            return
        item.setData(PROBLEMS_ROLE, count)
        name = item.text()
        described = ngettext("{name}, {n} problem", "{name}, {n} problems", count).format(name=name, n=count) \
            if count else name
        item.setData(Qt.ItemDataRole.AccessibleTextRole, described)
