"""The kinetic-chain diagram: both legs seen from the front, the linked joints lit, an arrow between.

Drawn with `reportlab.graphics`, so it stays vector-sharp in print and the same
`Drawing` can be rendered to SVG for the screen (`renderSVG.drawToString`).
Seen from the front, the patient's right leg is on the viewer's left; both legs
are labelled so nobody has to work that out.
"""

from __future__ import annotations

import math

from kinelink.forms.findings import Link
from kinelink.forms.i18n import _, pgettext
from kinelink.forms.vocab import Joint, Side
from kinelink.forms.wording import source_place, target_place
from kinelink.reports import styles
from kinelink.reports import typefaces as fonts
from kinelink.reports.charts import drawing
from reportlab.graphics.shapes import Circle, Drawing, Ellipse, Line, Path, Polygon, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

WIDTH = 170.0
HEIGHT = 262.0

_BONE = colors.HexColor("#CDD4DB")
_JOINT_EDGE = colors.HexColor("#8A96A3")
_PELVIS_FILL = colors.HexColor("#EEF1F4")
_PELVIS_EDGE = colors.HexColor("#A9B3BD")
_SOURCE_FILL = colors.HexColor("#FAD3BD")

_BASE = 46.0  # the feet stand here; side labels and the legend go below
# x of each leg's joints (hip, knee, ankle), patient's right on the viewer's left
_X: dict[Side, tuple[float, float, float]] = {
    Side.RIGHT: (58.0, 62.0, 63.0),
    Side.LEFT: (112.0, 108.0, 107.0),
}
_Y: dict[str, float] = {"hip": _BASE + 168, "knee": _BASE + 92, "ankle": _BASE + 16}
_OUTWARD: dict[Side, float] = {Side.RIGHT: -1.0, Side.LEFT: 1.0}


def _point(side: Side, joint: Joint) -> tuple[float, float]:
    hip_x, knee_x, _unused = _X[side]
    if joint is Joint.HIP:
        return hip_x, _Y["hip"]
    return knee_x, _Y["knee"]


def _label(x: float, y: float, text: str, *, size: float = 6.8, bold: bool = False,
           color: colors.Color = styles.MUTED, anchor: str = "middle") -> String:
    return String(x, y, text, fontName=fonts.BOLD if bold else fonts.REGULAR, fontSize=size,
                  fillColor=color, textAnchor=anchor)


def _skeleton(d: Drawing) -> None:
    hip_y = _Y["hip"]
    d.add(Polygon(
        [36, hip_y + 30, 134, hip_y + 30, 126, hip_y + 12, 108, hip_y - 4, 85, hip_y - 9,
         62, hip_y - 4, 44, hip_y + 12],
        fillColor=_PELVIS_FILL, strokeColor=_PELVIS_EDGE, strokeWidth=0.9,
    ))
    d.add(_label(85, hip_y + 18, _("pelvis"), size=6.3))
    for side in Side:
        hip_x, knee_x, ankle_x = _X[side]
        for (x1, y1), (x2, y2), thickness in (
            ((hip_x, _Y["hip"]), (knee_x, _Y["knee"]), 8.0),  # femur
            ((knee_x, _Y["knee"]), (ankle_x, _Y["ankle"]), 6.5),  # tibia
        ):
            d.add(Line(x1, y1, x2, y2, strokeColor=_BONE, strokeWidth=thickness, strokeLineCap=1))
        d.add(Ellipse(ankle_x + 2 * _OUTWARD[side], _Y["ankle"] - 9, 10, 4.5,
                      fillColor=_BONE, strokeColor=None))
        for y, x in ((_Y["hip"], hip_x), (_Y["knee"], knee_x), (_Y["ankle"], ankle_x)):
            r = 5.0 if y == _Y["ankle"] else 7.5
            d.add(Circle(x, y, r, fillColor=colors.white, strokeColor=_JOINT_EDGE, strokeWidth=1.1))
        d.add(_label(ankle_x, _BASE - 24, _("Right") if side is Side.RIGHT else _("Left"), size=7.5, bold=True,
                     color=styles.INK))
    # between the legs there is room for a short word only: German names the ankle joint "OSG" there
    for name, shown in (("hip", _("hip")), ("knee", _("knee")), ("ankle", pgettext("leg diagram", "ankle"))):
        d.add(_label(85, _Y[name] - 2.4, shown, size=6.3))


