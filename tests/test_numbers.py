from flashpoint.extract.numbers import find_numbers, word_to_int


def one(text: str):
    found = find_numbers(text)
    assert len(found) == 1, found
    return found[0]


def test_nearly_sets_high_and_leaves_low_open() -> None:
    n = one("nearly 300 people were killed")
    assert (n.best, n.low, n.high, n.qualifier) == (300, None, 300, "nearly")


def test_more_than_is_exclusive() -> None:
    n = one("more than 700,000 have left the country")
    assert (n.best, n.low, n.high, n.qualifier) == (700001, 700001, None, "more_than")


def test_number_words_with_qualifier() -> None:
    n = one("the numbers exceed one hundred")
    assert (n.best, n.qualifier) == (101, "more_than")


def test_about_is_a_point_estimate() -> None:
    n = one("about 1,500 military personnel")
    assert (n.best, n.low, n.high, n.qualifier) == (1500, 1500, 1500, "about")


def test_vague_words_map_to_codebook_ranges() -> None:
    n = one("causing dozens of casualties")
    assert (n.best, n.low, n.high, n.qualifier) == (None, 24, 99, "vague")
    n = one("uprooted thousands")
    assert (n.low, n.high) == (2000, 9999)


def test_range_between() -> None:
    n = one("between 137 and 2,075 killed")
    assert (n.low, n.high, n.qualifier) == (137, 2075, "range")


def test_space_grouped_thousands_and_scales() -> None:
    assert one("75 000 déplacés").best == 75000
    assert one("1.5 million people").best == 1_500_000


def test_russian_and_french_words() -> None:
    assert word_to_int("сто двадцать пять") == 125
    assert word_to_int("cent") == 100
    assert [n.best for n in find_numbers("Четыре человека погибли, двое ранены")] == [4, 2]


def test_digits_inside_a_word_or_a_designation_are_no_number() -> None:
    """A station's domain ("6abc.com"), a calibre, an ordinal, a designation ("K-9", "AK-47") hold no count; a
    range spelled "20-to-30" still is one."""
    for text in ("Man shot, killed in Feltonville | 6abc.com", "a 9mm handgun", "the 4th precinct",
                 "stabbed K-9 Aren", "an AK-47 rifle", "F-16 jets"):  # fmt: skip
        assert find_numbers(text, "en") == [], text
    n = one("An estimated 20-to-30 seconds")
    assert (n.low, n.high, n.qualifier) == (20, 30, "range")


def test_number_words_are_the_texts_language() -> None:
    """Spanish "once" (eleven) and French "cent" are no numbers in English; they are in their own language."""
    assert find_numbers("she was shot once in the chest", "en") == []
    assert [n.best for n in find_numbers("murieron once personas", "es")] == [11]
    assert [n.best for n in find_numbers("погибли двести человек", "ru")] == [200]
    assert [n.best for n in find_numbers("she was shot once in the chest")] == [11]  # language unknown: all four


def test_number_words_grouped_by_letter_match_as_the_plain_alternation() -> None:
    """The number words grouped by first letter (``scan.grouped_alternation``, for speed) find the same spans as the plain
    alternation it replaced, on the news articles and on hand-made sequences."""
    import re

    from conftest import shared_path
    from flashpoint.extract.numbers import _tables
    from flashpoint.extract.scan import grouped_alternation
    from flashpoint.resources import load_json

    data = load_json("numbers.json")
    words = set().union(*map(set, data["words"].values())) | set(data["ru_words"]) | set(data["ru_multipliers"])
    core = sorted(words - {"and", "a", "et", "y"}, key=len, reverse=True)
    word = rf"(?:{'|'.join(map(re.escape, core))})"
    plain = re.compile(rf"(?<!\w){word}(?:(?:\s+|-)(?:(?:and|et|y)\s+)?{word})*(?!\w)", re.I)
    grouped = _tables().word_re
    assert grouped.pattern != plain.pattern and grouped_alternation(list(map(re.escape, core))) != word
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus", "news", "docs").glob("*.txt"))]
    texts.append("Twenty-one killed, one hundred and five wounded; deux cent trente morts; двадцать пять; Seventeen")
    for text in texts:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
