"""indexes for the API's and the exports' filters; one mention per (document, position)

Revision ID: 0004
Revises: 0003

The API filters events on fields of their JSON record (the point's latitude/longitude and admin1, figures'
best). These are expression indexes whose expressions are exactly the SQL ``flashpoint.query.json_field``
emits for each database (SQLite ``json_extract``; PostgreSQL ``->``/``->>`` with a cast), so the planners use
them. Plain indexes serve ``reported``, ``sources`` and documents by publication date. A unique index states
that a document's mentions are numbered once.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FIGURES = ("killed", "injured", "displaced", "troops", "detained")


def _expressions(dialect: str) -> dict[str, str]:
    if dialect == "sqlite":
        out = {
            "ix_events_point": "json_extract(record, '$.location.lat'), json_extract(record, '$.location.lon')",
            "ix_events_admin1": "lower(json_extract(record, '$.location.admin1'))",
        }
        out.update({f"ix_events_{f}": f"json_extract(record, '$.{f}.best')" for f in FIGURES})
        return out
    out = {
        "ix_events_point": "(CAST((record -> 'location' ->> 'lat') AS DOUBLE PRECISION)), "
        "(CAST((record -> 'location' ->> 'lon') AS DOUBLE PRECISION))",
        "ix_events_admin1": "(lower((record -> 'location' ->> 'admin1')))",
    }
    out.update({f"ix_events_{f}": f"(CAST((record -> '{f}' ->> 'best') AS BIGINT))" for f in FIGURES})
    return out


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, expression in _expressions(dialect).items():
        op.execute(f"CREATE INDEX {name} ON events ({expression})")
    op.create_index("ix_events_reported", "events", ["reported", "day_first"])
    op.create_index("ix_events_sources", "events", ["sources"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ux_mentions_document_position", "mentions", ["document_id", "position"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_mentions_document_position", "mentions")
    op.drop_index("ix_documents_published", "documents")
    op.drop_index("ix_events_sources", "events")
    op.drop_index("ix_events_reported", "events")
    for name in _expressions(op.get_bind().dialect.name):
        op.execute(f"DROP INDEX {name}")
