"""Search keys: every prefix of a patient's folded name words and record number beside the
patient's sort key (`patient_search_keys`), so a search reads its matches in list order and stops
at its limit (a one-letter search at 100,000 patients read 10,000 rows to show 200).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from kinelink.db import searchkeys

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEY = sa.String().with_variant(sa.String(collation="C"), "postgresql")
_BATCH = 2000  # patients per insert


def upgrade() -> None:
    keys = op.create_table(
        "patient_search_keys",
        sa.Column("key", _KEY, nullable=False),
        sa.Column("sort_key", _KEY, nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["patients.id"],
            name=op.f("fk_patient_search_keys_patient_id_patients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "sort_key", "patient_id", name=op.f("pk_patient_search_keys")),
        sqlite_with_rowid=False,
    )
    assert keys is not None
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:  # ~20 keys per patient land all over the new index: keep it in memory meanwhile
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        conn.exec_driver_sql("PRAGMA cache_size = -131072")  # 128 MiB, this connection only
    patients = conn.execute(sa.text(
        "SELECT id, family_name, given_name, record_number, sort_key FROM patients ORDER BY id")).fetchall()
    for start in range(0, len(patients), _BATCH):
        rows = [
            {"key": key, "sort_key": order, "patient_id": pid}
            for pid, family, given, record, order in patients[start:start + _BATCH]
            for key in sorted(searchkeys.search_keys(family, given, record))
        ]
        if rows:
            conn.execute(sa.insert(keys), rows)
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
    with op.batch_alter_table("patient_search_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_search_keys_patient_id"), ["patient_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("patient_search_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_search_keys_patient_id"))
    op.drop_table("patient_search_keys")
