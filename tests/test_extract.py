"""Sentence-level behaviour of the extractor on hand-built articles."""

import pytest

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


def test_attack_with_toll_breakdown_and_duration() -> None:
    (e,) = events(
        "On September 12, Azerbaijani armed forces launched a massive attack inside the territory of "
        "neighboring Armenia. After 48 hours of fierce fighting, nearly 300 people were killed "
        "(in official figures: 207 Armenian soldiers and 80 Azeris)."
    )
    assert (e.type, e.date.start, e.date.end) == ("battle", "2022-09-12", "2022-09-14")
    assert e.countries == ("ARM",)
    killed = e.figure("killed")
    assert (killed.best, killed.low, killed.high) == (287, 287, 300)
    assert dict(killed.by_side) == {"ARM": 207, "AZE": 80}
    assert e.attribution == "official figures"


def test_hypothetical_and_requested_events_are_not_coded() -> None:
    found = events(
        "In January of this year the Kazakh elite called for Russian military intervention to quell a revolt. "
        "Russia was going to withdraw troops from its bases. The army could try to retreat."
    )
    assert [(e.type, e.countries) for e in found] == [("request", ("KAZ",))]


def test_negated_event_is_not_coded() -> None:
    assert events("On Monday the ministry said troops did not withdraw from the town of Gori.") == []


def test_old_war_is_background_and_new_clash_is_reported() -> None:
    found = events(
        "Clashes broke out on the border between Kyrgyzstan and Tajikistan on September 14. "
        "They recalled the 2008 war in Georgia."
    )
    kinds = {(e.type, e.date.start, e.reported) for e in found}
    assert ("battle", "2022-09-14", True) in kinds
    assert ("battle", "2008", False) in kinds


def test_undated_named_war_is_a_reference_not_an_event() -> None:
    assert events("Because of the current war in Ukraine, influence has diminished.") == []


def test_displacement_country_is_where_people_fled_from() -> None:
    (e,) = events("Thousands of Russians fled to Kazakhstan on September 22 to evade the draft.")
    assert e.type == "displacement" and e.countries == ("RUS",)
    assert (e.figure("displaced").low, e.figure("displaced").high) == (2000, 9999)


def test_every_field_span_points_at_its_text() -> None:
    body = "On 12 September 2022, Azerbaijani troops shelled the town of Jermuk, killing 4 civilians."
    a = clean(RawDocument("t.txt", f"T\n\n{body}\n".encode(), "text/plain"))
    assert isinstance(a, Article)
    (m,) = merge_document(extract_mentions(a, default_gazetteer())[0])
    assert m.type == "remote_violence"
    assert a.text[m.date.span.start : m.date.span.end] == "12 September 2022"
    assert a.text[m.trigger.start : m.trigger.end] == "shelled"
    fig = m.figure("killed")
    assert fig is not None and a.text[fig.span.start : fig.span.end] == "4"
    assert [a.text[p.span.start : p.span.end] for p in m.places] == ["Jermuk"]


def test_shooting_report_counts_killed_and_injured_apart() -> None:
    (e,) = events("Five people were shot, one fatally, outside a bar early Saturday, police said.", "2016-03-06")
    assert (e.type, e.date.start) == ("violence_against_civilians", "2016-03-05")
    assert (e.figure("killed").best, e.figure("injured").best) == (1, 4)


def test_one_victim_named_without_a_number() -> None:
    (e,) = events("A 16-year-old boy was shot and killed Friday night in Dallas.", "2016-03-06")
    assert e.figure("killed").best == 1 and e.figure("injured") is None


def test_a_suspect_who_fled_is_not_displacement() -> None:
    found = events("A man was shot Friday night in Dallas. The gunman fled on foot, police said.", "2016-03-06")
    assert "displacement" not in {e.type for e in found}


def test_stamp_line_dates_the_page_not_the_event() -> None:
    found = events("Posted: Saturday, March 26, 2016\n\nA missile strike hit the market, officials said.", "2016-03-26")
    (e,) = [e for e in found if e.type == "remote_violence"]
    assert e.date.span is None  # the report's date, not a date read for the event


def test_clash_between_two_countries_has_both_as_actors() -> None:
    (e,) = events("On 2 April heavy fighting broke out between Armenia and Azerbaijan.", "2016-04-03")
    assert {a.country for a in e.actors} == {"ARM", "AZE"}


