"""Shooting reports' tolls: who was killed and who was injured, told with or without a number.

The sentences are quoted from news reports in ../shared/train/gva and ../shared/corpus/gva (the Gun
Violence Archive's sources), whose incidents' true counts are the ones asserted here; a date is added where
the report gave none in the sentence, so that the event is coded.
"""

from __future__ import annotations

import pytest

from conftest import shared_path
from flashpoint.records import Span
from test_extract import events


def _toll(body: str) -> tuple[int | None, int | None]:
    (e,) = events(body)
    killed, injured = e.figure("killed"), e.figure("injured")
    return (killed.best if killed else None, injured.best if injured else None)


@pytest.mark.parametrize(
    ("body", "killed", "injured"),
    [
        # an adverb between the auxiliary and the participle
        ("A 14-year-old boy was accidentally shot Monday in the stomach when his mother's ex-husband was "
         "handling a 9 mm handgun.", None, 1),
        # the victim is the object of an active verb
        ("Vermont State Police say a man cleaning his handgun at a campsite accidentally shot his 9-year-old "
         "daughter in the stomach on Sunday, sending her to the intensive care unit.", None, 1),
        # "another" told by the condition it is in
        ("Three people were killed and another critically injured in a shooting Monday at a berry farm outside "
         "Woodburn.", 3, 1),
        # the shooter who killed himself is counted, as the Gun Violence Archive counts him
        ("Ali Syed, a 20-year-old community college student, has been identified as the gunman who killed three "
         "people and then himself in Orange County, Calif., on Tuesday.", 4, None),
        # an age in apposition closed by a dash is no toll; the shooter who turned his gun on himself is one dead
        ("Investigators believe the male suspect — Timothy Nelson Obeshaw, 57 — shot Sharon Elizabeth Watson, "
         "37, and Emma, and then fatally turned his gun on himself at about 7:50 p.m. Thursday outside the "
         "sports complex.", 1, None),
        # two victims told one by one in one sentence
        ("Police say the uncle was shot in the hand, while the child was shot in the chest on Sunday, although "
         "not through the chest cavity, according to authorities.", None, 2),
        # a named victim "shot and killed" is killed, not injured
        ("Seichter was shot and killed on Dec. 22, 2015.", 1, None),
        # a named victim injured; a victim told by the condition he is in
        ("Officer Mike Flamion was critically injured during a shooting on Ballwin on Friday.", None, 1),
        ("A police officer is in critical, stable condition after being shot Friday morning, according to the "
         "Ballwin Police Department.", None, 1),
        # the injured told by a number and "recovering"
        ("Four people are recovering at San Antonio hospitals after being shot outside of a Northeast Side bar "
         "early Saturday morning.", None, 4),
        # a station's name is no count ("22News")
        ("Jeffrey Baillargeon told 22News a 17-year-old boy was shot in the leg on Sackett Street, Saturday, and "
         "taken to a local hospital for treatment.", None, 1),
        # ... nor is a station's number ("told Cleveland 19 that she is recovering")
        ("A teenage girl was shot in the arm during a robbery Friday night. Her parents confirmed to Cleveland 19 "
         "that she is recovering well at home.", None, 1),
        # an age in apposition to a common noun ("student, 17,")
        ("Police said the student, 17, was fatally shot Friday in Detroit.", 1, None),
        # a shooting named by how many it struck; a toll revised ("later raised to five")
        ("When officers arrived on Sunday, they found Lyman and another victim after a quadruple shooting on the "
         "city's east side. Lyman was pronounced dead at the hospital.", 1, 3),
        ("LMPD originally reported on Sunday that four other people were injured in the shooting; that number was "
         "later raised to five.", None, 5),
        # "fatally injuring" is no injury; "also shot, but survived" is one
        ("Deputies say one person's gun discharged in a hunting accident on Saturday, fatally injuring the person "
         "loading the muzzleloader.", 1, None),
        ("Rodriguez was shot and killed June 1 while walking with her mother. Her mother was also shot, but "
         "survived.", 1, 1),
        # three capitalised words between the determiner and the person noun
        ("A 17-year-old Holmes County teenager was found dead with gunshot wounds in Lexington on Friday.", 1, None),
        # a count after one victim named in the same list counts that victim too, with the list's verb
        ("Police said he shot his girlfriend and her three teenage daughters at an apartment complex on Friday "
         "and then fled the scene barefoot.", None, 4),
        ("A woman, who was simply trying to get ready for bed, and three men were hospitalized after more than "
         "two dozen shots rang out Wednesday night.", None, 4),
        # "was shot ... and died days later"
        ("Demello was shot last year while walking with Brown in the woods and died days later.", 1, None),
        # "struck" after a count is shot; a victim "on the road to recovery" is injured
        ("Police said 4 people were struck after 27 shots were fired on Daggett Street on Wednesday night.", None, 4),
        ("A 7-year-old boy is on the road to recovery after a shooting in Miami on Saturday.", None, 1),
        # "18 year-old" without hyphens; "suffering from", "with a gunshot wound", "remains hospitalized",
        # "in temporary serious condition", "the injured man"
        ("Reports stated that an 18 year-old male was shot in the leg on Wednesday.", None, 1),
        ("Officers located a nine-year-old female suffering from a gunshot wound on Sunday.", None, 1),
        ("A 1-year-old boy remains hospitalized after he was accidentally shot on Sunday.", None, 1),
        ("The injured man was driven to a hospital after a shooting on Sunday.", None, 1),
        # the dead victim told before dying is no injured one
        ("A 3-year-old boy was shot and killed on Sunday. Officers found the boy suffering from a gunshot wound.",
         1, None),
        # "shot at" a place is hit there; "shot at" a target is fired upon
        ("Police said 4 people were shot at a busy Memphis bowling alley on Tuesday night.", None, 4),
        # deaths that were no violence are no toll
        ("Two weeks ago the names of two students killed in a traffic accident were painted on the rock. Austin "
         "Hedrick died Friday night after a rifle accidentally discharged in the truck he was riding in.", 1, None),
        # the shot who lived are the injured, the ones "in serious condition" a part of them
        ("Eight people were shot Sunday after a Durham drive-by, one of them in serious condition.", None, 8),
        # the injured victim then told dead by a pronoun is one dead victim
        ("Deputies responded to a shooting on Wednesday. They found a 16 year old boy with a gunshot wound in his "
         "chest. He was pronounced dead at the hospital.", 1, None),
        # a named victim with an age and more in apposition ("Amanda Ghossien, a 24-year-old white female, died")
        ("Juan Carlos Landaverde, a 26-year-old Latino male, died Sunday, Dec. 25, after being shot in Boyle Heights, "
         "according to Los Angeles County coroner's records.", 1, None),
        ("Smith, a 30-year-old man, was shot in the leg on Sunday.", None, 1),
        # an amount is no count of people ("$1 million", a bond)
        ("Bond was set at $1 million on Saturday for the second man charged with a shooting that left two people "
         "dead.", 2, None),
        # train/gva: "has died"; a victim named with an age in apposition ("Matt Anderson, 15, died")
        ("Detroit police say a child has died after she accidentally shot herself with her grandma's gun on "
         "Tuesday.", 1, None),
        ("Matt Anderson, 15, died nearly 6 months ago, on March 1, killed by a gunshot wound to his chest.", 1,
         None),
        # shot, then pronounced dead
        ("The victim was shot in the back and pronounced dead at the scene in a field near N. Lima Center Road on "
         "Sunday.", 1, None),
        # train/gva: "one gunshot wound" counts wounds, not people
        ("Police say he was in his family's upstairs apartment on Monday when a single gunshot came through the "
         "window. He immediately fell to the floor and eventually died from one gunshot wound.", None, None),
        # train/gva: "non life-threatening" among the words of a wound suffered
        ("The first shooting incident occurred on Friday in the 2700 block of N. 23rd Street. According to police, "
         "a 27-year-old Milwaukee man suffered a non life-threatening gunshot wound.", None, 1),
        # groups of people counted one after another share the cue after the last (train/gva)
        ("DENVER -- A shooting in downtown Denver left three women and one man injured early Monday morning, the "
         "Denver Police Department said.", None, 4),
        # a list of people, the later ones without their article, counts each (corpus/gva's Fort Collins report)
        ("A man, woman and boy were wounded late Tuesday in a Fort Collins shooting that police say happened during "
         "an altercation between two groups.", None, 3),
        ("A man and woman were shot Tuesday night in Denver.", None, 2),
        ("A man, 18, and a woman, 20, were shot Tuesday night in Denver.", None, 2),
        # a round-up's totals are no one shooting's; the shooting told after it gives its own
        ("Two men were killed and eight others have been wounded in separate shootings across the city since late "
         "Wednesday morning. A man was killed and three others were wounded Wednesday morning in a shooting at a "
         "park.", 1, 3),
    ],
)  # fmt: skip
def test_a_shooting_reports_toll(body: str, killed: int | None, injured: int | None) -> None:
    assert _toll(body) == (killed, injured)


