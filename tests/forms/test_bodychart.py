"""The body chart's zones as data (forms/bodychart.py): the whole catalogue swept."""

from __future__ import annotations

from kinelink.forms import bodychart as bc
from kinelink.forms.model import Symptom
from kinelink.forms.vocab import Location, PainQuality, Region, Side


def test_zones_are_unique_inside_the_body_and_never_overlap() -> None:
    assert len(bc.ZONE_BY_KEY) == len(bc.ZONES)
    places = [(z.region, z.side, z.location) for z in bc.ZONES]
    assert len(set(places)) == len(places)  # one zone per place: a click means one symptom
    for zone in bc.ZONES:
        assert zone.contains(*zone.centre) and bc.zone_at(zone.view, *zone.centre) is zone, zone.key
        assert all(0 <= x <= bc.WIDTH and 0 <= y <= bc.HEIGHT for x, y in zone.points)
    for view in bc.View:
        for gx in range(0, 101, 2):
            for gy in range(0, 197, 2):
                hits = [z.key for z in bc.ZONES if z.view is view and z.contains(gx + 0.5, gy + 0.5)]
                assert len(hits) <= 1, hits
                if hits:
                    assert bc._inside(bc.OUTLINE, gx + 0.5, gy + 0.5), hits


def test_every_region_on_both_sides_and_every_place_word_but_diffuse_has_a_zone() -> None:
    for region in Region:
        for side in Side:
            assert any((z.region, z.side) == (region, side) for z in bc.ZONES), (region, side)
    assert {z.location for z in bc.ZONES} == set(Location) - {Location.DIFFUSE}


def test_the_mirror_convention() -> None:
    """Front: the patient's right on the viewer's left; back: the patient's left on the viewer's left."""
    for zone in bc.ZONES:
        on_viewers_left = zone.centre[0] < bc.MIDLINE
        assert (zone.side is bc.SIDES[zone.view][0]) == on_viewers_left, zone.key
    assert bc.SIDES[bc.View.FRONT] == (Side.RIGHT, Side.LEFT)
    medial = bc.ZONE_BY_KEY["front-right-knee-medial"]
    lateral = bc.ZONE_BY_KEY["front-right-knee-lateral"]
    assert lateral.centre[0] < medial.centre[0] < bc.MIDLINE  # medial is towards the midline


def test_marks_take_the_worst_pain_and_a_placeless_symptom_marks_its_whole_region() -> None:
    marks = bc.marks([
        Symptom(Region.KNEE, Side.LEFT, Location.MEDIAL, pain_nprs=3, quality=PainQuality.ACHE),
        Symptom(Region.KNEE, Side.LEFT, None, pain_nprs=6, quality=PainQuality.SHARP),
        Symptom(Region.ANKLE, Side.RIGHT, Location.GROIN),  # no groin zone on the ankle: the whole ankle
    ])
    knee = {z.key for z in bc.ZONES if (z.region, z.side) == (Region.KNEE, Side.LEFT)}
    ankle = {z.key for z in bc.ZONES if (z.region, z.side) == (Region.ANKLE, Side.RIGHT)}
    assert set(marks) == knee | ankle
    assert marks["front-left-knee-medial"] == bc.Mark(6, (PainQuality.ACHE, PainQuality.SHARP), True)
    assert marks["back-left-knee-posterior"] == bc.Mark(6, (PainQuality.SHARP,), False)
    assert all(marks[k] == bc.Mark(None, (), False) for k in ankle)
    assert bc.shade(None) == bc.NOT_RATED_SHADE and len(bc.NPRS_SHADES) == 11
    assert len(set(bc.NPRS_SHADES)) == 11