def test_country_adjective_before_a_place_noun_is_not_an_actor() -> None:
    (e,) = events("On 8 August Russian warplanes bombed Georgian towns.", "2008-08-10")
    assert {a.country for a in e.actors} == {"RUS"}


def test_toll_in_a_later_paragraph_of_wire_copy() -> None:
    (e,) = events(
        "Police are investigating a shooting at a bar early Sunday.\n\nIt sent four people to the hospital.",
        "2014-06-16",
    )
    assert e.figure("injured").best == 4


def test_a_call_to_stop_an_event_asserts_it() -> None:
    found = events('On August 8 Saakashvili called Russia to stop the "bombardment of Georgian towns."', "2008-08-09")
    assert "remote_violence" in {e.type for e in found}


def test_an_event_after_which_another_happened_is_asserted() -> None:
    found = events("This comes one day after a truce was made by both nations.", "2008-08-14")
    assert [e.type for e in found] == ["agreement"]


def test_the_eve_of_an_event_is_a_time_reference() -> None:
    found = events("On the eve of the missile strike, the brothers determined where the wake would take place.")
    assert found == []


def test_joined_verbs_share_their_place() -> None:
    found = events(
        "On August 13 Georgian officials said that Gori was looted and bombed by the Russians.", "2008-08-14"
    )
    strike = next(e for e in found if e.type == "remote_violence")
    assert strike.countries == ("GEO",)


def test_an_invasion_is_not_placed_in_the_invaders_country() -> None:
    found = events('On August 8 he denounced "a large-scale military aggression" by Russia.', "2008-08-09")
    invasion = next(e for e in found if e.type == "invasion")
    assert "RUS" not in invasion.countries and {a.country for a in invasion.actors} == {"RUS"}


def test_a_modal_does_not_reach_into_a_relative_clause() -> None:
    found = events(
        "On August 12 the reported truce would halt five days of intense Russian air and land attacks that took "
        "Russian forces deep into Georgia.",
        "2008-08-12",
    )
    assert "invasion" in {e.type for e in found}


def test_a_date_before_another_trigger_is_that_events() -> None:
    found = events(
        "Hundreds died in this month's battles and families who stayed for the 2020 war are fleeing for their lives.",
        "2023-09-28",
    )
    flight = next(e for e in found if e.type == "displacement")
    assert flight.date.start != "2020" and flight.reported


def test_an_event_named_again_is_folded_into_the_first_telling() -> None:
    found = events(
        "On October 5, 2023, Russian forces launched a missile strike on a cafe in the village of Hroza. "
        "Denis Kozyr was killed in the attack, as were his wife, Nina, and her mother.",
        "2023-10-16",
    )
    assert [e.type for e in found] == ["remote_violence"]
    assert len(found[0].evidence) == 2


def test_a_headline_attack_names_the_strike_told_after_it() -> None:
    found = events(
        "HEAD: At least Eight Dead After Attack on Kyiv Shopping Center\n\n"
        "Late on March 20th, Russian forces bombarded a Kyiv shopping center, leaving at least eight people dead.",
        "2022-03-25",
    )
    assert [(e.type, e.date.start) for e in found] == [("remote_violence", "2022-03-20")]


def test_a_call_is_not_placed_where_its_addressee_is() -> None:
    found = events(
        "On August 8 Saakashvili announced the mobilization of reserve troops and called Russia to stop the "
        "bombardment of Georgian towns.",
        "2008-08-09",
    )
    request = next(e for e in found if e.type == "request")
    assert "RUS" not in request.countries


def test_a_war_infobox_tells_a_battle_between_the_sides_it_lists() -> None:
    found = events(
        "DateAugust 7, 2008\nLocation\nResult Ceasefire currently in effect\nBelligerents\nRussia Russia\n"
        "Georgia (country) Georgia\nCommanders and leaders\nRussia Dmitry Medvedev",
        "2008-08-21",
    )
    war = next(e for e in found if e.type == "battle")
    assert war.date.start == "2008-08-07"
    assert {a.country for a in war.actors} == {"RUS", "GEO"}


def test_clashes_between_two_states_forces_are_in_both() -> None:
    (e,) = events(
        "The July 2020 Armenian–Azerbaijani clashes began on 12 July 2020 between the Armenian Armed Forces and "
        "Azerbaijani Armed Forces.",
        "2020-07-20",
    )
    assert e.type == "battle" and set(e.countries) == {"ARM", "AZE"}


