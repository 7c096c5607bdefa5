from datetime import date

from conftest import shared_path
from flashpoint.extract.dates import find_dates, find_durations, parse_date_line

REF = date(2022, 12, 9)


def iso(text: str, ref: date = REF) -> list[tuple[str, str, str]]:
    return [(*d.iso(), d.precision) for d in find_dates(text, ref)]


def test_range_within_a_month_takes_the_reference_year() -> None:
    assert iso("from September 14 to 20, clashes") == [("2022-09-14", "2022-09-20", "day")]


def test_day_month_year_range_across_months_in_russian() -> None:
    assert iso("24 сентября – 3 октября 2023") == [("2023-09-24", "2023-10-03", "day")]


def test_relative_month_of_this_year() -> None:
    assert iso("in January of this year the elite called") == [("2022-01", "2022-01", "month")]


def test_season_and_year_span() -> None:
    assert iso("already in the spring of 2021 there were") == [("2021-03", "2021-05", "season")]
    assert iso("acceded to independence (1992-1994).") == [("1992", "1994", "year")]


def test_month_without_year_is_not_after_the_reference() -> None:
    # a December article speaking of "September" means the September just past
    assert iso("in September, new reports") == [("2022-09", "2022-09", "month")]
    assert iso("in September", date(2023, 3, 1)) == [("2022-09", "2022-09", "month")]


def test_weekday_resolves_to_the_latest_such_day() -> None:
    assert iso("A shooting early Saturday morning", date(2014, 5, 18)) == [("2014-05-17", "2014-05-17", "day")]


def test_counts_are_not_years() -> None:
    assert iso("2000 troops crossed") == []


def test_durations() -> None:
    assert [d[0] for d in find_durations("After 48 hours of fierce fighting")] == [2]
    assert [d[0] for d in find_durations("the six-day war")] == [6]


def test_date_lines() -> None:
    assert parse_date_line("09.12.2022") == date(2022, 12, 9)
    assert parse_date_line("23:17, 10 октября 2023") == date(2023, 10, 10)
    assert parse_date_line("On 12 September 2022, clashes erupted along the border") is None


def test_a_month_abbreviation_does_not_stop_inside_the_full_name() -> None:
    assert iso("on 2 April 2016") == [("2016-04-02", "2016-04-02", "day")]
    assert iso("Date1–5 April 2016 (4 days)") == [("2016-04-01", "2016-04-05", "day")]  # an infobox row


def test_month_starts_are_where_a_month_name_starts() -> None:
    """``_month_starts`` (one search for the names, then a try inside each) gives exactly the positions of the
    zero-width search it replaces for speed, overlapping and case-sensitive names included."""
    import re

    from flashpoint.extract.dates import _month_start, _month_starts

    texts = [
        "Omars. 1 May, may 2, MAY 3, Mayo 4, sept. 5 Septembre 6 décembre déc. Mars mars mar. 7 марта, в мае",
        "The mayor met Marchetti on 3 Sept. and again in Sept.ember; Janvier, JANUARY, jan., Junio, juin",
    ]
    texts += [re.sub(r"\s+", " ", t) for t in texts]
    for text in texts:
        assert _month_starts(text) == [m.start() for m in _month_start().finditer(text)]


def test_season_starts_and_month_starts_on_corpus_and_folded_letters() -> None:
    """The case-sensitive first-letter scans (``_first_letter_scan``) find the same places as the plain
    case-insensitive lookaheads on every dev text and on letters that ``re`` folds unusually ("ſ" for "s", "İ" and
    "ı" for "i", "K" for "k", Cyrillic "ᲂ" for "о")."""
    import random

    from flashpoint.extract.dates import _month_start, _month_starts, _season_start, _season_starts

    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    assert len(texts) > 400
    rng = random.Random(9)
    pieces = ["ſpring", "ſummer", "İnvierno", "ınvierno", "Été", "ÉTÉ", "été", "ᲂсенью", "ЗИМОЙ", "AUTUMN", "fall",
              "Fall", "May", "MAY", "may", "ſept.", "ſeptember", "ᲃентября", "Kan", " ", "-", "ſeptembre", "x", "é"]  # fmt: skip
    texts += ["".join(rng.choice(pieces) for _ in range(60)) for _ in range(300)]
    for text in texts:
        assert _season_starts(text) == [m.start() for m in _season_start().finditer(text)]
        assert _month_starts(text) == [m.start() for m in _month_start().finditer(text)]


def test_day_first_patterns_tried_at_day_digits_match_as_finditer() -> None:
    """The patterns that begin with ``DAY_START`` and a day, tried only where ``_DAY_DIGIT`` finds a digit, match
    as a scan of every character does: on every dev text and on strings of digits, separators and month names."""
    import random

    from flashpoint.extract.dates import _DAY_DIGIT, _DAY_FIRST, _patterns
    from flashpoint.extract.scan import matches_at

    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    rng = random.Random(9)
    pieces = ["1", "12", "3", ".", "-", "/", ",", ":", " ", "٣", "April", "avril", " de ", "2016", "–", "\n", "a", "th"]
    texts += ["".join(rng.choice(pieces) for _ in range(50)) for _ in range(1000)]
    patterns = dict(_patterns())
    for text in texts:
        starts = [m.start() for m in _DAY_DIGIT.finditer(text)]
        for name in _DAY_FIRST:
            found = [m.span() for m in matches_at(patterns[name], text, starts)]
            assert found == [m.span() for m in patterns[name].finditer(text)], (name, text[:80])


def test_text_dates_read_as_find_dates_for_any_reference() -> None:
    """``TextDates`` finds the patterns' matches once and reads them for each reference: the same lists as
    ``find_dates``, in any order of calls, a call repeated included (and a list the caller changes is its own)."""
    from flashpoint.extract.dates import TextDates

    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))][::4]
    refs = [(date(2100, 1, 1), False), (REF, True), (date(2015, 12, 31), True), (date(2100, 1, 1), False)]
    for text in texts:
        reading = TextDates(text)
        for ref, month_first in refs:
            got = reading.find(ref, month_first)
            assert got == find_dates(text, ref, month_first)
            got.clear()
