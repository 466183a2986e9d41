"""An EAD finding aid itself in RiC-O, as the RiC-O Converter writes it: a ``rico:Record`` of documentary form
type FindingAid describing its ``archdesc``, with its titles, creator and publisher, publication dates, history
(authors, edition), notes, languages and revisions (``rico:Activity``), and its XML as a digital instantiation.

>>> from lod.model.finding_aid import FindingAidHeader
>>> out = map_finding_aid(FindingAidHeader("x.xml", "FRAN_IR_1", "1", "ead2002", ["Guide"]), Local("http://x.org/"))
>>> str(out.subject)
'http://x.org/id/finding-aid/1'
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from rdflib import Literal

from lod.mapping.ead_notes import lang_attr, xml_literal
from lod.mapping.ead_settings import EadSettings, collapsed, language_tag, typed
from lod.mapping.mapped import MappedRecord
from lod.mapping.terms import iri, lit, sub
from lod.model.finding_aid import FindingAidHeader, UnitDate
from lod.slug import slug
from lod.vocab import DC, DCTERMS, FINDING_AID, RDF, RDFS, RICDFT, RICO, Local


def _when(d: UnitDate):
    """A normalised date in one typed literal (see :func:`collapsed`), None without one."""
    if d.begin and d.end:
        return typed(collapsed(d.begin, d.end))
    return typed(d.begin or d.end) if d.begin or d.end else None


def map_finding_aid(header: FindingAidHeader, local: Local, settings: EadSettings = EadSettings(),
                    described: bool = True) -> MappedRecord:
    """The finding aid as a record and its XML instantiation, describing its ``archdesc`` if it has one; its
    texts in the language its header declares, else the collection's."""
    s = local.finding_aid(header.key)
    out = MappedRecord(header.key, local.graph(FINDING_AID, header.key.replace("/", "_")), s)
    lang = language_tag(header.languages) or settings.language
    headings = settings.headings
    out.add(s, RDF.type, RICO.Record)
    out.add(s, RICO.hasDocumentaryFormType, RICDFT.FindingAid)
    if described:
        out.add(s, RICO.describesOrDescribed, local.record_resource(header.key, "top"))
    inst = sub(s, "instantiation", "1")
    for t in header.titles:
        for node in (s, inst):
            out.add(node, RICO.title, lit(t, lang))
            out.add(node, RDFS.label, lit(t, lang))
    publisher = None
    if settings.publisher_id:
        publisher = local.agent("organisation", slug(settings.publisher_id))
        out.share(publisher, DCTERMS.identifier, Literal(settings.publisher_id))
        if header.authors:
            out.add(s, RICO.hasCreator, publisher)
    for name in header.publishers:
        agent = publisher or local.agent("organisation", slug(name))
        if publisher is None:
            out.share(agent, RDF.type, RICO.CorporateBody)
            out.share(agent, RDFS.label, Literal(name, lang=lang))
        out.add(s, RICO.hasPublisher, agent)
    for d in header.publication_dates:
        when = _when(d)
        if when is not None:
            out.add(s, RICO.publicationDate, when)
        if d.begin and d.end and d.begin[:4] != d.end[:4] and d.expressed:
            out.add(s, RICO.publicationDate, lit(d.expressed, lang))
    history = []
    if header.authors:
        history.append(f"<html:div><html:h4>{escape(headings.get('author', 'Author(s)'))}</html:h4>"
                       f"<html:p{lang_attr(lang)}>{escape(' '.join(header.authors))}</html:p></html:div>")
    for edition in header.editions:
        history.append(f"<html:div><html:h4>{escape(headings.get('edition', 'Edition'))}</html:h4>"
                       f"<html:p{lang_attr(lang)}>{edition}</html:p></html:div>")
    if history:
        out.add(s, RICO.history, xml_literal(*history))  # side by side, as the converter writes them
    for note in header.notes:
        out.add(s, RICO.note, xml_literal(f"<html:p{lang_attr(lang)}>{note}</html:p>"))
    for code in header.languages:
        if re.fullmatch(r"[a-z]{3}", code.strip().lower()):
            out.add(s, RICO.hasOrHadLanguage, iri(settings.language_iri.format(code=code.strip().lower())))
    for n, (d, what) in enumerate(header.changes, start=1):
        activity = sub(s, "revision", str(n))
        out.add(s, RICO.isOrWasAffectedBy, activity)
        out.add(activity, RDF.type, RICO.Activity)
        when = _when(d)
        if when is not None:
            out.add(activity, RICO.date, when)
        out.add(activity, RICO.generalDescription, lit(what, lang))
    out.add(s, RICO.hasOrHadDigitalInstantiation, inst)
    out.add(inst, RDF.type, RICO.Instantiation)
    out.add(inst, RICO.isOrWasDigitalInstantiationOf, s)
    out.add(inst, DC.format, lit("text/xml", "en"))
    if header.eadid:
        out.add(inst, RICO.identifier, lit(header.eadid))
    for how in header.creation:
        out.add(inst, RICO.history, lit(how, lang))
    return out
