"""The Outcomes section: KOOS, HOOS and LEFS as printed, built from `forms.questionnaires`.

Each item shows its full text and five answer boxes under the labels of its
own answers (labels are repeated whenever they change, as on the paper form).
Keyboard: type 0–4 to answer and move to the next item, Delete to clear,
Tab/Enter to move on. Subscale scores come from the analysis
(`forms.questionnaires.score`).
"""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import DateField, ErrorLabel, LatestDate, named
from kinelink.desktop.editor.keys import EnterKeys
from kinelink.desktop.editor.order import keep_order
from kinelink.desktop.editor.section import Problem, Section, card, chain_tab_order
from kinelink.forms.findings import OutcomeScores
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import History, Outcome
from kinelink.forms.outcome_side import JOINT_ASKED_ABOUT, questionnaire_side
from kinelink.forms.questionnaires import QUESTIONNAIRES, Item, Questionnaire
from kinelink.forms.vocab import Instrument
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(5)}
_ANSWER_COLUMN = 2  # grid column of the answer boxes
ANSWER_WIDTH = 78  # px per answer column: the labels above and the boxes below line up
ANSWER_GAP = 4


class AnswerBoxes(QWidget):
    """The five answer boxes of one question, as one control (one Tab stop).

    Type 0–4 to answer and move to the next question, ←/→ to change the answer,
    Delete to clear it; or click a box.
    """

    changed = Signal()

    def __init__(self, q: Questionnaire, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self._value: int | None = None
        self._read_only = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFixedSize(5 * ANSWER_WIDTH + 4 * ANSWER_GAP, 26)
        named(self, f"{q.instrument.value} {item.code}: {item.text}")
        self._describe()

    # --- value -------------------------------------------------------------------
    def value(self) -> int | None:
        return self._value

    def set_value(self, answer: int | None) -> None:
        if answer is not None and not 0 <= answer < len(self.item.answers):
            raise ValueError(f"{self.item.code}: answer {answer} is not 0–4")
        if answer != self._value:
            self._value = answer
            self._describe()
            self.update()
            self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.update()

    def _describe(self) -> None:
        v = self._value
        text = _("not answered") if v is None else _("answer {n}, {text}").format(n=v, text=self.item.answers[v])
        self.setAccessibleDescription(text)
        self.setToolTip(f"{self.item.code}: {text}")

    # --- geometry and painting -------------------------------------------------------
    def box_at(self, x: float) -> int | None:
        for n in range(5):
            left = n * (ANSWER_WIDTH + ANSWER_GAP)
            if left <= x < left + ANSWER_WIDTH:
                return n
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        h = self.height()
        if self.hasFocus():
            p.setPen(QPen(QColor(style.ACCENT), 1.5))
            p.setBrush(QColor("#eef3ff"))
            p.drawRoundedRect(QRectF(0.75, 0.75, self.width() - 1.5, h - 1.5), 6, 6)
        for n in range(5):
            cx = n * (ANSWER_WIDTH + ANSWER_GAP) + ANSWER_WIDTH / 2
            chosen = self._value == n
            colour = QColor(style.MUTED if self._read_only else style.ACCENT)
            p.setPen(QPen(colour if chosen else QColor(style.BORDER), 1.6))
            p.setBrush(QColor(style.SURFACE))
            p.drawEllipse(QPointF(cx, h / 2), 8, 8)
            if chosen:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(colour)
                p.drawEllipse(QPointF(cx, h / 2), 4.5, 4.5)
        p.end()

    # --- input ----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        n = self.box_at(event.position().x())
        if n is not None and not self._read_only:
            self.set_value(n)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if self._read_only or not plain:
            super().keyPressEvent(event)
        elif key in _DIGITS and _DIGITS[key] < len(self.item.answers):
            self.set_value(_DIGITS[key])
            self.focusNextChild()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            start = self._value if self._value is not None else (5 if step < 0 else -1)
            self.set_value(min(4, max(0, start + step)))
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()


class QuestionnairePage(QWidget):
    """One instrument's form: date, scores, then every item under its section heading."""

    changed = Signal()

    def __init__(self, q: Questionnaire, keys: EnterKeys, latest: LatestDate, scroll: QScrollArea) -> None:
        super().__init__()
        self.setObjectName("SectionBody")
        scroll.setWidget(self)  # before the children exist: re-parenting a full page is slow
        self.q = q
        self.locked = False
        self.rows: list[AnswerBoxes] = []
        self._loaded_codes: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, style.GAP, 0, 0)
        layout.setSpacing(style.GAP_L - 4)

        top, top_lay = card(self, q.title)
        line = QHBoxLayout()
        line.setSpacing(style.GAP)
        date_label = QLabel(_("Completed on"), top)
        self.date = DateField(_('{instrument} completed on').format(
            instrument=q.instrument.value), f"exam.outcomes.{q.instrument.value}.date",
                              latest, top)
        date_label.setBuddy(self.date)
        self.clear = QPushButton(_("Clear answers…"), top)
        self.clear.setProperty("edit_action", True)
        named(self.clear, _('Clear all {instrument} answers').format(instrument=q.instrument.value))
        self.clear.clicked.connect(self.ask_clear_answers)
        self.undo = QPushButton(_("Undo clear"), top)
        named(self.undo, _('Bring back the {instrument} answers just cleared').format(instrument=q.instrument.value))
        self.undo.clicked.connect(self.undo_clear)
        self.undo.hide()
        self._cleared: tuple[dict[str, int | None], str] | None = None  # (answers, date text) before Clear
        self.answered = QLabel("", top)
        style.set_role(self.answered, "hint")
        line.addWidget(date_label)
        line.addWidget(self.date)
        line.addSpacing(style.GAP_L)
        line.addWidget(self.answered)
        line.addStretch(1)
        line.addWidget(self.undo)
        line.addWidget(self.clear)
        top_lay.addLayout(line)
        # which knee or hip the answers are about: derived from the exam (forms.outcome_side), said so
        self.side = QLabel("", top)
        self.side.setObjectName("QuestionnaireSide")
        self.side.setWordWrap(True)
        self.side.setVisible(q.instrument in JOINT_ASKED_ABOUT)
        top_lay.addWidget(self.side)
        self.date_error = ErrorLabel(top)
        self.date_error.watch(self.date)
        top_lay.addWidget(self.date_error)
        scores = QGridLayout()
        scores.setHorizontalSpacing(style.GAP_L)
        scores.setVerticalSpacing(2)
        self.score_labels: dict[str, QLabel] = {}
        for c, s in enumerate(q.subscales):
            title = QLabel(s.title if len(q.subscales) == 1 else s.short, top)
            title.setToolTip(s.title)
            style.set_role(title, "column")
            value = QLabel("—", top)
            style.set_role(value, "score")
            value.setToolTip(_('{s}: {score_range}–{score_range2}, higher is better').format(
                s=s.title, score_range=q.score_range[0], score_range2=q.score_range[1]))
            scores.addWidget(title, 0, c)
            scores.addWidget(value, 1, c)
            self.score_labels[s.key] = value
        scores.setColumnStretch(len(q.subscales), 1)
        top_lay.addLayout(scores)
        instructions = QLabel(q.instructions, top)
        instructions.setWordWrap(True)
        style.set_role(instructions, "hint")
        top_lay.addWidget(instructions)
        # No official translation of the questionnaires ships with Kinelink: the items stay as published.
        original = _("Questionnaire in the English original: no official translation of its items is available "
                     "in Kinelink.")
        if original != "Questionnaire in the English original: no official translation of its items is available " \
                       "in Kinelink.":  # only where the window speaks another language
            note = QLabel(original, top)
            note.setWordWrap(True)
            style.set_role(note, "hint")
            top_lay.addWidget(note)
        layout.addWidget(top)

        order: list[QWidget] = [self.date, self.clear]
        section: str | None = None
        frame_layout: QVBoxLayout | None = None
        g: QGridLayout | None = None
        grid_line = 0
        stem = ""
        answers: tuple[str, ...] = ()
        intros = {s.title: s.intro for s in q.sections}
        for item in q.items:
            if item.section != section or g is None or frame_layout is None:
                section = item.section
                frame, frame_layout = card(self, section, intros.get(section) or None)
                g = _answer_grid()
                frame_layout.addLayout(g)
                layout.addWidget(frame)
                grid_line, stem, answers = 0, "", ()
            if item.stem != stem:
                stem = item.stem
                if stem:
                    label = QLabel(stem, self)
                    label.setWordWrap(True)
                    style.set_role(label, "stem")
                    g.addWidget(label, grid_line, 0, 1, _ANSWER_COLUMN + 1)
                    grid_line += 1
                answers = ()
            if item.answers != answers:
                answers = item.answers
                g.addWidget(_answer_header(answers, self), grid_line, _ANSWER_COLUMN)
                grid_line += 1
            code = QLabel(item.code, self)
            style.set_role(code, "hint")
            text = QLabel(item.text, self)
            text.setWordWrap(True)
            row = AnswerBoxes(q, item, self)
            text.setBuddy(row)
            g.addWidget(code, grid_line, 0, Qt.AlignmentFlag.AlignVCenter)
            g.addWidget(text, grid_line, 1)
            g.addWidget(row, grid_line, _ANSWER_COLUMN, Qt.AlignmentFlag.AlignVCenter)
            keys.install(row)
            order.append(row)
            row.changed.connect(self._edited)
            self.rows.append(row)
            grid_line += 1
        layout.addStretch(1)
        chain_tab_order(order)
        self.date.textChanged.connect(self.changed)
        self._show_answered()

    def _edited(self) -> None:
        self._show_answered()
        self.changed.emit()

    def answered_count(self) -> int:
        return sum(1 for r in self.rows if r.value() is not None)

    def _show_answered(self) -> None:
        n = sum(1 for r in self.rows if r.value() is not None)
        self.answered.setText(_('{n} of {len} answered').format(n=n, len=len(self.rows)))

    def ask_clear_answers(self) -> None:
        """Clear every answer after a confirmation; Undo clear brings them back."""
        from kinelink.desktop import dialogs  # the window's dialogs; loaded with the window anyway

        n = self.answered_count()
        if n == 0 and not self.date.text():
            return
        if dialogs.confirm_clear_answers(self, self.q.instrument.value, n):
            self.clear_answers()

    def clear_answers(self) -> None:
        kept = ({r.item.code: r.value() for r in self.rows}, self.date.text())
        for r in self.rows:
            r.set_value(None)
        self.date.setText("")
        self._cleared = kept
        self.undo.setVisible(not self.locked)
        self.undo.setFocus(Qt.FocusReason.OtherFocusReason)

    def undo_clear(self) -> None:
        if self._cleared is None:
            return
        answers, date = self._cleared
        for r in self.rows:
            r.set_value(answers.get(r.item.code))
        self.date.setText(date)
        self._cleared = None
        self.undo.hide()

    def load(self, outcome: Outcome | None) -> None:
        self._cleared = None
        self.undo.hide()
        answers = outcome.answers if outcome else {}
        for r in self.rows:
            r.set_value(answers.get(r.item.code))
        self.date.set_value(outcome.date if outcome else None)
        self._loaded_codes = [code for code, _ in outcome.responses] if outcome else []
        self._show_answered()

    def value(self) -> Outcome | None:
        responses = [(r.item.code, v) for r in self.rows if (v := r.value()) is not None]
        responses = list(keep_order(responses, lambda p: p[0], self._loaded_codes))
        date = self.date.value()
        if not responses and date is None:
            return None
        return Outcome(self.q.instrument, tuple(responses), date)

    def show_scores(self, scores: OutcomeScores | None) -> None:
        for key, label in self.score_labels.items():
            value = scores.get(key) if scores is not None else None
            label.setText(self.q.show_score(value))

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for r in self.rows:
            r.set_read_only(locked)
        self.date.setReadOnly(locked)
        self.clear.setVisible(not locked)
        self.undo.setVisible(not locked and self._cleared is not None)


