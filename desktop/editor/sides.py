"""The both-sides grid shared by ROM and Strength.

Rows are movements (or muscle groups) grouped by joint; each side has two
input columns (active/passive, grade/force). In ROM, typing "120 ⏎ 118 ⏎" fills left
then right of one column pair and moves to the next row; after the last row
Enter goes to the top of the second pair. In Strength (`enter_across_row`) Enter
follows the visible columns, as Tab does: grade L, force L, grade R, force R, next row.
Each row has a red message line under it for invalid input, a brown one for values to check
(plausibility warnings: never blocking), and derived
columns (norm, % of norm, difference, LSI) that the section fills from
`forms.deficits` comparisons.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import Checked, ErrorLabel, describe
from kinelink.desktop.editor.keys import EnterKeys
from kinelink.desktop.editor.section import Section, card, chain_tab_order, column_label, grid
from kinelink.forms.findings import Comparison
from kinelink.forms.formats import upper_first
from kinelink.forms.i18n import _
from kinelink.forms.vocab import Joint, Side
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom


@dataclass(frozen=True, slots=True)
class RowSpec:
    joint: Joint
    key: str  # movement or muscle-group file word
    label: str
    tooltip: str = ""


class GridRow:
    """One movement: its four inputs, its derived labels and its message line."""

    def __init__(self, spec: RowSpec, inputs: Sequence[Checked], derived: Sequence[QLabel], error: ErrorLabel,
                 name: QLabel, warning: QLabel) -> None:
        self.spec = spec
        self.inputs = list(inputs)  # left A, left B, right A, right B
        self.derived = list(derived)
        self.error = error
        self.name = name
        self.warning = warning  # values to check (forms.plausibility); hidden when there are none

    def show_warning(self, text: str) -> None:
        self.warning.setText(text)
        self.warning.setVisible(bool(text) and not self.name.isHidden())

    def cell(self, side: Side, column: int) -> Checked:
        return self.inputs[(0 if side is Side.LEFT else 2) + column]


class BothSidesSection(Section):
    """A section holding one both-sides grid. Subclasses make the inputs and fill derived columns."""

    pair_names: tuple[str, str] = ("", "")  # the two input columns per side
    derived_names: tuple[str, ...] = ()
    derived_groups: tuple[tuple[str, int, int], ...] = ()  # (title, first derived column, span)
    hint = ""
    norm_column = False
    # Enter order: False = left then right down each column (ROM: compare sides); True = the
    # visible column order across the row (Strength: grade L, force L, grade R, force R).
    enter_across_row = False

    def __init__(self, keys: EnterKeys, specs: Sequence[RowSpec], parent: QWidget | None = None) -> None:
        super().__init__(keys, parent)
        self.rows: list[GridRow] = []
        self.joint_heads: dict[Joint, QLabel] = {}
        self._second_pair = True
        self._derived_on: dict[int, bool] = {}
        self._hidden: set[tuple[Joint, str]] = set()  # rows outside the exam protocol
        frame, lay = card(self.body, None, _(self.hint) if self.hint else None)
        g = grid(frame)
        g.setHorizontalSpacing(style.GAP)
        # Header: "Left" / "Right" over their pair, then the pair's names.
        self.side_headers = [column_label(_("Left"), frame, Qt.AlignmentFlag.AlignHCenter),
                             column_label(_("Right"), frame, Qt.AlignmentFlag.AlignHCenter)]
        self.group_headers = [(column_label(_(title), frame, Qt.AlignmentFlag.AlignHCenter), start, span)
                              for title, start, span in self.derived_groups]
        self.name_header = column_label(_("Movement") if self.norm_column else _("Muscle group"), frame)
        self.norm_header = column_label(_("Norm"), frame, Qt.AlignmentFlag.AlignRight) if self.norm_column else None
        self.pair_headers: list[QLabel] = [column_label(_(title), frame, Qt.AlignmentFlag.AlignHCenter)
                                           for title in self.pair_names * 2]
        self.derived_headers: list[QLabel] = [column_label(_(title), frame, Qt.AlignmentFlag.AlignRight)
                                              for title in self.derived_names]
        self._messages: list[QWidget] = []
        self._norm_lines: list[QLabel] = []  # narrow: "Norm 120°" on the name's line
        joint: Joint | None = None
        for spec in specs:
            if spec.joint is not joint:
                joint = spec.joint
                head = QLabel(upper_first(joint.label), frame)
                style.set_role(head, "group-title")
                self.joint_heads[joint] = head
            row_label = QLabel(spec.label, frame)
            row_label.setToolTip(spec.tooltip)
            inputs = self.make_inputs(spec, frame)
            row_label.setBuddy(inputs[0])
            derived: list[QLabel] = []
            for _c in range(len(self.derived_names)):
                label = QLabel("", frame)
                style.set_role(label, "derived")
                label.setAlignment(_RIGHT)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
                derived.append(label)
            if self.norm_column:
                norm = QLabel("", frame)
                style.set_role(norm, "hint")
                norm.setAlignment(_RIGHT)
                derived.insert(0, norm)
                norm_line = QLabel("", frame)
                style.set_role(norm_line, "hint")
                norm_line.setAlignment(_RIGHT)
                self._norm_lines.append(norm_line)
            messages = QWidget(frame)  # the row's message lines: errors (red), then values to check
            stack = QVBoxLayout(messages)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(0)
            error = ErrorLabel(messages)
            error.watch(*inputs)
            warning = QLabel("", messages)
            style.set_role(warning, "warning")
            warning.setWordWrap(True)
            warning.setTextFormat(Qt.TextFormat.PlainText)
            warning.hide()
            stack.addWidget(error)
            stack.addWidget(warning)
            self._messages.append(messages)
            self.rows.append(GridRow(spec, inputs, derived, error, row_label, warning))
        self.grid_ = g
        self.name_width = max(self.fontMetrics().horizontalAdvance(line)
                              for s in specs for line in s.label.split("\n")) + 8
        # a column as wide as its header needs (the fields set their own widths): "Passive" is wider
        # than a strength field, and 3 px a column are what a German page lacked at 1024 px
        self.input_width = max(h.sizeHint().width() for h in self.pair_headers) + 8
        self.derived_width = self.fontMetrics().horizontalAdvance("100.0 %") + 8
        self._wide: bool | None = None
        self._wide_needs = 0  # the body's minimum width with the names in their own column
        self._arrange(wide=True)
        lay.addLayout(g)
        frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.layout_.addWidget(frame)
        self.legend = QLabel("", self.body)
        self.legend.setWordWrap(True)
        style.set_role(self.legend, "hint")
        self.layout_.addWidget(self.legend)
        self.finish()
        self._wire()

    def make_inputs(self, spec: RowSpec, parent: QWidget) -> list[Checked]:
        raise NotImplementedError

    def show_derived(self, column: int, on: bool) -> None:
        """Show or hide one derived column (N/kg only when the body mass is recorded)."""
        self._derived_on[column] = on
        self.derived_headers[column].setVisible(on)
        self._widths()
        self._show_rows()
        self.fit_width()

    def show_second_pair(self, on: bool) -> None:
        """Show or hide the second input column of each side (passive range), header and all."""
        self._second_pair = on
        for c in (1, 3):
            self.pair_headers[c].setVisible(on)
        self._widths()
        self._show_rows()
        self.fit_width()

    # --- wide or narrow ------------------------------------------------------------
    def is_wide(self) -> bool:
        return bool(self._wide)

    def fit_width(self) -> None:
        """The names in their own column where the page is wide enough, else each name on a line above its
        row: at 1024 px the ROM page with its passive columns scrolled sideways by 130 px."""
        if self._wide is None or not self.isVisible():
            return
        if self._wide:
            self._wide_needs = self.body.minimumSizeHint().width()
        else:  # what the name and norm columns would add
            g = self.grid_
            self._wide_needs = (self.body.minimumSizeHint().width() + self.name_width + g.horizontalSpacing()
                                + (self._norm_width() + g.horizontalSpacing() if self.norm_column else 0))
        wide = self.scroll_area.viewport().width() >= self._wide_needs
        if wide != self._wide:
            self._arrange(wide=wide)

    def _norm_width(self) -> int:
        assert self.norm_header is not None
        return max([self.norm_header.sizeHint().width(), *(r.derived[0].sizeHint().width() for r in self.rows)])

    def _columns(self) -> tuple[int, int, int]:
        """(first input column, first derived column, number of columns) of the current layout."""
        first_input = (2 if self.norm_column else 1) if self._wide else 0
        derived_at = first_input + 4
        return first_input, derived_at, derived_at + len(self.derived_names)

    def _arrange(self, *, wide: bool) -> None:
        """Place every widget: `wide`, a row's name (and norm) in the first columns beside its fields; else the
        name on a line above the fields, and the norm ("Norm 120°") on it above the percentages of the norm."""
        self._wide = wide
        g = self.grid_
        placed = [*self.side_headers, *(h for h, _s, _n in self.group_headers), self.name_header,
                  *self.pair_headers, *self.derived_headers, *self.joint_heads.values(), *self._messages,
                  *self._norm_lines, *(w for r in self.rows for w in (r.name, *r.inputs, *r.derived))]
        if self.norm_header is not None:
            placed.append(self.norm_header)
        for w in placed:
            g.removeWidget(w)
        for column in range(g.columnCount()):
            g.setColumnStretch(column, 0)
            g.setColumnMinimumWidth(column, 0)
        first_input, derived_at, columns = self._columns()
        for i, header in enumerate(self.side_headers):
            g.addWidget(header, 0, first_input + 2 * i, 1, 2)
        for header, start, span in self.group_headers:
            g.addWidget(header, 0, derived_at + start, 1, span)
        self.name_header.setVisible(wide)
        if wide:
            g.addWidget(self.name_header, 1, 0)
        if self.norm_header is not None:
            self.norm_header.setVisible(wide)
            if wide:
                g.addWidget(self.norm_header, 1, 1)
        for c, header in enumerate(self.pair_headers):
            g.addWidget(header, 1, first_input + c)
        for c, header in enumerate(self.derived_headers):
            g.addWidget(header, 1, derived_at + c)
        line = 2
        joint: Joint | None = None
        for i, row in enumerate(self.rows):
            if row.spec.joint is not joint:
                joint = row.spec.joint
                g.addWidget(self.joint_heads[joint], line, 0, 1, columns)
                line += 1
            own = row.derived[1:] if self.norm_column else row.derived
            if wide:
                g.addWidget(row.name, line, 0)
                if self.norm_column:
                    g.addWidget(row.derived[0], line, 1)
            else:
                g.addWidget(row.name, line, 0, 1, 2)
                if self.norm_column:
                    g.addWidget(self._norm_lines[i], line, derived_at, 1, 2)
                line += 1
            for c, w in enumerate(row.inputs):
                g.addWidget(w, line, first_input + c)
            for c, label in enumerate(own):
                g.addWidget(label, line, derived_at + c)
            g.addWidget(self._messages[i], line + 1, 0, 1, columns)
            line += 2
        g.setColumnStretch(columns, 1)  # spare width goes to the right
        self._widths()
        self._show_rows()

    def _widths(self) -> None:
        first_input, derived_at, _columns = self._columns()
        g = self.grid_
        if self._wide:
            g.setColumnMinimumWidth(0, self.name_width)
        for c in range(4):
            g.setColumnMinimumWidth(first_input + c, self.input_width if c in (0, 2) or self._second_pair else 0)
        for c in range(len(self.derived_names)):
            g.setColumnMinimumWidth(derived_at + c, self.derived_width if self._derived_on.get(c, True) else 0)

    def set_norm(self, row: GridRow, text: str, tooltip: str | None = None) -> None:
        """The row's norm, in its column (wide) or on the name's line (narrow)."""
        i = self.rows.index(row)
        for label in (row.derived[0], self._norm_lines[i]):
            label.setText(text if label is row.derived[0] or not text else _("Norm {norm}").format(norm=text))
            if tooltip is not None:
                label.setToolTip(tooltip)

    def holds_value(self, row: GridRow) -> bool:
        """Whether anything is typed in the row (a value, or text not valid yet)."""
        return any(w.text().strip() for w in row.inputs)

    def show_only(self, shown: set[tuple[Joint, str]] | None) -> None:
        """Show the rows of `shown` (joint, movement or group) and every row holding a value;
        None: every row. Nothing recorded is ever hidden."""
        self._hidden = {(r.spec.joint, r.spec.key) for r in self.rows
                        if shown is not None and (r.spec.joint, r.spec.key) not in shown and not self.holds_value(r)}
        self._show_rows()

    def shown_rows(self) -> list[tuple[Joint, str]]:
        return [(r.spec.joint, r.spec.key) for r in self.rows if (r.spec.joint, r.spec.key) not in self._hidden]

    def _show_rows(self) -> None:
        offset = 1 if self.norm_column else 0
        for i, row in enumerate(self.rows):
            on = (row.spec.joint, row.spec.key) not in self._hidden
            row.name.setVisible(on)
            if self.norm_column:
                self._norm_lines[i].setVisible(on and not self._wide)
            row.warning.setVisible(on and bool(row.warning.text()))
            for side in (Side.LEFT, Side.RIGHT):
                row.cell(side, 0).setVisible(on)
                row.cell(side, 1).setVisible(on and self._second_pair)
            for c, label in enumerate(row.derived):
                column = c - offset  # -1: the norm, in its own column only when wide
                shown = self._derived_on.get(column, True) if column >= 0 else bool(self._wide)
                label.setVisible(on and shown)
        for joint, head in self.joint_heads.items():
            head.setVisible(any(r.spec.joint is joint and (joint, r.spec.key) not in self._hidden for r in self.rows))

    def _wire(self) -> None:
        cells = [w for r in self.rows for w in r.inputs]
        chain_tab_order(cells)
        self.keys.install(*cells)
        if self.enter_across_row:
            # Enter follows the visible columns: left pair, right pair, then the next row.
            order = [r.cell(side, c) for r in self.rows for side in (Side.LEFT, Side.RIGHT) for c in (0, 1)]
            for a, b in itertools.pairwise(order):
                self.keys.then(a, b)
        # Enter: left → right in each input column pair, then the next row; then the second pair.
        for column in (() if self.enter_across_row else (0, 1)):
            order = [r.cell(side, column) for r in self.rows for side in (Side.LEFT, Side.RIGHT)]
            for a, b in itertools.pairwise(order):
                self.keys.then(a, b)
            if column == 0:
                self.keys.then(order[-1], self.rows[0].cell(Side.LEFT, 1))
        for w in cells:
            w.textChanged.connect(self.changed)

    def checked_fields(self) -> list[Checked]:
        return [w for r in self.rows for w in r.inputs]

    def first_field(self) -> QWidget | None:
        shown = [r for r in self.rows if (r.spec.joint, r.spec.key) not in self._hidden]
        return shown[0].inputs[0] if shown else None

    def row(self, joint: Joint, key: str) -> GridRow:
        return next(r for r in self.rows if r.spec.joint is joint and r.spec.key == key)

    # --- showing comparisons -------------------------------------------------
    def show_comparisons(self, comparisons: Sequence[Comparison]) -> None:
        raise NotImplementedError


def mark_deficit(widget: QWidget, comparison: Comparison | None) -> None:
    """Highlight a cell whose measurement is a deficit; the tooltip says why."""
    deficit = comparison is not None and comparison.is_deficit
    if isinstance(widget, QLineEdit) and not widget.text().strip():
        deficit = False  # the other measurement of the side (force beside a grade) is the deficit
    style.set_flag(widget, "deficit", deficit)
    if isinstance(widget, QLineEdit):
        reasons = "; ".join(comparison.reasons) if comparison is not None and deficit else ""
        widget.setToolTip(_("Deficit: {reasons}").format(reasons=reasons) if reasons else "")
        describe(widget, "deficit", _("deficit: {reasons}").format(reasons=reasons) if reasons else "")
