"""The assessment summary: `build_summary(data, out)`.

Order on the page: letterhead and title; red flags, boxed, before anything
else; patient; history; range of motion; strength; special tests; outcome
scores; the kinetic chain (the assessment); progress, when earlier exams are
passed; sign-off.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from kinelink.forms.findings import Analysis, Comparison, Link, OutcomeScores
from kinelink.forms.formats import DASH, show_date, show_number, upper_first
from kinelink.forms.i18n import N_, _
from kinelink.forms.link_review import review_of, verdict_text
from kinelink.forms.model import ExamRecord, RomEntry, StrengthEntry, TestEntry
from kinelink.forms.norms import (
    AAOS,
    AAOS_MAX_AGE,
    KNEE_EXTENSION_LACK,
    LSI,
    LSI_DEFINITION,
    NO_CHILD_NORM,
    ROAAS,
    ROM_PERCENT_OF_NORM,
)
from kinelink.forms.outcome_side import JOINT_ASKED_ABOUT, SIDE_DERIVED, questionnaire_side
from kinelink.forms.plausibility import CHECK_THIS_VALUE, FORCE_PER_KG_HIGH, LIMB_MASS_FRACTION, LSI_HIGH, LSI_LOW
from kinelink.forms.questionnaires import interpret, questionnaire
from kinelink.forms.relative import force_per_kg, hop_distances, hop_lsi
from kinelink.forms.special_tests import SPECIAL_TESTS, TEST_GROUPS
from kinelink.forms.vocab import MOVEMENTS_BY_JOINT, Joint, Mode, Side, TestResult
from kinelink.forms.wording import AFTER_RED_FLAGS, SCORE_MEANING, link_title, other_leg_note
from kinelink.reports import bodychart, diagram, page, progress, styles
from kinelink.reports import typefaces as fonts
from kinelink.reports.charts import ScoreBar
from kinelink.reports.data import SummaryData
from kinelink.reports.markup import degrees, esc, esc_lines, join_words, percent, sentence
from kinelink.reports.parts import (
    SectionHeading,
    author,
    bullets,
    examiner,
    keep_rows,
    letterhead,
    patient_block,
    red_flag_box,
    screening_line,
    table_section,
)
from kinelink.reports.styles import Styles, make_styles
from kinelink.reports.wording import (
    gait_text,
    group_label,
    injury_markup,
    positive_test_phrase,
    positive_tests,
    symptom_markup,
)
from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, ImageAndFlowables, KeepTogether, Paragraph, Spacer, Table

WIDTH = page.FRAME_WIDTH
TITLE = N_("Assessment summary")  # shown through _()

# Thresholds the table legends state once, so each deficit cell need not repeat them.
_RULES_IN_LEGEND = (ROM_PERCENT_OF_NORM.rule, KNEE_EXTENSION_LACK.rule, LSI.rule)  # English: see _short_reason


def build_summary(data: SummaryData, out: BinaryIO) -> None:
    """Write the PDF assessment summary of one exam to the binary stream `out`."""
    st = make_styles()
    record, analysis = data.record, data.analysis
    story: list[Flowable] = []
    story += letterhead(data.clinic, author(data.clinic, record), st, WIDTH)
    story.append(Paragraph(_(TITLE), st.title))
    story.append(Paragraph(
        _("Knee and hip examination of {date}").format(date=show_date(record.exam.date))
        + (f" · {esc(data.status.text)}" if data.status else ""),
        st.small,
    ))
    story.append(Spacer(0, 8))
    if analysis.red_flags:
        story.append(red_flag_box(analysis.red_flags, st, WIDTH, screened=analysis.red_flags_screened))
    else:
        story.append(screening_line(analysis, st))
    story.append(patient_block(record, examiner(data.clinic, record), data.status, st, WIDTH))
    story += _history(record, st)
    missing: list[str] = []
    for name, section in (
        (_("range of motion"), _rom(record, analysis, st)),
        (_("strength"), _strength(record, analysis, st)),
        (_("special tests"), _tests(record, st)),
        (_("outcome questionnaires"), _outcomes(analysis.outcomes, st, record)),
    ):
        if section:
            story += section
        else:
            missing.append(name)
    if missing:
        story += [Spacer(0, 6), Paragraph("<i>" + _("Not recorded at this exam: {missing}.").format(
            missing=join_words(missing)) + "</i>", st.small)]
    story += _chain(analysis.links, bool(missing), st, held=bool(analysis.red_flags), record=record,
                    reviewer=examiner(data.clinic, record))
    if data.earlier:
        story += progress.section(record, analysis, data.earlier, st, WIDTH)
    last = [story.pop()] if isinstance(story[-1], Paragraph) else []
    story.append(KeepTogether([*last, *_sign_off(data, st)]))  # never leave the sign-off alone on a page
    page.build(
        story, out,
        page.PageFurniture(
            document=_(TITLE),
            patient=record.patient,
            exam_date=record.exam.date,
            generated=data.generated,
            draft=data.status is not None and data.status.state == "draft",
            seal=data.seal,
        ),
        title=f"{_(TITLE)}: {record.patient.full_name}, {show_date(record.exam.date)}",
        author=author(data.clinic, record) or data.clinic.name,
        subject=_("Knee and hip physiotherapy assessment with kinetic-chain analysis"),
        keywords=[_("physiotherapy"), _("knee"), _("hip"), _("assessment"), "Kinelink"],
        reproducible=data.reproducible,
    )


def _hex(colour: Color) -> str:
    return "#" + str(colour.hexval())[2:]


# --- history ------------------------------------------------------------------


def _history(record: ExamRecord, st: Styles) -> list[Flowable]:
    h = record.exam.history
    rows: list[tuple[str, str]] = []
    if h.complaint and h.complaint.strip():
        rows.append((_("Complaint"), _("“{complaint}”").format(complaint=esc(h.complaint.strip()))))
    if h.injuries:
        rows.append((_("Injuries"), "<br/>".join(injury_markup(i) for i in h.injuries)))
    if h.symptoms:
        rows.append((_("Symptoms"), "<br/>".join(symptom_markup(s) for s in h.symptoms)))
    rows.append((_("Gait"), esc(gait_text(record))))
    for label, text in ((_("Past history"), h.past_history), (_("Medication"), h.medications),
                        (_("Goals"), h.goals), (_("Notes"), record.exam.notes)):
        if text and text.strip():
            rows.append((label, esc_lines(text.strip())))
    table = styles.table(
        [[label, Paragraph(text, st.body_tight)] for label, text in rows],
        [78, WIDTH - 78],
        [
            ("FONT", (0, 0), (0, -1), fonts.REGULAR, st.cell_small.fontSize),
            ("TEXTCOLOR", (0, 0), (0, -1), styles.MUTED),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("TOPPADDING", (0, 0), (0, -1), 3),
            *keep_rows(len(rows), head=0),
        ],
    )
    return [*table_section(_("History"), len(rows), [table]), *_body_chart(record, st)]


def _body_chart(record: ExamRecord, st: Styles) -> list[Flowable]:
    """The symptoms on the body chart, its key beside it (only when symptoms were recorded)."""
    symptoms = record.exam.history.symptoms
    if not symptoms:
        return []
    chart = bodychart.body_chart(symptoms)
    rows = [[_("Where it hurts"), _("Pain (NPRS)"), _("Quality")]] + [
        [Paragraph(esc(where), st.cell_small), pain, quality] for where, pain, quality in bodychart.key_rows(symptoms)]
    key_width = WIDTH - chart.width - 18
    pain_width = max(54.0, stringWidth(_("Pain (NPRS)"), fonts.BOLD, st.cell_small.fontSize) + 6)  # German is longer
    key = styles.table(rows, [key_width - 80 - pain_width, pain_width, 80], [
        ("FONT", (0, 0), (-1, 0), fonts.BOLD, st.cell_small.fontSize),
        ("FONT", (0, 1), (-1, -1), fonts.REGULAR, st.cell_small.fontSize),
        ("TEXTCOLOR", (0, 0), (-1, 0), styles.MUTED),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, styles.MUTED),
    ])
    note = Paragraph(_(
        "Front: the patient's right on the left of the page. Shaded by the worst pain recorded there; "
        "hatched: a symptom of the whole region (diffuse or no location)."), st.small)
    beside = styles.table([[chart, [key, Spacer(0, 6), note]]], [chart.width + 18, key_width], [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    return [Spacer(0, 6), KeepTogether([beside])]


# --- tables: shared pieces ----------------------------------------------------------

Key = tuple[str, str, str, str, str]


def _key(kind: str, joint: Joint, what: str, side: Side, mode: str | None) -> Key:
    return kind, joint.value, what, side.value, mode or ""


def _comparisons(analysis: Analysis) -> dict[Key, Comparison]:
    return {_key(c.kind, c.joint, c.movement_or_group, c.side, c.mode): c for c in analysis.comparisons}


def _is_deficit(c: Comparison | None) -> bool:
    return c is not None and c.is_deficit


def _mark(extra: list[tuple[object, ...]], first: int, last: int, row: int, colour: Color = styles.DEFICIT_FILL,
          ink: Color | None = None) -> None:
    """Stand a cell out: shaded and bold (so it still shows when printed in grey)."""
    extra += [("BACKGROUND", (first, row), (last, row), colour), ("FONT", (first, row), (last, row), fonts.BOLD)]
    if ink is not None:
        extra.append(("TEXTCOLOR", (first, row), (last, row), ink))


def _short_reason(reason: str) -> str:
    """Drop a trailing `(threshold; source)` that the table's legend already states."""
    if reason.endswith(")") and " (" in reason:
        head, tail = reason.rsplit(" (", 1)
        if any(tail.startswith(_(rule)) for rule in _RULES_IN_LEGEND):
            return head
    return reason


