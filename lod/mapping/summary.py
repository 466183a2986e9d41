"""A record's contribution to the summaries of the people, bodies, places (and anything else) it points to:
a pure function of the record's graph, made at ingest (:mod:`lod.ingest`) and kept by
:mod:`lod.store.summaries`, from which the entity pages are served whatever their subject's fame.

>>> import pyoxigraph as ox
>>> r, p, q = (ox.NamedNode(f"http://x/id/{k}") for k in ("record/1", "person/a", "person/b"))
>>> c = contribution([(r, ox.NamedNode(str(RICO.hasSender)), p), (r, ox.NamedNode(str(RICO.hasAddressee)), q),
...                   (r, ox.NamedNode(str(DCTERMS.created)), ox.Literal("1950-04-10"))], r.value, "http://x/vocab/terms#")
>>> c.year, c.pairs, [(e, l.own) for e, l in sorted(c.links.items())]
(1950, [('http://x/id/person/a', 'http://x/id/person/b')], [('http://x/id/person/a', True), ('http://x/id/person/b', True)])
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from lod.roles import AGENT_PREDICATES, OWN_PREDICATES, RELATION_ENDS
from lod.vocab import DCTERMS, RDF, RDFS, RICO, SCHEMA

_SKIP = {str(p) for p in RELATION_ENDS} | {str(RDF.type)}
_AGENT = {str(p) for p in AGENT_PREDICATES}
_OWN = {str(p) for p in OWN_PREDICATES}
_HELD = str(SCHEMA.holdingArchive)
_CREATED, _TITLE, _FORM = str(DCTERMS.created), str(DCTERMS.title), str(RICO.hasDocumentaryFormType)
_SENDER, _ADDRESSEE = str(RICO.hasSender), str(RICO.hasAddressee)
_TARGET, _SOURCE, _EVIDENCED = str(RICO.relationHasTarget), str(RICO.relationHasSource), str(RICO.isEvidencedBy)
_HAS_DATE, _NORMALIZED = str(RICO.relationHasDate), str(RICO.normalizedDateValue)
_HOLDING = str(RICO.PositionHoldingRelation)
_YEAR = re.compile(r"(-?\d{4})")


def year_of(value: object) -> int | None:
    """The year a date (ISO string, literal) begins with, None when it has none.

    >>> year_of("1950-04-10"), year_of("-0044"), year_of(None), year_of("undated")
    (1950, -44, None, None)
    """
    m = _YEAR.match(str(value)) if value is not None else None
    return int(m.group(1)) if m else None


@dataclass
class Link:
    """How a record points to one entity: the predicates (IRIs, sorted) and what they make of it."""

    preds: tuple[str, ...]

    @property
    def own(self) -> bool:  # sender, addressee or creator
        return any(p in _OWN for p in self.preds)

    @property
    def agent(self) -> bool:  # sender, addressee, creator or subject: "named together" with the others
        return any(p in _AGENT for p in self.preds)

    @property
    def held(self) -> bool:  # the record's holding archive
        return _HELD in self.preds

    @property
    def other(self) -> bool:  # linked otherwise than as its holding archive
        return any(p != _HELD for p in self.preds)


@dataclass
class Contribution:
    """What one record adds to the summaries (dates as the record states them, ISO strings; '' when none)."""

    record: str
    date: str = ""
    title: str = ""
    form: str = ""  # the documentary form's IRI
    links: dict[str, Link] = field(default_factory=dict)  # entity IRI -> how the record points to it
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (sender, addressee)
    forms: list[tuple[str, str]] = field(default_factory=list)  # (entity, name form its relations use)
    offices: list[tuple[str, str, str]] = field(default_factory=list)  # (person, position, date or '')
    office_forms: list[tuple[str, str, str]] = field(default_factory=list)  # (person, position, name form)

    @property
    def year(self) -> int | None:
        return year_of(self.date) if self.date else None


def _text(term: object) -> tuple[str, bool]:
    """A term's value and whether it is an IRI (pyoxigraph or rdflib terms)."""
    if isinstance(term, ox.NamedNode):
        return term.value, True
    if isinstance(term, (ox.Literal, ox.BlankNode)):
        return term.value, False
    return str(term), isinstance(term, URIRef)


