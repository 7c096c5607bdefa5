"""Title, byline, publication date and the republication chain, read from a text's own lines.

The header is the run of lines before the first prose paragraph. There a
markdown heading (or, in plain text, a short first line) is the title, "By X"
is the byline, and a line that is only a date is the publication date.
Anywhere, "Source(s):", "Translation:" and their French, Spanish and Russian
forms credit the chain, and a last line "<Outlet> <date>" names a republisher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from flashpoint.clean.text import LINK_ONLY, Line, is_prose, plain, script_of
from flashpoint.extract.dates import parse_date_line
from flashpoint.records import Credit

BYLINE = re.compile(
    r"^(?:By|Par|Por|Автор:?|Author:?|Written by)\s+(?P<name>[A-ZА-ЯЁ][\w’'.-]+(?:\s+(?:de\s+|van\s+|von\s+)?[A-ZА-ЯЁ][\w’'.-]+){0,3})\s*$"
)
CREDIT = re.compile(
    r"^(?P<label>Sources?|Fuentes?|Источник|Original|Originally published (?:in|by)|Translation|Translated by|"
    r"Traducción|Traduction|Перевод)\s*:?\s*(?P<value>.+)$",
    re.I,
)
URL = re.compile(r"<?(?P<url>https?://[^\s>)]+)>?")
OUTLET_DATE = re.compile(r"^(?P<name>[A-ZÀ-Ý][\w’'À-ÿ. -]{1,40}?)\s+(?P<date>\d{1,2}[./]\d{1,2}[./]\d{2,4})$")
DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?(?P<host>[\w-]+(?:\.[\w-]+)+)", re.I)


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    byline: str | None = None
    published: date | None = None
    chain: list[Credit] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # line indexes read as metadata


def _squash(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def read_metadata(lines: list[Line], dropped: set[int], body_script: str) -> Metadata:
    meta = Metadata()
    header_end = next(
        (i for i, ln in enumerate(lines) if i not in dropped and is_prose(plain(ln)) and not ln.heading),
        len(lines),
    )
    headings: list[int] = []
    for i in range(min(header_end, 40)):
        text = plain(lines[i])
        if not text or i in dropped:
            continue
        if meta.byline is None and (m := BYLINE.match(text)):
            meta.byline = m.group("name")
            meta.consumed.add(i)
        elif meta.published is None and (d := parse_date_line(text)):
            meta.published = d
            meta.consumed.add(i)
        elif lines[i].heading and script_of(text) == body_script:
            headings.append(i)
    if headings:
        pick = headings[-1]
        meta.title = plain(lines[pick])
        meta.consumed.add(pick)
    else:
        first = next(
            (i for i, ln in enumerate(lines) if plain(ln) and i not in dropped and i not in meta.consumed), None
        )
        if first is not None:
            text = plain(lines[first])
            if len(text.split()) <= 30 and not text.endswith(".") and not LINK_ONLY.match(text):
                meta.title = text
                meta.consumed.add(first)
    _read_chain(lines, meta, dropped)
    return meta


def _read_chain(lines: list[Line], meta: Metadata, dropped: set[int]) -> None:
    originals: list[Credit] = []
    translations: list[Credit] = []
    republished: list[Credit] = []
    urls: list[str] = []
    for i, line in enumerate(lines):
        text = plain(line)
        m = CREDIT.match(text)
        if m and len(text) < 300:
            label, value = m.group("label").lower(), m.group("value").strip()
            link = URL.search(line.text)
            name = URL.sub("", value).strip(" *_<>") or None
            if label.startswith(("transl", "traduc", "перев")):
                translations.append(Credit("translation", name))
            elif link and not name:
                urls.append(link.group("url"))
            else:
                originals.append(Credit("original", name, link.group("url") if link else None))
            meta.consumed.add(i)
    tail = [i for i, ln in enumerate(lines) if plain(ln)][-3:]
    for i in tail:
        m = OUTLET_DATE.match(plain(lines[i]))
        if m and i not in meta.consumed:
            d = parse_date_line(m.group("date"))
            republished.append(Credit("republished", m.group("name").strip(), None, d.isoformat() if d else None))
            meta.consumed.add(i)
    # attach a bare "Source: <url>" to the original outlet whose name it spells
    for url in urls:
        host = DOMAIN.match(url)
        hostname = host.group("host") if host else url
        for j, c in enumerate(originals):
            if c.name and _squash(c.name) and _squash(c.name) in _squash(hostname):
                originals[j] = Credit("original", c.name, url)
                break
        else:
            originals.append(Credit("original", hostname, url))
    hosts = []
    for i in sorted(dropped):
        m = DOMAIN.search(lines[i].text)
        if m and "@" not in m.group(0) and "mailto" not in lines[i].text[: m.start() + 1]:
            hosts.append(m.group("host").lower())
    meta.chain = originals + translations + republished
    if hosts:
        meta.chain.append(Credit("host", hosts[0], "http://" + hosts[0]))
