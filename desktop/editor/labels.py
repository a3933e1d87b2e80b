"""Wording shared by the form and the panel, taken from the `forms` catalogues."""

from __future__ import annotations

from forms.vocab import RedFlag


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def red_flag_label(flag: RedFlag) -> str:
    """The red flag as the red-flag catalogue words it (the vocabulary label as a fallback)."""
    try:
        from forms import redflags
    except ImportError:  # pragma: no cover - the catalogue is part of forms
        return capitalize(flag.label)
    catalogue = getattr(redflags, "RED_FLAGS", None)
    entry = catalogue.get(flag) if isinstance(catalogue, dict) else None
    label = getattr(entry, "label", None)
    return capitalize(label) if isinstance(label, str) and label else capitalize(flag.label)
