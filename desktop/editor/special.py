"""The Tests section: special, stability and functional tests, built from `forms.special_tests`.

A new test in the catalogue appears here without a change to this module.
Each test has a line per side: result, grade (for graded tests), painful, note.
Type the first letter to choose: p(ositive), n(egative / not tested), e(quivocal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kinelink.desktop.editor import style
from kinelink.desktop.editor.choices import ChoiceBox, TriStateBox
from kinelink.desktop.editor.fields import NumberField, TextField, named
from kinelink.desktop.editor.keys import EnterKeys
from kinelink.desktop.editor.labels import capitalize
from kinelink.desktop.editor.order import keep_order
from kinelink.desktop.editor.section import Section, card, chain_tab_order, column_label, grid
from kinelink.forms.formats import show_quantity, upper_first
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import Exam, TestEntry
from kinelink.forms.norms import LSI
from kinelink.forms.ranges import HOP_DISTANCE
from kinelink.forms.relative import hop_lsi
from kinelink.forms.special_tests import TEST_GROUPS, SpecialTest
from kinelink.forms.vocab import Side, TestGrade, TestName, TestResult
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

TestKey = tuple[TestName, Side]

# Pixels kept free beyond the wide layout's minimum before using it: CI's fonts ran 25 px wider than a
# workstation's, and the page then scrolled sideways.
FONT_SLACK = 30



def is_graded(test: SpecialTest) -> bool:
    """Whether the catalogue uses the grade field for this test (some keep a score in the note)."""
    return bool(test.grading_text) and "in the note" not in test.grading_text  # the catalogue's English words


class TestLine:
    """The controls of one test on one side."""

    def __init__(self, test: SpecialTest, side: Side, parent: QWidget) -> None:
        self.test = test
        self.side = side
        name = f"{test.label}, {side.label}"
        # the single-leg hop for distance: its distance, from which the limb symmetry index comes
        self.distance: NumberField | None = None
        self.kept_distance: float | None = None
        if test.test is TestName.HOP_TEST:
            self.distance = NumberField(_('{name}, distance').format(
                name=name), f"exam.tests.{test.test.value}.{side.value}.distance_cm",
                                        HOP_DISTANCE.low, HOP_DISTANCE.high, unit=HOP_DISTANCE.unit, parent=parent)
            self.distance.setFixedWidth(self.distance.fontMetrics().horizontalAdvance("999.5") + 30)
        self.result = ChoiceBox[TestResult](
            _("{name}, result").format(name=name), [(capitalize(r.label), r) for r in TestResult], parent=parent,
            min_chars=8,  # German "Nicht getestet" may elide (its tooltip says it) where the page has no room
        )
        self.result.emphasis = {TestResult.POSITIVE: style.ERROR, TestResult.EQUIVOCAL: style.DEFICIT}
        self.grade = ChoiceBox[TestGrade](_("{name}, grade").format(name=name), [(g.value, g) for g in TestGrade],
                                          parent=parent)
        self.grade.setToolTip(test.grading or _("Not graded"))
        if not is_graded(test):
            self.grade.setEnabled(False)
            self.grade.setProperty("always_disabled", True)
        self.painful = TriStateBox(_('{name}, painful').format(name=name), _("Painful"), _("Not painful"), parent)
        self.painful.emphasis = {True: style.ERROR}
        self.note = TextField(_('{name}, note').format(name=name), parent)
        self.note.setPlaceholderText(_("note") if not test.grading or is_graded(test) else test.grading)

    def widgets(self) -> list[QWidget]:
        return [self.result, self.grade, self.painful, self.note, *([self.distance] if self.distance else [])]

    def holds_value(self) -> bool:
        """Whether anything is recorded or typed on this line."""
        return (self.result.value() is not None or self.grade.value() is not None or self.painful.value() is not None
                or bool(self.note.text().strip()) or self.kept_distance is not None
                or (self.distance is not None and bool(self.distance.text().strip())))

    def value(self) -> TestEntry | None:
        result = self.result.value()
        if result is None:
            return None
        distance = self.distance.value() if self.distance is not None else self.kept_distance
        return TestEntry(self.test.test, self.side, result, self.grade.value(), self.painful.value(),
                         self.note.value(), distance)

    def load(self, entry: TestEntry | None) -> None:
        self.kept_distance = entry.distance_cm if entry else None  # a test without a distance field keeps it
        if self.distance is not None:
            self.distance.set_value(entry.distance_cm if entry else None)
        self.result.set_value(entry.result if entry else None)
        grade = entry.grade if entry else None
        usable = is_graded(self.test) or grade is not None  # a loaded grade stays visible and editable
        self.grade.setProperty("always_disabled", not usable)
        self.grade.setEnabled(usable)
        self.grade.set_value(grade)
        self.painful.set_value(entry.painful if entry else None)
        self.note.set_value(entry.note if entry else None)


@dataclass(slots=True)
class _Placed:
    """One test's widgets, to be placed in its group's grid (`TestsSection._arrange`)."""

    name: QLabel
    assesses: QLabel
    sides: list[tuple[QLabel, list[QWidget]]]  # (side label, result, grade, pain, note[, distance]) per side
    lsi: QLabel | None  # the hop's limb symmetry index
    spacer: QWidget

    def widgets(self) -> list[QWidget]:
        return [self.name, self.assesses, *(w for label, ws in self.sides for w in (label, *ws)),
                *([self.lsi] if self.lsi else []), self.spacer]


@dataclass(slots=True)
class _Card:
    grid: QGridLayout
    headers: list[QLabel]  # Test, (side), Result, Grade, Pain, Note[, Distance, LSI]
    tests: list[_Placed]


class TestsSection(Section):
    title = N_("Tests")

    def __init__(self, keys: EnterKeys, parent: QWidget | None = None) -> None:
        super().__init__(keys, parent)
        self.lines: dict[TestKey, TestLine] = {}
        self.hop_lsi: QLabel | None = None  # the hop test's LSI, beside its left row
        self.test_widgets: dict[TestName, list[QWidget]] = {}  # everything of one test's lines, to show or hide
        self.group_cards: list[tuple[QWidget, tuple[TestName, ...]]] = []
        self._hidden: set[TestName] = set()  # tests outside the exam protocol
        self._loaded_order: list[TestKey] = []
        hint = QLabel(
            _("Type the first letter to choose: p = positive, n = negative (again: not tested), e = equivocal. "
            "Hover a test's name for what it assesses."), self.body,
        )
        hint.setWordWrap(True)
        style.set_role(hint, "hint")
        self.layout_.addWidget(hint)
        order: list[QWidget] = []
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        self._name_width = max([self.fontMetrics().horizontalAdvance("Resisted external derotation") + 12]
                               + [QFontMetrics(bold).horizontalAdvance(t.label) + 4 for _group, ts in TEST_GROUPS
                                  for t in ts])
        self._side_width = max(self.fontMetrics().horizontalAdvance(upper_first(s.label)) for s in Side) + 8
        self._cards: list[_Card] = []
        for group, tests in TEST_GROUPS:
            frame, lay = card(self.body, _(group))
            g = grid(frame)
            hop = any(t.test is TestName.HOP_TEST for t in tests)
            headers = [column_label(h, frame) for h in (_("Test"), "", _("Result"), _("Grade"), _("Pain"), _("Note"),
                                                         *((_("Distance"), "LSI") if hop else ()))]
            placed: list[_Placed] = []
            for test in tests:
                name = QLabel(test.label, frame)
                name.setToolTip(
                    _("Assesses: {assesses}\nPositive: {positive}").format(
                        assesses=test.assesses, positive=test.positive_means)
                    + ("\n" + _("Grading: {grading}").format(grading=test.grading) if test.grading else "")
                    + "\n" + _("Source: {source}").format(source=test.source)
                )
                name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                font = name.font()
                font.setWeight(font.Weight.DemiBold)
                name.setFont(font)
                assesses = QLabel(test.assesses, frame)
                assesses.setWordWrap(True)
                style.set_role(assesses, "hint")
                own: list[QWidget] = [name, assesses]
                self.test_widgets[test.test] = own
                sides: list[tuple[QLabel, list[QWidget]]] = []
                lsi: QLabel | None = None
                for side in (Side.LEFT, Side.RIGHT):
                    tl = TestLine(test, side, frame)
                    self.lines[(test.test, side)] = tl
                    side_label = QLabel(upper_first(side.label), frame)
                    style.set_role(side_label, "hint")
                    side_label.setBuddy(tl.result)
                    own += [side_label, *tl.widgets()]
                    sides.append((side_label, tl.widgets()))
                    order += tl.widgets()
                    tl.result.changed.connect(self.changed)
                    tl.grade.changed.connect(self.changed)
                    tl.painful.changed.connect(self.changed)
                    tl.note.textChanged.connect(self.changed)
                    if tl.distance is not None:
                        tl.distance.textChanged.connect(self.changed)
                        if side is Side.LEFT:
                            self.hop_lsi = lsi = QLabel("", frame)
                            style.set_role(self.hop_lsi, "derived")
                            own.append(self.hop_lsi)
                spacer = QWidget(frame)
                spacer.setFixedHeight(style.GAP_S)
                own.append(spacer)
                placed.append(_Placed(name, assesses, sides, lsi, spacer))
            lay.addLayout(g)
            self.layout_.addWidget(frame)
            self._cards.append(_Card(g, headers, placed))
            self.group_cards.append((frame, tuple(t.test for t in tests)))
        self._wide: bool | None = None
        self._wide_needs = 0  # the body's minimum width with the names in their own column
        self._arrange(wide=True)
        self.finish()
        chain_tab_order(order)
        self.keys.install(*order)
        self._order = order
        for key, tl in self.lines.items():
            named(tl.note, _('{test}, {label}, note').format(test=tl.test.label, label=key[1].label))

    def fit_width(self) -> None:
        """The names in their own column where the page is wide enough (with room for wider fonts),
        else each name on a line above its two sides: at 1024 px the page scrolled sideways."""
        if self._wide:
            self._wide_needs = self.body.minimumSizeHint().width()
        wide = self.scroll_area.viewport().width() >= self._wide_needs + FONT_SLACK
        if wide != self._wide:
            self._arrange(wide=wide)

    def is_wide(self) -> bool:
        return bool(self._wide)

    def _arrange(self, *, wide: bool) -> None:
        """Place every group's widgets: `wide`, a test's name and what it assesses in the first column
        beside its two sides; else the name and what it assesses on a line above its sides."""
        self._wide = wide
        for c in self._cards:
            g = c.grid
            for w in [*c.headers, *(w for t in c.tests for w in t.widgets())]:
                g.removeWidget(w)
            for column in range(g.columnCount()):
                g.setColumnStretch(column, 0)
                g.setColumnMinimumWidth(column, 0)
            first = 2 if wide else 1  # the result's column
            shown = c.headers if wide else c.headers[1:7]  # narrow: no Test column, the LSI on the name's line
            for column, h in enumerate(shown):
                g.addWidget(h, 0, column)
            c.headers[0].setVisible(wide)
            if len(c.headers) > 7:
                c.headers[7].setVisible(wide)
            line = 1
            for t in c.tests:
                for label in (t.name, t.assesses):
                    if wide:  # one width in every group, so the knee's and the hip's columns line up
                        label.setFixedWidth(self._name_width)
                    else:
                        label.setMinimumWidth(0)
                        label.setMaximumWidth(16777215)
                if wide:
                    g.addWidget(t.name, line, 0)
                    g.addWidget(t.assesses, line + 1, 0, Qt.AlignmentFlag.AlignTop)
                else:
                    g.addWidget(t.name, line, 0, 1, 3)  # over the side, result and grade
                    g.addWidget(t.assesses, line, 3, 1, 2)  # over the pain and the note
                    line += 1
                for n, (side_label, widgets) in enumerate(t.sides):
                    g.addWidget(side_label, line + n, first - 1)
                    for column, w in enumerate(widgets):
                        g.addWidget(w, line + n, first + column)
                if t.lsi is not None:
                    if wide:
                        g.addWidget(t.lsi, line, 7)
                    else:
                        g.addWidget(t.lsi, line - 1, 5)  # under the Distance heading, on the name's line
                g.addWidget(t.spacer, line + 2, 0)
                line += 3
            g.setColumnStretch(first + 3, 1)
            g.setColumnMinimumWidth(first + 3, 120 if wide else 96)  # the note: narrower on a small screen
            g.setColumnMinimumWidth(first - 1, self._side_width)
            if wide:
                g.setColumnMinimumWidth(0, self._name_width)

    def load(self, entries: Sequence[TestEntry]) -> None:
        by_key = {(e.test, e.side): e for e in entries}
        for key, tl in self.lines.items():
            tl.load(by_key.get(key))
        self._loaded_order = [(e.test, e.side) for e in entries]

    def value(self) -> tuple[TestEntry, ...]:
        entries = [e for tl in self.lines.values() if (e := tl.value()) is not None]
        return keep_order(entries, lambda e: (e.test, e.side), self._loaded_order)

    def first_field(self) -> QWidget | None:
        shown = [w for w in self._order if w.isVisibleTo(self)]
        return shown[0] if shown else None

    def holds_value(self, test: TestName) -> bool:
        return any(tl.holds_value() for (t, _side), tl in self.lines.items() if t is test)

    def show_only(self, shown: set[TestName] | None) -> None:
        """Show the tests of `shown` and every test holding a value; None: every test."""
        self._hidden = {t for t in self.test_widgets if shown is not None and t not in shown
                        and not self.holds_value(t)}
        for test, widgets in self.test_widgets.items():
            for w in widgets:
                w.setVisible(test not in self._hidden)
        for frame, tests in self.group_cards:
            frame.setVisible(any(t not in self._hidden for t in tests))

    def shown_tests(self) -> list[TestName]:
        return [t for t in self.test_widgets if t not in self._hidden]

    def checked_fields(self) -> list[NumberField]:
        return [tl.distance for tl in self.lines.values() if tl.distance is not None]

    def show_hop(self, exam: Exam) -> None:
        """The hop's limb symmetry index (shorter ÷ longer × 100), shaded below the LSI threshold."""
        found = hop_lsi(exam)
        if self.hop_lsi is None:
            return
        if found is None:
            self.hop_lsi.setText("")
            style.set_flag(self.hop_lsi, "deficit", False)
            return
        lsi, side, deficit = found
        self.hop_lsi.setText(f"{side.label[0].upper()} {show_quantity(lsi, '%')}")
        self.hop_lsi.setToolTip(_("Hop {side} ÷ hop {other} × 100").format(side=side.label, other=side.other.label)
                                + (f"; {LSI.rule}" if deficit else ""))
        style.set_flag(self.hop_lsi, "deficit", deficit)
