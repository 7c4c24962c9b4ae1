"""Longer research direction and honours

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:13:32.792743
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.alter_column('honour',
               existing_type=sa.VARCHAR(length=40),
               type_=sa.String(length=200),
               existing_nullable=False)

    with op.batch_alter_table('studio', schema=None) as batch_op:
        batch_op.alter_column('direction',
               existing_type=sa.VARCHAR(length=20),
               type_=sa.String(length=30),
               existing_nullable=False)



def downgrade() -> None:
    with op.batch_alter_table('studio', schema=None) as batch_op:
        batch_op.alter_column('direction',
               existing_type=sa.String(length=30),
               type_=sa.VARCHAR(length=20),
               existing_nullable=False)

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.alter_column('honour',
               existing_type=sa.String(length=200),
               type_=sa.VARCHAR(length=40),
               existing_nullable=False)

