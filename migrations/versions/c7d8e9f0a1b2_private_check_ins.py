"""private conversations: a moderator checks in with a member

Revision ID: c7d8e9f0a1b2
Revises: b2c3d4e5f6a7
Create Date: 2026-12-01 23:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'c7d8e9f0a1b2'
down_revision = 'b2c3d4e5f6a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'private_conversations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=False),
        sa.Column('member_name', sa.String(length=30), nullable=False),
        sa.Column('board_id', sa.Integer(), nullable=False),
        sa.Column('subject', sa.String(length=150), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('started_by_name', sa.String(length=30), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_message_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_private_conversations_board_id_boards'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_private_conversations_member_id_members'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['post_id'], ['posts.id'], name=op.f('fk_private_conversations_post_id_posts'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_private_conversations')),
    )
    with op.batch_alter_table('private_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_private_conversations_board_id'), ['board_id'], unique=False)
        batch_op.create_index('ix_private_conversations_member', ['member_id', 'last_message_at'], unique=False)
    op.create_table(
        'private_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('author_name', sa.String(length=30), nullable=False),
        sa.Column('from_moderator', sa.Boolean(), nullable=False),
        sa.Column('body_source', sa.Text(), nullable=False),
        sa.Column('body_html', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['members.id'], name=op.f('fk_private_messages_author_id_members'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['conversation_id'], ['private_conversations.id'], name=op.f('fk_private_messages_conversation_id_private_conversations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_private_messages')),
    )
    with op.batch_alter_table('private_messages', schema=None) as batch_op:
        batch_op.create_index('ix_private_messages_conversation', ['conversation_id', 'id'], unique=False)


def downgrade():
    op.drop_table('private_messages')
    op.drop_table('private_conversations')
