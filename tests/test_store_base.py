"""A store knows its own base: `lod ingest --base X` records it in the dataset's description, `lod serve`
without ``--base`` serves the store as X, and a ``--base`` / ``LOD_BASE`` that contradicts it is refused with
a message naming both — on the embedded store and on a remote store (a real ``oxigraph serve``)."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, VOID

from lod.config import Config
from tests.conftest import RECORDS, Backend, Oxigraph, free_port, run_lod, start_lod_serve

OTHER = "http://other.example/"


@pytest.fixture(params=["embedded", "remote"])
def empty(request, tmp_path):
    """An empty store of either backend (how lod commands reach it), and the loopback port it will be served
    on, whose address is the base it is ingested with."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    if request.param == "embedded":
        yield Backend("embedded", None, None, Config(store=str(tmp_path / "store"), base=base)), port
        return
    oxi = Oxigraph(tmp_path / "oxigraph").start()
    config = Config(store=str(tmp_path), endpoint=oxi.query_url, update_endpoint=f"{oxi.url}/update",
                    graph_store=f"{oxi.url}/store", base=base)
    yield Backend("remote", None, None, config, oxi), port
    oxi.stop()


def ingest(backend: Backend, *args: str, env: dict | None = None):
    return run_lod("ingest", *backend.store_args(), "--quiet", *args, env=env or backend.env())


def page(record: str) -> str:
    return str(RECORDS / f"wcda-{record}.txt")


def test_a_store_is_served_as_the_base_it_was_ingested_with(empty):
    backend, port = empty
    base = backend.config.base
    done = ingest(backend, "--base", base, page("300237"))
    assert done.returncode == 0, done.stderr
    done = ingest(backend, page("113067"))  # no --base: added under the store's own base
    assert done.returncode == 0, done.stderr
    srv = start_lod_serve(backend, base=None, port=port)
    try:
        for record in ("300237", "113067"):
            uri = URIRef(f"{base}id/record/{record}")
            g = Graph().parse(str(uri))  # 303 to the document, negotiated as RDF
            assert g.value(uri, DCTERMS.title) is not None, f"{uri}: {len(g)} triples, none about it"
        void = Graph().parse(base + "void")
        assert str(void.value(URIRef(base + "void#dataset"), VOID.uriSpace)) == base + "id/"
        assert any("Serving" in line and f"as {base}" in line for line in srv.log), srv.log
    finally:
        srv.stop()


def test_a_contradicting_base_is_refused_naming_both(empty):
    backend, port = empty
    base = backend.config.base
    assert ingest(backend, "--base", base, page("300237")).returncode == 0
    for how, args, env in (("--base", ["--base", OTHER], backend.env()),
                           ("LOD_BASE", [], backend.env(LOD_BASE=OTHER))):
        done = run_lod("serve", *backend.store_args(), "--port", str(port), *args, env=env, timeout=60)
        assert done.returncode == 2, done.stderr
        assert base in done.stderr and OTHER in done.stderr and how in done.stderr, done.stderr
    done = ingest(backend, "--base", OTHER, page("113067"))  # adding under another base would mix two datasets
    assert done.returncode == 2 and base in done.stderr and OTHER in done.stderr, done.stderr
    done = ingest(backend, "--replace", "--base", OTHER, page("113067"))  # rebuilding may give a new base
    assert done.returncode == 0, done.stderr
    srv = start_lod_serve(backend, base=None)
    try:
        assert any(f"as {OTHER}" in line for line in srv.log), srv.log
    finally:
        srv.stop()


def test_a_store_without_a_recorded_base_is_served_with_a_warning(tmp_path):
    """A store written before the base was recorded: served with the configured base, and told why."""
    from lod.ingest import ingest as ingest_api
    from lod.store import open_store
    from lod.vocab import Local

    config = Config(store=str(tmp_path / "store"))
    store = open_store(config)
    ingest_api([Path(page("300237"))], store, Local(config.base), progress=False)
    with store.writer() as w:  # as an older lod left it: no dataset description
        w.drop_graph(str(Local(config.base).graph("meta", "dataset")))
    srv = start_lod_serve(Backend("embedded", store, None, config), base=None)
    try:
        assert any("does not record" in line and config.base in line for line in srv.log), srv.log
    finally:
        srv.stop()


def test_a_store_ingested_with_the_default_base_is_served_without_a_warning(tmp_path):
    """The default base recorded by the store is the store's own: nothing to warn about (``make serve``)."""
    from lod.ingest import ingest as ingest_api
    from lod.store import open_store
    from lod.vocab import Local

    config = Config(store=str(tmp_path / "store"))
    store = open_store(config)
    ingest_api([Path(page("300237"))], store, Local(config.base), progress=False)
    srv = start_lod_serve(Backend("embedded", store, None, config), base=None)
    try:
        assert any(f"as {config.base}" in line for line in srv.log), srv.log
        assert not any("does not record" in line for line in srv.log), srv.log
    finally:
        srv.stop()