def _reasons(comparisons: dict[Side, Comparison | None]) -> str:
    lines = []
    for side in (Side.LEFT, Side.RIGHT):
        c = comparisons[side]
        if c is not None and c.is_deficit:
            text = "; ".join(_short_reason(r) for r in c.reasons)
            lines.append(f"<b>{upper_first(side.label)}:</b> {esc(text)}")  # not translated: markup only
    return "<br/>".join(lines)


def _checks(comparisons: dict[Side, Comparison | None]) -> str:
    """The plausibility warnings of both sides, in italics: "check this value" with the reason."""
    lines = []
    for side in (Side.LEFT, Side.RIGHT):
        c = comparisons[side]
        for message in c.checks if c is not None else ():
            lines.append(f"<i><b>{esc(upper_first(side.label))}:</b> {esc(message)}</i>")
    return "<br/>".join(lines)


def _data_table(header: list[str], rows: list[list[object]], widths: list[float], st: Styles,
                extra: list[tuple[object, ...]], *, centred: Sequence[int] = (), legend: str = "") -> Table:
    """A data table with a repeated header row; a legend, if any, rides in its last row."""
    head = [Paragraph(h, st.head_center if i in centred else st.head) for i, h in enumerate(header)]
    body: list[list[object]] = [head, *rows]
    # plain-string cells (numbers, catalogue words) are drawn as they are: cheaper than a Paragraph
    # and never read as markup; text from the user always comes as an escaped Paragraph
    commands = styles.grid_table_style() + [("ALIGN", (c, 1), (c, -1), "CENTER") for c in centred] + extra
    # never a row (nor the legend) alone on a page, nor the header without rows under it
    commands += keep_rows(len(rows), tail=1 if legend else 0)
    if legend:
        body.append([Paragraph(legend, st.tiny), *([""] * (len(header) - 1))])
        commands += [("SPAN", (0, -1), (-1, -1)), ("LINEBELOW", (0, -1), (-1, -1), 0, styles.GRID),
                     ("TOPPADDING", (0, -1), (-1, -1), 3.5), ("LEFTPADDING", (0, -1), (-1, -1), 0)]
    return styles.table(body, widths, commands, repeatRows=1)


