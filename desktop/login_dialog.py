"""Logging in to a database that has accounts, unlocking after the idle lock, and the database
server's own password.

A failed login says only "wrong name or password", beside the password field, and clears the
password; it never tells whether the name exists.
"""

from __future__ import annotations

from collections.abc import Callable

from kinelink.db import Account
from kinelink.db.accounts import LoginFailed
from kinelink.desktop import theme
from kinelink.forms.formats import upper_first
from kinelink.forms.i18n import _
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

Check = Callable[[str, str], Account]  # (name, password) -> the account, or LoginFailed


class LoginDialog(QDialog):
    """Name and password; `account` is set when they open an active account."""

    def __init__(self, parent: QWidget | None, where: str, check: Check, *, name: str = "",
                 title: str = "", intro: str = "", quit_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or _("Log in to Kinelink"))
        self.setObjectName("LoginDialog")
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(420)
        self._check = check
        self.account: Account | None = None

        heading = QLabel(intro or _("This database has accounts. Log in to work on <b>{database}</b>.").format(
            database=_escape(where)))
        heading.setWordWrap(True)
        self.name = QLineEdit(name)
        self.name.setAccessibleName(_("Account name"))
        self.name.setReadOnly(bool(name))
        self.password = QLineEdit()
        self.password.setAccessibleName(_("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel()
        self.error.setObjectName("LoginError")
        theme.set_role(self.error, "error")
        self.error.hide()

        form = QFormLayout()
        form.addRow(_("Name"), self.name)
        form.addRow(_("Password"), self.password)
        form.addRow("", self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Log in"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(quit_text or _("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.password if name else self.name).setFocus()

    def try_login(self) -> None:
        try:
            self.account = self._check(self.name.text(), self.password.text())
        except LoginFailed as err:
            said = str(err)
            self.error.setText(upper_first(said))
            self.error.show()
            self.password.clear()
            self.password.setFocus()
            return
        self.error.hide()
        self.accept()


class ServerPasswordDialog(QDialog):
    """The database server's password for its user, when the keyring holds none."""

    def __init__(self, parent: QWidget | None, user: str, server: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Database server password"))
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(420)
        text = QLabel(_('The password of the database user <b>{escape}</b> on <b>{escape2}</b>.').format(
            escape=_escape(user), escape2=_escape(server)))
        text.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setAccessibleName(_("Server password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Remember it in this computer's keyring"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.password)
        layout.addWidget(self.remember)
        layout.addWidget(buttons)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
