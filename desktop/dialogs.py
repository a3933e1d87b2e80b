"""Every blocking question the window asks, each behind one small function.

A test replaces one name (`monkeypatch.setattr(dialogs, "ask_amend_reason", ...)`)
instead of driving a modal dialog; callers always go through this module
(`dialogs.ask_save_path(...)`), never import the functions by name.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kinelink.desktop import theme
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import N_, _, ngettext
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:  # each dialog is loaded when first asked for, not with the window; the records and the
    # domain's types load with the database layer, after the window is first painted
    from kinelink.db import Account
    from kinelink.db.records import PatientSummary
    from kinelink.desktop.letter_dialog import LetterContext
    from kinelink.desktop.settings import Settings
    from kinelink.desktop.usecases.exams import Version
    from kinelink.forms.letters.compose import Letter
    from kinelink.forms.model import Patient, PatientId
    from kinelink.forms.vocab import Instrument

def _escape(text: str) -> str:
    from html import escape  # html.entities: not before the window is first painted

    return escape(text)


PDF_FILTER = N_("PDF document (*.pdf)")  # the filters are shown through _()
EXAM_FILTER = N_("Kinelink exam file (*.json)")
DATABASE_FILTER = N_("Kinelink database (*.sqlite3 *.sqlite *.db);;All files (*)")


class DatabaseChoice(enum.Enum):
    CHOOSE_ANOTHER = "choose"
    QUIT = "quit"


class RecoveryChoice(enum.Enum):
    RESTORE = "restore"
    KEEP_AS_DRAFT = "keep"  # leave it in the patient's timeline, do not open it now


class DuplicateChoice(enum.Enum):
    OPEN_EXISTING = "open"  # the patient is already stored: open that record
    CREATE_ANYWAY = "create"  # a different person with the same name and birth date
    CANCEL = "cancel"


class DraftChoice(enum.Enum):
    OPEN_DRAFT = "open"  # go on with the draft already there
    NEW_EXAM = "new"  # start another exam beside it, deliberately
    CANCEL = "cancel"


class StaleChoice(enum.Enum):
    RELOAD = "reload"  # load the colleague's version; this editor's changes are dropped
    KEEP_BOTH = "keep_both"  # save this editor's version as a separate draft beside theirs


class UnsavedChoice(enum.Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


# -- patients, exams ----------------------------------------------------------


def ask_new_patient(parent: QWidget | None) -> Patient | None:
    from kinelink.desktop.patient_dialog import PatientDialog

    dialog = PatientDialog(parent)
    return dialog.patient() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_edit_patient(parent: QWidget | None, patient: Patient) -> Patient | None:
    from kinelink.desktop.patient_dialog import PatientDialog

    dialog = PatientDialog(parent, patient)
    return dialog.patient() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _person(summary: PatientSummary) -> str:
    p = summary.patient
    bits = [f"born {show_date(p.date_of_birth)}", p.sex.label]
    if p.record_number:
        bits.append(f"record {p.record_number}")
    bits.append(f"{summary.exam_count} exam{'s' if summary.exam_count != 1 else ''}")
    return f"{p.full_name} ({', '.join(bits)})"


def ask_duplicate(parent: QWidget | None, patient: Patient, existing: Sequence[PatientSummary]) -> DuplicateChoice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("This patient may already be stored"))
    box.setText(_('{full_name}, born {show_date}, {sex}, has the same name, date of birth and sex as:').format(
        full_name=patient.full_name, show_date=show_date(patient.date_of_birth), sex=patient.sex.label))
    box.setInformativeText("\n".join(f"• {_person(e)}" for e in existing)
                           + "\n\n" + _("Open the stored record, or add a new patient anyway?"))
    open_it = box.addButton(_("Open the stored record"), QMessageBox.ButtonRole.AcceptRole)
    create = box.addButton(_("Add a new patient"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(open_it)
    box.exec()
    clicked = box.clickedButton()
    return (DuplicateChoice.OPEN_EXISTING if clicked is open_it
            else DuplicateChoice.CREATE_ANYWAY if clicked is create else DuplicateChoice.CANCEL)


def ask_merge_target(
    parent: QWidget | None, patient: PatientSummary, candidates: Sequence[PatientSummary]
) -> PatientId | None:
    """Which record the exams of `patient` move to, confirmed with both identities side by side
    (desktop.merge_dialog); None unless the merge was confirmed."""
    from kinelink.desktop.merge_dialog import MergeDialog

    dialog = MergeDialog(parent, patient, candidates)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_follow_up(parent: QWidget | None, last: str, done_last_time: Sequence[Instrument]) -> list[Instrument] | None:
    """Which questionnaires the patient fills in again (those of the last exam ticked at first)."""
    from kinelink.forms.questionnaires import QUESTIONNAIRES

    dialog = QDialog(parent)
    dialog.setWindowTitle(_("New follow-up"))
    dialog.setStyleSheet(theme.style_sheet())
    lead = QLabel(_('The history and goals of the exam of {last} are copied; its measurements are shown greyed '
                    'beside their fields until you measure again or confirm them (=).\n\nWhich questionnaires does '
                    'the patient fill in today?').format(last=last))
    lead.setWordWrap(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(lead)
    boxes: dict[Instrument, QCheckBox] = {}
    for instrument, q in QUESTIONNAIRES.items():
        again = instrument in done_last_time
        text = _("{instrument}: {title} (filled in last time)") if again else "{instrument}: {title}"
        box = QCheckBox(text.format(instrument=instrument.value, title=q.title))
        box.setChecked(instrument in done_last_time)
        boxes[instrument] = box
        layout.addWidget(box)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Start follow-up"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return [i for i, box in boxes.items() if box.isChecked()]


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """A yes/no question whose yes button says what it does ("Archive", "Delete draft")."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes


