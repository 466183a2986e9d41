"""The metadata formats, each written from the description the Linked Data documents are made of
(:meth:`lod.store.base.Store.describe`): ``oai_dc`` (every item), ``ead`` (EAD3: records and record sets),
``eac_cpf`` (EAC-CPF 2010: people, families, bodies) and ``rico`` (the description itself as RDF/XML, by the
format table's writer).

>>> [f.prefix for f in FORMATS], [f.prefix for f in formats_for("agent")]
(['oai_dc', 'ead', 'eac_cpf', 'rico'], ['oai_dc', 'eac_cpf', 'rico'])
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from lxml import etree
from rdflib import Literal, URIRef

from lod.collection import Collection
from lod.oai.items import AGENT
from lod.formats import get
from lod.store.describe import Description
from lod.store.terms import from_ox
from lod.vocab import DCTERMS, RDF, RDFS, RECORD, RECORD_SET, RICO, RICRST, SCHEMA, SKOS
from lod.web.serialize import serialize_triples

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XLINK = "http://www.w3.org/1999/xlink"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
EAD3 = "http://ead3.archivists.org/schema/"
EAC = "urn:isbn:1-931666-33-4"
RDF_NS = str(RDF)
_ISO = re.compile(r"(-?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_TOKEN_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-./")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TYPE = ox.NamedNode(str(RDF.type))
TITLES = (RICO.title, RDFS.label, SKOS.prefLabel, SCHEMA.name)
AGENT_TYPES = {RICO.Person: "person", RICO.Family: "family", RICO.CorporateBody: "corporateBody"}
LEVELS = {RICRST.Fonds: "fonds", RICRST.Series: "series", RICRST.File: "file", RICRST.Collection: "collection"}


@dataclass(frozen=True)
class MetadataFormat:
    """One metadataPrefix: its schema, namespace, the item kinds it serves and its writer."""

    prefix: str
    schema: str
    namespace: str
    kinds: tuple[str, ...]
    write: Callable[["Described"], etree._Element]


@dataclass
class Described:
    """What a writer is given: the item's description, its datestamp and the collection publishing it. The
    writers read it through a small index of its pyoxigraph triples, not an rdflib graph (the cost of a
    harvest is the cost of reading descriptions)."""

    desc: Description
    datestamp: str
    collection: Collection
    _out: dict | None = field(default=None, init=False, repr=False)
    _in: dict | None = field(default=None, init=False, repr=False)

    @property
    def iri(self) -> URIRef:
        return self.desc.iri

    def _index(self) -> tuple[dict, dict]:
        if self._out is None:
            out: dict = {}
            inbound: dict = {}
            for t in self.desc.triples:
                out.setdefault(t.subject, {}).setdefault(t.predicate, []).append(t.object)
                if isinstance(t.object, ox.NamedNode):
                    inbound.setdefault(t.object, []).append((t.subject, t.predicate))
            self._out, self._in = out, inbound
        return self._out, self._in  # type: ignore[return-value]

    def objects(self, node: URIRef, predicate: URIRef | None = None) -> list:
        """What ``node`` points to by ``predicate`` (by any, when None), as rdflib terms."""
        by = self._index()[0].get(ox.NamedNode(str(node)), {})
        found = by.get(ox.NamedNode(str(predicate)), []) if predicate is not None else [o for os in by.values() for o in os]
        return [from_ox(o) for o in found]

    def subject_predicates(self, node: URIRef) -> list[tuple]:
        """What points to ``node``, and by which predicate, as rdflib terms."""
        return [(from_ox(s), from_ox(p)) for s, p in self._index()[1].get(ox.NamedNode(str(node)), [])]

    def has_type(self, cls: URIRef, node: URIRef | None = None) -> bool:
        """Whether ``node`` (the item, when None) is of class ``cls``."""
        types = self._index()[0].get(ox.NamedNode(str(self.iri if node is None else node)), {}).get(_TYPE, [])
        return ox.NamedNode(str(cls)) in types

    def values(self, *predicates: URIRef) -> list[str]:
        """The item's literal values of ``predicates`` as plain text (XHTML notes reduced to their text)."""
        return _unique(plain(o) for p in predicates for o in self.objects(self.iri, p) if isinstance(o, Literal))

    def linked(self, *predicates: URIRef) -> list[tuple[URIRef, str]]:
        """(IRI, label) of what the item points to by ``predicates``."""
        found = {o: self.label(o) for p in predicates for o in self.objects(self.iri, p) if isinstance(o, URIRef)}
        return sorted((o, n) for o, n in found.items() if n)

    def label(self, node: URIRef) -> str:
        return next((plain(o) for p in TITLES for o in self.objects(node, p)), "")

    @property
    def title(self) -> str:
        return self.label(self.iri) or str(self.iri)


