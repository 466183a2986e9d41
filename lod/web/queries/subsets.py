"""The collections a store holds (``{base}graph/meta/collections``, :mod:`lod.mapping.collection_graph`):
each one's counts, and which collection a resource's graph is part of.

>>> # collection_counts(store, Local(base))["wcda"] -> {"triples": …, "graphs": …, "entities": …, "records": …, …}
"""
from __future__ import annotations

from lod.mapping.collection_graph import GRAPH
from lod.store import Store
from lod.store.describe import check_iri
from lod.vocab import Local
from lod.web.queries import select


_COUNTS = ("triples", "graphs", "entities", "records", "record_sets")


def _key(local: Local, iri: object) -> str | None:
    parsed = local.parse(iri)
    return parsed[1] if parsed is not None and parsed[0] == "collection" else None


def collection_counts(store: Store, local: Local) -> dict[str, dict[str, int]]:
    """Per collection key: its statements (``triples``), record ``graphs``, ``entities`` (our resources
    typed in its graphs), ``records`` and ``record_sets`` (``rico:Record``, ``rico:RecordSet`` among them)."""
    member = f"GRAPH <{local.meta_graph(GRAPH)}> {{ ?g dcterms:isPartOf ?c }}"
    found: dict[str, dict[str, int]] = {}

    def put(rows: list, name: str) -> None:
        for r in rows:
            key = _key(local, r["c"])
            if key is not None:
                found.setdefault(key, dict.fromkeys(_COUNTS, 0))[name] = int(r["n"])

    put(select(store, f"SELECT ?c (COUNT(*) AS ?n) WHERE {{ {member} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?c"),
        "triples")
    put(select(store, f"SELECT ?c (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {member} }} GROUP BY ?c"), "graphs")
    put(select(store, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {member} GRAPH ?g {{ ?s a ?t }} "
                      f"FILTER(STRSTARTS(STR(?s), \"{local.id}\")) }} GROUP BY ?c"), "entities")
    for name, cls in (("records", "rico:Record"), ("record_sets", "rico:RecordSet")):
        put(select(store, f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {member} GRAPH ?g {{ ?s a {cls} }} "
                          f"FILTER(STRSTARTS(STR(?s), \"{local.id}\")) }} GROUP BY ?c"), name)
    return found


def collection_of(store: Store, local: Local, iri: str) -> str | None:
    """The key of the collection whose graph states what ``iri`` is (its type), None when no collection's
    graph does (a shared entity, or a store ingested before collections were recorded)."""
    rows = select(store, f"SELECT ?c WHERE {{ GRAPH ?g {{ <{check_iri(str(iri))}> a ?t }} "
                         f"GRAPH <{local.meta_graph(GRAPH)}> {{ ?g dcterms:isPartOf ?c }} }} ORDER BY ?c LIMIT 1")
    return _key(local, rows[0]["c"]) if rows else None
