"""The Strength section: Oxford grade and hand-held dynamometer force of both sides, with LSI.

LSI and deficits come from `forms.deficits.compare` (through the analysis).
"""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import Checked, GradeField, NumberField, describe
from kinelink.desktop.editor.keys import EnterKeys
from kinelink.desktop.editor.order import keep_order
from kinelink.desktop.editor.sides import BothSidesSection, RowSpec, mark_deficit
from kinelink.forms.findings import Comparison
from kinelink.forms.formats import show_number, show_quantity, upper_first
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import StrengthEntry
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import LSI
from kinelink.forms.ranges import FORCE
from kinelink.forms.relative import force_per_kg
from kinelink.forms.vocab import GROUPS_BY_JOINT, Joint, MuscleGroup, Side
from PySide6.QtWidgets import QLineEdit, QWidget

StrengthKey = tuple[Joint, MuscleGroup, Side]


def _specs() -> list[RowSpec]:
    specs = []
    for joint in (Joint.HIP, Joint.KNEE):
        for group in GROUPS_BY_JOINT[joint]:
            info = MUSCLE_GROUPS[(joint, group)]
            # Under the joint's heading the group alone; a knee group's muscle (what clinicians call it)
            # on a line of its own below: beside it, "Extensoren (M. quadriceps)" widened the page.
            label = f"{info.short}\n{info.muscles}" if joint is Joint.KNEE else info.short
            specs.append(RowSpec(joint, group.value, label, info.muscles))
    return specs


class StrengthSection(BothSidesSection):
    title = N_("Strength")
    pair_names = (N_("Grade"), N_("Force N"))
    derived_groups = ()
    derived_names = ("LSI", "N/kg")
    enter_across_row = True
    hint = N_(
        "Oxford grade 0–5 with − or + (type 4+, or F4 for the list) and hand-held dynamometer force in newtons. "
        "Enter follows the columns: grade left, force left, grade right, force right, then the next muscle group."
    )

    def __init__(self, keys: EnterKeys, parent: QWidget | None = None) -> None:
        self.grades: dict[StrengthKey, GradeField] = {}
        self.forces: dict[StrengthKey, NumberField] = {}
        self._loaded_order: list[StrengthKey] = []
        self.body_mass: float | None = None  # from the header: forces are also shown per kilogram
        super().__init__(keys, _specs(), parent)
        self.legend.setText(_(
            "LSI = this side ÷ other side × 100; below {lsi} % is a deficit ({source}). "
            "Shaded cells are deficits (hover for the reason)."
        ).format(lsi=show_number(LSI.value), source=_(LSI.source)))

    def make_inputs(self, spec: RowSpec, parent: QWidget) -> list[Checked]:
        joint, group = spec.joint, MuscleGroup(spec.key)
        label = MUSCLE_GROUPS[(joint, group)].label
        cells: list[Checked] = []
        for side in (Side.LEFT, Side.RIGHT):
            path = f"exam.strength.{joint.value}.{group.value}.{side.value}"
            grade = GradeField(_('{label}, {side}, grade').format(
                label=label, side=side.label), f"{path}.grade", parent)
            grade.setFixedWidth(self.fontMetrics().horizontalAdvance("4+") + 52)
            force = NumberField(_('{label}, {side}, force').format(
                label=label, side=side.label), f"{path}.force_n", *FORCE.bounds, unit="N",
                                parent=parent)
            force.setFixedWidth(self.fontMetrics().horizontalAdvance("1999.5") + 24)
            self.grades[(joint, group, side)] = grade
            self.forces[(joint, group, side)] = force
            cells += [grade, force]
        return cells

    # --- values --------------------------------------------------------------
    def load(self, entries: Sequence[StrengthEntry]) -> None:
        for g in self.grades.values():
            g.set_value(None)
        for f in self.forces.values():
            f.set_value(None)
        for e in entries:
            key = (e.joint, e.group, e.side)
            self.grades[key].set_value(e.grade)
            self.forces[key].set_value(e.force_n)
        self._loaded_order = [(e.joint, e.group, e.side) for e in entries]

    def value(self) -> tuple[StrengthEntry, ...]:
        entries: list[StrengthEntry] = []
        for key, grade_field in self.grades.items():
            grade, force = grade_field.value(), self.forces[key].value()
            if grade is not None or force is not None:
                entries.append(StrengthEntry(*key, grade=grade, force_n=force))
        return keep_order(entries, lambda e: (e.joint, e.group, e.side), self._loaded_order)

    # --- comparisons -----------------------------------------------------------
    def show_comparisons(self, comparisons: Sequence[Comparison]) -> None:
        found: dict[StrengthKey, Comparison] = {
            (c.joint, MuscleGroup(c.movement_or_group), c.side): c for c in comparisons if c.kind == "strength"
        }
        self.show_derived(1, self.body_mass is not None)
        for row in self.rows:
            joint, group = row.spec.joint, MuscleGroup(row.spec.key)
            warnings: list[str] = []
            for side in Side:
                c = found.get((joint, group, side))
                mark_deficit(self.grades[(joint, group, side)], c)
                mark_deficit(self.forces[(joint, group, side)], c)
                checks = c.checks if c is not None else ()
                _mark_check(self.forces[(joint, group, side)], checks)
                warnings += [f"{upper_first(side.label)}: {message}" for message in checks]
            row.show_warning("\n".join(warnings))  # beside the row, never blocking: the value stays
            per_kg = {side: force_per_kg(self.forces[(joint, group, side)].value(), self.body_mass) for side in Side}
            # one side a line: "L 1.83 · R 2.13" on one line widened the page past a 1024-pixel screen
            row.derived[1].setText("\n".join(f"{side.label[0].upper()} {show_number(v, 2)}"
                                             for side, v in per_kg.items() if v is not None))
            row.derived[1].setToolTip(_("Force per kilogram of body mass (N/kg)"))
            lsi_label = row.derived[0]
            sides = [(c.lsi, side, c) for side in Side if (c := found.get((joint, group, side))) and c.lsi is not None]
            if not sides:
                lsi_label.setText("")
                lsi_label.setToolTip("")
                style.set_flag(lsi_label, "deficit", False)
                continue
            lsi, side, c = min(sides, key=lambda s: s[0])
            if not c.lsi_plausible:  # 4.5 % beside 2200 %: a typo until checked, never shown as a result
                lsi_label.setText(_("check"))
                checked = (found.get((joint, group, s)) for s in Side)
                lsi_label.setToolTip("\n".join(m for o in checked if o is not None for m in o.checks))
                style.set_flag(lsi_label, "deficit", False)
                continue
            lsi_label.setText(f"{side.label[0].upper()} {show_quantity(lsi, '%')}")
            lsi_label.setToolTip(
                f"{upper_first(side.label)} ÷ {side.other.label} × 100"
                + (f"\n{_(LSI.rule)} ({_(LSI.source)})" if c.lsi_deficit else "")
            )
            style.set_flag(lsi_label, "deficit", c.lsi_deficit)  # the LSI's own threshold only


def _mark_check(field: QLineEdit, checks: Sequence[str]) -> None:
    """Say in the field's tooltip and accessible description which of its values to check."""
    text = "; ".join(checks)
    describe(field, "check", text)
    tip = field.toolTip()
    kept = [line for line in tip.split("\n") if line and not line.startswith(_CHECK_PREFIX)]
    field.setToolTip("\n".join([*kept, *([_CHECK_PREFIX + text] if text else [])]))


_CHECK_PREFIX = "⚠ "
