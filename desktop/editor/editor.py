"""The exam editor: header, section list, the section pages and the analysis beside them.

`ExamEditor` is what the main window embeds. It turns what is typed into a
`forms.model.Exam` (`exam()`), leaves out what is blank or invalid (invalid
input is listed by `problems()` and shown in red beside its field), and keeps
the analysis panel current: every edit emits `changed` at once and, after a
short pause (`analysis_delay_ms`), re-runs `forms.analysis.analyze` and emits
`analysis_updated`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import (
    CheckedField,
    DateField,
    ErrorLabel,
    NumberField,
    TextArea,
    TextField,
    previous_of,
)
from kinelink.desktop.editor.history import HistorySection
from kinelink.desktop.editor.keys import ANALYSIS_KEY, SECTION_NAMES, EnterKeys, section_label
from kinelink.desktop.editor.labels import red_flag_label
from kinelink.desktop.editor.nav import SectionList
from kinelink.desktop.editor.outcomes import OutcomesSection
from kinelink.desktop.editor.panel import AnalysisPanel
from kinelink.desktop.editor.rom import RomSection
from kinelink.desktop.editor.section import Problem, Section, lock_widget
from kinelink.desktop.editor.special import TestsSection
from kinelink.desktop.editor.strength import StrengthSection
from kinelink.forms import change, followup, protocols
from kinelink.forms.analysis import analyze
from kinelink.forms.findings import Analysis
from kinelink.forms.followup import PreviousValues
from kinelink.forms.formats import show_date, show_number
from kinelink.forms.i18n import N_, _, ngettext
from kinelink.forms.model import Exam, ExamId, ExamRecord, History, Patient
from kinelink.forms.ranges import BODY_MASS
from kinelink.forms.vocab import Mode
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

PANEL_MIN = 240  # px: the analysis panel never narrower (its text wraps)
COMPACT_BELOW = 1200  # px: a narrower editor drops the Alt+n hints from the section list




class NotesSection(Section):
    title = N_("Notes")

    def __init__(self, keys: EnterKeys, parent: QWidget | None = None) -> None:
        super().__init__(keys, parent)
        self.notes = TextArea(_("Notes"), lines=16, parent=self.body)
        self.notes.setMaximumHeight(16777215)
        self.notes.setPlaceholderText(_("Assessment, plan, anything else worth keeping."))
        self.layout_.addWidget(self.notes, 1)
        self.notes.textChanged.connect(self.changed)

    def first_field(self) -> QWidget | None:
        return self.notes


class ExamEditor(QWidget):
    """Edit one exam of one patient, with the live analysis beside the form."""

    changed = Signal()
    analysis_updated = Signal(object)  # forms.findings.Analysis
    protocol_chosen = Signal(str)  # the clinician picked an exam protocol (its id; "" all fields)

    def __init__(self, parent: QWidget | None = None, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self.setObjectName("ExamEditor")
        style.apply_theme(self)
        self.today = today
        self.analysis_delay_ms = 60
        self.last_analysis_ms = 0.0  # how long the last analysis took, exam() + analyze + display
        self._patient: Patient | None = None
        self._exam_id: ExamId | None = None
        self._loaded = Exam(date=today())
        self.previous: PreviousValues | None = None  # a follow-up: the last exam's measurements
        self.baseline: Exam | None = None
        self._fallback_date = today()
        self._loading = False
        self._locked = False
        self._analysis: Analysis | None = None
        self.keys = EnterKeys(self)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.update_analysis)

        # Containers first, then the sections inside them: re-parenting a built page later
        # re-polishes every widget in it against the style sheet (~10× slower).
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_header())
        outer.addWidget(self._build_narrow_bar())
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(7)  # wide enough to grab: drag it to give the analysis more room
        self.splitter.setObjectName("EditorSplitter")
        outer.addWidget(self.splitter, 1)
        form = QWidget(self.splitter)
        self.splitter.addWidget(form)
        self.panel = AnalysisPanel(self.splitter)
        self.panel.setMinimumWidth(PANEL_MIN)
        self.splitter.addWidget(self.panel)
        self.panel.review_changed.connect(self._edited)
        # kept as loaded: what the editor has no field for must survive every autosave
        self._kept: Exam = Exam(date=self.today())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self._panel_width_chosen = False  # once the user drags the divider, keep their width
        self._chosen_width = 0
        # A narrow window (half a screen, 800×600): where the current page does not fit beside the panel, the
        # analysis goes below the form, closed; the red-flag line above the form stays. `_side_needs` is the
        # editor width at which the page measured would fit beside the panel again.
        self._collapsed = False
        self._side_needs = 0
        self._focus_before: QWidget | None = None
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)  # after the pages have reflowed to the new width
        self._fit_timer.timeout.connect(self._fit_panel)
        self._compact: bool | None = None  # a narrow editor: compact list and margins (resizeEvent)
        self.splitter.splitterMoved.connect(self._divider_moved)
        form_layout = QHBoxLayout(form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        form_layout.setSpacing(0)
        self.nav = SectionList(form)
        form_layout.addWidget(self.nav)
        self.stack = QStackedWidget(form)
        form_layout.addWidget(self.stack, 1)

        latest = self._before_exam
        self.history = HistorySection(self.keys, latest, self.stack)
        self.rom = RomSection(self.keys, self.stack)
        self.strength = StrengthSection(self.keys, self.stack)
        self.tests = TestsSection(self.keys, self.stack)
        self.outcomes = OutcomesSection(self.keys, latest, self.stack)
        self.notes = NotesSection(self.keys, self.stack)
        self.sections: dict[str, Section] = dict(zip(
            SECTION_NAMES, (self.history, self.rom, self.strength, self.tests, self.outcomes, self.notes),
            strict=True,
        ))
        for i, (name, section) in enumerate(self.sections.items()):
            self.nav.add(section_label(name, breakable=True), f"{_(section.title)} (Alt+{i + 1})", f"Alt+{i + 1}")
            self.stack.addWidget(section)
            section.changed.connect(self._edited)
            # Window-wide: Alt+number works wherever focus is (the page's buttons, a read-only field
            # of a signed exam), not only inside the form.
            shortcut = QShortcut(QKeySequence(f"Alt+{i + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=name: self.show_section(n, focus=True))
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(lambda _index: self._fit_timer.start())
        analysis_key = QShortcut(QKeySequence(ANALYSIS_KEY), self)
        analysis_key.setContext(Qt.ShortcutContext.WindowShortcut)
        analysis_key.activated.connect(self._analysis_key)
        self.nav.setCurrentRow(0)

        for w in (self.exam_date, self.clinician, self.body_mass):
            self.keys.install(w)
        QWidget.setTabOrder(self.exam_date, self.clinician)
        QWidget.setTabOrder(self.clinician, self.body_mass)
        QWidget.setTabOrder(self.body_mass, self.nav)
        self.keys.then(self.body_mass, lambda: self.sections[self.current_section()].first_field())
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._refresh_nav()

    # --- building --------------------------------------------------------------
    def _build_header(self) -> QWidget:
        header = style.Band(self)
        header.setObjectName("EditorHeader")
        lay = QVBoxLayout(header)
        lay.setContentsMargins(style.MARGIN, style.GAP + 2, style.MARGIN, style.GAP + 2)
        lay.setSpacing(style.GAP_S)
        row = QGridLayout()
        row.setHorizontalSpacing(style.GAP)
        row.setVerticalSpacing(2)
        self.patient_label = QLabel("", header)
        style.set_role(self.patient_label, "patient")
        self.patient_label.setTextFormat(Qt.TextFormat.PlainText)
        self.patient_detail = QLabel("", header)
        style.set_role(self.patient_detail, "hint")
        self.patient_detail.setTextFormat(Qt.TextFormat.PlainText)
        self.exam_date = DateField(_("Exam date"), "exam.date", lambda: (self.today(), _("today, {date}")), header,
                                   required=True)  # sized by itself for the language's date and placeholder
        self.exam_date.setFixedWidth(self.exam_date.width() + 8)  # the header has room: "31.02.2026" whole when red
        self.clinician = TextField(_("Clinician"), header)
        self.clinician.setMinimumWidth(200)
        self.body_mass = NumberField(_("Body mass"), "exam.body_mass_kg", BODY_MASS.low, BODY_MASS.high,
                                     unit=BODY_MASS.unit, parent=header)
        self.body_mass.setFixedWidth(self.fontMetrics().horizontalAdvance("400.5") + 30)
        self.body_mass.setToolTip(_("Body mass in kg: forces are then also shown per kilogram (N/kg)"))
        date_label = QLabel(_("Exam date"), header)
        date_label.setBuddy(self.exam_date)
        clinician_label = QLabel(_("Clinician"), header)
        clinician_label.setBuddy(self.clinician)
        mass_label = QLabel(_("Mass kg"), header)
        mass_label.setBuddy(self.body_mass)
        for label in (date_label, clinician_label, mass_label):
            style.set_role(label, "column")
        row.addWidget(self.patient_label, 0, 0)
        row.addWidget(self.patient_detail, 1, 0)
        row.setColumnStretch(0, 1)
        row.addWidget(date_label, 0, 1)
        row.addWidget(self.exam_date, 1, 1)
        row.addWidget(clinician_label, 0, 2)
        row.addWidget(self.clinician, 1, 2)
        row.addWidget(mass_label, 0, 3)
        row.addWidget(self.body_mass, 1, 3)
        lay.addLayout(row)
        lay.addLayout(self._build_protocol_bar(header))
        self.date_error = ErrorLabel(header)
        self.date_error.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.date_error.watch(self.exam_date, self.body_mass)
        lay.addWidget(self.date_error)
        self.lock_banner = style.Card(header, colour=style.LOCK_BG, border=style.LOCK_BORDER)
        banner = QHBoxLayout(self.lock_banner)
        banner.setContentsMargins(style.GAP + 2, style.GAP_S + 2, style.GAP + 2, style.GAP_S + 2)
        lock_icon = QLabel(self.lock_banner)
        lock_icon.setPixmap(style.padlock(self.fontMetrics().height()))
        banner.addWidget(lock_icon)
        self.lock_text = QLabel(_("Signed exam: read-only. Amend it to make changes."), self.lock_banner)
        style.set_role(self.lock_text, "lock-text")
        banner.addWidget(self.lock_text, 1)
        self.lock_banner.setAccessibleName(_("Signed exam: read-only"))
        self.lock_banner.hide()
        lay.addWidget(self.lock_banner)
        self.exam_date.textChanged.connect(self._date_edited)
        self.clinician.textChanged.connect(self._edited)
        self.body_mass.textChanged.connect(self._edited)
        return header

    def _build_protocol_bar(self, header: QWidget) -> QHBoxLayout:
        """The exam protocol: which fields are shown (forms.protocols); "Show all fields" shows the rest."""
        bar = QHBoxLayout()
        bar.setSpacing(style.GAP)
        label = QLabel(_("Protocol"), header)
        style.set_role(label, "column")
        self.protocol_box = QComboBox(header)
        self.protocol_box.addItem(_("All fields"), protocols.ALL_FIELDS)
        for p in protocols.PROTOCOLS.values():
            self.protocol_box.addItem(_(p.label), p.id)
            self.protocol_box.setItemData(self.protocol_box.count() - 1, _(p.purpose), Qt.ItemDataRole.ToolTipRole)
        self.protocol_box.setProperty("view_only", True)  # what is shown, not what is recorded
        self.protocol_box.setAccessibleName(_("Exam protocol"))
        self.protocol_box.setToolTip(_("Which movements, muscle groups, tests and questionnaires are shown. "
                                     "A field that holds a value is always shown."))
        label.setBuddy(self.protocol_box)
        self.show_all = QCheckBox(_("Show all fields"), header)
        self.show_all.setProperty("view_only", True)
        self.show_all.setAccessibleName(_("Show all fields, not only the protocol's"))
        self.protocol_hint = QLabel("", header)
        style.set_role(self.protocol_hint, "hint")
        self.protocol_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.protocol_hint.setWordWrap(True)
        for w in (label, self.protocol_box, self.show_all):
            bar.addWidget(w)
        bar.addWidget(self.protocol_hint, 1)
        self.protocol_box.activated.connect(self._protocol_picked)
        self.show_all.toggled.connect(lambda _on: self.apply_protocol())
        return bar

    def _build_narrow_bar(self) -> QWidget:
        """Above the form in a narrow window: the red flags in one line (shown without opening anything) and
        the button that opens the analysis below the form."""
        self.narrow_bar = QWidget(self)
        self.narrow_bar.setObjectName("NarrowAnalysisBar")
        lay = QHBoxLayout(self.narrow_bar)
        lay.setContentsMargins(style.GAP, style.GAP_S, style.GAP, style.GAP_S)
        lay.setSpacing(style.GAP)
        self.red_flag_line = QLabel("", self.narrow_bar)
        self.red_flag_line.setObjectName("RedFlagLine")
        self.red_flag_line.setTextFormat(Qt.TextFormat.PlainText)
        # one line, cut with "…" to the window (the count and the advice first); all of it in the tooltip
        self.red_flag_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._red_flag_text = ""
        self.red_flag_line.setStyleSheet(f"background-color: {style.ERROR}; color: #ffffff; font-weight: 600; "
                                         "padding: 3px 8px; border-radius: 3px;")
        self.red_flag_line.hide()
        lay.addWidget(self.red_flag_line, 1)
        lay.addStretch(0)
        self.analysis_toggle = QPushButton(_("Analysis"), self.narrow_bar)
        self.analysis_toggle.setCheckable(True)
        self.analysis_toggle.setToolTip(_("Show the analysis below the form, or hide it ({key})").format(
            key=ANALYSIS_KEY))
        self.analysis_toggle.setAccessibleName(_("Show the analysis"))
        # out of the Tab chain (typing goes on from field to field); F6 is the keyboard's way
        self.analysis_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.analysis_toggle.toggled.connect(self._open_below)
        lay.addWidget(self.analysis_toggle, 0, Qt.AlignmentFlag.AlignTop)
        self.narrow_bar.hide()
        return self.narrow_bar

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        compact = self.width() < COMPACT_BELOW
        if compact != self._compact:
            self._compact = compact
            self.nav.set_compact(compact)
            for section in self.sections.values():
                section.set_compact(compact)
        if not self._collapsed:
            self._size_panel()
        self._fit_timer.start()
        self._elide_red_flags()

    def _size_panel(self) -> None:
        width = self.splitter.width()
        if self._panel_width_chosen:
            panel = self._chosen_width
        else:
            # a narrow editor (a 1024-px screen) gives the form all but the panel's minimum: the
            # panel's text wraps, the form's grids do not
            share = int(width * 0.25) if self.width() >= COMPACT_BELOW else 0
            panel = min(600, max(self.panel.minimumWidth(), share))
        self.splitter.setSizes([width - panel, panel])

    def _fit_panel(self) -> None:
        """The panel beside the form while the page shown fits beside it, below the form (closed) when not."""
        if self._collapsed:
            if self.width() >= self._side_needs:
                self._set_collapsed(False)
                self._fit_timer.start()  # measure again: the page may have grown while the panel was below
            return
        page = self.sections[self.current_section()]
        needs = page.body.minimumSizeHint().expandedTo(page.body.minimumSize()).width()
        over = needs - page.scroll_area.viewport().width()
        if over > 0 and page.isVisible():
            self._side_needs = self.width() + over
            self._set_collapsed(True)

    def analysis_collapsed(self) -> bool:
        """True while the window is too narrow for the analysis beside the form."""
        return self._collapsed

    def _set_collapsed(self, collapsed: bool) -> None:
        self._collapsed = collapsed
        self.narrow_bar.setVisible(collapsed)
        bar_layout = self.narrow_bar.layout()
        if bar_layout is not None:
            bar_layout.activate()  # the line's width, to cut its text to
        self.panel.setMinimumWidth(0 if collapsed else PANEL_MIN)
        self.splitter.setOrientation(Qt.Orientation.Vertical if collapsed else Qt.Orientation.Horizontal)
        self.panel.setVisible(not collapsed or self.analysis_toggle.isChecked())
        if collapsed and self.analysis_toggle.isChecked():
            self._size_below()
        if not collapsed:
            self._size_panel()
        self._show_red_flags()

    def _size_below(self) -> None:
        height = self.splitter.height()
        panel = max(self.panel.minimumSizeHint().height(), height // 2)
        self.splitter.setSizes([max(1, height - panel), panel])

    def _open_below(self, on: bool) -> None:
        """The toggle: the analysis below the form (focus in it) or closed again (focus back where it was)."""
        if not self._collapsed:
            return
        self.panel.setVisible(on)
        if on:
            self._size_below()
            self._focus_to_panel()
        else:
            self._focus_back()

    def _analysis_key(self) -> None:
        """F6: in a narrow window opens or closes the analysis; beside the form, goes to it and back."""
        if self._collapsed:
            self.analysis_toggle.toggle()
        elif (focus := QApplication.focusWidget()) is not None and self.panel.isAncestorOf(focus):
            self._focus_back()
        else:
            self._focus_to_panel()

    def _focus_to_panel(self) -> None:
        focus = QApplication.focusWidget()
        if focus is not None and not self.panel.isAncestorOf(focus):
            self._focus_before = focus
        self.panel.browser.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_back(self) -> None:
        before = self._focus_before
        if before is not None and before.isVisible():
            before.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            target = self.sections[self.current_section()].first_field()
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_red_flags(self) -> None:
        """Red flags first: with the analysis closed below the form, a line above it names them."""
        flags = self._analysis.red_flags if self._analysis is not None else ()
        names = ", ".join(red_flag_label(r.flag) for r in flags)
        # no advice of its own: each flag's (an emergency for some) is in the analysis, one key away
        self._red_flag_text = "⚠ " + ngettext(
            "{n} red flag, what to do in the analysis ({key}): {flags}",
            "{n} red flags, what to do in the analysis ({key}): {flags}", len(flags)).format(
            n=len(flags), key=ANALYSIS_KEY, flags=names)
        self.red_flag_line.setToolTip(self._red_flag_text if flags else "")
        self.red_flag_line.setAccessibleName(self._red_flag_text if flags else "")
        self.red_flag_line.setVisible(self._collapsed and bool(flags))
        self._elide_red_flags()

    def _elide_red_flags(self) -> None:
        if not self._collapsed:
            return
        room = self.red_flag_line.contentsRect().width() - 16  # the padding of its style sheet
        bold = QFont(self.red_flag_line.font())
        bold.setWeight(QFont.Weight.DemiBold)
        shown = QFontMetrics(bold).elidedText(self._red_flag_text, Qt.TextElideMode.ElideRight, max(room, 40))
        if shown != self.red_flag_line.text():
            self.red_flag_line.setText(shown)

    def _divider_moved(self) -> None:
        if not self._collapsed:  # dragging between the form and the analysis below it is no width
            self._panel_width_chosen = True
            self._chosen_width = self.splitter.sizes()[1]

    def panel_width(self) -> int | None:
        """The analysis panel's width if the clinician chose one (dragged the divider)."""
        return self._chosen_width if self._panel_width_chosen else None

    def set_panel_width(self, width: int) -> None:
        """Restore a width chosen earlier (from the settings)."""
        total = sum(self.splitter.sizes()) or self.splitter.width()
        width = max(PANEL_MIN, min(width, total - 300)) if total > PANEL_MIN + 300 else width
        self._panel_width_chosen = True
        self._chosen_width = width
        if not self._collapsed:
            self.splitter.setSizes([max(1, total - width), width])

    # --- the public interface ----------------------------------------------------
    def load(self, patient: Patient, exam: Exam | None) -> None:
        """Show `exam` of `patient` (None: a new exam dated today). Does not emit `changed`."""
        if exam is None:
            exam = Exam(date=self.today())
        self._timer.stop()
        if self.previous is not None or self.baseline is not None:
            self.set_baseline(None)
        self._loading = True
        try:
            self._patient = patient
            self._exam_id = exam.id
            self._loaded = exam  # keeps what no section shows (link review, documents, ...) on save
            self._fallback_date = exam.date
            self._show_patient(patient, exam.date)
            self.exam_date.set_value(exam.date)
            self.clinician.set_value(exam.clinician)
            self.body_mass.set_value(exam.body_mass_kg)
            self.history.load(exam.history)
            self.rom.load(exam.rom)
            self.strength.load(exam.strength)
            self.tests.load(exam.tests)
            self.outcomes.load(exam.outcomes)
            self.notes.notes.set_value(exam.notes)
            self._kept = exam
            self.panel.set_review(exam.link_review, exam.impression)
            self._revalidate_dates()
            self.set_locked(self._locked)
        finally:
            self._loading = False
        self.apply_protocol()
        self._refresh_nav()
        self.update_analysis()
        self._fit_timer.start()  # another exam's values can widen the page

    def exam(self) -> Exam:
        """What the editor holds now, as a forms Exam; blank and invalid input is left out.

        Fields no section edits (the link review, issued documents, ...) come from the loaded
        exam unchanged, so saving in the editor never drops them."""
        return dataclasses.replace(
            self._loaded,
            date=self._exam_date(),
            history=self._history(),
            id=self._exam_id,
            clinician=self.clinician.value(),
            body_mass_kg=self.body_mass.value(),
            rom=self.rom.value(),
            strength=self.strength.value(),
            tests=self.tests.value(),
            outcomes=self.outcomes.value(),
            notes=self.notes.notes.value(),
            link_review=self.panel.reviews(),
            impression=self.panel.impression(),
            documents=self._kept.documents,  # issued documents are added by the documents use case only
        )

    def set_baseline(self, baseline: Exam | None, *, show_previous: bool = True) -> None:
        """The last signed exam: its measurements shown greyed in their empty fields, and the change
        since it (against MDC and MCID) in the analysis panel. None: no earlier exam."""
        self.baseline = baseline
        self.set_previous(followup.previous_values(baseline) if baseline is not None and show_previous else None)
        if baseline is None:
            self.panel.show_changes("", ())
        else:
            self.update_analysis()

    def set_previous(self, previous: PreviousValues | None) -> None:
        """Show these measurements greyed in their empty fields, or none."""
        self.previous = previous
        when = _("Last time ({date})").format(date=show_date(previous.date)) if previous is not None else ""
        for key, cell in self.rom.cells.items():
            entry = previous.rom.get(key) if previous is not None else None
            previous_of(cell).set(show_number(entry.degrees) if entry is not None else "", when)
        for group, grade in self.strength.grades.items():
            g = previous.grade(group) if previous is not None else None
            f = previous.force(group) if previous is not None else None
            previous_of(grade).set(g.value if g is not None else "", when)
            previous_of(self.strength.forces[group]).set(show_number(f) if f is not None else "", when)
        if previous is not None and any(m is Mode.PASSIVE for (_j, _m, _s, m) in previous.rom):
            self.rom.passive.setChecked(True)

    def invalid_inputs(self) -> dict[str, str]:
        """Text typed into fields that is not valid, by field path, exactly as typed. The exam
        cannot hold it (`exam()` leaves it out), so the page keeps it beside the exam."""
        return {f.path: f.text() for f in self.findChildren(CheckedField)
                if f.path and f.problem() is not None and f.text().strip()}

    def restore_invalid(self, inputs: dict[str, str]) -> list[str]:
        """Put text kept by `invalid_inputs` back where it was typed; returns the paths with no
        field any more (their text is not lost: the caller says so)."""
        fields = {f.path: f for f in self.findChildren(CheckedField) if f.path}
        missing = []
        self._loading = True
        try:
            for path, text in inputs.items():
                if path in fields and not fields[path].text().strip():
                    fields[path].setText(text)
                elif path not in fields:
                    missing.append(path)
        finally:
            self._loading = False
        self.apply_protocol()  # text typed into a field outside the protocol is shown with it
        self._refresh_nav()
        return missing

    # --- the exam protocol: which fields are shown ---------------------------------
    def protocol(self) -> str:
        """The chosen protocol's id ("" for all fields)."""
        return str(self.protocol_box.currentData() or protocols.ALL_FIELDS)

    def set_protocol(self, protocol_id: str) -> None:
        """Show this protocol's fields (an unknown id: all fields), every field that holds a value too."""
        index = self.protocol_box.findData(protocol_id if protocols.find(protocol_id) else protocols.ALL_FIELDS)
        self.protocol_box.setCurrentIndex(max(index, 0))
        self.show_all.setChecked(False)
        self.apply_protocol()

    def _protocol_picked(self, _index: int) -> None:
        self.show_all.setChecked(False)
        self.apply_protocol()
        self.protocol_chosen.emit(self.protocol())

    def apply_protocol(self) -> None:
        """Hide the fields outside the protocol that hold nothing; show all with "Show all fields"."""
        chosen = protocols.find(self.protocol())
        shown = None if chosen is None or self.show_all.isChecked() else chosen
        self.show_all.setVisible(chosen is not None)
        self.rom.show_only({(j, m.value) for j, m in shown.rom_ids()} if shown else None)
        self.strength.show_only({(j, g.value) for j, g in shown.strength_ids()} if shown else None)
        self.tests.show_only(set(shown.test_ids()) if shown else None)
        self.outcomes.show_only(set(shown.instruments()) if shown else None)
        if chosen is None:
            self.protocol_hint.setText("")
            return
        extra = (len(set(self.rom.shown_rows()) - {(j, m.value) for j, m in chosen.rom_ids()})
                 + len(set(self.strength.shown_rows()) - {(j, g.value) for j, g in chosen.strength_ids()})
                 + len(set(self.tests.shown_tests()) - chosen.test_ids()))
        note = _(chosen.purpose)
        if shown is not None and extra:
            also = ngettext("Also shown: {n} field outside the protocol that holds values.",
                            "Also shown: {n} fields outside the protocol that hold values.", extra)
            note += " " + also.format(n=extra)
        self.protocol_hint.setText(note)
        self.protocol_hint.setToolTip(_('Based on: {basis}').format(basis=chosen.basis))

    def _history(self) -> History:
        """The history section's fields, and what it has no field for yet (the screening done) as loaded."""
        history = self.history.value()
        if history.red_flags_screened is None:
            history = dataclasses.replace(history, red_flags_screened=self._kept.history.red_flags_screened)
        return history

    def problems(self) -> list[Problem]:
        """(field path, message) of every invalid input shown beside its field."""
        found: list[Problem] = []
        for field in (self.exam_date, self.body_mass):
            if p := field.problem():
                found.append((field.path, p))
        for section in self.sections.values():
            found += section.problems()
        return found

    def set_locked(self, locked: bool) -> None:
        """A signed exam is read-only: text can be read and copied, nothing can change."""
        self._locked = locked
        for w in (self.exam_date, self.clinician, self.body_mass):
            lock_widget(w, locked)
        for section in self.sections.values():
            section.set_locked(locked)
        self.lock_banner.setVisible(locked)
        self.panel.set_locked(locked)

    def is_locked(self) -> bool:
        return self._locked

    def section_names(self) -> list[str]:
        return list(SECTION_NAMES)

    def show_section(self, name: str, *, focus: bool = False) -> None:
        names = [n.lower() for n in SECTION_NAMES]
        index = names.index(name.lower())
        self.nav.setCurrentRow(index)
        if focus:
            target = list(self.sections.values())[index].first_field()
            if target is not None:
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def current_section(self) -> str:
        return SECTION_NAMES[self.stack.currentIndex()]

    def analysis(self) -> Analysis | None:
        """The analysis of the exam as last shown."""
        return self._analysis

    def patient(self) -> Patient | None:
        return self._patient

    # --- reacting to edits --------------------------------------------------------
    def _edited(self) -> None:
        if self._loading:
            return
        self._refresh_nav()
        self.changed.emit()
        if self.analysis_delay_ms <= 0:
            self.update_analysis()
        else:
            self._timer.start(self.analysis_delay_ms)

    def _date_edited(self) -> None:
        if self._loading:
            return
        self._revalidate_dates()
        if self._patient is not None:
            self._show_patient(self._patient, self._exam_date())
        self._edited()

    def _revalidate_dates(self) -> None:
        self.history.revalidate_dates()
        self.outcomes.revalidate_dates()
        if self._patient is not None:
            self.rom.set_norms(self._patient, self._patient.age_on(self._exam_date()))

    def _exam_date(self) -> dt.date:
        return self.exam_date.value() or self._fallback_date

    def _before_exam(self) -> tuple[dt.date, str]:
        return self._exam_date(), _("the exam date {date}")

    def update_analysis(self) -> None:
        """Analyse the exam now and show the result (normally called by the debounce timer)."""
        self._timer.stop()
        if self._patient is None:
            return
        started = time.perf_counter()
        try:
            analysis = analyze(ExamRecord(self._patient, self.exam()))
        except Exception as err:  # a bug in a rule must not cost the physio the exam being typed
            log.exception("analysis failed")
            self.panel.show_error(_('The analysis could not be updated: {err}').format(err=err))
            return
        self._analysis = analysis
        self.panel.show_analysis(analysis)
        self._show_red_flags()
        self.rom.show_comparisons(analysis.comparisons)
        self.strength.body_mass = self.body_mass.value()
        self.strength.show_comparisons(analysis.comparisons)
        self.tests.show_hop(self.exam())
        self.outcomes.show_scores(analysis.outcomes)
        self.outcomes.show_sides(self.exam().history)
        if self.baseline is not None:
            self.panel.show_changes(show_date(self.baseline.date), change.changes(self.exam(), self.baseline))
        self.last_analysis_ms = (time.perf_counter() - started) * 1000
        self.analysis_updated.emit(analysis)

    def _show_patient(self, patient: Patient, day: dt.date) -> None:
        self.patient_label.setText(patient.full_name)
        bits = [_("born {date}").format(date=show_date(patient.date_of_birth)),
                _("{age} y").format(age=patient.age_on(day)), patient.sex.label]
        if patient.record_number:
            bits.append(patient.record_number)
        self.patient_detail.setText(" · ".join(bits))

    def _refresh_nav(self) -> None:
        for i, section in enumerate(self.sections.values()):
            self.nav.set_problems(i, len(section.problems()))

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Keep the focused field in view when Enter or a shortcut moves focus."""
        if new is None or not self.isAncestorOf(new):
            return
        w: QWidget | None = new.parentWidget()
        while w is not None and w is not self:
            if isinstance(w, QScrollArea):
                w.ensureWidgetVisible(new, 24, 24)
            w = w.parentWidget()
