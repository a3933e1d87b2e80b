"""What the window does with an error nobody caught: log it, and tell the user instead of vanishing.

`install(app)` replaces `sys.excepthook` (which PySide6 calls for an exception
raised in a slot or an event handler) and `threading.excepthook`. The
traceback goes to the log; in the GUI thread a dialog says what happened,
where the log is, and offers "Copy details" for whoever gives support. The
window stays open: the exam editor autosaves, so the user can carry on or quit.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from kinelink.desktop import logs
from kinelink.forms.i18n import N_, _
from PySide6 import QtCore
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)
TITLE = N_("Kinelink ran into a problem")


class CrashDialog(QDialog):
    def __init__(self, parent: QWidget | None, details: str) -> None:
        # loaded when an error is first shown: the hook is installed before the window's first paint
        from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit

        super().__init__(parent)
        self.setObjectName("CrashDialog")
        self.setWindowTitle(_(TITLE))
        self.setMinimumWidth(560)
        self.details = details
        log_file = logs.log_file()
        self.message = QLabel(
            _('Something went wrong inside Kinelink, and what you just did may not have finished.\n\nYour records '
              'are safe: every saved change is in the database, and the exam you are writing is saved as you type. '
              'You can carry on, or close Kinelink and start it again.\n\nThe details are in the log '
              'file:\n{log_file}\nIf it happens again, send that file, or the details copied with the button '
              'below, to your support.').format(log_file=log_file)
        )
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setAccessibleName(_("Error details"))
        self.text.setMaximumHeight(180)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_("&Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Copied"))


def details(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in logs.versions().items())
    return f"{versions}\nLog: {logs.log_file()}\n\n" + "".join(traceback.format_exception(kind, value, tb))


_shown: list[CrashDialog] = []  # holds the open dialog (one without a parent would be deleted at once)


def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    """The `sys.excepthook` of the window."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    log.critical("uncaught error", exc_info=(kind, value, tb))
    app = QApplication.instance()
    if not isinstance(app, QApplication) or threading.current_thread() is not threading.main_thread():
        return
    if _shown:  # an error in a paint handler repeats; one dialog is enough
        return
    dialog = CrashDialog(app.activeWindow(), details(kind, value, tb))
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    _shown.append(dialog)
    dialog.finished.connect(lambda _result: _shown.clear())
    dialog.show()  # not exec(): the hook returns, and Qt's event loop carries on
    dialog.raise_()


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    log.critical("uncaught error in thread %s", args.thread.name if args.thread else "?",
                 exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback))


def install() -> None:
    sys.excepthook = handle
    threading.excepthook = _thread_hook
