"""members: boards joined are private unless the member chooses to show them

Revision ID: a4b7c9d1e2f3
Revises: 8f3e6b1c2d57
Create Date: 2026-12-01 22:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'a4b7c9d1e2f3'
down_revision = '8f3e6b1c2d57'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('show_boards', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_column('show_boards')