def test_a_victim_named_again_is_not_counted_twice() -> None:
    body = (
        "A 7-year-old girl and her mother were shot Wednesday night on the West Side after a fight at a basketball "
        "court, and the girl was shot in the head."
    )
    assert _toll(body) == (None, 2)


def test_a_titles_toll_is_the_first_events() -> None:
    """The cleaner keeps a title out of the text; its toll ("1 dead, 3 critically injured") is read as a headline
    told before the first event, with its span in the title. A station's number in it ("Action News 5") is
    no count, and the text's number replaces the title's vague word ("Several injured")."""
    from flashpoint.clean import clean
    from flashpoint.extract.events import extract_mentions
    from flashpoint.geo.gazetteer import default_gazetteer
    from flashpoint.link.within import merge_document
    from flashpoint.records import RawDocument

    def toll(title: str, body: str) -> tuple[int | None, int | None, object]:
        a = clean(RawDocument("t.txt", f"{title}\n\n2014-08-29\n\n{body}\n".encode(), "text/plain"))
        (e,) = merge_document(extract_mentions(a, default_gazetteer())[0])
        killed, injured = e.figure("killed"), e.figure("injured")
        return (killed.best if killed else None, injured.best if injured else None, injured and injured.title)

    k, i, where = toll(
        "1 dead, 3 critically injured after Allgood Grocery shooting - Action News 5 - Memphis, Tennessee",
        "A 50-year-old man was shot and killed at Allgood Grocery on Friday.",
    )
    assert (k, i) == (1, 3) and where is not None
    assert toll(
        "Several injured, 1 dead in overnight Savannah shooting",
        "One man was killed and three others were wounded in a shooting on Friday night.",
    )[:2] == (1, 3)


