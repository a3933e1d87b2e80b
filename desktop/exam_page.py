"""The exam being written: the editor, autosave, sign-off and amendments.

Never lose a keystroke: every `changed` from the editor restarts a ~500 ms
timer; when it fires the draft is saved (`save_draft`) and marked as open in
the editor (`set_editing`) in one unit of work, and the status bar says
"Saved 14:32:05". A clean close saves what is pending and clears the mark; a
mark left behind by a crash makes the next start offer the draft back.

A signed exam opens locked. Amend unlocks it; Save then asks for the reason
and records a new version (`amend_exam`); the signed version stays readable.

What the exam cannot hold is kept beside it (`db.pending`): text typed into a field that
is not valid stays as typed, is shown again when the exam is reopened, and blocks sign-off
and documents until corrected; an amendment being written is kept as typed every ~500 ms,
so a crash loses nothing and the next opening offers it back.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from kinelink import db
from kinelink.db.records import ExamStatus, Lease
from kinelink.desktop import dialogs, theme
from kinelink.desktop.models import STATUS_LABELS
from kinelink.desktop.usecases import exams
from kinelink.desktop.usecases.workspace import Workspace
from kinelink.forms.formats import show_date, show_moment
from kinelink.forms.i18n import N_, _, ngettext
from kinelink.forms.model import Exam, ExamId, Patient, PatientId
from kinelink.forms.vocab import Instrument
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from kinelink.db.pending import PendingInput
    from kinelink.desktop.editor import ExamEditor

AUTOSAVE_MS = 500

RETRY_MS = 5000
HEARTBEAT_MS = 30_000  # renews the editing lease (it expires after repository.LEASE_SECONDS)


def make_editor(parent: QWidget) -> ExamEditor:
    from kinelink.desktop.editor import ExamEditor  # the largest widget of all: loaded when first needed

    return ExamEditor(parent)


class Mode(enum.Enum):
    CLOSED = "closed"
    DRAFT = "draft"  # editable, saved as you type
    LOCKED = "locked"  # signed (or amended): read only
    AMENDING = "amending"  # a signed exam unlocked for an amendment: saved on Save, with a reason


NO_CLINICIAN = N_("Enter the examining clinician's name in the exam header first: the signature names the "
                  "exam's clinician.")


class ExamPage(QWidget):
    saved = Signal(str)  # ExamId, after every commit (autosave, save, sign-off, amendment)
    state_changed = Signal()  # mode or status changed: the window updates its actions
    save_state = Signal(str)  # "Saved 14:32:05", "Not saved: …": shown until the next one
    status_message = Signal(str)  # a passing hint
    analysis_updated = Signal(object)  # forms.findings.Analysis, re-emitted from the editor
    back_requested = Signal()

    def __init__(self, workspace: Callable[[], Workspace], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Page")
        self._workspace = workspace
        self.mode = Mode.CLOSED
        self.patient_id: PatientId | None = None
        self.patient: Patient | None = None
        self.exam_id: ExamId | None = None
        self.status: ExamStatus | None = None  # None: new, not saved yet
        self.version = 1
        self.signed_by: str | None = None
        self.signed_at: dt.datetime | None = None
        self.analysis: object | None = None
        self.last_saved: dt.datetime | None = None
        self._dirty = False
        self._loading = False
        self._save_failed = False

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._autosave)
        self.row_version = 1  # what the stored exam was when read: a save against an older one is refused
        self.held_by: Lease | None = None  # a colleague editing this draft now: it opens read-only
        self.sign_refusal: str | None = None  # why this account may not sign the open draft (not its author)
        self.take_over_from: str | None = None  # the draft was stored under this name, no account's (an import)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self.renew_lease)

        # header: back, who and when, status
        self.back_button = QPushButton(_("‹ Patient"))
        self.back_button.setAccessibleName(_("Back to the patient"))
        self.back_button.setToolTip(_("Close the exam and go back to the patient (Ctrl+W)"))
        self.back_button.clicked.connect(self.back_requested)
        self.badge = QLabel()
        self.badge.setObjectName("ExamStatus")
        theme.set_role(self.badge, "badge")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("SavedLabel")
        theme.set_role(self.saved_label, "muted")
        self.save_button = QPushButton(_("Save"))
        self.sign_button = QPushButton(_("Sign off…"))
        theme.set_role(self.sign_button, "primary")
        self.amend_button = QPushButton(_("Amend…"))
        self.cancel_amend_button = QPushButton(_("Cancel amendment"))
        self.cancel_amend_button.clicked.connect(self.cancel_amendment)
        self.history_button = QPushButton(_("History…"))
        self.summary_button = QPushButton(_("Summary PDF…"))
        self.letter_button = QPushButton(_("Letter…"))
        self.history_button.setAccessibleName(_("Amendment history"))
        self.letter_button.setAccessibleName(_("Referral letter"))

        header = QFrame()
        header.setStyleSheet(theme.style_sheet())
        theme.set_role(header, "header")
        row = QHBoxLayout(header)
        row.setContentsMargins(10, 6, 10, 6)
        row.setSpacing(8)
        row.addWidget(self.back_button)
        row.addSpacing(6)
        row.addWidget(self.badge)
        row.addSpacing(8)
        row.addWidget(self.saved_label)
        row.addStretch(1)
        for button in (self.save_button, self.sign_button, self.amend_button, self.cancel_amend_button,
                       self.history_button, self.summary_button, self.letter_button):
            row.addWidget(button)

        self.banner = QFrame()
        theme.set_role(self.banner, "banner")
        self.banner_text = QLabel()
        self.banner_text.setObjectName("ExamBanner")
        self.banner_text.setWordWrap(True)
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(12, 6, 12, 6)
        banner_row.addWidget(self.banner_text, 1)
        self.banner_box = QWidget()
        self.banner_box.setStyleSheet(theme.style_sheet())
        banner_margin = QVBoxLayout(self.banner_box)
        banner_margin.setContentsMargins(16, 8, 16, 0)
        banner_margin.addWidget(self.banner)
        self.banner_box.hide()

        self._editor: ExamEditor | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(header)
        self._layout.addWidget(self.banner_box)

    # -- the editor ----------------------------------------------------------

    @property
    def editor(self) -> ExamEditor:
        """The one editor, built on first use (it is the heaviest widget of the window)."""
        if self._editor is None:
            self._editor = make_editor(self)
            self._layout.addWidget(self._editor, 1)
            self._editor.changed.connect(self._on_changed)
            self._editor.analysis_updated.connect(self._on_analysis)
            self._editor.protocol_chosen.connect(self._remember_protocol)
            self._editor.clinician.textChanged.connect(self._show_signer)
        return self._editor

    def _remember_protocol(self, protocol_id: str) -> None:
        """The protocol picked is the one every exam opens with, after a restart too."""
        ws = self._workspace()
        if ws.settings.exam_protocol != protocol_id:
            ws.update_settings(ws.settings.with_(exam_protocol=protocol_id))

    def editor_widget(self) -> ExamEditor | None:
        return self._editor

    def prepare(self) -> None:
        """Build the editor ahead of the first exam (called once the window is on screen)."""
        self.editor  # noqa: B018 (the property builds it; `_ =` would hide the translator `_`)

    # -- opening -------------------------------------------------------------

    def start_new(self, patient_id: PatientId) -> None:
        """A new exam for this patient: nothing is stored until the first change."""
        ws = self._workspace()
        patient, exam = exams.new_exam(ws.database, patient_id, clinician=ws.settings.clinician_name)
        self._load(patient_id, patient, None, exam, status=None)
        self.editor.show_section(self.editor.section_names()[0], focus=True)

    def start_follow_up(self, patient_id: PatientId, previous_id: ExamId, questionnaires: Sequence[Instrument]) -> None:
        """A follow-up: history and goals copied from `previous_id`, its measurements shown greyed beside
        their fields (never stored unless re-measured or confirmed), `questionnaires` open for entry."""
        ws = self._workspace()
        patient, exam, previous = exams.follow_up(ws.database, patient_id, previous_id,
                                                  clinician=ws.settings.clinician_name)
        self._load(patient_id, patient, None, exam, status=None)
        self.editor.set_baseline(previous)
        for instrument in questionnaires:
            self.editor.outcomes.choose(instrument)
        self.editor.show_section(self.editor.section_names()[1], focus=True)  # ROM: re-measure first

    def _show_previous(self, patient_id: PatientId, exam: Exam, exam_id: ExamId | None, *, draft: bool) -> None:
        """Change since the last signed exam in the analysis panel; a draft also shows that exam's
        measurements greyed in its empty fields."""
        baseline = exams.baseline(self._workspace().database, patient_id, exam, exam_id)
        if baseline is not None:
            self.editor.set_baseline(baseline, show_previous=draft)

    def open_exam(self, exam_id: ExamId, *, resume: bool = False) -> None:
        """Open a stored exam: a draft for editing, unless a colleague has it open (then read-only,
        saying who) or this account may only read. Text kept beside it (not valid yet, or an
        amendment being written) comes back too."""
        ws = self._workspace()
        opened = exams.open_exam(ws.database, exam_id, ws.holding)
        stored, self.held_by, self.sign_refusal = opened.stored, opened.held_by, opened.sign_refusal
        self.take_over_from = opened.take_over_from
        kept = exams.kept_input(ws.database, exam_id)
        summary = stored.summary
        self.row_version = summary.row_version
        self.version = summary.version
        self.signed_by, self.signed_at = summary.signed_by, summary.signed_at
        self.last_saved = summary.updated_at
        self._load(summary.patient_id, stored.record.patient, exam_id, stored.record.exam, status=summary.status)
        self.editor.show_section(self.editor.section_names()[0])
        if kept.amendment is not None:
            self._offer_amendment(kept, resume=resume)
        elif kept.invalid and summary.status is ExamStatus.DRAFT:
            self._restore_invalid(kept.invalid)

    def _restore_invalid(self, invalid: dict[str, str] | Mapping[str, str]) -> None:
        missing = self.editor.restore_invalid(dict(invalid))
        if missing:  # a row it belonged to is gone: say what it was rather than drop it silently
            self.status_message.emit(_("Kept but not shown: {values}").format(
                values="; ".join(f"'{invalid[p]}'" for p in missing)))
        self._show_banner()
        self.saved_label.setText(self._saved_text())

    def _offer_amendment(self, kept: PendingInput, *, resume: bool) -> None:
        """An amendment was being written when Kinelink stopped: continue it, or discard it."""
        assert kept.amendment is not None and self.exam_id is not None
        if not resume and not dialogs.ask_resume_amendment(self, self._what()):
            exams.discard_amendment(self._workspace().database, self.exam_id)
            self.status_message.emit(_("The unfinished amendment was discarded; the signed exam is unchanged."))
            return
        self.start_amendment()
        assert self.patient is not None
        self._loading = True
        try:
            self.editor.load(self.patient, kept.amendment)
            self.editor.restore_invalid(dict(kept.invalid))
        finally:
            self._loading = False
        self._dirty = True
        self.saved_label.setText(_("Amendment not recorded yet"))
        self._show_banner()
        self.status_message.emit(_("Your unfinished amendment is back. Save amendment (Ctrl+S) records it."))

    def _load(
        self, patient_id: PatientId, patient: Patient, exam_id: ExamId | None, exam: Exam, *, status: ExamStatus | None
    ) -> None:
        self._timer.stop()
        self.patient_id, self.patient, self.exam_id, self.status = patient_id, patient, exam_id, status
        if status is None:
            self.version, self.signed_by, self.signed_at, self.last_saved = 1, None, None, None
            self.row_version, self.held_by, self.sign_refusal, self.take_over_from = 1, None, None, None
        self._dirty = False
        self._loading = True
        try:
            self.editor.load(patient, exam)
            self.editor.set_protocol(self._workspace().settings.exam_protocol)  # the protocol last picked
            self._show_previous(patient_id, exam, exam_id, draft=status in (None, ExamStatus.DRAFT))
        finally:
            self._loading = False
        editable = status in (None, ExamStatus.DRAFT) and self.held_by is None and not self._workspace().read_only
        self._set_mode(Mode.DRAFT if editable else Mode.LOCKED)

    def renew_lease(self) -> None:
        """Tell colleagues this draft is still open here (every HEARTBEAT_MS)."""
        if self.mode is not Mode.DRAFT or self.exam_id is None:
            return
        ws = self._workspace()
        exams.renew_lease(ws.database, self.exam_id, ws.holding)

    def is_open(self) -> bool:
        return self.mode is not Mode.CLOSED

    # -- autosave ------------------------------------------------------------

    def _on_changed(self) -> None:
        if self._loading or self.mode is Mode.CLOSED or self.mode is Mode.LOCKED:
            return
        self._dirty = True
        self._timer.start(AUTOSAVE_MS)  # restarting it is the debounce
        if self.mode is Mode.DRAFT:
            self.saved_label.setText(_("Editing…"))
        else:
            self.saved_label.setText(_("Amendment not recorded yet"))
        self._show_banner()

    def _on_analysis(self, analysis: object) -> None:
        self.analysis = analysis
        self.analysis_updated.emit(analysis)

    def _autosave(self) -> None:
        ok = self._keep_amendment() if self.mode is Mode.AMENDING else self.save_now(quiet=True)
        if not ok:
            self._timer.start(RETRY_MS)

    def _keep_amendment(self) -> bool:
        """Keep the amendment as typed (not a version yet: that needs Save amendment and a reason)."""
        if self.exam_id is None:
            return True
        try:
            exams.keep_amendment(self._workspace().database, self.exam_id, self.current_exam(),
                                 invalid=self.editor.invalid_inputs(), base_version=self.version)
        except db.Error as err:
            self.save_state.emit(_("The amendment could not be kept: {error}. Kinelink will try again.").format(
                error=err))
            return False
        self.saved_label.setText(_("Amendment kept as typed {time}, not recorded yet").format(
            time=f"{dt.datetime.now():%H:%M:%S}"))
        return True

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def current_exam(self) -> Exam:
        """What the editor holds, under the id it is stored as (the editor keeps the id it was loaded with)."""
        exam = self.editor.exam()
        return exams.with_id(exam, self.exam_id)

    def save_now(self, *, quiet: bool = False) -> bool:
        """Save what is in the editor now. In an amendment, this asks for the reason."""
        self._timer.stop()
        if self.mode is Mode.AMENDING:
            return self._save_amendment()
        if self.mode is not Mode.DRAFT or self.patient_id is None:
            return True
        if not self._dirty and self.exam_id is not None:
            self.save_state.emit(self._saved_text())
            return True
        ws = self._workspace()
        exam = self.current_exam()
        try:
            exam_id, self.row_version = exams.save_draft(
                ws.database, self.patient_id, exam, author=ws.author, holder=ws.holding,
                expected=self.row_version if self.exam_id is not None else None,
                invalid=self.editor.invalid_inputs())
        except db.StaleEdit as stale:
            return self._resolve_stale(stale, exam)
        except db.Error as err:
            self._save_failed = True
            self.saved_label.setText(_("Not saved"))
            self.save_state.emit(_("Not saved: {error}. Kinelink will try again.").format(error=err))
            if not quiet:
                dialogs.show_error(self, _("The exam was not saved"), _("The exam could not be saved."), str(err))
            return False
        self.exam_id, self.status = exam_id, ExamStatus.DRAFT
        self._dirty = self._save_failed = False
        self.last_saved = dt.datetime.now().astimezone()
        self.saved_label.setText(self._saved_text())
        self.save_state.emit(self._saved_text())
        self.saved.emit(str(exam_id))
        self.state_changed.emit()
        return True

    def _saved_text(self) -> str:
        if self.last_saved is None:
            text = _("Not saved yet") if self.mode is Mode.DRAFT else ""
        else:
            local = self.last_saved.astimezone()
            when = f"{local:%H:%M:%S}" if local.date() == dt.date.today() else show_moment(local)
            text = _("Saved {when}").format(when=when)
        n = self.problem_count()
        if n and text:  # "Saved" alone would hide that these values are not part of the exam yet
            text += " · " + ngettext("{n} value to correct (kept as typed)", "{n} values to correct (kept as typed)",
                                     n).format(n=n)
        return text

    def _resolve_stale(self, stale: db.StaleEdit, mine: Exam) -> bool:
        """A colleague saved this exam after it was opened here: show who and what, then load their
        version or keep both (this editor's version saved as a separate draft). Nothing is lost."""
        assert self.exam_id is not None and self.patient_id is not None
        self._timer.stop()
        ws = self._workspace()
        exam_id = self.exam_id
        theirs = exams.stored_exam(ws.database, exam_id)
        when = stale.changed_at.astimezone().strftime("%H:%M:%S") if stale.changed_at else _("a moment ago")
        from kinelink.forms import exam_changes  # only when a colleague's save collides: not at start-up

        changes = exam_changes.changes(theirs, exams.with_id(mine, theirs.id))
        choice = dialogs.ask_stale_edit(self, stale.changed_by or _("A colleague"), when, changes)
        self._dirty = False
        if choice is dialogs.StaleChoice.RELOAD:
            self.open_exam(exam_id)
            self.status_message.emit(_("{who}'s version is loaded.").format(who=stale.changed_by or _("A colleague")))
            return True
        try:
            kept = exams.keep_both(ws.database, self.patient_id, mine, beside=exam_id, author=ws.author,
                                   holder=ws.holding)
        except db.Error as err:
            self._dirty = True
            dialogs.show_error(self, _("Not saved"), _("Your version could not be kept as a separate draft."), str(err))
            return False
        self.open_exam(kept)
        self.saved.emit(str(kept))
        self.status_message.emit(
            _("Your version was saved as a separate draft; your colleague's stays as they left it."))
        return True

    # -- sign-off and amendments ------------------------------------------------

    def _what(self) -> str:
        assert self.patient is not None
        return _("the exam of {date} for {name}").format(date=show_date(self.editor.exam().date),
                                                        name=self.patient.full_name)

    def _refuse_with_problems(self, action: str) -> bool:
        problems = self.editor.problems()
        if problems:  # each message names its field in words; the path stays internal
            dialogs.show_problems(self, _('Cannot {action}').format(action=action), _('Correct these first, then '
                                                                                      '{action} again:').format(
                                                                                          action=action),
                                  [("", message) for _path, message in problems])
        return bool(problems)

    def signer(self) -> str | None:
        """Who signs this exam: the account logged in, else the clinician in the exam header."""
        return self._workspace().signer(self.editor.clinician.text())

    def _show_signer(self) -> None:
        """The window enables Sign off only while a signer is known (update_actions says why not)."""
        self.state_changed.emit()

    def sign_off(self) -> bool:
        if self.mode is not Mode.DRAFT or self.patient_id is None:
            return False
        if self._refuse_with_problems(_("sign off")):
            return False
        who = self.signer()
        if who is None:
            dialogs.show_error(self, _("Not signed"), _(NO_CLINICIAN))
            return False
        take_over = self.take_over_from is not None
        if take_over:  # an imported draft nobody's account started: signing it takes it over, explicitly
            if not dialogs.confirm_take_over(self, self._what(), stored_by=self.take_over_from or "", account=who):
                return False
        elif not dialogs.confirm_sign(self, self._what()):
            return False
        ws = self._workspace()
        self._timer.stop()
        exam = self.current_exam()
        try:
            summary = exams.sign(ws.database, self.patient_id, exam, author=who, holder=ws.holding,
                                 expected=self.row_version if self.exam_id is not None else None,  # both or neither
                                 take_over=take_over)
        except db.StaleEdit as stale:
            self._resolve_stale(stale, exam)
            return False
        except db.Error as err:
            dialogs.show_error(self, _("Not signed"), _("The exam was not signed; it is still a draft."), str(err))
            return False
        self.row_version, self.take_over_from, self.sign_refusal = summary.row_version, None, None
        self.exam_id, self.status = summary.id, summary.status
        self.signed_by, self.signed_at, self.version = summary.signed_by, summary.signed_at, summary.version
        self._dirty = False
        self.last_saved = dt.datetime.now().astimezone()
        self._set_mode(Mode.LOCKED)
        self.save_state.emit(_("Signed off by {who} at {when}").format(who=summary.signed_by,
                                                                      when=f"{self.last_saved:%H:%M:%S}"))
        self.saved.emit(str(summary.id))
        return True

    def start_amendment(self) -> None:
        if self.mode is not Mode.LOCKED or self.status is ExamStatus.DRAFT or self._workspace().read_only:
            return
        self._dirty = False
        self._set_mode(Mode.AMENDING)
        self.status_message.emit(_("Amending: make the changes, then Save (Ctrl+S) and give the reason."))

    def _save_amendment(self) -> bool:
        assert self.exam_id is not None
        ws = self._workspace()
        exam = self.current_exam()
        if exam == exams.stored_exam(ws.database, self.exam_id) and not self.editor.problems():
            exams.discard_amendment(ws.database, self.exam_id)
            self.status_message.emit(_("Nothing has changed: no amendment recorded."))
            self._set_mode(Mode.LOCKED)
            return True
        if self._refuse_with_problems(_("save the amendment")):
            return False
        reason = dialogs.ask_amend_reason(self)
        if reason is None:
            return False
        try:
            summary = exams.amend(ws.database, self.exam_id, exam, reason=reason, author=ws.author,
                                  expected=self.row_version)
            self.row_version = summary.row_version
        except (db.Error, ValueError) as err:  # ValueError: the amendment changes nothing
            dialogs.show_error(self, _("Amendment not saved"), _("The amendment was not recorded."), str(err))
            return False
        self.status, self.version = summary.status, summary.version
        self._dirty = False
        self.last_saved = dt.datetime.now().astimezone()
        self._set_mode(Mode.LOCKED)
        self.save_state.emit(_("Amendment saved as version {version} at {when}").format(
            version=summary.version, when=f"{self.last_saved:%H:%M:%S}"))
        self.saved.emit(str(self.exam_id))
        return True

    def cancel_amendment(self) -> None:
        if self.mode is not Mode.AMENDING or self.exam_id is None:
            return
        if self._dirty and not dialogs.confirm_cancel_amendment(self):
            return
        self._discard_amendment()
        self.open_exam(self.exam_id)  # back to the stored version, locked
        self.status_message.emit(_("Amendment cancelled; the signed exam is unchanged."))

    def _discard_amendment(self) -> None:
        self._timer.stop()
        self._dirty = False
        if self.exam_id is not None:
            exams.discard_amendment(self._workspace().database, self.exam_id)

    # -- closing -------------------------------------------------------------

    def close_exam(self) -> bool:
        """Save what is pending and clear the crash-recovery mark; False if the user cancels."""
        if self.mode is Mode.CLOSED:
            return True
        if self.mode is Mode.AMENDING and self._dirty:
            choice = dialogs.ask_unsaved_amendment(self)
            if choice is dialogs.UnsavedChoice.CANCEL:
                return False
            if choice is dialogs.UnsavedChoice.SAVE and not self._save_amendment():
                return False
            if choice is dialogs.UnsavedChoice.DISCARD:
                self._discard_amendment()
        if self.mode is Mode.DRAFT and self._dirty and not self.save_now() and not dialogs.confirm_discard(self):
            return False
        self._timer.stop()
        if self.exam_id is not None and self.status is ExamStatus.DRAFT:
            ws = self._workspace()
            exams.close(ws.database, self.exam_id, ws.holding)
        self._set_mode(Mode.CLOSED)
        return True

    def discard_state(self) -> None:
        """Forget the open exam without touching the database (the database is being replaced)."""
        self._timer.stop()
        self._dirty = False
        self._set_mode(Mode.CLOSED)

    # -- look ------------------------------------------------------------------

    def _set_mode(self, mode: Mode) -> None:
        self.mode = mode
        if mode is not Mode.CLOSED:
            self.editor.set_locked(mode is Mode.LOCKED)
        word, text = self._badge()
        self.badge.setText(text)
        self.badge.setProperty("status", word)
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        locked_text = self._sign_text() if self.status is not ExamStatus.DRAFT else self._saved_text()
        self.saved_label.setText({Mode.LOCKED: locked_text, Mode.DRAFT: self._saved_text()}.get(mode, ""))
        self.save_button.setVisible(mode in (Mode.DRAFT, Mode.AMENDING))
        self.save_button.setText(_("Save amendment…") if mode is Mode.AMENDING else _("Save"))
        self.sign_button.setVisible(mode is Mode.DRAFT)
        self.amend_button.setVisible(mode is Mode.LOCKED and self.status is not ExamStatus.DRAFT
                                     and not self._workspace().read_only)
        self.cancel_amend_button.setVisible(mode is Mode.AMENDING)
        self.history_button.setVisible(mode is not Mode.DRAFT and self.status is not ExamStatus.DRAFT)
        if mode is Mode.DRAFT:
            self._heartbeat.start()
        else:
            self._heartbeat.stop()
        self._show_banner()
        self.state_changed.emit()

    def _badge(self) -> tuple[str, str]:
        if self.mode is Mode.AMENDING:
            return "amending", _("Amending")
        if self.mode is Mode.LOCKED and self.status is ExamStatus.DRAFT:
            return "draft", _("Being edited") if self.held_by is not None else _("Draft · read-only")
        if self.status is None:
            return "draft", _("New")
        if self.status is ExamStatus.AMENDED:
            return "amended", _("Amended · v{version}").format(version=self.version)
        return self.status.value, _(STATUS_LABELS[self.status.value])

    def _sign_text(self) -> str:
        if self.signed_at is None:
            return _("Signed by {who}").format(who=self.signed_by or _("unknown"))
        return _("Signed by {who} on {when}").format(who=self.signed_by or _("unknown"),
                                                     when=show_moment(self.signed_at))

    def problem_count(self) -> int:
        """Values typed that are not valid (shown in red beside their fields)."""
        if self._editor is None or self.mode in (Mode.CLOSED, Mode.LOCKED):
            return 0
        return len(self._editor.problems())

    def _show_banner(self) -> None:
        lines = []
        notice = self._read_only_notice()
        if notice:
            lines.append(notice)
        if self.mode is Mode.AMENDING:
            lines.append(_(
                "Amending a signed exam. Save amendment (Ctrl+S) records version {version} with your "
                "reason; the signed version stays readable. Cancel amendment discards the changes."
            ).format(version=self.version + 1))
        n = self.problem_count()
        if n:
            lines.append("⚠ " + ngettext(
                "{n} value is not valid (in red beside its field): kept as typed but not part of the exam. "
                "Correct before signing or printing.",
                "{n} values are not valid (in red beside their fields): kept as typed but not part of the exam. "
                "Correct before signing or printing.", n).format(n=n))
        self.banner_text.setText("\n\n".join(lines))
        self.banner_text.setAccessibleName(" ".join(lines))
        self.banner_box.setVisible(bool(lines))

    def _read_only_notice(self) -> str:
        """Why a draft opened read-only: a colleague has it open, or nothing may be changed here."""
        if self.mode is not Mode.LOCKED or self.status is not ExamStatus.DRAFT:
            return ""
        if self.held_by is not None:
            since = self.held_by.since.astimezone()
            return _("Being edited by {holder} on {machine} since {since}. Opened read-only, so neither of you "
                     "overwrites the other; open it again once they close it.").format(
                holder=self.held_by.holder, machine=self.held_by.machine, since=f"{since:%H:%M}")
        if self._workspace().read_only:
            return _("Read-only: {why}.").format(why=self._workspace().database.read_only)
        return ""
