"""The word lists linking reads when it compares evidence (``data/link_words.json``)."""

from __future__ import annotations

import re
from functools import cache

from flashpoint.resources import load_json


@cache
def common_words() -> frozenset[str]:
    return frozenset(load_json("link_words.json")["words"])


@cache
def institution_name() -> re.Pattern[str]:
    """A capitalised name ending in an institution word ("John H. Stroger Jr. Hospital", "Mount Sinai Medical
    Center"): group 1 holds the words before it."""
    heads = sorted(load_json("link_words.json")["institutions"], key=len, reverse=True)
    head = "|".join(r"\s+".join(re.escape(w.capitalize()) for w in h.split()) for h in heads)
    # "X(?:X){0,5}" is "(?:X){1,6}" (the same matches, tried in the same order) written to begin with "[A-Z]", so
    # that re skips in C to the capitals where a match can begin (a pattern opening with a repetition is tried at
    # every character)
    word = r"[A-Z][\w'’.\-]*\s+"
    return re.compile(r"(" + word + "(?:" + word + r"){0,5})(?:" + head + r")\b")
