"""Event-type check on the CASE 2021 task 2 snippets (../shared/train/case2021_task2_finegrained).

Each snippet carries one ACLED sub-type; those that map to a CODEBOOK type are checked: "recall" is the share of
snippets whose type is among the types the extractor finds in them, "precision" the share of found types that are
the snippet's. Triggers were tuned on the odd ids; the even ids are the held-out half.

    .venv/bin/python benchmarks/case_types.py [--half even|odd]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from flashpoint.clean import clean
from flashpoint.extract.events import extract_mentions
from flashpoint.geo.gazetteer import default_gazetteer
from flashpoint.records import Article, RawDocument

SNIPPETS = (
    Path(__file__).resolve().parents[2]
    / "shared/train/case2021_task2_finegrained/test_set_final_release_with_labels.tsv"
)
CODEBOOK_TYPE = {
    "AIR_STRIKE": "remote_violence",
    "ART_MISS_ATTACK": "remote_violence",
    "REM_EXPLOS": "remote_violence",
    "GRENADE": "remote_violence",
    "SUIC_BOMB": "remote_violence",
    "CHEM_WEAP": "remote_violence",
    "ARMED_CLASH": "battle",
    "GOV_REGAINS_TERIT": "battle",
    "NON_STATE_ACTOR_OVERTAKES_TER": "battle",
    "ATTACK": "violence_against_civilians",
    "ABDUCT_DISSAP": "violence_against_civilians",
    "SEX_VIOL": "violence_against_civilians",
    "PEACE_PROTEST": "protest",
    "PROTEST_WITH_INTER": "protest",
    "FORCE_AGAINST_PROTEST": "protest",
    "VIOL_DEMONSTR": "riot",
    "MOB_VIOL": "riot",
    "AGREEMENT": "agreement",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("even", "odd"), default="even", help="which ids to score (odd: tuned on)")
    args = parser.parse_args()
    if not SNIPPETS.exists():
        raise SystemExit(f"{SNIPPETS} not found: the CASE snippets ship in ../shared/train, not with flashpoint")
    gazetteer = default_gazetteer()
    hit = total = right = found = 0
    with SNIPPETS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if (int(row["id"]) % 2 == 0) != (args.half == "even"):
                continue
            raw = RawDocument("snippet.txt", f"Snippet\n\n2021-06-01\n\n{row['EventSnippet']}\n".encode(), "text/plain")
            article = clean(raw)
            if not isinstance(article, Article):
                continue
            types = {m.type for m in extract_mentions(article, gazetteer)[0]}
            want = CODEBOOK_TYPE.get(row["SubType"])
            if want:
                total += 1
                hit += want in types
            found += len(types)
            right += sum(t == want for t in types)
    print(
        f"{args.half} ids: type recall {hit / total:.3f} ({hit}/{total}), "
        f"type precision {right / found:.3f} ({right}/{found})"
    )


if __name__ == "__main__":
    main()
