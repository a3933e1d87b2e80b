"""Issuing a letter or summary is an audit entry of its own (`issue_document`), so the history
chain seals the signed version's new checksum (issued documents are part of the record).

Revision ID: 0008
Revises: 0007
"""



from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from kinelink.db import history_rules

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_ACTIONS = ("create_patient", "update_patient", "save_draft", "sign", "amend", "delete_draft", "import", "demo",
                "add_account", "disable_account", "keep_both",
                "merge_patients", "unmerge_patients", "archive_patient", "restore_patient")
_NEW_ACTIONS = ("issue_document",)


def _one_of(column: str, words: Sequence[str]) -> str:
    return " OR ".join(f"{column} = '{w}'" for w in words)


def _actions(words: Sequence[str]) -> sa.Enum:
    return sa.Enum(*words, name="action", native_enum=False, create_constraint=False)


def _change(old: Sequence[str], new: Sequence[str]) -> None:
    history_rules.drop_triggers(op.get_bind())  # SQLite's batch mode rebuilds audit_log
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_audit_log_action"), type_="check")
        batch_op.alter_column("action", existing_type=_actions(old), type_=_actions(new))
        batch_op.create_check_constraint(op.f("ck_audit_log_action"), _one_of("action", new))
    history_rules.create_triggers(op.get_bind())


def upgrade() -> None:
    _change(_OLD_ACTIONS, _OLD_ACTIONS + _NEW_ACTIONS)


def downgrade() -> None:
    _change(_OLD_ACTIONS + _NEW_ACTIONS, _OLD_ACTIONS)