def contribution(triples: Iterable[tuple], record: str, terms: str) -> Contribution:
    """The contribution of the record ``record`` from the triples of its graph (``terms``: our vocabulary's
    namespace, for ``nameForm``): the entities it points to directly (its own sub-nodes and the ends of its
    relations left out), its correspondents, the name forms its relations use, the offices they evidence."""
    name_form = terms + "nameForm"
    own = record + "/"
    preds: dict[str, set[str]] = {}
    values: dict[str, list[str]] = {}
    nodes: dict[str, dict[str, list[str]]] = {}  # the record's sub-nodes (relations, dates): p -> values
    for s, p, o in triples:
        s, _ = _text(s)
        p, _ = _text(p)
        o, iri = _text(o)
        if s == record:
            if p in (_CREATED, _TITLE, _FORM, _SENDER, _ADDRESSEE):
                values.setdefault(p, []).append(o)
            if iri and p not in _SKIP and not o.startswith(own):
                preds.setdefault(o, set()).add(p)
        elif s.startswith(own):
            nodes.setdefault(s, {}).setdefault(p, []).append(o)
    first = {p: min(v) for p, v in values.items()}
    out = Contribution(record, first.get(_CREATED, ""), first.get(_TITLE, ""), first.get(_FORM, ""),
                       {o: Link(tuple(sorted(ps))) for o, ps in preds.items()})
    out.pairs = sorted({(s, a) for s in values.get(_SENDER, ()) for a in values.get(_ADDRESSEE, ())})
    forms: set[tuple[str, str]] = set()
    offices: set[tuple[str, str, str]] = set()
    office_forms: set[tuple[str, str, str]] = set()
    for node in nodes.values():
        if record not in node.get(_EVIDENCED, ()):
            continue
        for target in node.get(_TARGET, ()):
            forms.update((target, f) for f in node.get(name_form, ()))
        if _HOLDING in node.get(str(RDF.type), ()):
            dates = [d for n in node.get(_HAS_DATE, ()) for d in nodes.get(n, {}).get(_NORMALIZED, ())]
            for person in node.get(_SOURCE, ()):
                for position in node.get(_TARGET, ()):
                    offices.update((person, position, d) for d in dates or [out.date])
                    office_forms.update((person, position, f) for f in node.get(name_form, ()))
    out.forms, out.offices, out.office_forms = sorted(forms), sorted(offices), sorted(office_forms)
    return out


_LABEL, _TYPE = str(RDFS.label), str(RDF.type)


def _english(lang: str) -> bool:
    """An English or untagged literal's language tag (as SPARQL's ``LANGMATCHES(…, "en")`` or ``""``)."""
    lang = lang.lower()
    return lang in ("", "en") or lang.startswith("en-")


def labels(triples: Iterable[tuple]) -> list[tuple[str, str | None, str]]:
    """(IRI, English or untagged ``rdfs:label``, space-separated types) of everything ``triples`` label or type,
    for the summaries' lists (their order, the people among the names).

    >>> from rdflib import Literal, URIRef
    >>> p = URIRef("http://x/id/person/kim")
    >>> labels([(p, RDF.type, RICO.Person), (p, RDFS.label, Literal("Kim", lang="en")), (p, RDFS.label, Literal("김", lang="ko"))])
    [('http://x/id/person/kim', 'Kim', 'https://www.ica.org/standards/RiC/ontology#Person')]
    """
    names: dict[str, str] = {}
    types: dict[str, set[str]] = {}
    for s, p, o in triples:
        s, _ = _text(s)
        p, _ = _text(p)
        if p == _TYPE:
            types.setdefault(s, set()).add(_text(o)[0])
        elif p == _LABEL and _english(getattr(o, "language", None) or ""):
            value = _text(o)[0]
            if s not in names or value < names[s]:
                names[s] = value
    return [(s, names.get(s), " ".join(sorted(types.get(s, ())))) for s in sorted(names.keys() | types.keys())]
