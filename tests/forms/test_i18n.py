"""The translation mechanism (forms/i18n.py) and the dates and numbers of each language (forms/formats.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from kinelink.forms import formats, i18n
from kinelink.forms.i18n import Language, _, ngettext, parse_po, pgettext
from kinelink.forms.partialdate import PartialDate
from kinelink.forms.vocab import Joint, Movement, Side


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, Language("de", "DE")),
        ({"LANG": "de_AT.UTF-8"}, Language("de", "AT")),
        ({"LANG": "en_US.UTF-8"}, Language("en", "US")),
        ({"LANG": "C.UTF-8"}, Language()),
        ({"LANG": "fr_FR.UTF-8"}, Language()),  # a language Kinelink does not speak: English
        ({}, Language()),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"}, Language("en", "GB")),  # LC_ALL wins, as in setlocale
        ({"LC_MESSAGES": "de_CH.UTF-8", "LANG": "en_GB.UTF-8"}, Language("de", "CH")),
        ({"LANGUAGE": "fr:de", "LANG": "en_GB.UTF-8"}, Language("de")),  # GNU's preference list
        ({"KINELINK_LANGUAGE": "en", "LANG": "de_DE.UTF-8"}, Language("en")),
    ],
)
def test_the_system_language_is_read_as_gettext_reads_it(environ: dict[str, str], expected: Language) -> None:
    assert i18n.system_language(environ) == expected


def test_the_settings_choice_overrides_the_locale_but_keeps_its_region() -> None:
    assert i18n.choose_language("de", {"LANG": "en_US.UTF-8"}) == Language("de")
    assert i18n.choose_language("en", {"LANG": "en_US.UTF-8"}) == Language("en", "US")
    assert i18n.choose_language("system", {"LANG": "de_DE.UTF-8"}) == Language("de", "DE")
    assert Language("de", "DE").tag == "de-DE" and Language().tag == "en-GB" and Language("en", "US").tag == "en-US"


def test_parse_po_reads_context_plurals_escapes_and_fuzzy() -> None:
    entries = parse_po(
        '# header\nmsgid ""\nmsgstr ""\n"Language: de\\n"\n\n'
        '#: a.py:1\nmsgctxt "vocab"\nmsgid "left"\nmsgstr "links"\n\n'
        'msgid "Say \\"hi\\"\\n"\n"and more"\nmsgstr "Sag \\"hallo\\"\\n"\n"und mehr"\n\n'
        '#, fuzzy\nmsgid "guess"\nmsgstr "Vermutung"\n\n'
        'msgid "{n} exam"\nmsgid_plural "{n} exams"\nmsgstr[0] "{n} Untersuchung"\nmsgstr[1] "{n} Untersuchungen"\n'
    )
    by_id = {(e.context, e.msgid): e for e in entries}
    assert by_id[("vocab", "left")].msgstr == "links"
    assert by_id[("", 'Say "hi"\nand more')].msgstr == 'Sag "hallo"\nund mehr'
    assert by_id[("", "guess")].fuzzy and not by_id[("vocab", "left")].fuzzy
    assert by_id[("", "{n} exam")].plural_forms == ("{n} Untersuchung", "{n} Untersuchungen")
    with pytest.raises(ValueError, match="line 1"):
        parse_po("msgid hello")


def test_german_comes_from_the_shipped_catalog_and_english_is_the_source() -> None:
    assert Side.LEFT.label == "left" and _("{date} at {time}") == "{date} at {time}"
    i18n.set_language("de")
    assert Side.LEFT.label == "links" and Joint.HIP.label == "Hüfte" and Movement.FLEXION.label == "Flexion"
    assert pgettext("vocab", "external rotation") == "Außenrotation"
    assert _("a sentence nobody translated") == "a sentence nobody translated"  # falls back to English
    assert ngettext("{n} cat", "{n} cats", 2) == "{n} cats"  # not in the catalog: English plural rule


def test_dates_and_numbers_follow_the_language() -> None:
    day = dt.date(1985, 12, 3)
    moment = dt.datetime(2026, 10, 2, 14, 32)
    assert formats.show_date(day) == "3 Dec 1985" and formats.show_number(12.5) == "12.5"
    i18n.set_language("de")
    assert formats.show_date(day) == "3.12.1985"
    assert formats.show_date_long(day) == "3. Dezember 1985"
    assert formats.show_date(PartialDate(2019, 3)) == "März 2019"
    assert formats.show_date_long(PartialDate(2019, 5)) == "Mai 2019"
    assert formats.show_moment(moment) == "2.10.2026, 14:32 Uhr"
    assert formats.show_number(12.5) == "12,5" and formats.show_number(-6) == "−6"
    assert formats.show_quantity(212.5, "N") == "212,5 N" and formats.show_signed(2.5) == "+2,5"
    assert formats.show_fixed(0.7) == "0,70"
    assert formats.edit_number(12.5) == "12,5" and formats.parse_number(formats.edit_number(12.5)) == 12.5
    assert formats.date_hint() == "TT.MM.JJJJ"


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (Language("de", "DE"), "3.12.1985", dt.date(1985, 12, 3)),
        (Language("de", "DE"), "03/12/1985", dt.date(1985, 12, 3)),
        (Language("en", "GB"), "03/12/1985", dt.date(1985, 12, 3)),
        (Language("en", ""), "03/12/1985", dt.date(1985, 12, 3)),
        (Language("en", "US"), "03/12/1985", dt.date(1985, 3, 12)),  # a US clinician writes the month first
        (Language("en", "US"), "13/12/1985", None),
        (Language("en", "US"), "3.12.1985", dt.date(1985, 12, 3)),  # dots are day first everywhere
        (Language("en", "US"), "1985-12-03", dt.date(1985, 12, 3)),
    ],
)
def test_typed_dates_are_read_in_the_languages_order(language: Language, text: str, expected: dt.date | None) -> None:
    i18n.set_language(language)
    assert formats.parse_date(text) == expected
