"""Score predicted events against gold events: flashpoint's own scorer.

The rules are those of ``shared/tools/score.py`` and ``shared/CODEBOOK.md``
(tests/test_evaluate.py checks that both give the same figures on the dev
sets):

- a predicted document pairs with a gold one when its ``doc`` ends with the
  gold ``doc`` path, or has the same file name;
- a predicted event matches a gold event of the same document when the types
  agree (a gold type of ``null`` accepts any), their date spans overlap (a
  ``month``/``season``/``year``/``week`` gold widens to the whole unit, a day
  gold is widened by two days each side) and their country sets intersect;
  matching is one-to-one, best agreement first;
- precision, recall and F1 count non-optional matched events; reported recall
  counts the gold's ``reported`` events;
- on matched pairs: ``date_start`` at the gold's precision, country set,
  actor countries, ``reported``, and each figure's ``best`` within 10% of the
  gold's (or inside its ``low..high`` when it has no ``best``; a gold 0 is met
  by no figure).

Besides the shared scorer's figures, :class:`Score` keeps the count behind
each field accuracy and a per-type breakdown, so a report can say "killed
0.875 (7/8)".
"""

from __future__ import annotations

import calendar
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIGURES = ("killed", "injured", "displaced", "troops", "detained")
COARSE = frozenset({"month", "season", "year", "week"})

Event = dict[str, Any]


def _bound(value: object, end: bool) -> date | None:
    """The first (or last) day that a YYYY, YYYY-MM or YYYY-MM-DD string covers."""
    if not value or not isinstance(value, str):
        return None
    parts = value.strip()[:10].split("-")
    try:
        y = int(parts[0])
        if len(parts) == 1:
            return date(y, 12, 31) if end else date(y, 1, 1)
        m = int(parts[1])
        if len(parts) == 2:
            return date(y, m, calendar.monthrange(y, m)[1]) if end else date(y, m, 1)
        return date(y, m, int(parts[2]))
    except (ValueError, IndexError):
        return None


def _interval(ev: Event, widen_days: int) -> tuple[date, date] | None:
    start = _bound(ev.get("date_start"), end=False)
    stop = _bound(ev.get("date_end") or ev.get("date_start"), end=True)
    if start is None:
        return None
    stop = stop or start
    if stop < start:
        start, stop = stop, start
    pad = timedelta(days=widen_days)
    return start - pad, stop + pad


def _countries(ev: Event) -> set[str]:
    return {c.upper() for c in (ev.get("countries") or []) if isinstance(c, str)}


def _actor_countries(ev: Event) -> set[str]:
    out = set()
    for a in ev.get("actors") or []:
        if isinstance(a, dict) and isinstance(a.get("country"), str):
            out.add(a["country"].upper())
    return out


def compatible(pred: Event, gold: Event) -> bool:
    """Whether ``pred`` may match ``gold``: type, overlapping dates, intersecting countries."""
    if gold.get("type") is not None and pred.get("type") != gold.get("type"):
        return False
    g_c, p_c = _countries(gold), _countries(pred)
    if g_c and not (g_c & p_c):
        return False
    widen = 0 if gold.get("date_precision") in COARSE else 2
    g_i, p_i = _interval(gold, widen), _interval(pred, 0)
    if g_i is None:
        return True
    if p_i is None:
        return False
    return p_i[0] <= g_i[1] and g_i[0] <= p_i[1]


def date_ok(pred: Event, gold: Event) -> bool:
    """``date_start`` agrees at the gold's precision."""
    g, p = gold.get("date_start"), pred.get("date_start")
    if not g:
        return True
    if not isinstance(p, str):
        return False
    prec = gold.get("date_precision", "day")
    if prec == "year":
        return p[:4] == str(g)[:4]
    if prec in ("month", "season", "week"):
        g_i, p_s = _interval(gold, 0), _bound(p, end=False)
        return g_i is not None and p_s is not None and g_i[0] <= p_s <= g_i[1]
    return p[:10] == str(g)[:10]


