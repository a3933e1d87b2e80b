"""The text printed by `kinelink analyze FILE`: a short clinical summary.

Order is the order of clinical priority: red flags first (they call for
referral), then the knee–hip link most consistent with the findings, with the
evidence for and against and the next steps, then the other links considered,
then the deficits and the outcome scores. The wording supports the
clinician's judgement: links are "most consistent with", "suggest" or "may
reflect", never a diagnosis.
"""

from __future__ import annotations

import textwrap

from kinelink.forms.chain.facts import group_name, sentence
from kinelink.forms.findings import Analysis, Comparison, Link, OutcomeScores
from kinelink.forms.formats import show_date, show_fixed, show_number, upper_first
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamRecord
from kinelink.forms.questionnaires import questionnaire
from kinelink.forms.redflags import RED_FLAGS
from kinelink.forms.vocab import Instrument, Movement, MuscleGroup
from kinelink.forms.wording import (
    AFTER_RED_FLAGS,
    SCORE_MEANING,
    likelihood_text,
    link_route,
    link_title,
    screening_status,
)

WIDTH = 96

def _wrap(text: str, indent: str, hang: str | None = None) -> list[str]:
    return textwrap.wrap(
        text, WIDTH, initial_indent=indent, subsequent_indent=hang if hang is not None else indent,
        break_long_words=False, break_on_hyphens=False,
    ) or [indent.rstrip()]


def _header(record: ExamRecord) -> list[str]:
    p, e = record.patient, record.exam
    who = p.display_name + (f" ({p.record_number})" if p.record_number else "")
    age = p.age_on(e.date)
    lines = [_("Kinelink summary: {who}, {sex}, {age} y").format(who=who, sex=p.sex.label, age=age)]
    exam = _("Exam {date}").format(date=show_date(e.date)) + (f", {e.clinician}" if e.clinician else "")
    lines.append(exam)
    if e.history.complaint:
        lines += _wrap(_("Complaint: “{complaint}”").format(complaint=e.history.complaint), "", "  ")
    return lines


def _red_flags(analysis: Analysis) -> list[str]:
    status = screening_status(analysis)
    if not analysis.red_flags:
        lines = [_("RED FLAGS: {status}.").format(status=status)]
        if not analysis.red_flags_screened:
            lines += _wrap(_("Ask about the red flags before treatment; none was found in the findings or the "
                             "notes, which is not a screening."), "  ")
        return lines
    lines = [_("RED FLAGS ({status}): act on these before anything else").format(status=status)]
    for alert in analysis.red_flags:
        info = RED_FLAGS[alert.flag]
        lines += _wrap("! " + _("{flag} [{origin}]: may indicate {suggests} ({reason}).").format(
            flag=sentence(_(info.label)), origin=alert.origin.label, suggests=_(info.suggests),
            reason=alert.reason), "  ", "    ")
        lines += _wrap(alert.advice, "    ")
    return lines


def _evidence(link: Link) -> list[str]:
    lines = []
    if link.supporting:
        lines.append("  " + _("For:"))
        for e in link.supporting:
            lines += _wrap(f"+ {e.finding}", "    ", "      ")
    if link.against:
        lines.append("  " + _("Against:"))
        for e in link.against:
            lines += _wrap(f"− {e.finding}", "    ", "      ")
    return lines


