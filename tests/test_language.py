"""Language detection: the English fast path agrees with py3langid on real text, and stays off other languages."""

from __future__ import annotations

import json

import pytest

from conftest import shared_path
from flashpoint.clean.language import _identifier, detect_language, plainly_english
from flashpoint.ingest.files import Refusal, read_document


def _news() -> list[tuple[str, str, str]]:
    """(doc, gold language, cleaned text) for every news article of ../shared."""
    from flashpoint.clean import clean

    folder = shared_path("corpus", "news")
    out = []
    for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        raw = read_document(folder.parent / gold["doc"])
        assert not isinstance(raw, Refusal), gold["doc"]
        article = clean(raw)
        assert not isinstance(article, Refusal), gold["doc"]
        out.append((gold["doc"], gold["language"], article.text))
    return out


def test_every_news_article_gets_its_gold_language() -> None:
    for doc, language, text in _news():
        assert detect_language(text) == language, doc


def test_the_fast_path_takes_only_english_and_agrees_with_py3langid() -> None:
    taken = 0
    for doc, language, text in _news():
        if plainly_english(text):
            taken += 1
            assert language == "en", doc
            assert _identifier().classify(text[:4000])[0] == "en", doc
    assert taken >= 15  # most of the 20 English articles skip py3langid


def test_train_reports_taken_as_english_are_english_to_py3langid() -> None:
    path = shared_path("train", "gva", "documents.jsonl")
    checked = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            if plainly_english(text):
                assert _identifier().classify(text[:4000])[0] == "en", text[:80]
                checked += 1
            if checked == 400:
                break
    assert checked == 400


@pytest.mark.parametrize(
    "text",
    [
        "Les affrontements à la frontière ont fait au moins 49 morts parmi les soldats arméniens, selon le ministère "
        "de la Défense à Erevan, qui accuse l'Azerbaïdjan d'avoir bombardé des villes et des villages dans la nuit. "
        "Bakou affirme avoir répondu à des provocations et parle de pertes dans ses rangs.",
        "In der Nacht zum Dienstag wurden an der Grenze zwischen Armenien und Aserbaidschan nach Angaben aus Eriwan "
        "mindestens 49 armenische Soldaten getötet. Baku sprach von Provokationen und meldete eigene Verluste, was "
        "die Regierung in Eriwan zurückwies. Die Kämpfe dauerten bis zum Morgen an.",
        "De gevechten aan de grens tussen Armenië en Azerbeidzjan hebben volgens Jerevan ten minste 49 Armeense "
        "soldaten het leven gekost. Bakoe sprak van provocaties en meldde zelf ook verliezen, wat de regering in "
        "Jerevan ontkende. Het was de zwaarste strijd sinds de oorlog van 2020 en de situatie is gespannen.",
    ],
)
def test_other_languages_go_to_py3langid(text: str) -> None:
    assert not plainly_english(text)
    assert detect_language(text) != "en"


def test_short_text_goes_to_py3langid() -> None:
    assert not plainly_english("The army said the attack was repelled.")  # fewer than 40 words
    assert detect_language("The army said the attack was repelled.") == "en"