def _fitted(header: Sequence[str], widths: list[float], st: Styles) -> list[float]:
    """`widths` with no heading word broken ("Recht|s" over a 33 pt column): a narrow column grows to its
    heading's longest word (German is longer) and the widest column, a text column, gives the room. Called
    before the cells are made, as they choose plain text or a wrapping paragraph by their column's width."""
    fitted = [styles.fitting_width([h], st.head, w) for h, w in zip(header, widths, strict=True)]
    widest = max(range(len(widths)), key=lambda i: widths[i])
    fitted[widest] = sum(widths) - (sum(fitted) - fitted[widest])
    return fitted


def _group_row(label: str, columns: int) -> list[object]:
    return [label, *([""] * (columns - 1))]


def _group_style(row: int) -> list[tuple[object, ...]]:
    """A group's title row (Hip, Knee), never left at the foot of a page without its first row."""
    return [("NOSPLIT", (0, row), (-1, row + 1)),
            ("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), styles.GROUP_FILL),
            ("FONT", (0, row), (-1, row), fonts.BOLD), ("ALIGN", (0, row), (-1, row), "LEFT"),
            ("TOPPADDING", (0, row), (-1, row), 2), ("BOTTOMPADDING", (0, row), (-1, row), 2)]


# --- range of motion ------------------------------------------------------------


def _rom(record: ExamRecord, analysis: Analysis, st: Styles) -> list[Flowable]:
    if not record.exam.rom:
        return []
    found = _comparisons(analysis)
    header = [_("Movement"), _("Left"), _("Right"), _("Norm"), _("Left<br/>% of norm"), _("Right<br/>% of norm"),
              _("Left − right"), _("Deficit")]
    widths = [104.0, 40, 40, 36, 46, 46, 48]
    widths = _fitted(header, [*widths, WIDTH - sum(widths)], st)
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = []
    painful = False
    unfitted: list[str] = []  # notes of norms that do not fit this patient (age, sex)
    for joint, movements in MOVEMENTS_BY_JOINT.items():
        started = False
        for movement in movements:
            for mode in Mode:
                entries: dict[Side, RomEntry | None] = {
                    side: next((r for r in record.exam.rom if r.joint is joint and r.movement is movement
                                and r.side is side and r.mode is mode), None)
                    for side in Side
                }
                if not any(entries.values()):
                    continue
                if not started:
                    extra += _group_style(len(rows) + 1)
                    rows.append(_group_row(upper_first(joint.label), len(header)))
                    started = True
                row = len(rows) + 1
                comps = {side: found.get(_key("rom", joint, movement.value, side, mode.value)) for side in Side}
                label: object = upper_first(movement.label)
                if mode is Mode.PASSIVE:
                    label = Paragraph(f"{label} <font size='6.8' color='{styles.MUTED_HEX}'>{_('(passive)')}</font>",
                                      st.cell)
                cells: list[object] = [label]
                for column, side in ((1, Side.LEFT), (2, Side.RIGHT)):
                    entry = entries[side]
                    cells.append(DASH if entry is None else degrees(entry.degrees) + ("*" if entry.painful else ""))
                    painful = painful or bool(entry is not None and entry.painful)
                    if _is_deficit(comps[side]):
                        _mark(extra, column, column, row)
                known = comps[Side.LEFT] or comps[Side.RIGHT]
                if known is not None and not known.norm_fits:  # describes other people: shown, never used
                    cells.append(f"({degrees(known.norm)})" if known.norm is not None else DASH)
                    if known.norm_source:
                        unfitted.append(known.norm_source)
                else:
                    cells.append(degrees(known.norm) if known else DASH)
                for column, side in ((4, Side.LEFT), (5, Side.RIGHT)):
                    c = comps[side]
                    cells.append(percent(c.percent_of_norm) if c else DASH)
                    if c is not None and c.percent_deficit:  # the same rule as the window (forms.norms)
                        _mark(extra, column, column, row)
                left, right = entries[Side.LEFT], entries[Side.RIGHT]
                cells.append(f"{show_number(left.degrees - right.degrees)}°" if left and right else DASH)
                if any(c is not None and c.difference_deficit for c in comps.values()):
                    _mark(extra, 6, 6, row)
                reasons = _reasons(comps)
                cells.append(Paragraph(reasons, st.cell_small) if reasons else "")
                rows.append(cells)
    legend = _(
        "Norms: the lowest published mean whose population fits the patient's age and sex ({aaos}, adults to "
        "{aaos_max} y; {roaas}); the side-to-side difference is usually more telling than a norm. "
        "Deficit (bold, shaded): {percent_rule}, {extension_rule} "
        "(knee extension: 0° = full, negative = lacks extension), or less than the other side as stated."
    ).format(aaos=esc(AAOS), aaos_max=AAOS_MAX_AGE, roaas=esc(_(ROAAS)), percent_rule=esc(_(ROM_PERCENT_OF_NORM.rule)),
             extension_rule=esc(_(KNEE_EXTENSION_LACK.rule))) + (" " + _("* = painful.") if painful else "")
    for note in dict.fromkeys(unfitted):
        legend += " " + _("Norm in brackets: {note}.").format(note=esc(note))
    if any(c.kind == "rom" and c.norm is None for c in analysis.comparisons):
        legend += " " + _("No norm (–): {note}.").format(note=esc(_(NO_CHILD_NORM)))
    table = _data_table(header, rows, widths, st, extra, centred=range(1, 7), legend=legend)
    return table_section(_("Range of motion"), len(rows), [table])


# --- strength ---------------------------------------------------------------------


def _grade_text(entry: StrengthEntry | None) -> str:
    if entry is None or entry.grade is None:
        return DASH
    return entry.grade.value.replace("-", "−")


def _strength(record: ExamRecord, analysis: Analysis, st: Styles) -> list[Flowable]:
    if not record.exam.strength:
        return []
    found = _comparisons(analysis)
    mass = record.exam.body_mass_kg
    per_kg = mass is not None and any(e.force_n is not None for e in record.exam.strength)
    if per_kg:  # force per kilogram of body mass beside each force
        header = [_("Muscle group"), _("Left<br/>grade"), _("Left<br/>force"), _("Left<br/>N/kg"), _("Right<br/>grade"),
                  _("Right<br/>force"), _("Right<br/>N/kg"), "LSI", _("Deficit")]
        widths = [116.0, 33, 46, 34, 33, 46, 34, 46]
    else:
        header = [_("Muscle group"), _("Left<br/>grade"), _("Left<br/>force"), _("Right<br/>grade"),
                  _("Right<br/>force"), "LSI", _("Deficit")]
        widths = [128.0, 38, 50, 38, 50, 50]
    widths = _fitted(header, [*widths, WIDTH - sum(widths)], st)
    step = 3 if per_kg else 2  # columns per side
    lsi_column = 1 + 2 * step
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = []
    checked = False  # any value to check: the legend then says what the checks rest on
    seen: set[tuple[Joint, str]] = set()
    for joint in Joint:
        for entry in record.exam.strength:
            if entry.joint is not joint or (joint, entry.group.value) in seen:
                continue
            seen.add((joint, entry.group.value))
            group = entry.group.value
            row = len(rows) + 1
            comps = {side: found.get(_key("strength", joint, group, side, None)) for side in Side}
            cells: list[object] = [styles.text_cell(group_label(joint, group), st.cell, widths[0])]
            for column, side in ((1, Side.LEFT), (1 + step, Side.RIGHT)):
                s = record.exam.strength_of(joint, entry.group, side)
                cells.append(_grade_text(s))
                cells.append(DASH if s is None or s.force_n is None else f"{show_number(s.force_n)} N")
                if per_kg:
                    kg = force_per_kg(s.force_n if s is not None else None, mass)
                    cells.append(DASH if kg is None else show_number(kg, 2))
                if _is_deficit(comps[side]):
                    _mark(extra, column, column + step - 1, row)
            lsis = [(c.lsi, side, c) for side, c in comps.items() if c is not None and c.lsi is not None]
            if lsis:
                value, side, weaker = min(lsis, key=lambda found: found[0])
                if not weaker.lsi_plausible:  # 4.5 % beside 2200 %: a typo until checked, never printed as real
                    cells.append(Paragraph(esc(_(CHECK_THIS_VALUE)), st.cell_small))
                    _mark(extra, lsi_column, lsi_column, row, ink=styles.DEFICIT_INK)
                else:
                    cells.append(f"{percent(value)} ({side.label[0].upper()})")
                    if weaker.lsi_deficit:  # the same rule as the window (forms.norms)
                        _mark(extra, lsi_column, lsi_column, row)
            else:
                cells.append(DASH)
            reasons = _reasons(comps)
            checks = _checks(comps)
            checked = checked or bool(checks)
            notes = "<br/>".join(filter(None, (reasons, checks)))
            cells.append(Paragraph(notes, st.cell_small) if notes else "")
            rows.append(cells)
    legend = (
        _("Grade: Oxford/MRC scale 0–5. Force: hand-held dynamometer, newtons")
        + ("; " + _("N/kg: the force per kilogram of the body mass recorded at this exam ({mass} kg)").format(
            mass=show_number(mass)) if per_kg and mass is not None else "")
        + f". {esc(_(LSI_DEFINITION))}; " + _("shown for the weaker side (L/R).") + " "
        + _("Deficit (bold, shaded): {rule} ({source}) or a grade below the other side or 5/5.").format(
            rule=esc(_(LSI.rule)), source=esc(_(LSI.source)))
    )
    if checked:
        legend += " " + _(
            "“Check this value”: values that contradict each other, probably a typo; kept as recorded. Bounds: a "
            "grade of 2 or less shows at most the weight of the leg ({limb}); LSI {low}–{high} % and at most "
            "{per_kg} N/kg ({typo})."
        ).format(limb=esc(LIMB_MASS_FRACTION.source), low=show_number(LSI_LOW.value),
                 high=show_number(LSI_HIGH.value), per_kg=show_number(FORCE_PER_KG_HIGH.value),
                 typo=esc(_("typo guards, not clinical thresholds")))
    table = _data_table(header, rows, widths, st, extra, centred=range(1, lsi_column + 1), legend=legend)
    return table_section(_("Strength"), len(rows), [table])


# --- special tests ----------------------------------------------------------------


def _test_cell(entry: TestEntry | None, st: Styles) -> object:
    if entry is None:
        return DASH
    details = []
    if entry.distance_cm is not None:  # the single-leg hop for distance
        details.append(f"{show_number(entry.distance_cm)} cm")
    if entry.grade is not None:
        details.append(_("grade {grade}").format(grade=entry.grade.value))
    if entry.painful:
        details.append(_("painful"))
    plain = ", " + ", ".join(details) if details else ""
    note = entry.note.strip() if entry.note else ""
    if not note and entry.result in (TestResult.NEGATIVE, TestResult.NOT_TESTED):
        return entry.result.label + plain  # a plain cell, drawn muted
    rest = esc(plain)
    if entry.result is TestResult.POSITIVE:
        text = f"<font color='{_hex(styles.POSITIVE_INK)}'><b>{_('POSITIVE')}</b>{rest}</font>"
    elif entry.result is TestResult.NEGATIVE:
        text = f"<font color='{styles.MUTED_HEX}'>{TestResult.NEGATIVE.label}{rest}</font>"
    elif entry.result is TestResult.EQUIVOCAL:
        text = f"<i>{TestResult.EQUIVOCAL.label}</i>{rest}"
    else:
        text = f"<font color='{styles.MUTED_HEX}'>{TestResult.NOT_TESTED.label}{rest}</font>"
    if note:
        text += f"<br/><font size='7.2'><i>{esc_lines(note)}</i></font>"
    return Paragraph(text, st.cell)


def _tests(record: ExamRecord, st: Styles) -> list[Flowable]:
    if not record.exam.tests:
        return []
    positives = positive_tests(record)
    summary = (
        "<b>" + _("Positive:") + f"</b> {esc('; '.join(positive_test_phrase(t) for t in positives))}."
        if positives else _("No test was positive.")
    )
    header = [_("Test"), _("Assesses"), _("Left"), _("Right")]
    widths = [104.0, 147]
    widths = _fitted(header, [*widths, *[(WIDTH - sum(widths)) / 2] * 2], st)
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = styles.column_font(1, st.cell_small)
    for group, catalogue in TEST_GROUPS:
        recorded = [t for t in catalogue if any(e.test is t.test for e in record.exam.tests)]
        if not recorded:
            continue
        extra += _group_style(len(rows) + 1)
        rows.append(_group_row(_(group), len(header)))
        for test in recorded:
            row = len(rows) + 1
            cells: list[object] = [styles.text_cell(test.label, st.cell, widths[0]),
                                   styles.text_cell(test.assesses, st.cell_small, widths[1])]
            for column, side in ((2, Side.LEFT), (3, Side.RIGHT)):
                entry = record.exam.test_result(test.test, side)
                cells.append(_test_cell(entry, st))
                if isinstance(cells[-1], str):
                    extra.append(("TEXTCOLOR", (column, row), (column, row), styles.MUTED))
                elif entry is not None and entry.result is TestResult.POSITIVE:
                    extra.append(("BACKGROUND", (column, row), (column, row), styles.POSITIVE_FILL))
            rows.append(cells)
    unlisted = [e for e in record.exam.tests if e.test not in SPECIAL_TESTS]
    for e in unlisted:  # the catalogue covers the vocabulary (a forms test); never hide a result
        rows.append([styles.text_cell(e.test.label, st.cell, widths[0]), "", _test_cell(e, st), ""])
    table = _data_table(header, rows, widths, st, extra)
    parts: list[Flowable] = [Paragraph(summary, st.body), table]
    hop = _hop_line(record)
    if hop:
        parts.append(Paragraph(hop, st.small))
    return table_section(_("Special, stability and functional tests"), len(rows) + 2, parts)


def _hop_line(record: ExamRecord) -> str:
    """The single-leg hop for distance: both distances and the limb symmetry index, as the editor shows it."""
    distances = hop_distances(record.exam)
    if not distances:
        return ""
    text = "<b>" + _("Single-leg hop for distance:") + "</b> " + ", ".join(
        f"{side.label} {show_number(cm)} cm" for side, cm in sorted(distances.items(), key=lambda d: d[0].value))
    found = hop_lsi(record.exam)
    if found is None:
        return text + " " + _("(one side only: no LSI).")
    lsi, shorter, deficit = found
    text += (f"; LSI {show_number(lsi, 1)} % ({esc(shorter.label)} ÷ {esc(shorter.other.label)} × 100)")
    if deficit:
        text += ", <b>" + _("a deficit") + f"</b>: {esc(_(LSI.rule))} ({esc(_(LSI.source))})"
    return text + "."


# --- outcome scores ---------------------------------------------------------------


def _outcomes(outcomes: Sequence[OutcomeScores], st: Styles, record: ExamRecord) -> list[Flowable]:
    if not outcomes:
        return []
    header = [_("Questionnaire"), _("Subscale"), _("Score"), "", _("Reading")]
    widths = [118.0, 140, 38, 70]
    widths = _fitted(header, [*widths, WIDTH - sum(widths)], st)
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = styles.column_font(4, st.cell_small)
    for scores in outcomes:
        q = questionnaire(scores.instrument)
        best = q.score_range[1]
        first = len(rows) + 1
        scored = [(k, v) for k, v in scores.scores if v is not None]
        worst = min(scored, key=lambda kv: kv[1])[0] if len(scored) > 1 else None
        side = questionnaire_side(scores.instrument, record.exam.history)  # the exam format gives it none
        for i, (key, value) in enumerate(scores.scores):
            name = (
                Paragraph(
                    f"<b>{esc(scores.instrument.value)}</b><br/><font size='6.8' color='{styles.MUTED_HEX}'>"
                    f"{esc(q.title.rsplit(' (', 1)[0])}<br/>"
                    + (f"<b>{esc(side.short())}</b><br/>" if side is not None else "")
                    + _("{answered} of {total} items answered").format(answered=scores.answered,
                                                                       total=scores.total_items)
                    + "</font>", st.cell)
                if i == 0 else ""
            )
            if value is None:
                reading = sentence(interpret(scores.instrument, key, value))
            elif q.method == "sum":
                reading = _("{percent} of the maximum of {best}.").format(
                    percent=percent(value / best * 100), best=best)
            else:
                reading = _("Most affected.") if key == worst else ""
            rows.append([
                name,
                styles.text_cell(q.subscale(key).title, st.cell, widths[1]),
                show_number(value) if value is not None else DASH,
                ScoreBar(value, best),
                styles.text_cell(reading, st.cell_small, widths[4]),
            ])
            extra.append(("FONT", (2, len(rows)), (2, len(rows)), fonts.BOLD))
        readings = sorted({interpret(scores.instrument, k, v) for k, v in scores.scores if v is not None})
        if readings:
            rows.append(["", Paragraph(esc(" ".join(sentence(r) for r in readings)), st.cell_small), "", "", ""])
            extra += [("SPAN", (1, len(rows)), (-1, len(rows)))]
        extra += [("SPAN", (0, first), (0, len(rows))), ("NOSPLIT", (0, first), (-1, len(rows)))]
    sources = [questionnaire(s.instrument).reference for s in outcomes]
    legend = esc(_("Sources: {sources}").format(sources=" ".join(dict.fromkeys(sources))))
    if any(s.instrument in JOINT_ASKED_ABOUT for s in outcomes):
        legend = esc(_(SIDE_DERIVED)) + " " + legend
    original = _("Questionnaire in the English original: no official translation of its items is available "
                 "in Kinelink.")
    if original != "Questionnaire in the English original: no official translation of its items is available " \
                   "in Kinelink.":  # said where the document speaks another language
        legend = esc(original) + " " + legend
    table = _data_table(header, rows, widths, st, extra, centred=(2,), legend=legend)
    return table_section(_("Outcome scores"), len(rows), [table])


# --- kinetic chain ----------------------------------------------------------------


def _findings(title: str, items: Sequence[str], st: Styles) -> list[Flowable]:
    return [
        Paragraph(title, st.h3),
        bullets([esc(sentence(i)) for i in items], st.bullet) if items else Paragraph(_("None recorded."), st.small),
    ]


def _review(record: ExamRecord | None, st: Styles) -> list[Flowable]:
    impression = record.exam.impression if record is not None else None
    if not impression or not impression.strip():
        return []
    return [Paragraph("<b>" + _("Clinician's impression:") + f"</b> {esc(sentence(impression))}", st.body)]


def _chain(links: Sequence[Link], incomplete: bool, st: Styles, *, held: bool = False,
           record: ExamRecord | None = None, reviewer: str = "") -> list[Flowable]:
    heading = SectionHeading(_("Kinetic chain: knee and hip"))
    reviews = record.exam.link_review if record is not None else ()
    if not links:
        advice = (
            _("Parts of the examination were not recorded (above), so a link cannot be ruled out.")
            if incomplete else
            _("Treat the knee and hip findings as separate problems; reassess the other joint if symptoms change.")
        )
        return [heading, Paragraph(
            "<b>" + _("No link between knee and hip is supported by the findings recorded.") + f"</b> {advice}",
            st.body),
            *_review(record, st)]
    top = links[0]
    when = f" ({_(AFTER_RED_FLAGS)})" if held else ""
    likely = _("Likely link{when}: {title}").format(when=esc(when), title=esc(link_title(top)))
    text: list[Flowable] = [
        Paragraph(f"<font color='{_hex(styles.LINK)}'>{likely}</font>", st.h3),
        Paragraph(_("Likelihood <b>{likelihood}</b> (score {score} of 1).").format(
            likelihood=esc(top.likelihood.label), score=show_number(top.score, 2)) + f" {esc(_(SCORE_MEANING))}",
            st.small),
        Paragraph(f"<b>{esc(sentence(verdict_text(review_of(top, reviews), reviewer)))}</b>", st.small),
        *_review(record, st),
        Spacer(0, 3),
        Paragraph(esc(sentence(top.summary)), st.body),
        *([Paragraph(f"<b>{esc(note)}</b>", st.body)] if (note := other_leg_note(top)) else []),
        *_findings(_("Findings for"), [e.finding for e in top.supporting], st),
        *_findings(_("Findings against"), [e.finding for e in top.against], st),
    ]
    if top.next_steps:
        text += [Paragraph(_("Next steps{when}").format(when=esc(when)), st.h3),
                 bullets([esc(sentence(s)) for s in top.next_steps], st.bullet, numbered=True)]
    # the text runs beside the drawing and continues below it, splitting across pages if it must
    flow: list[Flowable] = [
        CondPageBreak(diagram.HEIGHT + 40),  # never strand the heading under a drawing that cannot fit
        heading,
        ImageAndFlowables(diagram.legs_diagram(top), text, imageLeftPadding=0, imageRightPadding=18,
                          imageBottomPadding=8, imageSide="left"),
    ]
    if len(links) > 1:
        widths = [170.0, 60]
        header = [_("Link"), _("Likelihood"), _("Why it was considered")]
        widths = _fitted(header, [*widths, WIDTH - sum(widths)], st)
        rows: list[list[object]] = [[styles.text_cell(link_title(link), st.cell, widths[0]), link.likelihood.label,
                                     styles.text_cell(sentence(link.summary) + " " + sentence(
                                         verdict_text(review_of(link, reviews), reviewer)), st.cell_small,
                                         widths[2])]
                                    for link in links[1:]]
        flow += [Spacer(0, 4), *table_section(
            Paragraph(_("Other links considered"), st.h3), len(rows),
            [_data_table(header, rows, widths, st,
                         styles.column_font(2, st.cell_small), centred=(1,))])]
    if top.references:
        references = "; ".join(dict.fromkeys(top.references))
        flow += [Spacer(0, 4), Paragraph(esc(_("References for the likely link: {references}.").format(
            references=references)), st.tiny)]
    return flow


# --- sign-off -------------------------------------------------------------------


def _sign_off(data: SummaryData, st: Styles) -> list[Flowable]:
    exam = data.record.exam
    who = examiner(data.clinic, data.record)
    text = (_("Examined on {date} by {who}.").format(date=show_date(exam.date), who=esc(who)) if who
            else _("Examined on {date}.").format(date=show_date(exam.date)))
    if data.status is not None:
        text += f" {esc(data.status.text)}."
    return [Spacer(0, 12), Paragraph(text, st.small)]
