"""The first schema: cards, append-only reviews, annotations, settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cards",
        sa.Column("question_id", sa.Integer(), primary_key=True),
        sa.Column("phase", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("step", sa.Integer()),
        sa.Column("stability", sa.Float()),
        sa.Column("difficulty", sa.Float()),
        sa.Column("due", sa.DateTime()),
        sa.Column("last_review", sa.DateTime()),
        sa.Column("reps", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lapses", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_index("ix_cards_due", "cards", ["due"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("mode", sa.String(16), nullable=False, server_default="normal"),
        sa.Column("typed_answer", sa.Text()),
        sa.Column("ticked", sa.String(64), nullable=False, server_default=""),
        sa.Column("suggested", sa.String(64), nullable=False, server_default=""),
    )
    op.create_index("ix_reviews_reviewed_at", "reviews", ["reviewed_at"])
    op.create_index("ix_reviews_question_time", "reviews", ["question_id", "reviewed_at"])
    op.create_table(
        "annotations",
        sa.Column("question_id", sa.Integer(), primary_key=True),
        sa.Column("starred", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("annotations")
    op.drop_table("reviews")
    op.drop_table("cards")
