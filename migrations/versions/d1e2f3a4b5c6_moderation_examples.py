"""moderation examples: moderators' decisions kept as labelled posts

Revision ID: d1e2f3a4b5c6
Revises: c7d8e9f0a1b2
Create Date: 2026-12-02 00:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'd1e2f3a4b5c6'
down_revision = 'c7d8e9f0a1b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'moderation_examples',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('board_id', sa.Integer(), nullable=True),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('decided_by_name', sa.String(length=30), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_moderation_examples_board_id_boards'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_moderation_examples_post_id_posts'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_examples')),
    )
    with op.batch_alter_table('moderation_examples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderation_examples_board_id'), ['board_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_moderation_examples_created_at'), ['created_at'], unique=False)


def downgrade():
    op.drop_table('moderation_examples')
