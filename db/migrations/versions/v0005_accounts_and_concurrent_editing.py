"""Accounts (argon2id), row versions for optimistic locking, editing leases per holder and machine,
the audit words for accounts and kept copies.

Revision ID: 0005
Revises: 0004

The editing markers are re-created empty: an old marker named no person or machine, so it could
not be given back to the right one (the draft it pointed at stays saved and listed).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from kinelink.db import history_rules

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_ACTIONS = ("create_patient", "update_patient", "save_draft", "sign", "amend", "delete_draft", "import", "demo")
NEW_ACTIONS = (*OLD_ACTIONS, "add_account", "disable_account", "keep_both")


def _one_of(column: str, words: Sequence[str]) -> str:
    return " OR ".join(f"{column} = '{w}'" for w in words)


def _actions(words: Sequence[str]) -> None:
    with op.batch_alter_table("audit_log", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_audit_log_action"), type_="check")
        batch.alter_column("action", type_=sa.Enum(*words, name="action", native_enum=False),
                           existing_nullable=False)
        batch.create_check_constraint("action", _one_of("action", words))


def upgrade() -> None:
    bind = op.get_bind()
    history_rules.drop_triggers(bind)  # SQLite's batch mode copies tables, which drops their triggers
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.String().with_variant(sa.String(collation="C"), "postgresql"), nullable=False),
        sa.Column("role", sa.Enum("clinician", "admin", "reader", name="role", native_enum=False), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(create_constraint=True, name="disabled"), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.Text(), nullable=False),
        sa.CheckConstraint("trim(name) <> ''", name=op.f("ck_accounts_name_not_empty")),
        sa.CheckConstraint(_one_of("role", ("clinician", "admin", "reader")), name=op.f("ck_accounts_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("name", name=op.f("uq_accounts_name")),
        sa.UniqueConstraint("name_key", name=op.f("uq_accounts_name_key")),
    )
    for table in ("patients", "exams"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("row_version", sa.Integer(), server_default="1", nullable=False))
            batch.add_column(sa.Column("updated_by", sa.Text(), nullable=True))
    op.drop_table("editing_markers")
    op.create_table(
        "editing_markers",
        sa.Column("exam_id", sa.Text(), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("machine", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_editing_markers_exam_id_exams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("exam_id", "holder", "machine", name=op.f("pk_editing_markers")),
    )
    _actions(NEW_ACTIONS)
    history_rules.create_triggers(bind)


def downgrade() -> None:
    bind = op.get_bind()
    history_rules.drop_triggers(bind)
    _actions(OLD_ACTIONS)  # fails if the trail already holds the new words: history is not rewritten
    op.drop_table("editing_markers")
    op.create_table(
        "editing_markers",
        sa.Column("exam_id", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exam_id"], ["exams.id"], name=op.f("fk_editing_markers_exam_id_exams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("exam_id", name=op.f("pk_editing_markers")),
    )
    for table in ("patients", "exams"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("updated_by")
            batch.drop_column("row_version")
    op.drop_table("accounts")
    history_rules.create_triggers(bind)
