"""Change since a baseline, on the patient page: each measure of the selected exam against the
exam the clinician picks (by default the latest signed exam before it; never a draft), marked
within measurement error, beyond MDC or beyond MCID (`forms.change`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kinelink.db.records import ExamSummary
from kinelink.desktop import theme
from kinelink.forms.formats import show_date, show_number, show_signed
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import Exam, ExamId, ExamRecord
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from kinelink.forms import change

# The MDC and MCID tables (`forms.change`, with the questionnaires) load when a patient's changes are
# first shown, not with the window.

COLUMNS = (N_("Measure"), N_("Baseline"), N_("This exam"), N_("Change"), N_("Reading"))
# by `change.Verdict` value
_INK = {"beyond_mcid": "#166534", "beyond_mdc": "#1d4ed8", "within_error": "#5c6b7a"}
_WORSE = "#b91c1c"


def baselines_for(exam: ExamSummary, exams: Sequence[ExamSummary]) -> list[ExamSummary]:
    """Signed or amended exams dated on or before `exam` (other than it), newest first."""
    return [e for e in exams if e.is_locked and e.id != exam.id and e.date <= exam.date]


class ChangeView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.baseline = QComboBox()
        self.baseline.setAccessibleName(_("Baseline exam"))
        self.caption = QLabel(_("&Compared with"))
        self.caption.setBuddy(self.baseline)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("ChangeTable")
        self.table.setAccessibleName(_("Change since the baseline"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the reading is never cut; names wrap
        for c in range(1, len(COLUMNS)):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel()  # short (its full wording in the tooltip): three lines left the table one row
        self.note.setWordWrap(True)
        theme.set_role(self.note, "muted")
        row = QHBoxLayout()
        row.addWidget(self.caption)
        row.addWidget(self.baseline)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self._exam: Exam | None = None
        self._records: dict[str, Exam] = {}
        self.baseline.currentIndexChanged.connect(self._show)

    def show_exam(self, selected: ExamSummary | None, exams: Sequence[ExamSummary],
                  records: Sequence[ExamRecord]) -> None:
        self._records = {str(r.exam.id): r.exam for r in records}
        self._exam = self._records.get(str(selected.id)) if selected is not None else None
        choices = baselines_for(selected, exams) if selected is not None else []
        self.baseline.blockSignals(True)
        self.baseline.clear()
        for e in choices:
            self.baseline.addItem(f"{show_date(e.date)} ({e.status.value})", str(e.id))
        self.baseline.blockSignals(False)
        self.baseline.setEnabled(bool(choices))
        self._show()

    def choose_baseline(self, exam_id: ExamId) -> None:
        index = self.baseline.findData(str(exam_id))
        if index >= 0:
            self.baseline.setCurrentIndex(index)

    def readings(self) -> list[change.MeasuredChange]:
        base = self._records.get(str(self.baseline.currentData())) if self.baseline.count() else None
        if self._exam is None or base is None:
            return []
        from kinelink.forms import change

        return change.changes(self._exam, base)

    def _show(self) -> None:
        found = self.readings()
        self.table.setRowCount(len(found))
        for r, c in enumerate(found):
            unit = "" if c.unit == "points" else (c.unit if c.unit == "°" else f" {c.unit}")
            cells = (c.label, f"{show_number(c.before)}{unit}", f"{show_number(c.after)}{unit}",
                     f"{show_signed(c.after - c.before)}{unit}", c.reading.words(short=True))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 4:
                    worse = c.reading.better is False
                    item.setForeground(QColor(_WORSE if worse else _INK[c.reading.verdict.value]))
                    item.setToolTip(f"{c.reading.words()}. {c.reading.importance.source}")
                if col in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, col, item)
        if self._exam is None or not self.baseline.count():
            full = _("Change is shown against a signed exam before the one selected; there is none yet.")
            short = _("No signed exam before this one.")
        elif not found:
            full = short = _("No measure was recorded in both exams.")
        else:
            full = _("Within measurement error: smaller than the minimal detectable change (MDC). "
                     "Beyond MCID: at least the minimal clinically important difference. Hover a "
                     "reading for its source.")
            short = _("MDC: minimal detectable change. MCID: minimal clinically important difference.")
        self.note.setText(short)
        self.note.setToolTip(full)
        self.note.setAccessibleDescription(full)
        header = self.table.horizontalHeaderItem(4)
        if header is not None:
            header.setToolTip(full)
