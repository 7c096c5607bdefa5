"""The dashboard end to end in headless Chromium (Debian's ``chromium`` driven by Playwright), on a store built from
../shared/corpus (seed and news) plus one hostile article: the map draws the events, a filter changes the map and
the timeline, clicking an event opens its evidence with the right sentence highlighted, and a script inside an
article does not run. Screenshots go to tests/artifacts/ (git-ignored).

Skips when Playwright or Chromium is missing, unless FLASHPOINT_REQUIRE_BROWSER=1 (set by .ci/run).
``$FLASHPOINT_CHROMIUM`` names another Chromium binary.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import ROOT, shared_path
from flashpoint.api import create_app
from flashpoint.shared_store import SharedStore

ARTIFACTS = ROOT / "tests" / "artifacts"
HOSTILE = (
    "Shelling in Kharkiv\n\n2024-03-05\n\n"
    "Russian forces shelled Kharkiv on March 4, killing 7 civilians, the regional governor said. "
    '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> '
    "Residents said the strikes hit a market.\n"
)


def _need(what: str) -> None:
    if os.environ.get("FLASHPOINT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{what} is missing and FLASHPOINT_REQUIRE_BROWSER=1")
    pytest.skip(f"{what} is missing: apt-get install chromium; pip install playwright")


def _chromium() -> str:
    path = os.environ.get("FLASHPOINT_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        _need("chromium")
    return str(path)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store of the seed and news corpora plus the hostile article, served on a free local port."""
    seed, news = shared_path("corpus", "seed", "docs"), shared_path("corpus", "news", "docs")
    tmp = tmp_path_factory.mktemp("dashboard")
    (tmp / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = f"sqlite:///{tmp / 'store.db'}"
    flashpoint = Path(sys.executable).with_name("flashpoint")
    subprocess.run([str(flashpoint), "ingest", str(seed), str(news), str(tmp / "hostile.txt"), "--db", db],
                   check=True, capture_output=True)  # fmt: skip
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(SharedStore(db)), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{base}/info", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield base
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright")
    executable = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=20_000)


def _points(server: str, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{server}/dashboard/points", params=params).json()
    return body


def test_the_map_draws_the_events(server: str, page: Any) -> None:
    pts = _points(server)
    located = sum(lat is not None for lat in pts["lat"])
    _open(page, f"{server}/")
    assert page.url.startswith(f"{server}/dashboard/")
    assert int(page.get_attribute("#map", "data-events")) == located > 30
    drawn = page.evaluate("[window.fp.points, window.fp.clusters]")
    assert drawn[0] + drawn[1] > 3
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # countries and points on canvas
    assert page.locator(".cluster").count() == drawn[1]
    page.screenshot(path=str(ARTIFACTS / "dashboard-map.png"))


def test_a_filter_changes_the_map_and_the_timeline(server: str, page: Any) -> None:
    _open(page, f"{server}/dashboard/?interval=year")
    before = (page.get_attribute("#map", "data-events"), page.get_attribute("#timeline", "data-events"))
    battles = _points(server, type="battle")
    page.click("#f-types .chip[data-type='battle']")
    page.wait_for_function(
        f"document.getElementById('timeline').dataset.events === '{sum(d is not None for d in battles['first'])}'"
    )
    after = (page.get_attribute("#map", "data-events"), page.get_attribute("#timeline", "data-events"))
    assert after != before
    assert int(after[0]) == sum(lat is not None for lat in battles["lat"])
    assert "type=battle" in page.url
    # brushing the timeline narrows the map to the span and writes it into the URL
    box = page.locator("#timeline svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.62, box["y"] + 60)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.82, box["y"] + 60, steps=5)
    page.mouse.up()
    page.wait_for_function("location.search.includes('since=')")
    narrowed = int(page.get_attribute("#map", "data-events"))
    assert narrowed < int(after[0])
    page.screenshot(path=str(ARTIFACTS / "dashboard-filtered.png"))
    # the URL is shareable: opening it gives the same view
    _open(page, page.url)
    assert int(page.get_attribute("#map", "data-events")) == narrowed


def _lonely_event(server: str) -> tuple[str, dict[str, Any]]:
    """An event with a place far from every other event's, whose claims carry evidence spans."""
    pts = _points(server)
    located = [i for i in range(pts["n"]) if pts["lat"][i] is not None]
    for i in sorted(located, key=lambda i: pts["id"][i]):
        if all(
            abs(pts["lat"][i] - pts["lat"][j]) + abs(pts["lon"][i] - pts["lon"][j]) > 0.2 for j in located if j != i
        ):
            detail: dict[str, Any] = httpx.get(f"{server}/events/{pts['id'][i]}").json()
            if detail["claims"] and detail["claims"][0]["evidence_spans"]:
                return pts["id"][i], detail
    raise AssertionError("no lonely event with evidence in the corpus")


def test_clicking_an_event_opens_its_evidence(server: str, page: Any) -> None:
    event_id, detail = _lonely_event(server)
    _open(page, f"{server}/dashboard/")
    page.evaluate(f"window.fp.zoomTo('{event_id}', 11)")
    at = page.evaluate(f"window.fp.pixelOf('{event_id}')")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_selector(f"#tab-event[data-event='{event_id}'][data-evidence-ready='1']", timeout=10_000)
    first_doc = detail["documents"][0]["document_id"]
    text = httpx.get(f"{server}/documents/{first_doc}").json()["text"]
    spans = sorted(s for c in detail["claims"] if c["document_id"] == first_doc for s in c["evidence_spans"])
    marks = page.locator(f".claim[data-document='{first_doc}'] mark.evidence")
    first = marks.first
    start, end = int(first.get_attribute("data-start")), int(first.get_attribute("data-end"))
    assert start == spans[0][0] and first.inner_text() == text[start:end]
    assert text[spans[0][0] : spans[0][1]] in detail["event"]["evidence"] or detail["claims"][0]["evidence"]
    assert f"event={event_id}" in page.url
    page.screenshot(path=str(ARTIFACTS / "dashboard-event.png"))


def test_a_script_in_an_article_does_not_run(server: str, page: Any) -> None:
    hostile = [e for e in httpx.get(f"{server}/events", params={"q": "shelled kharkiv on march 4"}).json()["events"]]
    assert hostile, "the hostile article gave no event"
    event_id = hostile[0]["event_id"]
    _open(page, f"{server}/dashboard/?event={event_id}")
    page.wait_for_selector("#tab-event[data-evidence-ready='1']", timeout=10_000)
    panel = page.locator("#tab-event")
    assert "<script>window.pwned = 1</script>" in panel.inner_text()
    assert panel.locator("script, img").count() == 0
    time.sleep(0.3)
    assert page.evaluate("window.pwned === undefined")
    page.screenshot(path=str(ARTIFACTS / "dashboard-hostile.png"))
