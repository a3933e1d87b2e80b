"""The section list on the left: name, its Alt+number, and a red count of problems."""

from __future__ import annotations

from kinelink.desktop.editor import style
from kinelink.forms.i18n import _, ngettext
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
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
BREAKABLE_ROLE = Qt.ItemDataRole.UserRole + 4  # the name with its soft hyphens: where the narrow list breaks it
SOFT_HYPHEN = "\u00ad"
_TEXT_MARGINS = (6 + 10, 6 + 8)  # left, right: the rounded row's inset and the text's

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
        painter.drawText(text_rect, _NAME_FLAGS, _name(index))
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
        view = self.parent()
        width = view.viewport().width() if isinstance(view, QListWidget) else 150
        room = QRect(0, 0, max(1, width - sum(_TEXT_MARGINS)), 1000)
        lines = option.fontMetrics.boundingRect(room, _NAME_FLAGS, _name(index)).height()
        return QSize(150, max(lines, option.fontMetrics.height()) + 20)


# A long name in the compact list breaks at its soft hyphen ("Bewegungs-" / "ausmaß"), never elsewhere.
_NAME_FLAGS = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap)


def _name(index: Index) -> str:
    compact = bool(index.data(COMPACT_ROLE))
    return str(index.data(BREAKABLE_ROLE) if compact else index.data(Qt.ItemDataRole.DisplayRole))


def _parts(name: str) -> list[str]:
    """"Bewegungs\u00adausmaß" -> ["Bewegungs-", "ausmaß"]: the lines a name may break into."""
    pieces = name.split(SOFT_HYPHEN)
    return [p + "-" for p in pieces[:-1]] + pieces[-1:]


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
        """`name` may hold soft hyphens: the compact list breaks a long name there."""
        item = QListWidgetItem(name.replace(SOFT_HYPHEN, ""), self)
        item.setData(BREAKABLE_ROLE, name)
        item.setToolTip(tooltip)
        item.setData(SHORTCUT_ROLE, shortcut)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, shortcut)
        self.setFixedWidth(max(self._widest() + 92, 150))

    def _widest(self, *, compact: bool = False) -> int:
        """The longest section name ("Outcomes", German "Bewegungsausmaß") sets the list's width; compact,
        the longest part of a name broken at its soft hyphens ("Bewegungs-")."""
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)  # the selected section's name is drawn bold
        fm = QFontMetrics(bold)
        parts = [self.item(r).text() for r in range(self.count())]
        if compact:
            parts = [p for r in range(self.count()) for p in _parts(str(self.item(r).data(BREAKABLE_ROLE)))]
        return max([fm.horizontalAdvance("Outcomes"), *(fm.horizontalAdvance(p) for p in parts)])

    def set_compact(self, compact: bool) -> None:
        """Narrow (names only; the Alt+n key stays in the tooltip) on a small screen."""
        if bool(self.property("compact")) == compact and self.property("compact") is not None:
            return
        self.setProperty("compact", compact)
        for row in range(self.count()):
            self.item(row).setData(COMPACT_ROLE, compact)
        extra = 44 if compact else 92
        self.setFixedWidth(max(self._widest(compact=compact) + extra, 110 if compact else 150))
        self.doItemsLayout()  # a name now broken over two lines (or no longer) changes its row's height

    def set_problems(self, row: int, count: int) -> None:
        item = self.item(row)
        if int(item.data(PROBLEMS_ROLE) or 0) == count:
            return
        item.setData(PROBLEMS_ROLE, count)
        name = item.text()
        described = ngettext("{name}, {n} problem", "{name}, {n} problems", count).format(name=name, n=count) \
            if count else name
        item.setData(Qt.ItemDataRole.AccessibleTextRole, described)
