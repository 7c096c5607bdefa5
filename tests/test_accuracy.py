"""Accuracy gate: pinned floors on the dev sets, so a change that lowers them fails.

The floors sit just under the figures measured when they were last raised
(docs/extractor.md has the full per-field table). Raise them when the
extractor improves; never lower one to make a change pass. Skips where
../shared is absent, unless FLASHPOINT_REQUIRE_SHARED=1.
"""

from __future__ import annotations

import json

import pytest

from conftest import shared_path
from flashpoint.evaluate import Score, predictions_by_doc, read_jsonl, score
from flashpoint.output import document_json
from flashpoint.pipeline import run

FLOORS: dict[str, dict[str, float]] = {
    "seed": {"f1": 0.95, "reported_recall": 1.0, "date_start": 1.0, "killed": 1.0, "displaced": 1.0, "troops": 1.0,
             "countries": 0.90, "actor_countries": 0.95},
    "news": {"f1": 0.74, "precision": 0.74, "reported_recall": 0.74, "date_start": 0.88, "countries": 0.91,
             "killed": 0.53, "actor_countries": 0.77},
    "gva": {"f1": 0.40, "precision": 0.52, "recall": 0.32, "countries": 0.99, "killed": 0.72, "injured": 0.53},
}  # fmt: skip


def _score(name: str) -> Score:
    docs = shared_path("corpus", name, "docs")
    gold = shared_path("corpus", name, "gold.jsonl")
    preds = [json.loads(json.dumps(document_json(r))) for r in run([str(docs)]) if r.ok]
    return score(read_jsonl(gold), predictions_by_doc(preds))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_set_stays_above_its_floors(name: str) -> None:
    s = _score(name)
    got = {"f1": s.f1, "precision": s.precision, "recall": s.recall, "reported_recall": s.reported_recall}
    got.update(s.field_accuracy())
    below = {k: (round(got.get(k, 0.0), 3), floor) for k, floor in FLOORS[name].items() if got.get(k, 0.0) < floor}
    assert not below, f"{name}: below the pinned floor (measured, floor): {below}"
