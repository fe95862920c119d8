"""submissions: a composer form posts once, however often it is sent

Revision ID: 8f3e6b1c2d57
Revises: 5c1d2a7e9b40
Create Date: 2026-12-01 22:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '8f3e6b1c2d57'
down_revision = '5c1d2a7e9b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'submissions',
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('target', sa.String(length=2000), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['member_id'], ['members.id'],
            name=op.f('fk_submissions_member_id_members'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('member_id', 'token', name=op.f('pk_submissions')),
    )


def downgrade():
    op.drop_table('submissions')
