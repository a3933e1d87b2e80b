"""File ▸ Merge: choose the record to keep (search box, likely duplicates first), then confirm
with both identities side by side, their differences highlighted and said in words.

Merging two different people mixes their clinical records, so nothing merges on one click: the
list only chooses, the confirmation page merges; when sex or date of birth differ the merge
button stays disabled until the clinician ticks that they checked it is the same person.
"""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.db import searchkeys
from kinelink.db.records import PatientSummary
from kinelink.desktop import theme
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.model import Patient, PatientId
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

_HIGHLIGHT = "background: #ffe08a; color: #000; font-weight: bold;"


def _folded(p: Patient) -> str:
    return searchkeys.sort_key(p.family_name, p.given_name)


def likely_first(patient: Patient, candidates: Sequence[PatientSummary]) -> list[PatientSummary]:
    """The candidates with the same folded name or the same date of birth first (stable order)."""
    likely = [c for c in candidates if _same_name_or_birth(patient, c.patient)]
    return likely + [c for c in candidates if not _same_name_or_birth(patient, c.patient)]


def _same_name_or_birth(p: Patient, q: Patient) -> bool:
    return _folded(p) == _folded(q) or p.date_of_birth == q.date_of_birth


def _exams(n: int) -> str:
    return ngettext("{n} exam", "{n} exams", n).format(n=n)


def _record(p: Patient) -> str:
    return p.record_number or _("none")


def identity_differences(a: PatientSummary, b: PatientSummary) -> list[str]:
    """How two records' identities differ, in words ("different dates of birth: 12 Mar 1953 vs 4 Jul 1976")."""
    pa, pb = a.patient, b.patient
    found = []
    if _folded(pa) != _folded(pb):
        found.append(_("different names: {a} vs {b}").format(a=pa.full_name, b=pb.full_name))
    elif pa.full_name != pb.full_name:
        found.append(_("names spelt differently: {a} vs {b}").format(a=pa.full_name, b=pb.full_name))
    if pa.date_of_birth != pb.date_of_birth:
        found.append(_("different dates of birth: {a} vs {b}").format(a=show_date(pa.date_of_birth),
                                                                      b=show_date(pb.date_of_birth)))
    if pa.sex != pb.sex:
        found.append(_("different sex: {a} vs {b}").format(a=pa.sex.label, b=pb.sex.label))
    if (pa.record_number or None) != (pb.record_number or None):
        found.append(_("different record numbers: {a} vs {b}").format(a=_record(pa), b=_record(pb)))
    return found


def needs_tick(a: PatientSummary, b: PatientSummary) -> bool:
    """Sex or date of birth differ: the merge needs an explicit "I have checked" tick."""
    return a.patient.sex != b.patient.sex or a.patient.date_of_birth != b.patient.date_of_birth


def _label_text(item: PatientSummary) -> str:
    p = item.patient
    bits = [_("born {date}").format(date=show_date(p.date_of_birth)), p.sex.label]
    if p.record_number:
        bits.append(_("record {number}").format(number=p.record_number))
    bits.append(_exams(item.exam_count))
    return f"{p.full_name} ({', '.join(bits)})"