def test_fighting_the_text_places_in_one_country_stays_there() -> None:
    (e,) = events(
        "On 2 April heavy fighting erupted between regional rivals Armenia and Azerbaijan in the tense separatist "
        "region of Nagorno-Karabakh.",
        "2016-04-03",
    )
    assert e.countries == ("AZE",)


def test_a_ceasefire_is_between_the_sides_of_the_fighting_it_ends() -> None:
    found = events(
        "On 14 September 2022 Tajik forces clashed with Kyrgyz border guards near Batken. The border conflict "
        "continued for two days, after which the parties were able to agree to a ceasefire on the night of "
        "16 September 2022.",
        "2022-09-20",
    )
    (deal,) = [e for e in found if e.type == "agreement"]
    assert set(deal.countries) == {"KGZ", "TJK"}


def test_a_possessive_country_is_not_the_scene() -> None:
    found = events(
        "A series of sporadic border clashes resumed between Kyrgyzstan and Tajikistan on 27 January 2022, "
        "following a series of clashes in 2021 between the two countries. These events took place before and "
        "during Russia's invasion of Ukraine.",
        "2022-12-09",
    )
    assert all("RUS" not in e.countries for e in found if e.type == "battle")


def test_soldiers_counted_by_what_befell_them_are_a_toll() -> None:
    (e,) = events(
        "On Saturday clashes broke out in Nagorno-Karabakh and 18 Armenian soldiers had been killed.", "2016-04-02"
    )
    assert e.figure("killed").best == 18 and e.figure("troops") is None


def test_a_toll_goes_to_the_event_it_names_after_it() -> None:
    found = events(
        "Families say the newest violence has been far more devastating than battles three years ago. "
        "Hundreds died in this month's battles and families who stayed for the 2020 war are fleeing.",
        "2023-09-28",
    )
    recent = next(e for e in found if e.type == "battle" and e.date.start.startswith("2023-09"))
    assert (recent.figure("killed").low, recent.figure("killed").high) == (200, 999)


def test_protesters_killed_by_police_are_violence_against_civilians() -> None:
    found = events(
        "On 16 December 2011 at least 14 protesters were killed by police in the oil town of Zhanaozen.", "2011-12-20"
    )
    vac = next(e for e in found if e.type == "violence_against_civilians")
    assert vac.figure("killed").best == 14


def test_a_call_that_names_no_place_is_about_the_fighting_told_before_it() -> None:
    found = events(
        "On Saturday heavy fighting erupted in Nagorno-Karabakh, Azerbaijan. "
        'Secretary-General Ban Ki-moon said he was "deeply disturbed" by the fighting and called for talks.',
        "2016-04-02",
    )
    request = next(e for e in found if e.type == "request")
    assert request.countries == ("AZE",)


def test_a_country_in_the_clause_before_is_not_the_caller() -> None:
    found = events(
        'Saakashvili spoke in Tbilisi. On August 8 he denounced "a large-scale military aggression" by Russia, '
        "and called Russia to stop the bombardment of Georgian towns.",
        "2008-08-09",
    )
    request = next(e for e in found if e.type == "request")
    assert "RUS" not in request.countries


def test_a_call_on_both_sides_is_addressed_to_the_sides_of_the_fighting() -> None:
    found = events(
        "On 2 April heavy fighting erupted between regional rivals Armenia and Azerbaijan in the tense separatist "
        "region of Nagorno-Karabakh. Secretary of State John Kerry condemned the cease-fire violations and urged "
        "both sides to show restraint.",
        "2016-04-03",
    )
    (call,) = [e for e in found if e.type == "request"]
    assert set(call.countries) == {"ARM", "AZE"}


def test_a_date_far_from_a_definite_trigger_dates_the_clause_not_the_event_named_again() -> None:
    found = events(
        "On October 5, 2023, Russian forces launched a missile strike on a cafe in the village of Hroza. "
        "On October 11, the authorities charged two local residents, Volodymyr Mamon and Dmytro Mamon, with helping "
        "the Russian military plan the attack.",
        "2023-10-16",
    )
    assert [(e.type, e.date.start) for e in found] == [("remote_violence", "2023-10-05")]


def test_a_determiner_is_a_whole_word() -> None:
    found = events('On August 8 he called it "a large-scale military aggression" by Russia.', "2008-08-09")
    assert [e.type for e in found] == ["invasion"]


