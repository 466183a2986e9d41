"""The inbound links of a description (lod.store.describe) are paged in the store's index order and read only as
far as the page: every page of a much-linked resource gives each link once, the same in both backends and by
pattern lookups or SPARQL; the last page says so; page 1 of the most-named person reads as many quads whether
50 or 500 records name him."""
from __future__ import annotations

import gzip

import pyoxigraph as ox
import pytest
from lod.store.describe import describe_patterns, describe_sparql
from tests.conftest import ingest_corpus

SIZE = 7  # a small page: many pages from the bundled corpus
PERSON = "https://www.ica.org/standards/RiC/ontology#Person"


def _most_linked(store, kind: str = "", under: str = "") -> str:
    """The resource (of a class, or with an IRI starting with ``under``, if given) most resources point to (not
    counting its own sub-nodes)."""
    typed = (f"?x a <{kind}> ." if kind else "") + (f'FILTER(STRSTARTS(STR(?x), "{under}"))' if under else "")
    rows = store.select(f"""SELECT ?x (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {typed} ?s ?p ?x . FILTER(isIRI(?x) && isIRI(?s)
        && !STRSTARTS(STR(?s), CONCAT(STR(?x), "/"))) ?x ?q ?v }} GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""")
    return str(next(iter(rows))["x"])


def _pointing(store, x: str) -> set[str]:
    return {str(r["s"]) for r in store.select(
        f'SELECT DISTINCT ?s WHERE {{ ?s ?p <{x}> FILTER(isIRI(?s) && !STRSTARTS(STR(?s), "{x}/")) }}')}


def _inbound_of(desc) -> list[str]:
    me = ox.NamedNode(str(desc.iri))
    return sorted({t.subject.value for t in desc.triples if t.object == me and t.subject != me
                   and not t.subject.value.startswith(str(desc.iri) + "/")})


def _triples(desc) -> set[ox.Triple]:
    """A description's triples (a remote store's CONSTRUCT may give them as quads of the default graph)."""
    return {t.triple if isinstance(t, ox.Quad) else t for t in desc.triples}


def _pages(describe) -> list:
    out, page = [], 1
    while True:
        desc = describe(page)
        out.append(desc)
        if not desc.has_next:
            return out
        page += 1


def _engine_from_dumps(dataset, tmp_path) -> ox.Store:
    """The backend's data in a pyoxigraph store on disk, from its N-Quads dump."""
    engine = ox.Store(str(tmp_path / "copy"))
    with gzip.open(dataset.config.dumps / "dataset.nq.gz", "rb") as f:
        engine.bulk_load(f, ox.RdfFormat.N_QUADS)
    return engine


