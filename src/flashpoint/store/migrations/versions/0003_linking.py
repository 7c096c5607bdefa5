"""mentions.profile, mention_blocks, event_aliases: cross-document linking (issue 6)

Revision ID: 0003
Revises: 0002

Existing mentions get their linking profile and blocks computed from their stored record and document;
their events stay as the older linking made them (re-ingest into a new store to relink them).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from flashpoint.link.cross import blocks, profile

    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("profile", sa.JSON))
    op.create_table(
        "mention_blocks",
        sa.Column("block", sa.String(64), primary_key=True),
        sa.Column("mention_id", sa.String(32), sa.ForeignKey("mentions.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_table(
        "event_aliases",
        sa.Column("old_id", sa.String(32), primary_key=True),
        sa.Column("event_id", sa.String(32), nullable=False),
    )
    op.create_index("ix_event_aliases_event", "event_aliases", ["event_id"])
    conn = op.get_bind()
    mentions = sa.table(
        "mentions",
        sa.column("id"),
        sa.column("document_id"),
        sa.column("record", sa.JSON),
        sa.column("profile", sa.JSON),
    )
    documents = sa.table("documents", sa.column("id"), sa.column("text"), sa.column("title"))
    mention_blocks = sa.table("mention_blocks", sa.column("block"), sa.column("mention_id"))
    query = sa.select(
        mentions.c.id, mentions.c.document_id, mentions.c.record, documents.c.text, documents.c.title
    ).join(documents, documents.c.id == mentions.c.document_id)
    for row in conn.execute(query).fetchall():
        places = [p["name"] for p in row.record.get("places") or []]
        prof = profile(row.id, row.document_id, row.record, text=row.text, title=row.title, places=places)
        conn.execute(mentions.update().where(mentions.c.id == row.id).values(profile=prof.as_json()))
        for block in blocks(prof):
            conn.execute(mention_blocks.insert().values(block=block, mention_id=row.id))


def downgrade() -> None:
    op.drop_table("event_aliases")
    op.drop_table("mention_blocks")
    with op.batch_alter_table("mentions") as batch:
        batch.drop_column("profile")
