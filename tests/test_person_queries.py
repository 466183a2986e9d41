"""The person, body and place pages' queries (issue #15): rewritten so that they start from the links to
the subject rather than from every record, they give what the earlier queries gave. Each function is run
twice, once as it is and once with its query text put back as it was (the old fragments substituted into
what it sends), on the bundled records (both backends) and on generated ones (bench/generate.py)."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from rdflib import URIRef

from lod.web import queries
from lod.web.naming import Site
from lod.web.queries import agents, records
from tests.conftest import BASE, ingest_corpus

X = "{x}"
REL_ENDS = "<https://www.ica.org/standards/RiC/ontology#relationHasTarget>, " \
           "<https://www.ica.org/standards/RiC/ontology#relationHasSource>"
PREDS = " ".join(f"<{p}>" for p in queries.AGENT_PREDICATES)
ROLES = PREDS.replace(" ", "|")
# (new fragment, the fragment it replaced), ``{x}`` the subject
LEGACY = {
    "linked_records": [(f"?r ?p {X} . FILTER(?p NOT IN ({REL_ENDS})) FILTER EXISTS {{ ?r a rico:Record }}",
                        f"?r ?p {X} . ?r a rico:Record .")],
    "year_counts": [(f"?r ?p {X} . FILTER(?p NOT IN ({REL_ENDS})) FILTER EXISTS {{ ?r a rico:Record }}\n"
                     "               OPTIONAL { ?r dcterms:created ?d } }",
                     f"{{ SELECT DISTINCT ?r ?p WHERE {{ ?r ?p {X} }} }} ?r a rico:Record ; dcterms:created ?d }}")],
    "co_mentioned": [(f"{{ SELECT DISTINCT ?r WHERE {{ ?r {ROLES} {X} }} }}\n"
                      f"               ?r {ROLES} ?o . FILTER(?o != {X}) }}",
                      f"{{ SELECT DISTINCT ?r WHERE {{ VALUES ?p {{ {PREDS} }} ?r ?p {X} }} }}\n"
                      f"               VALUES ?q {{ {PREDS} }} ?r ?q ?o . FILTER(?o != {X}) }}"),
                     ("FILTER EXISTS { ?o a rico:Person }", "?o a rico:Person .")],
    "offices": [(f"?rel rico:relationHasSource {X} ; rico:relationHasTarget ?pos . "
                 "FILTER EXISTS { ?rel a rico:PositionHoldingRelation }",
                 f"?rel a rico:PositionHoldingRelation ; rico:relationHasSource {X} ; rico:relationHasTarget ?pos .")],
    "name_forms": [("{ ?rel <http://lod.test/vocab/terms#nameForm> ",
                    "{ ?rel rico:relationHasTarget {x} ; <http://lod.test/vocab/terms#nameForm> "),
                   (" .\n                                     FILTER EXISTS { ?rel rico:relationHasTarget {x} }\n"
                    "                                     ?rel rico:isEvidencedBy ?r }", " ; rico:isEvidencedBy ?r }")],
    "held_records": [(f"?r schema:holdingArchive {X} . FILTER EXISTS {{ ?r a rico:Record }}",
                      f"?r schema:holdingArchive {X} ; a rico:Record .")],
    "child_sets": [("FILTER EXISTS { ?s a rico:RecordSet }", "?s a rico:RecordSet .")],
}


@contextmanager
def legacy(monkeypatch, module, name: str, iri: URIRef):
    """``module``'s queries sent with the fragments of ``LEGACY[name]`` put back as they were."""
    pairs = [(new.replace(X, f"<{iri}>"), old.replace(X, f"<{iri}>")) for new, old in LEGACY[name]]
    used: set[str] = set()

    def old_select(store, body):
        for new, old in pairs:
            if new in body:
                used.add(new)
                body = body.replace(new, old)
        return queries.select(store, body)

    with monkeypatch.context() as m:
        m.setattr(module, "select", old_select)
        if module is records:  # count() reads through the package's select
            m.setattr(records, "count", lambda store, where: _count(old_select, store, where))
        yield used
    assert used in (set(), {new for new, _ in pairs}), f"{name}: the query no longer has the fragments replaced"


