"""The database enforces history: append-only audit trail, immutable signed exam versions (triggers).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from kinelink.db import history_rules

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    history_rules.create_triggers(op.get_bind())


def downgrade() -> None:
    history_rules.drop_triggers(op.get_bind())
