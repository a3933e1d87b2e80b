"""Compose a letter before writing it: the letter as it will read, and the clinician's say over it.

Left, what goes in: the letter type, the recipient (from the address book or typed), the
sections and the findings to include (ticks), and any section's words to rewrite. Right, the
letter as it will read, rebuilt after every change by `forms.letters.compose.compose`, with the
salutation it will carry. A warning sits at the top when the clinic's contact details are not
set, since the recipient could not reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from kinelink.desktop import theme
from kinelink.desktop.settings import letterhead_warning
from kinelink.forms.findings import Analysis
from kinelink.forms.i18n import _
from kinelink.forms.letters.compose import Choices, Letter, compose, generated_parts, suggested_type
from kinelink.forms.letters.facts import findings
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import LETTER_TYPES, LetterType, Section
from kinelink.forms.model import ExamRecord
from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

_ROLE = Qt.ItemDataRole.UserRole
_COMBO_LETTERS = 14  # a choice box asks for this many letters, not its longest item (German items are long)
_PREVIEW_SHARE = 0.5  # of the dialog's width: a letter reads at 50-70 characters a line


@dataclass(frozen=True, slots=True)
class LetterContext:
    """What the letter is composed from (the window gathers it from the database and settings)."""

    record: ExamRecord
    analysis: Analysis
    clinician: str | None = None
    baseline: tuple[ExamRecord, Analysis] | None = None
    address_book: tuple[Recipient, ...] = ()
    missing_clinic_details: tuple[str, ...] = ()


def _text_box(accessible: str, lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setAccessibleName(accessible)
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def letter_html(letter: Letter) -> str:
    """The letter as the preview shows it; every word escaped."""
    out = ["<p>" + "<br/>".join(escape(line) for line in letter.recipient.address_lines()) + "</p>",
           "<p><b>" + escape(_("Urgency: {urgency}").format(urgency=letter.urgency.label)) + "</b></p>",
           f"<p>{escape(letter.salutation)}</p>", f"<p>{escape(letter.opening)}</p>"]
    for part in letter.parts:
        colour = " style='color:#b42318'" if part.section is Section.RED_FLAGS else ""
        edited = " <i>" + escape(_("(edited)")) + "</i>" if part.edited else ""
        out.append(f"<p{colour}><b>{escape(part.heading)}</b>{edited}</p>")
        out += [f"<p>{escape(p)}</p>" for p in part.paragraphs]
        if part.items:
            out.append("<ul>" + "".join(f"<li>{escape(i)}</li>" for i in part.items) + "</ul>")
    out.append(f"<p>{escape(letter.closing)}</p><p>{escape(_('Yours sincerely,'))}</p>")
    return "".join(out)


class _Choices(QWidget):
    """The left side: the two tick lists sit side by side where there is room, else one above the other
    (their German entries are long single words that cannot wrap into a narrow column)."""

    SIDE_BY_SIDE = 520  # px of width from which both lists keep a readable column

    def __init__(self, ticks: QBoxLayout) -> None:
        super().__init__()
        self._ticks = ticks

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self.SIDE_BY_SIDE
        self._ticks.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)


class LetterDialog(QDialog):
    def __init__(self, parent: QWidget | None, context: LetterContext) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Compose a letter"))
        self.setStyleSheet(theme.style_sheet())
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(1180, screen.width()), min(760, screen.height() - 32))  # 32: the title bar
        self._context = context
        self._edits: dict[Section, str] = {}
        self._result: Letter | None = None
        self._filling = False

        self.clinic_warning = QLabel()
        self.clinic_warning.setWordWrap(True)
        theme.set_role(self.clinic_warning, "error")
        self.clinic_warning.setText(letterhead_warning(context.missing_clinic_details))
        self.clinic_warning.setVisible(bool(context.missing_clinic_details))

        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName(_("Letter type"))
        for kind in LETTER_TYPES.values():
            self.type_combo.addItem(kind.label, kind.key)
        self.type_combo.setCurrentIndex(self.type_combo.findData(suggested_type(context.analysis).key))

        self.book = QComboBox()
        self.book.setAccessibleName(_("Address book"))
        self.book.addItem(_("New recipient"), None)
        for r in context.address_book:
            self.book.addItem(r.label or _("(no name)"), r)
        self.name = QLineEdit()
        self.name.setAccessibleName(_("Recipient name"))
        self.name.setPlaceholderText(_("e.g. Dr Anna Zola (empty: “Dear colleague,”)"))
        self.role = QLineEdit()
        self.role.setAccessibleName(_("Recipient role"))
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName(_("Recipient organisation"))
        self.address = _text_box(_("Recipient address"), 3)
        self.salutation = QLabel()
        self.salutation.setAccessibleName(_("Salutation"))
        theme.set_role(self.salutation, "hint")

        self.sections = QListWidget()
        self.sections.setAccessibleName(_("Sections to include"))
        self.findings = QListWidget()
        self.findings.setAccessibleName(_("Findings to include"))
        self.findings.setWordWrap(True)
        self.sections.setWordWrap(True)
        for f in findings(context.record, context.analysis):
            item = QListWidgetItem(("+ " if f.positive else "− ") + f.text)
            item.setData(_ROLE, f.key)
            item.setToolTip(f.text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.findings.addItem(item)

        self.edit_section = QComboBox()
        self.edit_section.setAccessibleName(_("Section to rewrite"))
        self.editor = _text_box(_("Section text"), 7)
        self.reset_button = QPushButton(_("Use the generated words"))
        self.preview = QTextBrowser()
        self.preview.setAccessibleName(_("The letter as it will read"))
        self.preview.setOpenLinks(False)

        # layout
        who = QGroupBox(_("To"))
        form = QFormLayout(who)
        for text, widget in ((_("&Letter"), self.type_combo), (_("Address &book"), self.book), (_("&Name"), self.name),
                             (_("&Role"), self.role), (_("&Organisation"), self.organisation),
                             (_("A&ddress"), self.address), (_("Greeting"), self.salutation)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        content = QGroupBox(_("What goes in"))
        content_layout = QVBoxLayout(content)
        self.ticks = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.ticks.addWidget(self.sections, 2)
        self.ticks.addWidget(self.findings, 3)
        for ticked in (self.sections, self.findings):  # five rows at least; the choices scroll instead
            ticked.setMinimumHeight(ticked.fontMetrics().lineSpacing() * 5 + 12)
        content_layout.addLayout(self.ticks)
        row = QHBoxLayout()
        caption = QLabel(_("Re&write"))
        caption.setBuddy(self.edit_section)
        row.addWidget(caption)
        row.addWidget(self.edit_section, 1)
        content_layout.addLayout(row)
        content_layout.addWidget(self.editor)
        reset_row = QHBoxLayout()  # under the text it resets, so the choices stay narrow beside the preview
        reset_row.addStretch(1)
        reset_row.addWidget(self.reset_button)
        content_layout.addLayout(reset_row)
        for combo in (self.type_combo, self.book, self.edit_section):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(_COMBO_LETTERS)
        # the choices scroll when the screen is low (800 × 600), so the dialog never outgrows it; the
        # preview keeps half the width (a splitter: the clinician may move it) instead of what the
        # choices leave over, which at 800 px was a column of two words a line
        choices = _Choices(self.ticks)
        left = QVBoxLayout(choices)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(who)
        left.addWidget(content, 1)
        scroll = QScrollArea()
        scroll.setWidget(choices)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QSplitter(Qt.Orientation.Horizontal)
        self.body.setChildrenCollapsible(False)
        self.body.addWidget(scroll)
        self.body.addWidget(self.preview)
        self.body.setStretchFactor(0, 1)
        self.body.setStretchFactor(1, 1)
        width = self.width()
        self.body.setSizes([round(width * (1 - _PREVIEW_SHARE)), round(width * _PREVIEW_SHARE)])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Write letter…"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.clinic_warning)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)

        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.book.currentIndexChanged.connect(self._pick_recipient)
        for field in (self.name, self.role, self.organisation):
            field.textChanged.connect(self.refresh)
        self.address.textChanged.connect(self.refresh)
        self.sections.itemChanged.connect(self.refresh)
        self.findings.itemChanged.connect(self._findings_changed)
        self.edit_section.currentIndexChanged.connect(self._show_section_text)
        self.editor.textChanged.connect(self._section_edited)
        self.reset_button.clicked.connect(self._reset_section)
        if context.address_book:
            self.book.setCurrentIndex(1)
        self._type_changed()

    # --- what the clinician chose --------------------------------------------------
    def letter_type(self) -> LetterType:
        return LETTER_TYPES[str(self.type_combo.currentData())]

    def recipient(self) -> Recipient:
        return Recipient(self.name.text().strip(), self.role.text().strip(), self.organisation.text().strip(),
                         self.address.toPlainText().strip())

    def choices(self) -> Choices:
        chosen = frozenset(Section(self.sections.item(i).data(_ROLE)) for i in range(self.sections.count())
                           if self.sections.item(i).checkState() is Qt.CheckState.Checked)
        left_out = frozenset(str(self.findings.item(i).data(_ROLE)) for i in range(self.findings.count())
                             if self.findings.item(i).checkState() is not Qt.CheckState.Checked)
        return Choices(sections=chosen, left_out=left_out, edits=tuple(self._edits.items()))

    def letter(self) -> Letter:
        """The letter exactly as it will be written."""
        c = self._context
        return compose(c.record, c.analysis, self.letter_type(), self.recipient(), choices=self.choices(),
                       clinician=c.clinician, baseline=c.baseline)

    def result_letter(self) -> Letter | None:
        return self._result

    def set_section(self, section: Section, included: bool) -> None:
        for i in range(self.sections.count()):
            if self.sections.item(i).data(_ROLE) == section.value:
                self.sections.item(i).setCheckState(Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)

    def set_finding(self, key: str, included: bool) -> None:
        for i in range(self.findings.count()):
            if self.findings.item(i).data(_ROLE) == key:
                self.findings.item(i).setCheckState(Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)

    def rewrite(self, section: Section, text: str) -> None:
        """Show `section` in the rewrite box and replace its words (as typing there does)."""
        self.edit_section.setCurrentIndex(self.edit_section.findData(section.value))
        self.editor.setPlainText(text)

    # --- reacting ---------------------------------------------------------------------
    def refresh(self) -> None:
        if self._filling:
            return
        letter = self.letter()
        self.salutation.setText(letter.salutation)
        bar = self.preview.verticalScrollBar()
        position = bar.value()
        self.preview.setHtml(letter_html(letter))
        bar.setValue(position)

    def _parts(self) -> dict[Section, str]:
        c = self._context
        left_out = self.choices().left_out if self.findings.count() else frozenset()
        return {p.section: p.text for p in generated_parts(c.record, c.analysis, self.letter_type(),
                                                           clinician=c.clinician, baseline=c.baseline,
                                                           left_out=left_out)}

    def _type_changed(self) -> None:
        self._filling = True
        try:
            kind = self.letter_type()
            present = self._parts()
            self.sections.clear()
            self.edit_section.clear()
            for section in kind.sections:
                if section not in present:
                    continue
                item = QListWidgetItem(kind.heading(section))
                item.setData(_ROLE, section.value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked)
                self.sections.addItem(item)
                self.edit_section.addItem(kind.heading(section), section.value)
            if not self.role.text() and self.book.currentIndex() == 0:
                self.role.setText(kind.role)
        finally:
            self._filling = False
        self._show_section_text()
        self.refresh()

    def _pick_recipient(self) -> None:
        chosen = self.book.currentData()
        if not isinstance(chosen, Recipient):
            return
        self._filling = True
        try:
            self.name.setText(chosen.name)
            self.role.setText(chosen.role)
            self.organisation.setText(chosen.organisation)
            self.address.setPlainText(chosen.address)
        finally:
            self._filling = False
        self.refresh()

    def _current_section(self) -> Section | None:
        data = self.edit_section.currentData()
        return Section(data) if data is not None else None

    def _show_section_text(self) -> None:
        section = self._current_section()
        self.editor.blockSignals(True)
        self.editor.setPlainText("" if section is None else self._edits.get(section, self._parts().get(section, "")))
        self.editor.blockSignals(False)

    def _section_edited(self) -> None:
        section = self._current_section()
        if section is None:
            return
        self._edits[section] = self.editor.toPlainText()
        self.refresh()

    def _reset_section(self) -> None:
        section = self._current_section()
        if section is not None:
            self._edits.pop(section, None)
            self._show_section_text()
            self.refresh()

    def _findings_changed(self) -> None:
        if self._current_section() is Section.FINDINGS and Section.FINDINGS not in self._edits:
            self._show_section_text()
        self.refresh()

    def _accept(self) -> None:
        self._result = self.letter()
        self.accept()
