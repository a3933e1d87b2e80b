"""The versions of a signed exam: who amended it, when, why, and what changed."""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.desktop import theme
from kinelink.desktop.models import AmendmentTableModel
from kinelink.desktop.usecases.exams import Version
from kinelink.forms import exam_changes
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamRecord
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)


def changes(old: ExamRecord, new: ExamRecord) -> list[str]:
    """One line per changed finding, in the clinician's words (`forms.exam_changes`)."""
    return exam_changes.changes(old.exam, new.exam)


class HistoryDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, versions: Sequence[Version]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Amendment history"))
        self.setStyleSheet(theme.style_sheet())
        self.resize(900, 600)
        self._versions = list(versions)
        heading = QLabel(title)
        theme.set_role(heading, "group-title")
        self.model = AmendmentTableModel([v.entry for v in versions])
        self.table = QTableView()
        self.table.setObjectName("AmendmentTable")
        self.table.setAccessibleName(_("Versions"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("VersionDetail")
        self.detail.setAccessibleName(_("Selected version"))
        self.detail.setReadOnly(True)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show(current.row()))

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        if versions:
            self.table.selectRow(len(versions) - 1)
        self.table.setFocus()

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self._versions):
            self.detail.clear()
            return
        version = self._versions[row]
        parts = []
        if row > 0:
            lines = changes(self._versions[row - 1].record, version.record)
            parts.append(_("Changes from version {version}:").format(version=self._versions[row - 1].entry.version))
            parts.extend(f"  • {line}" for line in lines or [_("(no change in the exam's content)")])
            parts.append(_("Reason: {reason}").format(reason=version.entry.reason))
            parts.append("")
        parts.append(version.text)
        self.detail.setPlainText("\n".join(parts))