def test_an_infobox_date_row_dates_the_event_the_title_names() -> None:
    a = clean(
        RawDocument(
            "t.txt",
            "Exodus of Armenians from Nagorno-Karabakh\n\nCause | 2023 Azerbaijani offensive in Nagorno-Karabakh |\n"
            "Date | 24 September 2023 – 3 October 2023 |\nDisplaced | Over 100,617 as of 3 October 2023 |\n".encode(),
            "text/plain",
        )
    )
    assert isinstance(a, Article)
    found = merge_document(extract_mentions(a, default_gazetteer())[0])
    flight = next(e for e in found if e.type == "displacement")
    assert (flight.date.start, flight.date.end) == ("2023-09-24", "2023-10-03")


def test_an_armed_groups_seizure_is_no_invasion() -> None:
    found = events(
        "Armenian separatists seized Nagorno-Karabakh from Azerbaijan in a bloody war in the 1990s that killed 30,000 "
        "people.",
        "2020-09-27",
    )
    assert [e.type for e in found] == ["battle"]


def test_the_word_right_after_a_number_says_what_it_counts() -> None:
    found = events("On 14 September 2022 clashes broke out in Batken, Kyrgyzstan: 139 wounded 136,000 evacuated.")
    flight = next(e for e in found if e.type == "displacement")
    assert flight.figure("displaced").best == 136000


def test_an_infobox_row_label_says_what_its_number_counts() -> None:
    found = events(
        "Exodus of Armenians from Nagorno-Karabakh\n\nDate | 24 September 2023 – 3 October 2023 |\n"
        "Displaced | Over 100,617 as of 3 October 2023 |",
        "2023-10-04",
    )
    flight = next(e for e in found if e.type == "displacement")
    assert (flight.figure("displaced").best, flight.figure("displaced").qualifier) == (100618, "more_than")


def test_a_bounded_war_with_a_toll_is_an_event_and_its_length_no_count() -> None:
    found = events(
        "This comes one day after a truce was made to put an end to the six-day war that has killed many and "
        "uprooted thousands.",
        "2008-08-14",
    )
    war = next(e for e in found if e.type == "battle")
    assert war.figure("killed") is None
    flight = next(e for e in found if e.type == "displacement")
    assert (flight.figure("displaced").low, flight.figure("displaced").high) == (2000, 9999)


def test_a_headline_exodus_surpassing_a_number_is_more_than_it() -> None:
    found = events("HEAD: Nagorno-Karabakh Exodus Surpasses 65,000", "2023-09-28")
    flight = next(e for e in found if e.type == "displacement")
    assert (flight.figure("displaced").best, flight.figure("displaced").qualifier) == (65001, "more_than")


def test_a_revised_toll_replaces_the_first() -> None:
    (e,) = events(
        "On January 14 a Russian missile hit an apartment block in Dnipro, killing 12 people. "
        "By Tuesday the death toll had risen to 45, officials said.",
        "2023-01-18",
    )
    assert e.figure("killed").best == 45


def test_two_sides_own_losses_told_apart_are_summed_by_side() -> None:
    found = events(
        "Heavy fighting has erupted between Armenia and Azerbaijan in Nagorno-Karabakh on Saturday.\n\n"
        "Media reports on Saturday quoted Azerbaijan officials as saying that 12 of its soldiers had been killed. "
        "Armenian President Serzh Sarkisian said in a televised statement that 18 Armenian soldiers had been killed.",
        "2016-04-02",
    )
    killed = next(e for e in found if e.type == "battle").figure("killed")
    assert (killed.best, killed.qualifier, dict(killed.by_side)) == (30, "at_least", {"AZE": 12, "ARM": 18})


def test_a_prose_line_in_an_infobox_block_is_split_into_sentences() -> None:
    text = "Date | 2022\nLocation\nA series of clashes resumed in 2022. These events took place during the war.\nResult"
    assert [s.text for s in split_sentences(text)] == [
        "Date | 2022",
        "Location",
        "A series of clashes resumed in 2022.",
        "These events took place during the war.",
        "Result",
    ]


def test_a_country_joined_by_and_to_a_party_is_a_party() -> None:
    (e,) = events("On 20 September 2022, Tajikistan and Kyrgyzstan signed a peace deal.")
    assert set(e.countries) == {"TJK", "KGZ"} and {a.country for a in e.actors} == {"TJK", "KGZ"}


