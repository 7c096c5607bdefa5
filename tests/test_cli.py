"""The command line on real files and on bad input: one clear line per bad file, the rest processed."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, shared_path

GOOD = (
    "Clashes on the border\n\n2022-09-20\n\n"
    "Violent clashes took place on the border between Kyrgyzstan and Tajikistan from September 14 to 16. "
    "At least 100 people were killed, officials said.\n"
)


def fp(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flashpoint", *args], capture_output=True, text=True, cwd=cwd)


def bad_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "sub" / "good.md.gz").write_bytes(gzip.compress(GOOD.replace("2022-09-20", "2022-09-21").encode()))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Clashes in Bogotá ".encode("latin-1") * 20)
    (folder / "truncated.txt.gz").write_bytes(gzip.compress(GOOD.encode())[:30])
    (folder / "notes.csv").write_text("a,b\n")  # not an article type: ignored inside a folder
    return folder


def test_extract_jsonl_contract(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = fp("extract", str(tmp_path / "a.txt"), "--text")
    assert out.returncode == 0, out.stderr
    (doc,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert {"doc", "title", "byline", "published", "language", "provenance", "events", "places", "text"} <= set(doc)
    (event,) = doc["events"]
    assert event["type"] == "battle" and event["countries"] == ["KGZ", "TJK"]
    assert event["killed"]["best"] == 100 and event["attribution"] == "officials"
    assert " ".join(doc["text"][s:e] for s, e in event["evidence_spans"]) == event["evidence"]
    assert {p["text"] for p in doc["places"]} == {"Kyrgyzstan", "Tajikistan"}


def test_bad_inputs_each_get_one_line_and_the_good_ones_are_processed(tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    out = fp("extract", str(folder), str(tmp_path / "missing.txt"))
    assert out.returncode == 1
    docs = [json.loads(line)["doc"] for line in out.stdout.splitlines()]
    assert [Path(d).name for d in docs] == ["good.txt", "good.md.gz"]
    lines = out.stderr.strip().splitlines()
    joined = "\n".join(lines)
    for name, problem in [
        ("missing.txt", "no such file"),
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "invalid UTF-8"),
        ("truncated.txt.gz", "gzip"),
    ]:
        assert any(name in ln and problem in ln for ln in lines), (name, joined)
    assert "notes.csv" not in joined


def test_ingest_twice_is_idempotent_and_summarised(tmp_path: Path) -> None:
    folder = bad_folder(tmp_path)
    db = tmp_path / "t.db"
    first = fp("ingest", str(folder), "--db", str(db))
    assert first.returncode == 1  # some inputs were refused
    # the gzipped copy differs only in its date line, so its cleaned text is the same article
    assert "read 6, stored 1, already stored 1, skipped 4" in first.stderr
    assert "events added 1, merged 0" in first.stderr
    second = fp("ingest", str(folder), "--db", str(db))
    assert "stored 0, already stored 2" in second.stderr and "events added 0, merged 0" in second.stderr
    listed = json.loads(fp("events", "--db", str(db), "--format", "json").stdout)
    assert len(listed) == 1 and listed[0]["killed"]["best"] == 100


def test_events_rejects_bad_filters_with_a_fix(tmp_path: Path) -> None:
    out = fp("events", "--db", str(tmp_path / "x.db"), "--since", "last tuesday")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr
    out = fp("events", "--db", str(tmp_path / "x.db"), "--type", "skirmish")
    assert out.returncode == 2 and "battle" in out.stderr


def test_events_csv_and_country_filter_on_the_seed(tmp_path: Path) -> None:
    docs = shared_path("corpus", "seed", "docs")
    db = tmp_path / "seed.db"
    assert fp("ingest", str(docs), "--db", str(db)).returncode == 0
    out = fp("events", "--db", str(db), "--country", "KGZ", "--format", "csv")
    rows = out.stdout.strip().splitlines()
    assert rows[0].startswith("event_id,type,reported")
    assert {r.split(",")[1] for r in rows[1:]} == {"battle", "displacement"}


def test_every_command_has_help() -> None:
    for cmd in ("ingest", "extract", "events"):
        out = fp(cmd, "--help")
        assert out.returncode == 0 and "--db" in out.stdout


def test_a_bug_on_one_document_does_not_end_the_batch(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    from flashpoint import pipeline

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text(GOOD.replace("Kyrgyzstan", "Armenia"), encoding="utf-8")
    real = pipeline.process_raw

    def flaky(raw, gazetteer=None, **options):  # type: ignore[no-untyped-def]
        if raw.source.endswith("a.txt"):
            raise ZeroDivisionError("boom")
        return real(raw, gazetteer, **options)

    mp = pytest.MonkeyPatch()
    mp.setattr(pipeline, "process_raw", flaky)
    try:
        results = list(pipeline.run([str(folder)]))
    finally:
        mp.undo()
    by_name = {Path(r.source).name: r for r in results}
    assert by_name["a.txt"].error is not None and by_name["a.txt"].error.startswith("E199 internal: ZeroDivisionError")
    assert by_name["b.txt"].ok and by_name["b.txt"].mentions
