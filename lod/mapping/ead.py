"""An EAD finding aid in RiC-O 1.1, unit by unit, with the RiC-O Converter's decisions (the converter of the
Archives nationales de France; its unit tests are "the precise and formal specifications"):

- the finding aid is a ``rico:Record`` of documentary form type FindingAid that describes the ``archdesc``;
- the ``archdesc`` and every component are a ``rico:RecordResource``: with ``@level`` fonds, series, file … a
  ``rico:RecordSet`` (``rico:hasRecordSetType`` Fonds, Series, File, Collection), with ``item`` a
  ``rico:Record``; a RecordSet ``rico:directlyIncludes`` its children, a Record ``rico:hasOrHadConstituent``
  them, any other unit ``rico:hasOrHadPart`` them; siblings in sequence;
- the content is said of the resource (title, dates, scope and content, conditions of access and use,
  arrangement, subjects), the physical side of its first ``rico:Instantiation`` (unitid, physical
  description, extent, location, custodial history); each digital object is a further, derived instantiation;
- names in ``origination`` are the provenance, names in ``controlaccess`` and titles the subjects; a name
  with an ``@authfilenumber`` is one agent across files (keyed by that number), any other goes through the
  caller's ``agent_of`` (the ingest's resolver: one URI per real entity across collections).

>>> from lod.model.finding_aid import Component, FindingAidHeader
>>> h = FindingAidHeader("x.xml", "FRAN_IR_1", "1", "ead2002", ["Guide"])
>>> out = map_component(Component("1", "top", level="fonds", titles=["Papers"]), h, Local("http://x.org/"))
>>> sorted(p.value.rsplit("#", 1)[-1] for s, p, o in out.triples if s.value == str(out.subject))[:4]
['hasOrHadInstantiation', 'hasRecordSetType', 'https://schema.org/name', 'isOrWasDescribedBy']
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pycountry
import pyoxigraph as ox
from rdflib import Literal, URIRef

from lod.mapping.entities import describe_entity
from lod.mapping.ead_header import map_finding_aid
from lod.mapping.ead_names import AGENT_KINDS, AgentOf, authority_key, concept, map_names  # noqa: F401 (re-exported)
from lod.mapping.ead_notes import lang_attr, map_notes, markup, xml_literal
from lod.mapping.ead_settings import EadSettings, language_tag, typed
from lod.mapping.mapped import MappedRecord
from lod.mapping.scoped_keys import Canonical, as_is, by_file, ead_agency
from lod.mapping.terms import iri, lit, sub
from lod.model.finding_aid import Component, FindingAidHeader, NameRef, UnitDate
from lod.names import Entity
from lod.slug import slug
from lod.vocab import DC, DCTERMS, FINDING_AID, RDF, RDFS, RECORD_RESOURCE, RICDFT, RICO, RICRST, SCHEMA, SKOS, XSD, Local

SET_LEVELS = {"fonds": RICRST.Fonds, "subfonds": None, "series": RICRST.Series, "subseries": RICRST.Series,
              "recordgrp": None, "subgrp": None, "file": RICRST.File, "collection": RICRST.Collection}
# @otherlevel values the converter takes for a record set or a record part (OTHERLEVEL_*_PATTERN)
OTHERLEVEL_SET = re.compile(r"dossier|fonds|serie|série|articles|groupe-de-pieces|collection|subgrp|sbgrp", re.I)
OTHERLEVEL_PART = re.compile(r"page-de-titre|groupe-de-page", re.I)


def unit_class(level: str | None, otherlevel: str | None, top: bool = False) -> URIRef:
    """The RiC-O class of a unit by its ``@level`` (and ``@otherlevel``); an ``archdesc`` without a level
    describes a record set.

    >>> [str(unit_class(*a)).rsplit("#")[-1] for a in (("fonds", None), ("item", None), (None, None),
    ...                                                 ("otherlevel", "dossier"), ("otherlevel", "page-de-titre"))]
    ['RecordSet', 'Record', 'RecordResource', 'RecordSet', 'RecordPart']
    """
    if level in SET_LEVELS or (top and not level):
        return RICO.RecordSet
    if level == "item":
        return RICO.Record
    if otherlevel and OTHERLEVEL_SET.search(otherlevel):
        return RICO.RecordSet
    if otherlevel and OTHERLEVEL_PART.search(otherlevel):
        return RICO.RecordPart
    return RICO.RecordResource


# the parent's class -> (parent to child, child to parent)
NESTING = {RICO.RecordSet: (RICO.directlyIncludes, RICO.isDirectlyIncludedIn),
           RICO.Record: (RICO.hasOrHadConstituent, RICO.isOrWasConstituentOf)}
PART_OF = (RICO.hasOrHadPart, RICO.isOrWasPartOf)


def map_units(units: Iterable[FindingAidHeader | Component], local: Local, agent_of: AgentOf | None = None,
              settings: EadSettings = EadSettings(), canonical: Canonical = as_is) -> Iterator[MappedRecord]:
    """Every unit of one finding aid mapped as it comes, then the finding aid itself (which says whether it
    describes an ``archdesc``); a fault in the stream still gives the finding aid before it is raised.
    ``canonical`` keys the agents named by an authority's number (:func:`lod.mapping.ead_names.map_names`)."""
    header: FindingAidHeader | None = None
    described = False
    try:
        for unit in units:
            if isinstance(unit, FindingAidHeader):
                header = unit
            elif header is not None:
                described = described or unit.is_top
                yield map_component(unit, header, local, agent_of, settings, canonical)
    finally:
        if header is not None:
            yield map_finding_aid(header, local, settings, described)