def test_forces_deployed_somewhere_in_a_strength_row_are_a_state_not_a_deployment() -> None:
    found = events(
        "Georgia 37,000 regulars, including 2,000 initially in Iraq; unknown number of Georgian Police deployed in "
        "the conflict zone",
        "2008-08-21",
    )
    assert [e.type for e in found] == []


def test_looting_by_a_states_forces_is_no_riot_but_a_crowd_clashing_with_police_is() -> None:
    found = events("On August 13 officials said that Gori was looted and bombed by the Russians.", "2008-08-14")
    assert [e.type for e in found] == ["remote_violence"]
    found = events("On January 5 protesters clashed with Kazakh police in Almaty.", "2022-01-06")
    assert "riot" in {e.type for e in found}


def test_an_infobox_sums_each_sides_own_losses_and_leaves_out_claims() -> None:
    """The casualty rows of a war's infobox: each side's own count is summed ("Per Azerbaijan: 80 killed", "Per
    Armenia: 202 killed"), a party's claim about its enemy ("Armenian claim: 431 killed") is left out, a second
    count of one cell is another source's ("83 killed (per RFE/RL) 200+ killed"), and rows that differ only by
    their counts are kept ("281 servicemen wounded", "293 servicemen wounded": no running header)."""
    found = events(
        "DateSeptember 12, 2022\nBelligerents\nAzerbaijan\nArmenia\nCommanders and leaders\nIlham Aliyev\n"
        "Casualties and losses\n\nPer Azerbaijan:[7]\n80 servicemen killed\n281 servicemen wounded\n\n"
        "Armenian claim:\n\n431 servicemen killed[8]\n\nPer Armenia:[9]\n202 servicemen killed or missing\n"
        "293 servicemen wounded\n20 servicemen captured\n\n"
        "On 12 September 2022, a series of clashes erupted between Armenian and Azerbaijani troops along the "
        "border, resulting in dozens of injuries on both sides by 14 September.",
        "2022-09-20",
    )
    war = next(e for e in found if e.type == "battle")
    assert war.figure("killed").best == 282
    assert war.figure("injured").best == 574  # over the text's "dozens of injuries"
    assert war.figure("detained").best == 20
    (clash,) = events(
        "Casualties and losses | ||\n83 killed (per RFE/RL) 200+ killed, 400+ injured (per Kyrgyzstan) | 63 killed |\n"
        "139 wounded |\nKyrgyzstan officials said that the clashes escalated on 14 September 2022, with Tajik forces "
        "using tanks and mortars to enter at least one Kyrgyz village near Batken.",
        "2022-09-20",
    )
    assert (clash.figure("killed").best, clash.figure("injured").best) == (146, 539)


def test_a_bare_count_of_people_in_casualty_rows_is_of_the_dead() -> None:
    found = events(
        "DateAugust 7, 2008\nBelligerents\nRussia\nGeorgia\nCommanders and leaders\nDmitry Medvedev\n"
        "Casualties and losses\n\nConfirmed by Russia:\nSouth Ossetia 133 civilians\n\n"
        "Russia 64 soldiers killed, 323 wounded[6]\nGeorgian estimate:\n400 Russian regulars killed[7]\n\n"
        "Confirmed by Georgia:\n215 killed and 300 missing.[8][9]",
        "2008-08-21",
    )
    war = next(e for e in found if e.type == "battle")
    assert (war.figure("killed").best, war.figure("injured").best) == (412, 323)


def test_a_partys_count_does_not_replace_the_toll_told_before() -> None:
    """ "Georgia says 150 people have been killed in the fighting" after "More than 2,000 people have been reported
    killed": one side's count of the toll already told, not the toll."""
    found = events(
        "The reported truce would halt five days of intense Russian air and land attacks that took Russian forces "
        "deep into Georgia, in response to a Georgian assault on separatists in South Ossetia. More than 2,000 "
        "people have been reported killed, and analysts say the toll will rise.\n\n"
        "In the Georgian capital, President Mikhail Saakashvili said Russian warplanes were continuing attacks on "
        "Georgian targets, despite the Russian cease-fire announcement.\n\n"
        "Georgia says 150 people have been killed in the fighting.",
        "2008-08-12",
    )
    tolls = [e.figure("killed").best for e in found if e.type == "battle" and e.figure("killed")]
    assert tolls == [2001]


