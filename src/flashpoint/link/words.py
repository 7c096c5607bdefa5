"""The word list linking ignores when it compares evidence (``data/link_words.json``)."""

from __future__ import annotations

from functools import cache

from flashpoint.resources import load_json


@cache
def common_words() -> frozenset[str]:
    return frozenset(load_json("link_words.json")["words"])
