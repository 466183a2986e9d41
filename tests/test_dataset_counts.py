"""One statement, one graph: the union default graph holds no duplicate rows, and every number the server
publishes about its size (VoID, the service description, the dumps, the ingest summary) is the number the
endpoint answers.

A statement about a shared node (a person's ``rico:occupiesOrOccupied``, a label) lives once, in the entity
graph; a record graph holds only the record and its own nodes, whose evidence (the n-ary relations) stays
there. Run on both store backends, and on an embedded store ingested incrementally.
"""
from __future__ import annotations

import gzip
import json
import shutil
import urllib.parse
import urllib.request

import pyoxigraph as ox
from rdflib import Graph, URIRef

from tests.conftest import BASE, RECORDS, ingest_corpus

VOID_TRIPLES = URIRef("http://rdfs.org/ns/void#triples")
RICO = "https://www.ica.org/standards/RiC/ontology#"
# every statement stated in more than one named graph
IN_SEVERAL_GRAPHS = ("SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } } "
                     "GROUP BY ?s ?p ?o HAVING (COUNT(DISTINCT ?g) > 1)")
ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
DISTINCT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
REMOTE_BOOKKEEPING = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}graph/meta/ingest> {{ ?s ?p ?o }} }}"


def count(store, sparql: str) -> int:
    return int(next(iter(store.select(sparql)))["n"])


def sparql_count(url: str, sparql: str) -> int:
    req = urllib.request.Request(url + "sparql?" + urllib.parse.urlencode({"query": sparql}),
                                 headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return int(json.load(r)["results"]["bindings"][0]["n"]["value"])


def published_triples(url: str, path: str) -> int:
    req = urllib.request.Request(url + path, headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(req, timeout=30) as r:
        g = Graph().parse(data=r.read(), format="turtle")
    subsets = set(g.objects(None, URIRef("http://rdfs.org/ns/void#subset")))  # each collection's count: a part
    (n,) = {o for s, o in g.subject_objects(VOID_TRIPLES) if s not in subsets}
    return int(n)


def ask(store, pattern: str) -> bool:
    return json.loads(store.query(f"ASK {{ {pattern} }}").body)["boolean"]


def duplicates(store) -> list[dict]:
    return [{k: str(v) for k, v in row.items()} for row in store.select(IN_SEVERAL_GRAPHS)]


def test_no_statement_is_in_two_graphs(dataset):
    assert duplicates(dataset.store) == []


def test_a_person_holds_an_office_once_whatever_the_records_evidencing_it(dataset):
    """Kohl is called Chancellor in five records: one statement, in the entity graph; five relations."""
    kohl, chancellor = f"<{BASE}id/person/kohl-helmut>", f"<{BASE}id/position/chancellor/kohl-helmut>"
    rows = list(dataset.store.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ {kohl} <{RICO}occupiesOrOccupied> "
                                     f"{chancellor} }} }}"))
    assert [str(r["g"]) for r in rows] == [f"{BASE}graph/meta/entities"]
    assert len(list(dataset.store.select(f"SELECT * WHERE {{ {kohl} <{RICO}occupiesOrOccupied> ?p }}"))) == \
        len(list(dataset.store.select(f"SELECT DISTINCT ?p WHERE {{ {kohl} <{RICO}occupiesOrOccupied> ?p }}")))
    evidence = list(dataset.store.select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?rel a <{RICO}PositionHoldingRelation> ; "
        f"<{RICO}relationHasSource> {kohl} ; <{RICO}relationHasTarget> {chancellor} }} }}"))
    assert len(evidence) == 5


def test_every_published_count_is_what_the_endpoint_answers(dataset, server):
    url, _ = server
    answered = sparql_count(url, ALL)
    assert sparql_count(url, DISTINCT) == answered
    assert published_triples(url, "void") == answered
    assert published_triples(url, "sparql") == answered  # the service description's default graph

    with urllib.request.urlopen(url + "dumps/dataset.nq.gz", timeout=30) as r:
        quads = list(ox.parse(gzip.decompress(r.read()), format=ox.RdfFormat.N_QUADS))
    union = {(q.subject, q.predicate, q.object) for q in quads}
    with urllib.request.urlopen(url + "dumps/dataset.ttl", timeout=30) as r:
        turtle = list(ox.parse(r.read(), format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(union) == len(turtle) == len(set(turtle)) == answered


def test_the_ingest_summary_states_what_is_stored(dataset):
    stored = count(dataset.store, ALL)
    if dataset.name == "remote":  # the graph the remote writer keeps the ingest time in, written at commit
        stored -= count(dataset.store, REMOTE_BOOKKEEPING)
    assert dataset.report.triples == stored


def test_adding_records_keeps_one_statement_per_graph(tmp_path):
    """`lod ingest` of one record into a full store: the entity graph is merged, not duplicated, and an
    office the record no longer evidences is no longer stated; re-ingesting it restores the statement."""
    from lod.store import open_store

    one = open_store(str(tmp_path / "one"))
    assert ingest_corpus(one, paths=(RECORDS / "wcda-300653.txt",)).triples == count(one, ALL)

    store = open_store(str(tmp_path / "store"))
    full = ingest_corpus(store)
    before = count(store, ALL)
    assert full.triples == before

    again = ingest_corpus(store, paths=(RECORDS / "wcda-300242.txt",))
    assert duplicates(store) == [] and count(store, DISTINCT) == count(store, ALL)
    assert again.records == 1

    juncker = (f"<{BASE}id/person/juncker-jean-claude> <{RICO}occupiesOrOccupied> "
               f"<{BASE}id/position/prime-minister/juncker-jean-claude>")
    assert ask(store, juncker)

    changed = tmp_path / "wcda-300242.txt"  # the same record, no longer calling Juncker "PM"
    shutil.copy(RECORDS / "wcda-300242.txt", changed)
    changed.write_text(changed.read_text(encoding="utf-8").replace("PM Juncker", "Juncker"), encoding="utf-8")
    ingest_corpus(store, paths=(changed,))
    assert not ask(store, juncker)
    kohl = f"<{BASE}id/person/kohl-helmut> <{RICO}occupiesOrOccupied> <{BASE}id/position/chancellor/kohl-helmut>"
    assert ask(store, kohl)  # still evidenced by other records
    assert duplicates(store) == [] and count(store, DISTINCT) == count(store, ALL)

    ingest_corpus(store, paths=(RECORDS / "wcda-300242.txt",))
    assert ask(store, juncker)
    assert duplicates(store) == [] and count(store, DISTINCT) == count(store, ALL)
