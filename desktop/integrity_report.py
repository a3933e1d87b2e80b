"""The window's integrity view: what `kinelink check` finds in the open database, for the physiotherapist.

File ▸ Check the database runs the same check as the command line (`db.check_file`: SQLite's whole-file
check, every exam against its checksum, the sealed history) and shows its findings here, in the
language of the window, with how many there are; or says that none were found.
"""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.desktop import theme
from kinelink.forms.i18n import _, ngettext
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget


class IntegrityReport(QDialog):
    """The findings of the check of `target` (a file name), one per line; a plain verdict when there are none."""

    def __init__(self, parent: QWidget | None, target: str, problems: Sequence[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Database check"))
        self.setStyleSheet(theme.style_sheet())
        self.problems = list(problems)
        count = len(self.problems)
        if count:
            verdict = ngettext("The check found {count} problem in {target}.",
                               "The check found {count} problems in {target}.", count).format(
                count=count, target=target)
            advice = _("Kinelink has not changed the file. Keep a copy of it as it is (File ▸ Back up now), then "
                       "restore the latest backup that passes this check (File ▸ Restore from a backup). Changes "
                       "made outside Kinelink are named below.")
        else:
            verdict = _("No problems found in {target}.").format(target=target)
            advice = _("The file is sound, every exam matches its checksum, and the record is as its sealed "
                       "history left it.")
        self.verdict = QLabel(verdict)
        self.verdict.setObjectName("IntegrityVerdict")
        self.verdict.setWordWrap(True)
        theme.set_role(self.verdict, "group-title")
        self.advice = QLabel(advice)
        self.advice.setWordWrap(True)
        self.findings = QListWidget()
        self.findings.setObjectName("IntegrityFindings")
        self.findings.setAccessibleName(_("Findings"))
        self.findings.setWordWrap(True)
        self.findings.setSpacing(3)
        # the command line's findings continue `PATH: `; here each one stands on its own line as a sentence
        self.findings.addItems([p[:1].upper() + p[1:] for p in self.problems])
        self.findings.setVisible(bool(count))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.advice)
        layout.addWidget(self.findings, 1 if count else 0)
        if not count:
            layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(860, 560 if count else 180)


def show_report(parent: QWidget | None, target: str, problems: Sequence[str]) -> None:
    """Blocking; a test replaces this one name."""
    IntegrityReport(parent, target, problems).exec()
