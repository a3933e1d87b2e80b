"""The patient list: search as you type, keyboard first.

Typing waits ~150 ms for a pause, then asks `db.repository.search_patients`
(accent- and case-insensitive, names, record numbers, dates of birth). Down
moves from the search field into the list, Up from the first row back;
Enter opens the selected patient (or the only/first match straight from the
search field).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kinelink import db
from kinelink.desktop import theme
from kinelink.desktop.models import PatientTableModel
from kinelink.forms.i18n import _, ngettext
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from kinelink.db.records import PatientSummary
    from kinelink.desktop.usecases.workspace import Workspace
    from kinelink.forms.ids import PatientId

SEARCH_DELAY_MS = 150
SEARCH_LIMIT = 200
NARROW_LIST = 470  # px: below this the Record column is hidden so that names are not elided


class PatientListPanel(QFrame):
    patient_activated = Signal(int)  # PatientId
    new_patient_requested = Signal()

    def __init__(self, workspace: Callable[[], Workspace], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Sidebar")
        self._workspace = workspace
        self.include_archived = False  # File ▸ Show archived patients

        title = QLabel(_("Patients"))
        theme.set_role(title, "group-title")
        self.new_button = QPushButton(_("New patient"))
        self.new_button.setAccessibleName(_("New patient"))
        self.new_button.setToolTip(_("New patient (Ctrl+Shift+N)"))
        self.new_button.clicked.connect(self.new_patient_requested)
        self.search = QLineEdit()
        self.search.setObjectName("PatientSearch")
        self.search.setAccessibleName(_("Search patients"))
        self.search.setPlaceholderText(_("Search name, record no. or birth date  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setObjectName("PatientCount")
        theme.set_role(self.count, "muted")

        self.model = PatientTableModel()
        self.table = QTableView()
        self.table.setObjectName("PatientTable")
        self.table.setAccessibleName(_("Patient list"))
        # The header shows the captions from a model of its own, held in Qt: asking the Python model would
        # pass Qt's `Orientation` to Python, whose first use creates the whole `Qt` namespace (113 enums,
        # ~20 ms) before the window is first painted. Hidden while the table takes its model, so that it
        # does not measure its sections by asking the Python model either.
        header = self.table.horizontalHeader()
        header.hide()
        self.table.setModel(self.model)
        captions = PatientTableModel.captions()
        self.captions = QStandardItemModel(0, len(captions), self)
        self.captions.setHorizontalHeaderLabels(captions)
        header.setModel(self.captions)
        header.show()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Fixed widths from the font: sizing to contents would read every row of every search.
        metrics, bold = self.table.fontMetrics(), header.fontMetrics()
        for column, sample in ((1, "28 Sep 2026"), (2, "KL-000000"), (3, "28 Sep 2026")):
            caption = captions[column]
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, max(metrics.horizontalAdvance(sample), bold.horizontalAdvance(caption)) + 14)
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.new_button)
        box = QVBoxLayout()
        box.setContentsMargins(12, 12, 12, 6)
        box.setSpacing(8)
        box.addLayout(top)
        box.addWidget(self.search)
        box.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(box)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)  # keeps the search at the top while the list is hidden
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.new_button)

    # -- searching -----------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A narrow list (a 1024-px screen) gives the record number's room to the names, which are
        # never cut to "Ż…"; the record number is still searched and shown on the patient page.
        self.table.setColumnHidden(2, self.width() < NARROW_LIST)

    def refresh(self) -> None:
        """Run the search for the current text now (the debounce timer ends here)."""
        self._timer.stop()
        text = self.search.text().strip()
        selected = self.selected_id()
        with self._workspace().database.read() as s:
            rows = db.repository.search_patients(s, text, limit=SEARCH_LIMIT, include_archived=self.include_archived)
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        self._show_count(text, len(rows))
        if selected is not None:
            self.select(selected)

    def _show_count(self, text: str, n: int) -> None:
        if n == 0:
            self.count.setText(_("No patient matches “{text}”.").format(text=text) if text else _("No patients yet."))
        elif n >= SEARCH_LIMIT:
            self.count.setText(_('First {n} matches: type more to narrow the list.').format(n=n))
        else:
            found = ngettext("{n} patient found", "{n} patients found", n) if text else ngettext(
                "{n} patient", "{n} patients", n)
            self.count.setText(found.format(n=n))

    def focus_search(self) -> None:
        self.search.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def select(self, patient_id: PatientId) -> bool:
        for row, summary in enumerate(self.model.rows()):
            if summary.id == patient_id:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                return True
        return False

    def selected_id(self) -> PatientId | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row(index.row()).id

    def summaries(self) -> list[PatientSummary]:
        return self.model.rows()

    # -- keyboard ------------------------------------------------------------

    def _activate(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.patient_activated.emit(int(self.model.row(row).id))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.search:
            if key == QtCore.Qt.Key.Key_Down:
                if self._timer.isActive():
                    self.refresh()
                if self.model.rowCount():
                    self.table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
                    if not self.table.currentIndex().isValid():
                        self.table.selectRow(0)
                return True
            if key in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.refresh()
                current = self.table.currentIndex()
                self._activate(current.row() if current.isValid() else 0)
                return True
        elif watched is self.table:
            if key in (QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
                self._activate(self.table.currentIndex().row())
                return True
            if key == QtCore.Qt.Key.Key_Up and self.table.currentIndex().row() <= 0:
                self.search.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)