def map_component(c: Component, header: FindingAidHeader, local: Local, agent_of: AgentOf | None = None,
                  settings: EadSettings = EadSettings(), canonical: Canonical = as_is) -> MappedRecord:
    """One unit's graph (``{base}graph/record-resource/{key}/{cid}``), and what it says of the agents it names."""
    s = local.record_resource(c.finding_aid, c.id)
    out = MappedRecord(f"{c.finding_aid}/{c.id}", local.graph(RECORD_RESOURCE, f"{c.finding_aid}/{c.id}"), s)
    lang = language_tag(header.languages) or settings.language
    cls = unit_class(c.level, c.otherlevel, c.is_top)
    out.add(s, RDF.type, RICO.RecordResource)
    if cls != RICO.RecordResource:
        out.add(s, RDF.type, cls)
    if c.level in SET_LEVELS and SET_LEVELS[c.level] is not None:
        out.add(s, RICO.hasRecordSetType, SET_LEVELS[c.level])
    if c.otherlevel:
        out.add(s, DC.type, lit(c.otherlevel))
        out.add(s, RICO.type, lit(c.otherlevel))
    if c.is_top:
        out.add(s, RICO.isOrWasDescribedBy, local.finding_aid(c.finding_aid))
    titles = [t for t in c.titles if t]
    for t in titles:
        out.add(s, RICO.title, lit(t, lang))
        out.add(s, RDFS.label, lit(t, lang))
        out.add(s, SCHEMA.name, lit(t, lang))
    _hierarchy(out, c, local, cls)
    inst = sub(s, "instantiation", "1")
    for d in c.dates:  # of the unit, and of its copy (as the converter says them)
        _date(out, s, d, lang)
        _date(out, inst, d, lang)
    digital = any(kind in settings.digital_types for kind, _ in c.physfacets)  # born digital
    out.add(s, RICO.hasOrHadDigitalInstantiation if digital else RICO.hasOrHadInstantiation, inst)
    out.add(inst, RDF.type, RICO.Instantiation)
    out.add(inst, RICO.isOrWasDigitalInstantiationOf if digital else RICO.isOrWasInstantiationOf, s)
    for t in titles:
        out.add(inst, RICO.title, lit(t, lang))
        out.add(inst, RDFS.label, lit(t, lang))
    if c.unitids:
        out.add(inst, RICO.identifier, lit(" ".join(c.unitids)))
        out.add(s, DCTERMS.identifier, lit(" ".join(c.unitids)))
    _physical(out, c, inst, local, lang, settings)
    for p in c.physloc:
        place = next((ident for pattern, ident in settings.physloc_places if re.search(pattern, p, re.I)), None)
        if place is None:
            out.add(inst, RICO.location, lit(p, lang))
        else:  # a place the publisher knows: the place, as any name with that authority id
            agent = local.agent("place", slug(place))
            out.add(inst, RICO.hasOrHadLocation, agent)
            out.share(agent, RDF.type, RICO.Place)
            out.share(agent, DCTERMS.identifier, Literal(place))
    _languages(out, c.languages, cls, settings)
    copies = [inst, *(sub(s, "instantiation", str(n)) for n in range(2, len(c.objects) + 2))]
    map_notes(out, c, copies, local, lang, settings.headings)
    for n, obj in enumerate(c.objects, start=2):
        d = sub(s, "instantiation", str(n))
        out.add(s, RICO.hasOrHadDigitalInstantiation, d)
        out.add(inst, RICO.hasOrHadDerivedInstantiation, d)
        out.add(d, RDF.type, RICO.Instantiation)
        out.add(d, RICO.isOrWasDigitalInstantiationOf, s)
        out.add(d, RICO.isOrWasDerivedFromInstantiation, inst)
        hrefs = obj.hrefs or (obj.href,)
        if len(hrefs) <= 2:  # one image, or the first and the last of a run (the converter's identifier)
            out.add(d, RICO.identifier, lit("#".join(h.rsplit("/", 1)[-1].replace(".msp", "") for h in hrefs)))
        for h in hrefs:
            if re.match(r"https?://", h):
                out.add(d, SCHEMA.url, iri(h))
        if obj.description is not None:
            legend = markup(obj.description, lang, {})
            if obj.description.lone_paragraph:
                legend = f"<html:p{lang_attr(lang)}>{escape(obj.description.lone_paragraph)}</html:p>"
            if legend:
                out.add(d, RICO.generalDescription, xml_literal(legend))
        if c.unitids:
            out.add(d, RICO.identifier, lit(" ".join(c.unitids)))
        if obj.title:
            out.add(d, RICO.title, lit(obj.title, lang))
        if settings.object_format:
            out.add(d, DC.format, lit(settings.object_format, "en"))
        if settings.object_technique:
            out.add(d, RICO.hasProductionTechniqueType, iri(settings.object_technique))
    map_names(out, c, local, agent_of, lang, cls, settings, finding_aid_agency(header), canonical)
    return out


