"""Shooting reports (issue 4, train/gva tune half): when the event happened, pages whose title alone tells it,
victims named only by name, and a headline's one victim. Every sentence is from a real report."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.clean import clean
from flashpoint.extract.casualties import find_headline_victim, find_victims
from flashpoint.extract.dates import find_dates
from flashpoint.extract.events import _title_figures, extract_mentions
from flashpoint.extract.sentences import split_sentences
from flashpoint.geo.gazetteer import default_gazetteer
from flashpoint.link.within import merge_document
from flashpoint.records import Article, EventMention, RawDocument
from test_extract import events


def titled(title: str, body: str, published: str) -> list[EventMention]:
    """The events of a report given as a feed gives it: title, body and publication date apart."""
    a = clean(RawDocument("t.txt", body.encode(), "text/plain", None, title))
    assert isinstance(a, Article)
    a = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "published": published})  # type: ignore[attr-defined]
    return merge_document(extract_mentions(a, default_gazetteer())[0])


def test_a_legal_steps_subject_takes_the_date_after_it() -> None:
    (e,) = events("Williams is accused of shooting 16-year-old Ricky Hambrick on the night of Dec. 19.", "2016-12-29")
    assert e.date.start == "2016-12-19"
    (e,) = events("A Brooklyn man has been charged in connection with a shooting Thursday.", "2016-11-27")
    assert e.date.start == "2016-11-24"


def test_a_date_before_the_legal_step_dates_the_step() -> None:
    (e,) = events("A teen was arrested Friday for shooting a man several times during a robbery.", "2015-06-21")
    assert e.date.precision == "week"  # the report's date, not the arrest's Friday


def test_a_sentence_that_says_when_it_happened_dates_the_event() -> None:
    found = events(
        "Troup County deputies are searching for a 26-year-old man in connection with a murder investigation in "
        "LaGrange.\n\n"
        "Police say they found five bodies inside a home on Woodstream Trail, in the Water's Edge subdivision, just "
        "after 10 p.m. Saturday.",
        "2015-02-01",
    )
    assert [e.date.start for e in found if e.type == "violence_against_civilians"] == ["2015-01-31"]
    (e,) = events(
        "A 17-year-old boy was shot and killed in an apartment parking lot.\n\n"
        "It happened Saturday afternoon at the Carriage House East Apartments off of 42nd Street.",
        "2017-01-02",
    )
    assert e.date.start == "2016-12-31"


def test_a_clock_time_before_a_weekday_ends_no_sentence() -> None:
    text = "The shooting occurred around 5:30p.m. Thursday at the Broad River bridge on the Elbert County line."
    assert len(split_sentences(text)) == 1
    assert len(split_sentences("He was shot at 5 p.m. Police have no suspect.")) == 1  # spaCy's own split kept


def test_a_weekday_before_the_date_it_names_is_that_date() -> None:
    text = "protesters have been stationed since the fatal shooting of 24-year-old Jamar Clark on Sunday, Nov. 15."
    assert [d.start for d in find_dates(text, date(2015, 11, 26), True)] == [date(2015, 11, 15)]
    # weekdays that disagree with the date (its year guessed wrong) keep the weekday's own reading
    text = "who died after being shot in the head early Saturday (Feb. 13) at a party"
    assert len(find_dates(text, date(2015, 9, 17), True)) == 2


def test_a_page_whose_body_tells_no_violence_reports_its_title() -> None:
    paywall = (
        "Just One More Thing...\n\nWe have sent you a verification email. Please check your email and click on "
        "the link to activate your profile."
    )
    (e,) = titled("4 people shot in southeast Atlanta", paywall, "2014-10-13")
    assert (e.type, e.date.start, e.countries, e.figure("injured").best) == (
        "violence_against_civilians",
        "2014-10-13",
        ("USA",),
        4,
    )
    assert e.title_trigger is not None and e.evidence == ()
    (e,) = titled("5 people injured in northwest Atlanta shooting Monday", paywall, "2014-08-05")
    assert e.date.start == "2014-08-04" and e.figure("injured").best == 5


def test_a_title_case_headline_and_an_agency_keep_their_town() -> None:
    (e,) = titled(
        "5, Including Teenager, Shot In Baltimore",
        "BALTIMORE (WJZ) — Police are searching for information about a lone gunman who they say shot five "
        "people in broad daylight.",
        "2016-05-03",
    )
    assert e.countries == ("USA",)
    found = events(
        "A shooting in downtown Denver left three women and one man injured early Monday morning, the Denver "
        "Police Department said.",
        "2015-09-14",
    )
    assert [e.countries for e in found] == [("USA",)]


def test_one_town_named_places_the_event() -> None:
    found = events(
        "A 5-year-old boy is in stable condition after being shot by his 3-year-old brother.\n\n"
        "It happened at a home in Hopkinsville, police said.",
        "2015-06-20",
    )
    assert found and all(e.countries == ("USA",) for e in found)


@pytest.mark.parametrize(
    ("sentence", "toll"),
    [
        ("The gunman opened fire, killing Jacinta Walker, 18, and Aveion Bolden, 20.", ("killed", 2)),
        ("Before officers arrived, three shots were fired by a man, striking and injuring Keith Williams.",
         ("injured", 1)),
    ],
)  # fmt: skip
def test_victims_named_only_as_objects(sentence: str, toll: tuple[str, int]) -> None:
    assert [(k, f.best) for k, f in find_victims(sentence, 0, len(sentence))] == [toll]


def test_an_event_named_again_with_its_day_dates_the_first_telling() -> None:
    found = events(
        "Baltimore police announced the arrest of a man they believe shot six people, two fatally, outside a "
        "convenience store.\n\nAlexander was charged in connection with the shooting on Nov. 30 in the 2900 "
        "block of Garrison Boulevard.",
        "2016-12-12",
    )
    (e,) = [e for e in found if e.type == "violence_against_civilians"]
    assert e.date.start == "2016-11-30" and e.figure("killed").best == 2


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("13-year-old girl hospitalized after accidental shooting; step-father charged", "injured"),
        ("Teen killed at party in Akron", "killed"),
        ("Girl shot at party dies; woman held", "killed"),
        ("16-year-old suffers accidental gunshot wound", "injured"),
        ("4-month-old baby shot while in mother's arms in DeKalb County", "shot"),
    ],
)
def test_a_headlines_one_victim_in_more_forms(title: str, kind: str) -> None:
    found = find_headline_victim(title)
    assert found is not None and found[0] == kind


@pytest.mark.parametrize(
    ("title", "toll"),
    [
        ("Police charge two in Norfolk shooting that injured six", [("injured", 6)]),  # two suspects, no victims
        ("JSO: Students uninjured after at least one shot fired near school bus", []),  # a round, not a victim
    ],
)
def test_numbers_in_a_title_that_count_no_victim(title: str, toll: list[tuple[str, int]]) -> None:
    a = Article(source="t", text="", raw_text=title, offsets=None, content_hash="", title=title)  # type: ignore[arg-type]
    assert [(k, f.best) for k, f in _title_figures(a, True)] == toll
