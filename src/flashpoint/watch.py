"""``flashpoint watch``: poll feeds on an interval and store their new items as they appear.

Each round polls every feed that is due (``ingest.feeds.poll``: a conditional
request, then only the items the store does not hold), runs the pipeline on
each new page and stores it. A feed that fails is polled again later (its
wait doubles per failure) and never holds up the others; a page that fails to
load is tried again at the next poll. The per-host politeness delay and
robots.txt are the ``Fetcher``'s. The loop ends after ``rounds`` rounds (for
tests) or when ``should_stop`` says so (Ctrl-C in the CLI).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flashpoint.geo.gazetteer import default_gazetteer
from flashpoint.ingest.feeds import FeedState, poll
from flashpoint.ingest.files import Refusal
from flashpoint.ingest.http import Fetcher
from flashpoint.pipeline import process_safely, refused
from flashpoint.records import DocumentResult
from flashpoint.store import AddOutcome, Store


@dataclass(frozen=True, slots=True)
class Report:
    """One item's fate, for the caller to print."""

    result: DocumentResult
    outcome: AddOutcome | None  # None when the item was refused


def watch(
    feeds: Iterable[str],
    store: Store,
    fetcher: Fetcher,
    *,
    interval: float = 60.0,
    rounds: int | None = None,
    on_report: Callable[[Report], None] = lambda r: None,
    should_stop: Callable[[], bool] = lambda: False,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    states = [FeedState(url) for url in dict.fromkeys(feeds)]
    done = 0
    while not should_stop() and (rounds is None or done < rounds):
        for state in states:
            if state.next_poll > clock() or should_stop():
                continue
            for item in poll(state, fetcher, store.has_url, interval, clock):
                if isinstance(item, Refusal):
                    on_report(Report(refused(item), None))
                    continue
                result = process_safely(item, default_gazetteer(), places=False)  # a store keeps places with events
                if not result.ok:
                    on_report(Report(result, None))
                    continue
                on_report(Report(result, store.add(result)))
        done += 1
        if rounds is not None and done >= rounds:
            break
        wait = min(s.next_poll for s in states) - clock()
        sleep(max(wait, 1.0))
