"""The ROM section: active and passive range of both sides beside the norm.

The percentages, differences and deficits come from `forms.deficits.compare`
(through the analysis); this module only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import Checked, NumberField
from kinelink.desktop.editor.keys import EnterKeys
from kinelink.desktop.editor.order import keep_order
from kinelink.desktop.editor.pain import PainMark
from kinelink.desktop.editor.sides import BothSidesSection, GridRow, RowSpec, mark_deficit
from kinelink.forms.findings import Comparison
from kinelink.forms.formats import DASH, show_number, show_quantity, show_signed, upper_first
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import Patient, RomEntry
from kinelink.forms.norms import AAOS, NO_CHILD_NORM, ROAAS, ROM_NORMS, ROM_PERCENT_OF_NORM, ROM_SIDE_DIFFERENCE
from kinelink.forms.ranges import DEGREES
from kinelink.forms.vocab import MOVEMENTS_BY_JOINT, Joint, Mode, Movement, Side
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

RomKey = tuple[Joint, Movement, Side, Mode]
MODES = (Mode.ACTIVE, Mode.PASSIVE)


def _specs() -> list[RowSpec]:
    specs = []
    for joint in (Joint.HIP, Joint.KNEE):
        for movement in MOVEMENTS_BY_JOINT[joint]:
            norm = ROM_NORMS[(joint, movement)]
            tip = _(norm.note) if norm.note else _(norm.label)  # both English in the catalogue
            specs.append(RowSpec(joint, movement.value, upper_first(movement.label), tip))
    return specs


class RomSection(BothSidesSection):
    title = N_("Range of motion")
    pair_names = (N_("Active"), N_("Passive"))
    derived_groups = ((N_("% of norm"), 0, 2),)
    derived_names = (N_("Left"), N_("Right"), N_("L − R"))
    norm_column = True
    hint = N_(
        "Degrees. Type a value and press Enter: left, then right, then the next movement. "
        "P marks the movement as painful. Knee extension: 0 = full, −10 = lacks 10°, +5 = hyperextension."
    )

    def __init__(self, keys: EnterKeys, parent: QWidget | None = None) -> None:
        self.pain: dict[RomKey, PainMark] = {}
        self.cells: dict[RomKey, NumberField] = {}
        self._loaded_order: list[RomKey] = []
        super().__init__(keys, _specs(), parent)
        # Passive range is recorded less often: its columns are shown on request (or when the exam
        # has passive values), so that the percentages and differences fit a 1024-px screen.
        self.passive = QCheckBox(_("Passive range"), self.body)
        self.passive.setToolTip(_("Show the passive-range columns"))
        self.passive.setProperty("view_only", True)
        self.passive.setAccessibleName(_("Show the passive range"))
        self.passive.toggled.connect(self.show_second_pair)
        self.layout_.insertWidget(1, self.passive)
        self.show_second_pair(False)
        self.legend.setText(_(
            "Norms: the lowest published mean whose population fits the patient's age and sex ({aaos}, adults "
            "to 69 y; {roaas}); a norm in brackets describes other people and is not used. A value is shaded "
            "when it is a deficit "
            "(hover for the reason); a percentage when it is below {percent} %, a difference "
            "when it is {degrees}° or more. Italic percentages and "
            "differences are of the passive range, where no active one is recorded. "
            "A red dot marks a painful movement, a green tick a pain-free one."
        ).format(aaos=AAOS, roaas=_(ROAAS), percent=show_number(ROM_PERCENT_OF_NORM.value),
                 degrees=show_number(ROM_SIDE_DIFFERENCE.value)))

    def make_inputs(self, spec: RowSpec, parent: QWidget) -> list[Checked]:
        joint, movement = spec.joint, Movement(spec.key)
        label = _(ROM_NORMS[(joint, movement)].label)  # the fields' names, read out by a screen reader
        cells: list[Checked] = []
        for side in (Side.LEFT, Side.RIGHT):
            for mode in MODES:
                cell = NumberField(
                    f"{label}, {side.label}, {mode.label}",
                    f"exam.rom.{joint.value}.{movement.value}.{side.value}.{mode.value}",
                    *DEGREES.bounds, unit="°", parent=parent,
                )
                cell.setFixedWidth(self.fontMetrics().horizontalAdvance("−30.5") + 42)
                mark = PainMark(cell)
                mark.changed.connect(self.changed)
                self.pain[(joint, movement, side, mode)] = mark
                self.cells[(joint, movement, side, mode)] = cell
                cells.append(cell)
        return cells

    # --- values --------------------------------------------------------------
    def load(self, entries: Sequence[RomEntry]) -> None:
        for cell in self.cells.values():
            cell.set_value(None)
        for mark in self.pain.values():
            mark.set_value(None)
        for e in entries:
            key = (e.joint, e.movement, e.side, e.mode)
            self.cells[key].set_value(e.degrees)
            self.pain[key].set_value(e.painful)
        self._loaded_order = [(e.joint, e.movement, e.side, e.mode) for e in entries]
        self.passive.setChecked(any(e.mode is Mode.PASSIVE for e in entries))

    def value(self) -> tuple[RomEntry, ...]:
        entries: list[RomEntry] = []
        for key, cell in self.cells.items():
            degrees = cell.value()
            if degrees is not None:
                joint, movement, side, mode = key
                entries.append(RomEntry(joint, movement, side, degrees, mode, self.pain[key].value()))
        return keep_order(entries, lambda e: (e.joint, e.movement, e.side, e.mode), self._loaded_order)

    def set_norms(self, patient: Patient, age: int) -> None:
        for row in self.rows:
            norm = ROM_NORMS[(row.spec.joint, Movement(row.spec.key))]
            # the norm percentages and deficits are taken of (forms.norms): a child's own band, or none
            found = norm.reference_for(patient.sex, age)
            if found is None:
                self.set_norm(row, DASH, _('No adult norm for a {age}-year-old: {NO_CHILD_NORM}').format(
                    age=age, NO_CHILD_NORM=_(NO_CHILD_NORM)))
                continue
            # a norm of another population (an adult norm for an 80-year-old) is shown in brackets, never used
            text = show_quantity(found.degrees, "°")
            others = "; ".join(f"{show_quantity(v.degrees, '°')} {v.cited} ({v.population})"
                               for v in norm.values if v is not found.value)
            head = (_("Lowest published mean that fits: {source}").format(source=found.note(age)) if found.fits
                    else found.note(age))
            self.set_norm(row, text if found.fits else f"({text})",
                          head + ("\n" + _("Also published: {others}").format(others=others) if others else "")
                          + (f"\n{_(norm.note)}" if norm.note else ""))

    # --- comparisons -----------------------------------------------------------
    def show_comparisons(self, comparisons: Sequence[Comparison]) -> None:
        found: dict[RomKey, Comparison] = {}
        for c in comparisons:
            if c.kind == "rom" and c.mode is not None:
                found[(c.joint, Movement(c.movement_or_group), c.side, Mode(c.mode))] = c
        for row in self.rows:
            movement = Movement(row.spec.key)
            for key in [(row.spec.joint, movement, s, m) for s in Side for m in MODES]:
                mark_deficit(self.cells[key], found.get(key))
            self._show_row(row, movement, found)

    def _show_row(self, row: GridRow, movement: Movement, found: dict[RomKey, Comparison]) -> None:
        joint = row.spec.joint
        _norm, pct_left, pct_right, diff = row.derived
        chosen: dict[Side, Comparison | None] = {}
        for side, label in ((Side.LEFT, pct_left), (Side.RIGHT, pct_right)):
            c = found.get((joint, movement, side, Mode.ACTIVE)) or found.get((joint, movement, side, Mode.PASSIVE))
            chosen[side] = c
            if c is None or c.percent_of_norm is None:
                label.setText("—" if c is not None else "")
                style.set_flag(label, "deficit", False)
                label.setToolTip(c.norm_source or "" if c is not None else "")  # why there is no percentage
                continue
            passive = c.mode == Mode.PASSIVE.value
            label.setText(show_quantity(c.percent_of_norm, "%"))
            _italic(label, passive)
            tip = _("Passive range (no active value)") if passive else ""
            if c.percent_deficit:
                below = _("below {percent} % of the norm").format(percent=f"{ROM_PERCENT_OF_NORM.value:g}")
                tip = "; ".join(filter(None, (tip, below)))
            label.setToolTip(tip)
            style.set_flag(label, "deficit", c.percent_deficit)  # this number's own threshold only
            if c.norm is not None:
                self.set_norm(row, show_quantity(c.norm, "°"))
        diff_text, diff_passive, diff_deficit = "", False, False
        for mode in MODES:
            left = found.get((joint, movement, Side.LEFT, mode))
            right = found.get((joint, movement, Side.RIGHT, mode))
            if left is not None and left.difference is not None:
                diff_text, diff_passive = f"{show_signed(left.difference)}°", mode is Mode.PASSIVE
                diff_deficit = left.difference_deficit or bool(right is not None and right.difference_deficit)
                break
        diff.setText(diff_text)
        style.set_flag(diff, "deficit", diff_deficit)
        _italic(diff, diff_passive)
        diff.setToolTip(_("Left minus right, passive range") if diff_passive else _("Left minus right"))


def _italic(label: QLabel, on: bool) -> None:
    if label.font().italic() != on:
        font = label.font()
        font.setItalic(on)
        label.setFont(font)