@pytest.mark.parametrize(
    ("body", "not_type"),
    [
        # corpus/gva: a fight between groups of people is no battle of organised forces (CODEBOOK)
        ("Charging papers describe a chaotic clash between two groups of people shortly before 2 a.m. on March "
         "31 in the parking lot of the Sports Page, located at 2802 Auburn Way North.", "battle"),
        # corpus/gva: a tip line is no call on another actor
        ("A man was shot and killed on June 1. Anyone with information on Watson's whereabouts is urged to call "
         "Crime Stoppers at (210) 224-STOP.", "request"),
        # corpus/gva: protesters "stationed" are no deployment of forces
        ("The area is one block north of the 4th Precinct station at 1925 Plymouth Ave., where protesters have "
         "been stationed since the fatal officer-involved shooting of 24-year-old Jamar Clark on Sunday, Nov. "
         "15.", "deployment"),
        # corpus/gva: people at a party fighting are no battle; things seized are no invasion
        ("Officers responded about 1:05 a.m. to the 84000 block of Pedro Drive, “regarding a large party where "
         "several subjects were fighting and shots were heard in the area.”", "battle"),
        ("Detectives with the district attorney's office took over the investigation from Sinking Spring police and "
         "seized several items for forensic analysis.", "invasion"),
        ("Many handguns have been seized.", "invasion"),
        # train/gva (tune half): a building occupied, a house moved into, a car, a call to fight
        # crime, a brawl, an offender running off
        ("He has been charged with discharging a firearm in an occupied building, aggravated malicious wounding, use "
         "of a firearm in the commission of a felony.", "invasion"),
        ("Davidson had just moved into the house three days earlier, according to her mother.", "invasion"),
        ("Witnesses reported seeing a silver or gray Honda Accord leaving the scene immediately after Perry was "
         "shot.", "agreement"),
        ("We need the assistance of our citizens to combat the gun violence that is affecting our streets and "
         "harming our youth.", "battle"),
        ("A witness who did not wish to be identified said that the shooting started from “somebody fighting in the "
         "streets over something that happened earlier.”", "battle"),
        ("During a home invasion Saturday night, a 9-month-old baby was killed.", "invasion"),
    ],
)  # fmt: skip
def test_no_event_of_a_type_the_codebook_does_not_give_it(body: str, not_type: str) -> None:
    assert not_type not in {e.type for e in events(body, "2015-11-26")}


def test_an_event_named_again_far_on_keeps_no_toll() -> None:
    # a legal reference ("indicted on murder charges in the 2014 shooting death of ...") twelve paragraphs into a
    # report of another shooting names an older incident: its dead are not this shooting's, nor taken from its shot
    filler = "\n\n".join(f"Protesters marched to City Hall for the {i}th time." for i in range(10))
    body = (
        "Five protesters were shot late Monday night near the 4th Precinct in Minneapolis.\n\n"
        + filler
        + "\n\nMeanwhile, protesters in Chicago also took to the streets after a white police officer was indicted on"
        " murder charges in the 2014 shooting death of a 17-year-old black teen."
    )
    (shooting,) = [e for e in events(body, "2015-11-24") if e.type == "violence_against_civilians"]
    assert shooting.figure("killed") is None and shooting.figure("injured").best == 5


def test_two_strikes_of_one_day_with_their_own_tolls_far_apart_stay_two() -> None:
    # corpus/news 044 (Meduza, 10 October 2023): the shelling of Nikopol (four dead) and the strike on a cafe in
    # Hroza, Kharkiv region (55 dead), told in one digest of the day
    body = (
        "Хронику событий 10 октября смотрите здесь.\n"
        "Главные новости:\n"
        "Четыре человека погибли, двое ранены при российском ракетном обстреле Никополя.\n"
        "СБУ обвинила двух жителей Харьковской области в том, что они навели российскую ракету на цель в селе Гроза. "
        "По последним данным, в кафе погибли 55 человек."
    )
    strikes = [e for e in events(body, "2023-10-10") if e.type == "remote_violence"]
    assert sorted(e.figure("killed").best for e in strikes) == [4, 55]


def test_a_home_invasion_is_violence_against_civilians() -> None:
    # train/gva (tune half): a robbery of a home is no state's invasion; "a home invasion suspect" names a person
    (e,) = events("During a home invasion Saturday night, a 9-month-old baby was killed.", "2014-05-11")
    assert (e.type, e.date.start, e.figure("killed").best) == ("violence_against_civilians", "2014-05-10", 1)


