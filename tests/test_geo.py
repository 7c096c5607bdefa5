"""The gazetteer: name keys, recognition and resolution on real sentences, the build, event precision, and the
shared place scorer's floor on corpus/geo."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, shared_path
from flashpoint.geo.build import build
from flashpoint.geo.gazetteer import Hit, default_gazetteer
from flashpoint.geo.names import key, stem_key
from flashpoint.geo.precision import event_location
from flashpoint.records import Place, Span


def places(text: str, lang: str = "en") -> list[Hit]:
    return [h for h in default_gazetteer().find(text, lang) if h.entry.kind != "demonym"]


def test_keys_fold_case_accents_and_punctuation() -> None:
    assert key("St. Cloud") == key("st cloud")
    assert key("Düsseldorf") == "dusseldorf"
    assert stem_key("Донецкой области") == stem_key("Донецкая область")
    assert stem_key("Харькове") == stem_key("Харьков")
    assert stem_key("Kyiv") is None


@given(st.text(max_size=40))
def test_keys_never_fail_and_are_idempotent(name: str) -> None:
    assert key(key(name)) == key(name)


def test_russian_inflected_region_resolves() -> None:
    hits = places("Обстрелы продолжаются в Донецкой области и в Харькове.", "ru")
    by_text = {h.text: h.entry for h in hits}
    assert by_text["Донецкой области"].country == "UKR"
    assert by_text["Донецкой области"].kind == "admin1"
    assert by_text["Харькове"].country == "UKR"
    assert by_text["Харькове"].kind == "city"


def test_russian_words_that_begin_like_a_country_name_are_no_country() -> None:
    # Того and Самоа do not decline ("тогда", "самолёты"); "кубик", "индивидуальный": a name's stem begins them
    text = (
        "Тогда российские самолёты ударили по Киеву, а самопровозглашённые власти раздавали кубики "
        "и индивидуальные пайки; перец чили."
    )
    found = {h.text: h.entry.country for h in default_gazetteer().find(text, "ru")}
    assert found == {"российские": "RUS", "Киеву": "UKR"}


def test_russian_country_names_declined_and_their_adjectives_are_found() -> None:
    text = (
        "На Кубе и в Чили, в Того и на Самоа, в Индии и Латвии; кубинские, латвийские и индийские военные, "
        "кенийцы и армянские власти Армении."
    )
    found = [(h.text, h.entry.country) for h in default_gazetteer().find(text, "ru")]
    assert found == [
        ("Кубе", "CUB"), ("Чили", "CHL"), ("Того", "TGO"), ("Самоа", "WSM"), ("Индии", "IND"), ("Латвии", "LVA"),
        ("кубинские", "CUB"), ("латвийские", "LVA"), ("индийские", "IND"), ("кенийцы", "KEN"), ("армянские", "ARM"),
        ("Армении", "ARM"),
    ]  # fmt: skip


def test_moscow_in_russian_is_the_capital_as_in_english() -> None:
    for text, lang in (("В Москве прошли протесты.", "ru"), ("Protests took place in Moscow.", "en")):
        (hit,) = default_gazetteer().find(text, lang)
        assert (hit.entry.name, hit.entry.kind, hit.entry.country) == ("Moscow", "capital", "RUS")


def test_qualifier_and_document_context_pick_the_right_town() -> None:
    text = (
        "ALEXANDRIA, Minn. - A man was arrested in Alexandria on Tuesday. Douglas County deputies and "
        "St. Cloud police said the car was found near Nelson."
    )
    hits = {h.text: h.entry for h in places(text)}
    assert hits["Alexandria"].country == "USA" and hits["Alexandria"].admin1 == "Minnesota"
    assert hits["Douglas County"].admin1 == "Minnesota"
    assert hits["St. Cloud"].admin1 == "Minnesota"


def test_georgia_country_or_state_by_context() -> None:
    caucasus = places("Armenia and Azerbaijan traded fire while Georgia closed its border.")
    assert {h.text: h.entry.kind for h in caucasus}["Georgia"] == "country"
    us = places(
        "The shooting happened in Atlanta, Georgia, and police in Savannah and Macon were alerted. "
        "Georgia troopers closed the road."
    )
    assert all(h.entry.country == "USA" for h in us if h.text == "Georgia")


def test_common_words_and_people_are_not_places() -> None:
    text = (
        "In May, Jordan Smith said the Police had no leads. Smith and Mr. Austin told reporters "
        "that We would know more soon."
    )
    assert [h.text for h in places(text)] == []


def test_unknown_name_stays_out_and_known_one_has_coordinates() -> None:
    hits = places("Clashes near Batken and in the Fergana Valley, far from Qwzxplk.")
    names = {h.text for h in hits}
    assert "Qwzxplk" not in names
    assert all(h.entry.lat is not None for h in hits)
    assert {"Batken", "Fergana Valley"} <= names


def test_build_is_atomic_and_complete(tmp_path: Path) -> None:
    path = build(tmp_path / "gaz.sqlite")
    assert [p.name for p in tmp_path.iterdir()] == ["gaz.sqlite"]  # no temporary file left
    db = sqlite3.connect(path)
    meta = dict(db.execute("SELECT k, v FROM meta").fetchall())
    assert int(meta["places"]) > 240_000 and int(meta["names"]) > 1_000_000
    kinds = dict(db.execute("SELECT kind, count(*) FROM place GROUP BY kind").fetchall())
    assert kinds["country"] >= 249 and kinds["admin1"] > 3000 and kinds["admin2"] > 3000 and kinds["city"] > 230_000


def test_event_location_prefers_the_most_specific_place() -> None:
    fergana = Place("Fergana Valley", Span(0, 14), None, 40.9, 71.7, "region")
    kyrgyzstan = Place("Kyrgyzstan", Span(20, 30), "KGZ", 41.0, 75.0, "country")
    loc = event_location((kyrgyzstan, fergana), ("KGZ", "TJK"), {})
    assert loc is not None and loc["name"] == "Fergana Valley" and loc["where_prec"] == 5
    town = Place("Batken", Span(40, 46), "KGZ", 40.06, 70.82, "city", "Batken")
    loc = event_location((kyrgyzstan, fergana, town), ("KGZ",), {})
    assert loc is not None and loc["name"] == "Batken" and (loc["where_prec"], loc["geo_precision"]) == (1, 1)
    baku = Place("Baku", Span(50, 54), "AZE", 40.38, 49.89, "capital")
    syunik = Place("Syunik", Span(60, 66), "ARM", 39.5, 46.3, "region")
    loc = event_location((baku, syunik), ("ARM", "AZE"), {})
    assert loc is not None and loc["name"] == "Syunik"
    loc = event_location((), ("ARM",), {"ARM": (40.0, 45.0)})
    assert loc is not None and loc["where_prec"] == 6 and loc["span"] is None
    assert event_location((), (), {}) is None


def test_gazetteer_cli_search_and_unknown_name() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "flashpoint", "gazetteer", "search", "Харькове", "-n", "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(out.stdout)["country"] == "UKR"
    missing = subprocess.run(
        [sys.executable, "-m", "flashpoint", "gazetteer", "search", "Qwzxplk"], capture_output=True, text=True
    )
    assert missing.returncode == 1 and "Qwzxplk" in missing.stderr


def test_shared_geo_scorer_floor(tmp_path: Path) -> None:
    docs = shared_path("corpus", "geo", "docs")
    gold = shared_path("corpus", "geo", "gold.jsonl")
    pred = tmp_path / "pred.jsonl"
    with pred.open("w") as f:
        subprocess.run(
            [sys.executable, "-m", "flashpoint", "extract", str(docs), "--format", "jsonl"], stdout=f, check=False
        )
    scorer = shared_path("tools", "score_geo.py")
    out = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    res = json.loads(out.stdout)
    assert res["f1"] >= 0.85, res  # 0.850 when pinned; 0.857 in session 7 (a place word alone, a titled surname)
    assert res["acc161"] >= 0.895, res  # 0.904 when pinned (0.886 before W_ABROAD and the focus fallback)
    assert res["end_to_end161"] >= 0.78, res  # 0.791 when pinned


def test_a_city_named_like_its_own_division_reads_as_the_city() -> None:
    hits = {h.text: h.entry for h in places("Sarkozy arrived in Moscow; protests in New York and Texas.")}
    assert hits["Moscow"].kind == "capital" and hits["Moscow"].country == "RUS"
    assert hits["New York"].kind == "city"
    assert hits["Texas"].kind == "admin1"


def test_a_country_name_reads_as_a_us_town_when_the_other_places_are_around_it() -> None:
    text = (
        "A 36-year-old Palestine man was arrested Wednesday at an Anderson County residence. Barnett led an "
        "Anderson County sheriff's deputy on a chase into Freestone County and took the U.S. 84 turnoff towards "
        "Fairfield, Texas."
    )
    hits = {h.text: h.entry for h in places(text)}
    assert hits["Palestine"].country == "USA" and hits["Palestine"].admin1 == "Texas"
    abroad = {h.text: h.entry for h in places("Talks between Israel and Palestine resumed in Cairo.")}
    assert abroad["Palestine"].country == "PSE"


def test_a_division_named_like_its_country_or_capital_reads_as_those() -> None:
    hits = {h.text: h.entry for h in places("WASHINGTON (AP) — Mexico and Canada agreed to the trade deal.")}
    assert hits["WASHINGTON"].kind == "capital" and hits["WASHINGTON"].country == "USA"
    assert hits["Mexico"].kind == "country"


def test_abbreviated_names_are_spelled_out_and_namesake_towns_read_together() -> None:
    text = (
        "New London voters approved the levy. Residents of Mt. Pleasant and Winfield will vote next month, "
        "and New London's council meets on Monday."
    )
    hits = {h.text: h.entry for h in places(text)}
    assert {hits[n].admin1 for n in ("New London", "Mt. Pleasant", "Winfield")} == {"Iowa"}


def test_a_town_opening_a_team_name_is_still_a_town_and_a_first_name_is_not() -> None:
    text = (
        "James scored with seconds left to lift the Houston Rockets over the Portland Trail Blazers. The Rockets "
        "swept their season series with Portland, said the medical witness, pediatrician Nancy Kellogg. "
        "Kellogg said the report was updated at 12:48 PM EST Monday."
    )
    found = {h.text for h in places(text)}
    assert "Portland" in found and "Nancy" not in found and "EST" not in found


def test_british_counties_chinese_provinces_and_hyphenated_names() -> None:
    text = (
        "The championship moves from Brands Hatch in Kent to Snetterton in Norfolk, then Thruxton in Hampshire. "
        "The Abu Dhabi-based agency opened an office in Guizhou."
    )
    hits = {h.text: h.entry for h in places(text)}
    assert hits["Kent"].country == "GBR" and hits["Kent"].kind == "admin2"
    assert hits["Norfolk"].country == "GBR" and hits["Hampshire"].country == "GBR"
    assert hits["Abu Dhabi"].country == "ARE"
    assert hits["Guizhou"].kind == "admin1" and hits["Guizhou"].country == "CHN"
    us = {h.text: h.entry for h in places("Kent State University students marched from Kent to Akron, Ohio.")}
    assert us["Kent"].country == "USA"


def test_a_town_naming_a_street_is_context_not_a_place() -> None:
    text = (
        "The Athens Police Department said someone painted the railroad overpass on West Corsicana Street. "
        "A man of 1205 Lone Oak Road was arrested."
    )
    hits = {h.text: h.entry for h in places(text)}
    assert "Corsicana" not in hits and "Lone Oak" not in hits
    corner = "A valve blew on the corner of Lakeview and Harrison streets in downtown Pineville."
    assert not {"Lakeview", "Harrison"} & {h.text for h in places(corner)}
    assert hits["Athens"].admin1 == "Texas"  # Corsicana Street: Athens, Texas, is 60 km from Corsicana


def test_seas_regions_and_countries_without_a_factbook_point() -> None:
    text = (
        "Qatar and Saudi Arabia traded accusations over shipping in the Gulf. Oil rigs in the Gulf of Mexico "
        "were evacuated. Protesters in Kosovo and the U.S. Virgin Islands marched."
    )
    hits = {h.text: h.entry for h in places(text)}
    assert hits["Gulf"].name == "Persian Gulf"
    assert hits["Gulf of Mexico"].kind == "region"
    assert hits["Kosovo"].lat is not None and hits["U.S. Virgin Islands"].lat is not None


def test_a_town_in_a_country_the_article_names_beats_a_namesake_in_one_it_does_not() -> None:
    text = (
        "Organizers of a London rally in support of the people of Aleppo thanked Canada for what it has done. "
        "More than 200 people attended the rally in Victoria Park. An imam of the Islamic Centre in London "
        "said Canada's stand is appreciated."
    )
    hits = [h.entry for h in places(text) if h.text == "London"]
    assert hits and all(h.country == "CAN" for h in hits)
    assert all(
        h.entry.country == "GBR" for h in places("Protesters marched in London on Saturday.") if h.text == "London"
    )


def test_a_day_named_after_a_saint_is_no_place() -> None:
    assert "St. Patrick" not in {h.text for h in places("St. Patrick's Day parades were held in Madison County.")}


def test_names_listed_before_counties_are_counties() -> None:
    text = "Volunteers from Camden and Charlton counties in Georgia and Nassau and Baker counties in Florida came."
    hits = {h.text: h.entry for h in places(text)}
    assert {n: (hits[n].kind, hits[n].admin1) for n in ("Camden", "Charlton", "Nassau", "Baker")} == {
        "Camden": ("admin2", "Georgia"),
        "Charlton": ("admin2", "Georgia"),
        "Nassau": ("admin2", "Florida"),
        "Baker": ("admin2", "Florida"),
    }


def test_a_broadcasters_city_is_a_place_and_a_clubs_is_not() -> None:
    found = {h.text for h in places("Jessica Hansen told CTV Winnipeg. AC Milan and Inter will tour the U.S.")}
    assert "Winnipeg" in found and "Milan" not in found
    road = "The road from the A429 Cirencester junction will close, affecting people travelling to Cirencester."
    assert [h.text for h in places(road)] == ["Cirencester", "Cirencester"]  # a road number is no first name


def test_the_publishers_country_code_domain_is_a_weak_prior() -> None:
    from flashpoint.geo.gazetteer import home_country

    assert home_country("https://www.bbc.co.uk/news/uk-1") == "GB" and home_country("http://cbc.ca/x") == "CA"
    assert home_country("https://www.nytimes.com/a") is None and home_country("https://news.tv/a") is None
    # the host as a URL parser reads it: credentials, a port, a query or no scheme; a malformed URL gives none
    assert (
        home_country("https://reader:pw@www.lemonde.fr:443/x?from=a.com#b") == "FR" and home_country("cbc.ca/x") == "CA"
    )
    assert home_country("https://[::1/x") is None and home_country(" ") is None
    text = "Flooding closed roads in Richmond and Kent."
    assert {h.entry.country for h in default_gazetteer().find(text, "en", "GB")} == {"GBR"}
    assert {h.entry.country for h in default_gazetteer().find(text, "en", None)} == {"USA"}


def test_a_surname_closing_a_long_run_before_said_is_a_person() -> None:
    text = (
        "Gainesville City Elections turnout was high, Supervisor of Elections Pam Carpenter said. "
        "Carpenter said students voted."
    )
    assert "Carpenter" not in {h.text for h in places(text)}
    text = '"It was the first theater in Hartford," Robertson said. Robertson and her father ran it.'
    assert "Robertson" not in {h.text for h in places(text)}
    assert "Moscow" in {h.text for h in places("Moscow said the talks in Geneva had failed.")}


def test_a_town_the_gazetteer_lacks_in_the_state_the_text_names_reads_as_that_state() -> None:
    text = (
        "Hundreds of mourners met in St. Paris, while her father sat in a prison cell in Orient, Ohio. Family "
        "members said he is held at the Correctional Reception Center in Orient."
    )
    orient = [h.entry for h in places(text) if h.text == "Orient"]
    assert orient and all(e.kind == "admin1" and e.admin1 == "Ohio" for e in orient)
    alexandria = [
        h.entry for h in places("Alexandria, Minn. A man from Alexandria was hurt.") if h.text == "Alexandria"
    ]
    assert {(e.kind, e.admin1) for e in alexandria} == {("city", "Minnesota")}


def test_counties_after_the_word_and_a_county_named_bare() -> None:
    text = "OMAHA -- The state's three largest counties, Douglas, Lancaster and Sarpy, grew in Nebraska."
    hits = {h.text: h.entry for h in places(text)}
    assert (hits["Douglas"].kind, hits["Douglas"].admin1) == ("admin2", "Nebraska")
    assert (hits["Lancaster"].kind, hits["Lancaster"].admin1) == ("admin2", "Nebraska")
    text = "The Community Foundation of Boone County met in Zionsville. The Western Boone Education Foundation gave."
    boone = [h.entry for h in places(text) if h.text == "Boone"]
    assert boone and boone[0].admin1 == "Indiana"


def test_names_news_uses_for_something_else_are_no_places() -> None:
    found = {h.text for h in places("El Niño brought rain to Lima, Xinhua reported. Mail pstone@palestineherald.com")}
    assert found == {"Lima"}  # nor a country's stem inside an e-mail address


def test_a_name_joined_by_an_ampersand_is_a_firm() -> None:
    found = {h.text for h in places("Columbia owes design firm Stevens & Wilkinson money; Trinidad & Tobago agreed.")}
    assert "Stevens" not in found and "Trinidad & Tobago" in found


def test_an_alternate_name_sharing_no_word_does_not_beat_towns_of_that_name() -> None:
    from flashpoint.geo.gazetteer import _candidates

    names = {e.name for e in _candidates(default_gazetteer().index, "Lone Oak")}
    assert "Lone Oak" in names and "Okolona" not in names
    assert "Saint Petersburg" in {e.name for e in _candidates(default_gazetteer().index, "St. Petersburg")}


def test_indians_after_a_peoples_name_are_no_indias() -> None:
    hits = default_gazetteer().find("The team ministered to the Quiche Indians on the coast. Many Indians work abroad.")
    assert [h.text for h in hits if h.entry.country == "IND"] == ["Indians"]  # only the second


def _doc(name: str) -> str:
    return shared_path("corpus", "geo", "docs", name).read_text(encoding="utf-8")


def test_a_country_nothing_else_lies_in_reads_as_the_namesake_town_where_the_other_places_are() -> None:
    # a Minnesota weekly: "The Jordan resident was flown to North Memorial Medical Center in Robbinsdale"
    jordan = [h.entry for h in places(_doc("lgl-38551523.txt")) if h.text == "Jordan"]
    assert jordan and all(e.country == "USA" and e.admin1 == "Minnesota" for e in jordan)
    # the country when the article has other places in it, or makes it own something
    abroad = {h.text: h.entry for h in places("Syrian refugees in Amman and Irbid: Jordan hosts 600,000 of them.")}
    assert abroad["Jordan"].kind == "country" and abroad["Jordan"].country == "JOR"
    trip = {
        h.text: h.entry
        for h in places("A Fort Worth family returned from a trip to Haiti and Jordan, the Arlington church said.")
    }
    assert trip["Jordan"].country == "JOR"  # the article names another country: it is about the world
    club = {h.text: h.entry for h in places(_doc("lgl-41761813.txt"))}
    assert club["Mexico"].country == "MEX"  # "Officials from Mexico's Club America ... stadium in Arlington"


def test_a_local_village_the_index_lacks_reads_as_the_articles_focus_division() -> None:
    # Logan, Missouri is below cities500: among Greene County, Rogersville and Springfield it is not Logan, Utah
    hits = places(_doc("lgl-41607031.txt"))
    logan = [h.entry for h in hits if h.text == "Logan"]
    assert logan and all(e.kind == "admin1" and e.admin1 == "Missouri" for e in logan)
    assert all(abs(e.lat - 37.01) < 1.0 and abs(e.lon + 93.62) < 1.0 for e in logan if e.lat and e.lon)
    assert all(h.entry.kind == "city" for h in hits if h.text == "Rogersville")
    # a county is named from afar: "Knockhill (Fife)" among English circuits stays in Scotland
    fife = [h.entry for h in places(_doc("gwn-296.txt")) if h.text == "Fife"]
    assert fife and fife[0].admin1 == "Scotland"


def test_a_towns_police_names_the_town() -> None:
    # train/gva tune reports: a small town before "police" is kept, and read as a town, not a namesake province
    text = "Brooksville police: Three killed, one injured in shooting\n\nThree people were shot to death and another "
    text += "was injured in Brooksville on Friday night."
    assert {(h.text, h.entry.country) for h in places(text)} == {("Brooksville", "USA")}
    text = "3-year-old shot in South Toledo\n\nToledo police on the scene at Prouty Avenue."
    assert {(h.text, h.entry.country, h.entry.kind) for h in places(text)} == {("Toledo", "USA", "city")}
    assert [h.entry.country for h in places("Georgia police said the man was shot.")] == ["GEO"]  # a country stays


def test_a_province_smaller_than_a_namesake_town_reads_as_the_town() -> None:
    assert [(h.entry.country, h.entry.kind) for h in places("A 3-year-old was shot in South Toledo.")] == [
        ("USA", "city")
    ]


def test_an_agencys_place_word_and_a_titled_surname_are_no_places() -> None:
    text = "Louisville Metro police are investigating after a teenager riding in a car is grazed in the head."
    assert [h.text for h in places(text)] == ["Louisville"]
    assert places('"We are allowing everybody to grieve at this time," Lt. Ireland said.') == []
    text = "Three shots were fired at Ninth and Liberty streets as Johnny A. Lopez drove south on Ninth. Lopez' car "
    text += "backed up north into a stop sign."
    assert [h.text for h in places(text)] == []


def test_a_name_qualified_once_is_that_place_throughout() -> None:
    text = "Shooting victim walks into emergency room at Richmond hospital - NBC12 - WWBT - Richmond, VA\n\n"
    text += "Richmond police were at Chippenham Hospital after a man walked into the emergency room."
    assert {h.entry.country for h in places(text) if h.text == "Richmond"} == {"USA"}


def test_the_county_and_street_list_gates_hold_what_every_match_holds() -> None:
    """A text without a county or street word skips the list patterns: the words are the patterns' required
    strings (case-sensitive patterns, so as written), and every match on the dev texts holds one."""
    import re

    from flashpoint.extract.scan import required_strings
    from flashpoint.geo import gazetteer as gz

    for patterns, words in (
        ((gz._COUNTY_LIST, gz._COUNTIES_THEN_LIST), gz._COUNTY_WORDS),
        ((gz._STREET_LIST,), gz._STREET_WORDS),
    ):
        assert all(not p.flags & re.IGNORECASE for p in patterns)
        assert set().union(*(required_strings(p) or {""} for p in patterns)) == set(words)
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    found = 0
    for text in texts:
        for p, words in ((gz._COUNTY_LIST, gz._COUNTY_WORDS), (gz._COUNTIES_THEN_LIST, gz._COUNTY_WORDS),
                         (gz._STREET_LIST, gz._STREET_WORDS)):  # fmt: skip
            for m in p.finditer(text):
                assert any(w in m.group() for w in words)
                found += 1
    assert found > 10


def test_readings_support_as_each_pair_of_readings_does(monkeypatch) -> None:
    """``_Readings.support`` (the coherence term's readings set out once) gives ``_support``'s value for every reading
    of every name against every other name's readings, on the names of dev texts, with made-up readings around the
    300 km and 2.7-degree edges and readings without a point."""
    from flashpoint.geo import gazetteer

    seen: list[tuple[gazetteer.Entry, ...]] = []
    real = gazetteer._coherence

    def spy(top: dict[str, tuple[gazetteer.Entry, ...]]) -> dict[tuple[str, gazetteer.Entry], float]:
        seen.extend(top.values())
        return real(top)

    monkeypatch.setattr(gazetteer, "_coherence", spy)
    for path in sorted(shared_path("corpus").glob("*/docs/*.txt"))[::12]:
        default_gazetteer().find(path.read_text(encoding="utf-8"))
    edge = [
        gazetteer.Entry(f"p{i}", "USA", kind, 40.0 + d, -90.0 + d / 2, cc="US", admin1_code=a1)
        for i, (kind, d, a1) in enumerate(
            [
                ("city", 0.0, "IL"),
                ("city", 0.899, "IL"),
                ("city", 2.699, "MO"),
                ("city", 2.7, "MO"),
                ("admin1", 2.71, "IA"),
                ("capital", -2.69, "IL"),
                ("admin2", 1.35, "IN"),
                ("country", 0.0, None),
                ("continent", 1.0, None),
                ("region", 0.5, None),
                ("landmark", 0.2, "IL"),
                ("demonym", 0.0, None),
            ]
        )
    ]
    seen += [tuple(edge), (gazetteer.Entry("x", None, "city"), *edge[:3]), (replace(edge[0], lon=None),)]
    for readings in seen:
        r = gazetteer._Readings(readings)
        for other in seen:
            for c in other:
                assert r.support(c) == gazetteer._support(c, readings)


def _plain_starts(lexicon, text: str) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    """``NameLexicon._starts`` as it read every word before the words' starts were kept."""
    from flashpoint.geo.gazetteer import _WORD_START

    exact: list[int] = []
    stems: list[int] = []
    for m in _WORD_START.finditer(text):
        word, start = m.group().lower(), m.start()
        if word in lexicon._exact_first:
            exact.append(start)
        near = lexicon._stem_first.get(word[:2])
        if near and any(text[start : start + len(s)].lower() == s for s in near):
            stems.append(start)
    return exact, stems


def test_lexicon_starts_as_reading_every_word() -> None:
    """The places the lexicon's patterns are tried at, with each word's starts kept, are those of reading every word:
    on the dev texts and on generated strings of stems' and names' pieces, capitals that lower to two characters
    ("İ"), sigmas and the address characters around words (the kept words emptied on the way)."""
    import random
    import re

    from flashpoint.geo import gazetteer as gz

    # what ``_word_starts`` relies on: no character outside ``\w`` has a lower case that is or holds one
    assert not [c for c in map(chr, range(0x110000)) if not re.match(r"\w", c) and re.search(r"\w", c.lower())]
    lexicon = gz.default_lexicon()
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    for text in texts:
        assert lexicon._starts(text) == _plain_starts(lexicon, text)
    rng = random.Random(9)
    stems = [s for near in lexicon._stem_first.values() for s in near]
    pieces = [*stems, *rng.sample(sorted(lexicon._exact_first), 200), "İ", "Σ", "σ", "ς", "I", "ı", "ß", "ǅ"]
    pieces += [" ", " ", "-", ".", "@", "_", "'", "1", "\n", "ая", "ск", "Ин", "СА", "in", "is", "Af"]
    for n in range(6000):
        if n == 3000:
            lexicon._words.clear()
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        text = "".join(ch.upper() if rng.random() < 0.2 else ch for ch in text)
        assert lexicon._starts(text) == _plain_starts(lexicon, text), text


def test_joint_as_each_pick_does(monkeypatch) -> None:
    """``_joint`` over the picks set out once (``_Picks``) gives, to the bit, the sum over the other names' picks
    of ``_support`` in their order, on the rounds of dev texts and on picks made up around the 100 km, 300 km and
    2.7-degree edges, of every kind, without a point and sharing countries and divisions."""
    import math
    import random

    from flashpoint.geo import gazetteer

    def plain(top: dict[str, tuple[gazetteer.Entry, ...]], picked: dict[str, gazetteer.Entry]) -> dict:  # type: ignore[type-arg]
        out = {}
        n = max(1.0, math.sqrt(max(0, len(top) - 1)))
        for k, cands in top.items():
            others = [(p,) for k2, p in picked.items() if k2 != k]
            for c in cands:
                out[(k, c)] = sum(gazetteer._support(c, o) for o in others) / n
        return out

    real = gazetteer._joint
    checked = 0

    def spy(top, picked):  # type: ignore[no-untyped-def]
        nonlocal checked
        fast = real(top, picked)
        slow = plain(top, picked)
        assert list(fast) == list(slow)
        assert all(math.copysign(1, v) == math.copysign(1, slow[k]) and v == slow[k] for k, v in fast.items())
        checked += 1
        return fast

    monkeypatch.setattr(gazetteer, "_joint", spy)
    for path in sorted(shared_path("corpus").glob("*/docs/*.txt"))[::6]:
        default_gazetteer().find(path.read_text(encoding="utf-8"))
    assert checked > 20
    rng = random.Random(9)
    kinds = ["city", "capital", "admin2", "admin1", "country", "demonym", "continent", "region", "landmark", "sea"]
    for _ in range(300):
        entries = []
        for i in range(rng.randint(1, 30)):
            lat = None if rng.random() < 0.05 else 40.0 + rng.choice([0.0, 0.899, 0.9, 2.699, 2.7, 2.71, -2.7, 2.0])
            lon = None if rng.random() < 0.05 else -90.0 + rng.choice([0.0, 0.5, 1.0, 3.0, 1.17])
            cc = rng.choice(["US", "CA", None])
            entries.append(
                gazetteer.Entry(
                    f"p{i}", "X", rng.choice(kinds), lat, lon, cc=cc, admin1_code=rng.choice(["IL", "MO", None])
                )
            )
        names = [f"n{i}" for i in range(rng.randint(1, 8))]
        top = {k: tuple(rng.sample(entries, rng.randint(1, min(6, len(entries))))) for k in names}
        picked = {k: rng.choice(top[k]) for k in rng.sample(names, len(names))}
        if rng.random() < 0.2:
            picked[rng.choice(names)] = rng.choice(entries)
        spy(top, picked)


def test_runs_gather_the_lower_case_tokens_recognise_reads() -> None:
    """``_runs`` gives the text's lower-case tokens as ``recognise`` found them by itself, and the same runs, on the
    dev texts and generated strings of capitals, title-case letters, possessives and hyphens."""
    import random

    from flashpoint.geo import gazetteer as gz

    ctx = gz._context()
    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_path("corpus").glob("*/docs/*.txt"))]
    rng = random.Random(9)
    pieces = [
        "Abu",
        "Dhabi",
        "-based",
        "of",
        "the",
        "ǅemal",
        "eBay",
        "ΣΑ",
        "σα",
        "'s",
        "’s",
        " ",
        " ",
        ". ",
        "St",
        "1st",
    ]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 15))) for _ in range(3000)]
    for text in texts:
        lower: set[str] = set()
        assert gz._runs(text, ctx, lower) == gz._runs(text, ctx)
        assert lower == {tok for tok in gz._TOKEN.findall(text) if tok.islower()}
