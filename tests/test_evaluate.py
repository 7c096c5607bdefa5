"""flashpoint evaluate: the project's scorer agrees with shared/tools/score.py, rule by rule and on the dev sets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, shared_path
from flashpoint.evaluate import compatible, date_ok, figure_ok, predictions_by_doc, read_jsonl, score
from flashpoint.output import document_json
from flashpoint.pipeline import run

SHARED_KEYS = ("docs", "docs_predicted", "tp", "fp", "fn", "precision", "recall", "f1", "reported_recall",
               "field_accuracy", "field_mean", "linking")  # fmt: skip


def test_day_gold_is_widened_by_two_days() -> None:
    gold = {"type": "battle", "date_start": "2022-09-12", "date_precision": "day", "countries": ["ARM"]}
    assert compatible({"type": "battle", "date_start": "2022-09-14", "countries": ["ARM"]}, gold)
    assert not compatible({"type": "battle", "date_start": "2022-09-15", "countries": ["ARM"]}, gold)


def test_null_gold_type_accepts_any_type_but_countries_must_meet() -> None:
    gold = {"type": None, "date_start": "2016-01-02", "date_precision": "day", "countries": ["USA"]}
    assert compatible({"type": "riot", "date_start": "2016-01-02", "countries": ["USA"]}, gold)
    assert not compatible({"type": "riot", "date_start": "2016-01-02", "countries": []}, gold)


def test_month_gold_date_is_right_anywhere_in_the_month() -> None:
    gold = {"date_start": "2020-09", "date_precision": "month"}
    assert date_ok({"date_start": "2020-09-27"}, gold)
    assert not date_ok({"date_start": "2020-10-01"}, gold)


def test_figures_within_ten_percent_and_zero_met_by_none() -> None:
    assert figure_ok({"best": 310}, {"best": 287}) is True
    assert figure_ok({"best": 320}, {"best": 287}) is False
    assert figure_ok(None, {"best": 0}) is True
    assert figure_ok({"best": 500}, {"best": None, "low": 137, "high": 2075}) is True
    assert figure_ok({"best": 3}, None) is None


def _shared_score(gold: Path, pred: Path) -> dict[str, object]:
    scorer = shared_path("tools", "score.py")
    out = subprocess.run([sys.executable, str(scorer), str(gold), str(pred), "--json"], capture_output=True, text=True)
    return dict(json.loads(out.stdout))


@pytest.mark.parametrize("name", ["seed", "news", "gva"])
def test_agrees_with_the_shared_scorer_on_the_dev_sets(name: str, tmp_path: Path) -> None:
    docs = shared_path("corpus", name, "docs")
    gold = shared_path("corpus", name, "gold.jsonl")
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for result in run([str(docs)]):
            if result.ok:
                fh.write(json.dumps(document_json(result), ensure_ascii=False) + "\n")
    ours = score(read_jsonl(gold), predictions_by_doc(read_jsonl(pred))).as_dict()
    theirs = _shared_score(gold, pred)
    assert {k: ours[k] for k in SHARED_KEYS} == {k: theirs[k] for k in SHARED_KEYS}


def test_evaluate_command_prints_per_field_figures(tmp_path: Path) -> None:
    docs = shared_path("corpus", "seed", "docs")
    gold = shared_path("corpus", "seed", "gold.jsonl")
    out = subprocess.run(
        [sys.executable, "-m", "flashpoint", "evaluate", str(gold), "--docs", str(docs)],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    assert "killed" in out.stdout and "date_start" in out.stdout and "f1=" in out.stdout


def test_evaluate_command_wants_predictions_or_docs(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "events": []}\n', encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "flashpoint", "evaluate", str(gold)], capture_output=True, text=True, cwd=ROOT
    )
    assert out.returncode == 2
