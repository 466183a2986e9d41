"""The endpoint's answers are the same bytes as before the results writer was made faster (issue #15): every
results and RDF format, the row cap reached or not, a query's own final LIMIT trusted only where it bounds the
answer; on the bundled records and on generated terms of every kind (languages, datatypes, blank nodes,
quotes, control characters, astral characters, unbound variables)."""
from __future__ import annotations

import json
import random

import pyoxigraph as ox
import pytest

from lod.formats import DATASET_FORMATS, RESULT_FORMATS, SPARQL_JSON, TURTLE, named
from lod.sparql.guard import check
from lod.sparql.results import shape, term_json  # term_json: moved unchanged from the executor

ROW_CAP = 40


def _old_shape(result, fmt: str, row_cap: int) -> tuple[str, bytes, bool]:  # the writer as it was: the reference
    if isinstance(result, ox.QueryBoolean):
        return "boolean", result.serialize(format=(named(fmt, RESULT_FORMATS) or SPARQL_JSON).oxigraph), False
    if not isinstance(result, ox.QuerySolutions):
        triples, truncated = [], False
        for t in result:
            if len(triples) >= row_cap:
                truncated = True
                break
            triples.append(t.triple if isinstance(t, ox.Quad) else t)
        rdf_fmt = named(fmt, DATASET_FORMATS) or TURTLE
        return "graph", ox.serialize(triples, format=rdf_fmt.oxigraph) or b"", truncated
    names = [v.value for v in result.variables]
    rows, truncated = [], False
    for solution in result:
        if len(rows) >= row_cap:
            truncated = True
            break
        rows.append({n: term_json(solution[n]) for n in names if solution[n] is not None})
    body = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}}, ensure_ascii=False).encode()
    res_fmt = named(fmt, RESULT_FORMATS) or SPARQL_JSON
    if res_fmt is not SPARQL_JSON:
        body = ox.parse_query_results(body, format=SPARQL_JSON.oxigraph).serialize(format=res_fmt.oxigraph)
    return "bindings", body, truncated


def _generated(seed: int = 15, n: int = 300) -> ox.Store:
    """Terms of every kind the writer meets, in a few named graphs."""
    rnd = random.Random(seed)
    texts = ["", "plain", 'quote " and \\ backslash', "line\nbreak\ttab\rcr", "\x01\x1f control", "naïve café",
             "😀 astral", "<b>markup</b> & amp", "'single'", "日本語", " spaced "]
    dts = ["http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#date",
           "http://www.w3.org/2001/XMLSchema#string", "http://example.org/dt#custom"]
    store = ox.Store()
    for i in range(n):
        s = ox.BlankNode(f"b{i % 17}") if i % 5 == 0 else ox.NamedNode(f"http://example.org/s/{i % 37}/é")
        p = ox.NamedNode(f"http://example.org/p{i % 7}")
        kind = rnd.randrange(4)
        o = (ox.NamedNode(f"http://example.org/o/{rnd.randrange(50)}") if kind == 0 else
             ox.Literal(rnd.choice(texts), language=rnd.choice(["en", "fr-CA", "ru"])) if kind == 1 else
             ox.Literal(str(rnd.randrange(1000)) if rnd.random() < .5 else rnd.choice(texts),
                        datatype=ox.NamedNode(rnd.choice(dts))) if kind == 2 else
             ox.Literal(rnd.choice(texts)))
        store.add(ox.Quad(s, p, o, ox.NamedNode(f"http://example.org/g{i % 3}")))
    return store


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, ox.Store]:
    from lod.store.oxigraph import EmbeddedStore
    from tests.conftest import ingest_corpus
    bundled = EmbeddedStore(tmp_path_factory.mktemp("results") / "store")
    ingest_corpus(bundled)
    return {"bundled": bundled.snapshot(), "generated": _generated()}


SELECTS = [
    "SELECT * WHERE { ?s ?p ?o }",                                       # past the cap
    "SELECT * WHERE { ?s ?p ?o } LIMIT 10",                              # the query's own limit, under the cap
    "SELECT * WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 39 OFFSET 3",
    "SELECT * WHERE { ?s ?p ?o } OFFSET 2 LIMIT 40",                     # exactly the cap
    "SELECT * WHERE { ?s ?p ?o } LIMIT 41",                              # over the cap: cut, as before
    "SELECT ?s ?x ?o WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } } LIMIT 25",  # unbound variables
    "SELECT DISTINCT ?p WHERE { ?s ?p ?o }",
    # IRIs only: pyoxigraph's ORDER BY over mixed kinds of terms can abort the process (test_sparql_safety.py)
    "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?o)) } GROUP BY ?o ORDER BY DESC(?n) ?o LIMIT 30",
    "SELECT (LANG(?o) AS ?l) (DATATYPE(?o) AS ?d) ?o WHERE { ?s ?p ?o FILTER(ISLITERAL(?o)) } LIMIT 35",
    "SELECT * WHERE { ?s ?p ?o FILTER(false) } LIMIT 5",                  # no rows
    "SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } LIMIT 5 } ?s ?q ?z }",  # an inner LIMIT bounds nothing
]
GRAPHS = ["CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 10",
          "DESCRIBE ?s WHERE { ?s ?p ?o } LIMIT 3", "ASK { ?s ?p ?o }", "ASK { ?s <http://nothing/> ?o }"]


