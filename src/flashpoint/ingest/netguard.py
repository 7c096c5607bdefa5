"""Which addresses flashpoint fetches from: public internet addresses only, unless private ones are allowed.

A feed or a page given by an analyst, a feed item's link, a redirect: each is a URL an adversary may have
written, and a fetch runs with the analyst's network position (their LAN, a cloud instance's metadata
service at 169.254.169.254, services on loopback). So every hop of every fetch is checked twice:

1. before the request, ``check_url``: the scheme must be http or https (never ``file://``), and the host, an
   address literal or every address its name resolves to, must be public;
2. when the connection is made, ``GuardedBackend``: the name is resolved again, every address checked, and the
   socket connects to a checked address, so a DNS answer that changes between the two (rebinding) cannot
   slip a private address in.

"Not public" is anything ``ipaddress`` does not call global (loopback, RFC 1918, link-local with the metadata
address, carrier-grade NAT, IPv6 unique-local, documentation and reserved ranges), multicast, and the IPv4
address inside an IPv4-mapped, 6to4 or NAT64 IPv6 address. ``FLASHPOINT_ALLOW_PRIVATE=1`` (the CLI's
``--allow-private``) or ``Fetcher(allow_private=True)`` lifts the address check, for an intranet news
archive or a test server; the scheme check stays.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import httpcore

ALLOW_ENV = "FLASHPOINT_ALLOW_PRIVATE"
SCHEMES = ("http", "https")
METADATA = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


class ForbiddenAddress(Exception):
    """A connection to a non-public address was about to be made (raised inside the transport)."""

    def __init__(self, host: str, address: str, why: str) -> None:
        super().__init__(f"{host} resolves to {address}, {why}")
        self.host, self.address, self.why = host, address, why


def allow_private_from_env() -> bool:
    return os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver), in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def why_not_public(address: str) -> str | None:
    """Why ``address`` is not a public internet address (e.g. "loopback"), or None when it is public."""
    try:
        ip: Address = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and ip in _NAT64:
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None:
            why = why_not_public(str(inner))
            return f"{why} (inside the IPv6 address)" if why else None
    if ip in METADATA:
        return "the cloud metadata service"
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.ip_network("fc00::/7"):
        return "an IPv6 unique-local (private) address"
    if ip.is_private:
        return "a private-network address"
    if not ip.is_global:
        return "not a public internet address"
    return None


def _addresses(host: str, port: int, resolver: Resolver) -> list[str] | None:
    """The host's addresses: itself when it is an address literal, else what it resolves to (None: no answer)."""
    bare = host.strip("[]")
    try:
        return [str(ipaddress.ip_address(bare.split("%", 1)[0]))]
    except ValueError:
        pass
    try:
        return resolver(bare, port)
    except (OSError, UnicodeError):
        return None


def check_url(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> str | None:
    """Why flashpoint must not fetch ``url`` (a sentence with the fix), or None when it may.

    A name that does not resolve passes: the request then fails with a connection error of its own, and the
    connection-time check (``GuardedBackend``) still applies to any address it reaches.
    """
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as exc:  # "Invalid IPv6 URL", a port that is no number or out of range
        return f"not a valid URL ({exc}); check it"
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}://" if scheme else "a URL without a scheme"
        return (
            f"only http(s) URLs are fetched, not {shown}; "
            "give a local file by its path instead (flashpoint ingest FILE)"
        )
    if not host:
        return "the URL has no host name; check it"
    if allow_private:
        return None
    for address in _addresses(host, port or (443 if scheme == "https" else 80), resolver) or []:
        why = why_not_public(address)
        if why:
            return refusal_text(host, address, why)
    return None


def refusal_text(host: str, address: str, why: str) -> str:
    named = "" if host.strip("[]") == address else f" resolves to {address},"
    return (
        f"{host}{named} {why}: flashpoint fetches only from public addresses; "
        f"if this server is yours, allow it with --allow-private or {ALLOW_ENV}=1"
    )


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to checked addresses (see the module's docstring)."""

    def __init__(self, resolver: Resolver = resolve) -> None:
        self._resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = _addresses(host, port, self._resolver)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}")
        for address in addresses:
            why = why_not_public(address)
            if why:
                raise ForbiddenAddress(host, address, why)
        problem: Exception | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                problem = exc
        assert problem is not None
        raise problem


def guarded_transport(resolver: Resolver = resolve, **kwargs: Any) -> Any:
    """An ``httpx.HTTPTransport`` whose connections go through ``GuardedBackend``."""
    import httpx

    transport = httpx.HTTPTransport(**kwargs)
    transport._pool._network_backend = GuardedBackend(resolver)  # httpcore's documented backend hook
    return transport