def plain(value: object) -> str:
    """A literal as text an XML element can hold: XHTML reduced to its text, control characters dropped.

    >>> plain('<html:p xmlns:html="http://www.w3.org/1999/xhtml">A <html:b>b</html:b></html:p>'), plain("a\\x01b")
    ('A b', 'ab')
    """
    text = str(value)
    if text.startswith("<") and text.rstrip().endswith(">"):
        try:
            text = " ".join("".join(etree.fromstring(text.encode()).itertext()).split())
        except etree.XMLSyntaxError:
            pass  # not markup after all: the text as it is
    return _CONTROL.sub("", text).strip()


def standard_date(text: str) -> str | None:
    """``text`` if it is a date EAC-CPF's ``@standardDate`` takes (a year, year-month or day of the calendar,
    up to 2099, no year 0; BCE years as a year alone), else None.

    >>> standard_date("1953-12-22"), standard_date("1900-02"), standard_date("-0044")
    ('1953-12-22', '1900-02', '-0044')
    >>> standard_date("1953-02-30"), standard_date("1953-13"), standard_date("2150"), standard_date("c. 1930")
    (None, None, None, None)
    """
    m = _ISO.fullmatch(text)
    if m is None:
        return None
    bce, year, month, day = m.group(1), int(m.group(2)), m.group(3), m.group(4)
    if year == 0 or year > 2099 or (bce and month):
        return None
    if month and not 1 <= int(month) <= 12:
        return None
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if day and not 1 <= int(day) <= _MONTH_DAYS[int(month) - 1] - (int(month) == 2 and not leap):
        return None
    return text


def _unique(values) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def nmtoken(iri: str) -> str:
    """An IRI as an XML NMTOKEN (EAC-CPF's ``recordId`` is one), one to one: ``/`` written ``:``, and every
    character but ASCII letters, digits, ``-`` and ``.`` percent-escaped as UTF-8 with ``_`` for ``%``.

    >>> nmtoken("http://lod.test/id/person/zhou_enlai"), nmtoken("http://x/~é")
    ('http_3A::lod.test:id:person:zhou_5Fenlai', 'http_3A::x:_7E_C3_A9')
    """
    escaped = (c if c in _TOKEN_SAFE else "".join(f"_{b:02X}" for b in c.encode()) for c in iri)
    return "".join(escaped).replace("/", ":")


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    e = etree.SubElement(parent, tag, attrib)
    if text is not None:
        e.text = text
    return e


