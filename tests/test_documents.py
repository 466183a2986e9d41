"""The shared document store (lod.store.documents): documents described once and kept beside the store for
every worker and restart; rows tagged with their generation and invalidated by the changes an ingest records
before it publishes (lod.store.changes). Real stores on disk, apps served on loopback ports."""
from __future__ import annotations

import logging
import shutil
import threading
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from lod.config import Config
from lod.ingest import ingest
from lod.store.documents import DocumentStore
from lod.store.oxigraph import EmbeddedStore, generation_number
from lod.vocab import Local
from lod.web.app import create_app
from tests.conftest import AUTHORITY, BASE, RECORDS, SEED

OTHER = "300238"  # a record that names neither the changed record's people nor the renamed one
CHANGED = "300237"
RENAMED = ("\tAleksei Ignatiev\t", "\tAleksei Ignatiev (diplomat)\t")


class Counting(EmbeddedStore):
    """An embedded store that counts how often it describes a resource."""

    def __init__(self, path) -> None:
        super().__init__(path)
        self.described = 0

    def _describe(self, iri, page, page_size):
        self.described += 1
        return super()._describe(iri, page, page_size)


@pytest.fixture()
def corpus(tmp_path) -> tuple[Path, Path]:
    """Three records (the seed, which names Ignatiev; two others) and a copy of the authority file."""
    records = tmp_path / "records"
    records.mkdir()
    for name in ("wcda-3283.txt", f"wcda-{CHANGED}.txt", f"wcda-{OTHER}.txt"):
        shutil.copy(RECORDS / name, records / name)
    authority = tmp_path / "entities.tsv"
    shutil.copy(AUTHORITY, authority)
    return records, authority


def load(store, corpus, **kw):
    return ingest([corpus[0]], store, Local(BASE), authority=corpus[1], progress=False, **kw)


@contextmanager
def serving(store_dir: Path):
    """An app on its own store object (one worker) served on a loopback port: (base URL, its store)."""
    store = Counting(store_dir)
    app = create_app(Config(store=str(store_dir), base=BASE, access_log=False), store)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", store
    finally:
        server.shutdown()
        app.config["LOD_CONTEXT"].executor.close()


def get(url: str, path: str) -> tuple[int, bytes, str]:
    with urllib.request.urlopen(url + path) as r:
        return r.status, r.read(), r.headers["ETag"]


def test_a_document_one_worker_made_is_served_by_another(tmp_path, corpus):
    store_dir = tmp_path / "store"
    load(EmbeddedStore(store_dir), corpus, replace=True, precompute=False)
    with serving(store_dir) as (a, sa), serving(store_dir) as (b, sb):
        for ext in (".ttl", ".jsonld", ".html"):
            first = get(a, f"/doc/record/{SEED}{ext}")
            assert first[0] == 200 and sa.described == 1  # described once, for every format
            assert get(b, f"/doc/record/{SEED}{ext}") == first  # same status, bytes and ETag
        assert sb.described == 0  # the second worker described nothing: it took the first one's documents


def test_reingesting_one_changed_record_changes_its_documents_only(tmp_path, corpus):
    store_dir = tmp_path / "store"
    load(EmbeddedStore(store_dir), corpus, replace=True)
    with serving(store_dir) as (url, _):
        before = {k: get(url, f"/doc/record/{k}.ttl") for k in (CHANGED, OTHER, SEED)}
        assert b"Aleksei Ignatiev" in before[SEED][1] and b"Ignatiev" not in before[OTHER][1]
        page = corpus[0] / f"wcda-{CHANGED}.txt"
        page.write_text(page.read_text(encoding="utf-8").replace("\n\n", "\n\nA sentence added.\n\n", 1), "utf-8")
        corpus[1].write_text(corpus[1].read_text(encoding="utf-8").replace(*RENAMED), "utf-8")
        report = load(EmbeddedStore(store_dir), corpus)
        assert report.changed is not None and f"{BASE}id/record/{OTHER}" not in report.changed
        after = {k: get(url, f"/doc/record/{k}.ttl") for k in (CHANGED, OTHER, SEED)}
    assert b"A sentence added." in after[CHANGED][1] and after[CHANGED][2] != before[CHANGED][2]
    assert after[OTHER] == before[OTHER]
    assert b"Aleksei Ignatiev (diplomat)" in after[SEED][1] and after[SEED][2] != before[SEED][2]
    with serving(store_dir) as (url, fresh):  # a new worker: the untouched record's document was kept
        assert get(url, f"/doc/record/{OTHER}.ttl") == before[OTHER] and fresh.described == 0
        assert b"(diplomat)" in get(url, f"/doc/record/{SEED}.html")[1]


def test_readers_take_only_rows_valid_at_their_generation(tmp_path):
    docs = DocumentStore(tmp_path / "documents.sqlite", generation_number)
    a, b = "http://x/id/a", "http://x/id/b"
    docs.keep_body("gen-000001", a, "k", b"a1", [])
    docs.keep_body("gen-000001", b, "k", b"b1", [])
    docs.record_changes("gen-000002", [a])  # an ingest, before it publishes generation 2
    assert docs.body("gen-000002", a, "k") is None  # the new generation does not take the stale row
    assert docs.body("gen-000002", b, "k") == (b"b1", [])  # nor loses what it did not change
    docs.keep_body("gen-000002", a, "k", b"a2", [])
    assert docs.body("gen-000001", a, "k") is None  # an old reader does not take the new generation's row
    docs.keep_body("gen-000001", a, "k", b"a1 again", [])  # and what it keeps late does not replace it
    assert docs.body("gen-000002", a, "k") == (b"a2", [])
    other = DocumentStore(tmp_path / "documents.sqlite", generation_number)  # another process, same file
    assert other.body("gen-000002", a, "k") == (b"a2", [])
    other.record_changes("gen-000003", None)  # a rebuild: nothing older is valid
    assert docs.body("gen-000003", b, "k") is None and docs.counts()["bodies"] == 0


