"""The ``flashpoint`` command line: thin commands over the library.

Exit status: 0 when every input was processed, 1 when some input was refused
(each refusal is one line on stderr naming the file and the problem), 2 for a
usage or store error.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from flashpoint import __version__
from flashpoint.errors import FlashpointError
from flashpoint.geo.cli import app as gazetteer_app
from flashpoint.output import document_json, linked_event_json
from flashpoint.pipeline import count_inputs, run
from flashpoint.records import EVENT_TYPES, FIGURE_NAMES, DocumentResult
from flashpoint.shared_store import SharedStore
from flashpoint.store import EventFilter, Store

app = typer.Typer(
    help="flashpoint turns news text into sourced, geocoded conflict events.\n\n"
    "Start with:  flashpoint ingest ARTICLES/   then   flashpoint events",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(gazetteer_app, name="gazetteer")
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store: a SQLAlchemy URL (sqlite:///path.db, postgresql://...) or a file path. "
        "Default: $FLASHPOINT_DB, else ./flashpoint.db.",
    ),
]
PathsArg = Annotated[
    list[str],
    typer.Argument(
        help="Files or folders (searched recursively) of .txt, .md, .html/.htm, .pdf, .jsonl, .warc, .rss/.atom "
        "(each optionally .gz), or the http(s) URL of an RSS/Atom feed. See docs/formats.md."
    ),
]

AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        envvar="FLASHPOINT_ALLOW_PRIVATE",
        help="Let feeds and pages be fetched from loopback, private-network and link-local addresses "
        "(refused by default: an article's links must not reach your LAN or a cloud metadata service).",
    ),
]


def _allow_private(allow: bool) -> None:
    """--allow-private: every fetcher of this run (and of its worker processes) reads it from the environment."""
    if allow:
        import os

        from flashpoint.ingest.netguard import ALLOW_ENV

        os.environ[ALLOW_ENV] = "1"


PROGRESS_EVERY = 60.0  # seconds between two progress lines when stderr is not a terminal


def _progress(total: int) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    )


def _fail(exc: FlashpointError) -> None:
    from rich.markup import escape

    err.print(f"[red]error[/red] {escape(str(exc))}", highlight=False)  # a hint's "flashpoint[ray]" is not markup
    raise typer.Exit(2)


def _report_refusal(result: DocumentResult) -> None:
    err.print(f"[yellow]skipped[/yellow] {result.source}: {result.error}", highlight=False, soft_wrap=True)


ExecutorOption = Annotated[
    str | None,
    typer.Option(
        "--executor",
        help="inline (this process), pool (a process per core) or ray (a Ray cluster: pip install 'flashpoint[ray]'). "
        "Default: pool for a batch of 24 files or more, else inline. See docs/throughput.md.",
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option("--workers", "-w", min=1, help="Worker processes (default: every core; on Ray: every CPU)."),
]
AddressOption = Annotated[
    str | None,
    typer.Option(
        "--address",
        help="With --executor ray: the cluster to join (auto on a node of it, HOST:6379, or ray://HOST:10001 with "
        "pip install 'ray[client]'); default: start Ray here.",
    ),
]
BatchOption = Annotated[int, typer.Option("--batch-size", min=1, help="Documents sent to a worker at a time.")]


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
    executor: ExecutorOption = None,
    workers: WorkersOption = None,
    address: AddressOption = None,
    batch_size: BatchOption = 16,
) -> None:
    """Run the pipeline on PATHS and save documents, mentions and events in the store.

    Ingesting the same article twice adds nothing, and a run interrupted and started again skips the files it
    finished. Large batches run on every core; --executor ray spreads them over a Ray cluster. Example:

        flashpoint ingest ../shared/corpus/seed/docs/ --db seed.db
    """
    from flashpoint.runner import EXECUTORS, Progress, run_paths

    _allow_private(allow_private)
    if executor is not None and executor not in EXECUTORS:
        err.print(f"[red]error[/red] --executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
        raise typer.Exit(2)
    if address and executor != "ray":
        err.print("[red]error[/red] --address names a Ray cluster: use it with --executor ray")
        raise typer.Exit(2)
    tally: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    try:
        store = SharedStore(db)  # many writers may share the store (flashpoint.shared_store)
        store.migrate()
        counts = Progress(total=count_inputs(paths))
        with _progress(counts.total or 0) as progress:
            task = progress.add_task("ingesting", total=counts.total, rate="")
            last_line = time.monotonic()
            for done in run_paths(paths, executor, workers, address, batch_size, store, counts):
                result, outcome = done.result, done.outcome
                tally["read"] += 1
                if result is None:  # finished by an earlier run
                    tally["already stored"] += 1
                    tally["resumed"] += 1
                elif not result.ok:
                    tally["skipped"] += 1
                    reasons[(result.error or "").split(":")[0]] += 1
                    _report_refusal(result)
                elif outcome is not None:
                    if outcome.duplicate_of:
                        tally["stored"] += 1
                        tally["near-duplicates"] += 1
                        err.print(
                            f"[cyan]copy[/cyan] {result.source}: a republished copy of document {outcome.duplicate_of[:12]}; "
                            "its events count it as the same source",
                            highlight=False,
                            soft_wrap=True,
                        )
                    elif outcome.stored:
                        tally["stored"] += 1
                    else:
                        tally["already stored"] += 1
                    tally["events added"] += outcome.events_added
                    tally["events merged"] += outcome.events_merged
                progress.update(task, completed=counts.inputs, rate=f"{counts.rate():.1f} docs/s")
                if not err.is_terminal and time.monotonic() - last_line >= PROGRESS_EVERY:
                    err.print(f"ingesting: {counts.line()}", highlight=False)  # a log file gets a line a minute
                    last_line = time.monotonic()
    except FlashpointError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        err.print(
            f"interrupted after {tally['read']} documents; the same command again resumes where this run stopped",
            highlight=False,
        )
        raise typer.Exit(130) from None
    why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
    copies = f" ({tally['near-duplicates']} as copies of stored articles)" if tally["near-duplicates"] else ""
    err.print(
        f"read {tally['read']}, stored {tally['stored']}{copies}, already stored {tally['already stored']}, "
        f"skipped {tally['skipped']}{f' ({why})' if why else ''}; "
        f"events added {tally['events added']}, merged {tally['events merged']} → {store.url}"
        + (f" ({tally['resumed']} finished by an earlier run)" if tally["resumed"] else ""),
        highlight=False,
        soft_wrap=True,
    )
    if tally["skipped"]:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[
        str, typer.Option("--format", "-f", help="jsonl (one document a line), json or table.")
    ] = "jsonl",
    text: Annotated[bool, typer.Option("--text", help="Include each document's cleaned text.")] = False,
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Run the pipeline on PATHS and print what it finds, without storing anything.

    jsonl is the contract the scorers in shared/tools read: one object per document with
    doc, title, byline, published, language, provenance, events and places.

    With --db, each document already in that store gets the events it is linked to there: every
    event carries its `event_id`, the figures reconciled over all its sources, and `own` (this
    document's reading). Ingest first:

        flashpoint ingest reports/ --db t.db && flashpoint extract reports/ --db t.db
    """
    _allow_private(allow_private)
    if format not in ("jsonl", "json", "table"):
        err.print(f"[red]error[/red] --format must be jsonl, json or table, not {format!r}")
        raise typer.Exit(2)
    failed = 0
    docs: list[dict[str, Any]] = []
    try:
        store = Store(db) if db else None
        if store is not None:
            store.migrate()
        for result in run(paths):
            if not result.ok:
                failed += 1
                _report_refusal(result)
                continue
            obj = document_json(result, with_text=text)
            linked = store.document_events(result.article.content_hash) if store and result.article else None
            if linked is not None:
                obj["events"] = [linked_event_json(mention, event) for mention, event in linked]
            if format == "jsonl":
                sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                docs.append(obj)
    except FlashpointError as exc:
        _fail(exc)
    if format == "json":
        sys.stdout.write(json.dumps(docs, ensure_ascii=False, indent=2) + "\n")
    elif format == "table":
        _print_table([{**e, "doc": d["doc"]} for d in docs for e in d["events"]])
    if failed:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Annotated[
        Path, typer.Argument(help="Gold JSON Lines (shared/CODEBOOK.md format), e.g. corpus/news/gold.jsonl.")
    ],
    pred: Annotated[
        Path | None, typer.Argument(help="Predictions: the JSON Lines `flashpoint extract` prints.")
    ] = None,
    docs: Annotated[
        list[str] | None, typer.Option("--docs", help="Instead of PRED: run the pipeline on these files or folders.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as one JSON object.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every hit, miss and extra event.")] = False,
) -> None:
    """Score events against GOLD with the rules of shared/tools/score.py, printing per-field figures.

    Either give a prediction file or let flashpoint extract them:

        flashpoint evaluate ../shared/corpus/news/gold.jsonl --docs ../shared/corpus/news/docs
    """
    from flashpoint.evaluate import predictions_by_doc, read_jsonl, report, score

    if (pred is None) == (not docs):
        err.print("[red]error[/red] give either PRED.jsonl or --docs DIR (one of them)")
        raise typer.Exit(2)
    try:
        golds = read_jsonl(gold)
        objects = read_jsonl(pred) if pred is not None else [document_json(r) for r in run(docs or []) if r.ok]
    except (OSError, ValueError) as exc:
        err.print(f"[red]error[/red] cannot read the gold or predictions: {exc}", highlight=False)
        raise typer.Exit(2) from exc
    except FlashpointError as exc:
        _fail(exc)
    result = score(golds, predictions_by_doc(objects), verbose=verbose)
    lines = result.log + ([json.dumps(result.as_dict(), indent=2)] if as_json else report(result))
    sys.stdout.write("\n".join(lines) + "\n")