class MergeDialog(QDialog):
    """Two pages: choose the record to keep, then confirm. `chosen()` is set only by confirming."""

    def __init__(self, parent: QWidget | None, patient: PatientSummary,
                 candidates: Sequence[PatientSummary]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge patient records"))
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(560)
        self.patient = patient
        self._candidates = {int(c.id): c for c in candidates}
        self._chosen: PatientId | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._choose_page(likely_first(patient.patient, candidates)))
        self.confirm_page = QWidget()
        self.pages.addWidget(self.confirm_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # --- page 1: choose ------------------------------------------------------
    def _choose_page(self, ordered: list[PatientSummary]) -> QWidget:
        page = QWidget()
        name = self.patient.patient.full_name
        lead = QLabel(_("Move every exam of {name} to the record chosen below. {name}'s record is then hidden "
                        "(nothing is deleted; the merge can be undone). Likely duplicates (same name or date "
                        "of birth) are listed first; you confirm on the next page.").format(name=name))
        lead.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, record number or date of birth"))
        self.search.setAccessibleName(_("Search records"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.choices = QListWidget()
        self.choices.setAccessibleName(_("Record to keep"))
        for c in ordered:
            text = _label_text(c) + (_("  — likely duplicate") if self._is_likely(c) else "")
            item = QListWidgetItem(text, self.choices)
            item.setData(Qt.ItemDataRole.UserRole, int(c.id))
        self.choices.setCurrentRow(0)
        self.choices.itemDoubleClicked.connect(lambda _item: self.review())
        self.review_button = QPushButton(_("Review merge…"))
        self.review_button.setDefault(True)
        self.review_button.clicked.connect(self.review)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.choices.currentItemChanged.connect(
            lambda cur, _prev: self.review_button.setEnabled(cur is not None and not cur.isHidden()))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.review_button)
        layout = QVBoxLayout(page)
        layout.addWidget(lead)
        layout.addWidget(self.search)
        layout.addWidget(self.choices)
        layout.addLayout(buttons)
        return page

    def _is_likely(self, c: PatientSummary) -> bool:
        return _same_name_or_birth(self.patient.patient, c.patient)

    def _filter(self, text: str) -> None:
        terms = searchkeys.fold(text).split()
        first_shown = None
        for row in range(self.choices.count()):
            item = self.choices.item(row)
            c = self._candidates[int(item.data(Qt.ItemDataRole.UserRole))]
            p = c.patient
            haystack = searchkeys.fold(" ".join([p.full_name, p.record_number or "", show_date(p.date_of_birth),
                                                 p.date_of_birth.isoformat()]))
            hidden = not all(t in haystack for t in terms)
            item.setHidden(hidden)
            if not hidden and first_shown is None:
                first_shown = item
        current = self.choices.currentItem()
        if current is None or current.isHidden():
            self.choices.setCurrentItem(first_shown)  # type: ignore[arg-type]
        current = self.choices.currentItem()
        self.review_button.setEnabled(current is not None and not current.isHidden())

    def visible_names(self) -> list[str]:
        return [self.choices.item(r).text() for r in range(self.choices.count()) if not self.choices.item(r).isHidden()]

    # --- page 2: confirm -----------------------------------------------------
    def review(self) -> None:
        item = self.choices.currentItem()
        if item is None or item.isHidden():
            return
        keep = self._candidates[int(item.data(Qt.ItemDataRole.UserRole))]
        self.kept = keep
        old = self.confirm_page
        self.confirm_page = self._confirm_page(keep)
        self.pages.removeWidget(old)
        old.deleteLater()
        self.pages.addWidget(self.confirm_page)
        self.pages.setCurrentIndex(1)

    def _confirm_page(self, keep: PatientSummary) -> QWidget:
        gone = self.patient
        page = QWidget()
        grid = QGridLayout()
        grid.addWidget(QLabel(""), 0, 0)
        grid.addWidget(QLabel("<b>" + _("This record (hidden after the merge)") + "</b>"), 0, 1)
        grid.addWidget(QLabel("<b>" + _("Record kept") + "</b>"), 0, 2)
        a, b = gone.patient, keep.patient
        rows = [
            (_("Name"), a.full_name, b.full_name, _folded(a) != _folded(b) or a.full_name != b.full_name),
            (_("Date of birth"), show_date(a.date_of_birth), show_date(b.date_of_birth),
             a.date_of_birth != b.date_of_birth),
            (_("Sex"), a.sex.label, b.sex.label, a.sex != b.sex),
            (_("Record number"), _record(a), _record(b), (a.record_number or None) != (b.record_number or None)),
            (_("Exams"), str(gone.exam_count), str(keep.exam_count), False),
        ]
        self.highlighted: list[str] = []
        for r, (field, left, right, differs) in enumerate(rows, start=1):
            grid.addWidget(QLabel(field), r, 0)
            for col, text in ((1, left), (2, right)):
                cell = QLabel(text)
                cell.setTextFormat(Qt.TextFormat.PlainText)
                cell.setAccessibleName(f"{field}, {_('this record') if col == 1 else _('record kept')}")
                if differs:
                    cell.setStyleSheet(_HIGHLIGHT)
                    cell.setToolTip(_("{field} differs").format(field=field))
                grid.addWidget(cell, r, col)
            if differs:
                self.highlighted.append(field)
        differences = identity_differences(gone, keep)
        self.differences_text = (_("Differences: {list}.").format(list="; ".join(differences))
                                 if differences else _("Name, date of birth, sex and record number agree."))
        said = QLabel(self.differences_text)
        said.setTextFormat(Qt.TextFormat.PlainText)
        said.setWordWrap(True)
        if differences:
            said.setStyleSheet("font-weight: bold;")
        self.tick = QCheckBox(_("I have checked these are the same person"))
        self.tick.setVisible(needs_tick(gone, keep))
        self.merge_button = QPushButton(_("Merge into {name}'s record").format(name=b.full_name))
        self.merge_button.setEnabled(not needs_tick(gone, keep))
        self.tick.toggled.connect(lambda on: self.merge_button.setEnabled(on or not needs_tick(gone, keep)))
        self.merge_button.clicked.connect(self._confirm)
        back = QPushButton(_("Back"))
        back.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.merge_button)
        lead = QLabel(_("Check that both records are the same person. Every exam of {gone} moves to "
                        "{kept}'s record.").format(gone=a.full_name, kept=b.full_name))
        lead.setTextFormat(Qt.TextFormat.PlainText)
        lead.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(lead)
        layout.addLayout(grid)
        layout.addWidget(said)
        layout.addWidget(self.tick)
        layout.addLayout(buttons)
        return page

    def _confirm(self) -> None:
        if needs_tick(self.patient, self.kept) and not self.tick.isChecked():
            return
        self._chosen = self.kept.id
        self.accept()

    def chosen(self) -> PatientId | None:
        """The record to keep, only once the merge was confirmed."""
        return self._chosen
