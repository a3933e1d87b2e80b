"""How an exam's status (draft, signed, amended: the stored words) is named for people.

The one owner of these labels: the window's lists and exam page, and the integrity check's findings
(`db/history.py`) ask it.
"""

from __future__ import annotations

from kinelink.forms.i18n import N_, _

STATUS_LABELS = {"draft": N_("Draft"), "signed": N_("Signed"), "amended": N_("Amended")}  # by ExamStatus value


def status_label(value: str) -> str:
    """The label of a stored status word in the current language (an unknown word as it is stored)."""
    label = STATUS_LABELS.get(value)
    return _(label) if label is not None else value
