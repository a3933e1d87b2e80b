"""One patient: details, the timeline of exams, and progress charts across visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from kinelink import db
from kinelink.db.records import ExamSummary
from kinelink.desktop import theme
from kinelink.desktop.change_view import ChangeView
from kinelink.desktop.chart import ProgressChart
from kinelink.desktop.correspondence_list import CorrespondenceList, filed
from kinelink.desktop.models import ExamTimelineModel
from kinelink.desktop.usecases.workspace import Workspace
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.model import ExamId, ExamRecord, Patient, PatientId
from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from kinelink.forms.progress import Measure

PREFERRED_MEASURES = ("koos", "hoos", "lefs", "rom:knee:flexion", "rom:hip:internal_rotation")


def describe_patient(patient: Patient, exam_count: int, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    parts = [
        _("born {date} ({age} years)").format(date=show_date(patient.date_of_birth), age=patient.age_on(today)),
        patient.sex.label,
    ]
    if patient.record_number:
        parts.append(_("record {number}").format(number=patient.record_number))
    parts.append(_("no exams yet") if exam_count == 0 else ngettext("{n} exam", "{n} exams", exam_count).format(
        n=exam_count))
    return " · ".join(parts)


class PatientPage(QWidget):
    exam_activated = Signal(str)  # ExamId: open it in the editor
    selection_changed = Signal()
    undo_merge_requested = Signal(int)  # PatientId of a record merged into this one: undo that merge

    def __init__(self, workspace: Callable[[], Workspace], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Page")
        self._workspace = workspace
        self.patient_id: PatientId | None = None
        self.patient: Patient | None = None
        self.archived = False
        self._records: list[ExamRecord] = []
        self._measures: list[Measure] = []
        self._measure_key = ""

        self.name = QLabel()
        self.name.setObjectName("PatientName")
        theme.set_role(self.name, "page-title")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setObjectName("PatientDetails")
        theme.set_role(self.details, "lead")
        self.edit_button = QPushButton(_("Edit details…"))
        self.edit_button.setAccessibleName(_("Edit patient details"))
        self.new_exam_button = QPushButton(_("New exam"))
        self.new_exam_button.setAccessibleName(_("New exam"))
        self.new_exam_button.setToolTip(_("New exam (Ctrl+N)"))
        theme.set_role(self.new_exam_button, "primary")

        # timeline
        self.timeline = ExamTimelineModel()
        self.table = QTableView()
        self.table.setObjectName("ExamTimeline")
        self.table.setAccessibleName(_("Exam timeline"))
        self.table.setModel(self.timeline)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column in range(self.timeline.columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.timeline.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self._activate(index.row()))
        self.table.installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._selected())
        self.empty_timeline = QLabel(_("No exams yet. Start one with New exam (Ctrl+N)."))
        theme.set_role(self.empty_timeline, "muted")
        self.empty_timeline.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.open_button = QPushButton(_("Open"))
        self.open_button.setAccessibleName(_("Open exam"))
        self.summary_button = QPushButton(_("Summary PDF…"))
        self.letter_button = QPushButton(_("Referral letter…"))
        self.open_button.clicked.connect(lambda: self._activate(self.table.currentIndex().row()))

        # progress chart
        self.measure = QComboBox()
        self.measure.setObjectName("MeasureChooser")
        self.measure.setAccessibleName(_("Measure to chart"))
        self.measure.setMinimumContentsLength(28)
        self.measure.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.measure.currentIndexChanged.connect(self._show_measure)
        self.chart = ProgressChart()
        self.chart.setObjectName("ProgressChart")

        head = QHBoxLayout()
        names = QVBoxLayout()
        names.setSpacing(2)
        names.addWidget(self.name)
        names.addWidget(self.details)
        head.addLayout(names, 1)
        head.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(self.new_exam_button, 0, Qt.AlignmentFlag.AlignTop)

        # the merges into this record still in force (read from the audit trail): the latest can be undone;
        # a button in the exams' row (no extra height: the timeline and the chart keep their room)
        self.merges: list[db.patient_records.Merge] = []
        self.merged_text = ""
        self.undo_merge_button = QPushButton(_("Undo merge…"))
        self.undo_merge_button.setObjectName("UndoMerge")
        self.undo_merge_button.clicked.connect(self._undo_latest_merge)
        self.undo_merge_button.hide()

        self.exams_group = exams = QGroupBox(_("Exams"))
        exams_layout = QVBoxLayout(exams)
        exams_layout.setSpacing(8)
        exams_layout.addWidget(self.table, 1)
        exams_layout.addWidget(self.empty_timeline, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in (self.open_button, self.summary_button, self.letter_button):
            buttons.addWidget(button)
        # the less frequent actions in one menu, so that the row fits a 1024-px screen uncut
        self.more_button = QPushButton(_("More"))
        self.more_button.setAccessibleName(_("More actions: follow-up, history, delete a draft, export, merge, "
                                             "archive"))
        self.more_menu = QMenu(self.more_button)
        self.more_button.setMenu(self.more_menu)
        buttons.addWidget(self.more_button)
        buttons.addWidget(self.undo_merge_button)
        buttons.addStretch(1)
        exams_layout.addLayout(buttons)

        progress = QGroupBox(_("Progress"))
        progress_layout = QVBoxLayout(progress)
        chooser = QHBoxLayout()
        caption = QLabel(_("&Measure"))
        caption.setBuddy(self.measure)
        chooser.addWidget(caption)
        chooser.addWidget(self.measure)
        chooser.addStretch(1)
        chart_page = QWidget()
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.setContentsMargins(0, 4, 0, 0)
        chart_layout.addLayout(chooser)
        chart_layout.addWidget(self.chart, 1)
        self.change = ChangeView()
        self.progress_tabs = QTabWidget()
        self.progress_tabs.setAccessibleName(_("Progress"))
        self.progress_tabs.addTab(chart_page, _("Chart"))
        self.progress_tabs.addTab(self.change, _("Change since a baseline"))
        progress_layout.addWidget(self.progress_tabs, 1)

        # the letters and summaries issued: a tab beside the chart and the change table (a box of their own
        # under them left the change table one row at 1024×700)
        self.correspondence = CorrespondenceList()
        self.progress_tabs.addTab(self.correspondence, _("Correspondence"))

        self.split = split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)
        split.addWidget(exams)
        split.addWidget(progress)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        # three rows and the header: the buttons below must fit a 700-pixel-high screen too
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 3 + 30)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        layout.addLayout(head)
        layout.addWidget(split, 1)
        self.setTabOrder(self.new_exam_button, self.table)

    # -- loading -------------------------------------------------------------

    def show_patient(self, patient_id: PatientId, *, select: ExamId | None = None) -> None:
        """Load (or reload) everything the page shows, in one unit of work."""
        with self._workspace().database.read() as s:
            page = db.repository.patient_page(s, patient_id)
            self.merges = db.patient_records.merges_into(s, patient_id)
        patient, self.archived, exams, records = page.patient, page.archived, page.exams, page.records
        current = self.selected_exam() if patient_id == self.patient_id else None
        keep = select or (current.id if current else None)
        self.patient_id, self.patient, self._records = patient_id, patient, records
        self.name.setText(patient.full_name)
        self.details.setText(describe_patient(patient, len(exams))
                             + (" · " + _("archived (hidden from the list)") if self.archived else ""))
        self._show_merges()
        self.timeline.set_rows(exams)
        self.table.setVisible(bool(exams))
        self.empty_timeline.setVisible(not exams)
        row = next((i for i, e in enumerate(exams) if e.id == keep), 0)
        if exams:
            self.table.selectionModel().setCurrentIndex(
                self.timeline.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._fill_measures()
        documents = filed(records)
        self.correspondence.show_documents(documents)
        self.progress_tabs.setTabText(self.progress_tabs.indexOf(self.correspondence), _(
            "Correspondence ({n})").format(n=len(documents)) if documents else _("Correspondence"))
        self._fit_timeline()
        self._selected()

    def _undo_latest_merge(self) -> None:
        if self.merges:
            self.undo_merge_requested.emit(int(self.merges[0].merged))

    def _show_merges(self) -> None:
        if not self.merges:
            self.merged_text = ""
            self.undo_merge_button.hide()
            return
        parts = [f"{m.merged_name} ("
                 + ngettext("{n} exam", "{n} exams", m.exams).format(n=m.exams) + f", {show_date(m.at.date())}"
                 + (", " + _("by {author}").format(author=m.author) + ")" if m.author else ")") for m in self.merges]
        self.merged_text = _("Merged into this record: {merges}.").format(merges="; ".join(parts))
        latest = self.merges[0]
        what = self.merged_text + "\n" + _("Undo merge moves {name}'s exams back to their own record and shows it "
                                           "in the patient list again.").format(name=latest.merged_name)
        self.undo_merge_button.setToolTip(what)
        self.undo_merge_button.setAccessibleName(_("Undo the merge of {name}").format(name=latest.merged_name))
        self.undo_merge_button.setAccessibleDescription(what)
        self.undo_merge_button.setEnabled(not self._workspace().read_only)
        self.undo_merge_button.show()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_timeline()

    def _fit_timeline(self) -> None:
        """The timeline as tall as its rows (3 to 8 of them, 40 % of the page at most); the chart, the
        change table and the correspondence (one tab each) get the rest."""
        total = sum(self.split.sizes())
        if total <= 0 or not self.isVisible():
            return
        rows = self.timeline.rowCount()
        group = self.exams_group
        extra = group.sizeHint().height() - self.table.sizeHint().height()
        wanted = extra + self.table.horizontalHeader().sizeHint().height() + 4 \
            + self.table.verticalHeader().defaultSectionSize() * max(3, min(rows, 8))
        # at most 40 % of the height: the change table under it must show several rows at 1024×700
        wanted = min(max(wanted, group.minimumSizeHint().height()), total * 2 // 5)
        self.split.setSizes([wanted, total - wanted])

    def _selected(self) -> None:
        self.change.show_exam(self.selected_exam(), self.timeline.rows(), self._records)
        self.selection_changed.emit()

    def refresh(self) -> None:
        if self.patient_id is not None:
            self.show_patient(self.patient_id)

    def selected_exam(self) -> ExamSummary | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.timeline.rowCount():
            return None
        return self.timeline.row(index.row())

    def records(self) -> list[ExamRecord]:
        return list(self._records)

    # -- chart ---------------------------------------------------------------

    def _fill_measures(self) -> None:
        from kinelink.forms.progress import measures_with_data  # with the first patient, not at start-up

        self._measures = measures_with_data(self._records)
        keys = [m.key for m in self._measures]
        wanted = self._measure_key if self._measure_key in keys else next(
            (k for k in PREFERRED_MEASURES if k in keys), keys[0] if keys else "")
        self.measure.blockSignals(True)
        self.measure.clear()
        for m in self._measures:
            self.measure.addItem(m.title, m.key)
        self.measure.setEnabled(bool(self._measures))
        if wanted:
            self.measure.setCurrentIndex(keys.index(wanted))
        self.measure.blockSignals(False)
        self._show_measure()

    def _show_measure(self) -> None:
        index = self.measure.currentIndex()
        if not 0 <= index < len(self._measures):
            self.chart.clear(_("Charts appear here once exams record measurements."))
            return
        m = self._measures[index]
        self._measure_key = m.key
        latest = max(self._records, key=lambda r: r.exam.date) if self._records else None
        reference = (m.reference_for(latest.patient.sex, latest.patient.age_on(latest.exam.date))
                     if latest is not None else None)  # a norm line only where a norm fits the patient
        self.chart.set_data(m.title, m.unit, m.series(self._records), y_range=m.y_range, reference=reference)

    def choose_measure(self, key: str) -> None:
        index = self.measure.findData(key)
        if index >= 0:
            self.measure.setCurrentIndex(index)

    # -- keyboard ------------------------------------------------------------

    def _activate(self, row: int) -> None:
        if 0 <= row < self.timeline.rowCount():
            self.exam_activated.emit(str(self.timeline.row(row).id))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._activate(self.table.currentIndex().row())
            return True
        return super().eventFilter(watched, event)
