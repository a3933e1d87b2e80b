"""The made-up data (forms/demo.py) and filling a database with it (db/bulk.py)."""

from __future__ import annotations

import collections
import unicodedata

import pytest
from kinelink import db
from kinelink.db import repository as repo
from kinelink.db.bulk import DemoCounts, fill_demo
from kinelink.db.records import AuditAction, ExamStatus
from kinelink.forms import demo, examfile
from kinelink.forms.model import ExamRecord, PatientId
from kinelink.forms.questionnaires import score
from kinelink.forms.vocab import Gait, Joint, Mode, Movement, MuscleGroup, Region, Sex, Structure, TestName, TestResult

from tests.db.conftest import TODAY

N = 400


@pytest.fixture(scope="module")
def people() -> list[demo.DemoPatient]:
    return list(demo.generate(7, N, mean_visits=5, today=TODAY))


def test_every_record_is_a_valid_exam_file(people: list[demo.DemoPatient]) -> None:
    for p in people:
        for record in p.records:
            assert examfile.from_dict(examfile.to_dict(record), today=TODAY) == record
            assert examfile.loads(examfile.dumps(record), today=TODAY) == record


def test_same_seed_same_data_and_patients_do_not_depend_on_n() -> None:
    assert list(demo.generate(3, 20, today=TODAY)) == list(demo.generate(3, 20, today=TODAY))
    assert list(demo.generate(3, 20, today=TODAY))[:5] == list(demo.generate(3, 5, today=TODAY))
    assert list(demo.generate(3, 5, today=TODAY, start=15)) == list(demo.generate(3, 20, today=TODAY))[15:]
    assert list(demo.generate(3, 5, today=TODAY)) != list(demo.generate(4, 5, today=TODAY))


def test_visits_average_about_what_was_asked(people: list[demo.DemoPatient]) -> None:
    counts = [len(p.records) for p in people]
    assert min(counts) == 1 and max(counts) == 6
    assert 4.4 < sum(counts) / len(counts) < 5.2
    fewer = [len(p.records) for p in demo.generate(7, N, mean_visits=2, today=TODAY)]
    assert 1.7 < sum(fewer) / len(fewer) < 2.3


def test_people_are_diverse(people: list[demo.DemoPatient]) -> None:
    names = [p.patient.family_name + p.patient.given_name for p in people]
    scripts = {unicodedata.name(c).split()[0] for name in names for c in name if c.isalpha()}
    assert {"LATIN", "CYRILLIC", "GREEK", "ARABIC", "CJK"} <= scripts
    assert any("ễ" in n or "ờ" in n or "ạ" in n or "ủ" in n for n in names)  # Vietnamese
    assert any(c in n for n in names for c in "łżśąę")  # Polish
    sexes = collections.Counter(p.patient.sex for p in people)
    assert sexes[Sex.FEMALE] > N * 0.3 and sexes[Sex.MALE] > N * 0.3
    ages = [p.patient.age_on(p.records[0].exam.date) for p in people]
    assert min(ages) < 18 and max(ages) > 70
    assert sum(1 for a in ages if a < 18) >= 5
    assert len({p.story for p in people}) == len(demo.STORIES)


def _first_last(p: demo.DemoPatient) -> tuple[ExamRecord, ExamRecord]:
    return p.records[0], p.records[-1]


def test_visits_show_progress(people: list[demo.DemoPatient]) -> None:
    long = [p for p in people if len(p.records) >= 4 and p.story in ("knee_to_hip", "acl_rehab", "knee_oa")]
    improved_rom = improved_strength = improved_koos = 0
    for p in long:
        first, last = _first_last(p)
        side = first.exam.history.symptoms[0].side
        flexion = [r.exam.rom_value(Joint.KNEE, Movement.FLEXION, side, Mode.ACTIVE) for r in (first, last)]
        quads = [r.exam.strength_of(Joint.KNEE, MuscleGroup.EXTENSORS, side) for r in (first, last)]
        improved_rom += flexion[1].degrees > flexion[0].degrees  # type: ignore[union-attr]
        improved_strength += quads[1].grade.rank >= quads[0].grade.rank  # type: ignore[union-attr]
        koos = [next(o for o in r.exam.outcomes if o.instrument.value == "KOOS") for r in (first, last)]
        improved_koos += score(koos[1].instrument, koos[1].answers)["pain"] > score(  # type: ignore[operator]
            koos[0].instrument, koos[0].answers)["pain"]
        pains = [max(s.pain_nprs or 0 for s in r.exam.history.symptoms) for r in (first, last)]
        assert pains[1] <= pains[0]
    assert len(long) > 20
    assert improved_rom > 0.9 * len(long) and improved_strength == len(long) and improved_koos > 0.8 * len(long)


