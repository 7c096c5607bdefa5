"""Geocoding speed and memory: start-up, places resolved per second, peak RSS.

Run: .venv/bin/python benchmarks/bench_geo.py [DOCS_DIR]   (default ../shared/corpus/geo/docs)

The baseline, measured in the same run on the same texts, is the lexicon layer alone (countries, demonyms,
curated regions by regular expression: the issue-2 gazetteer). Start-up is measured in a fresh interpreter.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus" / "geo" / "docs"
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(docs.glob("*.txt"))]
    if not texts:
        sys.exit(f"no .txt documents in {docs}")
    startup = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t = time.perf_counter(); "
            "from flashpoint.geo.gazetteer import default_gazetteer; default_gazetteer().find('Kyiv and Kharkiv'); "
            "print(time.perf_counter() - t)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    from flashpoint.geo.gazetteer import default_gazetteer, default_lexicon

    gaz = default_gazetteer()
    lex = default_lexicon()
    gaz.find("warm-up: Kyiv")
    results = {}
    for name, find in (("lexicon only (baseline)", lex.find), ("full gazetteer", gaz.find)):
        started = time.perf_counter()
        n = sum(len(find(t)) for t in texts)
        elapsed = time.perf_counter() - started
        results[name] = (n, elapsed)
        print(
            f"{name:26s} {n:6d} places in {elapsed:6.2f} s  = {n / elapsed:8.0f} places/s, "
            f"{len(texts) / elapsed:6.1f} docs/s"
        )
    base_n, base_t = results["lexicon only (baseline)"]
    full_n, full_t = results["full gazetteer"]
    print(
        f"ratio: the full gazetteer takes {full_t / base_t:.1f}x the baseline's time and finds "
        f"{full_n / max(1, base_n):.1f}x its places"
    )
    print(f"start-up (fresh interpreter, gazetteer loaded, first lookup): {float(startup.stdout):.2f} s")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB  ({len(texts)} documents)")


if __name__ == "__main__":
    main()
