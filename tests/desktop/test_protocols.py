"""Exam protocols in the editor (issue 12, build 5): a protocol shows exactly its fields, "Show all
fields" shows the rest, the choice survives a restart, and a field outside the protocol that holds a
value is always shown (an imported exam: nothing recorded is ever hidden)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.db import repository
from kinelink.desktop import dialogs
from kinelink.desktop.editor import ExamEditor
from kinelink.desktop.main_window import MainWindow
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.protocols import PROTOCOLS, Protocol
from kinelink.forms.questionnaires import QUESTIONNAIRES
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import Joint, Mode, Movement, MuscleGroup, Side, TestName
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

# the rich fixture records hip abduction strength, hip extension ROM and FABER, Trendelenburg, Ober:
# all outside the quick knee screen
RICH = FIXTURES / "exams" / "full_left_knee_to_hip.json"
ALL_ROM = {(j, m.value) for j, m in ROM_NORMS}
ALL_GROUPS = {(j, g.value) for j, g in MUSCLE_GROUPS}


def _pick(editor: ExamEditor, protocol_id: str) -> None:
    """Pick in the header's list as the clinician does (activated is the user's signal)."""
    box = editor.protocol_box
    index = box.findData(protocol_id)
    assert index >= 0
    box.setCurrentIndex(index)
    box.activated.emit(index)


def _shown(editor: ExamEditor) -> tuple[set[tuple[Joint, str]], set[tuple[Joint, str]], set[TestName], set[object]]:
    rom = {(r.spec.joint, r.spec.key) for r in editor.rom.rows if not r.name.isHidden()}
    strength = {(r.spec.joint, r.spec.key) for r in editor.strength.rows if not r.name.isHidden()}
    tests = {t for t, widgets in editor.tests.test_widgets.items() if not widgets[0].isHidden()}
    offered = {i for i, b in editor.outcomes.choose_buttons.items() if not b.isHidden()}
    return rom, strength, tests, offered


def _expected(p: Protocol) -> tuple[set[tuple[Joint, str]], set[tuple[Joint, str]], set[TestName], set[object]]:
    return ({(j, m.value) for j, m in p.rom_ids()}, {(j, g.value) for j, g in p.strength_ids()},
            set(p.test_ids()), set(p.instruments()))


@pytest.fixture
def app_patient(tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    window = app_start(tmp_path / "clinic.sqlite3")
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: [RICH])
    window.act_import.trigger()
    window.open_patient(window.patients.summaries()[0].id)
    return window


@pytest.mark.parametrize("protocol_id", list(PROTOCOLS))
def test_picking_a_protocol_shows_exactly_its_fields(app_patient: MainWindow, protocol_id: str) -> None:
    window = app_patient
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    assert _shown(editor) == (ALL_ROM, ALL_GROUPS, set(SPECIAL_TESTS), set(QUESTIONNAIRES))  # the default: all
    assert editor.show_all.isHidden()
    _pick(editor, protocol_id)
    protocol = PROTOCOLS[protocol_id]
    assert _shown(editor) == _expected(protocol)
    # the cells of a hidden row are hidden with its name; a shown row's passive cells follow their switch
    for r in editor.rom.rows:
        key = (r.spec.joint, Movement(r.spec.key), Side.LEFT, Mode.ACTIVE)
        assert editor.rom.cells[key].isHidden() is ((r.spec.joint, r.spec.key) not in _expected(protocol)[0])
    # a joint heading is shown only over rows that are shown
    assert editor.rom.joint_heads[Joint.HIP].isHidden() is not any(j is Joint.HIP for j, _ in _expected(protocol)[0])
    # the first field of a section is one that is shown
    first = editor.strength.first_field()
    assert first is not None and not first.isHidden()
    assert protocol.purpose in editor.protocol_hint.text()
    assert window.ws.settings.exam_protocol == protocol_id


def test_show_all_fields_reveals_every_field_and_back(app_patient: MainWindow) -> None:
    window = app_patient
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    _pick(editor, "full_hip")
    assert _shown(editor) == _expected(PROTOCOLS["full_hip"])
    assert not editor.show_all.isHidden()
    editor.show_all.setChecked(True)
    assert _shown(editor) == (ALL_ROM, ALL_GROUPS, set(SPECIAL_TESTS), set(QUESTIONNAIRES))
    # a value typed while all fields are shown keeps its field when the protocol's view comes back
    editor.tests.lines[(TestName.LACHMAN, Side.LEFT)].note.setText("end-feel soft")
    editor.show_all.setChecked(False)
    _rom, _strength, tests, _offered = _shown(editor)
    assert tests == set(PROTOCOLS["full_hip"].test_ids()) | {TestName.LACHMAN}
    assert "1 field outside the protocol" in editor.protocol_hint.text()
    # picking "All fields" shows everything and hides the switch
    _pick(editor, "")
    assert _shown(editor) == (ALL_ROM, ALL_GROUPS, set(SPECIAL_TESTS), set(QUESTIONNAIRES))
    assert editor.show_all.isHidden()


def test_the_choice_survives_a_restart(
    tmp_path: Path, app_patient: MainWindow, app_start: Callable[..., MainWindow],
) -> None:
    window = app_patient
    window.act_new_exam.trigger()
    _pick(window.exam_page.editor, "quick_knee")
    window.close_exam()
    window.close()
    again = app_start(tmp_path / "clinic.sqlite3")
    assert again.ws.settings.exam_protocol == "quick_knee"
    again.open_patient(again.patients.summaries()[0].id)
    again.act_new_exam.trigger()
    editor = again.exam_page.editor
    assert editor.protocol() == "quick_knee"
    assert _shown(editor) == _expected(PROTOCOLS["quick_knee"])


def test_a_value_outside_the_protocol_stays_visible(app_patient: MainWindow) -> None:
    """The imported exam records hip abduction strength, hip extension ROM, FABER, Trendelenburg and Ober
    and the LEFS: none is in the quick knee screen, each stays shown with its value."""
    window = app_patient
    window.act_new_exam.trigger()
    _pick(window.exam_page.editor, "quick_knee")
    window.close_exam()
    with window.ws.database.session() as s:
        (imported,) = repository.list_exams(s, window.patients.summaries()[0].id)
    window.open_exam(imported.id)  # the imported exam (a draft)
    editor = window.exam_page.editor
    assert editor.protocol() == "quick_knee"
    rom, strength, tests, _offered = _shown(editor)
    quick_rom, quick_strength, quick_tests, _ = _expected(PROTOCOLS["quick_knee"])
    recorded = editor.exam()
    assert rom == quick_rom | {(r.joint, r.movement.value) for r in recorded.rom}
    assert (Joint.HIP, "extension") in rom and (Joint.HIP, "extension") not in quick_rom
    assert strength == quick_strength | {(s.joint, s.group.value) for s in recorded.strength}
    assert (Joint.HIP, MuscleGroup.ABDUCTORS.value) in strength
    assert tests == quick_tests | {t.test for t in recorded.tests}
    assert {TestName.FABER, TestName.TRENDELENBURG, TestName.OBER} <= tests
    cell = editor.strength.forces[(Joint.HIP, MuscleGroup.ABDUCTORS, Side.LEFT)]
    assert not cell.isHidden() and cell.text()
    # the questionnaires answered stay shown as tabs, whatever the protocol offers
    assert [o.instrument for o in recorded.outcomes] == editor.outcomes.chosen()
    for i, instrument in enumerate(editor.outcomes.pages):
        assert editor.outcomes.tabs.isTabVisible(i) is (instrument in editor.outcomes.chosen())
    assert "outside the protocol" in editor.protocol_hint.text()
    # nothing the protocol hides is lost: the exam as the editor holds it is the exam as stored
    assert editor.exam().rom == recorded.rom and editor.exam().tests == recorded.tests


def test_invalid_text_outside_the_protocol_is_shown(qtbot: QtBot, app_patient: MainWindow) -> None:
    window = app_patient
    window.act_new_exam.trigger()
    editor = window.exam_page.editor
    _pick(editor, "quick_knee")
    row = editor.rom.row(Joint.HIP, Movement.ABDUCTION.value)
    assert row.name.isHidden()
    editor.restore_invalid({"exam.rom.hip.abduction.left.active": "400"})  # kept from a crash
    assert not row.name.isHidden() and editor.rom.cells[
        (Joint.HIP, Movement.ABDUCTION, Side.LEFT, Mode.ACTIVE)].text() == "400"
