"""The registry: organisations, people, users, audit, studios and their lifecycle

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 08:41:48.508979
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cert_sequence',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year')
    )
    op.create_table('doc_sequence',
    sa.Column('series', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('series', 'year')
    )
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('host_unit', sa.String(length=80), nullable=False),
    sa.Column('sector_kind', sa.String(length=8), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('contact', sa.String(length=20), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', name='uq_organisation_name')
    )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_parent_id'), ['parent_id'], unique=False)

    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=40), nullable=False),
    sa.Column('display_name', sa.String(length=40), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username', name='uq_user_username')
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_app_user_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=20), nullable=False),
    sa.Column('gender', sa.String(length=2), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('honour', sa.String(length=40), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_unit_id'), ['unit_id'], unique=False)

    op.create_table('studio',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('direction', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=4), nullable=False),
    sa.Column('innovation_kind', sa.String(length=8), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('unit_union_id', sa.Integer(), nullable=False),
    sa.Column('sector_union_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('named_on', sa.Date(), nullable=True),
    sa.Column('retired_leader_consent_on', sa.Date(), nullable=True),
    sa.Column('retired_leader_consent_note', sa.String(length=200), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['leader_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['sector_union_id'], ['organisation.id'], ),
    sa.ForeignKeyConstraint(['unit_union_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', name='uq_studio_name')
    )
    with op.batch_alter_table('studio', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_studio_sector_union_id'), ['sector_union_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_studio_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_studio_unit_union_id'), ['unit_union_id'], unique=False)

    op.create_table('application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.Column('created', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_studio_id'), ['studio_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_year'), ['year'], unique=False)

    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=40), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.String(length=20), nullable=False),
    sa.Column('after', sa.String(length=20), nullable=False),
    sa.Column('article', sa.String(length=12), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_studio_id'), ['studio_id'], unique=False)

    op.create_table('funding_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('requested', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('proposed', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('granted', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('funding_application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_application_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_funding_application_studio_id'), ['studio_id'], unique=False)

    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('cycle', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('results', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('studio_id', 'cycle', name='uq_inspection_cycle')
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_studio_id'), ['studio_id'], unique=False)

    op.create_table('ledger_achievement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('economic_benefit', sa.Numeric(precision=12, scale=2), nullable=True),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledger_achievement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_achievement_studio_id'), ['studio_id'], unique=False)

    op.create_table('ledger_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledger_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_activity_studio_id'), ['studio_id'], unique=False)

    op.create_table('ledger_fund_usage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('item', sa.String(length=80), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledger_fund_usage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_fund_usage_studio_id'), ['studio_id'], unique=False)

    op.create_table('ledger_member_development',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('person_name', sa.String(length=20), nullable=False),
    sa.Column('event', sa.String(length=80), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ledger_member_development', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ledger_member_development_studio_id'), ['studio_id'], unique=False)

    op.create_table('studio_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('speciality', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('studio_id', 'person_id', name='uq_member')
    )
    with op.batch_alter_table('studio_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_studio_member_studio_id'), ['studio_id'], unique=False)

    op.create_table('subsidy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('granted_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('studio_id', name='uq_subsidy_studio')
    )
    op.create_table('yearly_filing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=False),
    sa.Column('self_inspection', sa.Text(), nullable=False),
    sa.Column('evaluation', sa.Text(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('studio_id', 'year', name='uq_filing_studio_year')
    )
    with op.batch_alter_table('yearly_filing', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_yearly_filing_studio_id'), ['studio_id'], unique=False)

    op.create_table('certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('serial', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number', name='uq_certificate_number'),
    sa.UniqueConstraint('studio_id', name='uq_certificate_studio'),
    sa.UniqueConstraint('year', 'serial', name='uq_certificate_year_serial')
    )
    op.create_table('funding_achievement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('funding_id', sa.Integer(), nullable=False),
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['ledger_achievement.id'], ),
    sa.ForeignKeyConstraint(['funding_id'], ['funding_application.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('achievement_id', name='uq_funding_achievement')
    )
    with op.batch_alter_table('funding_achievement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_funding_achievement_funding_id'), ['funding_id'], unique=False)

    op.create_table('rectification_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], ),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number', name='uq_notice_number')
    )
    with op.batch_alter_table('rectification_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rectification_notice_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_notice_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_rectification_notice_studio_id'), ['studio_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('funding_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=24), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('by_user_id', sa.Integer(), nullable=True),
    sa.Column('on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], ),
    sa.ForeignKeyConstraint(['by_user_id'], ['app_user.id'], ),
    sa.ForeignKeyConstraint(['funding_id'], ['funding_application.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_funding_id'), ['funding_id'], unique=False)

    op.create_table('withdrawal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('studio_id', sa.Integer(), nullable=False),
    sa.Column('notice_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=30), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('record', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['rectification_notice.id'], ),
    sa.ForeignKeyConstraint(['studio_id'], ['studio.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number', name='uq_withdrawal_number'),
    sa.UniqueConstraint('studio_id', name='uq_withdrawal_studio')
    )


def downgrade() -> None:
    op.drop_table('withdrawal')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_funding_id'))
        batch_op.drop_index(batch_op.f('ix_review_application_id'))

    op.drop_table('review')
    with op.batch_alter_table('rectification_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rectification_notice_studio_id'))
        batch_op.drop_index(batch_op.f('ix_rectification_notice_state'))
        batch_op.drop_index(batch_op.f('ix_rectification_notice_deadline'))

    op.drop_table('rectification_notice')
    with op.batch_alter_table('funding_achievement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_achievement_funding_id'))

    op.drop_table('funding_achievement')
    op.drop_table('certificate')
    with op.batch_alter_table('yearly_filing', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_yearly_filing_studio_id'))

    op.drop_table('yearly_filing')
    op.drop_table('subsidy')
    with op.batch_alter_table('studio_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_studio_member_studio_id'))

    op.drop_table('studio_member')
    with op.batch_alter_table('ledger_member_development', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_member_development_studio_id'))

    op.drop_table('ledger_member_development')
    with op.batch_alter_table('ledger_fund_usage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_fund_usage_studio_id'))

    op.drop_table('ledger_fund_usage')
    with op.batch_alter_table('ledger_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_activity_studio_id'))

    op.drop_table('ledger_activity')
    with op.batch_alter_table('ledger_achievement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ledger_achievement_studio_id'))

    op.drop_table('ledger_achievement')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_studio_id'))

    op.drop_table('inspection')
    with op.batch_alter_table('funding_application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_funding_application_studio_id'))
        batch_op.drop_index(batch_op.f('ix_funding_application_state'))

    op.drop_table('funding_application')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_studio_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))

    op.drop_table('audit_entry')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_year'))
        batch_op.drop_index(batch_op.f('ix_application_studio_id'))
        batch_op.drop_index(batch_op.f('ix_application_state'))

    op.drop_table('application')
    with op.batch_alter_table('studio', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_studio_unit_union_id'))
        batch_op.drop_index(batch_op.f('ix_studio_state'))
        batch_op.drop_index(batch_op.f('ix_studio_sector_union_id'))

    op.drop_table('studio')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_unit_id'))

    op.drop_table('person')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_app_user_organisation_id'))

    op.drop_table('app_user')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_parent_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_kind'))

    op.drop_table('organisation')
    op.drop_table('doc_sequence')
    op.drop_table('cert_sequence')
