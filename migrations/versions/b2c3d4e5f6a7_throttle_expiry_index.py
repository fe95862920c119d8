"""throttle events: an index for purging expired rows

Revision ID: b2c3d4e5f6a7
Revises: a4b7c9d1e2f3
Create Date: 2026-12-01 23:00:00

"""
from alembic import op

revision = 'b2c3d4e5f6a7'
down_revision = 'a4b7c9d1e2f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('throttle_events', schema=None) as batch_op:
        batch_op.create_index('ix_throttle_events_expiry', ['action', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('throttle_events', schema=None) as batch_op:
        batch_op.drop_index('ix_throttle_events_expiry')
