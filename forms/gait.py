"""Gait findings as they are worded in the analysis, the letters and the summary.

The exam records each observed deviation as its own word; a limp and an antalgic gait ticked together
are one finding, an antalgic limp (German "Schonhinken", which already means a limp that spares the
painful leg): listed apart they read "Hinken und Schonhinken", the same thing twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from kinelink.forms.i18n import N_, _
from kinelink.forms.vocab import Gait

# A deviation inside a sentence, with its article ("an antalgic gait protecting the left knee").
_PHRASES: dict[Gait, str] = {
    Gait.ANTALGIC: N_("an antalgic gait"),
    Gait.LIMP: N_("a limp"),
    Gait.TRENDELENBURG: N_("a Trendelenburg gait"),
    Gait.REDUCED_KNEE_FLEXION: N_("reduced knee flexion when walking"),
    Gait.REDUCED_HIP_EXTENSION: N_("reduced hip extension when walking"),
    Gait.CIRCUMDUCTION: N_("circumduction"),
    Gait.HIP_HIKING: N_("hip hiking"),
    Gait.KNEE_VALGUS: N_("knee valgus when walking"),
}
ANTALGIC_LIMP = N_("antalgic limp")
AN_ANTALGIC_LIMP = N_("an antalgic limp")


def _merged(deviations: Iterable[Gait]) -> list[Gait | None]:
    """The deviations in recorded order, a limp and an antalgic gait as one (None) where the first of them was."""
    found = [g for g in dict.fromkeys(deviations) if g is not Gait.NORMAL]
    if Gait.LIMP not in found or Gait.ANTALGIC not in found:
        return list(found)
    first = min(found.index(Gait.LIMP), found.index(Gait.ANTALGIC))
    return [None if i == first else g for i, g in enumerate(found) if g not in (Gait.LIMP, Gait.ANTALGIC) or i == first]


def labels(deviations: Iterable[Gait]) -> list[str]:
    """Each finding's label in the current language: ["antalgic limp", "Trendelenburg"]."""
    return [_(ANTALGIC_LIMP) if g is None else g.label for g in _merged(deviations)]


def phrases(deviations: Iterable[Gait]) -> list[str]:
    """Each finding inside a sentence, in the current language: ["an antalgic limp", "a Trendelenburg gait"]."""
    return [_(AN_ANTALGIC_LIMP) if g is None else _(_PHRASES[g]) for g in _merged(deviations)]
