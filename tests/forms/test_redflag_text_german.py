"""The red-flag scan reads German notes too (issue 16), and English as before."""

from __future__ import annotations

import datetime as dt

import pytest
from kinelink.forms import redflag_text
from kinelink.forms.model import Exam, ExamRecord, History, Patient
from kinelink.forms.redflags import screen
from kinelink.forms.vocab import RedFlag, RedFlagOrigin, Sex

NEURO = RedFlag.PROGRESSIVE_NEUROLOGICAL_DEFICIT


def _flags(text: str) -> list[tuple[RedFlag, str]]:
    return [(m.flag, m.words) for m in redflag_text.scan((("notes", text),))]


@pytest.mark.parametrize(
    ("text", "flag", "words"),
    [
        ("Seit 3 Wochen Nachtschmerz im Knie", RedFlag.NIGHT_PAIN, "Nachtschmerz"),
        ("Starke nächtliche Schmerzen", RedFlag.NIGHT_PAIN, "nächtliche Schmerzen"),
        ("Wacht nachts vor Schmerzen auf", RedFlag.NIGHT_PAIN, "Wacht nachts vor Schmerzen"),
        ("Ungewollter Gewichtsverlust seit Sommer", RedFlag.UNEXPLAINED_WEIGHT_LOSS, "Gewichtsverlust"),
        ("Hat 7 kg abgenommen", RedFlag.UNEXPLAINED_WEIGHT_LOSS, "7 kg abgenommen"),
        ("Fieber seit zwei Tagen", RedFlag.FEVER, "Fieber"),
        ("Schüttelfrost und Nachtschweiß", RedFlag.FEVER, "Schüttelfrost"),
        ("Taubheit im Reithosenbereich seit gestern", RedFlag.SADDLE_ANAESTHESIA, "Reithosenbereich"),
        ("V.a. Sattelanästhesie", RedFlag.SADDLE_ANAESTHESIA, "Sattelanästhesie"),
        ("Neu aufgetretene Blasen-/Mastdarmstörung", NEURO, "Blasen-/Mastdarmstörung"),
        ("Blasen- und Mastdarmstörung", NEURO, "Blasen- und Mastdarmstörung"),
        ("Zunehmende Schwäche im Bein, Fußheberschwäche", NEURO, "Zunehmende Schwäche"),
        ("Z. n. Prostatakrebs 2019", RedFlag.HISTORY_OF_CANCER, "Prostatakrebs"),
        ("Mammakarzinom, Chemotherapie 2021", RedFlag.HISTORY_OF_CANCER, "Mammakarzinom"),
        ("Knie heiß und geschwollen", RedFlag.HOT_SWOLLEN_JOINT, "Knie heiß"),
        ("Heißes, geschwollenes Knie", RedFlag.HOT_SWOLLEN_JOINT, "Heißes, geschwollenes"),
        ("Kann das Bein nicht belasten", RedFlag.INABILITY_TO_BEAR_WEIGHT, "Kann das Bein nicht belasten"),
        ("Sturz vom Fahrrad mit sichtbarer Fehlstellung", RedFlag.TRAUMA_WITH_DEFORMITY, "Fehlstellung"),
        ("Sturz, V.a. Fraktur des Schenkelhalses", RedFlag.TRAUMA_WITH_DEFORMITY, "V.a. Fraktur"),
        ("Wade links geschwollen und druckschmerzhaft", RedFlag.CALF_SWELLING_OR_TENDERNESS, "Wade links geschwollen"),
        ("Z. n. Beinvenenthrombose", RedFlag.CALF_SWELLING_OR_TENDERNESS, "Beinvenenthrombose"),
    ],
)
def test_german_words_that_name_a_red_flag_are_found(text: str, flag: RedFlag, words: str) -> None:
    found = _flags(text)
    assert flag in [f for f, _w in found], found
    assert any(w.lower().startswith(words.lower()[:12]) for f, w in found if f is flag), found


@pytest.mark.parametrize(
    "text",
    [
        "Kein Fieber, kein Nachtschmerz",
        "Fieber wird verneint",
        "Nachtschmerz: nein",
        "Ohne Taubheit im Reithosenbereich",
        "Keine Blasen-/Mastdarmstörung",
        "Mutter hatte Brustkrebs",
        "Familienanamnese: Darmkrebs",
        "Hat 9 kg abgenommen, gewollt durch Diät",
        "Besorgt, es könnte ein Tumor sein",
        "Sturz beim Fußball ohne Fehlstellung",
        "Sturz auf das Knie",  # a fall alone is not trauma with deformity
        "Achsfehlstellung im Sinne eines dynamischen Valgus",  # a movement fault, not a deformity
        "Temperatur 37,2",
    ],
)
def test_german_negations_other_people_intent_and_ordinary_words_raise_nothing(text: str) -> None:
    assert _flags(text) == []


def test_a_german_temperature_of_38_or_more_is_read() -> None:
    (t,) = redflag_text.temperatures((("notes", "Temperatur 38,4 °C gemessen"),))
    assert t.celsius == 38.4


def test_english_is_read_as_before() -> None:
    assert [f for f, _w in _flags("Pain wakes him at night; lost 7 kg; no fever")] == [
        RedFlag.UNEXPLAINED_WEIGHT_LOSS, RedFlag.NIGHT_PAIN]
    assert _flags("no fever, night sweats or weight loss") == []
    assert _flags("mother had breast cancer") == []


def test_a_german_temperature_with_a_swollen_knee_implies_a_hot_swollen_joint() -> None:
    day = dt.date(2026, 6, 1)
    history = History(complaint="Knie seit gestern geschwollen")
    record = ExamRecord(Patient("Schulz", "Jörg", dt.date(1970, 1, 1), Sex.MALE),
                        Exam(date=day, history=history, notes="Temp. 38,6 °C"))
    found = {a.flag: a for a in screen(record)}
    assert RedFlag.FEVER in found and RedFlag.HOT_SWOLLEN_JOINT in found
    assert found[RedFlag.HOT_SWOLLEN_JOINT].evidence[0].origin is RedFlagOrigin.IMPLIED
