"""Small term helpers for the mapping: typed literals, deterministic sub-node IRIs, and the pyoxigraph terms a
record's graph is made of (the writers load them as they are; what is said of shared nodes stays rdflib's, for
the entity graph).

>>> ox_term(URIRef("http://x.org/a")), lit("Brief", "en"), lit(12)
(<NamedNode value=http://x.org/a>, <Literal value=Brief language=en>, <Literal value=12 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>)
"""
from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from lod.model import PartialDate
from lod.vocab import XSD

OxTerm = ox.NamedNode | ox.Literal | ox.BlankNode
_DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


@lru_cache(maxsize=200_000)
def iri(value: str) -> ox.NamedNode:
    """A pyoxigraph IRI, memoised: predicates, entities and concepts repeat in every record."""
    return ox.NamedNode(value)


def ox_term(term: URIRef | Literal | OxTerm) -> OxTerm:
    """A term of a record's graph as a pyoxigraph term: pyoxigraph terms as they are, rdflib's converted with
    the same lexical form (IRIs from :mod:`lod.vocab` come as rdflib terms)."""
    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return term
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=iri(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not a term of a record's graph: {term!r}")


def lit(value: str | int, lang: str | None = None) -> ox.Literal:
    """A literal of a record's graph: a string (in ``lang`` if given) or an ``xsd:integer``."""
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=iri(str(XSD.integer)))
    return ox.Literal(value, language=lang) if lang else ox.Literal(value)


def english(text: str) -> ox.Literal:
    """An English literal of a record's graph (the collection publishes English translations)."""
    return ox.Literal(text, language="en")


def date_literal(date: PartialDate) -> ox.Literal:
    """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` as precise as the source."""
    return ox.Literal(date.iso, datatype=iri(str(_DATATYPE[date.precision])))


def en(text: str) -> Literal:
    """An English literal (the collection publishes English translations), for what is said of shared nodes."""
    return Literal(text, lang="en")


def sub(node: URIRef | ox.NamedNode, *parts: str) -> ox.NamedNode:
    """A deterministic sub-node IRI: ``sub(rec, "date", "creation")`` → ``…/record/300237/date/creation``."""
    base = node.value if isinstance(node, ox.NamedNode) else str(node)
    return ox.NamedNode(base + "/" + "/".join(parts))