@pytest.mark.parametrize("data", ["bundled", "generated"])
@pytest.mark.parametrize("query", SELECTS)
@pytest.mark.parametrize("fmt", [f.name for f in RESULT_FORMATS])
def test_solutions_are_the_bytes_they_were(stores, data, query, fmt):
    store = stores[data]
    info = check(query)
    new = shape(store.query(query, use_default_graph_as_union=True), fmt, ROW_CAP, info.limit)
    old = _old_shape(store.query(query, use_default_graph_as_union=True), fmt, ROW_CAP)
    assert new == old


@pytest.mark.parametrize("data", ["bundled", "generated"])
@pytest.mark.parametrize("query", GRAPHS)
@pytest.mark.parametrize("fmt", [f.name for f in DATASET_FORMATS])
def test_graphs_and_booleans_are_the_bytes_they_were(stores, data, query, fmt):
    store = stores[data]
    new = shape(store.query(query, use_default_graph_as_union=True), fmt, ROW_CAP, check(query).limit)
    old = _old_shape(store.query(query, use_default_graph_as_union=True), fmt, ROW_CAP)
    assert new == old


def test_parsed_answers_of_a_remote_store_are_cut_as_before(stores):
    """The remote executor shapes what it parsed (quads from N-Triples, solutions from JSON)."""
    store = stores["generated"]
    nt = store.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True).serialize(
        format=ox.RdfFormat.N_TRIPLES)
    js = store.query("SELECT * WHERE { ?s ?p ?o }", use_default_graph_as_union=True).serialize(
        format=ox.QueryResultsFormat.JSON)
    for fmt in ("turtle", "ntriples"):
        assert shape(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), fmt, ROW_CAP) == \
            _old_shape(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), fmt, ROW_CAP)
    for fmt in ("json", "csv", "xml"):
        assert shape(ox.parse_query_results(js, format=ox.QueryResultsFormat.JSON), fmt, ROW_CAP) == \
            _old_shape(ox.parse_query_results(js, format=ox.QueryResultsFormat.JSON), fmt, ROW_CAP)


@pytest.mark.parametrize("query, limit", [
    ("SELECT * { ?s ?p ?o } LIMIT 10", 10),
    ("select * { ?s ?p ?o } offset 1 limit 10", 10),
    ("SELECT * { ?s ?p ?o } LIMIT 10 OFFSET 4", 10),
    ("SELECT * { ?s ?p ?o } LIMIT 10 # a comment", 10),
    ("SELECT * { ?s ?p ?o }", None),
    ("SELECT * { ?s ?p ?o } LIMIT 10 VALUES ?s { <http://e/> }", None),
    ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 10 } }", None),
    ("ASK { ?s ?p ?o } LIMIT 1", None),
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 10", None),                       # a limit on solutions, not triples
    ("SELECT * { ?s ?p ?o } \\u004CIMIT 10", None),                        # escapes: not trusted
    ("SELECT * { ?s ?p 'x\\u0027 } LIMIT 10", None),
    ("SELECT (<<( ?s ?p ?o )>> AS ?t) { ?s ?p ?o } LIMIT 10", None),        # triple terms are written unlike JSON
    ("SELECT (TRIPLE(?s, ?p, ?o) AS ?t) { ?s ?p ?o } LIMIT 10", None),
    ("SELECT (STRLANGDIR('a', 'en', 'ltr') AS ?t) { } LIMIT 10", None),
    ("SELECT ('a'@en--ltr AS ?t) { } LIMIT 10", None),
    ("SELECT * { ?s ?p ?o } LIMIT 1.5", None),
])
def test_a_final_limit_is_trusted_only_where_it_bounds_the_answer(query, limit):
    assert check(query).limit == limit


def test_the_cached_verdict_is_a_copy():
    first = check("PREFIX e: <http://e/> SELECT * FROM e:g WHERE { ?s ?p ?o }")
    first.from_graphs.append("http://other/")
    assert check("PREFIX e: <http://e/> SELECT * FROM e:g WHERE { ?s ?p ?o }").from_graphs == ["http://e/g"]
