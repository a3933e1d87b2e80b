"""Help ▸ About: what this program is, its versions, and where its files are (for support)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from kinelink.desktop import logs, paths
from kinelink.forms.i18n import _
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget


def facts(database: str) -> list[tuple[str, str]]:
    """(label, value) rows: every version, then the folders and the database (labels in the current language)."""
    rows = list(logs.versions().items())
    rows += [(_("Log folder"), str(logs.log_dir())), (_("Data folder"), str(paths.data_dir())),
             (_("Database"), database)]
    return rows


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None, database: str) -> None:
        super().__init__(parent)
        self.setObjectName("AboutDialog")
        self.setWindowTitle(_("About Kinelink"))
        self.rows = facts(database)
        table = "".join(f"<tr><td><b>{escape(k)}</b>&nbsp;&nbsp;</td><td>{escape(v)}</td></tr>" for k, v in self.rows)
        self.text = QLabel(
            _("<p><b>Kinelink</b>: knee and hip examinations with kinetic-chain reasoning. It supports the "
              "clinician's judgement; it does not make a diagnosis.</p><table>{table}</table><p>Nothing is ever "
              "sent over a network. Proprietary software; the fonts and libraries it contains keep their own "
              "licences (LICENSE).</p>").format(table=table)
        )
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(520)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_logs = QPushButton(_("Open &log folder"))
        self.copy_button = QPushButton(_("&Copy"))
        buttons.addButton(self.open_logs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_logs.clicked.connect(self.show_log_folder)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def plain(self) -> str:
        return "\n".join(f"{k}: {v}" for k, v in self.rows)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.plain())

    def show_log_folder(self) -> bool:
        folder: Path = logs.log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def show(parent: QWidget | None, database: str) -> AboutDialog:
    """Open the dialog (window-modal, without blocking) and return it."""
    dialog = AboutDialog(parent, database)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