def test_kinetic_chain_patterns_are_there(people: list[demo.DemoPatient]) -> None:
    by_story = collections.defaultdict(list)
    for p in people:
        by_story[p.story].append(p.records[0].exam)
    # knee injury, then hip pain, a limp and weak gluteals
    for exam in by_story["knee_to_hip"]:
        injury = exam.history.injuries[0]
        hip = next(s for s in exam.history.symptoms if s.region is Region.HIP)
        assert injury.region is Region.KNEE and Structure.ACL in injury.structures
        assert injury.date is not None and hip.onset is not None and injury.date < hip.onset
        assert Gait.LIMP in exam.history.gait
        weak = exam.strength_of(Joint.HIP, MuscleGroup.ABDUCTORS, hip.side)
        other = exam.strength_of(Joint.HIP, MuscleGroup.ABDUCTORS, hip.side.other)
        assert weak and other and weak.grade and other.grade and weak.grade.rank < other.grade.rank
    # weak hip abductors, dynamic valgus, anterior knee pain
    for exam in by_story["hip_to_knee"]:
        side = exam.history.symptoms[0].side
        squat = exam.test_result(TestName.SINGLE_LEG_SQUAT, side)
        assert squat and squat.result is TestResult.POSITIVE
        assert exam.history.symptoms[0].region is Region.KNEE
    # hip osteoarthritis felt in the knee
    for exam in by_story["hip_oa_knee"]:
        side = exam.history.symptoms[0].side
        ir = exam.rom_value(Joint.HIP, Movement.INTERNAL_ROTATION, side, Mode.ACTIVE)
        assert ir and ir.degrees < 25
        assert {s.region for s in exam.history.symptoms} >= {Region.KNEE, Region.GROIN}
    assert all(len(by_story[k]) > 10 for k in ("knee_to_hip", "hip_to_knee", "hip_oa_knee"))


def test_fill_demo_stores_every_patient_with_statuses_and_an_audit_trail(database: db.Database) -> None:
    counts = fill_demo(database, patients=80, seed=5, today=TODAY, batch=25)
    made = list(demo.generate(5, 80, today=TODAY))
    assert counts == DemoCounts(80, sum(len(p.records) for p in made))
    with database.session() as s:
        summaries = [e for pid in range(1, 81) for e in repo.list_exams(s, PatientId(pid))]
        for p in made:
            for record in p.records:  # version 1 is always the exam as made
                assert examfile.to_dict(repo.get_exam(s, record.exam.id or "", version=1).record) == \
                    examfile.to_dict(record)
        for e in summaries:
            if e.status is ExamStatus.AMENDED:
                assert [a.reason for a in repo.amendments(s, e.id)] == ["Typing error"]
        trail = repo.audit_trail(s)
    statuses = collections.Counter(e.status for e in summaries)
    assert statuses[ExamStatus.SIGNED] > statuses[ExamStatus.DRAFT] > 0
    assert collections.Counter(e.action for e in trail) == {
        AuditAction.CREATE_PATIENT: 80, AuditAction.DEMO: counts.exams
    }


def test_demo_data_never_go_into_a_database_with_patients(database: db.Database) -> None:
    fill_demo(database, patients=3, today=TODAY)
    with pytest.raises(db.Conflict, match="already holds 3 patients"):
        fill_demo(database, patients=3, today=TODAY)
