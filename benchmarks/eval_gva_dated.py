"""corpus/gva scored as if each report came with its publication date, as a feed or a crawl would give it.

Most reports of ``../shared/corpus/gva`` are bare text with no date anywhere in them (126 of 202), and
``score.py`` matches no event without a year, so on the files alone recall cannot pass about 0.43 and the
dates of those reports cannot be judged. This benchmark gives the extractor each report's text with the
``published`` day that the gold line records for the document (document metadata, as in a JSON Lines record or
an RSS item; nothing about its events), and scores the result against the same gold events with
``../shared/tools/score.py``. The extraction is the shipped pipeline, unchanged.

usage:
    python benchmarks/eval_gva_dated.py                # scores; files in a temporary folder
    python benchmarks/eval_gva_dated.py --keep /tmp/d  # keep reports.jsonl, gold.jsonl and pred.jsonl
    python benchmarks/eval_gva_dated.py --verbose      # every hit and miss (score.py --verbose)

Run it with the code to measure on the path (``PYTHONPATH=src``); reads ../shared in place or ``--shared DIR``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval_train_gva import extract_and_score, work_folder

SHARED = Path(__file__).resolve().parents[2] / "shared"


def write_inputs(corpus: Path, folder: Path) -> tuple[Path, Path, int]:
    """``reports.jsonl`` (a record a report: its text and publication day) and ``gold.jsonl`` (the corpus gold
    with each line's doc renamed to the record's ``reports.jsonl#LN``); the number of reports given a date."""
    reports, gold = folder / "reports.jsonl", folder / "gold.jsonl"
    dated = 0
    lines = (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    with reports.open("w", encoding="utf-8") as rf, gold.open("w", encoding="utf-8") as gf:
        for number, line in enumerate((ln for ln in lines if ln.strip()), start=1):
            g = json.loads(line)
            path = corpus.parent / g["doc"]
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise SystemExit(f"error: cannot read {path}: {exc}") from exc
            record = {"text": text}
            if g.get("published"):
                record["published"] = g["published"]
                dated += 1
            rf.write(json.dumps(record, ensure_ascii=False) + "\n")
            gf.write(json.dumps({**g, "doc": f"reports.jsonl#L{number}", "corpus_doc": g["doc"]}) + "\n")
    return reports, gold, dated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED, help=f"the shared folder (default {SHARED})")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="write the files here and keep them")
    parser.add_argument("--verbose", action="store_true", help="pass --verbose to score.py (every hit and miss)")
    args = parser.parse_args(argv)
    corpus, scorer = args.shared / "corpus" / "gva", args.shared / "tools" / "score.py"
    for needed in (corpus / "gold.jsonl", scorer):
        if not needed.is_file():
            raise SystemExit(f"error: {needed} not found; pass --shared DIR (the folder holding corpus/ and tools/)")
    with work_folder(args.keep, "eval_gva_dated_") as folder:
        reports, gold, dated = write_inputs(corpus, folder)
        return extract_and_score(
            reports, gold, scorer, args.verbose,
            lambda refused: f"corpus/gva with publication dates: {dated} reports dated, {refused} refused, files in {folder}",
        )  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
