"""An entity's summary as RDF (lod/web/summary_rdf.py), the ``summary`` profile of its document, over a real
``lod serve`` of the bundled records: it parses in Turtle and JSON-LD (the same graph), its figures are the data
twin's for the most-named person, a median one and the most-named place, each term of ours it uses is declared
in the vocabulary graph the store publishes; the profile is listed where there is a summary; a resource without
one, or a store without summaries, is a 404 that says so; an unknown profile stays a 406."""
from __future__ import annotations

import json
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from lod.config import Config
from lod.store import open_store
from lod.store.summary_reads import SummaryReader
from lod.vocab import DCTERMS, PROF, RDF, RDFS, SCHEMA, XSD, Local
from lod.web import summary_rdf
from tests.conftest import BASE, RECORDS, SEED, ingest_corpus
from tests.test_publish import fetch
from tests.test_summaries import named

TERMS = Namespace(str(Local(BASE).terms))
SUMMARY = f"<{BASE}profile/summary>"
DATES = (XSD.gYear, XSD.gYearMonth, XSD.date)


def path_of(x: URIRef) -> str:
    return str(x).split("/id/", 1)[1]


@pytest.fixture(scope="module")
def picked(dataset) -> dict[str, URIRef]:
    """The most-named person, a median one and the most-named place of the bundled records; and, so that no
    list is compared empty, the agent with the most correspondents and the person with the most offices."""
    people, bodies = named(dataset.store, "person"), named(dataset.store, "body")
    reader = SummaryReader(dataset.config.summaries)
    try:
        most = {name: max((x for x, _ in people + bodies), key=lambda x: (reader.total(str(x), name), str(x)))
                for name in ("correspondents", "offices")}
    finally:
        reader.close()
    return {"most": people[0][0], "median": people[len(people) // 2][0], "place": named(dataset.store, "place")[0][0],
            "writer": most["correspondents"], "officer": most["offices"]}


def summary(url: str, x: URIRef, suffix: str = "", fmt: str = "turtle", **headers: str) -> Graph:
    status, got, body = fetch(f"{url}doc/{path_of(x)}{suffix}?_profile=summary", headers=headers)
    assert status == 200 and got["Content-Profile"] == SUMMARY, (status, body[:300])
    return Graph().parse(data=body, format=fmt)


def _value(o) -> object:
    """An IRI or a date as its text, a number as a number."""
    return str(o) if isinstance(o, URIRef) or o.datatype in DATES else o.toPython()


def figures(g: Graph, x: URIRef) -> dict:
    """What a summary graph says: the record count, the years, and each list's length, URL and items."""
    node = g.value(None, SCHEMA.about, x)
    assert node is not None and (node, RDF.type, TERMS.EntitySummary) in g
    years = {int(str(g.value(y, DCTERMS.date))): (g.value(y, TERMS.ownRecordCount).toPython(),
                                                  g.value(y, TERMS.otherRecordCount).toPython())
             for y in g.objects(node, TERMS.yearCount)}
    lists = {}
    for part in g.objects(node, DCTERMS.hasPart):
        items = sorted(g.objects(part, SCHEMA.itemListElement), key=lambda e: g.value(e, SCHEMA.position).toPython())
        rows = [{str(p).rsplit("#", 1)[-1].rsplit("/", 1)[-1]: _value(o)
                 for p, o in g.predicate_objects(e) if p not in (RDF.type, SCHEMA.position)} for e in items]
        lists[str(g.value(part, DCTERMS.identifier))] = (g.value(part, SCHEMA.numberOfItems).toPython(),
                                                         str(g.value(part, SCHEMA.url)), rows)
    return {"records": g.value(node, TERMS.recordCount).toPython(), "years": years, "lists": lists}


def twin(url: str, path: str) -> dict:
    status, _, body = fetch(f"{url}{path}{'&' if '?' in path else '?'}_profile=page")
    assert status == 200, body[:300]
    return json.loads(body)


@pytest.mark.parametrize("who", ["most", "median", "place", "writer", "officer"])
def test_the_summary_parses_and_its_figures_are_the_twins(server, picked, who) -> None:
    url, _ = server
    x = picked[who]
    turtle = summary(url, x, Accept="text/turtle")
    assert isomorphic(turtle, summary(url, x, ".jsonld", "json-ld"))
    got, page = figures(turtle, x), twin(url, f"doc/{path_of(x)}")
    assert got["records"] == page["paging"]["total"] > 0
    assert got["years"] == {y["year"]: (y["correspondent"], y["other"]) for y in page["years"]}
    assert set(got["lists"]) == {"correspondents", "co-mentioned", "names", "offices"}
    for name, (length, list_url, _) in got["lists"].items():  # each list's length and its own page
        own = twin(url, list_url[len(BASE):])
        assert own["paging"]["total"] == length, name
        if "lists" in page:
            assert page["lists"][name] == {"total": length, "url": "/" + list_url[len(BASE):]}, name
    if who == "place":
        return
    lists = got["lists"]
    assert [(r["item"], r["sentCount"], r["receivedCount"]) for r in lists["correspondents"][2]] == [
        (n["link"]["iri"], n["sent"], n["received"]) for n in page["correspondents"]]
    assert [(r["item"], r["recordCount"]) for r in lists["co-mentioned"][2]] == [
        (n["link"]["iri"], n["together"]) for n in page["co_mentioned"]]
    assert {r["name"]: (r["recordCount"], r.get("firstEvidenced"), r.get("lastEvidenced"))
            for r in lists["names"][2]} == {
        f["form"]: (f["count"], *(None if y is None else str(y) for y in (f["first"], f["last"])))
        for f in page["names"] if f["count"]}
    assert [(r["item"], r["recordCount"], r.get("firstEvidenced"), r.get("lastEvidenced"))
            for r in lists["offices"][2]] == [
        (o["link"]["iri"], o["count"], o["first"] or None, o["last"] or None) for o in page["offices"]]


def test_the_most_named_persons_summary_lists_something(server, picked) -> None:
    """The comparisons above are not of empty lists."""
    got = {who: figures(summary(server[0], picked[who]), picked[who]) for who in ("most", "writer", "officer")}
    assert got["most"]["records"] > 1 and got["most"]["years"]
    assert got["most"]["lists"]["co-mentioned"][2] and got["most"]["lists"]["names"][2]
    assert got["writer"]["lists"]["correspondents"][2] and got["officer"]["lists"]["offices"][2]


def test_each_term_it_uses_is_declared_in_the_published_vocabulary(server, dataset, picked) -> None:
    g = Graph()
    for x in picked.values():  # between them, every list has items
        g += summary(server[0], x)
    used = {str(t) for triple in g for t in triple if str(t).startswith(str(TERMS))}
    assert used == {str(TERMS[t]) for t in summary_rdf.TERMS}
    vocabulary = str(Local(BASE).meta_graph("vocabulary"))
    for term in sorted(used):
        rows = list(dataset.store.select(f"""SELECT ?kind WHERE {{ GRAPH <{vocabulary}> {{ <{term}> a ?kind ;
            <{RDFS.label}> ?label ; <{RDFS.comment}> ?comment ; <{RDFS.isDefinedBy}> ?by }} }} LIMIT 1"""))
        assert rows, f"{term} is not declared in the store's vocabulary graph"


def test_the_profile_is_listed_where_there_is_a_summary(server, picked) -> None:
    url, _ = server
    tokens = {}
    for path in (path_of(picked["most"]), f"record/{SEED}"):
        status, _, body = fetch(f"{url}doc/{path}?_profile=alt", headers={"Accept": "text/turtle"})
        assert status == 200
        tokens[path] = {str(t) for t in Graph().parse(data=body, format="turtle").objects(None, PROF.hasToken)}
    assert tokens == {path_of(picked["most"]): {"rico", "schema", "summary"}, f"record/{SEED}": {"rico", "schema"}}
    status, headers, body = fetch(f"{url}doc/{path_of(picked['most'])}",
                                  headers={"Accept": "application/n-triples", "Accept-Profile": SUMMARY})
    assert status == 200 and headers["Content-Profile"] == SUMMARY
    # the token mapping of Content Negotiation by Profile, anchored at the profile (no type of the document)
    assert f'rel="type"; token="summary"; anchor="{SUMMARY[1:-1]}"' in headers["Link"]
    assert 'rel="next"' not in headers["Link"]
    etag = headers["ETag"]
    again = fetch(f"{url}doc/{path_of(picked['most'])}.nt?_profile=summary", headers={"If-None-Match": etag})
    assert again[0] == 304  # the same summary is the same bytes
    assert fetch(f"{url}profile/summary", headers={"Accept": "text/turtle"})[0] == 200


@pytest.mark.parametrize("path, accept", [(f"record/{SEED}", "text/turtle"), ("person/no-such-person", "text/turtle"),
                                          ("person/no-such-person", "application/ld+json")])
def test_a_resource_without_a_summary_is_a_clear_404(server, path, accept) -> None:
    status, headers, body = fetch(f"{server[0]}doc/{path}?_profile=summary", headers={"Accept": accept})
    assert status == 404 and headers["Content-Type"].startswith(accept)
    if accept == "text/turtle":
        assert b"no " in body and b"in this dataset" in body


def test_a_profile_we_do_not_have_is_still_a_406(server, picked) -> None:
    url, path = server[0], path_of(picked["most"])
    assert fetch(f"{url}doc/{path}?_profile=nope")[0] == 406
    assert fetch(f"{url}doc/{path}", headers={"Accept-Profile": "<http://other.example/profile>"})[0] == 406
    status, _, body = fetch(f"{url}doc/{path}.html?_profile=summary")
    assert status == 404 and b"summary" in body


def test_a_store_without_summaries_answers_404_for_the_summary(tmp_path) -> None:
    """A store ingested before the summaries: its pages work, its summary is a 404 that says why."""
    from lod.web.app import create_app

    store = open_store(str(tmp_path / "store"))
    ingest_corpus(store, paths=sorted(RECORDS.glob("wcda-*.txt"))[:3])
    x = named(store, "person")[0][0]
    app = create_app(Config(store=str(tmp_path / "store"), base=BASE, access_log=False), store)
    try:
        client = app.test_client()
        answer = client.get(f"/doc/{path_of(x)}?_profile=summary", headers={"Accept": "text/turtle"})
        assert answer.status_code == 404 and b"no summaries" in answer.data
        assert client.get(f"/doc/{path_of(x)}?_profile=page").status_code == 200
        alt = Graph().parse(data=client.get(f"/doc/{path_of(x)}?_profile=alt", headers={"Accept": "text/turtle"}).data,
                            format="turtle")
        assert {str(t) for t in alt.objects(None, PROF.hasToken)} == {"rico", "schema"}
    finally:
        app.config["LOD_CONTEXT"].executor.close()


def test_list_items_name_what_they_count(server, picked) -> None:
    """A correspondent is an IRI with its label; a name form is a literal name."""
    g, x = summary(server[0], picked["most"]), picked["most"]
    items = {str(g.value(p, DCTERMS.identifier)): list(g.objects(p, SCHEMA.itemListElement))
             for p in g.objects(g.value(None, SCHEMA.about, x), DCTERMS.hasPart)}
    for entry in items["co-mentioned"]:
        who = g.value(entry, SCHEMA.item)
        assert isinstance(who, URIRef) and isinstance(g.value(who, RDFS.label), Literal)
    assert all(isinstance(g.value(e, SCHEMA.name), Literal) for e in items["names"])
