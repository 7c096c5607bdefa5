"""Linking and reconciled figures against gold incidents: pairwise precision/recall (as shared/tools/score.py
counts them) and how often a linked event's reconciled killed/injured equal its incident's true count.

usage: python benchmarks/eval_link.py GOLD.jsonl PRED.jsonl

PRED is what `flashpoint extract PATH --db DB` prints (events with `event_id`); GOLD events carry `incident`
and the incident's true `killed`/`injured` (shared/corpus/gva, or a gold file made from shared/train/gva).
Events are matched to gold as score.py matches them (it is imported from ../shared/tools).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "shared" / "tools"


def count(figure: object) -> int:
    return int(figure["best"] or 0) if isinstance(figure, dict) and figure.get("best") is not None else 0


def main(gold_path: str, pred_path: str) -> dict[str, object]:
    sys.path.insert(0, str(TOOLS))
    import score as S  # type: ignore[import-not-found]

    preds = S.load_pred(pred_path)
    matched: list[tuple[dict, dict]] = []  # (gold event, predicted event)
    for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        key = S.pair_doc(g["doc"], preds)
        p_events = preds.get(key, []) if key else []
        pairs = sorted(
            ((S.agreement(p, ge), i, j) for i, p in enumerate(p_events) for j, ge in enumerate(g["events"])
             if S.compatible(p, ge)), key=lambda t: -t[0])  # fmt: skip
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, i, j in pairs:
            if i not in used_p and j not in used_g and not g["events"][j].get("optional"):
                used_p.add(i)
                used_g.add(j)
                matched.append((g["events"][j], p_events[i]))
    with_ids = [(ge, p) for ge, p in matched if ge.get("incident") is not None and p.get("event_id")]
    link = S.linking([(str(ge["incident"]), str(p["event_id"])) for ge, p in with_ids])
    by_event: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    for ge, p in with_ids:
        by_event[p["event_id"]].append((ge, p))
    tally = Counter()
    for members in by_event.values():
        incident = Counter(str(ge["incident"]) for ge, _ in members).most_common(1)[0][0]
        ge = next(g for g, _ in members if str(g["incident"]) == incident)
        p = members[0][1]
        ok = all(count(p.get(f)) == count(ge.get(f)) for f in ("killed", "injured"))
        linked = len(members) >= 2  # two or more matched reports of it
        tally["events"] += 1
        tally["events_ok"] += ok
        tally["linked"] += linked
        tally["linked_ok"] += ok and linked
        for f in ("killed", "injured"):
            tally[f] += count(p.get(f)) == count(ge.get(f))
    n = tally["events"] or 1
    return {
        "matched_events": len(with_ids),
        "linking": link,
        "events": tally["events"],
        "figures_equal": round(tally["events_ok"] / n, 3),
        "killed_equal": round(tally["killed"] / n, 3),
        "injured_equal": round(tally["injured"] / n, 3),
        "linked_events": tally["linked"],
        "linked_figures_equal": round(tally["linked_ok"] / (tally["linked"] or 1), 3),
    }


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(json.dumps(main(sys.argv[1], sys.argv[2]), indent=2))
