"""What a resource's document contains: its own triples (and those of its deterministic sub-nodes),
labels and types of what it points to, the archival chain above it, and what points to it: one page, in
the order the store's object index gives (stable for a store version), read only as far as that page and one
more, so a page of the most-named person costs what a page of anyone costs (the count is "at least" until the
last page: :attr:`Description.exact`).

Two ways to read it, giving the same triples: :func:`describe_patterns` by a handful of index lookups
(the embedded store's ``quads_for_pattern``), :func:`describe_sparql` by two SPARQL CONSTRUCT queries and a
SELECT (any SPARQL store: ``Store.describe``'s default). Each backend's ``Store.describe`` picks its own.

>>> # d = store.describe("http://localhost:5000/id/record/300237"); len(d.graph)
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, URIRef

from lod.store.terms import bind_prefixes, rdflib_triples
from lod.vocab import RDF, RDFS, RICO, SCHEMA, SKOS

if TYPE_CHECKING:
    from lod.store.base import Store

PAGE_SIZE = 100
MAX_NAMES = 200_000  # nodes whose labels a store keeps between descriptions (then it starts again)
# how a node that a description points to is named: its labels and, for a person, the family and given
# names (a citation gives an author as "Family, Given")
LABELS = (RDFS.label, SKOS.prefLabel, SCHEMA.familyName, SCHEMA.givenName)
CHAIN = (RDFS.label, RICO.identifier, RICO.isOrWasIncludedIn, RICO.hasOrHadHolder, RDF.type, RICO.hasRecordSetType)
_OX_LABELS = tuple(ox.NamedNode(str(p)) for p in LABELS)
_OX_TYPE = ox.NamedNode(str(RDF.type))
_OX_RECORD = ox.NamedNode(str(RICO.Record))
_OX_CHAIN = tuple(ox.NamedNode(str(p)) for p in CHAIN)
_OX_INCLUDED_IN = ox.NamedNode(str(RICO.isOrWasIncludedIn))
_OX_HOLDER = ox.NamedNode(str(RICO.hasOrHadHolder))


class Description:
    """A resource's description as pyoxigraph triples (what the RDF documents are written from), and paging
    facts about its inbound links. The HTML page and citations read it as an rdflib graph, made once on
    first use and kept with the description."""

    def __init__(self, iri: URIRef, triples: list[ox.Triple], inbound: int, page: int,
                 page_size: int = PAGE_SIZE) -> None:
        self.iri = iri
        self.triples = triples
        # how many resources point to this one, counted up to one past this page: the exact number when it is
        # at most page × page_size (this page is the last, or past it), else "at least" (:attr:`exact`)
        self.inbound = inbound
        self.page = page
        self.page_size = page_size
        self._graph: Graph | None = None
        self._lock = threading.Lock()

    @property
    def graph(self) -> Graph:
        """The description as an rdflib graph with our prefixes (built once; never modify it)."""
        with self._lock:
            if self._graph is None:
                g = Graph()
                for t in rdflib_triples(self.triples):
                    g.add(t)
                self._graph = bind_prefixes(g)
            return self._graph

    @property
    def pages(self) -> int:
        """The pages of inbound links known to exist: the last one's number when :attr:`exact`, else this
        page's and the next.

        >>> Description(URIRef("x:a"), [], 101, 1).pages, Description(URIRef("x:a"), [], 250, 3).pages
        (2, 3)
        """
        return max(1, -(-self.inbound // self.page_size))

    @property
    def exact(self) -> bool:
        """Whether :attr:`inbound` is every inbound link (else there are more past the next page's first).

        >>> Description(URIRef("x:a"), [], 100, 1).exact, Description(URIRef("x:a"), [], 101, 1).exact
        (True, False)
        """
        return self.inbound <= self.page * self.page_size

    @property
    def has_next(self) -> bool:
        """Whether a page of inbound links follows this one.

        >>> Description(URIRef("x:a"), [], 101, 1).has_next, Description(URIRef("x:a"), [], 101, 2).has_next
        (True, False)
        """
        return self.inbound > self.page * self.page_size

    def has_type(self, cls: str) -> bool:
        me, c = ox.NamedNode(str(self.iri)), ox.NamedNode(cls)
        return any(t.subject == me and t.predicate == _OX_TYPE and t.object == c for t in self.triples)

    @property
    def exists(self) -> bool:
        me = ox.NamedNode(str(self.iri))
        return any(t.subject == me for t in self.triples)


def check_iri(iri: str) -> str:
    """The IRI, if it can stand between ``<>`` in a query; else ValueError."""
    if any(c in iri for c in '<>"{}|\\^`') or any(ord(c) <= 32 for c in iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return iri


Match = Callable[..., Iterator[ox.Quad]]


def describe_patterns(match: Match, x: str, page: int, page_size: int = PAGE_SIZE,
                      graphs: Callable[[object], Iterator[ox.Quad]] | None = None,
                      names: dict[tuple[ox.NamedNode, bool], list[ox.Triple]] | None = None) -> Description:
    """The description read by pattern lookups: ``match(s, p, o)`` yields quads of every graph,
    ``graphs(g)`` (optional) the quads of one graph; ``names`` (optional) keeps the labels (and types) read
    of each node a description points to, for the next description of the same store version (a person is
    named by thousands of records)."""
    me = ox.NamedNode(x)
    seen: set[ox.Triple] = set()
    out: list[ox.Triple] = []

    def add_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
        new = []
        for t in triples:
            if t not in seen:
                seen.add(t)
                out.append(t)
                new.append(t)
        return new

    def add(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
        return add_triples(q.triple for q in quads)

    own_quads = list(match(me, None, None))
    own = add(own_quads)
    if not own:
        return Description(URIRef(x), [], 0, page, page_size)
    prefix = x + "/"
    objects = {t.object for t in own if isinstance(t.object, ox.NamedNode)}
    subs = {o for o in objects if o.value.startswith(prefix)}  # sub-nodes, and theirs (relation → span)
    by_subject: dict[ox.NamedNode, list[ox.Triple]] = {}
    if subs and graphs is not None and any(t.predicate == _OX_TYPE and t.object == _OX_RECORD for t in own):
        # a record's graph holds its sub-nodes: one scan instead of a lookup per sub-node
        for g in {q.graph_name for q in own_quads}:
            for t in add(q for q in graphs(g)
                         if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)):
                by_subject.setdefault(t.subject, []).append(t)
        subs.update(by_subject)
    labelled = set(objects)
    todo = sorted(subs, key=lambda n: n.value)
    done: set[ox.NamedNode] = set()
    while todo:
        sub = todo.pop()
        if sub in done:
            continue
        done.add(sub)
        for t in by_subject[sub] if sub in by_subject else add(match(sub, None, None)):
            if isinstance(t.object, ox.NamedNode):
                if not t.object.value.startswith(prefix):
                    labelled.add(t.object)
                elif t.object not in subs:
                    subs.add(t.object)
                    todo.append(t.object)
    for o in sorted(labelled - subs, key=lambda n: n.value):  # labels (and types), by predicate: a much-named
        typed = o in objects                                      # entity has many other statements
        found = names.get((o, typed)) if names is not None else None
        if found is None:
            found = [q.triple for p in (_OX_LABELS + (_OX_TYPE,) if typed else _OX_LABELS) for q in match(o, p, None)]
            if names is not None:
                if len(names) >= MAX_NAMES:
                    names.clear()
                names[(o, typed)] = found
        add_triples(found)
    # the archival chain above: record sets, their labels and holders
    frontier = [t.object for t in own if t.predicate == _OX_INCLUDED_IN and isinstance(t.object, ox.NamedNode)]
    visited: set[ox.NamedNode] = set()
    while frontier:
        a = frontier.pop()
        if a in visited:
            continue
        visited.add(a)
        for p in _OX_CHAIN:
            for t in add(match(a, p, None)):
                if p == _OX_INCLUDED_IN and isinstance(t.object, ox.NamedNode):
                    frontier.append(t.object)
                elif p == _OX_HOLDER and isinstance(t.object, ox.NamedNode):
                    for lp in _OX_LABELS:
                        add(match(t.object, lp, None))
    # what points here, one page of it (sub-nodes of this resource are part of it, not inbound)
    chosen, inbound = inbound_page(match(None, None, me), prefix, (page - 1) * page_size, page_size)
    for node in chosen:
        add(match(node, None, me))
        for p in _OX_LABELS:
            add(match(node, p, None))
        add(match(node, _OX_TYPE, None))
    return Description(URIRef(x), out, inbound, page, page_size)


def inbound_page(quads: Iterable[ox.Quad], prefix: str, start: int, size: int) -> tuple[list[ox.NamedNode], int]:
    """One page of the subjects of ``quads`` (the quads pointing to a resource, in the store's index order),
    without blank nodes and the resource's own sub-nodes (IRIs starting with ``prefix``), from the ``start``-th
    distinct one; and how many there are, counted up to one past the page (:attr:`Description.inbound`).
    Reads the quads only as far as the page and one more subject: a page costs the same whoever points here.

    >>> q = [ox.Quad(ox.NamedNode(f"x:{c}"), ox.NamedNode("x:p"), ox.NamedNode("x:me")) for c in "aabcd"]
    >>> [n.value for n in inbound_page(q, "x:me/", 1, 2)[0]], inbound_page(q, "x:me/", 1, 2)[1]
    (['x:b', 'x:c'], 4)
    >>> [n.value for n in inbound_page(q, "x:me/", 2, 5)[0]], inbound_page(q, "x:me/", 2, 5)[1]
    (['x:c', 'x:d'], 4)
    """
    seen: set[ox.NamedNode] = set()
    chosen: list[ox.NamedNode] = []
    for q in quads:
        s = q.subject
        if s in seen or not isinstance(s, ox.NamedNode) or s.value.startswith(prefix):
            continue
        if len(seen) == start + size:
            return chosen, len(seen) + 1  # one past the page: there is a next one
        if len(seen) >= start:
            chosen.append(s)
        seen.add(s)
    return chosen, len(seen)


def describe_sparql(store: Store, x: str, page: int, page_size: int = PAGE_SIZE) -> Description:
    """The same description by SPARQL, for stores without pattern lookups: a CONSTRUCT of the resource and
    what it points to, the resources pointing to it (one SELECT, paged here), and a CONSTRUCT of that page.
    One UNION branch per kind of statement: OPTIONALs side by side would multiply rows."""
    labels = f"FILTER(?lp IN ({', '.join(f'<{p}>' for p in LABELS)}))"
    own = f"""CONSTRUCT {{ <{x}> ?p ?o . ?o ?lp ?l . ?o a ?ot . ?sub ?sp ?so . ?so ?lp ?sl .
                         ?a ?ap ?av . ?av ?lp ?al }}
    WHERE {{
      {{ <{x}> ?p ?o }}
      UNION {{ {{ SELECT DISTINCT ?o WHERE {{ <{x}> ?p1 ?o FILTER(isIRI(?o)) }} }} ?o ?lp ?l . {labels} }}
      UNION {{ {{ SELECT DISTINCT ?o WHERE {{ <{x}> ?p2 ?o FILTER(isIRI(?o)) }} }} ?o a ?ot }}
      UNION {{ <{x}> ?p0 ?sub . FILTER(isIRI(?sub) && STRSTARTS(STR(?sub), "{x}/")) ?sub ?sp ?so }}
      UNION {{ <{x}> ?p4 ?s1 . FILTER(isIRI(?s1) && STRSTARTS(STR(?s1), "{x}/")) ?s1 ?p5 ?sub .
               FILTER(isIRI(?sub) && STRSTARTS(STR(?sub), "{x}/")) ?sub ?sp ?so }}
      UNION {{ <{x}> ?p3 ?sub . FILTER(isIRI(?sub) && STRSTARTS(STR(?sub), "{x}/"))
               ?sub ?sp2 ?so . FILTER(isIRI(?so) && !STRSTARTS(STR(?so), "{x}/")) ?so ?lp ?sl . {labels} }}
      UNION {{ <{x}> <{RICO.isOrWasIncludedIn}>+ ?a . ?a ?ap ?av .
               FILTER(?ap IN ({", ".join(f"<{p}>" for p in CHAIN)})) }}
      UNION {{ <{x}> <{RICO.isOrWasIncludedIn}>+ ?a . ?a <{RICO.hasOrHadHolder}> ?av . ?av ?lp ?al . {labels} }}
    }}"""
    seen: dict[ox.Triple, None] = dict.fromkeys(store.construct(own))  # ordered, without repeats
    total = 0
    me = ox.NamedNode(x)
    if any(t.subject == me for t in seen):
        # what points here, one page and one more, in the order the store reads them (no ORDER BY: an engine
        # sorting IRIs decodes every one of them, and a page would cost what the resource's fame costs; oxigraph
        # reads its object index, the order of the embedded store's pattern lookups)
        start = (page - 1) * page_size
        pointing = f"?s ?p <{x}> . FILTER(isIRI(?s) && !STRSTARTS(STR(?s), \"{x}/\"))"
        rows = [str(r["s"]) for r in store.select(
            f"SELECT DISTINCT ?s WHERE {{ {pointing} }} OFFSET {start} LIMIT {page_size + 1}")]
        chosen = rows[:page_size]
        total = start + len(rows)
        if not rows and start:  # past the last page: how many there are (as the embedded store says)
            total = next((int(r["n"]) for r in store.select(
                f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pointing} }}")), 0)
        if chosen:
            values = " ".join(f"<{check_iri(s)}>" for s in chosen)
            seen.update(dict.fromkeys(store.construct(f"""CONSTRUCT {{ ?s ?p <{x}> . ?s ?lp ?l . ?s a ?t }} WHERE {{
                VALUES ?s {{ {values} }} {{ ?s ?p <{x}> }} UNION {{ ?s ?lp ?l . {labels} }} UNION {{ ?s a ?t }} }}""")))
    return Description(URIRef(x), list(seen), total, page, page_size)