def figure_ok(pred: object, gold: object) -> bool | None:
    """None when the gold has no such figure; else whether the predicted ``best`` fits it."""
    if not isinstance(gold, dict):
        return None
    if gold.get("best") == 0:
        return not isinstance(pred, dict) or pred.get("best") in (0, None)
    if not isinstance(pred, dict):
        return False
    p = pred.get("best")
    if p is None:
        p = pred.get("low") if pred.get("low") is not None else pred.get("high")
    if not isinstance(p, (int, float)):
        return False
    g = gold.get("best")
    if isinstance(g, (int, float)) and g > 0:
        return abs(p - g) <= 0.1 * g
    lo, hi = gold.get("low"), gold.get("high")
    return (lo is None or p >= lo) and (hi is None or p <= hi)


def _agreement(pred: Event, gold: Event) -> int:
    score = int(date_ok(pred, gold)) + int(_countries(pred) == _countries(gold))
    score += int(_actor_countries(pred) == _actor_countries(gold))
    score += sum(1 for f in FIGURES if figure_ok(pred.get(f), gold.get(f)))
    return score


def _checks(pred: Event, gold: Event) -> dict[str, bool]:
    checks = {
        "date_start": date_ok(pred, gold),
        "countries": _countries(pred) == _countries(gold),
        "actor_countries": _actor_countries(pred) == _actor_countries(gold),
        "reported": bool(pred.get("reported", True)) == bool(gold.get("reported", True)),
    }
    for f in FIGURES:
        ok = figure_ok(pred.get(f), gold.get(f))
        if ok is not None:
            checks[f] = ok
    return checks


@dataclass(slots=True)
class Score:
    """What a prediction file scores against a gold file."""

    docs: int = 0
    docs_predicted: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    reported_total: int = 0
    reported_hit: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_type: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0]))  # tp, fp, fn
    links: list[tuple[str, str]] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def reported_recall(self) -> float:
        return self.reported_hit / self.reported_total if self.reported_total else 0.0

    def field_accuracy(self) -> dict[str, float]:
        return {k: round(v[0] / v[1], 3) for k, v in sorted(self.fields.items()) if v[1]}

    @property
    def field_mean(self) -> float:
        # summed in the order the fields were first met, as ../shared/tools/score.py sums them: another order can
        # round the last digit the other way (gva 0.799 against 0.8)
        acc = [round(v[0] / v[1], 3) for v in self.fields.values() if v[1]]
        return round(sum(acc) / len(acc), 3) if acc else 0.0

    def linking(self) -> dict[str, Any] | None:
        return _linking(self.links)

    def as_dict(self) -> dict[str, Any]:
        """The shared scorer's ``--json`` object, plus ``field_counts`` and ``by_type``."""
        return {
            "docs": self.docs,
            "docs_predicted": self.docs_predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "reported_recall": round(self.reported_recall, 3),
            "field_accuracy": self.field_accuracy(),
            "field_mean": self.field_mean,
            "linking": self.linking(),
            "field_counts": {k: {"right": v[0], "of": v[1]} for k, v in sorted(self.fields.items())},
            "by_type": {k: {"tp": v[0], "fp": v[1], "fn": v[2]} for k, v in sorted(self.by_type.items())},
        }


def _linking(links: list[tuple[str, str]]) -> dict[str, Any] | None:
    """Pairwise precision/recall of 'same incident' over matched events."""
    if not links:
        return None
    same_gold = same_pred = both = 0
    for a in range(len(links)):
        for b in range(a + 1, len(links)):
            g = links[a][0] == links[b][0]
            p = links[a][1] == links[b][1]
            same_gold += g
            same_pred += p
            both += g and p
    prec = both / same_pred if same_pred else 1.0
    rec = both / same_gold if same_gold else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {
        "events": len(links),
        "pairs_gold": same_gold,
        "pairs_pred": same_pred,
        "precision": round(prec, 3),
        "recall": round(rec, 3),
        "f1": round(f1, 3),
    }


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def predictions_by_doc(objects: Iterable[dict[str, Any]]) -> dict[str, list[Event]]:
    """Prediction lines (documents, or single events carrying their ``doc``) grouped by document."""
    docs: dict[str, list[Event]] = defaultdict(list)
    for obj in objects:
        if "events" in obj:
            docs[str(obj.get("doc", ""))].extend(obj["events"] or [])
        elif "type" in obj:
            docs[str(obj.get("doc", ""))].append(obj)
        else:
            docs.setdefault(str(obj.get("doc", "")), [])
    return docs


