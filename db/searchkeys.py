"""Search keys: names folded so that accents and case do not matter.

"Żółć" and "zolc", "Nguyễn" and "nguyen", "ИВАН" and "иван" fold to the same
key. Scripts are never transliterated ("ivan" does not find "Иван"): that
would need a language guess, and a wrong guess finds the wrong patient.

Keys are stored beside the names (`patients.sort_key`, `patient_search_terms`)
and matched by prefix with an index range, so a search never scans the table.
"""

from __future__ import annotations

import itertools
import re
import unicodedata

# Letters that carry their "accent" inside the letter itself, so Unicode
# decomposition does not strip it. Applied after casefolding.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "ŧ": "t",
        "ƀ": "b",
        "ɨ": "i",
        "ƚ": "l",
        "ʉ": "u",
        "ŋ": "n",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ĳ": "ij",
        "ſ": "s",
        "ß": "ss",
        "ـ": "",  # Arabic tatweel: a stretching stroke, not a letter
    }
)

_SPLIT = re.compile(r"[\s,;]+")


def fold(text: str) -> str:
    """Case- and accent-free form of `text`: casefold, decompose, drop marks, map ł→l, ø→o ..."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return unicodedata.normalize("NFC", bare.translate(_LETTERS))


def _alnum(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def name_terms(*names: str) -> set[str]:
    """The words a patient can be found by: every word of the names, folded.

    A word joined by punctuation is indexed whole and in parts, so
    "O'Brien" is found by "obrien" and "brien", "Kowalska-Nowak" by "nowak".
    """
    terms: set[str] = set()
    for name in names:
        for chunk in _SPLIT.split(fold(name)):
            whole = _alnum(chunk)
            if whole:
                terms.add(whole)
            terms.update(part for part in re.split(r"[^\w]+|_", chunk) if part)
    return terms


def query_terms(text: str) -> list[str]:
    """The words of a search, folded like `name_terms` (each must prefix one of the patient's)."""
    seen: list[str] = []
    for chunk in _SPLIT.split(fold(text)):
        word = _alnum(chunk)
        if word and word not in seen:
            seen.append(word)
    return seen


def unimplied(words: list[str]) -> list[str]:
    """The words of a search (distinct, as `query_terms` gives them) less those that start another of
    them: a name word starting with "smith" starts with "s", so "smith s" asks what "smith" asks."""
    ordered = sorted(words)  # a word that starts others sorts just before one of them
    implied = {word for word, after in itertools.pairwise(ordered) if after.startswith(word)}
    return [word for word in words if word not in implied]


def sort_key(family_name: str, given_name: str) -> str:
    """Order of the patient list: family name, then given name, accents ignored."""
    return f"{' '.join(query_terms(family_name))}\t{' '.join(query_terms(given_name))}"


def record_key(record_number: str | None) -> str | None:
    """Record numbers match case-insensitively, by prefix, with outer spaces ignored."""
    if record_number is None:
        return None
    key = unicodedata.normalize("NFKC", record_number).strip().casefold()
    return key or None


def prefix_range(prefix: str) -> tuple[str, str]:
    """(low, high) such that `low <= key < high` holds exactly for keys starting with `prefix`
    under binary (code point) ordering, which an ordinary index can answer without a scan."""
    return prefix, prefix + "\U0010ffff"



# Longest prefix kept in `patient_search_keys`: a longer word is looked up by its first
# KEY_PREFIX characters and then checked whole (against `patient_search_terms` or `record_key`).
KEY_PREFIX = 12


def name_key(word: str) -> str:
    """The search key of a folded name word (or its first `KEY_PREFIX` characters)."""
    return "n:" + word[:KEY_PREFIX]


def record_prefix_key(record: str) -> str:
    """The search key of a folded record-number prefix (or its first `KEY_PREFIX` characters)."""
    return "r:" + record[:KEY_PREFIX]


def search_keys(family_name: str, given_name: str, record_number: str | None) -> set[str]:
    """Every key a patient is found by: each prefix (1 to `KEY_PREFIX` characters) of each folded
    name word, and of the folded record number. A search word is then one equality lookup."""
    keys = {name_key(term[:n]) for term in name_terms(family_name, given_name)
            for n in range(1, min(len(term), KEY_PREFIX) + 1)}
    record = record_key(record_number)
    if record:
        keys.update(record_prefix_key(record[:n]) for n in range(1, min(len(record), KEY_PREFIX) + 1))
    return keys
