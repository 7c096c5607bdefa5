"""The API served from a thread of this process: for notebooks, benchmarks and tests that talk to a real server
(uvicorn's own sockets and logging) rather than to FastAPI's test client."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from fastapi import FastAPI


@contextmanager
def serving(app: FastAPI, log_level: str = "warning") -> Iterator[str]:
    """Run ``app`` with uvicorn on a free loopback port in a daemon thread; yield its base URL once ``/info``
    answers (at most 10 s), and stop the server when the block ends."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level=log_level))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{base}/info", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
