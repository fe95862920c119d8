"""search outbox: ids never reused, claimed atomically, failing entries set aside

Revision ID: 5c1d2a7e9b40
Revises: 11db8fbd1fdb
Create Date: 2026-12-01 22:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '5c1d2a7e9b40'
down_revision = '11db8fbd1fdb'
branch_labels = None
depends_on = None


def upgrade():
    # On SQLite the table is rebuilt with AUTOINCREMENT, so ids are never handed out twice;
    # PostgreSQL's sequence never reuses them anyway.
    with op.batch_alter_table(
        'search_outbox', recreate='always', table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('last_error', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('set_aside_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('claim_token', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('search_outbox', recreate='always') as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claim_token')
        batch_op.drop_column('set_aside_at')
        batch_op.drop_column('last_error')
        batch_op.drop_column('attempts')
