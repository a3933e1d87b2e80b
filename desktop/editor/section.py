"""What every section of the editor has: a title, a scrolling body, problems, a lock."""

from __future__ import annotations

from collections.abc import Iterable

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import Checked
from kinelink.desktop.editor.keys import EnterKeys
from kinelink.forms.i18n import _
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

Problem = tuple[str, str]  # (field path, message)


class Section(QWidget):
    """One page of the editor. Subclasses fill `self.body` and emit `changed` on every edit."""

    changed = Signal()
    title = ""

    def __init__(self, keys: EnterKeys, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SectionPage")
        self.keys = keys
        self.locked = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.body = QWidget()
        self.body.setObjectName("SectionBody")
        style.fill(self.body, style.WINDOW)
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(style.MARGIN, style.MARGIN - 4, style.MARGIN, style.MARGIN)
        self.layout_.setSpacing(style.GAP_L - 4)
        heading = QLabel(_(self.title), self.body)
        style.set_role(heading, "section-title")
        self.layout_.addWidget(heading)
        self.scroll_area.setWidget(self.body)
        outer.addWidget(self.scroll_area)

    # --- wide or narrow: pages whose layout follows their width rearrange in `fit_width` ---------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_width()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_width()

    def fit_width(self) -> None:
        """Rearrange for the page's current width (ROM, Strength, Tests); nothing by default."""

    def set_compact(self, compact: bool) -> None:
        """Narrower margins around the page and inside its cards on a small screen (below 1200 px)."""
        side = style.GAP if compact else style.MARGIN
        self.layout_.setContentsMargins(side, style.MARGIN - 4, side, style.MARGIN)
        inner = style.GAP + 2 if compact else style.GAP_L
        for frame in self.body.findChildren(style.Card):
            lay = frame.layout()
            if frame.property("role") == "card" and lay is not None:
                m = lay.contentsMargins()
                lay.setContentsMargins(inner, m.top(), inner, m.bottom())

    # --- for subclasses ------------------------------------------------------
    def finish(self) -> None:
        """Call at the end of building: stretch below the content."""
        self.layout_.addStretch(1)

    def checked_fields(self) -> Iterable[Checked]:
        """The validated fields whose problems are this section's (sections with rows override `problems`)."""
        return ()

    # --- the editor's interface ------------------------------------------------
    def problems(self) -> list[Problem]:
        return [(f.path, p) for f in self.checked_fields() if (p := f.problem())]

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for w in self.body.findChildren(QWidget):
            lock_widget(w, locked)

    def first_field(self) -> QWidget | None:
        for w in self.body.findChildren(QWidget):
            # isVisibleTo: a hidden action button of a signed exam cannot take focus
            if isinstance(w, QLineEdit | QPlainTextEdit | QAbstractButton) and w.isEnabled() \
                    and w.isVisibleTo(self):
                return w
        return None


def lock_widget(w: QWidget, locked: bool) -> None:
    """Read-only for text (still selectable and readable), disabled for choices, hidden for actions."""
    if w.property("view_only"):  # changes what is shown, not the exam: works in a signed exam too
        return
    if isinstance(w, QLineEdit | QPlainTextEdit):
        w.setReadOnly(locked)
        style.set_flag(w, "locked", locked)
    elif isinstance(w, QAbstractButton):
        if w.property("always_disabled"):
            return
        if isinstance(w, QCheckBox) or w.property("role") in ("multi", "choice"):
            w.setEnabled(not locked)
        elif w.property("edit_action"):
            w.setVisible(not locked)


def card(parent: QWidget, title: str | None = None, hint: str | None = None) -> tuple[QFrame, QVBoxLayout]:
    """A white rounded panel with an optional heading and hint line."""
    frame = style.Card(parent)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(style.GAP_L, style.GAP + 4, style.GAP_L, style.GAP_L - 2)
    layout.setSpacing(style.GAP)
    if title:
        heading = QLabel(title, frame)
        style.set_role(heading, "group-title")
        layout.addWidget(heading)
    if hint:
        label = QLabel(hint, frame)
        label.setWordWrap(True)
        style.set_role(label, "hint")
        layout.addWidget(label)
    return frame, layout


def column_label(text: str, parent: QWidget, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QLabel:
    label = QLabel(text, parent)
    style.set_role(label, "column")
    label.setAlignment(align | Qt.AlignmentFlag.AlignBottom)
    return label


def grid(parent: QWidget) -> QGridLayout:
    layout = QGridLayout()
    layout.setHorizontalSpacing(style.GAP)
    layout.setVerticalSpacing(style.GAP_S + 2)
    return layout


def chain_tab_order(widgets: Iterable[QWidget]) -> None:
    """Make Tab visit `widgets` in this order (rows added later join at the right place)."""
    previous: QWidget | None = None
    for w in widgets:
        if previous is not None:
            QWidget.setTabOrder(previous, w)
        previous = w