def oai_dc(d: Described) -> etree._Element:
    """Simple Dublin Core of the description."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")
    fields = [("title", [d.title]),
              ("creator", [n for _, n in d.linked(RICO.hasCreator, RICO.hasSender)]),
              ("subject", [n for _, n in d.linked(RICO.hasOrHadSubject)]),
              ("description", d.values(RICO.scopeAndContent, RICO.history, DCTERMS.abstract)),
              ("publisher", [d.collection.publisher]),
              ("date", d.values(DCTERMS.created, RICO.date, RICO.beginningDate, RICO.endDate)),
              ("type", [t for cls, t in ((RICO.Record, "Text"), (RICO.RecordSet, "Collection"),
                                         (RICO.Person, "Person"), (RICO.Family, "Family"),
                                         (RICO.CorporateBody, "Corporate body")) if d.has_type(cls)]),
              ("identifier", [str(d.iri), *d.values(RICO.identifier)]),
              ("rights", d.values(DCTERMS.rights, RICO.conditionsOfUse) or [d.collection.rights])]
    for name, values in fields:
        for v in _unique(values):
            _sub(root, f"{{{DC}}}{name}", v)
    return root


#: the control block's maintenance elements, in EAD3's spelling and EAC-CPF's (which puts values in text)
_CONTROL_NAMES = {
    False: ("maintenancestatus", "maintenanceagency", "agencyname", "maintenancehistory", "maintenanceevent",
            "eventtype", "eventdatetime", "standarddatetime", "agenttype", "agent"),
    True: ("maintenanceStatus", "maintenanceAgency", "agencyName", "maintenanceHistory", "maintenanceEvent",
           "eventType", "eventDateTime", "standardDateTime", "agentType", "agent"),
}


def _maintenance(parent: etree._Element, ns: str, d: Described, eac: bool) -> None:
    """The control block's maintenance part: derived by a machine from the RiC-O description, at the item's
    datestamp, by the collection's publisher."""
    status, agency, agency_name, history, event_tag, etype, when, standard, atype, agent = \
        (f"{{{ns}}}{n}" if i != 7 else n for i, n in enumerate(_CONTROL_NAMES[eac]))

    def coded(parent: etree._Element, tag: str, value: str) -> None:  # EAD3: @value; EAC-CPF: the text
        if eac:
            _sub(parent, tag, value)
        else:
            _sub(parent, tag, value=value)

    coded(parent, status, "derived")
    _sub(_sub(parent, agency), agency_name, d.collection.publisher)
    event = _sub(_sub(parent, history), event_tag)
    coded(event, etype, "derived")
    _sub(event, when, d.datestamp, **{standard: d.datestamp})
    coded(event, atype, "machine")
    _sub(event, agent, "lod (OAI-PMH, from the RiC-O description)")


