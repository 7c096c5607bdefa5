"""Golden test: the seed article end to end, against reviewed expected events.

tests/golden/seed.expected.json was produced by flashpoint and reviewed by hand
against shared/corpus/seed/gold.jsonl: the eleven events it shares with the
gold are right in type, dates, countries and figures; the one extra event
(a 1988 'request', coded as an optional protest in the gold) is a known
false positive kept visible here. Regenerate it only after reviewing a diff.
Issue 4 changed one value: the undated displacement ("more than 700,000 ... have
left") carries the report's date at week precision (2022-12-09 to 2022-12-09)
rather than the week before it, as ACLED dates an event its report does not date.
Issue 5 changed two: the 2020 Karabakh war and the 1992-1994 war, each told as one between Armenia's and
Azerbaijan's forces, are in both countries, as the gold codes them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, shared_path
from flashpoint.output import document_json
from flashpoint.pipeline import run

GOLDEN = Path(__file__).parent / "golden" / "seed.expected.json"
FIELDS = ("type", "reported", "date_start", "date_end", "date_precision", "countries", "killed_by_side")
FIGURES = ("killed", "injured", "displaced", "troops", "detained")


def _strip(fig: dict | None) -> dict | None:
    return None if fig is None else {k: v for k, v in fig.items() if k != "span"}


def test_seed_article_matches_golden_file() -> None:
    docs = shared_path("corpus", "seed", "docs")
    (result,) = list(run([str(docs)]))
    got = document_json(result)
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert (got["title"], got["byline"], got["published"]) == (want["title"], want["byline"], want["published"])
    assert got["provenance_chain"] == want["provenance_chain"]
    assert [{**{k: e[k] for k in FIELDS}, **{f: _strip(e[f]) for f in FIGURES}} for e in got["events"]] == want[
        "events"
    ]


def test_seed_scores_above_the_issue_floors(tmp_path: Path) -> None:
    docs = shared_path("corpus", "seed", "docs")
    gold = shared_path("corpus", "seed", "gold.jsonl")
    scorer = shared_path("tools", "score.py")
    pred = tmp_path / "pred.jsonl"
    with pred.open("w") as fh:
        subprocess.run([sys.executable, "-m", "flashpoint", "extract", str(docs)], stdout=fh, check=True, cwd=ROOT)
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"], capture_output=True, text=True)
    score = json.loads(out.stdout)
    assert score["reported_recall"] >= 0.8
    assert score["precision"] >= 0.7
    assert score["field_accuracy"]["date_start"] == 1.0
    assert score["field_accuracy"]["killed"] == 1.0
