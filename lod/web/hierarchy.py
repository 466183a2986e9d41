"""The page of a unit an EAD finding aid describes (``id/record-resource/{key}/{cid}``): the breadcrumb up to
the top with the archive that holds it, its content (scope, dates, languages, notes) apart from its physical
side (its instantiations: reference code, extent, physical description, location, custodial history), the
agents it names linked to their pages, one page of its children in sibling order
(:mod:`lod.web.queries.hierarchy`), and its citation with its archive, fonds and reference code.

Notes are XHTML literals rendered sanitised (:mod:`lod.web.notes`); the view-model's data fields hold their
plain text, so the JSON twin carries the same page (children and paging) without markup.

>>> [h for _, h in CONTENT[:2]]
['Scope and content', 'Arrangement']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from flask import current_app
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from lod.store.describe import Description
from lod.vocab import DCTERMS, RDF, RICO, SCHEMA
from lod.web import citation, notes, subsets
from lod.web.naming import Site
from lod.web.queries import hierarchy, kind_of
from lod.web.viewmodel import Link, Paging, ResourcePage, html_only

CHILDREN_PAGE = 50
CONTENT = ((RICO.scopeAndContent, "Scope and content"), (RICO.structure, "Arrangement"),
           (RICO.conditionsOfAccess, "Conditions of access"), (RICO.conditionsOfUse, "Conditions of use"),
           (RICO.accruals, "Accruals"), (RICO.generalDescription, "Other descriptive information"),
           (RICO.history, "History"))
PHYSICAL = ((RICO.instantiationExtent, "Extent"), (RICO.physicalCharacteristicsNote, "Physical description"),
            (RICO.carrierExtent, "Dimensions"), (RICO.location, "Location"),
            (RICO.history, "Custodial history"), (RICO.conditionsOfAccess, "Conditions of access"),
            (RICO.conditionsOfUse, "Conditions of use"), (RICO.structure, "Arrangement"))
LANGUAGES = (RICO.hasOrHadLanguage, RICO.hasOrHadAllMembersWithLanguage, RICO.hasOrHadSomeMembersWithLanguage)
CREATORS = (RICO.hasOrganicProvenance, RICO.hasCreator, DCTERMS.creator)


@dataclass
class Note:
    """One note: its heading, its text (the data) and its sanitised markup (the page)."""

    heading: str
    text: str
    html: Any = html_only()


@dataclass
class Copy:
    """One instantiation of a unit: its reference code and its physical description."""

    iri: str
    identifier: str = ""
    kind: str = "physical"  # physical | digital
    notes: list[Note] = field(default_factory=list)
    places: list[Link] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


@dataclass
class Child:
    link: Link
    position: int | None = None
    identifier: str = ""
    date: str = ""
    children: int = 0


@dataclass
class ArchivalPage(ResourcePage):
    """A finding aid's unit: fonds, series, file or item."""

    template: ClassVar[str] = "archival.html"
    kind: str = "Record resource"
    set_types: list[Link] = field(default_factory=list)
    breadcrumbs: list[Link] = field(default_factory=list)  # the archive, then the units above, the top first
    holders: list[Link] = field(default_factory=list)
    fonds: Link | None = None
    finding_aids: list[Link] = field(default_factory=list)
    identifier: str = ""
    dates: list[str] = field(default_factory=list)
    languages: list[Link] = field(default_factory=list)
    content: list[Note] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    creators: list[Link] = field(default_factory=list)
    subjects: list[Link] = field(default_factory=list)
    places: list[Link] = field(default_factory=list)
    previous: Link | None = None
    next: Link | None = None
    paging: Paging = field(default_factory=lambda: Paging(1, 0, CHILDREN_PAGE))
    children: list[Child] = field(default_factory=list)
    citation: str = ""
    citation_formats: list[dict] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)


class PastTheEnd(LookupError):
    """A page of children past the last one (404)."""


def _ctx():
    return current_app.config["LOD_CONTEXT"]


def is_unit(desc: Description) -> bool:
    """Whether a description is of a finding aid's unit (every one is a ``rico:RecordResource``)."""
    return desc.has_type(str(RICO.RecordResource))


def _label(g: Graph, node: Node) -> str:
    from lod.web.pages import label

    return label(g, node)


def _links(g: Graph, site: Site, s: Node, *preds: URIRef) -> list[Link]:
    found: dict[str, Link] = {}
    for p in preds:
        for o in g.objects(s, p):
            if not isinstance(o, Literal) and str(o) not in found:
                types = " ".join(str(t) for t in g.objects(o, RDF.type))
                found[str(o)] = site.link(o, _label(g, o), kind_of(types))
    return sorted(found.values(), key=lambda link: link.label.casefold())


