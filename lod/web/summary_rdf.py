"""An entity's summary as RDF: the ``summary`` profile of its document (``?_profile=summary`` or
``Accept-Profile: <{base}profile/summary>``), in every RDF format of :mod:`lod.formats`.

The figures are the ones the entity's page and its data twin show, read by the same functions
(:mod:`lod.web.queries.summaries`: one read of the summaries, two renderings): how many records point to the
entity, how many a year (``terms:YearCount``), and the first of each ranked list as a ``schema:ItemList``
with its length (``schema:numberOfItems``), its own paged URL (``schema:url``, ``/lists/…``) and its items
(``schema:ListItem``: ``schema:position``, ``schema:item`` or, for a name form, ``schema:name``, and their
counts). Our own terms are declared in ``vocab/terms.ttl``; every node is a fragment of the document, so the
same summary is the same bytes (and the same content-hash ETag).

>>> from lod.vocab import Local
>>> from lod.web.viewmodel import YearCount
>>> local = Local("http://x/")
>>> t = _years(local, "place/p", [YearCount(1950, 2, 3)])
>>> t[2].subject.value
'http://x/doc/place/p#summary-year-1950'
>>> [(x.predicate.value.split("/")[-1], x.object.value) for x in t[2:]]
[('date', '1950'), ('terms#ownRecordCount', '2'), ('terms#otherRecordCount', '3')]
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import Namespace, URIRef

from lod.formats import RDF_FORMATS, Format
from lod.vocab import DCTERMS, RDF, RDFS, SCHEMA, XSD, Local
from lod.web.negotiation import SUMMARY, Profile
from lod.web.queries import summaries
from lod.web.naming import Site
from lod.web.serialize import serialize_triples
from lod.web.viewmodel import YearCount

TOKEN = SUMMARY
FORMATS: tuple[Format, ...] = RDF_FORMATS  # a summary is data: no HTML of its own (the entity's page is that)
#: the terms of ours a summary uses (each declared in vocab/terms.ttl; tests ask the published vocabulary)
TERMS = ("EntitySummary", "recordCount", "YearCount", "yearCount", "ownRecordCount", "otherRecordCount",
         "sentCount", "receivedCount", "firstEvidenced", "lastEvidenced")
_DATES = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}


class NoSummary(LookupError):
    """The store has no summaries, or none of this resource (404)."""


def _n(p: object) -> ox.NamedNode:
    return ox.NamedNode(str(p))


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(int(n)), datatype=_n(XSD.integer))


def _date(value: object) -> ox.Literal | None:
    """A year (int) or an ISO date of 4, 7 or 10 characters as a typed literal; None for none."""
    text = "" if value is None else str(value)
    if isinstance(value, int):
        text = f"{value:04d}"
    kind = _DATES.get(len(text))
    return ox.Literal(text, datatype=_n(kind)) if kind is not None else (ox.Literal(text) if text else None)


def listed(available: Sequence[Profile], path: Path, iri: object) -> tuple[Profile, ...]:
    """The profiles ``?_profile=alt`` lists for the document about ``iri``: the summary only where the
    summaries file at ``path`` has one."""
    return tuple(p for p in available if p.token != TOKEN or exists(path, iri))


def exists(path: Path, iri: object) -> bool:
    """Whether the summaries at ``path`` know ``iri`` (a label, or records pointing to it)."""
    reader = summaries.open_for(path)
    return reader is not None and (reader.label(str(iri)) is not None or reader.total(str(iri), "records") > 0)


def triples(reader: summaries.SummaryReader, local: Local, iri: URIRef | str) -> list[ox.Triple]:
    """The summary of ``iri`` as triples, from the reader rows the page is made from; NoSummary when the
    summaries know nothing of it."""
    x, site, terms = URIRef(str(iri)), Site(local.base), local.terms
    path = local.doc_path(x)
    path = None if path is None else unquote(path)  # as a route receives it
    label = reader.label(str(x))
    total = reader.total(str(x), "records")
    if path is None or (label is None and not total):
        raise NoSummary(f"no summary of {x} in this dataset")
    node = _n(local.summary(path))
    out = [ox.Triple(node, _n(RDF.type), _n(terms.EntitySummary)), ox.Triple(node, _n(SCHEMA.about), _n(x)),
           ox.Triple(node, _n(terms.recordCount), _int(total))]
    if label:
        out.append(ox.Triple(_n(x), _n(RDFS.label), ox.Literal(label)))
    out += _years(local, path, summaries.year_counts(reader, x))
    for name, length in summaries.totals(reader, x).items():  # the first of each, as the entity's page shows
        out += _list(local, terms, node, path, name, length, summaries.ranked(reader, site, x, name))
    return out


def _years(local: Local, path: str, years: Iterable[YearCount]) -> list[ox.Triple]:
    """Records by year: own (as sender, addressee or creator) and other."""
    node, terms, out = _n(local.summary(path)), local.terms, []
    for y in years:
        at = _n(local.summary(path, f"year-{y.year}"))
        out += [ox.Triple(node, _n(terms.yearCount), at), ox.Triple(at, _n(RDF.type), _n(terms.YearCount)),
                ox.Triple(at, _n(DCTERMS.date), _date(y.year)),
                ox.Triple(at, _n(terms.ownRecordCount), _int(y.correspondent)),
                ox.Triple(at, _n(terms.otherRecordCount), _int(y.other))]
    return out


def _list(local: Local, terms: Namespace, node: ox.NamedNode, path: str, name: str, length: int,
          items: list[Any]) -> list[ox.Triple]:
    """One ranked list: its length and URL, and its first items with their counts."""
    at = _n(local.summary(path, name))
    out = [ox.Triple(node, _n(DCTERMS.hasPart), at), ox.Triple(at, _n(RDF.type), _n(SCHEMA.ItemList)),
           ox.Triple(at, _n(DCTERMS.identifier), ox.Literal(name)),
           ox.Triple(at, _n(RDFS.label), ox.Literal(summaries.HEADINGS[name], language="en")),
           ox.Triple(at, _n(SCHEMA.numberOfItems), _int(length)),
           ox.Triple(at, _n(SCHEMA.url), _n(local.list_page(name, path)))]
    for rank, item in enumerate(items, 1):
        entry = _n(local.summary(path, f"{name}-{rank}"))
        out += [ox.Triple(at, _n(SCHEMA.itemListElement), entry), ox.Triple(entry, _n(RDF.type), _n(SCHEMA.ListItem)),
                ox.Triple(entry, _n(SCHEMA.position), _int(rank))]
        out += _item(terms, entry, name, item)
    return out


def _item(terms: Namespace, entry: ox.NamedNode, name: str, item: Any) -> list[ox.Triple]:
    """What one list item is and its figures (a Neighbour, a NameForm or an Office of the view-model)."""
    figures: list[tuple[object, ox.Literal | None]]
    if name == "names":
        figures = [(SCHEMA.name, ox.Literal(item.form)), (terms.recordCount, _int(item.count)),
                   (terms.firstEvidenced, _date(item.first)), (terms.lastEvidenced, _date(item.last))]
        return [ox.Triple(entry, _n(p), o) for p, o in figures if o is not None]
    what = _n(item.link.iri)
    out = [ox.Triple(entry, _n(SCHEMA.item), what)]
    if item.link.label:
        out.append(ox.Triple(what, _n(RDFS.label), ox.Literal(item.link.label)))
    if name == "correspondents":
        figures = [(terms.sentCount, _int(item.sent)), (terms.receivedCount, _int(item.received))]
    elif name == "co-mentioned":
        figures = [(terms.recordCount, _int(item.together))]
    else:
        figures = [(terms.recordCount, _int(item.count)), (terms.firstEvidenced, _date(item.first or None)),
                   (terms.lastEvidenced, _date(item.last or None))]
    return out + [ox.Triple(entry, _n(p), o) for p, o in figures if o is not None]


def body(path: Path, local: Local, iri: URIRef | str, fmt: Format) -> bytes:
    """The summary of ``iri`` in ``fmt`` from the summaries file at ``path``; NoSummary without one."""
    reader = summaries.open_for(path)
    if reader is None:
        raise NoSummary("this store has no summaries: `lod ingest` makes them")
    return serialize_triples(triples(reader, local, iri), fmt)


__all__ = ["FORMATS", "NoSummary", "TERMS", "TOKEN", "body", "exists", "listed", "triples"]
