"""The lower-body chart as plain data: outline, zones, and what a zone means in the exam file.

Both the window's chart (desktop/editor/bodychart.py, QPainter) and the summary PDF's chart
(reports/bodychart.py, reportlab) draw from this module, so a zone is the same place on screen and
on paper. Coordinates are in view units: each view is `WIDTH` wide and `HEIGHT` tall, y downwards,
from the waist (y = 0) to the soles.

Mirror convention: the front view shows the patient as they face you, so the patient's right is on
the viewer's left; the back view shows the patient's left on the viewer's left. `SIDES` says which
side each half of a view is, and both renderers print R and L from it.

A zone is one (region, side, location) of the exam file's symptom. A symptom whose location has no
zone of its own (`diffuse`, not recorded, or a location that region has no zone for) marks every
zone of its region on that side.
"""

from __future__ import annotations

import enum
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kinelink.forms.formats import upper_first
from kinelink.forms.i18n import _, pgettext
from kinelink.forms.model import Symptom
from kinelink.forms.vocab import Location, PainQuality, Region, Side

WIDTH = 100.0
HEIGHT = 196.0
MIDLINE = WIDTH / 2

Point = tuple[float, float]


class View(enum.Enum):
    FRONT = "front"
    BACK = "back"

    @property
    def label(self) -> str:
        return pgettext("body view", "Front") if self is View.FRONT else pgettext("body view", "Back")


# (viewer's left half, viewer's right half) of each view: see the mirror convention above.
SIDES: dict[View, tuple[Side, Side]] = {
    View.FRONT: (Side.RIGHT, Side.LEFT),
    View.BACK: (Side.LEFT, Side.RIGHT),
}

# The viewer's-left half of the body, as (y, outer x, inner x) from the waist down to the ankle.
# Above the crotch (y 46) the inner edge is the midline; below it each leg has its own inner edge.
PROFILE: tuple[tuple[float, float, float], ...] = (
    (0.0, 30.0, 50.0),    # waist
    (14.0, 23.0, 50.0),   # iliac crest
    (30.0, 18.5, 50.0),   # greater trochanter: the widest
    (46.0, 19.0, 50.0),   # crotch
    (52.0, 20.0, 47.5),
    (72.0, 22.0, 46.5),
    (104.0, 25.5, 46.0),  # above the knee
    (120.0, 26.5, 46.5),  # knee joint line
    (136.0, 26.0, 46.0),  # below the knee
    (152.0, 26.0, 45.5),  # calf
    (176.0, 32.0, 44.0),
    (186.0, 32.5, 43.5),  # ankle
)
# The foot below the ankle, viewer's-left half, continuing the outer edge round to the inner one.
FOOT: tuple[Point, ...] = ((31.0, 191.0), (31.5, 196.0), (44.5, 196.0), (43.5, 190.0))


def _edges(y: float) -> tuple[float, float]:
    """(outer x, inner x) of the viewer's-left half at height y (linear between the profile's points)."""
    if y <= PROFILE[0][0]:
        return PROFILE[0][1], PROFILE[0][2]
    for (y0, o0, i0), (y1, o1, i1) in itertools.pairwise(PROFILE):
        if y <= y1:
            t = (y - y0) / (y1 - y0)
            return o0 + t * (o1 - o0), i0 + t * (i1 - i0)
    return PROFILE[-1][1], PROFILE[-1][2]


def _mirror(points: Iterable[Point]) -> tuple[Point, ...]:
    return tuple((WIDTH - x, y) for x, y in points)


def _outline() -> tuple[Point, ...]:
    down_outer = [(o, y) for y, o, _ in PROFILE]
    up_inner = [(i, y) for y, _, i in reversed(PROFILE) if y >= 46.0]
    half = [*down_outer, *FOOT, *up_inner]  # viewer's left: waist, outer edge, foot, inner edge to the crotch
    other = list(reversed(_mirror(half)))  # from the crotch down the other leg's inner edge and up its outer
    return tuple(half + other[1:])  # the crotch point once


# The body's outline, the same for both views (a closed polygon).
OUTLINE: tuple[Point, ...] = _outline()

