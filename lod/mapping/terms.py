"""Small term helpers for the mapping: typed literals, deterministic sub-node IRIs."""
from __future__ import annotations


from rdflib import Literal, URIRef

from lod.model import PartialDate
from lod.vocab import XSD

_DATATYPE = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def date_literal(date: PartialDate) -> Literal:
    """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` as precise as the source."""
    return Literal(date.iso, datatype=_DATATYPE[date.precision])


def en(text: str) -> Literal:
    """An English literal (the collection publishes English translations)."""
    return Literal(text, lang="en")


def sub(node: URIRef, *parts: str) -> URIRef:
    """A deterministic sub-node IRI: ``sub(rec, "date", "creation")`` → ``…/record/300237/date/creation``."""
    return URIRef(str(node) + "/" + "/".join(parts))
