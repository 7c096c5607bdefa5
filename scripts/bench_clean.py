#!/usr/bin/env python3
"""Benchmark: flashpoint's HTML cleaning stage against trafilatura alone, on the same pages, in one run.

usage: python scripts/bench_clean.py [CORPUS_DIR] [--rounds N] [--json]

CORPUS_DIR defaults to ../shared/corpus/html (``docs/`` of ``.html.gz`` pages and ``gold.jsonl``).
For each page it times

* trafilatura: ``trafilatura.extract(page)`` with its default settings (bytes in, text out), and
* flashpoint: ``flashpoint.clean.clean`` on the same bytes (main text, metadata, language,
  fingerprints and the offset map back into the page: the whole cleaning stage),

rounds times each, interleaved, and reports the best round of each (least disturbed by other
work on the machine). Text F1 is computed with ``../shared/tools/score_text.py`` (the issue's
scorer) when it is there, else with the same 4-word-shingle measure copied below. The speed
ratio is trafilatura's time over ours: 1.0 is as fast, the issue asks for at least 0.8.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = [t.lower() for t in WORD.findall(text or "")]
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def _prf(gold: str, pred: str) -> tuple[float, float, float]:
    g, p = _shingles(gold), _shingles(pred)
    if not g and not p:
        return 1.0, 1.0, 1.0
    common = sum((g & p).values())
    prec = common / sum(p.values()) if p else 0.0
    rec = common / sum(g.values()) if g else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def _scorer(corpus: Path) -> Callable[[str, str], tuple[float, float, float]]:
    path = corpus.parent.parent / "tools" / "score_text.py"
    if path.exists():
        spec = importlib.util.spec_from_file_location("score_text", path)
        if spec and spec.loader:
            module: ModuleType = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.prf  # type: ignore[no-any-return]
    return _prf


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "html"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import trafilatura

    from flashpoint.clean import clean
    from flashpoint.records import Article, RawDocument

    corpus = Path(args.corpus)
    gold = {}
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            gold[obj["doc"].rsplit("/", 1)[-1]] = obj["body"]
    pages = []
    for path in sorted((corpus / "docs").iterdir()):
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        pages.append((path.name, data))

    def ours(name: str, data: bytes) -> str:
        result = clean(RawDocument(name, data, "text/html"))
        return result.text if isinstance(result, Article) else ""

    def theirs(name: str, data: bytes) -> str:
        return trafilatura.extract(data) or ""

    systems: dict[str, Callable[[str, str | bytes], str]] = {"trafilatura": theirs, "flashpoint": ours}  # type: ignore[dict-item]
    best = dict.fromkeys(systems, float("inf"))
    outputs: dict[str, dict[str, str]] = {}
    for name, fn in systems.items():  # warm-up: imports, model loads, caches
        outputs[name] = {n: fn(n, d) for n, d in pages}
    for _ in range(args.rounds):
        for name, fn in systems.items():
            start = time.perf_counter()
            for n, d in pages:
                fn(n, d)
            best[name] = min(best[name], time.perf_counter() - start)

    prf = _scorer(corpus)
    report: dict[str, object] = {"pages": len(pages), "rounds": args.rounds}
    for name in systems:
        scores = [prf(body, outputs[name].get(doc, "")) for doc, body in gold.items()]
        n = len(scores) or 1
        report[name] = {
            "precision": round(sum(s[0] for s in scores) / n, 4),
            "recall": round(sum(s[1] for s in scores) / n, 4),
            "f1": round(sum(s[2] for s in scores) / n, 4),
            "seconds": round(best[name], 3),
            "ms_per_page": round(1000 * best[name] / max(len(pages), 1), 2),
        }
    report["speed_ratio"] = round(best["trafilatura"] / best["flashpoint"], 3)
    if args.json:
        print(json.dumps(report))
    else:
        for name in systems:
            r = report[name]
            assert isinstance(r, dict)
            print(
                f"{name:12s} text f1={r['f1']:.4f} precision={r['precision']:.4f} recall={r['recall']:.4f} "
                f"{r['seconds']:.3f}s ({r['ms_per_page']} ms/page)"
            )
        print(f"speed ratio (trafilatura time / flashpoint time) = {report['speed_ratio']:.3f}  (floor 0.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