def _ellipse(cx: float, cy: float, rx: float, ry: float, steps: int = 16) -> tuple[Point, ...]:
    return tuple((cx + rx * math.cos(2 * math.pi * k / steps), cy + ry * math.sin(2 * math.pi * k / steps))
                 for k in range(steps + 1))


def _across(frac0: float, frac1: float, y: float) -> tuple[Point, Point]:
    o, i = _edges(y)
    return (o + frac0 * (i - o), y), (o + frac1 * (i - o), y)


# Drawn lines that help the eye (no meaning): kneecaps in front; the buttocks' cleft and folds and the
# knee creases behind. Each is an open polyline.
_KNEECAP = _ellipse((_edges(118.0)[0] + _edges(118.0)[1]) / 2, 118.0, 4.5, 6.0)
_FOLD = (_across(0.25, 0.6, 53.0)[0], _across(0.25, 0.6, 53.0)[1], (47.0, 50.5))
_CREASE = _across(0.25, 0.75, 121.0)
DETAILS: dict[View, tuple[tuple[Point, ...], ...]] = {
    View.FRONT: (_KNEECAP, _mirror(_KNEECAP)),
    View.BACK: (((MIDLINE, 22.0), (MIDLINE, 46.0)), _FOLD, _mirror(_FOLD), _CREASE, _mirror(_CREASE)),
}


@dataclass(frozen=True, slots=True)
class Zone:
    key: str  # "front-right-knee-medial": unique, stable, for tests and accessibility ids
    view: View
    region: Region
    side: Side
    location: Location
    points: tuple[Point, ...]  # closed polygon, view units

    @property
    def label(self) -> str:
        """`Right knee, medial` (said by screen readers, shown in tooltips)."""
        return upper_first(_("{side} {region}").format(side=self.side.label, region=self.region.label)) + \
            f", {self.location.label}"

    @property
    def centre(self) -> Point:
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2

    def contains(self, x: float, y: float) -> bool:
        return _inside(self.points, x, y)