def confirm_sign(parent: QWidget | None, what: str) -> bool:
    answer = QMessageBox.question(
        parent,
        _("Sign off exam"),
        _('Sign off {what}?\n\nA signed exam is locked: later changes are recorded as amendments with a reason, '
          'and the original stays readable.').format(what=what),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def confirm_take_over(parent: QWidget | None, what: str, *, stored_by: str, account: str) -> bool:
    """Signing a draft that no account started (stored by `kinelink import`): the clinician takes it
    over first, which the audit trail records with their account."""
    answer = QMessageBox.question(
        parent,
        _("Take over and sign"),
        _('{what} was stored by {stored_by}, which is no account, so nobody has signed it yet.\n\n'
          'Take it over as {account} and sign it? Your signature then attests these findings as yours; the '
          'audit trail records that {account} took it over. A signed exam is locked: later changes are '
          'recorded as amendments with a reason.').format(what=what, stored_by=stored_by, account=account),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def confirm_clear_answers(parent: QWidget | None, instrument: str, answered: int) -> bool:
    answer = QMessageBox.question(
        parent,
        _('Clear the {instrument} answers').format(instrument=instrument),
        ngettext("Clear the {answered} {instrument} answer and its date?\n\nUndo clear brings it back until you "
                 "leave this exam.",
                 "Clear all {answered} {instrument} answers and their date?\n\nUndo clear brings them back until you "
                 "leave this exam.", answered).format(answered=answered, instrument=instrument),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class _ReasonDialog(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Reason for the amendment"))
        self.setStyleSheet(theme.style_sheet())
        self.setMinimumWidth(480)
        lead = QLabel(_("The exam is signed. Say why it is being changed; the reason, your name and the "
                      "time are kept with the new version, and the signed version stays readable."))
        lead.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(_("Reason for the amendment"))
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 14)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Save amendment"))
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.text())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.addWidget(lead)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)

    def text(self) -> str:
        return self.reason.toPlainText().strip()


def ask_amend_reason(parent: QWidget | None) -> str | None:
    dialog = _ReasonDialog(parent)
    if dialog.exec() == QDialog.DialogCode.Accepted and dialog.text():
        return dialog.text()
    return None


def confirm_cancel_amendment(parent: QWidget | None) -> bool:
    answer = QMessageBox.warning(
        parent,
        _("Cancel amendment"),
        _("Discard the changes made in this amendment?\n\nThe signed exam stays as it is."),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


def ask_resume_amendment(parent: QWidget | None, what: str) -> bool:
    """An amendment to `what` was being written when Kinelink stopped: continue it (True) or discard it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unfinished amendment"))
    box.setText(_('An amendment to {what} was being written when Kinelink closed. It was kept as typed.').format(
        what=what))
    box.setInformativeText(_("Continue it (then Save amendment records it with a reason), or discard it? "
                           "The signed exam is unchanged either way."))
    resume = box.addButton(_("Continue the amendment"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Discard it"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(resume)
    box.exec()
    return box.clickedButton() is resume


def ask_unsaved_amendment(parent: QWidget | None) -> UnsavedChoice:
    answer = QMessageBox.question(
        parent,
        _("Unsaved amendment"),
        _("This amendment has not been saved. Save it as a new version now?"),
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    return {
        QMessageBox.StandardButton.Save: UnsavedChoice.SAVE,
        QMessageBox.StandardButton.Discard: UnsavedChoice.DISCARD,
    }.get(answer, UnsavedChoice.CANCEL)


def confirm_discard(parent: QWidget | None) -> bool:
    """The last changes could not be saved: close anyway (losing them) or stay?"""
    answer = QMessageBox.warning(
        parent,
        _("Changes not saved"),
        _("The last changes to this exam could not be saved. Close it anyway and lose them?\n\n"
        "Everything up to the last successful save is kept."),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard


def ask_existing_draft(parent: QWidget | None, patient: str, draft: str, is_open: bool) -> DraftChoice:
    """Ctrl+N while the patient has a draft: go on with it, or start another exam on purpose."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("A draft exam exists"))
    box.setText((_("The draft exam of {date} for {patient} is open, not signed.") if is_open else
                 _("{patient} already has a draft exam of {date}, not signed.")).format(date=draft, patient=patient))
    box.setInformativeText(_("Go on with that draft, or start another exam beside it (both stay drafts)?"))
    keep = box.addButton(_("Go on with the open draft") if is_open else _("Open the draft"),
                         QMessageBox.ButtonRole.AcceptRole)
    new = box.addButton(_("Start another exam"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return (DraftChoice.OPEN_DRAFT if clicked is keep
            else DraftChoice.NEW_EXAM if clicked is new else DraftChoice.CANCEL)


def ask_recover_draft(parent: QWidget | None, descriptions: Sequence[str]) -> RecoveryChoice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Restore your work"))
    box.setText(_("Kinelink closed while an exam was open. Everything up to the last autosave is kept."))
    box.setInformativeText("\n".join(descriptions))
    restore = box.addButton(_("Open it again"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Keep as draft"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return RecoveryChoice.RESTORE if box.clickedButton() is restore else RecoveryChoice.KEEP_AS_DRAFT


def ask_baseline(parent: QWidget | None, options: Sequence[tuple[str, str]], default: str) -> str | None:
    """Which signed exam progress is measured from: `options` are (exam id, label), newest first."""
    from PySide6.QtWidgets import QInputDialog

    labels = [label for _key, label in options]
    current = next((i for i, (key, _label) in enumerate(options) if key == default), 0)
    label, ok = QInputDialog.getItem(parent, _("Baseline exam"), _("Compare this exam with the signed exam of:"),
                                     labels, current, False)
    return next((key for key, text in options if text == label), None) if ok else None


def ask_letter(parent: QWidget | None, context: LetterContext) -> Letter | None:
    """The letter as the clinician composed it, or None when they cancelled."""
    from kinelink.desktop.letter_dialog import LetterDialog

    dialog = LetterDialog(parent, context)
    return dialog.result_letter() if dialog.exec() == QDialog.DialogCode.Accepted else None


def show_history(parent: QWidget | None, title: str, versions: Sequence[Version]) -> None:
    from kinelink.desktop.history_dialog import HistoryDialog

    HistoryDialog(parent, title, versions).exec()


def show_problems(parent: QWidget | None, title: str, lead: str, problems: Sequence[tuple[str, str]]) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(lead)
    box.setInformativeText("\n".join(f"• {where}: {what}" if where else f"• {what}" for where, what in problems))
    box.exec()


# -- files --------------------------------------------------------------------


def ask_save_path(parent: QWidget | None, title: str, suggested: Path, file_filter: str = PDF_FILTER) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), _(file_filter))
    if not name:
        return None
    path = Path(name)
    if file_filter == PDF_FILTER and path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    return path


def ask_open_paths(parent: QWidget | None, title: str, start: Path, file_filter: str = EXAM_FILTER) -> list[Path]:
    names, _filter = QFileDialog.getOpenFileNames(parent, title, str(start), _(file_filter))
    return [Path(n) for n in names]


def ask_directory(parent: QWidget | None, title: str, start: Path) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(name) if name else None


def ask_backup_file(parent: QWidget | None, start: Path) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(parent, _("Restore from a backup"), str(start), _(DATABASE_FILTER))
    return Path(name) if name else None


def ask_database_file(parent: QWidget | None, start: Path) -> Path | None:
    """An existing database to open, or the name of a new one."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Open or create a database"), str(start), _(DATABASE_FILTER),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    return Path(name) if name else None


def confirm_restore(parent: QWidget | None, backup: Path, database: str, taken: str) -> bool:
    answer = QMessageBox.warning(
        parent,
        _("Restore from a backup"),
        _('Replace everything in {database} with the backup {name} ({taken})?\n\nChanges made since that backup '
          'will no longer be in the database. A copy of the database as it is now is saved to the backup folder '
          'first.').format(database=database, name=backup.name, taken=taken),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


# -- the database cannot be opened, settings, messages -------------------------


def database_error(parent: QWidget | None, target: str, message: str) -> DatabaseChoice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Kinelink cannot open the database"))
    box.setText(_('Kinelink cannot open {target}.').format(target=target))
    reason = message[:1].upper() + message[1:]
    from kinelink.db.sqlitefile import UNCHANGED

    if "not changed" not in reason and _(UNCHANGED) not in reason:  # the database layer may already say so
        reason += " " + (_("Nothing on the server has been changed.") if "://" in target
                         else _("The file has not been changed."))
    box.setInformativeText(_('{reason}\n\nYou can open another database (or create a new one), or quit and ask for '
                             'help with this file.').format(reason=reason))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    choose = box.addButton(_("Open another database…"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(choose)
    box.exec()
    return DatabaseChoice.CHOOSE_ANOTHER if box.clickedButton() is choose else DatabaseChoice.QUIT


def ask_settings(parent: QWidget | None, settings: Settings, in_use: str = "") -> Settings | None:
    from kinelink.desktop.settings_dialog import SettingsDialog

    dialog = SettingsDialog(parent, settings, in_use)
    return dialog.settings() if dialog.exec() == QDialog.DialogCode.Accepted else None


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    box.exec()



def shortcuts_dialog(parent: QWidget | None, rows: Sequence[tuple[str, str]]) -> QDialog:
    """The F1 list: it scrolls within the screen's available height (a message box grows past it)."""
    table = "".join(f"<tr><td><b>{_escape(keys)}</b></td><td>{_escape(what)}</td></tr>" for keys, what in rows)
    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Keyboard shortcuts"))
    text = QTextBrowser()
    text.setObjectName("ShortcutList")
    text.setOpenLinks(False)
    text.setHtml(_("<table cellspacing='4'>{table}</table><p>Tab and Shift+Tab move between fields; Enter opens the "
                   "selected row; Alt and the underlined letter opens a menu.</p>").format(table=table))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    buttons.accepted.connect(dialog.accept)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text, 1)
    layout.addWidget(buttons)
    room = dialog.screen().availableGeometry()
    text.document().setTextWidth(520)
    wanted = int(text.document().size().height()) + buttons.sizeHint().height() + 48
    dialog.resize(min(600, room.width()), min(wanted, room.height() - 40))  # 40: a title bar
    buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()
    return dialog


def show_shortcuts(parent: QWidget | None, rows: Sequence[tuple[str, str]]) -> None:
    shortcuts_dialog(parent, rows).exec()


# -- accounts, servers, colleagues ----------------------------------------------------


def ask_login(parent: QWidget | None, where: str, check: Callable[[str, str], Account]) -> Account | None:
    """The account that logged in, or None when the user chose to quit."""
    from kinelink.desktop.login_dialog import LoginDialog

    dialog = LoginDialog(parent, where, check)
    return dialog.account if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_unlock(parent: QWidget | None, account: str, minutes: int,
               check: Callable[[str, str], Account]) -> bool:
    """After the idle lock: True once the same account's password was given, False to close."""
    from kinelink.desktop.login_dialog import LoginDialog

    dialog = LoginDialog(parent, "", check, name=account, title=_("Kinelink is locked"),
                         quit_text=_("Close Kinelink"),
                         intro=ngettext("Locked after {minutes} minute without use. Your work was saved. Enter the "
                                        "password of <b>{account}</b> to go on.",
                                        "Locked after {minutes} minutes without use. Your work was saved. Enter the "
                                        "password of <b>{account}</b> to go on.", minutes).format(
                             minutes=minutes, account=_escape(account)))
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_server_password(parent: QWidget | None, user: str, server: str) -> tuple[str, bool] | None:
    """(the database server's password, keep it in the keyring), or None when cancelled."""
    from kinelink.desktop.login_dialog import ServerPasswordDialog

    dialog = ServerPasswordDialog(parent, user, server)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text(), dialog.remember.isChecked()


def ask_stale_edit(parent: QWidget | None, who: str, when: str, changes: Sequence[str]) -> StaleChoice:
    """A colleague saved this exam after it was opened here: load theirs, or keep both."""
    box = QMessageBox(parent)
    box.setObjectName("StaleEditDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Changed by a colleague"))
    box.setText(_('{who} changed this exam at {when}, after you opened it. Your latest changes were not saved over '
                  'theirs.').format(who=who, when=when))
    box.setInformativeText(_("Load their version (your unsaved changes are dropped), or keep both: yours is "
                           "saved as a separate draft of the same patient."))
    if changes:
        box.setDetailedText(_("Their version differs from yours in:") + "\n" + "\n".join(changes))
    reload = box.addButton(_("Load their version"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep both"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(keep)
    box.exec()
    return StaleChoice.RELOAD if box.clickedButton() is reload else StaleChoice.KEEP_BOTH


# -- encrypted databases --------------------------------------------------------------


def ask_passphrase(parent: QWidget | None, file_name: str, check: Callable[[str], None]) -> tuple[str, bool] | None:
    """(the passphrase that opened the encrypted file, keep it in the keyring), or None when cancelled.
    `check` raises `db.WrongPassphrase` for a passphrase that does not open it (the dialog says so)."""
    from kinelink.desktop.passphrase_dialog import LOST, PassphraseDialog

    dialog = PassphraseDialog(parent, _("<b>{file}</b> is encrypted. Enter its passphrase to open it.").format(
                              file=_escape(file_name)) + f"<br><small>{_escape(_(LOST))}</small>", check)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text(), dialog.remember.isChecked()


def ask_unlock_passphrase(parent: QWidget | None, file_name: str, minutes: int, check: Callable[[str], None]) -> bool:
    """After the idle lock of an encrypted database: True once its passphrase was given, False to close."""
    from kinelink.desktop.passphrase_dialog import PassphraseDialog

    intro = ngettext("Locked after {minutes} minute without use. Your work was saved. Enter the passphrase of "
                     "<b>{file}</b> to go on.",
                     "Locked after {minutes} minutes without use. Your work was saved. Enter the passphrase of "
                     "<b>{file}</b> to go on.", minutes).format(minutes=minutes, file=_escape(file_name))
    dialog = PassphraseDialog(parent, intro, check,
                              title=_("Kinelink is locked"), ok_text=_("Unlock"), cancel_text=_("Close Kinelink"),
                              offer_remember=False)
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_new_database(parent: QWidget | None, start: Path) -> tuple[Path, str | None, bool] | None:
    """(file, passphrase or None for a plain database, keep the passphrase in the keyring), or None."""
    from kinelink.desktop.passphrase_dialog import NewDatabaseDialog

    dialog = NewDatabaseDialog(parent, start)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