def _notes(g: Graph, s: Node, props: tuple) -> list[Note]:
    out = []
    for p, heading in props:
        for v in sorted(g.objects(s, p), key=str):
            if isinstance(v, Literal) and str(v).strip():
                out.append(Note(heading, notes.plain(v), notes.rendered(v)))
    return out


def _dates(g: Graph, s: Node) -> list[str]:
    """The dates as the file wrote them, else the typed range."""
    written = sorted({str(v) for v in g.objects(s, RICO.date) if isinstance(v, Literal) and v.datatype is None})
    if written:
        return written
    begin, end = g.value(s, RICO.beginningDate), g.value(s, RICO.endDate)
    typed = [str(v) for v in g.objects(s, RICO.date)]
    return [f"{begin}–{end}"] if begin and end else sorted(typed)


def _copies(g: Graph, site: Site, x: URIRef) -> list[Copy]:
    out = []
    for p, kind in ((RICO.hasOrHadInstantiation, "physical"), (RICO.hasOrHadDigitalInstantiation, "digital")):
        for i in sorted(g.objects(x, p), key=str):
            ids = sorted(str(v) for v in g.objects(i, RICO.identifier))
            out.append(Copy(str(i), " ".join(ids), kind, _notes(g, i, PHYSICAL),
                            _links(g, site, i, RICO.hasOrHadLocation), sorted(str(u) for u in g.objects(i, SCHEMA.url))))
    return out


def citation_of(desc: Description) -> citation.CitationData:
    """A resource's citation facts: a unit's with its archive, fonds, reference code and dates."""
    ctx = _ctx()
    data = citation.citation_data(desc.graph, desc.iri, subsets.record_collection(ctx, desc.iri))  # its own
    if not is_unit(desc):
        return data
    g, x, site = desc.graph, desc.iri, Site(ctx.config.base)
    above = hierarchy.ancestors(ctx.store, site, x)
    data.fonds = above[0].label if above else None
    data.archives = [h.label for h in hierarchy.holders(ctx.store, site, x)]
    data.archive_location = data.record_id
    data.title = data.title or _label(g, x)
    dates = _dates(g, x)
    data.date_display = ", ".join(dates) or None
    start = g.value(x, RICO.beginningDate) or next((v for v in g.objects(x, RICO.date)
                                                    if isinstance(v, Literal) and v.datatype is not None), None)
    if start is not None and str(start)[:4].isdigit():
        data.date_parts, data.date = [int(str(start)[:4])], str(start)[:4]
    return data


def unit_model(desc: Description, common: dict, cites: list[dict]) -> ArchivalPage:
    """The page of a finding aid's unit (``common``: what every resource page has)."""
    ctx = _ctx()
    g, x, site = desc.graph, desc.iri, Site(ctx.config.base)
    types = set(g.objects(x, RDF.type))
    kind = ("Record set" if RICO.RecordSet in types else "Record" if RICO.Record in types
            else "Record part" if RICO.RecordPart in types else "Record resource")
    above = hierarchy.ancestors(ctx.store, site, x)
    held = hierarchy.holders(ctx.store, site, x)
    paging, rows = hierarchy.children(ctx.store, site, x, desc.page, CHILDREN_PAGE)
    if desc.page > paging.pages:
        raise PastTheEnd(f"page {desc.page} is past the last page ({paging.pages}) of the units in {x}")
    data = citation_of(desc)
    formatted = citation.to_bibliography(data).decode("utf-8").strip()
    top = above[0] if above else None
    return ArchivalPage(
        **common, kind=kind, set_types=_links(g, site, x, RICO.hasRecordSetType), breadcrumbs=held[:1] + above,
        holders=held, fonds=top, finding_aids=_links(g, site, x, RICO.isOrWasDescribedBy),
        identifier=" ".join(sorted(str(v) for v in g.objects(x, DCTERMS.identifier))), dates=_dates(g, x),
        languages=_links(g, site, x, *LANGUAGES, DCTERMS.language), content=_notes(g, x, CONTENT),
        copies=_copies(g, site, x), creators=_links(g, site, x, *CREATORS),
        subjects=[s for s in _links(g, site, x, RICO.hasOrHadSubject) if s.kind != "place"],
        places=_links(g, site, x, RICO.isAssociatedWithPlace, DCTERMS.spatial),
        previous=next(iter(_links(g, site, x, RICO.directlyFollowsInSequence)), None),
        next=next(iter(_links(g, site, x, RICO.directlyPrecedesInSequence)), None),
        paging=paging, children=[Child(**r) for r in rows], citation=formatted, citation_formats=cites,
        meta=citation.meta_tags(data))