def _pair_doc(gold_doc: str, pred_docs: dict[str, list[Event]]) -> str | None:
    name = gold_doc.rsplit("/", 1)[-1]
    for d in pred_docs:
        if d.endswith(gold_doc):
            return d
    for d in pred_docs:
        if d.rsplit("/", 1)[-1] == name:
            return d
    return None


def score(golds: list[dict[str, Any]], preds: dict[str, list[Event]], verbose: bool = False) -> Score:
    """Score predicted events (by document) against gold documents."""
    s = Score(docs=len(golds))
    for g in golds:
        key = _pair_doc(g["doc"], preds)
        p_events = preds.get(key, []) if key else []
        s.docs_predicted += key is not None
        g_events: list[Event] = g.get("events", [])
        pairs = [
            (_agreement(p, ge), i, j)
            for i, p in enumerate(p_events)
            for j, ge in enumerate(g_events)
            if compatible(p, ge)
        ]
        pairs.sort(key=lambda t: -t[0])
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, i, j in pairs:
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            ge, p = g_events[j], p_events[i]
            if ge.get("optional"):
                continue
            s.tp += 1
            s.by_type[str(ge.get("type") or p.get("type"))][0] += 1
            if ge.get("incident") is not None and p.get("event_id") is not None:
                s.links.append((str(ge["incident"]), str(p["event_id"])))
            checks = _checks(p, ge)
            for name, ok in checks.items():
                s.fields[name][0] += int(ok)
                s.fields[name][1] += 1
            if verbose:
                bad = [n for n, ok in checks.items() if not ok]
                s.log.append(
                    f"  hit  {g['doc']} #{j} {ge['type']} {ge.get('date_start')}"
                    + (f"  wrong: {', '.join(bad)}" if bad else "")
                )
        for j, ge in enumerate(g_events):
            if ge.get("optional"):
                continue
            if ge.get("reported", True):
                s.reported_total += 1
                s.reported_hit += j in used_g
            if j not in used_g:
                s.fn += 1
                s.by_type[str(ge.get("type"))][2] += 1
                if verbose:
                    s.log.append(
                        f"  miss {g['doc']} #{j} {ge['type']} {ge.get('date_start')} "
                        f"{sorted(_countries(ge))}: {(ge.get('evidence') or '')[:90]}"
                    )
        for i, p in enumerate(p_events):
            if i not in used_p:
                s.fp += 1
                s.by_type[str(p.get("type"))][1] += 1
                if verbose:
                    s.log.append(
                        f"  extra {g['doc']} {p.get('type')} {p.get('date_start')} "
                        f"{sorted(_countries(p))}: {str(p.get('evidence', ''))[:90]}"
                    )
    return s


def report(s: Score) -> list[str]:
    """The lines ``flashpoint evaluate`` prints: events, per-field figures with counts, per type."""
    lines = [f"documents: {s.docs_predicted}/{s.docs} predicted", f"events: tp={s.tp} fp={s.fp} fn={s.fn}"]
    lines.append("field accuracy on matched events:")
    for name, (right, of) in sorted(s.fields.items()):
        if of:
            lines.append(f"  {name:16s} {right / of:.3f}  ({right}/{of})")
    if s.by_type:
        lines.append("by type (gold type, or predicted type for extras):")
        for name, (tp, fp, fn) in sorted(s.by_type.items()):
            lines.append(f"  {name:26s} tp={tp:<3d} fp={fp:<3d} fn={fn:<3d}")
    lk = s.linking()
    if lk:
        lines.append(
            f"linking: {lk['events']} events, pairwise precision={lk['precision']:.3f} "
            f"recall={lk['recall']:.3f} f1={lk['f1']:.3f}"
        )
    lines.append(
        f"f1={s.f1:.3f} precision={s.precision:.3f} recall={s.recall:.3f} "
        f"reported_recall={s.reported_recall:.3f} field_mean={s.field_mean:.3f}"
    )
    return lines
