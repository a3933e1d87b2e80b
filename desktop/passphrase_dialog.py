"""The passphrase of an encrypted database: asked when it opens, again after the idle lock, and
chosen for a new database.

A wrong passphrase is said beside the field ("Wrong passphrase or not a Kinelink database"); the
dialog stays open and the file is not touched. "Remember it in this computer's keyring" is off
unless ticked: Kinelink never writes a passphrase to a file of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from kinelink import db
from kinelink.desktop import theme
from kinelink.forms.i18n import N_, _
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

LOST = N_("Keep the passphrase safe: nobody, Kinelink's makers included, can open the database without it. "
        "A lost passphrase means lost records.")
MINIMUM_LENGTH = 8


def _secret(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("PassphraseError")
    label.setWordWrap(True)
    theme.set_role(label, "error")
    label.hide()
    return label


class PassphraseDialog(QDialog):
    """One passphrase, tried with `check` (which raises `db.WrongPassphrase` when it does not open
    the file); `remember` is offered when opening, not when unlocking."""

    def __init__(self, parent: QWidget | None, intro: str, check: Callable[[str], None], *,
                 title: str | None = None, ok_text: str | None = None, cancel_text: str | None = None,
                 offer_remember: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or _("Encrypted database"))
        self.setObjectName("PassphraseDialog")
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(440)
        self._check = check
        heading = QLabel(intro)
        heading.setWordWrap(True)
        self.passphrase = _secret(_("Passphrase"))
        self.remember = QCheckBox(_("Remember it in this computer's keyring"))
        self.remember.setVisible(offer_remember)
        self.error = _error_label()
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(ok_text or _("Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel_text or _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_passphrase)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def try_passphrase(self) -> None:
        try:
            self._check(self.passphrase.text())
        except db.WrongPassphrase:
            self.error.setText(_("Wrong passphrase or not a Kinelink database. Nothing was changed."))
            self.error.show()
            self.passphrase.clear()
            self.passphrase.setFocus()
            return
        self.error.hide()
        self.accept()


class NewDatabaseDialog(QDialog):
    """File ▸ New database: where, and whether it is encrypted (with its passphrase, typed twice)."""

    def __init__(self, parent: QWidget | None, start: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New database"))
        self.setObjectName("NewDatabaseDialog")
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(480)
        self.path = QLineEdit(str(start / "kinelink.sqlite3"))
        self.path.setAccessibleName(_("Database file"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path)
        where.addWidget(browse)
        self.encrypt = QCheckBox(_("Encrypt the database with a passphrase"))
        self.encrypt.setToolTip(_("A stolen laptop then does not give the records away.") + " " + _(LOST))
        self.passphrase = _secret(_("Passphrase"))
        self.again = _secret(_("The same passphrase again"))
        self.remember = QCheckBox(_("Remember it in this computer's keyring"))
        self.warning = QLabel(_(LOST))
        self.warning.setWordWrap(True)
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(_("File"), where)
        form.addRow("", self.encrypt)
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_("Again"), self.again)
        form.addRow("", self.remember)
        form.addRow("", self.warning)
        form.addRow("", self.error)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Create"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.encrypt.toggled.connect(self._show_encryption)
        self._show_encryption(False)

    def _show_encryption(self, on: bool) -> None:
        for widget in (self.passphrase, self.again, self.remember, self.warning):
            widget.setEnabled(on)

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(self, _("New database"), self.path.text(),
                                                      _("Kinelink database (*.sqlite3)"))
        if chosen:
            self.path.setText(chosen)

    def problem(self) -> str | None:
        path = Path(self.path.text().strip()).expanduser()
        if not self.path.text().strip():
            return _("Give the file of the new database.")
        if path.exists():
            return _("{name} already exists; open it with File ▸ Open database, or choose another name.").format(
                name=path.name)
        if not path.parent.is_dir():
            return _("The folder {folder} does not exist.").format(folder=path.parent)
        if self.encrypt.isChecked():
            if len(self.passphrase.text()) < MINIMUM_LENGTH:
                return _("The passphrase needs at least {n} characters.").format(n=MINIMUM_LENGTH)
            if "\x00" in self.passphrase.text():
                return _("The passphrase cannot hold the NUL character.")
            if self.again.text() != self.passphrase.text():
                return _("The two passphrases differ.")
        return None

    def try_create(self) -> None:
        problem = self.problem()
        if problem is not None:
            self.error.setText(escape(problem))
            self.error.show()
            return
        self.accept()

    def chosen(self) -> tuple[Path, str | None, bool]:
        """(file, passphrase or None for a plain file, remember it in the keyring)."""
        encrypted = self.encrypt.isChecked()
        return (Path(self.path.text().strip()).expanduser(), self.passphrase.text() if encrypted else None,
                encrypted and self.remember.isChecked())
