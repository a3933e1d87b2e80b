"""The new-patient (and edit-patient) dialog, with each error shown beside its field.

Nothing is stored here: the dialog returns a `forms.model.Patient` or nothing;
the caller opens the unit of work.
"""

from __future__ import annotations

import datetime as dt

from kinelink.desktop import theme
from kinelink.forms.formats import parse_date, show_date, upper_first
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

# what is wrong with a field, shown beside it once saving was tried
ENTER_FAMILY = N_("Enter the family name.")
ENTER_GIVEN = N_("Enter the given name.")
ENTER_BIRTH = N_("Enter the date of birth.")
NOT_A_DATE = N_("Not a date: use DD.MM.YYYY.")
IN_THE_FUTURE = N_("Date of birth is in the future.")
CHECK_YEAR = N_("Check the year.")
CHOOSE_ONE = N_("Choose one.")
PROBLEMS = (ENTER_FAMILY, ENTER_GIVEN, ENTER_BIRTH, NOT_A_DATE, IN_THE_FUTURE, CHECK_YEAR, CHOOSE_ONE)


class PatientDialog(QDialog):
    def __init__(self, parent: QWidget | None, patient: Patient | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self._today = today or dt.date.today()
        self._tried = False  # errors show after the first attempt to save, then live
        self._result: Patient | None = None
        self.setWindowTitle(_("Edit patient") if patient else _("New patient"))
        self.setObjectName("PatientDialog")
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(600)  # room for the fields beside the longest (German) message

        self.family = QLineEdit()
        self.family.setAccessibleName(_("Family name"))
        self.given = QLineEdit()
        self.given.setAccessibleName(_("Given name"))
        self.birth = QLineEdit()
        self.birth.setAccessibleName(_("Date of birth"))
        self.birth.setPlaceholderText(_("DD.MM.YYYY or YYYY-MM-DD"))
        self.sex = QComboBox()
        self.sex.setAccessibleName(_("Sex"))
        self.sex.addItem(_("Choose…"), None)
        for sex in Sex:
            self.sex.addItem(upper_first(sex.label), sex)
        self.record = QLineEdit()
        self.record.setAccessibleName(_("Record number"))
        self.record.setPlaceholderText(_("optional"))

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(12)
        for key, label, field in (
            ("family", _("&Family name"), self.family),
            ("given", _("&Given name"), self.given),
            ("birth", _("&Date of birth"), self.birth),
            ("sex", _("&Sex"), self.sex),
            ("record", _("&Record number"), self.record),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            error = QLabel()
            error.setObjectName(f"error_{key}")
            theme.set_role(error, "error")
            # as wide as the longest message in this language: the fields keep their width when one shows
            error.setMinimumWidth(max(170, *(error.fontMetrics().horizontalAdvance(_(m)) for m in PROBLEMS)))
            self.errors[key] = error
            row = QHBoxLayout()
            row.setSpacing(10)
            row.addWidget(field, 1)
            row.addWidget(error)
            form.addRow(caption, row)
        self.age_hint = QLabel()
        theme.set_role(self.age_hint, "hint")
        form.addRow("", self.age_hint)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(_("Save patient") if patient is None else _("Save changes"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(buttons)

        if patient is not None:
            self.family.setText(patient.family_name)
            self.given.setText(patient.given_name)
            self.birth.setText(patient.date_of_birth.isoformat())
            self.sex.setCurrentIndex(self.sex.findData(patient.sex))
            self.record.setText(patient.record_number or "")
        for edit in (self.family, self.given, self.birth, self.record):
            edit.textChanged.connect(self._revalidate)
        self.sex.currentIndexChanged.connect(self._revalidate)
        self.birth.textChanged.connect(self._show_age)
        self._show_age()

    # -- validation ----------------------------------------------------------

    def problems(self) -> dict[str, str]:
        """Field key -> what is wrong; empty when the patient can be saved."""
        out: dict[str, str] = {}
        if not self.family.text().strip():
            out["family"] = _(ENTER_FAMILY)
        if not self.given.text().strip():
            out["given"] = _(ENTER_GIVEN)
        text = self.birth.text().strip()
        birth = parse_date(text)
        if not text:
            out["birth"] = _(ENTER_BIRTH)
        elif birth is None:
            out["birth"] = _(NOT_A_DATE)
        elif birth > self._today:
            out["birth"] = _(IN_THE_FUTURE)
        elif birth.year < 1900:
            out["birth"] = _(CHECK_YEAR)
        if self.sex.currentData() is None:
            out["sex"] = _(CHOOSE_ONE)
        return out

    def _revalidate(self) -> None:
        if self._tried:
            self._show_problems(self.problems())

    def _show_problems(self, problems: dict[str, str]) -> None:
        fields = {"family": self.family, "given": self.given, "birth": self.birth, "sex": self.sex}
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            if key in fields:
                theme.set_flag(fields[key], "invalid", key in problems)
                fields[key].setAccessibleDescription(problems.get(key, ""))

    def _show_age(self) -> None:
        birth = parse_date(self.birth.text())
        if birth is None or birth > self._today:
            self.age_hint.setText("")
            return
        age = Patient("", "", birth, Sex.UNKNOWN).age_on(self._today)
        self.age_hint.setText(_('{show_date} · {age} years old').format(show_date=show_date(birth), age=age))

    def _try_accept(self) -> None:
        self._tried = True
        problems = self.problems()
        self._show_problems(problems)
        if problems:
            first = next(k for k in ("family", "given", "birth", "sex") if k in problems)
            {"family": self.family, "given": self.given, "birth": self.birth, "sex": self.sex}[first].setFocus()
            return
        birth = parse_date(self.birth.text())
        sex = self.sex.currentData()
        assert birth is not None and isinstance(sex, Sex)
        self._result = Patient(
            family_name=self.family.text().strip(),
            given_name=self.given.text().strip(),
            date_of_birth=birth,
            sex=sex,
            record_number=self.record.text().strip() or None,
        )
        self.accept()

    def patient(self) -> Patient | None:
        return self._result
