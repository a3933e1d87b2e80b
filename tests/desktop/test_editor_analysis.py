"""The live analysis: the panel follows the findings; red flags first; live norms, LSI and scores; speed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from kinelink.desktop.editor import AnalysisPanel, ExamEditor
from kinelink.desktop.editor.panel import link_key
from kinelink.forms import examfile
from kinelink.forms.findings import Analysis, Evidence, Link, RedFlagAlert, RedFlagEvidence
from kinelink.forms.model import Exam, History, Patient, Symptom
from kinelink.forms.vocab import (
    Gait,
    Instrument,
    Joint,
    Likelihood,
    Location,
    Mechanism,
    Mode,
    Movement,
    MuscleGroup,
    RedFlag,
    RedFlagOrigin,
    Region,
    Sex,
    Side,
    TestName,
    TestResult,
)
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

TODAY = dt.date(2026, 11, 25)
EXAM_DAY = dt.date(2026, 11, 20)
PATIENT = Patient("Nowak", "Anna", dt.date(1990, 1, 1), Sex.FEMALE)
FULL_EXAM = Path(__file__).parent.parent / "fixtures" / "exams" / "full_left_knee_to_hip.json"


@pytest.fixture
def editor_live(qtbot: QtBot) -> Iterator[ExamEditor]:
    editor = ExamEditor(today=lambda: TODAY)
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor


def last(qtbot: QtBot, editor: ExamEditor, action: object) -> Analysis:
    """Do `action` (a callable) and return the analysis the editor then emits (after its debounce)."""
    with qtbot.waitSignal(editor.analysis_updated, timeout=2000) as blocker:
        action()  # type: ignore[operator]
    result = blocker.args[0] if blocker.args else None
    assert isinstance(result, Analysis)
    return result


def test_load_shows_the_analysis_at_once(editor_live: ExamEditor, qtbot: QtBot) -> None:
    record = examfile.load(FULL_EXAM, today=TODAY)
    analysis = last(qtbot, editor_live, lambda: editor_live.load(record.patient, record.exam))
    assert analysis.links and analysis.links[0].source is Joint.KNEE
    assert "Most likely link" in editor_live.panel.text()
    assert "Left knee → left hip (compensation)" in editor_live.panel.text()


def test_the_other_leg_as_source_names_both_sides_in_the_panel(editor_live: ExamEditor, qtbot: QtBot) -> None:
    record = examfile.load(FULL_EXAM.parent.parent / "other_leg" / "right_knee_injury.json", today=TODAY)
    analysis = last(qtbot, editor_live, lambda: editor_live.load(record.patient, record.exam))
    top = analysis.links[0]
    assert (top.source_side, top.side) == (Side.RIGHT, Side.LEFT)
    text = editor_live.panel.text()
    assert "Right knee → left hip (compensation)" in text
    assert "The source is on the other leg: the right knee drives the left hip pain." in text
    assert "not a probability" in text


def test_red_flags_lead_the_panel(editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(PATIENT, Exam(date=EXAM_DAY, history=History(
        symptoms=(Symptom(Region.KNEE, Side.LEFT, Location.ANTERIOR, None, 4),))))
    ed.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)].setText("120")
    analysis = last(qtbot, ed, lambda: ed.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT)]
                    .setText("180"))
    assert not analysis.red_flags
    assert "Red flag" not in ed.panel.text()
    analysis = last(qtbot, ed, lambda: ed.history.red_flags.boxes[RedFlag.FEVER].setChecked(True))
    assert [r.flag for r in analysis.red_flags] == [RedFlag.FEVER]
    text = ed.panel.text()
    assert "Red flag" in text and "Fever" in text
    assert text.index("Fever") < text.index("Deficits")


def test_an_alignment_link_appears_with_weak_abductors_and_dynamic_valgus(
    editor_live: ExamEditor, qtbot: QtBot
) -> None:
    ed = editor_live
    ed.load(PATIENT, Exam(date=EXAM_DAY, history=History(
        symptoms=(Symptom(Region.KNEE, Side.LEFT, Location.ANTERIOR, None, 4),))))
    assert ed.analysis() is not None and ed.analysis().links == ()  # type: ignore[union-attr]
    assert "No knee–hip link" in ed.panel.text()
    ed.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)].setText("120")
    last(qtbot, ed, lambda: ed.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.RIGHT)].setText("180"))
    analysis = last(qtbot, ed, lambda: ed.tests.lines[(TestName.SINGLE_LEG_SQUAT, Side.LEFT)]
                    .result.set_value(TestResult.POSITIVE))
    top = analysis.links[0]
    assert (top.source, top.target, top.mechanism, top.side) == (Joint.HIP, Joint.KNEE, Mechanism.ALIGNMENT, Side.LEFT)
    text = ed.panel.text()
    assert "Left hip → left knee (alignment)" in text
    assert "Single-leg squat positive on the left" in text
    assert "Next steps" in text
    # and it goes away when the finding does
    analysis = last(qtbot, ed, lambda: ed.tests.lines[(TestName.SINGLE_LEG_SQUAT, Side.LEFT)]
                    .result.set_value(TestResult.NEGATIVE))
    assert all(link.mechanism is not Mechanism.ALIGNMENT or link.score < top.score for link in analysis.links)


def test_rom_shows_norm_percent_and_difference_from_the_comparisons(editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(PATIENT, Exam(date=EXAM_DAY))
    row = ed.rom.row(Joint.HIP, "internal_rotation")
    norm, left, right, diff = row.derived
    assert norm.text() == "45°"  # AAOS: the only stored norm that fits a woman of 36 (Roaas: men 30–40)
    ed.rom.cells[(Joint.HIP, Movement.INTERNAL_ROTATION, Side.LEFT, Mode.PASSIVE)].setText("10")
    analysis = last(qtbot, ed, lambda: ed.rom.cells[(Joint.HIP, Movement.INTERNAL_ROTATION, Side.RIGHT,
                                                                    Mode.PASSIVE)].setText("40"))
    compared = {(c.side, c.mode): c for c in analysis.comparisons}
    assert left.text() == f"{compared[(Side.LEFT, 'passive')].percent_of_norm:g} %"
    assert right.text() == f"{compared[(Side.RIGHT, 'passive')].percent_of_norm:g} %"
    assert diff.text() == "−30°"
    assert left.font().italic() and diff.font().italic()  # of the passive range
    cell = ed.rom.cells[(Joint.HIP, Movement.INTERNAL_ROTATION, Side.LEFT, Mode.PASSIVE)]
    assert cell.property("deficit") is True and left.property("deficit") is True
    assert "less than the right side" in cell.toolTip()
    assert "Hip internal rotation, left" in ed.panel.text()
    last(qtbot, ed, lambda: cell.setText("38"))
    assert cell.property("deficit") is False


def test_strength_shows_lsi(editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(PATIENT, Exam(date=EXAM_DAY))
    ed.strength.forces[(Joint.KNEE, MuscleGroup.EXTENSORS, Side.LEFT)].setText("212.5")
    last(qtbot, ed, lambda: ed.strength.forces[(Joint.KNEE, MuscleGroup.EXTENSORS, Side.RIGHT)].setText("318"))
    lsi = ed.strength.row(Joint.KNEE, "extensors").derived[0]
    assert lsi.text() == "L 66.8 %"
    assert lsi.property("deficit") is True
    assert ed.strength.forces[(Joint.KNEE, MuscleGroup.EXTENSORS, Side.LEFT)].property("deficit") is True


def test_outcome_scores_follow_the_answers(editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(PATIENT, Exam(date=EXAM_DAY))
    page = ed.outcomes.pages[Instrument.KOOS]
    pain = [r for r in page.rows if r.item.subscale == "pain"]
    for r in pain[:-1]:
        r.set_value(1)
    analysis = last(qtbot, ed, lambda: pain[-1].set_value(1))
    assert analysis.outcomes[0].get("pain") == 75.0
    assert page.score_labels["pain"].text() == "75.0"
    assert page.score_labels["qol"].text() == "—"
    assert "KOOS" in ed.panel.text() and "Pain 75.0" in ed.panel.text()
    lefs = ed.outcomes.pages[Instrument.LEFS]
    for r in lefs.rows[:-1]:
        r.set_value(4)
    last(qtbot, ed, lambda: lefs.rows[-1].set_value(3))
    assert lefs.score_labels["total"].text() == "79"


def test_analysis_is_debounced_but_changed_is_not(editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    ed.load(PATIENT, Exam(date=EXAM_DAY))
    edits: list[None] = []
    updates: list[Analysis] = []
    ed.changed.connect(lambda: edits.append(None))
    ed.analysis_updated.connect(updates.append)
    cell = ed.rom.cells[(Joint.KNEE, Movement.FLEXION, Side.LEFT, Mode.ACTIVE)]
    with qtbot.waitSignal(ed.analysis_updated, timeout=2000):
        for text in ("1", "12", "120"):
            cell.setText(text)
    assert len(edits) == 3
    assert len(updates) == 1 and updates[0].comparisons[0].value == 120


def test_panel_on_its_own_lists_red_flags_first_and_collapses_other_links(qtbot: QtBot) -> None:
    panel = AnalysisPanel()
    qtbot.addWidget(panel)
    panel.resize(380, 700)
    panel.show()

    def link(source: Joint, mechanism: Mechanism, score: float, finding: str) -> Link:
        return Link(source, source.other, mechanism, Side.RIGHT, Side.LEFT, score,
                    Likelihood.HIGH if score > 0.6 else Likelihood.LOW, f"Summary <b>{mechanism.value}</b> & co",
                    (Evidence(finding, "rule-1", 0.3),), (Evidence("against <i>it</i>", "rule-2", 0.1),),
                    ("Step one",), ("Powers 2010",))

    top = link(Joint.HIP, Mechanism.REFERRED, 0.7, "IR 10° <script>")
    other = link(Joint.KNEE, Mechanism.COMPENSATION, 0.3, "second link's finding")
    analysis = Analysis(
        links=(top, other),
        red_flags=(RedFlagAlert(RedFlag.NIGHT_PAIN, "See a doctor <soon> & check",
                                (RedFlagEvidence(RedFlagOrigin.TEXT, "worse at <night>", "notes"),)),),
        comparisons=(),
        outcomes=(),
    )
    panel.show_analysis(analysis)
    text = panel.text()
    assert text.index("Night pain") < text.index("Most likely link") < text.index("Other links (1)")
    assert "See a doctor <soon> & check" in text  # escaped, shown as written
    assert "notes: “worse at <night>” (to be confirmed)" in text and "(text)" in text
    assert "Left hip → right knee (referred)" in text  # both sides, each its own
    assert "not a probability" in text
    assert "IR 10° <script>" in text and "Summary <b>referred</b> & co" in text
    assert "second link's finding" not in text  # collapsed
    panel.browser.anchorClicked.emit(QUrl("link:" + "/".join(link_key(other))))
    assert "second link's finding" in panel.text()
    panel.browser.anchorClicked.emit(QUrl("link:" + "/".join(link_key(other))))
    assert "second link's finding" not in panel.text()


def test_gait_and_history_feed_the_analysis(editor_live: ExamEditor, qtbot: QtBot) -> None:
    ed = editor_live
    child = Patient("Петров", "Иван", dt.date(2013, 6, 9), Sex.MALE)
    ed.load(child, Exam(date=EXAM_DAY, history=History(
        symptoms=(Symptom(Region.KNEE, Side.RIGHT, Location.ANTERIOR, None, 6),))))
    analysis = last(qtbot, ed, lambda: ed.history.gait.boxes[Gait.LIMP].setChecked(True))
    assert RedFlag.ADOLESCENT_HIP_OR_KNEE_PAIN_WITH_LIMP in [r.flag for r in analysis.red_flags]


def test_panel_tells_screened_none_present_from_not_screened(qtbot: QtBot) -> None:
    panel = AnalysisPanel()
    qtbot.addWidget(panel)
    panel.show_analysis(Analysis(links=(), red_flags=(), comparisons=(), outcomes=(), red_flags_screened=True))
    assert "Red-flag screening: screened, none present." in panel.text()
    panel.show_analysis(Analysis(links=(), red_flags=(), comparisons=(), outcomes=(), red_flags_screened=None))
    assert "Red-flag screening: not screened (or the screening was not recorded)" in panel.text()
    assert "none present" not in panel.text()


def test_a_childs_rom_table_shows_no_adult_norm(editor_live: ExamEditor, qtbot: QtBot) -> None:
    child = Patient("Петров", "Иван", dt.date(2013, 6, 9), Sex.MALE)  # 13 on the exam day: no published band
    editor_live.load(child, Exam(date=EXAM_DAY))
    norms = {row.spec.key: row.derived[0] for row in editor_live.rom.rows}
    assert norms["internal_rotation"].text() == "—"
    assert "No adult norm for a 13-year-old" in norms["internal_rotation"].toolTip()
    editor_live.load(PATIENT, Exam(date=EXAM_DAY))
    assert norms["internal_rotation"].text() != "—"
