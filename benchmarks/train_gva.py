"""Write a half of ../shared/train/gva as a corpus for `eval_link.py`: one text file a report (title, blank line,
text; no date, as corpus/gva gives none) and a gold file of each report's incident, date, place and true
killed/injured. Incidents are split by the parity of md5(incident id): even to tune on, odd held out; reports
that are in corpus/gva are left out; the first N of the half are taken in documents.jsonl's order.

usage: python benchmarks/train_gva.py even|odd N OUT_DIR
then:  flashpoint ingest OUT_DIR/docs --db DB && flashpoint extract OUT_DIR/docs --db DB > pred.jsonl
       python benchmarks/eval_link.py OUT_DIR/gold.jsonl pred.jsonl
(docs/linking.md, session 5: even 1,500 and odd 600)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_train_gva import SHARED, figure, load_reports  # noqa: E402  (the one split of train/gva into halves)


def main(half: str, n: int, out: Path) -> tuple[int, int]:
    corpus = {p.stem for p in (SHARED / "corpus" / "gva" / "docs").iterdir()}
    reports = load_reports(SHARED, "heldout" if half == "odd" else "tune", None, 0)
    rows = [d for d in reports if d["doc_id"] not in corpus][:n]
    (out / "docs").mkdir(parents=True, exist_ok=True)
    with open(out / "gold.jsonl", "w", encoding="utf-8") as gold:
        for d in rows:
            (out / "docs" / f"{d['doc_id']}.txt").write_text(d["title"] + "\n\n" + d["text"], encoding="utf-8")
            event = {
                "type": None, "reported": True, "incident": d["incident"], "date_start": d["incident_date"],
                "date_end": d["incident_date"], "date_precision": "day", "countries": ["USA"],
                "places": [{"name": d["city_or_county"], "admin1": d["state"]}], "lat_lon": d["lat_lon"],
                **{k: figure(d[k]) for k in ("killed", "injured")},
            }  # fmt: skip
            gold.write(json.dumps({"doc": f"{out.name}/docs/{d['doc_id']}.txt", "events": [event]}) + "\n")
    return len(rows), len({d["incident"] for d in rows})


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("even", "odd"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    reports, incidents = main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
    print(f"{reports} reports of {incidents} incidents → {sys.argv[3]}")
