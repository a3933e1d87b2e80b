"""Table models of what the window lists: patients, a patient's exams, an exam's versions.

Each holds frozen records from `db.repository` and only answers Qt's questions;
refreshing means handing it a new list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from kinelink.db.records import Amendment, ExamStatus, ExamSummary, PatientSummary
from kinelink.forms.formats import show_date, show_moment
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {ExamStatus.DRAFT: "Draft", ExamStatus.SIGNED: "Signed", ExamStatus.AMENDED: "Amended"}


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    return show_moment(moment)


class _RecordTableModel(QAbstractTableModel, Generic[R]):
    """Rows of frozen records; columns are (header, text of a record) pairs."""

    columns: tuple[tuple[str, Callable[[R], str]], ...] = ()

    def __init__(self, rows: Sequence[R] = ()) -> None:
        super().__init__()
        self._rows: list[R] = list(rows)

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row(self, index: int) -> R:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.columns[index.column()][1](record)
        if role == Qt.ItemDataRole.UserRole:
            return record
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record)
        return None

    def tooltip(self, record: R) -> str | None:
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section][0]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


def _born(p: PatientSummary) -> str:
    return show_date(p.patient.date_of_birth)


def _last_visit(p: PatientSummary) -> str:
    return show_date(p.last_exam) if p.last_exam else "—"


class PatientTableModel(_RecordTableModel[PatientSummary]):
    """The patient list: search results, by name."""

    columns = (
        ("Name", lambda p: p.patient.display_name),
        ("Born", _born),
        ("Record", lambda p: p.patient.record_number or ""),
        ("Last visit", _last_visit),
    )

    def tooltip(self, record: PatientSummary) -> str:
        exams = f"{record.exam_count} exam" + ("" if record.exam_count == 1 else "s")
        return f"{record.patient.full_name}, born {_born(record)} · {exams}"


KEY_SUBSCALES = ("pain", "total")  # KOOS/HOOS pain and the LEFS total: what a timeline row can hold


def key_scores_text(summary: ExamSummary) -> str:
    """ "KOOS pain 64 · LEFS 52": the headline score of each questionnaire (all of them are charted)."""
    parts = []
    for k in summary.key_scores:
        if k.value is not None and k.subscale in KEY_SUBSCALES:
            name = k.instrument.label if k.subscale == "total" else f"{k.instrument.label} {k.subscale}"
            parts.append(f"{name} {k.value:.0f}")
    return " · ".join(parts)


class ExamTimelineModel(_RecordTableModel[ExamSummary]):
    """A patient's exams, newest first: date, status, version, clinician, key scores."""

    columns = (
        ("Date", lambda e: show_date(e.date)),
        ("Status", lambda e: STATUS_LABELS[e.status]),
        ("Version", lambda e: str(e.version)),
        ("Clinician", lambda e: e.clinician or ""),
        ("Key scores", key_scores_text),
    )

    def tooltip(self, record: ExamSummary) -> str:
        if record.signed_at is not None:
            return f"Signed by {record.signed_by or 'unknown'} on {_when(record.signed_at)}"
        return f"Draft, last saved {_when(record.updated_at)}"


class AmendmentTableModel(_RecordTableModel[Amendment]):
    """The versions of one signed exam after the original: when, who, why."""

    columns = (
        ("Version", lambda a: str(a.version)),
        ("When", lambda a: _when(a.at)),
        ("By", lambda a: a.author),
        ("Reason", lambda a: a.reason),
    )