def _links(analysis: Analysis) -> list[str]:
    if not analysis.links:
        return [
            _("KNEE–HIP LINK: none suggested by the findings recorded."),
            "  " + _("No finding points from one joint to the other; treat each joint on its own findings."),
        ]
    top, others = analysis.links[0], analysis.links[1:]
    held = f", {_(AFTER_RED_FLAGS)}" if top.held_for_red_flags else ""
    lines = _wrap(_("KNEE–HIP LINK{held}: {title}, likelihood {likelihood}").format(
        held=held, title=link_title(top), likelihood=likelihood_text(top)), "", "  ")
    if analysis.red_flags:
        lines += _wrap(_("Deal with the red flags first; the reasoning below assumes they are cleared, and its "
                         "exercise and loading steps are withheld until then."), "  ")
    lines += _wrap(top.summary, "  ")
    lines += _evidence(top)
    if top.next_steps:
        lines.append("  " + _("Next steps:"))
        for step in top.next_steps:
            lines += _wrap(f"• {step}", "    ", "      ")
    if others:
        lines.append("  " + _("Also considered:"))
        for link in others:
            against = _("; {n} against").format(n=len(link.against)) if link.against else ""
            # one bracket: "Left knee → left hip (alignment; moderate, 0.47; 3 for)", not "(alignment) (moderate…)"
            lines += _wrap("· " + _("{route} ({mechanism}; {likelihood}, {score}; {n} for{against}): {finding}").format(
                route=upper_first(link_route(link)), mechanism=link.mechanism.label,
                likelihood=link.likelihood.label, score=show_fixed(link.score),
                n=len(link.supporting), against=against, finding=link.supporting[0].finding), "    ", "      ")
    lines += _wrap(_(SCORE_MEANING), "  ")
    if top.references:
        lines.append("  " + _("References:"))
        for ref in top.references:
            lines += _wrap(f"- {ref}", "    ", "      ")
    return lines


def _measure_name(c: Comparison) -> str:
    if c.kind == "rom":
        return _("{side} {joint} {movement}").format(
            side=c.side.label, joint=c.joint.label, movement=Movement(c.movement_or_group).label)
    muscles = group_name(c.joint, MuscleGroup(c.movement_or_group))
    return _("{side} {muscles}").format(side=c.side.label, muscles=muscles)


def _value(c: Comparison) -> str:
    if c.unit == "deg":
        return f"{show_number(c.value)}°" + (" " + _("passive") if c.mode == "passive" else "")
    if c.unit == "N":
        return f"{show_number(c.value)} N"
    return f"{c.grade}/5" if c.grade else show_number(c.value)


def _deficits(analysis: Analysis) -> list[str]:
    deficits = analysis.deficits
    if not deficits:
        measured = _("no ROM or strength recorded") if not analysis.comparisons else _("none among the measurements")
        return [_("DEFICITS: {measured}.").format(measured=measured)]
    lines = [_("DEFICITS")]
    for c in deficits:
        value = _value(c)
        # A reason that starts with the value ("4-/5 vs 5/5 on the right side") already shows it.
        head = sentence(_measure_name(c)) if c.reasons and c.reasons[0].startswith(value) else (
            f"{sentence(_measure_name(c))} {value}"
        )
        lines += _wrap(f"{head}: {'; '.join(c.reasons)}", "  ", "    ")
    return lines


def _outcome(o: OutcomeScores) -> str:
    parts = []
    q = questionnaire(o.instrument)
    for key, value in o.scores:
        label = _(q.subscale(key).short)  # the catalogue's name, as the PDF, the panel and the letters show it
        if value is None:
            parts.append(_("{label} not scored (too many items missing)").format(label=label))
        elif o.instrument is Instrument.LEFS:
            parts.append(f"{label} {value:.0f}/80")
        else:
            parts.append(f"{label} {value:.0f}")
    scale = _(" (higher is better)") if o.instrument is Instrument.LEFS else _(" (0–100, 100 = no problems)")
    return f"{o.instrument.label}: {', '.join(parts)}{scale}"


def _outcomes(analysis: Analysis) -> list[str]:
    if not analysis.outcomes:
        return [_("OUTCOME SCORES: no questionnaire recorded.")]
    lines = [_("OUTCOME SCORES")]
    for o in analysis.outcomes:
        lines += _wrap(_outcome(o), "  ", "    ")
    return lines


def render_text(record: ExamRecord, analysis: Analysis) -> str:
    sections = [_header(record), _red_flags(analysis), _links(analysis), _deficits(analysis), _outcomes(analysis)]
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"
