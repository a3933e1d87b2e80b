"""Patient records and exams beyond writing one: open a stored duplicate, merge two records,
archive and restore a patient, delete a draft, and start a follow-up from the last exam.

Each action asks (dialogs), does one unit of work (`db.patient_records`, `db.repository`, the
exam use cases) and shows the outcome. Nothing here ever deletes a signed exam or a patient.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinelink import db
from kinelink.db.records import PatientSummary
from kinelink.desktop import dialogs
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.usecases import exams
from kinelink.forms import followup
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.model import PatientId

if TYPE_CHECKING:
    from kinelink.desktop.main_window import MainWindow


class RecordActions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def open_found(self, patient_id: PatientId) -> None:
        """Open a stored patient, bringing an archived one back to the lists first."""
        with self.w.ws.database.write() as s:
            if db.patient_records.is_archived(s, patient_id):
                db.patient_records.restore_patient(s, patient_id, author=self.w.ws.author)
        self.w.patients.search.clear()
        self.w.patients.refresh()
        self.w.open_patient(patient_id)

    def merge_patient(self) -> None:
        """Move every exam of this patient to another record (a duplicate), hiding this one."""
        patient_id = self.w.current_patient()
        if patient_id is None or self.w.exam_page.is_open():
            return
        with self.w.ws.database.read() as s:
            patient = db.repository.get_patient(s, patient_id)
            everyone = db.repository.search_patients(s, "", limit=5000, include_archived=True)
        this = next((p for p in everyone if p.id == patient_id), None) or PatientSummary(patient_id, patient, 0, None)
        # merge_dialog lists likely duplicates (same folded name or birth date) first
        target = dialogs.ask_merge_target(self.w, this, [p for p in everyone if p.id != patient_id])
        if target is None:
            return
        with self.w.ws.database.write() as s:
            moved = db.patient_records.merge_patients(s, target, patient_id, author=self.w.ws.author)
            kept = db.repository.get_patient(s, target)
        self.w.patients.refresh()
        self.w.open_patient(target)
        self.w.status(ngettext(
            "Merged: {n} exam of {merged} moved to {kept}'s record. Undo merge (on this page, or File ▸ Undo merge) "
            "moves it back, also later.",
            "Merged: {n} exams of {merged} moved to {kept}'s record. Undo merge (on this page, or File ▸ Undo merge) "
            "moves them back, also later.", moved).format(n=moved, merged=patient.full_name, kept=kept.full_name))

    def undo_latest_merge(self) -> None:
        """Undo the latest merge into the patient shown (the page lists the merges in force)."""
        merges = self.w.patient_page.merges
        if merges and not self.w.exam_page.is_open():
            self.undo_merge(merges[0].merged)

    def undo_merge(self, merged: PatientId) -> None:
        """Move the exams a merge took back to the record they came from and show that record
        again, after asking; a merge that something since prevents is refused, saying what."""
        found = next((m for m in self.w.patient_page.merges if m.merged == merged), None)
        if found is None or self.w.exam_page.is_open():
            return
        if not dialogs.confirm(
                self.w, _("Undo merge"),
                ngettext("Move {n} exam back to {name}'s own record (merged on {date}) and show {name} in the "
                         "patient list again? Exams started on this record since the merge stay here. The undo is "
                         "recorded in the audit trail.",
                         "Move {n} exams back to {name}'s own record (merged on {date}) and show {name} in the "
                         "patient list again? Exams started on this record since the merge stay here. The undo is "
                         "recorded in the audit trail.", found.exams).format(
                    n=found.exams, name=found.merged_name, date=show_date(found.at.date())), _("Undo merge")):
            return
        try:
            with self.w.ws.database.write() as s:
                done = db.patient_records.undo_merge(s, merged, author=self.w.ws.author)
        except db.Conflict as err:
            dialogs.show_error(self.w, _("Undo merge"), _("The merge of {name} cannot be undone: {err}.").format(
                name=found.merged_name, err=err))
            return
        self.w.patients.refresh()
        self.w.open_patient(merged)
        gone = (" " + ngettext("Deleted since the merge, not restored: draft of {dates}.",
                               "Deleted since the merge, not restored: drafts of {dates}.",
                               len(done.deleted_since)).format(dates=", ".join(done.deleted_since))
                if done.deleted_since else "")
        self.w.status(ngettext("Merge undone: {n} exam back with {name}.{gone}",
                               "Merge undone: {n} exams back with {name}.{gone}", done.moved).format(
            n=done.moved, name=found.merged_name, gone=gone))

    def archive_patient(self) -> None:
        patient_id = self.w.current_patient()
        if patient_id is None or self.w.exam_page.is_open():
            return
        with self.w.ws.database.read() as s:
            patient = db.repository.get_patient(s, patient_id)
        if not dialogs.confirm(self.w, _("Archive patient"), _('Hide {full_name} from the patient list? Every exam '
                                                               'stays stored and can be printed; File ▸ Show '
                                                               'archived patients finds them.').format(
                                                                   full_name=patient.full_name),
                               _("Archive")):
            return
        with self.w.ws.database.write() as s:
            db.patient_records.archive_patient(s, patient_id, author=self.w.ws.author)
        self.w.patients.refresh()
        self.w.patient_page.patient_id = None
        self.w.show_welcome()
        self.w.update_actions()
        self.w.status(_('{full_name} archived.').format(full_name=patient.full_name))

    def restore_patient(self) -> None:
        patient_id = self.w.current_patient()
        if patient_id is None:
            return
        with self.w.ws.database.write() as s:
            db.patient_records.restore_patient(s, patient_id, author=self.w.ws.author)
        self.w.patients.refresh()
        self.w.open_patient(patient_id)
        self.w.status(_("Back in the patient list."))

    def toggle_archived(self) -> None:
        self.w.patients.include_archived = self.w.act_show_archived.isChecked()
        self.w.patients.refresh()

    def delete_draft(self) -> None:
        """Delete a draft exam (never a signed one), after asking."""
        if self.w.exam_page.is_open():
            if self.w.exam_page.mode is not Mode.DRAFT:
                return
            exam_id, day = self.w.exam_page.exam_id, self.w.exam_page.current_exam().date
        else:
            selected = self.w.patient_page.selected_exam()
            if selected is None or selected.is_locked:
                return
            exam_id, day = selected.id, selected.date
        if exam_id is None or not dialogs.confirm(
                self.w, _("Delete draft"), _('Delete the draft exam of {show_date}? It has not been signed; its '
                                             'deletion is recorded in the audit trail.').format(
                                                 show_date=show_date(day)), _("Delete draft")):
            return
        patient_id = self.w.current_patient()
        if self.w.exam_page.is_open():
            self.w.exam_page.discard_state()
        with self.w.ws.database.write() as s:
            db.repository.delete_draft(s, exam_id, author=self.w.ws.author)
        self.w.patients.refresh()
        if patient_id is not None:
            self.w.open_patient(patient_id)
        self.w.status(_('Draft of {show_date} deleted.').format(show_date=show_date(day)))

    def new_follow_up(self) -> None:
        """A follow-up from the last signed exam (else the latest): history and goals copied, the
        last measurements shown beside their fields, the questionnaires to repeat chosen here."""
        patient_id = self.w.current_patient()
        if patient_id is None or not self.w.close_exam(go_back=False):
            return
        found = exams.follow_up_source(self.w.ws.database, patient_id)
        if found is None:
            return
        source, previous = found
        chosen = dialogs.ask_follow_up(self.w, show_date(source.date), followup.repeatable(previous))
        if chosen is None:
            return
        self.w.exam_page.start_follow_up(patient_id, source.id, chosen)
        self.w.show_exam_page()
        self.w.status(_("Follow-up from the exam of {show_date}: last values are shown greyed; type today's value, "
                        "or = to confirm the last one.").format(show_date=show_date(source.date)))