def _figure(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    if value.get("best") is not None:
        return str(value["best"])
    return f"{value.get('low') or ''}–{value.get('high') or ''}"


def _history(e: dict[str, Any], name: str) -> str:
    """A stored event's figure with its history when sources differ: "2 (1→2)"."""
    values = [_figure(h) for h in (e.get("figure_history") or {}).get(name, [])]
    shown = _figure(e.get(name))
    return f"{shown} ({'→'.join(values)})" if len(set(values)) > 1 else shown


def _print_table(rows: list[dict[str, Any]], stored: bool = False) -> None:
    table = Table(show_lines=False)
    columns = ("type", "reported", "dates", "countries", "killed", "injured", "displaced", "troops", "evidence")
    for col in (("event_id", "sources") if stored else ()) + columns:
        table.add_column(col, overflow="fold")
    for e in rows:
        figures = [(_history if stored else lambda e, n: _figure(e.get(n)))(e, n) for n in FIGURE_NAMES[:4]]
        lead = [e.get("event_id", "")[:12], str(e.get("source_count", ""))] if stored else []
        dates = e.get("date_start") or ""
        if e.get("date_end") and e.get("date_end") != e.get("date_start"):
            dates += f" – {e['date_end']}"
        table.add_row(
            *lead,
            e["type"],
            "yes" if e.get("reported") else "background",
            dates,
            " ".join(e.get("countries") or []),
            *figures,
            (e.get("evidence") or "")[:100],
        )
    Console(width=None if sys.stdout.isatty() else 200).print(table)


CSV_COLUMNS = [
    "event_id", "type", "reported", "date_start", "date_end", "date_precision", "countries",
    "killed", "injured", "displaced", "troops", "detained", "sources", "evidence",
]  # fmt: skip


@app.command()
def events(
    country: Annotated[str | None, typer.Option(help="ISO 3166 alpha-3 code, e.g. ARM.")] = None,
    type: Annotated[str | None, typer.Option("--type", help=f"One of: {', '.join(EVENT_TYPES)}.")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only events still going on or after this date (YYYY-MM-DD).")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Only events begun on or before this date (YYYY-MM-DD).")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv or json (one JSON array).")] = "table",
    db: DbOption = None,
) -> None:
    """List the events in the store, oldest first."""
    _check_filters(type, since, until)
    if format not in ("table", "csv", "json"):
        err.print(f"[red]error[/red] --format must be table, csv or json, not {format!r}")
        raise typer.Exit(2)
    try:
        store = Store(db)
        store.migrate()
        rows = list(store.events(EventFilter(country=country, type=type, since=since, until=until)))
    except FlashpointError as exc:
        _fail(exc)
    if format == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(CSV_COLUMNS)
        for e in rows:
            writer.writerow(
                [
                    e.get("event_id"), e["type"], e.get("reported"), e.get("date_start"), e.get("date_end"),
                    e.get("date_precision"), " ".join(e.get("countries") or []),
                    _figure(e.get("killed")), _figure(e.get("injured")), _figure(e.get("displaced")),
                    _figure(e.get("troops")), _figure(e.get("detained")), " ".join(e.get("sources") or []),
                    e.get("evidence"),
                ]
            )  # fmt: skip
    else:
        _print_table(rows, stored=True)
        err.print(
            f"{len(rows)} events in {store.url}; `flashpoint event ID` shows one with its sources", highlight=False
        )


@app.command("event")
def show_event(
    event_id: Annotated[str, typer.Argument(help="An event id (or its first characters) from `flashpoint events`.")],
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    db: DbOption = None,
) -> None:
    """Show one stored event: its fields, every source that reports it, and each figure's history.

    flashpoint events --db t.db      # then
    flashpoint event 2a484703f90e --db t.db
    """
    if format not in ("text", "json"):
        err.print(f"[red]error[/red] --format must be text or json, not {format!r}")
        raise typer.Exit(2)
    try:
        store = Store(db)
        store.migrate()
        e = store.event(event_id)
    except FlashpointError as exc:
        _fail(exc)
    if e is None:
        err.print(f"[red]error[/red] no event {event_id!r} in {store.url}; list them with `flashpoint events`")
        raise typer.Exit(2)
    if format == "json":
        sys.stdout.write(json.dumps(e, ensure_ascii=False, indent=2) + "\n")
        return
    out = Console(width=None if sys.stdout.isatty() else 200, highlight=False, markup=False)
    dates = e.get("date_start") or "undated"
    if e.get("date_end") and e.get("date_end") != e.get("date_start"):
        dates += f" – {e['date_end']}"
    out.print(f"event {e['event_id']}: {e['type']}, {dates} ({e.get('date_precision')}), {' '.join(e['countries'])}")
    if e.get("location"):
        out.print(f"  at {e['location']['name']} ({e['location'].get('admin1') or e['location'].get('country')})")
    for name in FIGURE_NAMES:
        fig = e.get(name)
        if fig is None:
            continue
        out.print(
            f"  {name}: {_figure(fig)} [{fig['low']}–{fig['high']}, {fig['qualifier']}] from {fig['sources']} source(s)"
        )
        for h in e["figure_history"].get(name, []):
            flags = ", ".join(f for f in ("used", "partisan", "official") if h.get(f))
            copies = f" (+{len(h['copies'])} copies)" if h.get("copies") else ""
            out.print(f"    {h.get('published') or 'undated'}  {_figure(h):>6} {h['qualifier']:<9} "
                      f"{h.get('attribution') or '-'}  {h['doc']}{copies}{f'  [{flags}]' if flags else ''}")  # fmt: skip
    out.print(f"  {e['source_count']} source(s), {len(e['reports'])} report(s):")
    for r in e["reports"]:
        copy = f" (copy of {r['copy_of'][:12]})" if r.get("copy_of") else ""
        out.print(f"    {r.get('published') or 'undated'}  {r['doc']}{copy}: {(r.get('evidence') or '')[:120]}")


@app.command()
def export(
    format: Annotated[
        str, typer.Option("--format", "-f", help="csv, jsonl, geojson, parquet, acled or ucdp (docs/exports.md).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write (replaced if it exists).")],
    country: Annotated[str | None, typer.Option(help="Only events in this country (ISO3).")] = None,
    type: Annotated[str | None, typer.Option("--type", help=f"Only this type: {', '.join(EVENT_TYPES)}.")] = None,
    since: Annotated[str | None, typer.Option(help="Only events going on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Only events begun on or before this date (YYYY-MM-DD).")] = None,
    db: DbOption = None,
) -> None:
    """Write the store's events to a file analysts open in pandas, R, QGIS or a spreadsheet.

    csv, jsonl, geojson and parquet keep every field (docs/exports.md lists each column); acled and
    ucdp give those datasets' column sets. Example:

        flashpoint export --format geojson -o events.geojson --since 2022-01-01
    """
    from flashpoint.export import FORMATS
    from flashpoint.export import export as run_export
    from flashpoint.query import EventQuery

    if format not in FORMATS:
        err.print(f"[red]error[/red] --format must be one of {', '.join(FORMATS)}, not {format!r}")
        raise typer.Exit(2)
    _check_filters(type, since, until)
    query = EventQuery(
        countries=(country.upper(),) if country else (), types=(type,) if type else (), since=since, until=until
    )
    try:
        store = Store(db)
        store.migrate()
        n = run_export(store, format, output, query)
    except FlashpointError as exc:
        _fail(exc)
    except OSError as exc:
        err.print(f"[red]error[/red] cannot write {output}: {exc.strerror or exc}", highlight=False)
        raise typer.Exit(2) from exc
    err.print(f"exported {n} events as {format} → {output}", highlight=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="FLASHPOINT_API_TOKEN",
            help="Allow ingest over HTTP (POST /ingest/...) to clients sending 'Authorization: Bearer TOKEN'. "
            "Without it the API is read-only.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Serve the store over HTTP: the offline dashboard at / (map, timeline, evidence, escalation:
    docs/dashboard.md) and the API (events, documents, counts and GeoJSON) with OpenAPI docs at /docs.

    Example:

        flashpoint serve --db postgresql://analyst@dbhost/events --port 8000   # then open http://127.0.0.1:8000/
    """
    import uvicorn

    from flashpoint.api import create_app

    if token is not None and len(token) < 16:
        err.print("[red]error[/red] --token must be at least 16 characters (e.g. `openssl rand -hex 16`)")
        raise typer.Exit(2)
    try:
        store = SharedStore(db)
        store.migrate()
    except FlashpointError as exc:
        _fail(exc)
    mode = "ingest with token" if token else "read-only"
    err.print(
        f"serving {store.engine.url.render_as_string(hide_password=True)} ({mode}) on http://{host}:{port}/docs",
        highlight=False,
    )
    uvicorn.run(create_app(store, token), host=host, port=port, log_level="info")


def _check_filters(type: str | None, since: str | None, until: str | None) -> None:
    """Exit 2 with a message naming the option when --type, --since or --until is not valid."""
    if type and type not in EVENT_TYPES:
        err.print(f"[red]error[/red] --type {type!r} is not an event type; use one of: {', '.join(EVENT_TYPES)}")
        raise typer.Exit(2)
    for name, value in (("--since", since), ("--until", until)):
        if value and not _is_iso_date(value):
            err.print(f"[red]error[/red] {name} {value!r} is not a date; write it as YYYY-MM-DD")
            raise typer.Exit(2)


def _is_iso_date(value: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs (http or https).")],
    interval: Annotated[
        float, typer.Option("--interval", "-i", help="Seconds between two polls of a feed (at least 10).", min=10)
    ] = 60.0,
    delay: Annotated[float, typer.Option("--delay", help="Seconds between two requests to one host.", min=0)] = 1.0,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds before a request is given up.", min=1)] = 15.0,
    rounds: Annotated[
        int | None, typer.Option("--rounds", help="Stop after this many rounds (default: run until Ctrl-C).", min=1)
    ] = None,
    db: DbOption = None,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Poll FEEDS every --interval seconds and store each new item's page as it appears.

    Requests are conditional (ETag / Last-Modified), polite (robots.txt, one request per host per
    --delay seconds, an honest User-Agent) and retried; a feed that is down is retried later and
    never stops the others. Example:

        flashpoint watch https://example.org/world/rss.xml --db news.db
    """
    _allow_private(allow_private)
    from flashpoint.ingest.http import Fetcher
    from flashpoint.pipeline import is_url
    from flashpoint.watch import Report
    from flashpoint.watch import watch as run_watch

    bad = [f for f in feeds if not is_url(f)]
    if bad:
        err.print(f"[red]error[/red] not a feed URL: {bad[0]!r}; give http(s) URLs (ingest reads feed files)")
        raise typer.Exit(2)

    def report(r: Report) -> None:
        if r.outcome is None:
            _report_refusal(r.result)
        elif r.outcome.duplicate_of:
            err.print(f"copy {r.result.source} (of {r.outcome.duplicate_of[:12]})", highlight=False)
        elif r.outcome.stored:
            err.print(
                f"stored {r.result.source}: events added {r.outcome.events_added}, merged {r.outcome.events_merged}",
                highlight=False,
                soft_wrap=True,
            )

    try:
        store = SharedStore(db)  # many writers may share the store (flashpoint.shared_store)
        store.migrate()
        err.print(f"watching {len(feeds)} feed(s) every {interval:g}s → {store.url} (Ctrl-C stops)", highlight=False)
        with Fetcher(timeout=timeout, delay=delay) as fetcher:
            run_watch(feeds, store, fetcher, interval=interval, rounds=rounds, on_report=report)
    except FlashpointError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        err.print("stopped", highlight=False)


@app.command()
def doctor(db: DbOption = None) -> None:
    """Check the install: Python, required and optional packages, the store's schema (--db), the gazetteer, the
    fetch guard and the size limits. Prints OK, WARN or FAIL for each, with how to fix it; exits 1 on a FAIL.

        flashpoint doctor --db postgresql://analyst@dbhost/events
    """
    from flashpoint.doctor import run_checks

    checks = run_checks(db)
    table = Table(show_lines=False)
    for col in ("check", "status", "detail", "fix"):
        table.add_column(col, overflow="fold")
    colour = {"OK": "green", "WARN": "yellow", "FAIL": "red"}
    for c in checks:
        table.add_row(c.name, f"[{colour[c.status]}]{c.status}[/]", c.detail, c.fix)
    Console(width=None if sys.stdout.isatty() else 200, highlight=False).print(table)
    failed = [c.name for c in checks if c.status == "FAIL"]
    if failed:
        err.print(f"[red]FAIL[/red]: {', '.join(failed)}; see the fix column", highlight=False)
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print flashpoint's version."""
    print(__version__)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
