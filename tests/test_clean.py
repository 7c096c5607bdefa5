from hypothesis import given, settings
from hypothesis import strategies as st

from flashpoint.clean import _script_blocks, clean
from flashpoint.clean.text import latin_only, plain, script_of, split_lines
from flashpoint.ingest.files import Refusal
from flashpoint.records import Article, RawDocument

MARKDOWN = """# افغانستان آزاد – آزاد افغانستان

[www.example.org](http://www.example.org)

By Jane Doe

09.12.2022

## A real title about the border

**Sources:** Some Outlet

On September 12, the army launched an attack across the border and the fighting lasted days. The presence did not

[www.example.org](http://www.example.org)

prevent a second round of fighting that week, which the reports describe at length.

Translation: **a translator**
"""


def article(text: str, media: str = "text/markdown") -> Article:
    result = clean(RawDocument("x.md", text.encode(), media))
    assert isinstance(result, Article), result
    return result


def test_metadata_is_read_from_the_header() -> None:
    a = article(MARKDOWN)
    assert a.title == "A real title about the border"
    assert a.byline == "Jane Doe"
    assert a.published == "2022-12-09"
    assert [(c.role, c.name) for c in a.provenance][:2] == [
        ("original", "Some Outlet"),
        ("translation", "a translator"),
    ]
    assert a.provenance[-1].role == "host" and a.provenance[-1].name == "example.org"


def test_boilerplate_goes_and_a_cut_paragraph_is_rejoined() -> None:
    a = article(MARKDOWN)
    assert "www.example.org" not in a.text
    assert "آزاد" not in a.text
    assert "did not prevent a second round" in a.text
    assert "**" not in a.text and "Sources" not in a.text


def test_offsets_map_clean_text_back_to_raw() -> None:
    a = article(MARKDOWN)
    i = a.text.index("prevent a second")
    raw = a.offsets.to_raw(i)
    assert a.raw_text[raw : raw + 16] == "prevent a second"


def test_invalid_utf8_is_refused_with_a_fix() -> None:
    result = clean(RawDocument("bad.txt", "café".encode("latin-1") + b" text " * 10, "text/plain"))
    assert isinstance(result, Refusal)
    assert "invalid UTF-8" in result.message and "iconv" in result.message


def test_html_main_text_is_extracted() -> None:
    page = (
        "<html><head><title>Clashes on the border</title></head><body><nav>Home | World</nav>"
        "<article><h1>Clashes on the border</h1><p>"
        + "Heavy fighting broke out on the border on Monday, officials said. " * 5
        + "</p></article><footer>Cookie policy</footer></body></html>"
    )
    a = article(page, "text/html")
    assert "Heavy fighting broke out" in a.text
    assert "Cookie policy" not in a.text


def test_infobox_rows_are_kept_line_by_line() -> None:
    """Rows that differ only by their counts ("281 servicemen wounded", "293 servicemen wounded") are no running
    header, and a row ending in a footnote ("2 580 hommes[4]") or a label ("Civils :") ends no sentence, so the
    row after it keeps its own line."""
    a = article(
        "Title line\n\nPer Azerbaijan:\n80 servicemen killed\n281 servicemen wounded\n\nPer Armenia:\n"
        "202 servicemen killed\n293 servicemen wounded\n\nForces\n2 580 hommes[4]\nPertes\n\n541 morts[7]\n"
        "Civils :\n\n2 morts[8]\n",
        "text/plain",
    )
    lines = a.text.split("\n")
    assert "281 servicemen wounded" in lines and "293 servicemen wounded" in lines
    assert "Pertes" in lines and "Civils :" in lines


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcXYZ éçñ–“”.,\n#*>[]()ЖжаbёقΩ漢1 ", max_size=300))
def test_a_latin_only_text_has_no_block_in_another_script(text: str) -> None:
    """_clean_text skips the line-by-line scan when the body is latin and no letter of the text is another script's:
    the scan finds no block then."""
    if latin_only(text):
        assert _script_blocks(split_lines(text), "latin") == ()
        assert all(script_of(plain(line)) in ("latin", "none") for line in split_lines(text))
