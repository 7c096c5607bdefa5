"""ingest_sources: the input files (and container records) an ingest run finished, for resuming

Revision ID: 0006
Revises: 0005

One row per document source (a file path, or ``container#record``), keyed by the hash of the source, with the
size and modification time of the file it was read from and the document it gave. ``flashpoint ingest`` skips a
source whose row matches the file as it is now (flashpoint.runner); a file changed since is read again.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_sources",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("document_id", sa.String(64)),
    )


def downgrade() -> None:
    op.drop_table("ingest_sources")
