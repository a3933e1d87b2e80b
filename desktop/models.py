"""Table models of what the window lists: patients, a patient's exams, an exam's versions.

Each holds frozen records from `db.repository` and only answers Qt's questions;
refreshing means handing it a new list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from kinelink.forms.exam_status import STATUS_LABELS as STATUS_LABELS  # also asked for here (exam_page)
from kinelink.forms.i18n import N_, _, ngettext
from PySide6 import QtCore
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex

# `QtCore.Qt` is read when a method runs, never at import: the first look at the `Qt` namespace creates its
# 113 enums (about 20 ms), which the window's first paint does without (tests/desktop/test_startup.py).

if TYPE_CHECKING:  # the records load with the database layer, after the window is first painted
    import datetime as dt

    from kinelink.db.records import Amendment, ExamStatus, ExamSummary, PatientSummary  # noqa: F401 (in strings)

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole, as a default argument without the `Qt` namespace



def show_date(day: dt.date) -> str:
    """`forms.formats.show_date`, loaded when the first row is shown: it brings `datetime` and the date
    parsers' patterns, 2-3 ms the window's first paint does without (tests/desktop/test_startup.py)."""
    from kinelink.forms.formats import show_date as show

    return show(day)


def show_moment(moment: dt.datetime) -> str:
    from kinelink.forms.formats import show_moment as show

    return show(moment)


def status_label(status: ExamStatus) -> str:
    return _(STATUS_LABELS[status.value])


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

    @classmethod
    def captions(cls) -> list[str]:
        """The column headers, in the window's language."""
        return [_(header) for header, _text in cls.columns]

    def row(self, index: int) -> R:
        return self._rows[index]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        Qt = QtCore.Qt  # the namespace, read at call time
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.columns[index.column()][1](record)
        if role == Qt.ItemDataRole.UserRole:
            return record
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record)
        return None

    def tooltip(self, record: R) -> str | None:
        return None

    def headerData(self, section: int, orientation: QtCore.Qt.Orientation, role: int = DISPLAY_ROLE) -> Any:
        Qt = QtCore.Qt
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return _(self.columns[section][0])
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None


def _born(p: PatientSummary) -> str:
    return show_date(p.patient.date_of_birth)


def _last_visit(p: PatientSummary) -> str:
    return show_date(p.last_exam) if p.last_exam else "—"


class PatientTableModel(_RecordTableModel["PatientSummary"]):
    """The patient list: search results, by name."""

    columns = (
        (N_("Name"), lambda p: p.patient.display_name),
        (N_("Born"), _born),
        (N_("Record"), lambda p: p.patient.record_number or ""),
        (N_("Last visit"), _last_visit),
    )

    def tooltip(self, record: PatientSummary) -> str:
        exams = ngettext("{n} exam", "{n} exams", record.exam_count).format(n=record.exam_count)
        return _("{name}, born {born} · {exams}").format(name=record.patient.full_name, born=_born(record), exams=exams)


KEY_SUBSCALES = ("pain", "total")  # KOOS/HOOS pain and the LEFS total: what a timeline row can hold


def key_scores_text(summary: ExamSummary) -> str:
    """ "KOOS pain 64 · LEFS 52": the headline score of each questionnaire (all of them are charted)."""
    parts = []
    for k in summary.key_scores:
        if k.value is not None and k.subscale in KEY_SUBSCALES:
            name = k.instrument.label if k.subscale == "total" else f"{k.instrument.label} {k.subscale}"
            parts.append(f"{name} {k.value:.0f}")
    return " · ".join(parts)


class ExamTimelineModel(_RecordTableModel["ExamSummary"]):
    """A patient's exams, newest first: date, status, version, clinician, key scores."""

    columns = (
        (N_("Date"), lambda e: show_date(e.date)),
        (N_("Status"), lambda e: status_label(e.status)),
        (N_("Version"), lambda e: str(e.version)),
        (N_("Clinician"), lambda e: e.clinician or ""),
        (N_("Key scores"), key_scores_text),
    )

    def tooltip(self, record: ExamSummary) -> str:
        if record.signed_at is not None:
            return _("Signed by {who} on {when}").format(who=record.signed_by or _("unknown"),
                                                        when=_when(record.signed_at))
        return _("Draft, last saved {when}").format(when=_when(record.updated_at))


class AmendmentTableModel(_RecordTableModel["Amendment"]):
    """The versions of one signed exam after the original: when, who, why."""

    columns = (
        (N_("Version"), lambda a: str(a.version)),
        (N_("When"), lambda a: _when(a.at)),
        (N_("By"), lambda a: a.author),
        (N_("Reason"), lambda a: a.reason),
    )
