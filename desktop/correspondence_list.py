"""The patient's correspondence: every letter and summary issued, newest first, to reopen."""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.desktop import theme
from kinelink.desktop.usecases.correspondence import Filed
from kinelink.forms.formats import show_date, show_moment
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamId, ExamRecord
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

_ROLE = Qt.ItemDataRole.UserRole


def filed(records: Sequence[ExamRecord]) -> list[Filed]:
    """The documents of the patient's exams (as the page already loaded them), newest first."""
    out = [(d.issued_at, i, Filed(ExamId(r.exam.id or ""), r.exam.date, d))
           for r in records for i, d in enumerate(r.exam.documents)]
    out.sort(key=lambda entry: entry[:2], reverse=True)  # within one second, the later-issued first
    return [f for _, _, f in out]


class CorrespondenceList(QWidget):
    reopen_requested = Signal(object)  # Filed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Letters and summaries issued"))
        self.list.itemActivated.connect(lambda item: self.reopen_requested.emit(item.data(_ROLE)))
        self.empty = QLabel(_("No letter or summary issued yet."))
        theme.set_role(self.empty, "muted")
        self.reopen_button = QPushButton(_("Reopen…"))
        self.reopen_button.setAccessibleName(_("Reopen the selected document"))
        self.reopen_button.clicked.connect(self._reopen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()  # the empty note beside the button: one line less on a 700-pixel screen
        row.addWidget(self.empty, 1)
        row.addWidget(self.reopen_button)
        layout.addLayout(row)
        self.show_documents([])

    def show_documents(self, documents: Sequence[Filed]) -> None:
        self.list.clear()
        for f in documents:
            d = f.document
            to = _(" to {recipient}").format(recipient=d.recipient) if d.recipient else ""
            item = QListWidgetItem(_("{issued} · {title}{to} · exam of {exam_date} · by {author}").format(
                issued=show_moment(d.issued_at), title=f.title, to=to, exam_date=show_date(f.exam_date),
                author=d.author))
            item.setData(_ROLE, f)
            self.list.addItem(item)
        self.list.setVisible(bool(documents))
        self.empty.setVisible(not documents)
        self.reopen_button.setEnabled(bool(documents))
        if documents:
            self.list.setCurrentRow(0)

    def _reopen(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.reopen_requested.emit(item.data(_ROLE))
