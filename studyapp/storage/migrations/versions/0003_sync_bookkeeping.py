"""What merging two devices' progress through a synced folder needs to remember.

`reviews.origin` names the device a review was made on (NULL: this one) and `reviews.seq`
its place in that device's own order (NULL: not yet published; it is then its id). Replay
keeps each device's reviews in that order and interleaves the devices by time, so a clock
that went back on one device never reorders its own ratings (review M5), and every device
replays the same merged log the same way. `sync_tombstones` remembers undone reviews, so an
undo on one device removes the review everywhere and it never comes back.
`sync_versions` holds the version (time, device) of each note, star and travelling setting,
so the later edit wins; `note_conflicts` keeps the note that lost, for the learner to see.
`sync_cursors` is how far each device's files in the sync folder have been read.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("reviews", sa.Column("origin", sa.String(32)))
    op.add_column("reviews", sa.Column("seq", sa.Integer()))
    op.create_table(
        "sync_tombstones",
        sa.Column("uid", sa.String(32), primary_key=True),
        sa.Column("undone_at", sa.DateTime(), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False, server_default="0"),
    )
    op.create_table(
        "sync_versions",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("device", sa.String(32), nullable=False, server_default=""),
        sa.Column("base", sa.String(16), nullable=False, server_default=""),
        sa.Column("sent", sa.Boolean(), nullable=False, server_default="0"),
    )
    op.create_table(
        "note_conflicts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.Integer(), nullable=False, index=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("device_name", sa.String(80), nullable=False, server_default=""),
    )
    op.create_table(
        "sync_cursors",
        sa.Column("device", sa.String(32), primary_key=True),
        sa.Column("segment", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("offset", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("name", sa.String(80), nullable=False, server_default=""),
        sa.Column("seen_at", sa.DateTime()),
    )


def downgrade() -> None:
    op.drop_table("sync_cursors")
    op.drop_table("note_conflicts")
    op.drop_table("sync_versions")
    op.drop_table("sync_tombstones")
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("seq")
        batch.drop_column("origin")
