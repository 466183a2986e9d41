"""Hostile record files: corpus files mutated byte by byte (flips, invalid UTF-8, NULs, cuts, repeats), and
JSON lines / CSV rows of arbitrary shape, are read and mapped with no exception escaping but the documented
rejection (SourceRejected, naming the file); the time bound per file stops any reader that runs over."""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from lod.ingest import merge, structured_names
from lod.mapping.record import RecordMapper
from lod.names import Resolver, load_authority
from lod.sources import READER_BUG, SourceRejected, read_source, time_units
from lod.sources.scrape import COLUMNS
from lod.vocab import Local
from tests.conftest import AUTHORITY, BASE, RECORDS, ROOT, run_lod

ENTITIES = load_authority(AUTHORITY)
CSV_TEXT = (RECORDS / "wcda-scrape-sample.csv").read_text(encoding="utf-8")
JSONL_TEXT = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in csv.DictReader(io.StringIO(CSV_TEXT)))
CORPUS = {p.name: p.read_bytes() for p in sorted(RECORDS.glob("*.txt"))[:12]}
CORPUS["wcda-scrape-sample.csv"] = CSV_TEXT.encode()
CORPUS["scrape-sample.jsonl"] = JSONL_TEXT.encode()
HOSTILE = [b"\xff", b"\xfe\xff", b"\x00", b"\r", b"\r\n", b'"', b'""', b",", b"\n\n", b"[", b"]", b"{", b"}",
           b"\\", b"\t", b"\xc3", b"\xe2\x80", b"\xef\xbb\xbf", b"Record ID\n", b"Document Information\n",
           b"Source\n\n", b"Citation\n", b"From: ", b"To: ", b"\n\n\n\n", b"null", b"1e999", b'{"record_id": 1}',
           "\u2028\u202e".encode()]

mutation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 255)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(HOSTILE) | st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 2000)),
    st.tuples(st.just("cut"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("repeat"), st.floats(0, 1), st.integers(1, 400)),
)


def mutate(data: bytes, ops: list[tuple]) -> bytes:
    """Apply byte-level mutations at relative positions."""
    for op, where, arg in ops:
        i = int(where * len(data))
        if op == "flip" and data:
            i = min(i, len(data) - 1)
            data = data[:i] + bytes([arg]) + data[i + 1:]
        elif op == "insert":
            data = data[:i] + arg + data[i:]
        elif op == "delete":
            data = data[:i] + data[i + arg:]
        elif op == "cut":
            data = data[:i]
        elif op == "repeat":
            data = data[:i + arg] + data[i:]
    return data


