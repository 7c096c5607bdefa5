"""Language of a text: py3langid (bundled model, BSD) restricted to the languages news comes in."""

from __future__ import annotations

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ["en", "ru", "fr", "es", "de", "nl", "it", "pt", "uk", "fa", "ar", "tr", "az", "hy", "ka", "kk"]


@cache
def _identifier() -> LanguageIdentifier:
    ident = LanguageIdentifier.from_model_file(MODEL_FILE)
    ident.set_languages(LANGUAGES)
    return ident


def detect_language(text: str) -> str:
    sample = text[:4000]
    if not sample.strip():
        return "und"
    lang, _ = _identifier().classify(sample)
    return str(lang)
