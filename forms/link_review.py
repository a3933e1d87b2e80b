"""The clinician's verdict on the suggested links (`exam.link_review`), matched to the analysis.

The analysis suggests; the clinician decides. Only accepted links reach a letter, and
every document that shows one says who accepted it.
"""

from __future__ import annotations

from kinelink.forms.findings import Analysis, Link
from kinelink.forms.i18n import _
from kinelink.forms.model import LinkReview
from kinelink.forms.vocab import Joint, LinkDecision, Mechanism, Side

LinkKey = tuple[Joint, Joint, Mechanism, Side, Side]


def key_of(link: Link) -> LinkKey:
    """The same key as `LinkReview.key`: source, target, mechanism, target side, source side."""
    return (link.source, link.target, link.mechanism, link.side, link.source_side)


def review_of(link: Link, reviews: tuple[LinkReview, ...]) -> LinkReview | None:
    key = key_of(link)
    return next((r for r in reviews if r.key == key), None)


def decide(link: Link, decision: LinkDecision | None, reviews: tuple[LinkReview, ...],
           note: str | None = None) -> tuple[LinkReview, ...]:
    """`reviews` with this link's verdict set (None: the verdict withdrawn); order kept, one per link."""
    key = key_of(link)
    kept = [r for r in reviews if r.key != key]
    if decision is None:
        return tuple(kept)
    note = note or None  # as typed; blank is no note
    review = LinkReview(link.source, link.target, link.mechanism, link.side, link.source_side, decision, note)
    for i, r in enumerate(reviews):
        if r.key == key:  # same place in the list
            return (*kept[:i], review, *kept[i:])
    return (*kept, review)


def accepted(analysis: Analysis, reviews: tuple[LinkReview, ...]) -> tuple[tuple[Link, LinkReview], ...]:
    """The suggested links the clinician accepted, in the analysis's order, with their review."""
    out = []
    for link in analysis.links:
        review = review_of(link, reviews)
        if review is not None and review.decision is LinkDecision.ACCEPTED:
            out.append((link, review))
    return tuple(out)


def verdict_text(review: LinkReview | None, clinician: str | None) -> str:
    """`suggested by the analysis; accepted by Anna Nowak, PT` (or rejected, or not reviewed)."""
    if review is None:
        return _("suggested by the analysis; not reviewed")
    if clinician and clinician.strip():
        text = _("suggested by the analysis; {decision} by {clinician}").format(decision=review.decision.label,
                                                                              clinician=clinician)
    else:
        text = _("suggested by the analysis; {decision}").format(decision=review.decision.label)
    return f"{text} (“{review.note}”)" if review.note else text
