"""The body chart of the summary: front and back, the symptoms' zones shaded by pain, and its key.

Drawn from the same zones as the window's chart (`forms.bodychart`), so a zone is the same place on
paper as on screen. The key beside it lists each symptom with its pain and quality, numbered as
the pain printed on its zone.
"""

from __future__ import annotations

from collections.abc import Sequence

from kinelink.forms import bodychart as bc
from kinelink.forms.i18n import _
from kinelink.forms.model import Symptom
from kinelink.forms.ranges import NPRS
from kinelink.reports import styles
from kinelink.reports import typefaces as fonts
from kinelink.reports.charts import drawing
from kinelink.reports.diagram import Figure
from kinelink.reports.wording import symptom_place
from reportlab.graphics.shapes import Drawing, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

SCALE = 0.78  # points per view unit
_GAP = 20.0  # between the two views
_TITLE = 11.0  # above the views
_SIDES = 11.0  # below the feet, for R and L
_KEY = 24.0  # below, for the pain scale
WIDTH = 2 * bc.WIDTH * SCALE + _GAP
HEIGHT = _KEY + _SIDES + bc.HEIGHT * SCALE + _TITLE


def _origin(view: bc.View) -> tuple[float, float]:
    """Where the view's (0, 0), the viewer's-left end of the waist, sits on the drawing."""
    x = 0.0 if view is bc.View.FRONT else bc.WIDTH * SCALE + _GAP
    return x, HEIGHT - _TITLE


def _points(view: bc.View, points: Sequence[bc.Point]) -> list[float]:
    ox, oy = _origin(view)
    out: list[float] = []
    for x, y in points:
        out += [ox + x * SCALE, oy - y * SCALE]  # reportlab's y goes up
    return out


def _text(x: float, y: float, text: str, *, size: float = 7.0, bold: bool = False,
          color: colors.Color = styles.INK, anchor: str = "middle") -> String:
    return String(x, y, text, fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size, fillColor=color,
                  textAnchor=anchor)


def body_chart(symptoms: Sequence[Symptom]) -> Figure:
    """Both views with the symptoms' zones shaded by their worst NPRS (hatched: the whole region)."""
    d = drawing(WIDTH, HEIGHT, Figure)
    assert isinstance(d, Figure)
    marks = bc.marks(symptoms)
    edge, outline = colors.HexColor(bc.ZONE_EDGE), colors.HexColor(bc.OUTLINE_COLOUR)
    for view in bc.View:
        ox, oy = _origin(view)
        width = bc.WIDTH * SCALE
        d.add(_text(ox + width / 2, oy + 2.5, view.label, size=7.5, bold=True))
        d.add(Polygon(_points(view, bc.OUTLINE), fillColor=colors.HexColor(bc.BODY_FILL), strokeColor=None))
        for zone in (z for z in bc.ZONES if z.view is view):
            mark = marks.get(zone.key)
            d.add(Polygon(_points(view, zone.points), strokeColor=edge, strokeWidth=0.4,
                          fillColor=colors.HexColor(bc.shade(mark.nprs)) if mark else None))
            if mark is not None and not mark.exact:
                d.add(_hatch(view, zone))
        d.add(Polygon(_points(view, bc.OUTLINE), fillColor=None, strokeColor=outline, strokeWidth=0.9))
        for line in bc.DETAILS[view]:
            d.add(PolyLine(_points(view, line), strokeColor=outline, strokeWidth=0.5))
        for half, side in enumerate(bc.SIDES[view]):
            d.add(_text(ox + (0.25 + 0.5 * half) * width, oy - bc.HEIGHT * SCALE - 9, side.label[:1].upper(),
                        size=7.5, bold=True))
        for zone in (z for z in bc.ZONES if z.view is view):
            mark = marks.get(zone.key)
            if mark is not None and mark.exact and mark.nprs is not None:
                cx, cy = _points(view, [zone.centre])
                d.add(_text(cx, cy - 2.2, str(mark.nprs), size=6.2, bold=True, color=colors.HexColor(
                    bc.ink_on(mark.nprs))))
    _pain_key(d)
    return d


def _hatch(view: bc.View, zone: bc.Zone) -> PolyLine:
    """Diagonal strokes clipped by hand to the zone's bounding box (reportlab has no pattern fill)."""
    xs, ys = [p[0] for p in zone.points], [p[1] for p in zone.points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    strokes: list[bc.Point] = []
    y = y0
    while y < y1:  # short 45° strokes from the zone's left edge, every 5 units, kept inside the zone
        for x in (x0 + k * 5.0 for k in range(int((x1 - x0) // 5) + 1)):
            a, b = (x, y + 4.0), (x + 4.0, y)
            if zone.contains(*a) and zone.contains(*b):
                strokes += [a, b, a]  # out and back: one polyline of many strokes
        y += 5.0
    return PolyLine(_points(view, strokes or [zone.centre]), strokeColor=colors.HexColor(bc.OUTLINE_COLOUR),
                    strokeWidth=0.4)


def _pain_key(d: Drawing) -> None:
    """The pain scale 0–10 under the views, then "not rated" and "whole region"."""
    box = 10.0
    y = 10.0
    pain = _("Pain")
    d.add(_text(0, y + 2.5, pain, size=6.8, anchor="start"))
    x = max(18.0, stringWidth(pain, fonts.REGULAR, 6.8) + 3)  # German "Schmerz" is wider than "Pain"
    for n in range(int(NPRS.low), int(NPRS.high) + 1):
        d.add(Rect(x + n * box, y, box, box, fillColor=colors.HexColor(bc.shade(n)),
                   strokeColor=colors.HexColor(bc.ZONE_EDGE), strokeWidth=0.4))
        d.add(_text(x + n * box + box / 2, y + 2.6, str(n), size=5.8, color=colors.HexColor(bc.ink_on(n))))
    d.add(Rect(0, 0, 7, 6, fillColor=colors.HexColor(bc.NOT_RATED_SHADE), strokeColor=None))
    not_rated = _("not rated")
    d.add(_text(9, 0.8, not_rated, size=6.2, anchor="start"))
    hx = max(46.0, 9 + stringWidth(not_rated, fonts.REGULAR, 6.2) + 5)
    d.add(Rect(hx, 0, 7, 6, fillColor=colors.HexColor(bc.shade(4)), strokeColor=None))
    d.add(PolyLine([hx, 0, hx + 7, 6], strokeColor=colors.HexColor(bc.OUTLINE_COLOUR), strokeWidth=0.5))
    d.add(_text(hx + 9, 0.8, _("whole region (diffuse)"), size=6.2, anchor="start"))


def key_rows(symptoms: Sequence[Symptom]) -> list[tuple[str, str, str]]:
    """The chart's key, one row per symptom: where, pain, quality."""
    return [(symptom_place(s), NPRS.out_of(s.pain_nprs) if s.pain_nprs is not None else _("not rated"),
             s.quality.label if s.quality is not None else "—") for s in symptoms]