def _arrow(d: Drawing, link: Link) -> None:
    sx, sy = _point(link.source_side, link.source)
    tx, ty = _point(link.side, link.target)
    direction = 1.0 if ty > sy else -1.0
    if link.source_side is link.side:
        out = _OUTWARD[link.side]
        start = (sx + out * 13, sy + direction * 6)
        end = (tx + out * 13, ty - direction * 8)
        bulge = out * 26
        c1 = (start[0] + bulge, start[1] + (end[1] - start[1]) * 0.25)
        c2 = (end[0] + bulge, start[1] + (end[1] - start[1]) * 0.75)
    else:  # the other leg is the source: the arrow crosses between the legs
        across = 1.0 if tx > sx else -1.0
        start = (sx + across * 9, sy + direction * 6)
        end = (tx - across * 9, ty - direction * 8)
        c1 = (start[0] + across * 8, start[1] + (end[1] - start[1]) * 0.45)
        c2 = (end[0] - across * 8, start[1] + (end[1] - start[1]) * 0.55)
    path = Path(strokeColor=styles.LINK, strokeWidth=2.2, fillColor=None, strokeLineCap=1)
    path.moveTo(*start)
    path.curveTo(c1[0], c1[1], c2[0], c2[1], end[0], end[1])
    d.add(path)
    dx, dy = end[0] - c2[0], end[1] - c2[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    px, py = -uy, ux
    tip = (end[0] + ux * 3, end[1] + uy * 3)
    base = (tip[0] - ux * 9, tip[1] - uy * 9)
    d.add(Polygon([tip[0], tip[1], base[0] + px * 4.2, base[1] + py * 4.2, base[0] - px * 4.2,
                   base[1] - py * 4.2], fillColor=styles.LINK, strokeColor=styles.LINK, strokeWidth=0.5))


def _highlight(d: Drawing, link: Link) -> None:
    for joint, side, fill in ((link.source, link.source_side, _SOURCE_FILL), (link.target, link.side, styles.LINK)):
        x, y = _point(side, joint)
        d.add(Circle(x, y, 10.5, fillColor=None, strokeColor=styles.LINK, strokeWidth=1.0,
                     strokeDashArray=[2, 1.6]))
        d.add(Circle(x, y, 7.5, fillColor=fill, strokeColor=styles.LINK, strokeWidth=1.6))


class Figure(Drawing):  # type: ignore[misc]  # reportlab has no type information
    """A Drawing that `ImageAndFlowables` accepts beside text (it asks images for `_restrictSize`)."""

    def _restrictSize(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _unRestrictSize(self) -> None:
        return None


def legs_diagram(link: Link | None) -> Figure:
    """Both legs from the front; with a link, its two joints lit, each on its own side, and an arrow from
    source to target (across the midline when the other leg is the source)."""
    d = drawing(WIDTH, HEIGHT, Figure)
    assert isinstance(d, Figure)
    _skeleton(d)
    if link is not None and link.source is not link.target:
        _highlight(d, link)
        _arrow(d, link)
        _legend(d, _("source: {place}").format(place=source_place(link)),
                _("target: {place}").format(place=target_place(link)))
    else:
        d.add(_label(WIDTH / 2, 5.6, _("no knee–hip link supported"), size=6.6))
    d.add(_label(4, HEIGHT - 8, _("Front view"), size=6.3, anchor="start"))
    return d


def _legend(d: Drawing, source: str, target: str) -> None:
    """The key under the legs: source and target on one line, or one under the other when the words
    (German is longer) would run into each other or off the drawing."""
    size = 6.6
    source_end = 27 + stringWidth(source, fonts.REGULAR, size)
    target_x = max(96.0, source_end + 12)
    one_line = target_x + 7 + stringWidth(target, fonts.REGULAR, size) <= WIDTH - 2
    rows = ((20.0, 8.0, source, _SOURCE_FILL), (target_x, 8.0, target, styles.LINK)) if one_line else (
        (20.0, 16.0, source, _SOURCE_FILL), (20.0, 7.0, target, styles.LINK))
    for x, y, text, fill in rows:
        d.add(_legend_dot(x, y, fill))
        d.add(_label(x + 7, y - 2.4, text, size=size, anchor="start", color=styles.INK))


def _legend_dot(x: float, y: float, fill: colors.Color) -> Circle:
    return Circle(x, y, 3.6, fillColor=fill, strokeColor=styles.LINK, strokeWidth=1.0)
