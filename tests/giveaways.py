"""English words that give away an untranslated German text, and the check that finds them.

Only words that are not also German (or names German clinicians use as they are) are listed: "Test",
"Flexion", "Extension", "Sport", "Hop", "Trendelenburg", "Patient", "Tests", "LSI", "NPRS", "ADL", "passive" (a German
adjective too), "Red Flags" and "Score" (German physiotherapy uses them) and "links" (German: left)
are allowed. Text the user or the file wrote (names, notes, complaints) and published titles are the
callers' to leave out.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from kinelink.forms import examfile
from kinelink.forms.model import ExamRecord

from tests.conftest import FIXTURES

GIVEAWAYS = (
    "left", "right", "knee", "hip", "hips", "pain", "the", "and", "with", "worse", "than", "recorded",
    "injury", "surgery", "week", "weeks", "month", "months", "day", "days", "year", "years", "before",
    "began", "negative", "positive", "side", "measured", "graded", "not", "of", "for", "only", "gait",
    "walking", "thigh", "groin", "strength", "tested", "both", "measure", "lacks", "painful",
    "replacement", "spreading", "weak", "stiff", "reduced", "limp", "antalgic", "abductors", "extensors",
    "flexors", "may", "suggests", "consistent", "save", "sign", "signed", "cancel", "close", "open",
    "patients", "exam", "exams", "letter", "summary", "history", "date", "birth", "female",
    "male", "new", "delete", "edit", "merge", "keep", "none", "yes", "print", "file", "settings", "help",
    "search", "findings", "notes", "screened", "questionnaire", "total", "symptoms", "referral", "dear",
    "yours", "sincerely", "page", "key", "legend", "front", "back", "ankle", "lower", "clinician", "author",
    "issued", "add", "remove", "body", "chart",
    "range", "motion", "special", "outcome", "outcomes", "deficit", "deficits",
    "accepted", "rejected", "review", "next", "steps", "step", "stairs", "running", "squatting", "kneeling",
)
_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(GIVEAWAYS) + r")(?![\w-])", re.IGNORECASE)


def english_words(text: str) -> list[str]:
    """The giveaway words in `text`, in order."""
    return [m.group(0) for m in _PATTERN.finditer(text)]


def english_lines(text: str) -> list[str]:
    """Each line of `text` that holds a giveaway word, with the words found."""
    return [f"{line.strip()!r}: {words}" for line in text.splitlines() if (words := english_words(line))]


def german_record(today: dt.date | None = None, path: Path = FIXTURES / "exams" / "full_left_knee_to_hip.json"
                  ) -> ExamRecord:
    """An exam file (by default the full left-knee-to-hip fixture) with its free text (complaint, history,
    notes) in German, so that any English left in a German window or document is Kinelink's own."""
    data = json.loads(path.read_text(encoding="utf-8"))
    history = data["exam"]["history"]
    history.update(complaint="Schmerzen beim Treppensteigen", past_history="keine", medications="keine",
                   goals="wieder Fußball spielen")
    for injury in history.get("injuries") or []:
        injury["description"] = "Fußballverletzung"
    for entry in data["exam"].get("tests") or []:
        if entry.get("note"):
            entry["note"] = "Notiz"
    data["exam"]["notes"] = "Notiz"
    return examfile.from_dict(data) if today is None else examfile.from_dict(data, today=today)
