"""Progress since the last exam: change in the key measures and scores, and a trend chart.

Key measures are the outcome scores, the worst pain, and every ROM or strength
measurement that is a deficit now or was one at the last exam.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kinelink.forms import change
from kinelink.forms.findings import Analysis, Comparison
from kinelink.forms.formats import DASH, show_date, show_number, show_signed
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.model import ExamRecord
from kinelink.forms.progress import Series
from kinelink.forms.questionnaires import questionnaire
from kinelink.forms.ranges import NPRS
from kinelink.forms.vocab import Instrument, Side
from kinelink.reports import styles
from kinelink.reports import typefaces as fonts
from kinelink.reports.charts import trend_chart
from kinelink.reports.markup import esc
from kinelink.reports.parts import SectionHeading, keep_rows
from kinelink.reports.styles import Styles
from kinelink.reports.wording import group_label, movement_label, upper_first, worst_pain
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

# Whether a change is real (beyond the MDC) and important (beyond the MCID) is decided in
# forms.change, with the sources; this module only lays the readings out.

Key = tuple[str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    before: str
    now: str
    change: str
    reading: str
    direction: int  # +1 better, −1 worse, 0 neither


def _key(c: Comparison) -> Key:
    return c.kind, c.joint.value, c.movement_or_group, c.side.value, c.mode or ""


def score_label(instrument: Instrument, key: str) -> str:
    q = questionnaire(instrument)
    if key == "total":
        return _("{instrument} total (0–{best})").format(instrument=instrument.value, best=q.score_range[1])
    return f"{instrument.value} {q.subscale(key).short}"


def _side_label(side: Side, measure: str) -> str:
    """"Left hip flexion" (German "Hüftflexion links"): the catalogue orders side and measure; the row
    starts with a capital whichever comes first (the measure's own capitals, as German nouns, stay)."""
    return upper_first(_("{side} {measure}").format(side=side.label, measure=measure[:1].lower() + measure[1:]))


def _from(reading: change.Reading) -> tuple[int, str]:
    """(direction, words) of a reading: a change within error has no direction."""
    if reading.better is None:
        return 0, reading.verdict.text
    return (1 if reading.better else -1), reading.verdict.text


def _direction(delta: float, threshold: float = 0.0, *, lower_is_better: bool = False) -> int:
    if abs(delta) <= threshold or delta == 0:
        return 0
    better = delta < 0 if lower_is_better else delta > 0
    return 1 if better else -1


def _comparison_value(c: Comparison | None) -> str:
    if c is None:
        return DASH
    if c.unit == "deg":
        return f"{show_number(c.value)}°"
    if c.unit == "N":
        return f"{show_number(c.value)} N"
    return f"{(c.grade or show_number(c.value)).replace('-', '−')}/5"


def changes(record: ExamRecord, analysis: Analysis, last: ExamRecord, last_analysis: Analysis) -> list[Change]:
    out: list[Change] = []
    # outcome scores
    before_scores = {(o.instrument, k): v for o in last_analysis.outcomes for k, v in o.scores}
    now_scores = {(o.instrument, k): v for o in analysis.outcomes for k, v in o.scores}
    for instrument, key in dict.fromkeys([*now_scores, *before_scores]):
        a, b = before_scores.get((instrument, key)), now_scores.get((instrument, key))
        if a is None and b is None:
            continue
        reading, direction, change_text = "", 0, DASH
        if a is not None and b is not None:
            delta = b - a
            change_text = show_signed(delta)
            direction, reading = _from(change.judge(change.questionnaire_importance(instrument), a, b))
        out.append(Change(score_label(instrument, key), show_number(a) if a is not None else DASH,
                          show_number(b) if b is not None else DASH, change_text, reading, direction))
    # pain
    pain_before, pain_now = worst_pain(last), worst_pain(record)
    if pain_before is not None or pain_now is not None:
        change_text, direction, reading = DASH, 0, ""
        if pain_before is not None and pain_now is not None:
            change_text = show_signed(pain_now - pain_before)
            direction, reading = _from(change.judge(change.NPRS, pain_before, pain_now))
        label = _("Worst pain (NPRS {scale})").format(scale=NPRS.text())
        out.append(Change(label, DASH if pain_before is None else NPRS.out_of(pain_before),
                          DASH if pain_now is None else NPRS.out_of(pain_now), change_text, reading, direction))
    # measurements that are, or were, deficits
    before = {_key(c): c for c in last_analysis.comparisons}
    now = {_key(c): c for c in analysis.comparisons}
    keys = [k for k, c in now.items() if c.is_deficit]
    keys += [k for k, c in before.items() if c.is_deficit and k not in keys]
    for measure in keys:
        a_c, b_c = before.get(measure), now.get(measure)
        ref = b_c or a_c
        assert ref is not None
        if ref.kind == "rom":
            label = _side_label(ref.side, movement_label(ref.joint, ref.movement_or_group))
            if ref.mode == "passive":
                label += " " + _("(passive)")
        else:
            label = _side_label(ref.side, group_label(ref.joint, ref.movement_or_group))
        change_text, direction, reading = DASH, 0, ""
        if a_c is not None and b_c is not None and a_c.unit == b_c.unit:
            delta = b_c.value - a_c.value
            unit = "°" if b_c.unit == "deg" else (" N" if b_c.unit == "N" else "")
            change_text = f"{show_signed(delta)}{unit}"
            if b_c.unit == "deg":
                direction, reading = _from(change.judge(change.ROM, a_c.value, b_c.value))
            elif b_c.unit == "N":
                direction, reading = _from(change.judge(change.FORCE, a_c.value, b_c.value))
            else:
                direction = _direction(delta)
            if b_c.lsi is not None and a_c.lsi is not None:
                reading = f"LSI {show_number(a_c.lsi, 0)} → {show_number(b_c.lsi, 0)} %"
        if b_c is not None and not b_c.is_deficit and a_c is not None and a_c.is_deficit:
            reading = (reading + "; " if reading else "") + _("no longer a deficit")
        out.append(Change(label, _comparison_value(a_c), _comparison_value(b_c), change_text, reading, direction))
    return out


def _panels(exams: Sequence[tuple[ExamRecord, Analysis]]) -> list[tuple[str, list[Series], float]]:
    """One chart per instrument (its own scale), else worst pain; empty when nothing repeats."""
    points: dict[Instrument, dict[str, list[tuple[dt.date, float]]]] = {}
    for record, analysis in exams:
        for o in analysis.outcomes:
            for key, value in o.scores:
                if value is not None:
                    points.setdefault(o.instrument, {}).setdefault(key, []).append((record.exam.date, value))
    panels: list[tuple[str, list[Series], float]] = []
    for instrument, by_key in points.items():
        q = questionnaire(instrument)
        if max(len(p) for p in by_key.values()) < 2:
            continue
        series = [Series(q.subscale(k).short, tuple(p)) for k, p in by_key.items()]
        best = float(q.score_range[1])
        panels.append((_("{instrument} (0–{best}, higher = better)").format(instrument=instrument.value,
                                                                             best=f"{best:g}"), series, best))
    if panels:
        return panels
    pain = [(r.exam.date, float(w)) for r, _unused in exams if (w := worst_pain(r)) is not None]
    if len(pain) > 1:
        title = _("Worst pain, NPRS ({scale}, lower = better)").format(scale=NPRS.text())
        return [(title, [Series(_("Worst pain"), tuple(pain))], NPRS.high)]
    return []


def section(
    record: ExamRecord,
    analysis: Analysis,
    earlier: Sequence[tuple[ExamRecord, Analysis]],
    st: Styles,
    width: float,
) -> list[Flowable]:
    ordered = sorted(earlier, key=lambda pair: pair[0].exam.date)
    last, last_analysis = ordered[-1]
    count = len(ordered)
    flow: list[Flowable] = [
        CondPageBreak(200),  # the heading, the sentence and the start of the table together
        SectionHeading(_("Progress")),
        Paragraph(
            ngettext("Compared with the baseline, the signed exam of <b>{last}</b> ({count} earlier signed exam on "
                     "record, the first on {first}).",
                     "Compared with the baseline, the signed exam of <b>{last}</b> ({count} earlier signed exams on "
                     "record, the first on {first}).", count).format(
                last=show_date(last.exam.date), count=count, first=show_date(ordered[0][0].exam.date)),
            st.body,
        ),
    ]
    titles = [_("Measure"), _("Last exam") + f"<br/>{show_date(last.exam.date)}",
              _("This exam") + f"<br/>{show_date(record.exam.date)}", _("Change"), _("Reading")]
    # the value columns fit their headings' longest word; the measure and the reading share what is left
    values = [styles.fitting_width([title], st.head_center, least)
              for title, least in zip(titles[1:4], (64.0, 64.0, 52.0), strict=True)]
    label = min(150.0, (width - sum(values)) * 0.5)
    widths = [label, *values, width - label - sum(values)]
    rows: list[list[object]] = []
    extra: list[tuple[object, ...]] = styles.column_font(4, st.cell_small)
    for item in changes(record, analysis, last, last_analysis):
        row = len(rows) + 1
        colour = {1: styles.BETTER, -1: styles.WORSE}.get(item.direction)
        word = {1: _("better"), -1: _("worse")}.get(item.direction, "")
        reading = ", ".join(x for x in (word, item.reading) if x)
        if colour is not None:
            extra += [("TEXTCOLOR", (3, row), (3, row), colour), ("FONT", (3, row), (3, row), fonts.BOLD)]
        rows.append([
            styles.text_cell(item.label, st.cell, widths[0]),
            item.before,
            item.now,
            item.change,
            styles.text_cell(reading, st.cell_small, widths[4]),
        ])
    if rows:
        header = [Paragraph(title, st.head if i in (0, 4) else st.head_center) for i, title in enumerate(titles)]
        centred = [("ALIGN", (c, 1), (c, -1), "CENTER") for c in (1, 2, 3)]
        table = styles.table([header, *rows], widths,
                             styles.grid_table_style() + centred + extra + keep_rows(len(rows)), repeatRows=1)
        flow.append(table)
        flow.append(Spacer(0, 3))
        flow.append(Paragraph(
            esc(_("Measures shown: outcome scores, worst pain, and every range or strength measure that is a "
                  "deficit now or was one last time. Within measurement error: smaller than the minimal "
                  "detectable change (MDC); beyond MDC: a real change; beyond MCID: a real change at least as "
                  "large as the minimal clinically important difference. Sources: {rom}; {force}; {nprs}; "
                  "{lefs}; KOOS and HOOS: {koos}.").format(
                rom=change.ROM.source, force=change.FORCE.source, nprs=change.NPRS.source,
                lefs=change.LEFS.source, koos=change.questionnaire_importance(Instrument.KOOS).source)),
            st.tiny,
        ))
    else:
        flow.append(Paragraph(_("No measure was recorded at both exams."), st.body))
    panels = _panels([*ordered, (record, analysis)])
    if panels:
        gap = 14.0
        each = min(230.0, (width - gap * (max(len(panels), 3) - 1)) / max(len(panels), 3))
        charts = [trend_chart(series, title=title, y_max=y_max, width=each) for title, series, y_max in panels]
        cells: list[object] = []
        for chart in charts:
            cells += [chart, ""]
        grid = styles.table([cells[:-1]], [w for _ in charts for w in (each, gap)][:-1],
                            [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                             ("VALIGN", (0, 0), (-1, -1), "TOP")], hAlign="LEFT")
        flow.append(KeepTogether([Spacer(0, 8), Paragraph(_("Trend over all exams"), st.h3), grid]))
    return flow
