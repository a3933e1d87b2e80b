"""Measures relative to the patient: force per kilogram of body mass, and the limb symmetry of
the single-leg hop for distance.

- Hand-held dynamometry in newtons depends on body size; divided by the body mass (N/kg) it can
  be compared between patients and over time when the weight changes (Bohannon 1997, Arch Phys
  Med Rehabil 78:26 reports norms per body weight).
- Hop LSI = shorter ÷ longer hop × 100, for the shorter side; below `LSI` (90 %, the same
  threshold as strength) the exam format calls the hop test positive (Noyes et al. 1991, Am J
  Sports Med 19:513).
"""

from __future__ import annotations

from kinelink.forms.model import Exam
from kinelink.forms.norms import lsi_is_deficit
from kinelink.forms.vocab import Side, TestName


def force_per_kg(force_n: float | None, body_mass_kg: float | None) -> float | None:
    """Newtons per kilogram, to two decimals; None without both values."""
    if force_n is None or body_mass_kg is None or body_mass_kg <= 0:
        return None
    return round(force_n / body_mass_kg, 2)


def hop_distances(exam: Exam) -> dict[Side, float]:
    return {t.side: t.distance_cm for t in exam.tests
            if t.test is TestName.HOP_TEST and t.distance_cm is not None}


def hop_lsi(exam: Exam) -> tuple[float, Side, bool] | None:
    """(LSI %, the shorter side, whether it is a deficit) when both sides hopped; else None."""
    found = hop_distances(exam)
    if len(found) < 2 or max(found.values()) <= 0:
        return None
    shorter = min(found, key=lambda side: found[side])
    lsi = round(found[shorter] / found[shorter.other] * 100, 1)
    return lsi, shorter, lsi_is_deficit(lsi)
