"""Actors: which country words name a party to an event, and of which country (sentences from the news corpus)."""

from flashpoint.clean import clean
from flashpoint.extract.events import extract_mentions
from flashpoint.extract.sentences import split_sentences
from flashpoint.geo.gazetteer import default_gazetteer
from flashpoint.link.within import merge_document
from flashpoint.records import Article, EventMention, RawDocument


def events(body: str, published: str = "2022-12-09") -> list[EventMention]:
    a = clean(RawDocument("t.txt", f"Title line\n\n{published}\n\n{body}\n".encode(), "text/plain"))
    assert isinstance(a, Article)
    mentions, _ = extract_mentions(a, default_gazetteer())
    return merge_document(mentions)


def actor_countries(e: EventMention) -> set[str]:
    return {a.country for a in e.actors if a.country}


def only(found: list[EventMention], etype: str) -> EventMention:
    (e,) = [e for e in found if e.type == etype]
    return e


def test_country_adjective_on_another_noun_is_no_actor() -> None:
    found = events(
        "Russian news agencies reported on September 16 that clashes broke out between Kyrgyzstan and Tajikistan."
    )
    assert actor_countries(only(found, "battle")) == {"KGZ", "TJK"}


def test_country_adjective_on_the_events_own_trigger_or_weapon_is_its_actor() -> None:
    strike = only(
        events("Azerbaijani strikes on the territory of Armenia on 12 September 2022 hit 23 localities."),
        "remote_violence",
    )
    assert actor_countries(strike) == {"AZE"}
    planes = only(
        events("On August 12, journalists reported Russian warplanes bombing the Georgian town of Gori.", "2008-08-12"),
        "remote_violence",
    )
    assert actor_countries(planes) == {"RUS"}


def test_coordinated_country_is_a_side_too() -> None:
    e = only(
        events("Armenia and Azerbaijan report heavy fighting around Nagorno-Karabakh on Sunday.", "2020-09-27"),
        "battle",
    )
    assert actor_countries(e) == {"ARM", "AZE"}


def test_armed_group_carries_no_country() -> None:
    e = only(events("Armenian separatists fought Azerbaijani troops near Stepanakert in 1992.", "2020-09-27"), "battle")
    assert {(a.kind, a.country) for a in e.actors} == {("armed_group", None), ("state_forces", "AZE")}


def test_office_of_a_country_is_its_actor() -> None:
    e = only(
        events(
            "On August 8 the President of Georgia Mikheil Saakashvili announced the mobilization of reserve troops.",
            "2008-08-09",
        ),
        "deployment",
    )
    assert actor_countries(e) == {"GEO"}


def test_the_displaced_are_a_displacements_only_actors() -> None:
    e = only(
        events(
            "Since Monday, more than half the population of ethnic Armenians in Nagorno-Karabakh have fled to "
            "Armenia, far more than the Armenian government has said it was prepared to host.",
            "2023-09-28",
        ),
        "displacement",
    )
    assert actor_countries(e) == set()  # "ethnic Armenians" are a people, not Armenia's citizens


def test_civilians_are_no_party_to_a_battle() -> None:
    e = only(
        events(
            "On September 19 Azerbaijan launched an offensive that displaced the Armenian population.", "2023-09-20"
        ),
        "battle",
    )
    assert actor_countries(e) == {"AZE"}


def test_protesters_and_police_belong_to_the_country_of_the_riot() -> None:
    e = only(
        events(
            "On 16 December 2011 protesters rioted in the oil town of Zhanaozen in Kazakhstan and clashed with police.",
            "2011-12-20",
        ),
        "riot",
    )
    assert {(a.kind, a.country) for a in e.actors} == {("civilians", "KAZ"), ("state_forces", "KAZ")}


def test_script_labels_start_sentences() -> None:
    text = "HEAD: At least Eight Dead After Attack BYLINE: Serhiy Lysenko DATELINE: Kyiv, Ukraine ((INTRO)) [[A strike."
    assert [s.text for s in split_sentences(text)] == [
        "HEAD: At least Eight Dead After Attack",
        "BYLINE: Serhiy Lysenko",
        "DATELINE: Kyiv, Ukraine",
        "((INTRO))",
        "[[A strike.",
    ]


def test_a_people_named_as_the_agent_of_a_strike_is_its_forces_and_the_claims_source_no_party() -> None:
    e = only(
        events(
            "On August 13 Georgian officials also said that Gori was looted and bombed by the Russians.", "2008-08-14"
        ),
        "remote_violence",
    )
    assert {(a.kind, a.country) for a in e.actors} == {("state_forces", "RUS")}
