"""What the server adds to every request and response to stay safe on a network: a cap on request bodies and
security headers.

- ``BodyLimit``: a request body larger than the cap is ``413 too_large`` before the app reads it (declared by
  ``Content-Length``, or counted while a chunked body arrives), so an upload cannot take the server's memory.
- ``redact_in_logs(token)``: the write token, should a client put it where it does not belong (a query string,
  which the access log prints), is logged as ``***``. The server never logs headers.
- ``SecurityHeaders``: ``Content-Security-Policy`` (scripts and styles only from the server itself, no inline
  script, no framing), ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``, ``Referrer-Policy:
  no-referrer``. The Swagger UI page (``/docs``) starts itself with one inline script, allowed by its hash.

Both are plain ASGI middleware (no request object, no buffering of responses).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOGGERS = ("uvicorn.access", "uvicorn.error", "flashpoint")


class _Redact(logging.Filter):
    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def _clean(self, value: Any) -> Any:
        return value.replace(self.secret, "***") if isinstance(value, str) else value

    def filter(self, record: logging.LogRecord) -> bool:
        # the arguments keep their shape: formatters such as uvicorn's access log unpack them
        record.msg = self._clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self._clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: self._clean(v) for k, v in record.args.items()}
        return True


def redact_in_logs(secret: str) -> None:
    """Log ``secret`` as ``***`` in every line of the server's loggers (once per secret, however many apps)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Redact) and f.secret == secret for f in logger.filters):
            logger.addFilter(_Redact(secret))


POLICY = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions (``'sha256-...'``) allowing exactly the inline scripts of ``html``."""
    out = []
    for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        out.append(f"'sha256-{digest}'")
    return out


class SecurityHeaders:
    def __init__(self, app: ASGIApp, page_scripts: dict[str, list[str]] | None = None) -> None:
        """``page_scripts``: path → the hashes of that page's inline scripts (``inline_script_hashes``)."""
        self.app = app
        self.default = POLICY.format(scripts="")
        self.pages = {path: POLICY.format(scripts="".join(" " + h for h in hashes))
                      for path, hashes in (page_scripts or {}).items()}  # fmt: skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.pages.get(scope.get("path", ""), self.default)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                headers += [
                    (b"content-security-policy", policy.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"no-referrer"),
                ]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        mib = self.max_bytes / (1024 * 1024)
        message = f"the request body is larger than {mib:.0f} MiB; send a smaller file or split it"
        body = json.dumps({"error": {"status": 413, "code": "too_large", "message": message, "details": []}})
        headers = [(b"content-type", b"application/json"), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body.encode()})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None:
            if not length.isdigit() or int(length) > self.max_bytes:
                await self._refuse(send)
                return
            await self.app(scope, receive, send)  # the server holds the client to its Content-Length
            return
        # no Content-Length (chunked, or no body): count what arrives, and refuse once past the cap
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