@pytest.mark.parametrize("damage", ["corrupt", "unwritable"])
def test_a_broken_document_store_never_breaks_serving(tmp_path, corpus, caplog, damage):
    store_dir = tmp_path / "store"
    load(EmbeddedStore(store_dir), corpus, replace=True, precompute=False)
    with serving(store_dir) as (url, _):
        expected = get(url, f"/doc/record/{SEED}.ttl")
    path = store_dir / "documents.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if damage == "corrupt":
        path.write_bytes(b"this is not a database" * 100)
    else:
        path.mkdir()  # no file can be opened there
    caplog.set_level(logging.WARNING, logger="lod.store.documents")
    with serving(store_dir) as (url, store):
        for ext in (".ttl", ".ttl", ".html", ".jsonld"):
            status, body, _ = get(url, f"/doc/record/{SEED}{ext}")
            assert status == 200 and (ext != ".ttl" or body == expected[1])
        assert store.described == 1  # by this worker, for its own cache only
    warnings = [r for r in caplog.records if r.name == "lod.store.documents"]
    assert len(warnings) == 1 and "unusable" in warnings[0].getMessage()
    if damage == "corrupt":  # an ingest starts a corrupt file anew, and serving takes it up again
        load(EmbeddedStore(store_dir), corpus)
        with serving(store_dir) as (url, _):
            assert get(url, f"/doc/record/{SEED}.ttl")[1] == expected[1]
        assert EmbeddedStore(store_dir).documents().counts()["descriptions"] > 0


def test_a_rebuild_empties_the_document_store(tmp_path, corpus):
    store_dir = tmp_path / "store"
    load(EmbeddedStore(store_dir), corpus, replace=True)
    with serving(store_dir) as (url, _):
        get(url, f"/doc/record/{SEED}.html")
    docs = EmbeddedStore(store_dir).documents()
    assert docs.counts()["bodies"] > 0 and docs.counts()["descriptions"] > 0
    load(EmbeddedStore(store_dir), corpus, replace=True, precompute=False)
    assert docs.counts() == {"changes": 1, "descriptions": 0, "bodies": 0}


def test_a_damaged_row_is_made_anew(tmp_path, corpus):
    store_dir = tmp_path / "store"
    load(EmbeddedStore(store_dir), corpus, replace=True, precompute=False)
    with serving(store_dir) as (url, _):
        expected = get(url, f"/doc/record/{SEED}.ttl")
    import sqlite3
    with sqlite3.connect(store_dir / "documents.sqlite") as db:
        db.execute("UPDATE bodies SET body = x'00ff'")
        db.execute("UPDATE descriptions SET triples = x'00ff'")
    with serving(store_dir) as (url, store):
        assert get(url, f"/doc/record/{SEED}.ttl") == expected and store.described == 1


def test_lod_ingest_keeps_the_changed_documents_ready(tmp_path, corpus):
    """`lod ingest` describes what it changed and renders its Turtle as the server would: a new worker serves
    it with no describe, the same bytes the ingest kept."""
    from tests.conftest import run_lod

    store_dir = tmp_path / "store"
    args = ("ingest", "-q", "--no-dumps", "--store", str(store_dir), "--base", BASE, "--authority", str(corpus[1]))
    assert run_lod(*args, "--replace", str(corpus[0])).returncode == 0
    page = corpus[0] / f"wcda-{CHANGED}.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("\n\n", "\n\nA sentence added.\n\n", 1), "utf-8")
    assert run_lod(*args, str(corpus[0])).returncode == 0
    iri = f"{BASE}id/record/{CHANGED}"
    docs = EmbeddedStore(store_dir).documents()
    kept = [(k, b) for k, b in docs._db().execute("SELECT key, body FROM bodies WHERE iri = ?", (iri,))]
    assert [k.split()[-1] for k, _ in kept] == ["turtle"]
    with serving(store_dir) as (url, store):
        status, body, _ = get(url, f"/doc/record/{CHANGED}.ttl")
        assert status == 200 and b"A sentence added." in body and store.described == 0
    assert docs.body(EmbeddedStore(store_dir).version()[0], iri, kept[0][0])[0] == body


def test_a_changed_record_changes_every_record_set_above_it(tmp_path, corpus):
    """A record set's page lists the records in every set below it: a record changed in a file of a fond
    changes the documents of the file, the opis and the fond above it, and the archive's."""
    store_dir = tmp_path / "store"
    store = EmbeddedStore(store_dir)
    load(store, corpus, replace=True, precompute=False)
    seed = f"{BASE}id/record/{SEED}"
    chain = {str(r["a"]) for r in store.select(
        f"SELECT ?a WHERE {{ <{seed}> <https://www.ica.org/standards/RiC/ontology#isOrWasIncludedIn>+ ?a }}")}
    assert len(chain) >= 3  # a record in a set in a set in a set
    page = corpus[0] / "wcda-3283.txt"
    text = page.read_text(encoding="utf-8")
    assert "approximate time" in text
    page.write_text(text.replace("approximate time", "approximate date", 1), "utf-8")  # one word of the body
    report = load(EmbeddedStore(store_dir), corpus, precompute=False)
    assert report.changed is not None and seed in report.changed
    assert chain <= report.changed, chain - report.changed
    assert f"{BASE}id/record/{OTHER}" not in report.changed
