"""Content hash, near-duplicate fingerprint, and a republished copy recognised by the store."""

from __future__ import annotations

from conftest import shared_path
from flashpoint.clean import clean
from flashpoint.clean.fingerprint import NEAR_DUPLICATE_BITS, content_hash, distance, simhash
from flashpoint.pipeline import process_raw
from flashpoint.records import Article, RawDocument
from flashpoint.store import Store


def seed_text() -> str:
    return next(shared_path("corpus", "seed", "docs").glob("*.md")).read_text(encoding="utf-8")


def test_content_hash_ignores_white_space_case_and_punctuation_forms() -> None:
    assert content_hash("Troops  shelled\nthe town — “officials” said.") == content_hash(
        'troops shelled the town - "officials" said'
    )
    assert content_hash("Troops shelled the town.") != content_hash("Troops shelled the city.")


def test_a_republished_copy_is_near_and_another_article_is_far() -> None:
    text = seed_text()
    copy = "Republished by Example Weekly 10.12.2022\n\n" + text.replace("\n\n", "\n\n\n") + "\nSource: example.net\n"
    other = next(shared_path("corpus", "html", "docs").glob("*.html.gz"))
    import gzip

    page = clean(RawDocument(str(other), gzip.decompress(other.read_bytes()), "text/html"))
    assert isinstance(page, Article)
    assert distance(simhash(text), simhash(copy)) <= NEAR_DUPLICATE_BITS
    assert distance(simhash(text), simhash(page.text)) > 2 * NEAR_DUPLICATE_BITS


def test_the_store_recognises_a_republished_copy(store_url: str) -> None:
    """(On both databases: one query tells whether a document is stored and finds the copies it may repeat.)"""
    store = Store(store_url)
    store.migrate()
    text = seed_text()
    first = store.add(process_raw(RawDocument("original.md", text.encode(), "text/markdown")))
    assert first.stored and first.duplicate_of is None and first.events_added
    copy_text = "Rebelión 11.12.2022\n\n" + text.replace("Vicken Cheterian", "V. Cheterian")
    copy = store.add(process_raw(RawDocument("copy.md", copy_text.encode(), "text/markdown")))
    assert copy.stored and copy.duplicate_of is not None
    assert copy.events_added == 0  # its mentions join the original's events, as the same source
    assert all(e["source_count"] == 1 for e in store.events())
    counts = store.counts()
    assert counts["documents"] == 2 and counts["events"] == first.events_added
    assert counts["mentions"] == 2 * first.events_added
    # either copy again: stored already (the query that finds it also finds the other copy, which shares its bands)
    assert not store.add(process_raw(RawDocument("again.md", copy_text.encode(), "text/markdown"))).stored
    assert not store.add(process_raw(RawDocument("again.md", text.encode(), "text/markdown"))).stored
    assert store.counts() == counts
