"""Taking over a draft is an audit entry of its own (`take_over`): on a database with accounts, an
exam stored by `kinelink import` was started under a name that is no account, so nobody could sign
it; a clinician now takes it over explicitly, and the audit trail names the account that did.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from kinelink.db import history_rules

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_ACTIONS = ("create_patient", "update_patient", "save_draft", "sign", "amend", "delete_draft", "import", "demo",
                "add_account", "disable_account", "keep_both",
                "merge_patients", "unmerge_patients", "archive_patient", "restore_patient", "issue_document")
_NEW_ACTIONS = ("take_over",)


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
