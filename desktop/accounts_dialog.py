"""File ▸ Accounts… (administrators only): the database's accounts, and disabling one. New
accounts are added with `kinelink user add` (README, "A clinic server"), where the password is
typed twice on a terminal."""

from __future__ import annotations

from kinelink import db
from kinelink.db import accounts
from kinelink.desktop import theme
from kinelink.forms.i18n import N_, _
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# a role as the table shows it; the command line keeps the role's own word (`--role clinician`)
ROLE_NAMES = {db.Role.CLINICIAN: N_("clinician"), db.Role.ADMIN: N_("admin"), db.Role.READER: N_("reader")}


class AccountsDialog(QDialog):
    def __init__(self, parent: QWidget | None, database: db.Database, author: str) -> None:
        super().__init__(parent)
        self.database, self.author = database, author
        self.setWindowTitle(_("Accounts"))
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(460)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.disable = QPushButton(_("Disable account"))
        self.disable.setToolTip(_("Accounts are disabled, never deleted: every name in the audit trail stays "
                                  "explained"))
        self.disable.clicked.connect(self._disable_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        how = QLabel(_("Add an account with <code>kinelink user add NAME --role clinician|admin|reader "
                       "--db URL</code>."))
        how.setWordWrap(True)  # the German sentence is longer than the dialog is wide
        layout.addWidget(how)
        layout.addWidget(self.table)
        layout.addWidget(self.disable)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        with self.database.session() as s:
            listed = accounts.list_accounts(s)
        self.table.setRowCount(len(listed))
        for row, account in enumerate(listed):
            state = _("disabled") if account.disabled else _("active")
            for col, text in enumerate((account.name, _(ROLE_NAMES[account.role]), state)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def _disable_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0 or (item := self.table.item(row, 0)) is None:
            return
        with self.database.session() as s:
            accounts.disable_account(s, item.text(), author=self.author)
        self.refresh()