def _count(sel, store, where: str) -> int:
    rows = sel(store, f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {where} }}")
    return int(rows[0].get("n", 0)) if rows else 0


CALLS = {
    "linked_records": (records, lambda s, site, x: records.linked_records(s, site, x, 1, 100)),
    "year_counts": (records, lambda s, site, x: records.year_counts(s, x)),
    "co_mentioned": (agents, lambda s, site, x: agents.co_mentioned(s, site, x)),
    "offices": (agents, lambda s, site, x: agents.offices(s, site, x)),
    "name_forms": (agents, lambda s, site, x: agents.name_forms(s, site, x)),
    "held_records": (records, lambda s, site, x: records.held_records(s, site, x, 1)),
    "child_sets": (records, lambda s, site, x: records.child_sets(s, site, x, holder=True)),
}


def subjects(store, limit: int = 25) -> list[URIRef]:
    """The most-named people, bodies and places, and some rarely named ones."""
    rows = queries.select(store, """SELECT ?x (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r ?p ?x .
        { ?x a rico:Person } UNION { ?x a rico:CorporateBody } UNION { ?x a rico:Group } UNION { ?x a rico:Place } }
        GROUP BY ?x ORDER BY DESC(?n) ?x""")
    picked = rows[:limit] + rows[len(rows) // 2: len(rows) // 2 + 5] + rows[-5:]
    return list(dict.fromkeys(URIRef(str(r["x"])) for r in picked))


def same_as_before(monkeypatch, store) -> set[str]:
    """The functions compared on something (their old queries sent, and not only empty answers)."""
    site, found = Site(BASE), set()
    for x in subjects(store):
        for name, (module, call) in CALLS.items():
            new = call(store, site, x)
            with legacy(monkeypatch, module, name, x) as replaced:
                old = call(store, site, x)
            assert new == old, (name, x)
            if replaced and new and (not isinstance(new, tuple) or new[1]):
                found.add(name)
    return found


def test_the_same_rows_on_the_bundled_records(ingested, monkeypatch) -> None:
    store, _ = ingested
    assert same_as_before(monkeypatch, store) == set(CALLS)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    from bench.generate import write_inputs
    from lod.store import open_store

    folder = tmp_path_factory.mktemp("generated")
    write_inputs(folder / "in", 150, seed=11)
    store = open_store(str(folder / "store"))
    ingest_corpus(store, paths=(folder / "in" / "pages", folder / "in" / "records.jsonl"))
    return store


def test_the_same_rows_on_generated_records(generated, monkeypatch) -> None:
    assert same_as_before(monkeypatch, generated) >= set(CALLS) - {"child_sets"}  # generated units are not sets


def test_a_page_links_to_its_next_page_by_its_own_list(generated) -> None:
    """``Link: rel="next"`` on the HTML page and its twin follows the page's list of records (100 a page), on
    RDF documents the inbound links (which count relation nodes too): the most-named person has more inbound
    links than records."""
    from lod.config import Config
    from lod.web.app import create_app
    from tests.conftest import BASE

    top = next(iter(generated.select(
        "SELECT ?p (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r <https://schema.org/mentions> ?p . "
        "?p a <https://www.ica.org/standards/RiC/ontology#Person> } GROUP BY ?p ORDER BY DESC(?n) LIMIT 1")))
    path = str(top["p"]).split("/id/", 1)[1]
    app = create_app(Config(store=generated.path, base=BASE, access_log=False), generated)
    try:
        client = app.test_client()
        data = client.get(f"/doc/{path}?_profile=page")
        pages = data.get_json()["paging"]["pages"]
        desc = generated.describe(str(top["p"]))
        for resp, last in ((data, pages), (client.get(f"/doc/{path}", headers={"Accept": "text/html"}), pages),
                           (client.get(f"/doc/{path}.ttl"), desc.pages)):
            assert resp.status_code == 200
            assert ('rel="next"' in resp.headers["Link"]) is (last > 1), (resp.headers["Link"], last)
        assert desc.pages > pages, (desc.pages, pages)  # the case that was wrong: more inbound pages than records
    finally:
        app.config["LOD_CONTEXT"].executor.close()