def _inside(points: Sequence[Point], x: float, y: float) -> bool:
    """Even-odd rule (the polygon's edges cross a ray to the right an odd number of times)."""
    inside = False
    j = len(points) - 1
    for i, (xi, yi) in enumerate(points):
        xj, yj = points[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


# Zones of one half of a view: (region, location, from, to across the leg (0 = outer edge, 1 = inner
# edge or midline), from y, to y). Front columns: lateral 0–0.3, anterior 0.3–0.68, medial/groin 0.68–1.
_ZONE_BANDS: dict[View, tuple[tuple[Region, Location, float, float, float, float], ...]] = {
    View.FRONT: (
        (Region.HIP, Location.LATERAL, 0.0, 0.3, 14.0, 46.0),
        (Region.HIP, Location.ANTERIOR, 0.3, 0.68, 14.0, 46.0),
        (Region.GROIN, Location.GROIN, 0.68, 1.0, 30.0, 58.0),
        (Region.THIGH, Location.LATERAL, 0.0, 0.3, 46.0, 104.0),
        (Region.THIGH, Location.ANTERIOR, 0.3, 0.68, 46.0, 104.0),
        (Region.THIGH, Location.MEDIAL, 0.68, 1.0, 58.0, 104.0),
        (Region.KNEE, Location.LATERAL, 0.0, 0.3, 104.0, 136.0),
        (Region.KNEE, Location.ANTERIOR, 0.3, 0.68, 104.0, 136.0),
        (Region.KNEE, Location.MEDIAL, 0.68, 1.0, 104.0, 136.0),
        (Region.ANKLE, Location.ANTERIOR, 0.0, 1.0, 170.0, 186.0),
    ),
    View.BACK: (
        (Region.LOWER_BACK, Location.POSTERIOR, 0.15, 1.0, 0.0, 14.0),
        (Region.HIP, Location.BUTTOCK, 0.1, 1.0, 14.0, 50.0),
        (Region.THIGH, Location.POSTERIOR, 0.0, 1.0, 54.0, 104.0),
        (Region.KNEE, Location.POSTERIOR, 0.0, 1.0, 104.0, 136.0),
        (Region.ANKLE, Location.POSTERIOR, 0.0, 1.0, 170.0, 186.0),
    ),
}


def _band(f0: float, f1: float, y0: float, y1: float, step: float = 2.0) -> tuple[Point, ...]:
    """A band across the viewer's-left leg, its long sides following the outline (sampled every `step`)."""
    n = max(1, round((y1 - y0) / step))
    ys = [y0 + (y1 - y0) * k / n for k in range(n + 1)]

    def at(frac: float, y: float) -> Point:
        o, i = _edges(y)
        return round(o + frac * (i - o), 2), y

    return tuple([at(f1, y) for y in ys] + [at(f0, y) for y in reversed(ys)])


def _zones() -> tuple[Zone, ...]:
    out: list[Zone] = []
    for view, bands in _ZONE_BANDS.items():
        for half, side in enumerate(SIDES[view]):
            for region, location, f0, f1, y0, y1 in bands:
                points = _band(f0, f1, y0, y1)
                out.append(Zone(f"{view.value}-{side.value}-{region.value}-{location.value}", view, region, side,
                                location, _mirror(points) if half else points))
    return tuple(out)


ZONES: tuple[Zone, ...] = _zones()
ZONE_BY_KEY: dict[str, Zone] = {z.key: z for z in ZONES}


def zone_at(view: View, x: float, y: float) -> Zone | None:
    """The zone under a point of a view (view units), or None."""
    return next((z for z in ZONES if z.view is view and z.contains(x, y)), None)


def zones_for(region: Region, side: Side, location: Location | None) -> tuple[Zone, ...]:
    """The zones a symptom marks: its own zone, or every zone of its region on that side when its
    location has none (diffuse, not recorded, or not a place of that region)."""
    exact = tuple(z for z in ZONES if (z.region, z.side, z.location) == (region, side, location))
    return exact or tuple(z for z in ZONES if (z.region, z.side) == (region, side))


def zone_of(symptom: Symptom) -> Zone | None:
    """The one zone that is exactly this symptom's place, if there is one."""
    return next((z for z in ZONES if (z.region, z.side, z.location) ==
                 (symptom.region, symptom.side, symptom.location)), None)


@dataclass(frozen=True, slots=True)
class Mark:
    """What the chart shows on one zone: the worst pain recorded there and its qualities."""

    nprs: int | None  # None: marked, pain not rated
    qualities: tuple[PainQuality, ...]
    exact: bool  # True: a symptom named this very zone (not only its region, diffusely)


def marks(symptoms: Iterable[Symptom]) -> dict[str, Mark]:
    """Zone key → mark, for the zones the symptoms mark; the worst NPRS wins where several meet."""
    out: dict[str, Mark] = {}
    for s in symptoms:
        exact = zone_of(s) is not None
        for z in zones_for(s.region, s.side, s.location):
            old = out.get(z.key)
            rated = [n for n in (old.nprs if old else None, s.pain_nprs) if n is not None]
            qualities = tuple(dict.fromkeys([*(old.qualities if old else ()),
                                             *((s.quality,) if s.quality else ())]))
            out[z.key] = Mark(max(rated) if rated else None, qualities, exact or (old.exact if old else False))
    return out


# Shades of a marked zone by pain, 0–10: ColorBrewer's YlOrRd sequential scheme (Brewer,
# colorbrewer2.org), stretched to eleven steps. Darker means worse, also in grey print.
NPRS_SHADES: tuple[str, ...] = (
    "#ffffcc", "#fff0a8", "#fee187", "#fec965", "#feab4b", "#fd8c3c",
    "#fc5f2e", "#f03523", "#d41020", "#b00026", "#800026",
)
NOT_RATED_SHADE = "#b9c3cf"  # marked, no NPRS recorded
BODY_FILL = "#f4f6f8"
OUTLINE_COLOUR = "#44505c"
ZONE_EDGE = "#c5ccd4"


def shade(nprs: int | None) -> str:
    return NOT_RATED_SHADE if nprs is None else NPRS_SHADES[max(0, min(10, nprs))]


def ink_on(nprs: int | None) -> str:
    """Text colour readable on `shade(nprs)`."""
    return "#ffffff" if nprs is not None and nprs >= 7 else "#1a1f24"
