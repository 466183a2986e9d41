"""The application's one cache (lod.web.cache.StoreCache, ``AppContext.cache``): what it keeps is kept for
the store's version only, and documents only for a store whose versions never repeat. Then, through the
app on both backends: a document served twice is the same, with the same ETag, and the cache holds it (or,
on the remote store, does not)."""
from __future__ import annotations

import pytest

from lod.web.cache import StoreCache
from tests.conftest import SEED


class FakeStore:
    def __init__(self, distinct: bool = True) -> None:
        self.distinct_versions = distinct
        self.at = ("gen-1", 1.0)
        self.described = 0

    def version(self):
        return self.at

    def describe(self, iri, page=1):
        self.described += 1
        return (iri, page, self.at)


def test_facts_and_descriptions_are_kept_for_one_version():
    store = FakeStore()
    cache = StoreCache(store)
    assert cache.fact("n", lambda: 1) == cache.fact("n", lambda: 2) == 1
    assert cache.describe("http://x/a") is cache.describe("http://x/a") and store.described == 1
    store.at = ("gen-2", 2.0)  # an ingest: nothing made before it is served
    assert cache.fact("n", lambda: 2) == 2
    assert cache.describe("http://x/a") == ("http://x/a", 1, ("gen-2", 2.0)) and store.described == 2


def test_documents_are_bounded_and_never_outlive_their_version():
    store = FakeStore()
    cache = StoreCache(store, max_bytes=10)
    v1 = store.version()
    cache.keep_body(v1, "a", b"12345", [])
    assert cache.body(v1, "a") == (b"12345", [])
    cache.keep_body(v1, "b", b"1234567", [])  # over the total: the least recently used goes
    assert cache.body(v1, "a") is None and cache.body(v1, "b") is not None
    store.at = v2 = ("gen-2", 2.0)
    cache.keep_body(v1, "c", b"1", [])  # made from the old version after the store moved on: not kept
    assert cache.body(v2, "b") is None and cache.body(v2, "c") is None


def test_a_store_whose_versions_repeat_keeps_only_facts():
    store = FakeStore(distinct=False)
    cache = StoreCache(store)
    cache.keep_body(store.version(), "a", b"x", [])
    assert cache.body(store.version(), "a") is None
    cache.describe("http://x/a"), cache.describe("http://x/a")
    assert store.described == 2
    assert cache.fact("n", lambda: 1) == cache.fact("n", lambda: 2) == 1


@pytest.fixture(scope="module")
def app(dataset):
    from lod.store import open_store
    from lod.web.app import create_app
    config = type(dataset.config)(**{**vars(dataset.config), "access_log": False})
    app = create_app(config, open_store(config))
    yield app
    app.config["LOD_CONTEXT"].executor.close()


def test_the_app_holds_one_cache_of_its_store(app, backend):
    ctx = app.config["LOD_CONTEXT"]
    client = app.test_client()
    first = client.get(f"/doc/record/{SEED}", headers={"Accept": "text/turtle"})
    second = client.get(f"/doc/record/{SEED}", headers={"Accept": "text/turtle"})
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert ctx.cache.store is ctx.store
    assert bool(ctx.cache._bodies.items) is (backend == "embedded")
    assert client.get(f"/doc/record/{SEED}", headers={"If-None-Match": first.headers["ETag"],
                                                     "Accept": "text/turtle"}).status_code == 304
    assert client.get("/void", headers={"Accept": "text/turtle"}).status_code == 200
    assert "counts" in ctx.cache._facts


def test_an_unchanged_document_keeps_its_etag_across_ingests(tmp_path):
    """The ETag is the content's hash: a re-ingest gives the store a new version, and a document whose bytes
    it left as they were keeps its ETag, so a client's or proxy's copy stays good (304)."""
    from lod.config import Config
    from lod.store import open_store
    from lod.web.app import create_app
    from tests.conftest import BASE, SEED_PAGE, ingest_corpus

    config = Config(store=str(tmp_path / "store"), base=BASE, access_log=False)
    store = open_store(config.store)
    ingest_corpus(store, paths=(SEED_PAGE,))
    app = create_app(config, store)
    try:
        client = app.test_client()
        turtle = {"Accept": "text/turtle"}
        first = client.get(f"/doc/record/{SEED}", headers=turtle)
        v1 = store.version()
        ingest_corpus(store, paths=(SEED_PAGE,), replace=True)
        assert store.version() != v1
        again = client.get(f"/doc/record/{SEED}", headers=turtle)
        assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
        assert client.get(f"/doc/record/{SEED}", headers={**turtle, "If-None-Match": first.headers["ETag"]}
                          ).status_code == 304
        other = client.get(f"/doc/record/{SEED}", headers={"Accept": "application/ld+json"})
        assert other.headers["ETag"] != first.headers["ETag"]
    finally:
        app.config["LOD_CONTEXT"].executor.close()
