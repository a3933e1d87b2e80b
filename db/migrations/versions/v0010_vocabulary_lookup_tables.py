"""Vocabulary lookup tables instead of CHECK lists: every exam-format vocabulary gets a table of its
words and labels (filled from the `forms` catalogues, here and whenever the program opens the
database: `db.vocabularies`), and every finding column a FOREIGN KEY to it. The columns keep their
names and their text words (now TEXT of any length); the database still refuses a word outside the
vocabulary, and adding a word (a special test) no longer needs a migration.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from kinelink.db import history_rules, vocabularies

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The lookup tables this revision makes (one per vocabulary), and the pairs of joint and word.
_LOOKUPS = (
    "activity", "document_kind", "gait", "grade", "injury_kind", "instrument", "joint", "link_decision", "location",
    "mechanism", "mode", "movement", "muscle_group", "pain_quality", "red_flag", "region", "sex", "side", "structure",
    "test_grade", "test_name", "test_result",
)
_PAIRS = {"vocab_joint_movement": ("movement", "vocab_movement"),
          "vocab_joint_muscle_group": ("muscle_group", "vocab_muscle_group")}

# table -> (column, lookup, its CHECK before this revision, its VARCHAR length before)
_COLUMNS: dict[str, tuple[tuple[str, str, str, int], ...]] = {
    "patients": (("sex", "sex", "sex", 7),),
    "injuries": (("region", "region", "region", 10), ("side", "side", "side", 5), ("kind", "injury_kind", "kind", 7)),
    "injury_structures": (("structure", "structure", "structure", 17),),
    "symptoms": (("region", "region", "region", 10), ("side", "side", "side", 5),
                 ("location", "location", "location", 9), ("radiates_to", "region", "radiates_to", 10),
                 ("quality", "pain_quality", "quality", 16)),
    "symptom_aggravating": (("activity", "activity", "activity", 19),),
    "gait_observations": (("gait", "gait", "gait", 21),),
    "red_flags": (("flag", "red_flag", "flag", 37),),
    "rom": (("joint", "joint", "joint", 4), ("movement", "movement", "movement", 17), ("side", "side", "side", 5),
            ("mode", "mode", "mode", 7)),
    "strength": (("joint", "joint", "joint", 4), ("muscle_group", "muscle_group", "muscle_group", 17),
                 ("side", "side", "side", 5), ("grade", "grade", "grade", 2)),
    "tests": (("test", "test_name", "test", 28), ("side", "side", "side", 5), ("result", "test_result", "result", 10),
              ("grade", "test_grade", "test_grade", 1)),
    "outcomes": (("instrument", "instrument", "instrument", 4),),
    "link_reviews": (("source", "joint", "source", 4), ("target", "joint", "target", 4),
                     ("mechanism", "mechanism", "mechanism", 12), ("side", "side", "side", 5),
                     ("source_side", "side", "source_side", 5), ("decision", "link_decision", "decision", 8)),
    "issued_documents": (("kind", "document_kind", "kind", 7),),
}
# the words of a pair of columns checked together (a knee has no abduction): table -> (columns, pair table, old CHECK)
_PAIRED = {"rom": (("joint", "movement"), "vocab_joint_movement", "movement_of_joint"),
           "strength": (("joint", "muscle_group"), "vocab_joint_muscle_group", "group_of_joint")}


def _clustered(table: str) -> dict[str, object]:
    return {} if table == "patients" else {"sqlite_with_rowid": False}


def _create_lookups() -> None:
    for name in _LOOKUPS:
        op.create_table(
            f"vocab_{name}",
            sa.Column("code", sa.Text(), nullable=False),
            sa.Column("label", sa.Text(), nullable=False),
            sa.PrimaryKeyConstraint("code", name=op.f(f"pk_vocab_{name}")),
            sqlite_with_rowid=False,
        )
    for table, (member, words) in _PAIRS.items():
        op.create_table(
            table,
            sa.Column("joint", sa.Text(), nullable=False),
            sa.Column(member, sa.Text(), nullable=False),
            sa.Column("label", sa.Text(), nullable=False),
            sa.ForeignKeyConstraint(["joint"], ["vocab_joint.code"], name=op.f(f"fk_{table}_joint_vocab_joint")),
            sa.ForeignKeyConstraint([member], [f"{words}.code"], name=op.f(f"fk_{table}_{member}_{words}")),
            sa.PrimaryKeyConstraint("joint", member, name=op.f(f"pk_{table}")),
            sqlite_with_rowid=False,
        )


def _fill() -> None:
    """The catalogue's words, and any other word a finding already holds (labelled by itself), so that
    no stored record is refused by its new key."""
    conn = op.get_bind()
    ours = {f"vocab_{n}" for n in _LOOKUPS} | set(_PAIRS)
    for table, rows in vocabularies.catalogue().items():
        if table.name in ours:
            conn.execute(table.insert(), [dict(zip([c.name for c in table.c], r, strict=True)) for r in rows])
    for name, columns in _COLUMNS.items():
        for column, lookup, _check, _length in columns:
            conn.execute(sa.text(
                f"INSERT INTO vocab_{lookup} (code, label) SELECT DISTINCT {column}, {column} FROM {name} "
                f"WHERE {column} IS NOT NULL AND {column} NOT IN (SELECT code FROM vocab_{lookup})"
            ))
    for name, ((joint, member), pairs, _check) in _PAIRED.items():
        conn.execute(sa.text(
            f"INSERT INTO {pairs} (joint, {member}, label) SELECT DISTINCT {joint}, {member}, {member} FROM {name} t "
            f"WHERE NOT EXISTS (SELECT 1 FROM {pairs} p WHERE p.joint = t.{joint} AND p.{member} = t.{member})"
        ))


def upgrade() -> None:
    _create_lookups()
    _fill()
    history_rules.drop_triggers(op.get_bind())  # SQLite's batch mode rebuilds the finding tables
    for table, columns in _COLUMNS.items():
        paired = _PAIRED.get(table)
        with op.batch_alter_table(table, schema=None, table_kwargs=_clustered(table)) as batch_op:
            if paired is not None:
                batch_op.drop_constraint(op.f(f"ck_{table}_{paired[2]}"), type_="check")
                batch_op.create_foreign_key(
                    op.f(f"fk_{table}_{'_'.join(paired[0])}_{paired[1]}"), paired[1], list(paired[0]),
                    ["joint", paired[0][1]],
                )
            for column, lookup, check, length in columns:
                batch_op.drop_constraint(op.f(f"ck_{table}_{check}"), type_="check")
                batch_op.alter_column(column, existing_type=sa.String(length), type_=sa.Text())
                if paired is None or column not in paired[0]:
                    batch_op.create_foreign_key(
                        op.f(f"fk_{table}_{column}_vocab_{lookup}"), f"vocab_{lookup}", [column], ["code"]
                    )
    history_rules.create_triggers(op.get_bind())


def _one_of(column: str, words: Sequence[str]) -> str:
    return " OR ".join(f"{column} = '{w}'" for w in words)


def downgrade() -> None:
    conn = op.get_bind()

    def words(lookup: str) -> list[str]:
        return [r[0] for r in conn.execute(sa.text(f"SELECT code FROM vocab_{lookup} ORDER BY code"))]

    history_rules.drop_triggers(conn)
    for table, columns in _COLUMNS.items():
        paired = _PAIRED.get(table)
        with op.batch_alter_table(table, schema=None, table_kwargs=_clustered(table)) as batch_op:
            for column, lookup, check, length in columns:
                if paired is None or column not in paired[0]:
                    batch_op.drop_constraint(op.f(f"fk_{table}_{column}_vocab_{lookup}"), type_="foreignkey")
                known = words(lookup)
                batch_op.alter_column(column, existing_type=sa.Text(),
                                      type_=sa.String(max([length, *map(len, known)])))
                batch_op.create_check_constraint(op.f(f"ck_{table}_{check}"), _one_of(column, known))
            if paired is not None:
                (joint, member), pairs, check = paired
                batch_op.drop_constraint(op.f(f"fk_{table}_{joint}_{member}_{pairs}"), type_="foreignkey")
                by_joint: dict[str, list[str]] = {}
                for j, w in conn.execute(sa.text(f"SELECT joint, {member} FROM {pairs} ORDER BY joint, {member}")):
                    by_joint.setdefault(j, []).append(w)
                batch_op.create_check_constraint(op.f(f"ck_{table}_{check}"), " OR ".join(
                    f"({joint} = '{j}' AND ({_one_of(member, ws)}))" for j, ws in by_joint.items()))
    history_rules.create_triggers(conn)
    for table in _PAIRS:
        op.drop_table(table)
    for name in _LOOKUPS:
        op.drop_table(f"vocab_{name}")
