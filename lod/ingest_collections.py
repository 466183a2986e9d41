"""The ingest's side of several collections: which collection each graph it loads is part of, merged with
what the store already says (an ingest that adds to a store keeps the other graphs' and collections'), as
the triples of ``{base}graph/meta/collections`` (:mod:`lod.mapping.collection_graph`).

>>> from lod.collection import bundled
>>> from lod.vocab import Local
>>> members = CollectionGraphs(Local("https://lod.example.org/"))
>>> c = members.add(bundled(), "https://lod.example.org/graph/record/1")
>>> len(members.triples([c])) > 1
True
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from lod.collection import Collection
from lod.mapping.collection_graph import GRAPH, collections_graph
from lod.store.base import Store, Triple
from lod.store.terms import rdflib_triples
from lod.vocab import DCTERMS, Local


class CollectionGraphs:
    """The graphs of each collection, as an ingest loads them, on top of what ``store`` said before it."""

    def __init__(self, local: Local, store: Store | None = None) -> None:
        self.local = local
        self.members: dict[str, URIRef] = {}  # graph -> its collection, of this ingest
        self.before: list[Triple] = []  # the meta graph as the store held it (adding to a store)
        if store is not None:
            graph = local.meta_graph(GRAPH)
            self.before = list(rdflib_triples(store.construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")))

    def add(self, collection: Collection, graph: str) -> Collection:
        """Record that ``graph`` is part of ``collection``; the collection."""
        self.members[graph] = self.local.collection(collection.key)
        return collection

    def triples(self, collections: Iterable[Collection], default: Collection | None = None) -> list[Triple]:
        """The meta graph: the ``collections`` this ingest publishes and its graphs' memberships, with what
        the store said before of the others (a graph loaded now is part of the collection it is now); the
        ``default``'s record-id concept is left to the vocabulary graph."""
        new = collections_graph(self.local, {c.key: c for c in collections}.values(), self.members, default)
        described = {s for s, _, _ in new} | {URIRef(self.local.meta_graph(GRAPH))}  # its provenance: the writer's
        if default is not None:
            described.add(default.identifier_concept(self.local))
        kept = [(s, p, o) for s, p, o in self.before
                if s not in described and not (p == DCTERMS.isPartOf and str(s) in self.members)]
        return kept + new
