"""The two term models and the bridge between them: rdflib terms (the mapping, pages, citations) and
pyoxigraph terms (the engine, the writers), and our prefixes on an rdflib graph. Every backend and the
web layer convert here; none of them imports another's backend for it.

>>> from rdflib import Literal
>>> from_ox(to_ox(Literal("1950", lang="en"))) == Literal("1950", lang="en")
True
"""
from __future__ import annotations

from collections.abc import Iterator
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
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term
    return to_ox(term)


def from_ox(term: object) -> Node:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dtype = term.datatype.value
        if dtype == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dtype), normalize=False)  # keep the lexical form
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected term {term!r}")


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
