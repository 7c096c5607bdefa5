"""The regular-expression helpers kept for speed (``flashpoint.extract.scan``) keep every match: the strings a
pattern requires, read from ``re``'s parse tree (a private module of CPython, pinned here), and the victims' cue
built from them (``casualties.find_victims`` returns the same with and without it)."""

import random
import re

from conftest import shared_path
from flashpoint.extract import casualties
from flashpoint.extract.scan import first_characters, first_letter_scan, gated, required_strings


def test_required_strings_on_small_patterns() -> None:
    assert required_strings(re.compile(r"(?<!\w)(?:sho(?:t|oting)|wounded) (?:a|the)\s+man")) == {
        "shot", "shooting", "wounded"
    }  # fmt: skip
    assert required_strings(re.compile(r"(?:was )?killed")) == {"killed"}
    assert required_strings(re.compile(r"(?:double|triple)[- ](?:murders?|\w+)")) == {"double", "triple"}
    assert required_strings(re.compile(r"(?:kill|\d+)")) is None  # a branch requires nothing
    assert required_strings(re.compile(r"(?:dead)?\w+")) is None  # optional
    assert required_strings(re.compile(r"(?:hurt\s)+")) == {"hurt"}  # repeated at least once


def test_first_letter_scan_same_matches_as_the_alternation() -> None:
    words = ["shot", "Self", "İnjured", "[ée]t[ée]", "killed", "kill", "ſide"]
    plain = re.compile("|".join(words), re.I)
    scan = first_letter_scan(words, "", capitals=False)
    rng = random.Random(9)
    pieces = ["SHOT", "ſhot", "self", "SELF", "injured", "İNJURED", "ıNJURED", "été", "ÉTÉ", "KILL", "Killed", " ", "x"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) for _ in range(20))
        assert [m.span() for m in scan.finditer(text)] == [m.span() for m in plain.finditer(text)]
    # with ``boundary``: no word character before a match, tested after the first character; the same with a word
    # that leaves the plain alternation ("~")
    for more in ([], ["~x"]):
        plain = re.compile(rf"(?<!\w)(?:{'|'.join(words + more)})(?!\w)", re.I)
        scan = first_letter_scan(words + more, r"(?!\w)", capitals=False, boundary=True)
        for _ in range(500):
            text = "".join(rng.choice([*pieces, "~x", "\n", "_"]) for _ in range(20))
            assert [m.span() for m in scan.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_every_victim_match_contains_a_required_string_and_the_cue_changes_nothing(monkeypatch) -> None:
    """On every line of every dev text: each victim pattern's match holds one of its required strings, and
    ``find_victims`` with its cue gives what it gives without."""
    lex = casualties._victims()
    patterns = [lex.multiple, lex.pair, lex.left, lex.another, lex.phrase, lex.death_of, lex.killed_object,
                lex.self_killed, lex.named_subject, lex.injured_object, lex.wounded]  # fmt: skip
    needs = [(p, required_strings(p)) for p in patterns]
    assert all(strings for _, strings in needs)
    cue = casualties._cue()
    assert cue is not None
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    assert len(texts) > 400
    lines = [(text, m.start(), m.end()) for text in texts for m in re.finditer(r"[^\n]+", text)]
    matched = 0
    for text, begin, end in lines:
        for pattern, strings in needs:
            for found in pattern.finditer(text, begin, end):
                low = found.group().lower()
                assert any(s.lower() in low for s in strings), (pattern.pattern[:60], found.group())
                matched += 1
    with_cue = [casualties.find_victims(*line) for line in lines]
    skipped = sum(cue.search(*line) is None for line in lines)
    monkeypatch.setattr(casualties, "_cue", lambda: None)
    assert with_cue == [casualties.find_victims(*line) for line in lines]
    assert matched > 300 and skipped > 1000


def test_first_characters_on_small_patterns() -> None:
    assert first_characters(r"(?<!\w)(?:after|over|\()\s*x") == r"[\(ao]"
    assert first_characters(r"\b(?:the\s+)?(?P<dec>(?:19|20)\d0)s") == "[12t]"
    assert first_characters(r"(?:a|b*)c") == "[abc]"  # an optional branch lets the next item begin a match
    assert first_characters(r"[0-3]?\d") == r"[0-3\d]"
    assert first_characters(r"a*") is None  # may be empty
    assert first_characters(r"[^a]b") is None  # a negated class is not read
    assert first_characters(r".x") is None
    assert gated(r"(?i)\bstamp").pattern == r"(?i)\bstamp"  # global flags must open a pattern: left as it is
    assert gated(r"\bstamp", re.I).pattern == r"(?=(?i:[s]))(?:\bstamp)"


def test_gated_patterns_match_as_written() -> None:
    """Behind its first-character test a pattern gives the same matches, spans and groups: the date and duration
    patterns and linking's age, number and telephone patterns on every dev text and on strings of the letters ``re`` folds (ſ for s, K for k, İ and ı for i)."""
    from flashpoint.extract import dates

    specs = [(name, source, dates._FLAGS) for name, source in dates._pattern_specs()]
    from flashpoint.link import cross

    for pattern in (
        dates.DURATION,
        dates.DURATION_NOUN,
        cross._AGE,
        cross._LONG_NUMBER,
        cross._PHONE,
    ):  # the source after the test
        specs.append(("duration", pattern.pattern[pattern.pattern.index("))(?:") + 5 : -1], pattern.flags))
    specs += [("small", r"(?:sin|ka)\w*|\b(?:is|i)\b", re.I), ("cased", r"(?-i:May)|(?i:ſx)", 0)]
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    rng = random.Random(3)
    pieces = ["May", "may", "MAY", "march", "janvier", "января", "1", "12", "2019", "-", " to ", " ", ",", ".", "/",
              "ſpring", "spring", "Monday", "ſunday", "yesterday", "İn", "ın", "in ", "since ", "days ago", "last week",
              "Kа", "ka", "sin", "ſin", "is", "İs", "ſx", "SX", "the 1990s", "весной", "of ", "aged", "AGE", "-year-old",
              "ſ-YEARſ-OLD", ", 5,", "12345", "_", "(213) ", "486-6910", "1-866-7LOCKUP", "1."]  # fmt: skip
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for name, source, flags in specs:
        plain, fast = re.compile(source, flags), gated(source, flags)
        assert fast.pattern != source, name  # every one of them is gated
        for text in texts:
            want = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, (name, text[:80])


def test_skipped_matches_are_finditers() -> None:
    """Through its ``skipping`` scan a date pattern (and the stamp line's) gives ``finditer``'s matches, spans and groups, on every dev
    text and on strings of the words and letters ``re`` folds (ſ, K, İ, ı); a pattern whose first characters lie
    beyond the Basic Multilingual Plane (``\\d``) or that may match empty has none."""
    from flashpoint.extract import dates
    from flashpoint.extract.scan import skipped_matches, skipping

    scans = dates._skipping()
    assert set(scans) == {"weekday", "relday", "m", "lastunit", "decade", "year", "iso", "y_y"}
    assert skipping(r"\d+ days", re.I) is None and skipping(r"x?", re.I) is None
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    rng = random.Random(4)
    pieces = ["May", "march", "1", "12", "2019", "1990s", "the 1990s", "1992-94", "-", " to ", " ", "\n", ",", ".",
              "ſunday", "Monday", "on ", "last ", "this week", "past ſ", "yesterday", "Today", "İn", "ın", "in ",
              "since ", "early ", "вчера", "в ", "среду", "le ", "lundi", "Kast", "2020-01-05", "x", "_"]  # fmt: skip
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    patterns = dict(dates._patterns())
    for name, scan in scans.items():
        for text in texts:
            want = [(m.span(), m.groups()) for m in patterns[name].finditer(text)]
            got = [(m.span(), m.groups()) for m in skipped_matches(scan, patterns[name], text)]
            assert got == want, (name, text[:80])
    from flashpoint.extract import reference

    stamp = reference._stamp_scan()
    assert stamp is not None
    more = ["Posted: May 5", "UPDATED on 12/3/2014", "ſ posted", "lastupdated", "Last  Updated:", "re-posted at"]
    for text in texts + more:
        want = [(m.span(), m.groups()) for m in reference.STAMP.finditer(text)]
        assert [(m.span(), m.groups()) for m in skipped_matches(stamp, reference.STAMP, text)] == want, text[:80]


def test_gated_number_patterns_match_as_written() -> None:
    """numbers' digits and number words behind their first-character test, its vague quantities and qualifiers
    scanned by first letter: the same matches, spans and groups as the patterns as written, on every dev text and on
    generated strings of number words and folded letters."""
    from flashpoint.extract import numbers
    from flashpoint.resources import load_json

    t = numbers._tables()
    compiled = []
    for fast in (numbers.DIGITS, numbers._word_re(None), numbers._word_re("en"), numbers._word_re("ru")):
        compiled.append((fast, re.compile(fast.pattern[fast.pattern.index("))(?:") + 5 : -1], fast.flags)))
    data = load_json("numbers.json")
    for (fast, _, _), v in zip(t.vague, data["vague"], strict=True):
        compiled.append((fast, re.compile(rf"(?<!\w)(?:{v['pattern']})(?!\w)", re.I)))
    for (_, fast), pat in zip(t.qualifiers, data["qualifiers"].values(), strict=True):
        compiled.append((fast, re.compile(rf"(?<!\w)(?:{pat})\s*$", re.I)))
    assert all(fast.pattern != plain.pattern for fast, plain in compiled)
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    rng = random.Random(5)
    pieces = ["1", "12", "1,200", "3.5", "-", "-to-", " ", ",", "AK-", "4th", "twenty", "-one", "one", "a", " and ",
              "hundreds", "of ", "thousands", "tens", "dozens", "a dozen", "ſome", "Some", "SEVERAL", "a few",
              "nearly", "more than", "over", "at least", "about ", "~", "up to", "trois", " cent", "двести", " пятьдесят",
              "около ", "несколько", "plus de", "ſcores", "K", "İ", "ı", "x", "_", "\n", "ſurpaſſed", "près d'", "AT LEAST"]  # fmt: skip
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    for fast, plain in compiled:
        for text in texts:
            want = [(m.span(), m.groups()) for m in plain.finditer(text)]
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, (plain.pattern[:40], text[:80])
            for window in (text[-30:], text[:30]):
                found, expected = fast.search(window), plain.search(window)
                assert (found and found.span()) == (expected and expected.span())


def test_the_case_fold_table_is_what_re_finds() -> None:
    """data/case_folds.json spares every start a search over every character a letter; each entry must be what
    that search finds (when this Python's Unicode is the table's; otherwise the table is not read)."""
    import unicodedata

    from flashpoint.extract.scan import _fold_table, _folded, fold_by_search
    from flashpoint.resources import load_json

    table = load_json("case_folds.json")
    if table["unicode"] != unicodedata.unidata_version:
        assert _fold_table() == {}
        return
    assert len(table["folds"]) >= 52
    for letter, folded in table["folds"].items():
        assert folded == fold_by_search(letter), letter
        assert _folded(letter) == folded
    assert _folded("ſ") == fold_by_search("ſ")  # a letter the table lacks is searched
