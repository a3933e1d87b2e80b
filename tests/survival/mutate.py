"""Hostile exam files made from the fixtures: a seeded mutation corpus for the fuzz harness.

Each case is the text of a file: a fixture with one to three mutations at random places in its
JSON tree (a value replaced by something hostile, a key removed or added), or a whole-text
mutation (deep nesting, huge numbers, cut short, bytes flipped). The hostile values are the
crash classes the fault probe found, and their relatives.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parents[1] / "fixtures"
ESC = "\x1b"

HOSTILE: list[Any] = [
    [], [1, 2], {}, {"a": 1}, [[[]]], None, True, False, 0, -1, 1.5, 10**30, -(10**30), 2**1024,
    float("inf"), "", " ", "x" * 5000, "2023-W01-1", "2023-W01", "2023-001", "20230101", "2023-02-30",
    "9999-12-31", "0001-01-01", "+2023-01-01", "2023-1-1", "2023-01-01T00:00:00", "\ud800", "a\udfffb",
    f"{ESC}[2J{ESC}]0;pwned\x07", f"red{ESC}[31m", "\x00", "\u202e", "Łukasz Żółć", "Иван", "<&>\"'", "left ",
    "LEFT", "null", "NaN", "1e999",
]


def fixture_docs() -> list[dict[str, Any]]:
    files = sorted((FIXTURES / "exams").glob("*.json")) + sorted((FIXTURES / "other_leg").glob("*.json"))
    return [json.loads(f.read_text("utf-8")) for f in files]


def _slots(doc: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _slots(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _slots(value, (*path, i))


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for step in path[:-1]:
        doc = doc[step]
    return doc


def _hostile(rng: random.Random) -> Any:
    value = rng.choice(HOSTILE)
    if rng.random() < 0.1:
        value = [value]
    elif rng.random() < 0.1:
        value = {"x": value}
    return value


def mutate_tree(doc: dict[str, Any], rng: random.Random) -> Any:
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        paths = [p for p in _slots(doc) if p]
        if not paths:
            return _hostile(rng)
        path = rng.choice(paths)
        parent = _parent(doc, path)
        roll = rng.random()
        if roll < 0.75:
            parent[path[-1]] = _hostile(rng)
        elif roll < 0.85 and isinstance(parent, dict):
            del parent[path[-1]]
        elif roll < 0.95 and isinstance(parent, dict):
            parent[rng.choice(["extra", f"{ESC}[1mkey", "k" * 300, "\ud800"])] = _hostile(rng)
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))  # a repeated entry
    return doc


def _dumps(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=True, allow_nan=True)  # lone surrogates and inf reach the text as escapes


def mutate_text(text: str, rng: random.Random) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        depth = rng.choice([50, 989, 990, 5000, 100000])
        return text.replace('"notes"', f'"deep": {"[" * depth}{"]" * depth}, "notes"', 1)
    if kind == 1:
        digits = rng.choice([20, 309, 4300, 4301, 20000])
        at = rng.choice(['"degrees": ', '"version": ', '"pain_nprs": ', '"force_n": '])
        return text.replace(at, at + "9" * digits + ", \"_was\": ", 1) if at in text else text
    if kind == 2:
        return text[: rng.randrange(len(text))]
    if kind == 3:
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return data.decode("utf-8", "replace")
    if kind == 4:
        return text.replace('"2', '"2023-W0', 1)
    if kind == 5:
        return text.replace(': "', ': "\\ud800', 1)
    return text.replace('"degrees": ', '"degrees": 1e999, "_x": ', 1)


def cases(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    docs = fixture_docs()
    for _ in range(count):
        doc = rng.choice(docs)
        if rng.random() < 0.8:
            yield _dumps(mutate_tree(doc, rng))
        else:
            yield mutate_text(_dumps(doc), rng)
