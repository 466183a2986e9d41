"""What an ingest changed, as the IRIs whose documents it changed (for :mod:`lod.store.documents`).

A graph the ingest writes or drops changes the document of every IRI (subject or object) in its old and new
triples; a graph shared by all (the entity graph) only those of the statements that differ. Where a label or
a type of an entity changed, so did the documents that show it: what links to it, and what is named with it
in a record (a person's page lists the people named together with it). When the set is most of the store
(or the ingest rebuilds it), everything changed.

>>> from rdflib import URIRef
>>> c = Changes(None, total_graphs=10)
>>> c.graph("g1", [], [(URIRef("http://x/id/a"), URIRef("http://x/p"), URIRef("http://x/id/b"))])
>>> sorted(c.iris), c.everything
(['http://x/id/a', 'http://x/id/b'], False)
"""
from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef
from tqdm import tqdm

from lod.store.base import StoreError, Triple, Writer
from lod.store.describe import LABELS, Description, check_iri
from lod.store.documents import DocumentStore
from lod.store.terms import as_ox
from lod.vocab import RDF, RICO

if TYPE_CHECKING:
    from lod.store.base import Store

log = logging.getLogger(__name__)
MOST = 0.5  # share of the store's graphs an ingest may write before it counts as changing everything
_NAMING = {f"<{p}>" for p in (*LABELS, RDF.type)}
_INCLUDED = f"<{RICO.isOrWasIncludedIn}>"


def _iri(term: object) -> str | None:
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term) if isinstance(term, URIRef) else None


def _key(t: tuple) -> tuple[str, str, str]:
    """A statement of rdflib or pyoxigraph terms, written alike (N-Triples terms)."""
    return tuple(str(as_ox(x)) for x in t)  # type: ignore[return-value]


class Changes:
    """The IRIs an ingest changed, collected graph by graph against the store as it was (``old``)."""

    def __init__(self, old: "Store | None", total_graphs: int, everything: bool = False,
                 shared: str | None = None) -> None:
        self.old = old
        self.shared = shared  # graphs whose names start with it are of the whole dataset (the entity graph)
        self.limit = max(1, int(total_graphs * MOST))
        self.everything = everything
        self.iris: set[str] = set()
        self.renamed: set[str] = set()  # entities whose label or type changed
        self.parents: dict[str, set[str]] = {}  # rico:isOrWasIncludedIn as the graphs written say it
        self.graphs = 0

    def old_triples(self, graph: str) -> list[ox.Triple]:
        """The graph as the store holds it before this ingest."""
        if self.old is None:
            return []
        return self.old.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{check_iri(graph)}> {{ ?s ?p ?o }} }}")

    def graph(self, graph: str, old: Iterable[tuple], new: Iterable[tuple]) -> None:
        """A graph written (``new``) over ``old`` (empty for a new graph; ``new`` empty for a dropped one); one
        of the whole dataset is compared statement by statement."""
        if self.everything:
            return
        self.graphs += 1
        if self.graphs > self.limit:
            self.everything, self.iris, self.renamed = True, set(), set()
            return
        shared = self.shared is not None and graph.startswith(self.shared)
        before, after = {_key(t): t for t in old}, {_key(t): t for t in new}
        differ = [before[k] for k in before.keys() - after.keys()] + [after[k] for k in after.keys() - before.keys()]
        for s, _, o in differ if shared else [*before.values(), *after.values()]:
            for term in (s, o):
                iri = _iri(term)
                if iri is not None:
                    self.iris.add(iri)
        for k, t in [*before.items(), *after.items()]:
            if k[1] == _INCLUDED and (child := _iri(t[0])) and (parent := _iri(t[2])):
                self.parents.setdefault(child, set()).add(parent)
        had = {k[0] for k in before}  # a node the old graph described: a change of its name shows elsewhere
        self.renamed.update(i for t in differ if _key(t)[1] in _NAMING and _key(t)[0] in had and (i := _iri(t[0])))

    def finish(self) -> set[str] | None:
        """The changed IRIs, with those showing a renamed entity; None for everything."""
        if self.everything:
            return None
        if self.old is None:
            return self.iris
        skip = f'FILTER(!STRSTARTS(STR(?g), "{check_iri(self.shared)}"))' if self.shared else ""
        for e in sorted(self.renamed):
            x = check_iri(e)
            # what links to it, and what its records name with it (not across the shared graphs: all entities)
            # and what lies below it (a record's archival chain is shown on its page)
            rows = self.old.select(f"""SELECT DISTINCT ?x WHERE {{
                {{ ?x ?p <{x}> }} UNION {{ ?x {_INCLUDED}+ <{x}> }}
                UNION {{ GRAPH ?g {{ ?s ?p2 <{x}> . {{ ?x ?p3 ?o }} UNION {{ ?s3 ?p4 ?x }} }} {skip} }}
                FILTER(isIRI(?x)) }}""")
            self.iris.update(str(r["x"]) for r in rows)
        self.iris |= self.above(self.iris)
        return self.iris

    def above(self, iris: set[str]) -> set[str]:
        """The record sets (and their holders' chains) above ``iris``, as the store said it and as the ingest
        says it: a set's page lists the records in every set below it, so a change below changes it."""
        found: set[str] = set()
        frontier = set(iris)
        while frontier:
            up = {p for i in frontier for p in self.parents.get(i, ())}
            chunk = sorted(frontier)
            for i in range(0, len(chunk), 200):
                values = " ".join(f"<{check_iri(x)}>" for x in chunk[i:i + 200])
                up.update(str(r["a"]) for r in self.old.select(  # type: ignore[union-attr]
                    f"SELECT DISTINCT ?a WHERE {{ VALUES ?s {{ {values} }} ?s {_INCLUDED}+ ?a }}"))
            frontier = up - found - iris
            found |= frontier
        return found


