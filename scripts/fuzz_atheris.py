"""Coverage-guided fuzzing of flashpoint's parsers of untrusted input with atheris (libFuzzer for Python).

Longer runs than CI's hypothesis tests (tests/test_fuzz.py), outside CI; atheris is optional
(``pip install -e '.[fuzz]'``). One target per run:

    python scripts/fuzz_atheris.py clean_html -max_total_time=600
    python scripts/fuzz_atheris.py warc -runs=200000
    python scripts/fuzz_atheris.py all -runs=20000          # each target in turn, one process each

A target fails on any exception other than the documented refusals (``Refusal`` values are results, not errors),
and on an offset outside its text. libFuzzer prints ``Done N runs in S second(s)`` at the end of a clean run and
writes a ``crash-*`` file with the input on a failure (the exit status is then non-zero).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import date

import atheris

with atheris.instrument_imports(include=["flashpoint"]):
    from flashpoint.clean import clean
    from flashpoint.extract.dates import find_dates
    from flashpoint.extract.numbers import find_numbers
    from flashpoint.ingest.feeds import parse_feed
    from flashpoint.ingest.files import Refusal
    from flashpoint.ingest.jsonl import read_jsonl
    from flashpoint.ingest.netguard import check_url
    from flashpoint.ingest.warc import read_warc
    from flashpoint.records import Article, RawDocument


def _article(result: Article | Refusal) -> None:
    if isinstance(result, Refusal):
        return
    for start, raw_start, length in result.offsets.segments:
        assert start >= 0 and start + length <= len(result.text), "segment outside the text"
        assert raw_start >= 0 and raw_start + length <= len(result.raw_text), "segment outside the raw text"
        assert result.text[start : start + length] == result.raw_text[raw_start : raw_start + length], "not verbatim"


def _text(data: bytes) -> str:
    return atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))


def clean_text(data: bytes) -> None:
    _article(clean(RawDocument("f.md", data, "text/markdown")))


def clean_html(data: bytes) -> None:
    _article(clean(RawDocument("f.html", data, "text/html")))


def dates(data: bytes) -> None:
    text = _text(data)
    for d in find_dates(text, date(2022, 12, 9)):
        assert 0 <= d.begin < d.finish <= len(text) and d.start <= d.end


def numbers(data: bytes) -> None:
    text = _text(data)
    for n in find_numbers(text):
        assert 0 <= n.begin <= n.number_begin < n.finish <= len(text)


def feeds(data: bytes) -> None:
    parse_feed(data, "f.rss")


def warc(data: bytes) -> None:
    for item in read_warc(RawDocument("f.warc", data, "application/warc")):
        assert isinstance(item, RawDocument | Refusal)


def jsonl(data: bytes) -> None:
    for item in read_jsonl(RawDocument("f.jsonl", data, "application/jsonl")):
        assert isinstance(item, RawDocument | Refusal)


def url(data: bytes) -> None:
    check_url(_text(data), allow_private=False, resolver=lambda host, port: ["10.0.0.1"])


TARGETS: dict[str, Callable[[bytes], None]] = {
    "clean_text": clean_text,
    "clean_html": clean_html,
    "dates": dates,
    "numbers": numbers,
    "feeds": feeds,
    "warc": warc,
    "jsonl": jsonl,
    "url": url,
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in (*TARGETS, "all"):
        sys.exit(f"usage: fuzz_atheris.py {{{'|'.join(TARGETS)}|all}} [libFuzzer options, e.g. -runs=10000]")
    name, options = sys.argv[1], sys.argv[2:]
    if name == "all":
        failed = 0
        for target in TARGETS:
            failed += subprocess.run([sys.executable, __file__, target, *options]).returncode != 0
        sys.exit(1 if failed else 0)
    import logging

    logging.disable(logging.CRITICAL)  # trafilatura logs every unparsable page
    print(f"fuzzing {name}", file=sys.stderr, flush=True)
    atheris.Setup([sys.argv[0], *options], TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
