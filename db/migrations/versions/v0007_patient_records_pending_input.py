"""Patient records and pending input: archived and merged patients (never deleted), the exams a
merge moved, text typed into fields that is not valid yet, and amendments being written.

Revision ID: 0007
Revises: 0006
"""

# ruff: noqa: E501  (long CHECK texts kept on one line, as Alembic writes them)

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from kinelink.db import history_rules

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_ACTIONS = ("create_patient", "update_patient", "save_draft", "sign", "amend", "delete_draft", "import", "demo",
                "add_account", "disable_account", "keep_both")
_NEW_ACTIONS = ("merge_patients", "unmerge_patients", "archive_patient", "restore_patient")


def _one_of(column: str, words: Sequence[str]) -> str:
    return " OR ".join(f"{column} = '{w}'" for w in words)


def _actions(words: Sequence[str]) -> sa.Enum:
    return sa.Enum(*words, name="action", native_enum=False, create_constraint=False)


def upgrade() -> None:
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_patients_merged_into_patients"), "patients", ["merged_into"], ["id"], ondelete="RESTRICT"
        )
    with op.batch_alter_table("exams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("moved_from", sa.Integer(), nullable=True))
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_log_action"), type_="check")
        batch_op.alter_column("action", existing_type=_actions(_OLD_ACTIONS), type_=_actions(_OLD_ACTIONS + _NEW_ACTIONS))
        batch_op.create_check_constraint(op.f("ck_audit_log_action"), _one_of("action", _OLD_ACTIONS + _NEW_ACTIONS))
    op.create_table(
        "pending_input",
        sa.Column("exam_id", sa.Text(), nullable=False),
        sa.Column("invalid", sa.Text(), nullable=False),
        sa.Column("amendment", sa.Text(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exams.id"], name=op.f("fk_pending_input_exam_id_exams"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("exam_id", name=op.f("pk_pending_input")),
    )
    history_rules.create_triggers(op.get_bind())  # SQLite's batch mode rebuilt audit_log, dropping its guards


def downgrade() -> None:
    op.drop_table("pending_input")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_log_action"), type_="check")
        batch_op.alter_column("action", existing_type=_actions(_OLD_ACTIONS + _NEW_ACTIONS), type_=_actions(_OLD_ACTIONS))
        batch_op.create_check_constraint(op.f("ck_audit_log_action"), _one_of("action", _OLD_ACTIONS))
    # a plain DROP COLUMN: rebuilding `exams` (batch mode) would break the triggers that name it
    op.execute("ALTER TABLE exams DROP COLUMN moved_from")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_patients_merged_into_patients"), type_="foreignkey")
        batch_op.drop_column("merged_into")
        batch_op.drop_column("archived_at")
    history_rules.create_triggers(op.get_bind())  # audit_log was rebuilt again
