"""The vocabulary lookup tables, filled from the `forms` catalogues.

Every exam-format vocabulary has a table of its words (`vocab_test_name`: `lachman`, "Lachman"),
and every finding column has a FOREIGN KEY to it (`db.schema`). The words and their labels are
the catalogues' (`forms.special_tests`, `forms.redflags`, `forms.norms`, `forms.muscles`,
`forms.vocab`); this module copies them into the tables when a database is created or migrated
(migration 0010) and whenever a program opens it with write access (`db.database`): a word added
to a catalogue is added to its table, a label changed there is changed here. Nothing is removed:
a word that stored findings hold keeps them readable, and the key would refuse the deletion anyway.

So adding a special test is one entry in `forms/` (its word and its catalogue row); no migration.
"""

from __future__ import annotations

from collections.abc import Iterator

from kinelink.db.schema import JOINT_MOVEMENTS, JOINT_MUSCLE_GROUPS, LOOKUP_TABLES
from kinelink.forms.formats import upper_first
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.redflags import RED_FLAGS
from kinelink.forms.vocab import RedFlag, Vocab
from sqlalchemy import Connection, Table, select

Row = tuple[str, ...]  # the key's words, then the label


def _label(word: Vocab) -> str:
    """The catalogue's English name for the word: stored labels never follow the language of whoever
    opened the file last (that rewrote them on every switch)."""
    if isinstance(word, RedFlag):
        return RED_FLAGS[word].label
    return word.english_label


def catalogue() -> dict[Table, list[Row]]:
    """What every lookup table must hold, in the order the tables are filled (words before pairs)."""
    out: dict[Table, list[Row]] = {}
    for vocabulary, table in LOOKUP_TABLES.items():
        out[table] = [(str(w.value), _label(w)) for w in vocabulary]
    out[JOINT_MOVEMENTS] = [(j.value, m.value, norm.label) for (j, m), norm in ROM_NORMS.items()]
    out[JOINT_MUSCLE_GROUPS] = [(j.value, g.value, upper_first(info.english_label))
                                  for (j, g), info in MUSCLE_GROUPS.items()]
    return out


def _stored(conn: Connection, table: Table) -> dict[Row, str]:
    return {tuple(r[:-1]): r[-1] for r in conn.execute(select(*table.c))}


def differences(conn: Connection) -> Iterator[tuple[Table, list[Row], list[Row]]]:
    """(table, rows to add, rows to relabel) for every table whose content differs from the catalogue."""
    for table, rows in catalogue().items():
        stored = _stored(conn, table)
        added = [r for r in rows if r[:-1] not in stored]
        relabelled = [r for r in rows if r[:-1] in stored and stored[r[:-1]] != r[-1]]
        if added or relabelled:
            yield table, added, relabelled


def synchronise(conn: Connection) -> int:
    """Bring every lookup table up to the catalogue, in the caller's transaction; the rows changed."""
    changed = 0
    for table, added, relabelled in list(differences(conn)):
        names = [c.name for c in table.c]
        if added:
            conn.execute(table.insert(), [dict(zip(names, r, strict=True)) for r in added])
        for r in relabelled:
            key = [table.c[n] == v for n, v in zip(names[:-1], r[:-1], strict=True)]
            conn.execute(table.update().where(*key).values(label=r[-1]))
        changed += len(added) + len(relabelled)
    return changed