def test_a_victims_condition_four_paragraphs_on_is_the_shootings() -> None:
    body = (
        "DeKalb County police are investigating the shooting of a 4-year-old child on Saturday.\n\n"
        "The victim's uncle says the victim was visiting him at the apartments.\n\n"
        "Police say there was an attempted robbery near the apartment complex.\n\n"
        "The victim's uncle says he immediately put the boy in his Jeep.\n\n"
        "The 4-year-old is in critical condition."
    )
    assert _toll(body) == (None, 1)


def test_victims_counted_again_with_one_more() -> None:
    body = (
        "Police say a 12-year-old child was accidentally shot in Atlanta on New Year's Day.\n\n"
        "Police say the uncle was shot in the hand, while the child was shot in the chest, according to "
        "authorities."
    )
    assert _toll(body) == (None, 2)


def test_a_day_of_a_month_is_no_toll() -> None:
    # corpus/gva: "... camped out since Nov. 15, when police fatally shot Jamar Clark" was read as 15 killed
    body = "Protesters have camped out at the precinct since Nov. 15, when police fatally shot Jamar Clark."
    assert all((e.figure("killed") is None or e.figure("killed").best != 15) for e in events(body))  # type: ignore[union-attr]


def test_a_round_ups_total_broken_down_is_not_one_shootings_toll() -> None:
    # corpus/gva: a round-up (its title counts several shootings) tells its total again, broken down by "including"
    from flashpoint.clean import clean
    from flashpoint.extract.events import extract_mentions
    from flashpoint.geo.gazetteer import default_gazetteer
    from flashpoint.link.within import merge_document
    from flashpoint.records import Article, RawDocument

    body = ("Seven men were wounded by gunfire on the South and West sides Monday, including four men who were shot "
            "by a lone gunman while they gathered on an Englewood porch.")  # fmt: skip
    raw = f"Seven Wounded In Shootings On South, West Sides\n\n2013-04-23\n\n{body}\n"
    a = clean(RawDocument("t.txt", raw.encode(), "text/plain"))
    assert isinstance(a, Article)
    mentions, _ = extract_mentions(a, default_gazetteer())
    injured = [e.figure("injured") for e in merge_document(mentions)]
    assert [f.best for f in injured if f is not None] == [4]


@pytest.mark.parametrize(
    ("report", "figure", "wrong"),
    [
        ("4719", "killed", 6067),  # "call ... the Homicide Unit at 303-739-6067": a telephone number
        ("3095", "killed", 30),  # "killing Jamal Berry, 30 after the pair had an argument": an age
        ("2952", "killed", 21),  # "He turned 21 shortly before he was killed": an age
        ("3037", "killed", 9),  # "after he stabbed K-9 Aren" (the title): a designation
        ("2159", "injured", 11),  # "she was shot once in the chest": Spanish "once" (eleven) in English
        ("1921", "injured", 6),  # "Man hospitalized after Feltonville shooting | 6abc.com": a station's domain
    ],
)
def test_numbers_that_count_no_one_in_real_reports(report: str, figure: str, wrong: int) -> None:
    """Reports of the Gun Violence Database (read in place; benchmarks/eval_gvdb.py) where a number that counts
    no one was read as the toll."""
    import csv
    import json
    import sys

    from flashpoint.pipeline import process_raw
    from flashpoint.records import RawDocument

    csv.field_size_limit(sys.maxsize)
    path = shared_path("train", "gvdb_gun_violence_database", "dev.tsv")
    with path.open(encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh, delimiter="\t") if r["Article id"] == report)
    assert json.loads(row["Json"])  # the annotated row
    raw = RawDocument(
        f"gvdb/{report}", row["Full text"].encode(), "text/plain", row["Article url"], row["Article title"]
    )
    result = process_raw(raw)
    assert result.ok and (result.mentions or result.undated)
    told = [f.best for m in (*result.mentions, *result.undated) for name, f in m.figures if name == figure]
    assert wrong not in told, told