def ead(d: Described) -> etree._Element:
    """EAD3: ``control`` and an ``archdesc`` of the record or record set."""
    e = (lambda tag: f"{{{EAD3}}}{tag}")
    root = etree.Element(e("ead"), nsmap={None: EAD3, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{EAD3} https://www.loc.gov/ead/ead3.xsd")
    control = _sub(root, e("control"))
    _sub(control, e("recordid"), str(d.iri))
    _sub(_sub(_sub(control, e("filedesc")), e("titlestmt")), e("titleproper"), d.title)
    _maintenance(control, EAD3, d, eac=False)
    level = next((LEVELS[t] for t in d.objects(d.iri, RICO.hasRecordSetType) if t in LEVELS),
                 "item" if d.has_type(RICO.Record) else "otherlevel")
    arch = _sub(root, e("archdesc"), level=level, **({"otherlevel": "recordset"} if level == "otherlevel" else {}))
    did = _sub(arch, e("did"))
    for v in d.values(RICO.identifier):
        _sub(did, e("unitid"), v)
    _sub(did, e("unittitle"), d.title)
    for v in d.values(RICO.date, DCTERMS.created):  # an ISO date also as EAD3's machine-readable @normal
        _sub(did, e("unitdate"), v, **({"normal": standard_date(v)} if standard_date(v) else {}))
    creators = d.linked(RICO.hasCreator, RICO.hasSender)
    if creators:
        origination = _sub(did, e("origination"))
        for iri, name in creators:
            _sub(_sub(origination, e("name"), identifier=str(iri)), e("part"), name)
    for tag, values in (("bioghist", d.values(RICO.history)),
                        ("scopecontent", d.values(RICO.scopeAndContent, DCTERMS.abstract)),
                        ("userestrict", d.values(RICO.conditionsOfUse))):
        if values:
            block = _sub(arch, e(tag))
            for v in values:
                _sub(block, e("p"), v)
    subjects = d.linked(RICO.hasOrHadSubject)
    if subjects:
        access = _sub(arch, e("controlaccess"))
        for iri, name in subjects:
            tag = next((t for cls, t in ((RICO.Person, "persname"), (RICO.Family, "famname"),
                                         (RICO.CorporateBody, "corpname"), (RICO.Place, "geogname"))
                        if d.has_type(cls, iri)), "subject")
            _sub(_sub(access, e(tag), identifier=str(iri)), e("part"), name)
    return root


def eac_cpf(d: Described) -> etree._Element:
    """EAC-CPF 2010: ``control`` and a ``cpfDescription`` (identity, description, relations)."""
    e = (lambda tag: f"{{{EAC}}}{tag}")
    root = etree.Element(e("eac-cpf"), nsmap={None: EAC, "xlink": XLINK, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{EAC} https://eac.staatsbibliothek-berlin.de/schema/cpf.xsd")
    control = _sub(root, e("control"))
    _sub(control, e("recordId"), nmtoken(str(d.iri)))
    _sub(control, e("otherRecordId"), str(d.iri))
    _maintenance(control, EAC, d, eac=True)
    cpf = _sub(root, e("cpfDescription"))
    identity = _sub(cpf, e("identity"))
    _sub(identity, e("entityId"), str(d.iri))
    _sub(identity, e("entityType"), next((t for c, t in AGENT_TYPES.items() if d.has_type(c)), "corporateBody"))
    names = _unique([d.title, *d.values(SKOS.altLabel)])
    for name in names:
        _sub(_sub(identity, e("nameEntry")), e("part"), name)
    begin, end = d.values(RICO.beginningDate, RICO.birthDate), d.values(RICO.endDate, RICO.deathDate)
    history = d.values(RICO.history)
    if begin or end or history:
        description = _sub(cpf, e("description"))
        if begin or end:
            dates = _sub(_sub(description, e("existDates")), e("dateRange"))
            for tag, values in (("fromDate", begin), ("toDate", end)):
                if values:
                    standard = standard_date(values[0])
                    _sub(dates, e(tag), values[0], **({"standardDate": standard} if standard else {}))
        for v in history:
            _sub(_sub(description, e("biogHist")), e("p"), v)
    agents = [(o, d.label(o)) for o in sorted({o for o in d.objects(d.iri) if isinstance(o, URIRef)
                                               and any(d.has_type(c, o) for c in AGENT_TYPES)})]
    records = sorted({(s, p) for s, p in d.subject_predicates(d.iri)
                      if isinstance(s, URIRef) and s != d.iri and d.has_type(RICO.Record, s)})
    if agents or records:
        relations = _sub(cpf, e("relations"))
        for iri, name in agents:
            rel = _sub(relations, e("cpfRelation"), **{f"{{{XLINK}}}href": str(iri), f"{{{XLINK}}}type": "simple"})
            _sub(rel, e("relationEntry"), name or str(iri))
        for iri, p in records:
            kind = {RICO.hasCreator: "creatorOf", RICO.hasSender: "creatorOf",
                    RICO.hasOrHadSubject: "subjectOf"}.get(p, "other")
            rel = _sub(relations, e("resourceRelation"), resourceRelationType=kind,
                       **{f"{{{XLINK}}}href": str(iri), f"{{{XLINK}}}type": "simple"})
            _sub(rel, e("relationEntry"), d.label(iri) or str(iri))
    return root


def rico(d: Described) -> etree._Element:
    """The description as RDF/XML, by the writer of the format table's ``rdfxml`` row."""
    body = serialize_triples(d.desc.triples, get("rdfxml"))
    return etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))


FORMATS = (
    MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC,
                   (RECORD, RECORD_SET, AGENT), oai_dc),
    MetadataFormat("ead", "https://www.loc.gov/ead/ead3.xsd", EAD3, (RECORD, RECORD_SET), ead),
    MetadataFormat("eac_cpf", "https://eac.staatsbibliothek-berlin.de/schema/cpf.xsd", EAC, (AGENT,), eac_cpf),
    MetadataFormat("rico", "http://www.openarchives.org/OAI/2.0/rdf.xsd", RDF_NS,
                   (RECORD, RECORD_SET, AGENT), rico),
)
BY_PREFIX = {f.prefix: f for f in FORMATS}


def formats_for(kind: str) -> list[MetadataFormat]:
    """The formats an item of ``kind`` is disseminated in."""
    return [f for f in FORMATS if kind in f.kinds]
