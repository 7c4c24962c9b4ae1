"""Achievements record their social benefit (funding form, 第十五条)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:06:48.071255
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('ledger_achievement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('social_benefit', sa.Text(), server_default='', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('ledger_achievement', schema=None) as batch_op:
        batch_op.drop_column('social_benefit')

