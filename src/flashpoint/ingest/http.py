"""Polite HTTP for feeds and their pages (httpx).

``Fetcher.get(url)`` returns a ``Fetched`` response or a ``Refusal``; it never
raises for a network problem. What it does on every request:

* an honest User-Agent naming flashpoint and where to read about it;
* robots.txt of the host, read once per ``Fetcher`` and obeyed for that agent
  (a robots.txt that cannot be fetched allows everything, as the convention says;
  a 401/403 on it disallows everything);
* per-host politeness: at least ``delay`` seconds between two requests to one host;
* timeouts (connect and read), and ``retries`` more attempts with exponential backoff on
  connection errors, timeouts, 429 and 5xx (a ``Retry-After`` of up to a minute is honoured);
* a size cap: a body larger than ``max_bytes`` is refused without reading the rest;
* conditional requests: pass the ``etag``/``last_modified`` of the last response and a
  ``304 Not Modified`` comes back as ``Fetched(status=304, data=b"")``.

The clock and sleep are injectable, and so is the httpx transport, so tests run
against a local server or a fake without waiting.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from flashpoint import __version__, errors
from flashpoint.ingest.files import MAX_BYTES, Refusal

USER_AGENT = f"flashpoint/{__version__} (+https://github.com/flashpoint-events/flashpoint; news event research)"
ROBOTS_AGENT = "flashpoint"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    data: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


class Fetcher:
    def __init__(
        self,
        *,
        timeout: float = 15.0,
        retries: int = 2,
        backoff: float = 1.0,
        delay: float = 1.0,
        max_bytes: int = MAX_BYTES,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.retries = retries
        self.backoff = backoff
        self.delay = delay
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}  # host → time of the last request
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": user_agent},
            follow_redirects=True,
            transport=transport,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- politeness ----------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = last + self.delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets flashpoint fetch it."""
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(root)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
            got = self._request(root + "/robots.txt", {}, robots=True)
            if isinstance(got, Fetched) and got.status == 200:
                parser.parse(got.data.decode("utf-8", errors="replace").splitlines())
            elif isinstance(got, Fetched) and got.status in (401, 403):
                parser.parse(["User-agent: *", "Disallow: /"])
            else:
                parser.parse([])
            self._robots[root] = parser
        return parser.can_fetch(ROBOTS_AGENT, url)

    # -- requests --------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched | Refusal:
        if not self.allowed(url):
            return Refusal(url, errors.ROBOTS, "robots.txt of the site disallows fetching this URL for flashpoint")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        got = self._request(url, headers)
        if isinstance(got, Fetched) and got.status not in (200, 304):
            return Refusal(url, errors.FETCH, f"HTTP {got.status}; check the URL or try again later")
        return got

    def _request(self, url: str, headers: dict[str, str], robots: bool = False) -> Fetched | Refusal:
        host = urlsplit(url).netloc
        problem = "no attempt made"
        attempts = 1 if robots else self.retries + 1
        for attempt in range(attempts):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_turn(host)
            try:
                with self._client.stream("GET", url, headers=headers) as response:
                    if response.status_code in _RETRY_STATUS and attempt < attempts - 1:
                        retry_after = response.headers.get("Retry-After", "")
                        if retry_after.isdigit() and int(retry_after) <= 60:
                            self._sleep(float(retry_after))
                        problem = f"HTTP {response.status_code}"
                        continue
                    declared = response.headers.get("Content-Length", "")
                    if declared.isdigit() and int(declared) > self.max_bytes:
                        return self._too_large(url)
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.max_bytes:
                            return self._too_large(url)
                    return Fetched(
                        url=str(response.url),
                        status=response.status_code,
                        data=bytes(body),
                        content_type=response.headers.get("Content-Type", "").lower(),
                        etag=response.headers.get("ETag"),
                        last_modified=response.headers.get("Last-Modified"),
                    )
            except httpx.TimeoutException:
                problem = "timed out"
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
        return Refusal(
            url, errors.FETCH, f"{problem} after {attempts} attempts; check the URL or the network, then retry"
        )

    def _too_large(self, url: str) -> Refusal:
        return Refusal(url, errors.TOO_LARGE, f"response larger than {self.max_bytes // (1024 * 1024)} MiB; skipped")