def read_and_map(name: str, data: bytes) -> None:
    """Write ``data`` as ``name``, read it as ingest does and map every record; only SourceRejected may escape."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        try:
            records, errors = read_source(path, name, time_limit=30)
        except SourceRejected as e:
            assert e.source == name and e.reason and READER_BUG not in e.reason, e
            return
    assert all(isinstance(e, SourceRejected) and e.source.startswith(name) for e in errors)
    by_id: dict[str, list] = {}
    for rec in records:
        assert rec.record_id, f"{name}: a record without an id"
        by_id.setdefault(rec.record_id, []).append(rec)
    merged = [merge(group) for group in by_id.values()]
    resolver = Resolver(ENTITIES)
    resolver.register([n for rec in merged for n in structured_names(rec)])
    mapper = RecordMapper(Local(BASE), resolver)
    for rec in merged:
        mapped = mapper.map(rec)
        assert mapped.triples


EXAMPLES = int(os.environ.get("LOD_FUZZ_EXAMPLES", "250"))  # LOD_FUZZ_EXAMPLES=5000 for a longer hunt
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(name=st.sampled_from(sorted(CORPUS)), ops=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_corpus_files_are_read_or_rejected(name, ops):
    read_and_map(name, mutate(CORPUS[name], ops))


json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                          lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                      max_size=4), max_leaves=12)
field = st.sampled_from(sorted(COLUMNS) + ["page_number", "scraped_at", "", "record_id ", "TITLE"]) | st.text(max_size=12)
row = st.dictionaries(field, json_value | st.sampled_from(["[]", "[1, {}]", "[\"a\", ", "May 1, 1950", "9" * 40, "x"]),
                      max_size=10)


@FUZZ
@given(lines=st.lists(row | json_value, min_size=1, max_size=5))
def test_json_lines_of_any_shape_are_read_or_rejected(lines):
    text = "".join(json.dumps(line, ensure_ascii=False, allow_nan=True) + "\n" for line in lines)
    read_and_map("fuzz.jsonl", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(header=st.lists(field, min_size=1, max_size=8),
       rows=st.lists(st.lists(st.text(max_size=30) | st.sampled_from(["[\"a\", \"b\"]", "[", "\"", "3283"]),
                              max_size=10), max_size=5))
def test_csv_rows_of_any_shape_are_read_or_rejected(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    read_and_map("fuzz.csv", out.getvalue().encode("utf-8", "surrogatepass"))


def test_csv_rows_with_extra_cells_and_no_record_id_are_read(tmp_path):
    """Found by the fuzz above: DictReader keeps extra cells under the key None."""
    path = tmp_path / "extra.csv"
    path.write_text("record_id,title,text_body\n,A letter,Dear comrade,an extra cell\n", encoding="utf-8")
    records, errors = read_source(path, "extra.csv")
    assert [r.title for r in records] == ["A letter"] and not errors
    assert any("an extra cell" in u for u in records[0].unmapped)


# --- the time bound per file ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def slow_csv(tmp_path_factory) -> Path:
    """A real scraper CSV of 3,000 rows: about a second to read, far beyond a 0.05 s limit."""
    rows = list(csv.DictReader(io.StringIO(CSV_TEXT)))
    path = tmp_path_factory.mktemp("slow") / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for i in range(3000):
            writer.writerow({**rows[i % len(rows)], "record_id": str(700000 + i)})
    return path


def test_a_file_over_the_time_limit_is_rejected(slow_csv):
    with pytest.raises(SourceRejected, match=r"reading took longer than 0.05 s") as e:
        read_source(slow_csv, "big.csv", time_limit=0.05)
    assert e.value.source == "big.csv"
    records, errors = read_source(slow_csv, "big.csv", time_limit=300)  # the same file, given the time
    assert len(records) == 3000 and not errors


def test_the_time_limit_holds_outside_the_main_thread(slow_csv):
    """Signals reach only the main thread; elsewhere the reader is left behind and the file rejected."""
    outcome: list = []

    def run() -> None:
        try:
            read_source(slow_csv, "big.csv", time_limit=0.05)
        except SourceRejected as e:
            outcome.append(str(e))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert outcome and "reading took longer than 0.05 s" in outcome[0]


@pytest.fixture(scope="module")
def many_rows_csv(tmp_path_factory) -> Path:
    """20,000 short scraper rows in 1.4 MB: seconds to read, so over the limit even at two limits (2 MiB)."""
    path = tmp_path_factory.mktemp("many") / "many.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["record_id", "title", "text_body"])
        for i in range(20_000):
            writer.writerow([str(700000 + i), f"Telegram from Moscow to Beijing {i}", "Comrade Kim. I report."])
    return path


def test_ingest_skips_a_file_over_the_limit_and_loads_the_rest(many_rows_csv, tmp_path):
    done = run_lod("ingest", "-q", "--store", str(tmp_path / "store"), "--base", BASE, "--no-dumps",
                   str(many_rows_csv), str(RECORDS / "wcda-3283.txt"),
                   env={**os.environ, "LOD_READ_TIMEOUT": "0.3"}, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    limit = 0.3 * time_units(many_rows_csv)  # the limit is for each MiB begun
    assert time_units(many_rows_csv) == 2
    assert f"many.csv: reading took longer than {limit:g} s (LOD_READ_TIMEOUT, for each MiB" in done.stderr
    assert "1 records loaded from 2 files" in done.stderr


def test_the_read_limit_grows_with_the_file(tmp_path):
    """A large export is given the time its size needs: one limit for each MiB begun."""
    small, big = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    small.write_bytes(b"{}\n")
    big.write_bytes(b" " * (3 * 2**20 + 1))
    assert (time_units(small), time_units(big)) == (1, 4)
