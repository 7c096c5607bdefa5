"""The reference date relative expressions resolve against, when the article has no publication date."""

from __future__ import annotations

from datetime import date

from flashpoint.extract.casualties import find_victims
from flashpoint.extract.reference import find_reference


def test_publication_date_wins() -> None:
    ref = find_reference("2014-05-17", "Copyright 2013 KCTV")
    assert ref is not None and (ref.date, ref.source) == (date(2014, 5, 17), "published")


def test_stamp_line_gives_the_day() -> None:
    ref = find_reference(None, "Posted: Saturday, December 27, 2014 12:48 PM EST\nA girl was killed Friday.")
    assert ref is not None and (ref.date, ref.precision) == (date(2014, 12, 27), "day")


def test_us_numeric_stamp() -> None:
    ref = find_reference(None, "Updated: 11/26/2015 11:53 AM")
    assert ref is not None and ref.date == date(2015, 11, 26)


def test_copyright_year_with_month_and_day() -> None:
    ref = find_reference(None, "He was charged in the August 14 shooting.\n\nCopyright 2014 WBTV. All rights reserved.")
    assert ref is not None and (ref.date, ref.source) == (date(2014, 8, 14), "year+day")


def test_copyright_year_alone_is_year_precision() -> None:
    ref = find_reference(None, "A man was shot Saturday night.\n\nCopyright 2013 KCTV (Meredith Corp.)")
    assert ref is not None and (ref.date.year, ref.precision) == (2013, "year")


def test_a_year_named_in_passing_is_not_a_reference() -> None:
    assert find_reference(None, "Rashid met El-Amin in 1975 at Douglass Park. He was shot Sunday.") is None


def test_block_number_is_not_a_year() -> None:
    assert find_reference(None, "Officers were called to the 1900 block of E. Pawnee on Friday.") is None


def _victims(text: str) -> list[tuple[str, int | None]]:
    return [(kind, fig.best) for kind, fig in find_victims(text, 0, len(text))]


def test_one_victim_without_a_number() -> None:
    assert _victims("A 16-year-old boy was shot and killed early Saturday.") == [("killed", 1)]
    assert _victims("The shooting left a man dead.") == [("killed", 1)]
    assert _victims("A woman was wounded in the leg.") == [("injured", 1)]


def test_shot_alone_is_not_yet_killed_or_injured() -> None:
    assert _victims("Police were told about a 3-year-old that was shot.") == [("shot", 1)]


def test_slashed_date_is_month_first_in_english() -> None:
    from flashpoint.extract.dates import find_dates

    (d,) = find_dates("PUBLISHED AT: 01/5/2021", date(2030, 1, 1), month_first=True)
    assert d.start == date(2021, 1, 5)
    (d,) = find_dates("le 01/5/2021", date(2030, 1, 1))
    assert d.start == date(2021, 5, 1)


def test_dated_link_gives_the_day() -> None:
    ref = find_reference(
        None, "1 teen dead\nhttp://www.theadvertiser.com/story/news/crime/2016/11/07/1-teen-dead/93427/"
    )
    assert ref is not None and (ref.date, ref.source) == (date(2016, 11, 7), "url")


def test_two_victims_joined_by_and() -> None:
    assert _victims("A woman and a child were shot outside a home.") == [("shot", 2)]
