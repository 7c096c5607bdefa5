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
* a size cap: a body larger than ``max_bytes`` is refused without reading the rest, and a time cap: a body
  that takes longer than ``max_seconds`` in all (a server trickling bytes to hold the fetch open) is given up;
* redirects followed by hand, at most ``max_redirects`` of them (a redirect loop is one refusal, not retried),
  each hop's URL checked like the first;
* public addresses only (``ingest.netguard``): ``file://`` and any other scheme, and hosts that are or resolve to
  loopback, private, link-local (the cloud metadata service) or IPv6 unique-local addresses are refused (E115),
  checked before each hop and again on the address the socket connects to, unless ``allow_private`` (default:
  ``FLASHPOINT_ALLOW_PRIVATE=1`` in the environment);
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
from urllib.parse import urljoin, urlsplit

import httpx

from flashpoint import __version__, errors
from flashpoint.ingest import netguard
from flashpoint.ingest.files import MAX_BYTES, Refusal

USER_AGENT = f"flashpoint/{__version__} (+https://github.com/flashpoint-events/flashpoint; news event research)"
ROBOTS_AGENT = "flashpoint"
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
MAX_ROBOTS_BYTES = 512 * 1024  # robots.txt past this is ignored (Google reads the first 500 KiB)


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    data: bytes
    content_type: str
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class _Retry:
    problem: str  # e.g. "HTTP 503"
    wait: float  # the server's Retry-After, seconds


class Fetcher:
    def __init__(
        self,
        *,
        timeout: float = 15.0,
        retries: int = 2,
        backoff: float = 1.0,
        delay: float = 1.0,
        max_bytes: int = MAX_BYTES,
        max_seconds: float = 120.0,
        max_redirects: int = 5,
        allow_private: bool | None = None,
        user_agent: str = USER_AGENT,
        transport: httpx.BaseTransport | None = None,
        resolver: netguard.Resolver = netguard.resolve,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.retries = retries
        self.backoff = backoff
        self.delay = delay
        self.max_bytes = max_bytes
        self.max_seconds = max_seconds
        self.max_redirects = max_redirects
        self.allow_private = netguard.allow_private_from_env() if allow_private is None else allow_private
        self.user_agent = user_agent
        self._resolver = resolver
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}  # host → time of the last request
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": user_agent},
            follow_redirects=False,  # followed by hand in _request, each hop checked
            transport=transport
            or (httpx.HTTPTransport() if self.allow_private else netguard.guarded_transport(resolver)),
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
    def forbidden(self, url: str) -> Refusal | None:
        """The refusal for a URL flashpoint must not fetch (a non-http scheme, a non-public address), or None."""
        why = netguard.check_url(url, allow_private=self.allow_private, resolver=self._resolver)
        return Refusal(url, errors.FORBIDDEN, why) if why else None

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched | Refusal:
        refusal = self.forbidden(url)
        if refusal is not None:
            return refusal
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
        problem = "no attempt made"
        attempts = 1 if robots else self.retries + 1
        for attempt in range(attempts):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            try:
                got = self._follow(url, headers, robots)
            except netguard.ForbiddenAddress as exc:
                return Refusal(url, errors.FORBIDDEN, netguard.refusal_text(exc.host, exc.address, exc.why))
            except httpx.TimeoutException:
                problem = "timed out"
                continue
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if isinstance(got, _Retry):
                problem = got.problem
                if got.wait and attempt < attempts - 1:
                    self._sleep(got.wait)
                continue
            return got
        return Refusal(
            url, errors.FETCH, f"{problem} after {attempts} attempts; check the URL or the network, then retry"
        )

    def _follow(self, url: str, headers: dict[str, str], robots: bool) -> Fetched | Refusal | _Retry:
        """One attempt: the request and its redirects, each hop checked; a retryable status comes back as text."""
        hop = url
        for _ in range(self.max_redirects + 1):
            if hop != url:
                refusal = self.forbidden(hop)
                if refusal is not None:
                    return Refusal(url, refusal.reason, f"redirected to {hop}: {refusal.message}")
                if not robots and not self.allowed(hop):
                    return Refusal(url, errors.ROBOTS, f"redirected to {hop}, which robots.txt of its site disallows")
            self._wait_turn(urlsplit(hop).netloc)
            with self._client.stream("GET", hop, headers=headers) as response:
                location = response.headers.get("Location")
                if response.status_code in _REDIRECT_STATUS and location:
                    hop = urljoin(hop, location)
                    continue
                return self._body(url, response, robots)
        return Refusal(
            url,
            errors.FETCH,
            f"redirected more than {self.max_redirects} times (last to {hop}); the site loops, check the URL",
        )

    def _body(self, url: str, response: httpx.Response, robots: bool) -> Fetched | Refusal | _Retry:
        if response.status_code in _RETRY_STATUS:
            retry_after = response.headers.get("Retry-After", "")
            wait = float(retry_after) if retry_after.isdigit() and int(retry_after) <= 60 else 0.0
            return _Retry(f"HTTP {response.status_code}", wait)
        cap = MAX_ROBOTS_BYTES if robots else self.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            return self._too_large(url)
        started = self._clock()
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > cap:
                return self._too_large(url)
            if self._clock() - started > self.max_seconds:
                return Refusal(
                    url,
                    errors.FETCH,
                    f"the server took over {self.max_seconds:g} s to send the body ({len(body)} bytes so far); "
                    "given up, try again later",
                )
        return Fetched(
            url=str(response.url),
            status=response.status_code,
            data=bytes(body),
            content_type=response.headers.get("Content-Type", "").lower(),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
        )

    def _too_large(self, url: str) -> Refusal:
        return Refusal(url, errors.TOO_LARGE, f"response larger than {self.max_bytes // (1024 * 1024)} MiB; skipped")
