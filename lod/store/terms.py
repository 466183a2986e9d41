"""The two term models and the bridge between them: rdflib terms (the mapping, pages, citations) and
pyoxigraph terms (the engine, the writers), and our prefixes on an rdflib graph. Every backend and the
web layer convert here; none of them imports another's backend for it.

>>> from rdflib import Literal
>>> from_ox(to_ox(Literal("1950", lang="en"))) == Literal("1950", lang="en")
True
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from lod.store.base import QueryError
from lod.vocab import PREFIXES, XSD


@lru_cache(maxsize=200_000)
def _named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def to_ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as a pyoxigraph term (IRIs memoised: predicates and entities repeat a lot)."""
    if isinstance(term, URIRef):
        return _named(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=_named(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"cannot store term {term!r}")


def as_ox(term: Node | ox.NamedNode | ox.Literal | ox.BlankNode) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """A term to store: a pyoxigraph term as it is (a record's graph is mapped to them), an rdflib one converted.

    >>> as_ox(ox.NamedNode("http://x/a")) == as_ox(URIRef("http://x/a"))
    True
    """
    if type(term) in _OX_TERMS:  # the common case, tested first: a type lookup, not three isinstance checks
        return term
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term
    return to_ox(term)


_OX_TERMS = frozenset((ox.NamedNode, ox.Literal, ox.BlankNode))


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term (IRIs and short literals memoised: making rdflib terms is most of
    the cost of reading a description as an rdflib graph, and the same ones recur from page to page)."""
    if isinstance(term, ox.NamedNode):
        return _uri(term.value)
    if isinstance(term, ox.Literal):
        return _literal(term) if len(term.value) <= 120 else _make_literal(term)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected term {term!r}")


@lru_cache(maxsize=200_000)
def _uri(iri: str) -> URIRef:
    return URIRef(iri)


def _make_literal(term: ox.Literal) -> Literal:
    if term.language:
        return Literal(term.value, lang=term.language)
    dtype = term.datatype.value
    if dtype == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=_uri(dtype), normalize=False)  # keep the lexical form


_literal = lru_cache(maxsize=100_000)(_make_literal)


def rdflib_triples(triples: Iterable[ox.Triple]) -> Iterator[tuple[Node, Node, Node]]:
    """pyoxigraph triples as rdflib ones (for the code that reads an rdflib graph: pages, citations)."""
    for t in triples:
        yield from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)


def ox_triples(graph: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    """rdflib triples (a graph) as pyoxigraph ones, for the writers."""
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]


def solution_rows(result: object) -> Iterator[dict[str, Node]]:
    """SELECT solutions (from an engine or parsed results) as rows of rdflib terms."""
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("expected a SELECT query")
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: from_ox(row[n]) for n in names if row[n] is not None}


def bind_prefixes(graph: Graph) -> Graph:
    """Our prefixes on a graph, once (a graph that has them is left untouched: cached descriptions are
    shared between threads and must not be modified)."""
    if dict(graph.namespaces()).get("rico") is None or str(dict(graph.namespaces())["rico"]) != PREFIXES["rico"]:
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True, replace=True)
    return graph