def _answer_grid() -> QGridLayout:
    g = QGridLayout()
    g.setHorizontalSpacing(style.GAP)
    g.setVerticalSpacing(style.GAP_S + 2)
    g.setColumnMinimumWidth(0, 34)
    g.setColumnStretch(1, 1)
    return g


def _answer_header(answers: tuple[str, ...], parent: QWidget) -> QWidget:
    """The labels over the five boxes, each centred over its box."""
    header = QWidget(parent)
    row = QHBoxLayout(header)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(ANSWER_GAP)
    for n, text in enumerate(answers):
        label = QLabel(f"{n}\n{text}", header)
        label.setWordWrap(True)
        label.setFixedWidth(ANSWER_WIDTH)
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
        style.set_role(label, "hint")  # regular weight: "Moderately", "Constantly" fit the box's width
        label.setMinimumHeight(label.heightForWidth(ANSWER_WIDTH))
        row.addWidget(label)
    return header


class OutcomesSection(Section):
    """The questionnaires. A new exam opens on none of them: the clinician picks the one the patient
    filled in (answers typed into the tab last used elsewhere landed in the wrong questionnaire)."""

    title = N_("Outcome questionnaires")

    def __init__(self, keys: EnterKeys, latest: LatestDate, parent: QWidget | None = None) -> None:
        super().__init__(keys, parent)
        self.chooser, chooser_layout = card(
            self.body, _("Which questionnaire did the patient fill in?"),
            _("Pick one to enter its answers; more can be added the same way."))
        buttons = QVBoxLayout()  # one above the other: side by side, the full titles are wider than 1024 px
        buttons.setSpacing(style.GAP_S)
        self.choose_buttons: dict[Instrument, QPushButton] = {}
        for instrument, q in QUESTIONNAIRES.items():
            button = QPushButton(f"{instrument.value}: {q.title}", self.chooser)
            named(button, _('Enter the {instrument} answers').format(instrument=instrument.value), q.title)
            button.clicked.connect(lambda _=False, i=instrument: self.choose(i, focus=True))
            keys.install(button)
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.choose_buttons[instrument] = button
        chooser_layout.addLayout(buttons)
        self.layout_.addWidget(self.chooser)
        self.tabs = QTabWidget(self.body)
        named(self.tabs, _("Questionnaire"))
        self.pages: dict[Instrument, QuestionnairePage] = {}
        self._loaded_order: list[Instrument] = []
        for instrument, q in QUESTIONNAIRES.items():
            scroll = QScrollArea(self.tabs)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            page = QuestionnairePage(q, keys, latest, scroll)
            page.changed.connect(self.changed)
            self.pages[instrument] = page
            self.tabs.addTab(scroll, instrument.value)
            self.tabs.setTabToolTip(self.tabs.count() - 1, q.title)
        self.layout_.addWidget(self.tabs, 1)
        self.none_recorded = QLabel(_("No questionnaire was recorded in this exam."), self.body)
        style.set_role(self.none_recorded, "hint")
        self.layout_.addWidget(self.none_recorded)
        self.filler = QWidget(self.body)  # keeps the title at the top while no form is shown
        self.layout_.addWidget(self.filler, 1)
        self._chosen: list[Instrument] = []
        self._offered: set[Instrument] | None = None  # the exam protocol's questionnaires (None: all)
        self._show_chosen()

    def load(self, outcomes: Sequence[Outcome]) -> None:
        by_instrument = {o.instrument: o for o in outcomes}
        for instrument, page in self.pages.items():
            page.load(by_instrument.get(instrument))
        self._loaded_order = [o.instrument for o in outcomes]
        self._chosen = list(self._loaded_order)  # what the exam holds, never the tab last used
        self._show_chosen()
        if self._chosen:
            self.tabs.setCurrentIndex(list(self.pages).index(self._chosen[0]))

    def chosen(self) -> list[Instrument]:
        """The questionnaires shown for entry, in the order they were picked."""
        return list(self._chosen)

    def choose(self, instrument: Instrument, *, focus: bool = False) -> None:
        """Show `instrument`'s form and make it the current one."""
        if instrument not in self._chosen:
            self._chosen.append(instrument)
        self._show_chosen()
        self.tabs.setCurrentIndex(list(self.pages).index(instrument))
        if focus:
            page = self.pages[instrument]
            (page.rows[0] if page.rows else page.date).setFocus(Qt.FocusReason.OtherFocusReason)

    def show_only(self, offered: set[Instrument] | None) -> None:
        """Offer only these questionnaires to pick (None: all). One already chosen or answered stays."""
        self._offered = offered
        self._show_chosen()

    def offered(self) -> list[Instrument]:
        return [i for i, b in self.choose_buttons.items() if not b.isHidden()]

    def _show_chosen(self) -> None:
        for i, instrument in enumerate(self.pages):
            self.tabs.setTabVisible(i, instrument in self._chosen)
            offered = self._offered is None or instrument in self._offered
            self.choose_buttons[instrument].setVisible(instrument not in self._chosen and not self.locked and offered)
        self.tabs.setVisible(bool(self._chosen))
        self.filler.setVisible(not self._chosen)
        self.none_recorded.setVisible(self.locked and not self._chosen)
        self.chooser.setVisible(not self.locked and any(not b.isHidden() for b in self.choose_buttons.values()))

    def value(self) -> tuple[Outcome, ...]:
        found = [o for page in self.pages.values() if (o := page.value()) is not None]
        return keep_order(found, lambda o: o.instrument, self._loaded_order)

    def show_sides(self, history: History) -> None:
        """Which knee (KOOS) or hip (HOOS) the answers refer to, from what the exam records."""
        for instrument, page in self.pages.items():
            found = questionnaire_side(instrument, history)
            page.side.setText(found.text() if found is not None else "")

    def show_scores(self, scores: Sequence[OutcomeScores]) -> None:
        by_instrument = {s.instrument: s for s in scores}
        for instrument, page in self.pages.items():
            page.show_scores(by_instrument.get(instrument))

    def problems(self) -> list[Problem]:
        return [(p.date.path, msg) for p in self.pages.values() if (msg := p.date.problem())]

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for page in self.pages.values():
            page.set_locked(locked)
        self._show_chosen()

    def revalidate_dates(self) -> None:
        for page in self.pages.values():
            page.date.revalidate()

    def first_field(self) -> QWidget | None:
        if not self._chosen:
            offered = [b for b in self.choose_buttons.values() if not b.isHidden()]
            return offered[0] if offered and not self.locked else self.tabs
        page = list(self.pages.values())[max(self.tabs.currentIndex(), 0)]
        return page.date
