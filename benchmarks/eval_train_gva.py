"""Killed/injured and event figures on ../shared/train/gva, one half of its incidents at a time.

The reports of ``train/gva/documents.jsonl`` are split by incident: an incident whose id has an even md5 is in
the tune half (rules are written on its errors), an odd md5 in the held-out half (only measured, to confirm that a
gain generalises). Each report of the chosen half is given to the extractor as a JSON Lines record with its
publication date and title, as a feed would give them, and scored with ``../shared/tools/score.py`` against one
gold event a report: type null (any type matches), the incident's date (day precision), its country (USA, as in
``corpus/gva/gold.jsonl``) and the incident's true ``killed``/``injured`` (a 0 is met by no figure). With
``--no-countries`` the gold has no country, so dates and figures are measured apart from geocoding (an event
placed outside the USA then still matches).

usage:
    python benchmarks/eval_train_gva.py --half heldout             # all 2,626 held-out reports
    python benchmarks/eval_train_gva.py --half tune --limit 600    # 600 tune reports, sampled with --seed
    python benchmarks/eval_train_gva.py --half tune --keep /tmp/tune   # keep reports, gold and predictions

Run it with the code to measure on the path (``PYTHONPATH=src``). It reads ../shared (next to the repository)
in place, or the folder given with ``--shared``. Standard library and flashpoint only.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
HALVES = ("tune", "heldout")


def half_of(incident: str) -> str:
    """'tune' for an incident id with an even md5, 'heldout' for an odd one."""
    return "tune" if int(hashlib.md5(incident.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "heldout"


def load_reports(shared: Path, half: str, limit: int | None, seed: int) -> list[dict]:
    """The reports of ``half``, in file order; with ``limit``, that many drawn at random with ``seed``."""
    source = shared / "train" / "gva" / "documents.jsonl"
    if not source.is_file():
        raise SystemExit(
            f"error: {source} not found; this benchmark reads the shared training data in place "
            "(../shared next to the repository): check it out there or pass --shared DIR"
        )
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if half_of(str(r["incident"])) == half]
    if limit is not None and limit < len(rows):
        keep = set(random.Random(seed).sample(range(len(rows)), limit))
        rows = [r for i, r in enumerate(rows) if i in keep]
    return rows


def figure(count: int) -> dict:
    return {"best": count, "low": count, "high": count, "qualifier": "exact"}


def write_inputs(rows: list[dict], folder: Path, countries: bool = True) -> tuple[Path, Path]:
    """``reports.jsonl`` (one record a report: text, title, published) and ``gold.jsonl`` (line N's gold doc is
    ``reports.jsonl#LN``, the name the JSON Lines reader gives that record)."""
    reports, gold = folder / "reports.jsonl", folder / "gold.jsonl"
    with reports.open("w", encoding="utf-8") as rf, gold.open("w", encoding="utf-8") as gf:
        for number, r in enumerate(rows, start=1):
            rf.write(json.dumps({"text": r["text"], "title": r["title"], "published": r["published"]}) + "\n")
            event = {
                "type": None,
                "reported": True,
                "incident": str(r["incident"]),
                "date_start": r["incident_date"],
                "date_end": r["incident_date"],
                "date_precision": "day",
                **({"countries": ["USA"]} if countries else {}),
                "killed": figure(int(r["killed"])),
                "injured": figure(int(r["injured"])),
            }
            doc = {"doc": f"reports.jsonl#L{number}", "doc_id": r["doc_id"], "published": r["published"]}
            gf.write(json.dumps({**doc, "title": r["title"], "events": [event]}) + "\n")
    return reports, gold


def extract(reports: Path, pred: Path) -> int:
    """Run the pipeline on ``reports`` and write its JSON Lines to ``pred``; the number of refused records (a
    report with no text)."""
    from flashpoint.output import document_json
    from flashpoint.pipeline import run

    refused = 0
    with pred.open("w", encoding="utf-8") as out:
        for result in run([str(reports)]):
            if not result.ok:
                refused += 1
                continue
            out.write(json.dumps(document_json(result), ensure_ascii=False) + "\n")
    return refused


@contextlib.contextmanager
def work_folder(keep: Path | None, prefix: str) -> Iterator[Path]:
    """``keep`` (made when missing, kept afterwards), else a temporary folder removed afterwards."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)


def extract_and_score(reports: Path, gold: Path, scorer: Path, verbose: bool, heading: Callable[[int], str]) -> int:
    """Extract ``reports`` into ``pred.jsonl`` beside it, print ``heading(refused records)``, then score.py's
    figures against ``gold``; score.py's exit status."""
    pred = reports.parent / "pred.jsonl"
    print(heading(extract(reports, pred)))
    sys.stdout.flush()
    command = [sys.executable, str(scorer), str(gold), str(pred)] + (["--verbose"] if verbose else [])
    return subprocess.run(command, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Rules are tuned on --half tune; --half heldout is only measured.",
    )
    parser.add_argument("--half", choices=HALVES, required=True, help="tune (even md5 incidents) or heldout (odd)")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="score N reports drawn at random")
    parser.add_argument("--seed", type=int, default=0, help="seed of the --limit draw (default 0)")
    parser.add_argument("--shared", type=Path, default=SHARED, help=f"the shared folder (default {SHARED})")
    parser.add_argument("--no-countries", action="store_true", help="leave the gold's country (USA) out")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="write the files here and keep them")
    parser.add_argument("--verbose", action="store_true", help="pass --verbose to score.py (every hit and miss)")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    scorer = args.shared / "tools" / "score.py"
    if not scorer.is_file():
        raise SystemExit(f"error: {scorer} not found; pass --shared DIR (the folder holding tools/ and train/)")
    rows = load_reports(args.shared, args.half, args.limit, args.seed)
    with work_folder(args.keep, "eval_train_gva_") as folder:
        reports, gold = write_inputs(rows, folder, countries=not args.no_countries)
        return extract_and_score(
            reports, gold, scorer, args.verbose,
            lambda refused: f"train/gva {args.half}: {len(rows)} reports ({refused} without text), files in {folder}",
        )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