def finding_aid_agency(header: FindingAidHeader) -> str:
    """Whose finding aid it is, which scopes its own numbers (:mod:`lod.mapping.scoped_keys`): its agency
    code or name, else its publisher, else the file itself."""
    publisher = header.publishers[0] if header.publishers else None
    return ead_agency(header.country_code, header.agency_code, header.agency_name, publisher) or by_file(header.source)


def _physical(out: MappedRecord, c: Component, inst, local: Local, lang: str | None, settings: EadSettings) -> None:
    """The physical description on the instantiation, as the converter writes it: a physdesc's whole text
    when it says more than its parts, extents and dimensions, each a paragraph; typed physfacets as carrier or
    representation types of their authority."""
    for prop, values in ((RICO.physicalCharacteristicsNote, c.physical_notes), (RICO.instantiationExtent, c.extents),
                         (RICO.carrierExtent, c.dimensions)):
        for v in values:
            out.add(inst, prop, xml_literal(f"<html:p{lang_attr(lang)}>{escape(v)}</html:p>"))
    for kind, source in c.physfacets:
        ident = f"{source}-{kind}" if source else kind
        if kind in settings.representation_types:
            out.add(inst, RICO.hasRepresentationType, concept(out, local, ident, RICO.RepresentationType))
        else:
            out.add(inst, RICO.hasCarrierType, concept(out, local, ident, RICO.CarrierType))


def _languages(out: MappedRecord, codes: list[str], cls: URIRef, settings: EadSettings) -> None:
    """The languages of the material: a record's own, a record set's members' (all of them when there is one
    language, some when there are several), ``dc:language`` for a unit of unknown kind (the converter's)."""
    if cls == RICO.Record:
        prop = RICO.hasOrHadLanguage
    elif cls == RICO.RecordSet:
        prop = RICO.hasOrHadAllMembersWithLanguage if len(codes) == 1 else RICO.hasOrHadSomeMembersWithLanguage
    else:
        prop = DC.language
    for code in codes:
        out.add(out.subject, prop, iri(settings.language_iri.format(code=code.strip().lower())))


def _hierarchy(out: MappedRecord, c: Component, local: Local, cls: URIRef) -> None:
    s = out.subject
    down = NESTING.get(cls, PART_OF)[0] if cls != RICO.RecordPart else PART_OF[0]
    for child in c.children:
        out.add(s, down, local.record_resource(c.finding_aid, child))
    if c.parent is not None:
        parent_cls = unit_class(c.parent_level, c.parent_otherlevel, c.parent == "top")
        out.add(s, NESTING.get(parent_cls, PART_OF)[1], local.record_resource(c.finding_aid, c.parent))
    if c.previous is not None:
        out.add(s, RICO.directlyFollowsInSequence, local.record_resource(c.finding_aid, c.previous))
    if c.next is not None:
        out.add(s, RICO.directlyPrecedesInSequence, local.record_resource(c.finding_aid, c.next))
    if c.position:  # the place among its siblings, so that a page of a parent's children is one ordered read
        out.add(s, SCHEMA.position, lit(c.position))


_ISO_RANGE = re.compile(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*[-/–]\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)")
_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _date(out: MappedRecord, s, d: UnitDate, lang: str | None) -> None:
    """A unit date as the converter writes it: a range as typed begin and end dates, a single date as a typed
    ``rico:date``; what the file wrote beside them as a literal ``rico:date``."""
    begin, end = d.begin, d.end
    if begin is None and end is None:
        if m := _ISO_RANGE.fullmatch(d.expressed.strip()):
            begin, end = m.groups()
        elif _ISO.fullmatch(d.expressed.strip()):
            begin = end = d.expressed.strip()
    if begin and end and begin != end:
        out.add(s, RICO.beginningDate, typed(begin))
        out.add(s, RICO.endDate, typed(end))
    elif begin or end:
        out.add(s, RICO.date, typed(begin or end))
    if d.expressed:
        out.add(s, RICO.date, lit(d.expressed, lang))
