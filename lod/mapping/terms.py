"""Small term helpers for the mapping: typed literals, deterministic sub-node IRIs, and the pyoxigraph terms a
record's graph is made of (the writers load them as they are; what is said of shared nodes stays rdflib's, for
the entity graph). rdflib terms reaching a record's graph (the IRIs of :mod:`lod.vocab`) are converted by
:func:`lod.store.terms.as_ox`, the one term bridge.

>>> lit("Brief", "en"), lit(12)
(<Literal value=Brief language=en>, <Literal value=12 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>)
"""
from __future__ import annotations

from functools import lru_cache

import pyoxigraph as ox
from rdflib import Literal, URIRef

from lod.model import PartialDate
from lod.vocab import XSD

OxTerm = ox.NamedNode | ox.Literal | ox.BlankNode
_DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


@lru_cache(maxsize=200_000)
def iri(value: str) -> ox.NamedNode:
    """A pyoxigraph IRI, memoised: predicates, entities and concepts repeat in every record."""
    return ox.NamedNode(value)


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
