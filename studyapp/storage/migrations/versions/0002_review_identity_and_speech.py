"""Reviews get a stable id that travels between devices, and room for a spoken answer.

`uid` lets two computers merge their review logs exactly (sync): a review keeps the same
uid on every device, so it is never counted twice. Rows written before this revision are
given a random one here. `transcript`, `delivery` (JSON figures: words per minute, fillers,
pauses) and `audio` (a file name under the data folder's audio/) keep a spoken answer with
its rating; all three stay empty for typed and silent answers.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reviews", sa.Column("uid", sa.String(32)))
    op.add_column("reviews", sa.Column("transcript", sa.Text()))
    op.add_column("reviews", sa.Column("delivery", sa.Text()))
    op.add_column("reviews", sa.Column("audio", sa.String(64)))
    op.execute("UPDATE reviews SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL")
    op.create_index("ix_reviews_uid", "reviews", ["uid"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_reviews_uid", "reviews")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("audio")
        batch.drop_column("delivery")
        batch.drop_column("transcript")
        batch.drop_column("uid")
