"""Documents made at ingest (lod.web.warm): the Turtle a precompute keeps is, byte for byte and header for
header, what a request to a server without the shared document store gets; a rebuild leaves the documents
ready for a fresh worker, which then serves them with no describe. Real stores on disk, apps on loopback."""
from __future__ import annotations

import shutil
import threading
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from lod.config import Config
from lod.ingest import REBUILD_PRECOMPUTE, ingest
from lod.store.oxigraph import EmbeddedStore
from lod.vocab import RICO, Local
from lod.web.app import create_app
from lod.web.warm import keep_documents
from tests.conftest import AUTHORITY, BASE, RECORDS, SEED, run_lod

RECORD = "300237"
SERVER_HEADERS = {"date", "server", "connection"}  # the HTTP server's own, not the document's


class Counting(EmbeddedStore):
    """An embedded store that counts its describes; ``shared=False``: one that keeps no documents."""

    def __init__(self, path, shared: bool = True) -> None:
        super().__init__(path)
        self.described, self.shared = 0, shared

    def _describe(self, iri, page, page_size):
        self.described += 1
        return super()._describe(iri, page, page_size)

    def documents(self):
        return super().documents() if self.shared else None


@pytest.fixture()
def corpus(tmp_path) -> tuple[Path, Path]:
    records = tmp_path / "records"
    records.mkdir()
    for name in ("wcda-3283.txt", f"wcda-{RECORD}.txt", "wcda-300238.txt"):
        shutil.copy(RECORDS / name, records / name)
    authority = tmp_path / "entities.tsv"
    shutil.copy(AUTHORITY, authority)
    return records, authority


def config(store_dir: Path) -> Config:
    return Config(store=str(store_dir), base=BASE, access_log=False)


@contextmanager
def serving(store):
    app = create_app(config(store.path), store)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        app.config["LOD_CONTEXT"].executor.close()


def get(url: str) -> tuple[bytes, dict[str, str]]:
    with urllib.request.urlopen(url) as r:
        assert r.status == 200
        return r.read(), {k.lower(): v for k, v in r.headers.items() if k.lower() not in SERVER_HEADERS}


def one_of(store: EmbeddedStore, cls) -> str:
    return str(next(iter(store.select(f"SELECT ?x WHERE {{ ?x a <{cls}> }} ORDER BY ?x LIMIT 1")))["x"])


def test_the_precomputed_turtle_is_what_a_request_gets(tmp_path, corpus):
    """For a record, a person and a place: the kept body and headers (ETag among them) equal those of a
    request to a server that keeps no documents, and a worker serving the kept ones describes nothing."""
    store_dir = tmp_path / "store"
    ingest([corpus[0]], EmbeddedStore(store_dir), Local(BASE), authority=corpus[1], progress=False,
           replace=True, precompute=False)
    plain = Counting(store_dir, shared=False)
    iris = [f"{BASE}id/record/{RECORD}", one_of(plain, RICO.Person), one_of(plain, RICO.Place)]
    local = Local(BASE)
    paths = ["/doc/" + local.doc_path(i) + ".ttl" for i in iris]
    with serving(plain) as url:
        served = [get(url + p) for p in paths]
    assert plain.described == len(iris)
    assert keep_documents(config(store_dir), EmbeddedStore(store_dir), iris) == sorted(iris)
    docs, tag = EmbeddedStore(store_dir).documents(), EmbeddedStore(store_dir).version()[0]
    for iri, (body, headers) in zip(iris, served):
        [key] = [k for (k,) in docs._db().execute("SELECT key FROM bodies WHERE iri = ?", (iri,))]
        kept_body, kept_headers = docs.body(tag, iri, key)
        own = {k: v for k, v in headers.items() if not k.startswith("access-control-")}  # CORS: every answer's
        assert kept_body == body and {k.lower(): v for k, v in kept_headers} == own and own["etag"]
    fresh = Counting(store_dir)
    with serving(fresh) as url:
        assert [get(url + p) for p in paths] == served and fresh.described == 0


@pytest.mark.parametrize("flag", ["--precompute", None])
def test_a_rebuild_leaves_the_documents_ready(tmp_path, corpus, flag):
    """`lod ingest --replace` with ``--precompute`` (and by default, if :data:`REBUILD_PRECOMPUTE`) keeps
    every resource's description and Turtle: a fresh worker serves them with no describe."""
    store_dir = tmp_path / "store"
    args = ["ingest", "-q", "--no-dumps", "--replace", "--store", str(store_dir), "--base", BASE,
            "--authority", str(corpus[1]), *([flag] if flag else []), str(corpus[0])]
    done = run_lod(*args)
    assert done.returncode == 0, done.stderr
    counts = EmbeddedStore(store_dir).documents().counts()
    if flag is None and not REBUILD_PRECOMPUTE:
        assert counts["bodies"] == 0 and counts["descriptions"] == 0
        return
    assert counts["bodies"] > 100 and counts["descriptions"] >= counts["bodies"]
    fresh = Counting(store_dir)
    person = one_of(fresh, RICO.Person)
    with serving(fresh) as url:
        for iri in (f"{BASE}id/record/{RECORD}", f"{BASE}id/record/{SEED}", person):
            body, headers = get(f"{url}/doc/{Local(BASE).doc_path(iri)}.ttl")
            assert body and headers["etag"]
    assert fresh.described == 0


def test_no_precompute_keeps_nothing_after_a_rebuild(tmp_path, corpus):
    store_dir = tmp_path / "store"
    done = run_lod("ingest", "-q", "--no-dumps", "--replace", "--no-precompute", "--store", str(store_dir),
                   "--base", BASE, "--authority", str(corpus[1]), str(corpus[0]))
    assert done.returncode == 0, done.stderr
    assert EmbeddedStore(store_dir).documents().counts()["bodies"] == 0