class Watched(Writer):
    """A writer that tells :class:`Changes` of every graph it writes or drops, then does it."""

    def __init__(self, inner: Writer, changes: Changes) -> None:
        self.inner, self.changes = inner, changes

    def graph_digest(self, graph: str) -> str | None:
        return self.inner.graph_digest(graph)

    def own_statements(self, graph: str, provenance: bool = True) -> int:
        return self.inner.own_statements(graph, provenance)

    def put_graph(self, graph: str, triples: Iterable[Triple], digest: str, provenance: bool = True) -> None:
        if not self.changes.everything:
            triples = list(triples)
            old = self.changes.old_triples(graph) if self.inner.graph_digest(graph) is not None else []
            self.changes.graph(graph, old, triples)
        self.inner.put_graph(graph, triples, digest, provenance)

    def drop_graph(self, graph: str) -> None:
        if not self.changes.everything and self.inner.graph_digest(graph) is not None:
            self.changes.graph(graph, self.changes.old_triples(graph), [])
        self.inner.drop_graph(graph)

    def before_publish(self, hook: Callable[[str], None]) -> None:
        self.inner.before_publish(hook)

    def commit(self) -> None:
        self.inner.commit()

    def abort(self) -> None:
        self.inner.abort()


def publish(documents: DocumentStore, tag: str, iris: set[str] | None) -> None:
    """Record generation ``tag``'s changes (None: everything, which empties the store) before it is
    published. A file that cannot take them is removed and started anew; StoreError if even that fails
    (the ingest then publishes nothing: readers would take stale documents)."""
    try:
        documents.record_changes(tag, iris)
        return
    except (sqlite3.Error, OSError) as e:
        log.warning("document store %s cannot record the changes of %s (%s): starting it anew",
                    documents.path, tag, e)
    try:
        documents.remove()
        documents.record_changes(tag, None)
    except (sqlite3.Error, OSError) as e:
        raise StoreError(f"cannot record which documents this ingest changes in {documents.path} ({e}); "
                         f"remove that file and ingest again") from None


Render = Callable[["Description"], list[tuple[str, str, bytes, list[tuple[str, str]]]]]
BATCH = 200  # resources whose rows are written in one transaction


def precompute(store: "Store", documents: DocumentStore, resources: Iterable[str], show: bool = False,
               render: Render | None = None) -> list[str]:
    """Describe ``resources`` from the store's current generation and keep the descriptions, with the
    documents ``render`` makes of each (``(iri, key, body, headers)``), a batch of rows per transaction;
    those kept."""
    tag = store.version()[0]
    done: list[str] = []
    descs: list[Description] = []
    bodies: list[tuple[str, str, bytes, list[tuple[str, str]]]] = []
    for iri in tqdm(sorted(resources), desc="precomputing", unit="resource", disable=not show, file=sys.stderr):
        if documents.broken:  # said so in the log; the first request for each describes it
            break
        desc = store.describe(iri)
        descs.append(desc)
        if render is not None and desc.exists:
            bodies.extend(render(desc))
        done.append(iri)
        if len(descs) >= BATCH:
            documents.keep_all(tag, descs, bodies)
            descs, bodies = [], []
    documents.keep_all(tag, descs, bodies)
    return done if not documents.broken else []
