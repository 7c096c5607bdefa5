"""The extractor interface: article + gazetteer → event mentions and the places the text names.

flashpoint's default extractor is linguistic (``RuleExtractor``: lexicons and
patterns in ``extract.events``). A statistical or LLM-backed extractor plugs
in by implementing ``Extractor``: it takes the same frozen ``Article`` and the
same read-only ``Gazetteer`` and returns the same records, every field with
the ``Span`` of its evidence in ``article.text``, so linking, the store, the
exports and ``flashpoint evaluate`` work unchanged. ``name`` is recorded with
the figures in docs/extractor.md so a measurement always says which extractor
it measured.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from flashpoint.extract.events import extract_mentions
from flashpoint.geo.gazetteer import Gazetteer
from flashpoint.records import Article, EventMention, Place


@runtime_checkable
class Extractor(Protocol):
    """Anything that reads an article's events."""

    name: str

    def extract(self, article: Article, gazetteer: Gazetteer) -> tuple[list[EventMention], list[Place]]:
        """The event mentions the article asserts (one per trigger; ``link.within`` merges them) and its places."""
        ...


class RuleExtractor:
    """The default: triggers, dates, figures, actors and attribution from ``data/*.json`` lexicons and patterns."""

    name = "rules"

    def extract(self, article: Article, gazetteer: Gazetteer) -> tuple[list[EventMention], list[Place]]:
        return extract_mentions(article, gazetteer)


def default_extractor() -> Extractor:
    return RuleExtractor()
