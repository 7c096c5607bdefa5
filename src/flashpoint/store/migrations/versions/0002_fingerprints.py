"""documents: url, simhash, duplicate_of; document_bands for near-duplicate lookup

Revision ID: 0002
Revises: 0001

Existing documents get their SimHash and bands computed from their stored text.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from flashpoint.clean.fingerprint import bands, simhash

    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("url", sa.Text))
        batch.add_column(sa.Column("simhash", sa.String(16)))
        batch.add_column(sa.Column("duplicate_of", sa.String(64)))
        batch.create_index("ix_documents_url", ["url"])
    op.create_table(
        "document_bands",
        sa.Column("band", sa.String(8), primary_key=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    )
    conn = op.get_bind()
    documents = sa.table("documents", sa.column("id", sa.String), sa.column("text", sa.Text), sa.column("simhash"))
    document_bands = sa.table("document_bands", sa.column("band"), sa.column("document_id"))
    for row in conn.execute(sa.select(documents.c.id, documents.c.text)).fetchall():
        fingerprint = simhash(row.text)
        conn.execute(documents.update().where(documents.c.id == row.id).values(simhash=fingerprint))
        for band in bands(fingerprint):
            conn.execute(document_bands.insert().values(band=band, document_id=row.id))


def downgrade() -> None:
    op.drop_table("document_bands")
    with op.batch_alter_table("documents") as batch:
        batch.drop_index("ix_documents_url")
        batch.drop_column("duplicate_of")
        batch.drop_column("simhash")
        batch.drop_column("url")