def test_every_page_gives_each_inbound_link_once_the_same_in_both_ways(dataset, tmp_path):
    store = dataset.store
    x = _most_linked(store)
    everyone = _pointing(store, x)
    assert len(everyone) > 3 * SIZE, (x, len(everyone))
    served = _pages(lambda n: store.describe(x, n, SIZE))
    engine = _engine_from_dumps(dataset, tmp_path)
    by_patterns = _pages(lambda n: describe_patterns(lambda s, p, o: engine.quads_for_pattern(s, p, o, None),
                                                     x, n, SIZE))
    by_sparql = _pages(lambda n: describe_sparql(store, x, n, SIZE))
    assert len(served) == len(by_patterns) == len(by_sparql) == -(-len(everyone) // SIZE)
    seen: list[str] = []
    for a, b, c in zip(served, by_patterns, by_sparql):
        assert _triples(a) == _triples(b) == _triples(c), a.page  # the same links on the same page
        assert a.inbound == b.inbound == c.inbound, a.page
        page = _inbound_of(a)
        assert len(page) == (SIZE if a.has_next else len(everyone) - SIZE * (a.page - 1)), a.page
        seen += page
    assert len(seen) == len(set(seen)) and set(seen) == everyone  # each exactly once
    last = served[-1]
    assert last.exact and last.inbound == len(everyone) and last.pages == last.page
    assert not served[0].exact and served[0].pages == 2 and served[0].inbound == SIZE + 1  # "at least"


def test_a_page_past_the_last_is_empty_and_knows_the_count(ingested):
    store, _ = ingested
    x = _most_linked(store)
    n = len(_pointing(store, x))
    past = -(-n // SIZE) + 2
    for desc in (store.describe(x, past, SIZE), describe_sparql(store, x, past, SIZE)):
        assert desc.exists and not _inbound_of(desc) and not desc.has_next
        assert desc.exact and desc.inbound == n and desc.pages < past


class Counting:
    """A ``match`` that counts the quads it yields."""

    def __init__(self, engine: ox.Store) -> None:
        self.engine, self.quads = engine, 0

    def __call__(self, s, p, o):
        for q in self.engine.quads_for_pattern(s, p, o, None):
            self.quads += 1
            yield q


def _generated(tmp_path_factory, n: int):
    from bench.generate import write_inputs
    from lod.store import open_store

    folder = tmp_path_factory.mktemp(f"generated{n}")
    write_inputs(folder / "in", n, seed=5)
    store = open_store(str(folder / "store"))
    ingest_corpus(store, paths=(folder / "in" / "pages", folder / "in" / "records.jsonl"))
    return store


@pytest.fixture(scope="module")
def generated500(tmp_path_factory):
    return _generated(tmp_path_factory, 500)


def test_page_one_of_the_most_named_reads_as_many_quads_however_many_name_him(tmp_path_factory, generated500):
    read = {}
    for n in (50, 500):
        store = _generated(tmp_path_factory, n) if n == 50 else generated500
        x = _most_linked(store, PERSON)
        naming = len(_pointing(store, x))
        count = Counting(store.snapshot())
        desc = describe_patterns(count, x, 1, page_size=10)
        own = sum(1 for _ in store.snapshot().quads_for_pattern(ox.NamedNode(x), None, None, None))
        read[n] = (naming, own, count.quads, desc.inbound)
    (few, own_few, q_few, _), (many, own_many, q_many, inbound) = read[50], read[500]
    assert many > 5 * few and few > 11, read  # 500 records name him far more often than 50 ...
    assert inbound == 11  # ... and the page says "at least 11"
    # ... and page 1 reads no more quads, beyond his own statements (the document itself)
    assert q_many - own_many <= (q_few - own_few) * 1.5, read



def _walk_turtle(url: str, x: str) -> tuple[int, list[str]]:
    """Follow ``Link: rel="next"`` from ``x``'s Turtle document on the server at ``url``: the pages read, and
    the resources pointing to ``x`` on each, in order."""
    import re
    import urllib.request

    from rdflib import Graph, URIRef

    from tests.conftest import BASE

    doc, pages, seen = url + "doc/" + x[len(BASE + "id/"):], 0, []
    while doc:
        with urllib.request.urlopen(urllib.request.Request(doc, headers={"Accept": "text/turtle"})) as resp:
            body, link = resp.read(), resp.headers.get("Link", "")
        pages += 1
        g = Graph().parse(data=body, format="turtle")
        seen += sorted({str(s) for s, _ in g.subject_predicates(URIRef(x))
                        if str(s) != x and not str(s).startswith(x + "/")})
        found = re.search(r'<([^>]+)>; rel="next"', link)
        doc = found.group(1).replace(BASE, url, 1) if found else ""  # the base the server names itself by
    return pages, seen


def test_turtle_documents_of_the_corpus_say_no_next_on_their_last_page(server, dataset):
    from tests.conftest import BASE

    x = _most_linked(dataset.store, under=BASE + "id/")
    everyone = _pointing(dataset.store, x)
    pages, seen = _walk_turtle(server[0], x)
    assert pages == max(1, -(-len(everyone) // 100)) and sorted(seen) == sorted(everyone), (x, len(everyone))


def test_turtle_documents_link_each_next_page_until_the_last(generated500):
    """Over HTTP (``lod serve`` on loopback): ``rel="next"`` leads through every page of the most-named
    person's Turtle document, each inbound link on exactly one page, and the last page has no next."""
    from lod.config import Config
    from tests.conftest import BASE, Backend, start_lod_serve

    x = _most_linked(generated500, PERSON)
    everyone = _pointing(generated500, x)
    srv = start_lod_serve(Backend("embedded", generated500, None, Config(store=generated500.path, base=BASE)))
    try:
        pages, seen = _walk_turtle(srv.url, x)
    finally:
        srv.stop()
    assert pages == -(-len(everyone) // 100) > 1, (x, len(everyone), pages)  # several pages, then no next
    assert len(seen) == len(set(seen)) and set(seen) == everyone
