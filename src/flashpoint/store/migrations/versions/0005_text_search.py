"""indexes for the API's text filters: evidence (``q``) and actor names (``actor``), as substrings

Revision ID: 0005
Revises: 0004

``q`` and ``actor`` match a case-insensitive substring. Both databases index that with trigrams, so the
semantics stay exactly those of a substring scan (``flashpoint.query``), at index speed for needles of three
characters or more:

- SQLite: ``event_text`` (one row per event: its evidence and its actors' names, one per line) and over it
  ``event_search``, an FTS5 external-content table with the ``trigram`` tokenizer (SQLite >= 3.34). Triggers
  keep both in step with ``events``, so every write to ``events`` (the write path, a bulk load, a migration)
  updates them inside the same transaction.
- PostgreSQL: the same ``event_text`` (lower-cased), kept by a trigger on ``events``, with ``pg_trgm`` GIN
  indexes on both columns. The search reads this narrow table, never the events' JSON. When the extension
  cannot be created (no privilege), the filters still work, as scans of ``event_text``, and a warning says so.
"""

import logging

from alembic import op
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

log = logging.getLogger("flashpoint.store")

# SQLite: an event's evidence and its actors' names (one per line), from its JSON record
_EVIDENCE = "json_extract({row}.record, '$.evidence')"
_ACTORS = (
    "(SELECT group_concat(json_extract(a.value, '$.name'), char(10)) "
    "FROM json_each(CASE WHEN json_type({row}.record, '$.actors') = 'array' THEN {row}.record END, '$.actors') AS a)"
)

SQLITE_UP = [
    "CREATE TABLE event_text (rowid INTEGER PRIMARY KEY, event_id VARCHAR(32) NOT NULL UNIQUE, evidence TEXT, "
    "actors TEXT)",
    "CREATE VIRTUAL TABLE event_search USING fts5(evidence, actors, content='event_text', content_rowid='rowid', "
    "tokenize='trigram')",
    # event_text -> event_search: the external-content triggers of the FTS5 documentation
    "CREATE TRIGGER event_text_ai AFTER INSERT ON event_text BEGIN "
    "INSERT INTO event_search(rowid, evidence, actors) VALUES (new.rowid, new.evidence, new.actors); END",
    "CREATE TRIGGER event_text_ad AFTER DELETE ON event_text BEGIN "
    "INSERT INTO event_search(event_search, rowid, evidence, actors) "
    "VALUES ('delete', old.rowid, old.evidence, old.actors); END",
    "CREATE TRIGGER event_text_au AFTER UPDATE ON event_text BEGIN "
    "INSERT INTO event_search(event_search, rowid, evidence, actors) "
    "VALUES ('delete', old.rowid, old.evidence, old.actors); "
    "INSERT INTO event_search(rowid, evidence, actors) VALUES (new.rowid, new.evidence, new.actors); END",
    # events -> event_text
    "CREATE TRIGGER events_text_ai AFTER INSERT ON events BEGIN "
    f"INSERT INTO event_text(event_id, evidence, actors) VALUES (new.id, {_EVIDENCE.format(row='new')}, "
    f"{_ACTORS.format(row='new')}); END",
    "CREATE TRIGGER events_text_au AFTER UPDATE OF id, record ON events BEGIN "
    f"UPDATE event_text SET event_id = new.id, evidence = {_EVIDENCE.format(row='new')}, "
    f"actors = {_ACTORS.format(row='new')} WHERE event_id = old.id; END",
    "CREATE TRIGGER events_text_ad AFTER DELETE ON events BEGIN DELETE FROM event_text WHERE event_id = old.id; END",
    # the events already stored
    f"INSERT INTO event_text(event_id, evidence, actors) SELECT e.id, {_EVIDENCE.format(row='e')}, "
    f"{_ACTORS.format(row='e')} FROM events AS e",
]
SQLITE_DOWN = [
    "DROP TRIGGER events_text_ad",
    "DROP TRIGGER events_text_au",
    "DROP TRIGGER events_text_ai",
    "DROP TABLE event_search",
    "DROP TABLE event_text",
]

PG_UP = [
    """CREATE FUNCTION flashpoint_actor_names(record json) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT lower(string_agg(a.value ->> 'name', E'\\n'))
        FROM json_array_elements(CASE WHEN json_typeof(record -> 'actors') = 'array' THEN record -> 'actors' END) AS a
    $$""",
    "CREATE TABLE event_text (event_id VARCHAR(32) PRIMARY KEY, evidence TEXT, actors TEXT)",
    """CREATE FUNCTION flashpoint_event_text() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM event_text WHERE event_id = OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        INSERT INTO event_text (event_id, evidence, actors)
        VALUES (NEW.id, lower(NEW.record ->> 'evidence'), flashpoint_actor_names(NEW.record));
        RETURN NEW;
    END $$""",
    "CREATE TRIGGER events_text AFTER INSERT OR UPDATE OF id, record OR DELETE ON events "
    "FOR EACH ROW EXECUTE FUNCTION flashpoint_event_text()",
    "INSERT INTO event_text (event_id, evidence, actors) "
    "SELECT id, lower(record ->> 'evidence'), flashpoint_actor_names(record) FROM events",
]
PG_DOWN = [
    "DROP TRIGGER events_text ON events",
    "DROP FUNCTION flashpoint_event_text()",
    "DROP TABLE event_text",
    "DROP FUNCTION flashpoint_actor_names(json)",
]


def _pg_trgm_schema() -> str | None:
    """The schema pg_trgm lives in, creating the extension (in ``public``) when it is missing."""
    conn = op.get_bind()
    find = text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                "WHERE e.extname = 'pg_trgm'")  # fmt: skip
    schema = conn.execute(find).scalar()
    if schema is None:
        try:
            with conn.begin_nested():
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public"))
        except Exception as exc:  # no privilege, extension not installed, or another migration created it
            log.warning("pg_trgm unavailable (%s); text and actor filters will scan", str(exc).splitlines()[0])
        schema = conn.execute(find).scalar()
    return None if schema is None else str(schema)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
        return
    for statement in PG_UP:
        op.execute(statement)
    schema = _pg_trgm_schema()
    if schema is None:
        return
    ops = op.get_bind().dialect.identifier_preparer.quote_identifier(schema) + ".gin_trgm_ops"
    op.execute(f"CREATE INDEX ix_event_text_evidence ON event_text USING gin (evidence {ops})")
    op.execute(f"CREATE INDEX ix_event_text_actors ON event_text USING gin (actors {ops})")


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else PG_DOWN:
        op.execute(statement)
