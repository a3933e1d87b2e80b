"""The ranges a recorded value must lie in: pain, joint angles, force. Each is defined here once.

The exam-file reader refuses values outside them, the editor's fields check them as
you type, the database's constraints are written from them, and every label that
names a scale ("0–10") is printed from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kinelink.forms.formats import show_number, show_quantity


@dataclass(frozen=True, slots=True)
class Range:
    low: float
    high: float
    unit: str  # "°", "N", or "" for a score
    source: str

    @property
    def bounds(self) -> tuple[float, float]:
        return self.low, self.high

    def text(self) -> str:
        """`0–10`, `−30°–180°`, `0–2000 N`: the scale as printed on screens and documents."""
        if self.unit == "°":
            return f"{show_quantity(self.low, self.unit)}–{show_quantity(self.high, self.unit)}"
        return f"{show_quantity(self.low, '')}–{show_quantity(self.high, self.unit)}"

    def out_of(self, value: float) -> str:
        """`7/10`: a score on this scale."""
        return f"{show_number(value)}/{show_number(self.high)}"

    def __contains__(self, value: object) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool) and self.low <= value <= self.high


NPRS = Range(0, 10, "", "Numeric Pain Rating Scale, 0 = no pain, 10 = worst imaginable (Hawker et al. 2011, "
             "Arthritis Care Res 63 Suppl 11:S240)")
DEGREES = Range(-30.0, 180.0, "°", "widest goniometric range of the hip and knee movements recorded, with room for "
                "hyperextension and extension lack (AAOS, Greene & Heckman 1994)")
FORCE = Range(0.0, 2000.0, "N", "hand-held dynamometry of hip and knee muscles stays well below 2000 N "
              "(Bohannon 1997, Arch Phys Med Rehabil 78:26)")
BODY_MASS = Range(10.0, 400.0, "kg", "exam format, additions to version 1 (`exam.body_mass_kg`): wide enough for "
                  "a child and for severe obesity")
HOP_DISTANCE = Range(0.0, 1000.0, "cm", "exam format, additions to version 1 (`tests[].distance_cm`): the "
                     "single-leg hop for distance stays well below 10 m (Noyes et al. 1991, Am J Sports Med 19:513)")
