"""Victim counts on the Gun Violence Database: a held-out check of the killed/injured figures on reports the
extractor was never tuned on.

    .venv/bin/python benchmarks/eval_gvdb.py [--split dev|test|all] [--limit N] [--show N] [--json]

Reads ``../shared/train/gvdb_gun_violence_database/{dev,test}.tsv`` in place (Pavlick et al., EMNLP 2016, as
re-released with the RAMS code, Apache-2.0; 900 US shooting reports, one crowd annotator each; see its
SOURCE.md). Each report goes through the pipeline as a document with its title and URL (``process_raw``, as
``flashpoint extract`` runs it); the TSV's text begins with the title glued to the first sentence ("... |
abc7ny.comA man was shot"), so a blank line is put between them, as a page or a feed would give them. The gold counts are the annotator's victim list: killed = victims marked
killed, injured = the others marked injured or hospitalized. The report's predicted counts are those of its lead
incident: the first violent event (battle, remote violence, violence against civilians) that gives a killed or
injured figure, in text order (an undated one too: the TSV has no publication date), else 0 and 0.

Printed: exact match of killed, of injured and of both (the measure Zhong et al., EACL 2023, report for victim
counts: 0.813 for their best model on WAD, 0.44-0.50 on other sets; ../shared/notes/anchors.md), with a baseline
measured on the same reports: the most common gold (killed, injured) pair for every report. The annotation is
noisy (a victim the annotator did not enter one by one is not counted; SOURCE.md), so compare runs with each
other rather than with a perfect score. Tune on ``dev``; ``test`` is the held-out half.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if not os.environ.get("PYTHONPATH"):  # PYTHONPATH=/elsewhere/src measures another flashpoint
    sys.path.insert(0, str(ROOT / "src"))

VIOLENT = ("violence_against_civilians", "battle", "remote_violence")


def gvdb_dir() -> Path:
    shared = Path(os.environ.get("FLASHPOINT_SHARED", ROOT.parent / "shared"))
    return shared / "train" / "gvdb_gun_violence_database"


def read_split(split: str) -> list[dict[str, object]]:
    """The reports of a split with their gold counts; a clear exit where the data is absent."""
    folder = gvdb_dir()
    names = ["dev.tsv", "test.tsv"] if split == "all" else [f"{split}.tsv"]
    missing = [n for n in names if not (folder / n).is_file()]
    if missing:
        sys.exit(f"eval_gvdb: {folder / missing[0]} not found; set FLASHPOINT_SHARED to the shared folder")
    csv.field_size_limit(sys.maxsize)
    out: list[dict[str, object]] = []
    for name in names:
        with (folder / name).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                victims = json.loads(row["Json"]).get("victim-section") or []
                title, text = row["Article title"], row["Full text"]
                if title and text.startswith(title):  # the TSV glues the title to the body ("| abc7ny.comA man was")
                    text = f"{title}\n\n{text[len(title) :]}"
                outcomes = [set(v.get("victim-was") or []) for v in victims]
                out.append(
                    {
                        "id": f"{name.removesuffix('.tsv')}/{row['Article id']}",
                        "url": row["Article url"] or None,
                        "title": row["Article title"] or None,
                        "text": text,
                        "killed": sum("killed" in o for o in outcomes),
                        "injured": sum(bool(o & {"injured", "hospitalized"}) and "killed" not in o for o in outcomes),
                    }
                )
    return out


def lead_counts(result: object) -> tuple[int, int]:
    """(killed, injured) of the report's lead incident (see the module doc)."""
    mentions = sorted((*result.mentions, *result.undated), key=lambda m: m.trigger.start)  # type: ignore[attr-defined]
    violent = [m for m in mentions if m.type in VIOLENT]
    for m in violent:
        k, i = m.figure("killed"), m.figure("injured")
        if k is not None or i is not None:
            return (k.best or 0) if k else 0, (i.best or 0) if i else 0
    return 0, 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test", "all"), default="test", help="which half (default: test)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N reports (default: all)")
    ap.add_argument("--show", type=int, default=0, help="print N reports where the counts differ")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    from flashpoint.geo.gazetteer import default_gazetteer
    from flashpoint.pipeline import process_raw
    from flashpoint.records import RawDocument

    reports = read_split(args.split)[: args.limit or None]
    gazetteer = default_gazetteer()
    tally: Counter[str] = Counter()
    wrong: list[tuple[str, tuple[int, int], tuple[int, int], str]] = []
    started = time.monotonic()
    gold_pairs = Counter((int(r["killed"]), int(r["injured"])) for r in reports)  # type: ignore[call-overload]
    majority = gold_pairs.most_common(1)[0][0]
    for r in reports:
        raw = RawDocument(str(r["id"]), str(r["text"]).encode("utf-8"), "text/plain", r["url"], r["title"])  # type: ignore[arg-type]
        result = process_raw(raw, gazetteer)
        gold = (int(r["killed"]), int(r["injured"]))  # type: ignore[call-overload]
        got = lead_counts(result) if result.ok else (0, 0)
        tally["reports"] += 1
        tally["killed"] += got[0] == gold[0]
        tally["injured"] += got[1] == gold[1]
        tally["both"] += got == gold
        tally["base_killed"] += majority[0] == gold[0]
        tally["base_injured"] += majority[1] == gold[1]
        tally["base_both"] += majority == gold
        if got != gold:
            wrong.append((str(r["id"]), gold, got, str(r["title"] or "")[:80]))
    n = tally["reports"] or 1
    figures = {
        "split": args.split,
        "reports": tally["reports"],
        "exact_killed": round(tally["killed"] / n, 3),
        "exact_injured": round(tally["injured"] / n, 3),
        "exact_both": round(tally["both"] / n, 3),
        "baseline": {"pair": list(majority), "killed": round(tally["base_killed"] / n, 3),
                     "injured": round(tally["base_injured"] / n, 3), "both": round(tally["base_both"] / n, 3)},
        "seconds": round(time.monotonic() - started, 1),
    }  # fmt: skip
    if args.json:
        print(json.dumps(figures))
    else:
        b = figures["baseline"]
        print(
            f"gvdb {args.split}: {tally['reports']} reports; exact match killed {figures['exact_killed']:.3f}, "
            f"injured {figures['exact_injured']:.3f}, both {figures['exact_both']:.3f}  "
            f"(baseline, always {majority}: {b['killed']:.3f} / {b['injured']:.3f} / {b['both']:.3f}); "  # type: ignore[index]
            f"{figures['seconds']} s"
        )
    for rid, gold, got, title in wrong[: args.show]:
        print(f"  {rid}: gold {gold} got {got}  {title}")


if __name__ == "__main__":
    main()
