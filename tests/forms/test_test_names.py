"""One name per special test in each language: the special-test catalogue's. A second German name under
the vocabulary's context ("Pivot-Shift-Test" beside "Pivot-Shift") made the window, the PDFs and the
analysis disagree."""

from __future__ import annotations

import pytest
from kinelink.forms import i18n
from kinelink.forms.i18n import parse_po
from kinelink.forms.special_tests import SPECIAL_TESTS
from kinelink.forms.vocab import TestName, Vocab

from tests.forms.test_i18n_catalog import CATALOG


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_test_is_named_by_its_catalogue_entry(language: str) -> None:
    saved = i18n.current()
    i18n.set_language(language)
    try:
        for test in TestName:
            assert test.label == SPECIAL_TESTS[test].label, test
            assert test.english_label == SPECIAL_TESTS[test].label_text, test
    finally:
        i18n.set_language(saved)


def test_the_catalogue_has_no_second_name_for_a_test() -> None:
    # a word of another vocabulary may share a test's name ("Trendelenburg" gait)
    others = {m.english_label for kind in Vocab.__subclasses__() if kind is not TestName for m in kind}
    names = {info.label_text for info in SPECIAL_TESTS.values()} - others
    entries = parse_po(CATALOG.read_text(encoding="utf-8"))
    assert not [e for e in entries if e.context == "vocab" and e.msgid in names]
