"""The settings dialog: clinic, clinician, database location, backups, language."""

from __future__ import annotations

from kinelink.desktop import paths, theme
from kinelink.desktop.settings import Settings
from kinelink.forms import i18n
from kinelink.forms.i18n import _
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


def _path_row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setSpacing(6)
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


class _WrappingScroll(QScrollArea):
    """A scroll area that gives its content the height its wrapped labels need at the current width
    (QScrollArea ignores height-for-width and would squeeze them)."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        content = self.widget()
        layout = content.layout() if content is not None else None
        if content is not None and layout is not None:
            content.setMinimumHeight(layout.totalHeightForWidth(self.viewport().width()))
        super().resizeEvent(event)


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None, settings: Settings, in_use: str = "") -> None:
        """`in_use`: the database the window has open (from --db, say), shown when it is not the setting's."""
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(620)
        self._initial = settings
        self._result: Settings | None = None

        self.clinic_name = QLineEdit(settings.clinic_name)
        self.clinic_name.setAccessibleName(_("Clinic name"))
        self.clinic_name.setPlaceholderText(_("printed at the top of every document"))
        self.clinic_address = QPlainTextEdit(settings.clinic_address)
        self.clinic_address.setAccessibleName(_("Clinic address"))
        self.clinic_address.setTabChangesFocus(True)
        self.clinic_address.setFixedHeight(self.clinic_address.fontMetrics().lineSpacing() * 3 + 14)
        self.clinic_phone = QLineEdit(settings.clinic_phone)
        self.clinic_phone.setAccessibleName(_("Clinic telephone"))
        self.clinic_phone.setPlaceholderText(_("printed in the letterhead of letters"))
        self.clinic_email = QLineEdit(settings.clinic_email)
        self.clinic_email.setAccessibleName(_("Clinic email"))
        self.clinician = QLineEdit(settings.clinician_name)
        self.clinician.setAccessibleName(_("Clinician name"))
        self.clinician.setPlaceholderText(_("e.g. Maria Kowalska, PT: signs exams and documents"))

        self.database = QLineEdit(settings.database_path)
        self.database.setAccessibleName(_("Database file"))
        # a grey path in an empty field reads as the file in use: say it is only the default
        self.database.setPlaceholderText(_("default: {path}").format(path=paths.default_database()))
        browse_db = QPushButton(_("Browse…"))
        browse_db.setAccessibleName(_("Choose database file"))
        browse_db.clicked.connect(self._browse_database)
        self.backup_folder = QLineEdit(settings.backup_folder)
        self.backup_folder.setAccessibleName(_("Backup folder"))
        self.backup_folder.setPlaceholderText(str(paths.default_backup_folder()))
        browse_backup = QPushButton(_("Browse…"))
        browse_backup.setAccessibleName(_("Choose backup folder"))
        browse_backup.clicked.connect(self._browse_backups)
        self.auto_backup = QCheckBox(_("Back up automatically when Kinelink closes"))
        self.auto_backup.setChecked(settings.auto_backup)
        self.keep = QSpinBox()
        self.keep.setAccessibleName(_("Automatic backups to keep"))
        self.keep.setRange(1, 365)
        self.keep.setValue(settings.keep_backups)
        self.keep.setSuffix(_(" most recent"))
        self.auto_backup.toggled.connect(self.keep.setEnabled)
        self.keep.setEnabled(settings.auto_backup)

        clinic = QGroupBox(_("Clinic and clinician"))
        form = QFormLayout(clinic)
        form.setVerticalSpacing(8)
        self._add(form, _("Clinic &name"), self.clinic_name)
        self._add(form, _("Clinic &address"), self.clinic_address)
        self._add(form, _("Clinic &telephone"), self.clinic_phone)
        self._add(form, _("Clinic &email"), self.clinic_email)
        self._add(form, _("&Clinician"), self.clinician)

        storage = QGroupBox(_("Database and backups"))
        form2 = QFormLayout(storage)
        form2.setVerticalSpacing(8)
        self._add(form2, _("&Database"), _path_row(self.database, browse_db), self.database)
        self.database_error = QLabel()
        self.database_error.setObjectName("DatabaseError")
        theme.set_role(self.database_error, "error")
        self.database_error.setWordWrap(True)
        self.database_error.hide()
        form2.addRow("", self.database_error)
        note = QLabel(_("A file, or a clinic server: postgresql+psycopg://user@server/kinelink?sslmode=verify-full"
                        "&sslrootcert=/path/to/clinic-ca.pem (the password is asked, or taken from the keyring; "
                        "never typed here). Used when Kinelink starts without --db; changing it opens it now."))
        theme.set_role(note, "hint")
        note.setWordWrap(True)
        form2.addRow("", note)
        self.database_in_use = QLabel(_("Open now: {database} (given when Kinelink was started; this setting is "
                                        "not changed by it).").format(database=in_use))
        self.database_in_use.setObjectName("DatabaseInUse")
        self.database_in_use.setWordWrap(True)
        self.database_in_use.setVisible(bool(in_use) and in_use != settings.database_target())
        form2.addRow("", self.database_in_use)
        self._add(form2, _("&Backup folder"), _path_row(self.backup_folder, browse_backup), self.backup_folder)
        form2.addRow("", self.auto_backup)
        self._add(form2, _("&Keep"), self.keep)
        self.idle_lock = QSpinBox()
        self.idle_lock.setAccessibleName(_("Idle lock after minutes"))
        self.idle_lock.setRange(0, 240)
        self.idle_lock.setValue(settings.idle_lock_minutes)
        self.idle_lock.setSuffix(_(" minutes without use"))
        self.idle_lock.setSpecialValueText(_("never"))
        self._add(form2, _("&Lock the window after"), self.idle_lock)

        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("System ({language})").format(language=i18n.LANGUAGES[i18n.system_language().code]),
                              i18n.SYSTEM)
        for code, name in i18n.LANGUAGES.items():  # each language named in itself
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        appearance = QGroupBox(_("Language"))
        form3 = QFormLayout(appearance)
        self._add(form3, _("&Language"), self.language)
        restart = QLabel(_("The window, the analysis and the documents use this language from the next start "
                           "of Kinelink."))
        theme.set_role(restart, "hint")
        restart.setWordWrap(True)
        form3.addRow("", restart)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(18, 12, 18, 4)
        column.setSpacing(10)
        column.addWidget(clinic)
        column.addWidget(storage)
        column.addWidget(appearance)
        # On a low screen the groups scroll; squeezed into it they would overlap and cut the help text.
        self.scroll_area = _WrappingScroll()
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 14)
        layout.setSpacing(6)
        layout.addWidget(self.scroll_area, 1)
        buttons.setContentsMargins(18, 0, 18, 0)
        layout.addWidget(buttons)
        room = self.screen().availableGeometry()
        wanted = content.sizeHint()
        width = min(max(620, wanted.width() + 24), room.width() - 16)  # 16: the window's borders
        self.setMinimumWidth(min(620, room.width() - 16))
        self.resize(width, min(wanted.height() + buttons.sizeHint().height() + 36, room.height() - 40))

    @staticmethod
    def _add(form: QFormLayout, text: str, field: QWidget | QHBoxLayout, buddy: QWidget | None = None) -> None:
        caption = QLabel(text)
        target = buddy or (field if isinstance(field, QWidget) else None)
        if target is not None:
            caption.setBuddy(target)
        form.addRow(caption, field)

    def _browse_database(self) -> None:
        start = self.database.text() or str(paths.default_database())
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Database file"), start, _("Kinelink database (*.sqlite3 *.sqlite *.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if name:
            self.database.setText(name)

    def _browse_backups(self) -> None:
        start = self.backup_folder.text() or str(paths.default_backup_folder())
        name = QFileDialog.getExistingDirectory(self, _("Backup folder"), start)
        if name:
            self.backup_folder.setText(name)

    def _accept(self) -> None:
        problem = _database_problem(self.database.text().strip())
        if problem:
            self.database_error.setText(problem)
            self.database_error.show()
            self.database.setFocus()
            return
        self._result = self._initial.with_(
            clinic_name=self.clinic_name.text().strip(),
            clinic_address=self.clinic_address.toPlainText().strip(),
            clinic_phone=self.clinic_phone.text().strip(),
            clinic_email=self.clinic_email.text().strip(),
            clinician_name=self.clinician.text().strip(),
            database_path=self.database.text().strip(),
            backup_folder=self.backup_folder.text().strip(),
            auto_backup=self.auto_backup.isChecked(),
            keep_backups=self.keep.value(),
            idle_lock_minutes=self.idle_lock.value(),
            language=str(self.language.currentData()),
        )
        self.accept()

    def settings(self) -> Settings | None:
        return self._result


def _database_problem(text: str) -> str:
    """Why the Database field cannot be kept: a server address holding a password (Settings are a
    plain file) or one that is not an address at all; "" when fine."""
    if "://" not in text:
        return ""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text)
    except ArgumentError:
        return _("Database: not a database address (postgresql+psycopg://user@server/kinelink)")
    if url.password is not None:
        return _("Database: remove the password from the address; Kinelink asks for it when connecting and can "
                 "keep it in this computer's keyring, never in the settings file")
    return ""
