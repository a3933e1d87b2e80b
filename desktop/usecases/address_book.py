"""The letter recipients the clinician has written to, remembered in a user-only file.

A JSON list beside the settings (0600 in a 0700 folder), newest first; a recipient written to
again moves to the top. A damaged file reads as an empty book and is replaced on the next save,
never raising: the address book is a convenience, not part of the record (the issued letter
keeps its recipient with the exam).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from kinelink.desktop import paths
from kinelink.forms.letters.recipients import Recipient

LIMIT = 200  # recipients kept
_FIELDS = ("name", "role", "organisation", "address")


def book_file() -> Path:
    return paths.settings_file().with_name("address_book.json")


def load(path: Path | None = None) -> list[Recipient]:
    try:
        doc = json.loads((path or book_file()).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(doc, list):
        return []
    out = []
    for entry in doc:
        if isinstance(entry, dict) and all(isinstance(entry.get(k, ""), str) for k in _FIELDS):
            out.append(Recipient(**{k: entry.get(k, "") for k in _FIELDS}))
    return out


def remember(recipient: Recipient, path: Path | None = None) -> list[Recipient]:
    """Put `recipient` at the top of the book (replacing an entry with the same name and organisation)."""
    path = path or book_file()
    same = (recipient.name.strip(), recipient.organisation.strip())
    book = [r for r in load(path) if (r.name.strip(), r.organisation.strip()) != same]
    book = [recipient, *book][:LIMIT]
    paths.private_dir(path.parent)
    text = json.dumps([{k: getattr(r, k) for k in _FIELDS} for r in book], indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(prefix=".address-book-", suffix=".json", dir=path.parent)  # created 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return book
