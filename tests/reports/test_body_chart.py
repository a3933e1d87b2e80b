"""The body chart in the summary PDF: read back with pdfplumber, and rasterised with pdftoppm."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from kinelink.forms import bodychart as bc
from kinelink.forms import examfile
from kinelink.forms.model import ExamRecord
from kinelink.reports.bodychart import _points, body_chart
from PIL import Image

from tests.reports.documents import summary_pdf
from tests.reports.test_layout import overlaps

pdfplumber = pytest.importorskip("pdfplumber")

FILE = Path(__file__).parent.parent / "fixtures" / "bodychart" / "symptoms.json"
TODAY = dt.date(2026, 11, 25)


def _record() -> ExamRecord:
    return examfile.load(FILE, today=TODAY)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def _chart_page(pdf: bytes) -> tuple[list[str], list[dict[str, object]], float]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        words = [w["text"] for w in page.extract_words()]
        fills = [c for c in page.objects.get("curve", []) if c.get("fill")]
        return words, fills, float(page.height)


def test_the_summary_draws_the_chart_with_its_labels_and_key() -> None:
    pdf = summary_pdf(_record())
    words, fills, _ = _chart_page(pdf)
    text = " ".join(words)
    for label in ("Front", "Back", "Pain", "not rated", "whole region (diffuse)", "Where it hurts", "Quality",
                  "Right knee, medial 7/10 sharp", "Left hip, buttock 4/10 ache",
                  "Right groin, groin not rated pins and needles", "Left thigh, diffuse 2/10 burning"):
        assert label in text, label
    assert words.count("R") == 2 and words.count("L") == 2  # each view labels both legs
    assert " ".join(str(n) for n in range(11)) in text  # the pain scale
    # one shaded polygon per marked zone (8) and the two bodies: the worst pain's colour is there
    colours = [tuple(round(v * 255) for v in c["non_stroking_color"]) for c in fills]  # type: ignore[union-attr]
    assert colours.count(_rgb(bc.shade(7))) == 1 and colours.count(_rgb(bc.shade(10))) == 1
    assert colours.count(_rgb(bc.shade(2))) == 4  # the diffuse left thigh: all four thigh zones
    assert colours.count(_rgb(bc.NOT_RATED_SHADE)) == 1
    assert overlaps(pdf) == []


def test_without_symptoms_there_is_no_chart() -> None:
    record = _record()
    bare = dataclasses.replace(record, exam=dataclasses.replace(
        record.exam, history=dataclasses.replace(record.exam.history, symptoms=())))
    words, fills, _ = _chart_page(summary_pdf(bare))
    assert "Front" not in words and "Where it hurts" not in " ".join(words) and fills == []


def test_the_zone_of_each_symptom_is_where_the_window_puts_it() -> None:
    """The PDF's polygons are the forms zones, drawn at the chart's scale: the right medial knee is
    in the front view's left leg, towards the middle."""
    chart = body_chart(_record().exam.history.symptoms)
    filled = {tuple(p.points): p.fillColor.hexval() for p in chart.contents
              if type(p).__name__ == "Polygon" and p.fillColor is not None}
    zone = bc.ZONE_BY_KEY["front-right-knee-medial"]
    assert filled[tuple(_points(zone.view, zone.points))].lower() == "0x" + bc.shade(7)[1:]
    xs = _points(zone.view, zone.points)[0::2]
    assert max(xs) < bc.MIDLINE * 0.78 and min(xs) > bc.WIDTH * 0.78 * 0.25  # left leg, inner half


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_the_chart_is_painted_on_the_page(tmp_path: Path) -> None:
    """Rasterised as a reader sees it: inside the knee zone the page has the zone's shade."""
    pdf = summary_pdf(_record())
    (tmp_path / "s.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "144", "-f", "1", "-l", "1", str(tmp_path / "s.pdf"),
                    str(tmp_path / "page")], check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    _, fills, _ = _chart_page(pdf)
    found = 0
    for colour in (bc.shade(7), bc.shade(10), bc.shade(4)):
        box = next(c for c in fills
                   if tuple(round(v * 255) for v in c["non_stroking_color"]) == _rgb(colour))  # type: ignore[union-attr]
        x = (float(box["x0"]) + float(box["x1"])) / 2  # type: ignore[arg-type]
        y = float(box["top"]) + (float(box["bottom"]) - float(box["top"])) * 0.25  # type: ignore[arg-type]
        r, g, b = image.getpixel((round(2 * x), round(2 * y)))  # type: ignore[misc]
        expected = _rgb(colour)
        assert max(abs(r - expected[0]), abs(g - expected[1]), abs(b - expected[2])) <= 12, colour
        found += 1
    assert found == 3