@pytest.mark.parametrize(
    "body",
    [
        # train/gva (tune half): one person's ambush is no battle between organised forces
        "A 24-year-old man with a shotgun ambushed officers responding to a 911 call on Lathrop Avenue in River "
        "Forest early Sunday morning, police said.",
        "An innocent family coming home from an outing was ambushed by at least one shooter Monday night, leaving a "
        "mother and a grandmother dead, and an 11-month-boy and two men wounded, police said.",
        # corpus/gva (Ballwin): one officer ambushed, after the report's shooting
        "Officer Mike Flamion was critically injured during a shooting on Ballwin on Friday. St. Louis County Police "
        'Chief Jon Belmar said the officer was ambushed. Chief Belmar: "Make no mistake this officer was ambushed"',
    ],
)
def test_one_gunmans_ambush_is_no_battle(body: str) -> None:
    types = {e.type for e in events(body, "2016-07-19")}
    assert "violence_against_civilians" in types and "battle" not in types


def test_an_attack_by_armed_forces_stays_a_battle() -> None:
    # corpus/seed (afgazad): armed forces attack, with no gunman named
    found = events(
        "On September 12, Azerbaijani armed forces launched a massive attack inside the territory of neighboring "
        "Armenia.",
        "2022-09-13",
    )
    assert "battle" in {e.type for e in found}


def test_sentences_read_word_by_word_as_from_the_whole_paragraph() -> None:
    """Tokenising only the words around sentence-final characters, each word once (``sentences._word_spans``), gives
    the spans spaCy's whole reading of the paragraph gives: every paragraph and line of every dev text, in English,
    French and the multi-language pipeline, and generated strings of abbreviations, emoticons (special cases with
    affixes), quotes, white space of every kind and final characters of other scripts; in Russian and Spanish, whose
    special cases may span words, wherever ``_across_words`` finds none."""
    import random

    from conftest import shared_path
    from flashpoint.extract import sentences as S

    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    chunks = [c for t in texts for p in S.PARAGRAPH.finditer(t) for c in (p.group(0), *p.group(0).split("\n"))]
    rng = random.Random(2)
    pieces = ["Mr.", " ", "  ", "\n", "\t", "\xa0", "\u3000", " \n", ".", "!", "?", "...", "…", "。", "।", "¿", "¡",
              "word", "B", "a", "U.S.", "p.m.", "e.g.", "Jan.", "'s", "don't", "'", "’", ":)", ":-)", ":(", "<3", "=)",
              "(", ")", '"', "“", "”", "3.5", "8:30", "-", "--", "—", ";", "http://x.com/a.b", "x@y.z", " ."]  # fmt: skip
    chunks += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(10_000)]
    for lang in ("en", "fr", "xx"):
        nlp = S._nlp(lang)
        assert S._across_words(nlp) is None
        for chunk in chunks:
            assert S._word_spans(nlp, chunk) == S._chunk_spans(nlp, chunk), (lang, chunk[:80])
    more = ["в т.ч.", "в  т. ч.", "т.ч.", "в н.в.", "д-р мед. наук", "EE. UU.", "EE.UU.", "Ee. Uu.", "т.е.", "г."]
    mixed = ["".join(rng.choice(pieces + more) for _ in range(rng.randint(0, 25))) for _ in range(5_000)]
    for lang in ("ru", "es"):
        nlp = S._nlp(lang)
        across = S._across_words(nlp)
        assert across is not None
        for chunk in chunks + mixed:
            if across.search(chunk) is None:
                assert S._word_spans(nlp, chunk) == S._chunk_spans(nlp, chunk), (lang, chunk[:80])


def test_items_by_span_are_the_sentences_items_in_order() -> None:
    """``_BySpan.within`` is the pass over every item it replaces: the same items in the same order, for items in any
    order, sharing starts, and (read one by one then) ending before they start."""
    import random

    from flashpoint.extract.events import _BySpan

    rng = random.Random(6)
    for _ in range(300):
        spans = [(b, b + rng.randint(0, 9)) for b in (rng.randint(0, 60) for _ in range(rng.randint(0, 30)))]
        if rng.random() < 0.2:
            spans.append((40, 35))
        items = list(range(len(spans)))
        by = _BySpan(items, spans)
        for begin in range(0, 70, 3):
            for end in range(begin, 75, 4):
                assert by.within(begin, end) == [i for i, (b, e) in enumerate(spans) if begin <= b and e <= end]