def _titled_toll(title: str, body: str) -> tuple[int | None, int | None]:
    from flashpoint.clean import clean
    from flashpoint.extract.events import extract_mentions
    from flashpoint.geo.gazetteer import default_gazetteer
    from flashpoint.link.within import merge_document
    from flashpoint.records import Article, RawDocument

    a = clean(RawDocument("t.txt", f"{title}\n\n2014-06-30\n\n{body}\n".encode(), "text/plain"))
    assert isinstance(a, Article)
    (e, *_) = merge_document(extract_mentions(a, default_gazetteer())[0])
    killed, injured = e.figure("killed"), e.figure("injured")
    return (killed.best if killed else None, injured.best if injured else None)


@pytest.mark.parametrize(
    ("title", "body", "toll"),
    [
        # train/gva: a headline drops the article ("Teen fatally shot"), after a source's label ("HPD:")
        ("HPD: Teen fatally shot while laying out clothes for work in bedroom",
         "The shooting happened as the teen was laying out his clothes for work inside an apartment complex on "
         "Ranchester near Bellaire in southwest Houston.", (1, None)),
        # a headline's present tense ("dies")
        ("Child dies in accidental shooting",
         "Bossier Sheriff's Office deputies were dispatched to the residence to investigate a shooting incident "
         "involving a young boy.", (1, None)),
        # the dead as the object of a killing or a death in a legal step's headline
        ("Teen charged with killing uncle in Shreveport",
         "Shreveport Police say Josh was shot inside a car parked on the shoulder of Barrett Street at the "
         "intersection of Wilkinson Street.", (1, None)),
        # a parent's children are no toll ("Father of 3")
        ("Arlington Shooting Kills Father of 3; Three Others Injured",
         "Ketron Nathan, a father of three with a fourth child on the way, was shot and killed early Sunday in a "
         "shooting at the bar.", (1, 3)),
        # an adverb with no auxiliary ("accidentally shot"): one victim shot, who lived
        ("Police: Toddler accidentally shot in foot by 3-year-old brother",
         "The two boys were at their grandfather's home about 18 miles west of Snowville at the time of the "
         "shooting early Tuesday afternoon, said Box Elder County Sheriff's Chief Deputy Dale Ward.", (None, 1)),
    ],
)  # fmt: skip
def test_a_headlines_one_victim(title: str, body: str, toll: tuple[int | None, int | None]) -> None:
    assert _titled_toll(title, body) == toll


def test_a_headlines_shooter_is_no_victim() -> None:
    from flashpoint.extract.casualties import find_headline_victim

    # train/gva: "shot 4" has an object, so the teen is the shooter ("is killed by cops" is not at its head)
    assert find_headline_victim("Teen who shot 4, including 2 ATF agents, is killed by cops, police say") is None
    kind, fig = find_headline_victim("10-Year-Old Girl Dies After Being Shot") or ("", None)
    assert kind == "killed" and fig is not None and fig.span == Span(0, 21)


def test_an_area_code_is_no_toll() -> None:
    # train/gva (LA Times Homicide Report): "(323) 890-5500" was read as 323 killed
    body = (
        "Kenneth Mills, a 22-year-old black man, was shot and killed May 23 in the 9500 block of Flower Street in "
        "Bellflower, according to Los Angeles County coroner's records.\n\n"
        "Anyone with information can call the Sheriff's Department Homicide Bureau at (323) 890-5500."
    )
    assert all(e.figure("killed") is None or e.figure("killed").best != 323 for e in events(body))  # type: ignore[union-attr]


def test_all_of_a_group_is_the_group_told_again() -> None:
    # train/gva: "All five had gunshot wounds" tells the dead again, no five injured
    body = (
        "A man and woman, both 35 years old, were found dead inside the home on Sunday, as were three children. "
        "All five had gunshot wounds."
    )
    assert _toll(body)[1] is None


def test_a_round_up_of_incidents_is_no_one_shootings_toll() -> None:
    # train/gva: "Six shot in three separate incidents" counts three shootings, none of them one event's toll
    title = "Violent Friday night, Saturday morning in Milwaukee: Six shot in three separate incidents"
    body = (
        "The first shooting incident occurred in the 2700 block of N. 23rd Street (23rd and Center) around 10:52 "
        "p.m. on Friday.\n\nAccording to police, a 27-year-old Milwaukee man suffered a non life-threatening "
        "gunshot wound during an ongoing neighborhood dispute."
    )
    assert _titled_toll(title, body)[1] != 6
