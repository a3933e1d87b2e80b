"""Wording shared by the form and the panel, taken from the `forms` catalogues."""

from __future__ import annotations

from kinelink.forms.i18n import _
from kinelink.forms.redflags import RED_FLAGS
from kinelink.forms.vocab import RedFlag


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def red_flag_label(flag: RedFlag) -> str:
    """The red flag as the red-flag catalogue words it ("Hot, swollen joint")."""
    info = RED_FLAGS.get(flag)
    return capitalize(_(info.label) if info is not None else flag.label)
