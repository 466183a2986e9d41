"""HTML pages (server-rendered Jinja templates in ``templates/``) and error responses.

``resource_model`` builds a resource's view-model (:mod:`lod.web.viewmodel`) by its type: record, person
(and other agents: bodies, groups, archives), place, record set, concept, or a generic table of
statements; the store is read through :mod:`lod.web.queries`. :func:`render` renders any view-model with
its template, which sees the view-model's fields and nothing else; :mod:`lod.web.twin` serves the same
object as JSON. Everything from the data is escaped by Jinja; the only HTML built here (record text with
its mentions linked, in :mod:`lod.web.highlight`; JSON-LD) is assembled from escaped parts. The pictures
are laid out in :mod:`lod.web.charts`.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import fields
from typing import Any
from urllib.parse import quote, unquote

from flask import Response, current_app, has_request_context, render_template, request
from markupsafe import Markup
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from lod.formats import HTML, by_media_type, get
from lod.vocab import DCTERMS, FOAF, OWL, PREFIXES, RDF, RDFS, RICO, SCHEMA, SKOS, XSD, Local, list_href
from lod.web import authority, charts, hierarchy, highlight, subsets
from lod.web.context import AppContext
from lod.store.describe import Description
from lod.web.formatting import format_date
from lod.web.naming import Site, authority_name, curie, fallback_label
from lod.web.negotiation import Profile
from lod.web.queries import agents, dataset, records, summaries
from lod.web.viewmodel import (
    AgentPage, ConceptPage, EntityPage, HomePage, Link, Office, RecordPage, RecordSetPage, ResourcePage,
)

LABELS = (RDFS.label, SKOS.prefLabel, SCHEMA.name, FOAF.name, DCTERMS.title, RICO.title)
AUTHORITY_LINKS = (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch)  # the first two confirmed, the last a candidate


def _ctx():
    return current_app.config["LOD_CONTEXT"]


def _site() -> Site:
    return Site(_ctx().config.base)


def problem(status: int, message: str) -> Response:
    """A JSON error body: ``{"error": …, "status": …}``."""
    return Response(json.dumps({"error": message, "status": status}), status=status,
                    content_type="application/json")


def error(status: int, message: str, html: bool | None = None) -> Response:
    """An error in the form the client prefers: an HTML page for browsers, JSON otherwise (``html``: the
    page whatever the Accept header says)."""
    if has_request_context():
        accept = request.accept_mimetypes
        if html or accept.best_match(["application/json", HTML.media_type]) == HTML.media_type \
                and accept[HTML.media_type] > accept["application/json"]:
            body = render_template("error.html", status=status, message=message)
            return Response(body, status=status, content_type=HTML.content_type)
    return problem(status, message)


# --- reading the description graph ----------------------------------------------------------------

def best(values: list[Node]) -> Node | None:
    """The English literal, else an untagged one, else the first in a stable order."""
    lits = sorted(values, key=lambda v: (0 if isinstance(v, Literal) and (v.language or "").startswith("en")
                                         else 1 if not getattr(v, "language", None) else 2, str(v)))
    return lits[0] if lits else None


def label(g: Graph, node: Node) -> str:
    """The best label of ``node`` in ``g``; literals are their own label."""
    if isinstance(node, Literal):
        return str(node)
    for p in LABELS:
        found = best(list(g.objects(node, p)))
        if found is not None:
            return str(found)
    return fallback_label(node)


def text(g: Graph, s: Node, p: URIRef) -> str:
    found = best(list(g.objects(s, p)))
    return str(found) if found is not None else ""


def links(g: Graph, s: Node, *preds: URIRef, kind: str = "") -> list[Link]:
    """Labelled links to what ``s`` points to by any of ``preds``, unique, sorted by label."""
    site, seen, out = _site(), set(), []
    for p in preds:
        for o in g.objects(s, p):
            if o not in seen:
                seen.add(o)
                out.append(site.link(o, label(g, o), kind) if not isinstance(o, Literal) else Link(str(o)))
    return sorted(out, key=lambda link: link.label.casefold())


def _types(g: Graph, s: Node) -> set[Node]:
    return set(g.objects(s, RDF.type))


def statements(desc: Description) -> dict:
    """The resource's own statements grouped by property, and its inbound links (one page)."""
    g, x, site = desc.graph, desc.iri, _site()
    props: dict[str, dict] = {}
    for p, o in sorted(g.predicate_objects(x), key=lambda po: (curie(po[0]), str(po[1]))):
        row = props.setdefault(str(p), {"name": curie(p), "url": site.url(p), "values": []})
        if isinstance(o, Literal):
            row["values"].append({"text": str(o), "lang": o.language or "",
                                  "type": curie(o.datatype) if o.datatype else ""})
        else:
            row["values"].append({"link": site.link(o, label(g, o))})
    inbound = sorted({(label(g, s), str(s), curie(p), str(p)) for s, p in g.subject_predicates(x)
                      if s != x and not str(s).startswith(str(x) + "/")})
    return {"iri": str(x), "props": list(props.values()),
            "inbound": [{"link": site.link(URIRef(s), lab), "prop": c, "prop_url": site.url(p)}
                        for lab, s, c, p in inbound],
            "inbound_total": desc.inbound, "inbound_exact": desc.exact, "page": desc.page, "pages": desc.pages,
            "has_next": desc.has_next}


def breadcrumbs(g: Graph, x: URIRef, include_self: bool = False) -> list[list[Link]]:
    """Archive › Fond › Opis › Delo chains above ``x`` (following rico:isOrWasIncludedIn up)."""
    site, chains = _site(), []
    starts = [x] if include_self else sorted(g.objects(x, RICO.isOrWasIncludedIn))
    for start in starts:
        chain, node, seen = [], start, set()
        while node is not None and node not in seen:
            seen.add(node)
            chain.append(site.link(node, g.value(node, RICO.identifier) or label(g, node), "set"))
            up = g.value(node, RICO.isOrWasIncludedIn)
            holder = g.value(node, RICO.hasOrHadHolder)
            if up is None and holder is not None:
                chain.append(site.link(holder, label(g, holder), "body"))
            node = up
        chains.append(chain[::-1])
    return chains


# schema.org terms bare, as search engines expect them; Dublin Core and datatypes by prefix
PAGE_CONTEXT = {"@vocab": str(SCHEMA), "dcterms": str(DCTERMS), "xsd": str(XSD)}


def _no_remote_context(url: str, options: dict | None = None) -> dict:
    raise ValueError(f"remote JSON-LD context {url!r} not loaded")  # ours are inline: never fetch one


def json_ld(triples: list[ox.Triple], x: URIRef) -> Markup:
    """The schema.org profile of a description's ``triples`` as JSON-LD framed on ``x`` (one top-level node with its ``@type``, the
    nodes it points to embedded in it, as extruct and search engines read it), safe inside ``<script>``
    (``<``, ``>``, ``&`` escaped). Framing is PyLD's (JSON-LD 1.1 framing, ``@embed: @always``)."""
    from pyld import jsonld

    from lod.web.serialize import compacted_json_ld
    from lod.web.profiles import apply_profile

    flat = json.loads(compacted_json_ld(apply_profile(triples, "schema")))
    framed = jsonld.frame(flat, {"@context": PAGE_CONTEXT, "@id": str(x), "@embed": "@always"},
                          {"omitGraph": True, "documentLoader": _no_remote_context})
    data = json.dumps(framed, ensure_ascii=False, indent=1)
    return Markup(data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _citation(desc: Description) -> tuple[list[tuple[str, str]], str]:
    from lod.web import citation

    data = hierarchy.citation_of(desc)
    formatted = citation.to_bibliography(data)
    return citation.meta_tags(data), (formatted.decode("utf-8") if isinstance(formatted, bytes)
                                      else str(formatted)).strip()


def _formats(alternates: list[tuple[str, str]]) -> tuple[list[dict], list[dict]]:
    """Alternates as (data formats, citation formats), site-relative, named."""
    site = _site()
    data, cites = [], []
    for url, media_type in alternates:
        fmt = by_media_type(media_type)
        entry = {"url": site.url(url) or url, "type": media_type, "name": fmt.label if fmt else media_type}
        (cites if fmt is not None and fmt.kind == "citation" else data).append(entry)
    return data, cites


# --- the pages -----------------------------------------------------------------------------------

def render(model: Any) -> str:
    """A view-model's page: its template (``model.template``) with the view-model's fields."""
    return render_template(model.template, **{f.name: getattr(model, f.name) for f in fields(model)})


def resource_model(desc: Description, alternates: list[tuple[str, str]], profile: Profile,
                   twin: dict | None = None, signposts: list | None = None) -> ResourcePage:
    """The view-model of a resource's page, by its type (``twin``: the head link to its data; ``signposts``:
    the typed links of its ``Link`` header, :class:`lod.web.signposting.Link`, for its ``<head>`` too)."""
    g, x = desc.graph, desc.iri
    types = _types(g, x)
    data, cites = _formats(alternates)
    common = {"iri": str(x), "title": label(g, x), "alternates": data + cites, "data_formats": data,
              "profile": profile, "statements": statements(desc), "head_links": data + cites + ([twin] if twin else []),
              "signposts": signposts or []}
    if hierarchy.is_unit(desc):  # a finding aid's unit, a record or not
        return hierarchy.unit_model(desc, common, cites)
    if RICO.Record in types:
        return RecordPage(**{**common, **_record(desc, cites)})
    if subsets.is_collection(_ctx(), desc):
        return subsets.collection_page(_ctx(), desc, common)
    if not types & {RICO.Person, RICO.CorporateBody, RICO.Group, RICO.Place} and (
            RICO.RecordSet in types or SKOS.Concept not in types):  # what the summaries hold nothing for
        return RecordSetPage(**{**common, **_record_set(desc)}) if RICO.RecordSet in types else ResourcePage(**common)
    reader = summaries.open_for(_ctx().config.summaries)  # None: a store ingested before the summaries
    if types & {RICO.Person, RICO.CorporateBody, RICO.Group}:
        return AgentPage(**{**common, **_agent(desc, types, reader)})
    if RICO.Place in types:
        return EntityPage(**{**common, **_linked(desc, reader)})
    return ConceptPage(**{**common, **_concept(desc, reader)})


def _record(desc: Description, cites: list[dict]) -> dict:
    g, x, store = desc.graph, desc.iri, _ctx().store
    occurrences = records.occurrences_in(g, _site(), x)
    spans = highlight.by_field(occurrences)
    title = text(g, x, DCTERMS.title)
    created = g.value(x, DCTERMS.created)
    date_node = g.value(x, RICO.hasCreationDate)
    expressed = text(g, date_node, RICO.expressedDate) if date_node is not None else ""
    meta, formatted = _citation(desc)
    mentioned = links(g, x, RICO.hasOrHadSubject, SCHEMA.mentions)
    groups = {"People": [], "Organisations": [], "Places": [], "Groups": []}
    for link in mentioned:
        t = _types(g, URIRef(link.iri))
        key = ("People" if RICO.Person in t else "Organisations" if RICO.CorporateBody in t
               else "Places" if RICO.Place in t else "Groups" if RICO.Group in t else None)
        if key:
            groups[key].append(link)
    senders = links(g, x, RICO.hasSender, kind="person")
    return {
        "title": title or label(g, x),
        "title_html": highlight.line(title, spans.get("title", ())) if title else None,
        "date": format_date(created), "date_iso": str(created or ""),
        "expressed": expressed if expressed and expressed != format_date(created) else "",
        "senders": senders, "addressees": links(g, x, RICO.hasAddressee),
        "creators": [c for c in links(g, x, RICO.hasCreator) if c.iri not in {s.iri for s in senders}],
        "markings": links(g, x, RICO.hasOrHadType), "forms": links(g, x, RICO.hasDocumentaryFormType),
        "summary": text(g, x, DCTERMS.abstract), "body": text(g, x, SCHEMA.text), "occurrences": occurrences,
        "summary_html": highlight.paragraphs(text(g, x, DCTERMS.abstract), spans.get("summary", ())),
        "body_html": highlight.paragraphs(text(g, x, SCHEMA.text), spans.get("body", ())),
        "breadcrumbs": breadcrumbs(g, x), "holders": links(g, x, SCHEMA.holdingArchive),
        "subjects": links(g, x, DCTERMS.subject), "languages": links(g, x, DCTERMS.language),
        "places": links(g, x, DCTERMS.spatial), "mentioned": {k: v for k, v in groups.items() if v},
        "sources": [v.url for v in links(g, x, FOAF.isPrimaryTopicOf) if v.url],
        "partial": records.partial_notes(store, x), "source_citation": text(g, x, DCTERMS.bibliographicCitation),
        "translators": links(g, x, SCHEMA.translator), "contributors": links(g, x, DCTERMS.contributor),
        "funders": links(g, x, SCHEMA.funder), "credit": text(g, x, SCHEMA.creditText),
        "rights": text(g, x, DCTERMS.rights), "identifier": text(g, x, DCTERMS.identifier),
        "extents": sorted(text(g, i, RICO.instantiationExtent) for i in g.objects(x, RICO.hasOrHadInstantiation)
                          if text(g, i, RICO.instantiationExtent)),
        "describes": links(g, x, RICO.describesOrDescribed),
        "citation": formatted, "citation_formats": cites, "meta": meta, "json_ld": json_ld(desc.triples, x),
    }


def _linked(desc: Description, reader: summaries.SummaryReader | None, exclude: tuple = (),
            offices: list[Office] | None = None) -> dict:
    """What every entity page shows: the records linked to it (a page of them, and their years, drawn as a
    timeline marked with ``offices``), other names, notes, other authorities; from the summaries when the
    store has them (``exclude``: only ever the holding archive's link, on an archive's page)."""
    store, site = _ctx().store, _site()
    g, x = desc.graph, desc.iri
    if reader is not None:
        paging, rows = summaries.linked_records(reader, site, x, desc.page, 100, "other" if exclude else "all")
        years = summaries.year_counts(reader, x)
    else:
        paging, rows = records.linked_records(store, site, x, desc.page, 100, exclude)
        years = records.year_counts(store, x)
    return {"paging": paging, "records": rows, "years": years,
            "timeline": charts.timeline([(y.year, y.correspondent, y.other) for y in years], offices or ()),
            "alt_labels": sorted({str(v) for v in g.objects(x, SKOS.altLabel)}, key=str.casefold),
            "notes": [str(v) for p in (SKOS.note, SKOS.definition, RDFS.comment, SKOS.scopeNote)
                      for v in g.objects(x, p)],
            "authorities": authorities(g, x)}


def _agent(desc: Description, types: set[Node], reader: summaries.SummaryReader | None) -> dict:
    store, site, x = _ctx().store, _site(), desc.iri
    archive = SCHEMA.ArchiveOrganization in types
    kind = "person" if RICO.Person in types else "group" if RICO.Group in types else "body"
    if reader is None:  # a store without summaries: asked by SPARQL, every list whole
        held = agents.offices(store, site, x) if kind == "person" else []
        corr, co = agents.correspondents(store, site, x), agents.co_mentioned(store, site, x)
        names, lists = agents.name_forms(store, site, x), {}
    else:
        held = summaries.offices(reader, site, x) if kind == "person" else []
        corr, co = summaries.neighbours(reader, site, x, "correspondents"), summaries.neighbours(reader, site, x, "co-mentioned")
        names = summaries.name_forms(reader, site, x, list(desc.graph.predicate_objects(x)))
        path = unquote(_ctx().local.doc_path(x) or "")  # the IRI keeps its escapes; the URL is made from the key
        lists = {name: {"total": n, "url": list_href(name, path)} for name, n in summaries.totals(reader, x).items()}
    out = _linked(desc, reader, (SCHEMA.holdingArchive,) if archive else (), held)
    out.update(kind=kind, archive=archive, correspondents=corr, co_mentioned=co, offices=held, names=names,
               lists=lists, network=charts.network(label(desc.graph, x), kind, corr, co),
               authority=authority.authority(store, site, desc.graph, x))
    if archive:
        out["top_sets"] = records.child_sets(store, site, x, holder=True)
        out["held_paging"], out["held"] = (summaries.linked_records(reader, site, x, desc.page, 100, "held")
                                           if reader is not None else records.held_records(store, site, x, desc.page))
    return out


def authorities(g: Graph, x: URIRef) -> list[dict]:
    """The other authorities' entries for ``x`` (``owl:sameAs``/``skos:exactMatch``: confirmed;
    ``skos:closeMatch``: a candidate), named like "Wikidata Q855", confirmed first."""
    site, found = _site(), {}
    for p in AUTHORITY_LINKS:
        for o in g.objects(x, p):
            if isinstance(o, Literal) or str(o) in found:
                continue  # a link both confirmed and proposed is confirmed (sameAs/exactMatch come first)
            name, ident = authority_name(o)
            own = label(g, o)
            found[str(o)] = {"iri": str(o), "url": site.url(o), "authority": name, "id": ident,
                             "confirmed": p != SKOS.closeMatch, "property": curie(p),
                             "label": own if own != fallback_label(o) else ""}
    return sorted(found.values(), key=lambda a: (not a["confirmed"], a["authority"], a["id"]))


def _record_set(desc: Description) -> dict:
    store, site = _ctx().store, _site()
    paging, rows = records.records_in(store, site, desc.iri, desc.page, 100)
    return {"breadcrumbs": breadcrumbs(desc.graph, desc.iri, include_self=True),
            "sets": records.child_sets(store, site, desc.iri), "paging": paging, "records": rows,
            "set_types": links(desc.graph, desc.iri, RICO.hasRecordSetType)}


def _concept(desc: Description, reader: summaries.SummaryReader | None) -> dict:
    g, x = desc.graph, desc.iri
    out = _linked(desc, reader)
    out.update(schemes=links(g, x, SKOS.inScheme), broader=links(g, x, SKOS.broader),
               narrower=links(g, x, SKOS.narrower), related=links(g, x, SKOS.related),
               pref_labels=sorted({(str(v), v.language or "") for v in g.objects(x, SKOS.prefLabel)}))
    return out


# --- site pages ------------------------------------------------------------------------------------

def profiles_page(doc: URIRef | str, available: Sequence[Profile]) -> str:
    """The profiles a document is available in (``?_profile=alt``)."""
    return render_template("profiles.html", doc=str(doc), doc_url=_site().url(doc) or str(doc),
                           profiles=available)


def _examples(local: Local, top: tuple[str, str] | None) -> list[dict]:
    """Example SPARQL queries (records by person, per year, who wrote to whom, co-mentions), each with a
    link that runs it."""
    iri, name = top or (str(local.agent("person", "kim-il-sung")), "a person")
    en = 'FILTER(LANGMATCHES(LANG(?{0}), "en") || LANG(?{0}) = "")'
    roles = "rico:hasSender|rico:hasAddressee|rico:hasCreator|rico:hasOrHadSubject"
    queries = [
        (f"Records naming {name}, by date", ("rico", "dcterms"),
         f"SELECT ?record ?title ?date WHERE {{\n  ?record {roles} <{iri}> ;\n"
         "          dcterms:title ?title ; dcterms:created ?date .\n} ORDER BY ?date"),
        ("Records per year", ("rico", "dcterms"),
         "SELECT ?year (COUNT(DISTINCT ?record) AS ?records) WHERE {\n"
         "  ?record a rico:Record ; dcterms:created ?date .\n"
         "  BIND(SUBSTR(STR(?date), 1, 4) AS ?year)\n} GROUP BY ?year ORDER BY ?year"),
        ("Who wrote to whom", ("rico", "rdfs"),
         "SELECT ?from ?to (COUNT(DISTINCT ?record) AS ?records) WHERE {\n"
         f"  ?record rico:hasSender ?s ; rico:hasAddressee ?a .\n  ?s rdfs:label ?from . {en.format('from')}\n"
         f"  ?a rdfs:label ?to . {en.format('to')}\n}} GROUP BY ?from ?to ORDER BY DESC(?records) ?from"),
        ("People named together", ("rico", "rdfs"),
         "SELECT ?a ?b (COUNT(DISTINCT ?record) AS ?records) WHERE {\n  ?record rico:hasOrHadSubject ?x, ?y .\n"
         "  ?x a rico:Person ; rdfs:label ?a .\n  ?y a rico:Person ; rdfs:label ?b .\n"
         f"  FILTER(STR(?x) < STR(?y)) {en.format('a')} {en.format('b')}\n"
         "} GROUP BY ?a ?b ORDER BY DESC(?records) ?a LIMIT 50"),
    ]
    out = []
    for title, used, body in queries:
        query = "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in used) + body
        out.append({"title": title, "query": query, "url": "/sparql?query=" + quote(query, safe="")})
    return out


def home(ctx: AppContext) -> HomePage:
    """The home page: what the collection is, counts, search, browse lists, example queries."""
    return HomePage(dataset.counts(ctx.store), _examples(ctx.local, dataset.most_linked_person(ctx.store)),
                    subsets.home_list(ctx))


def source_page(title: str, source: str) -> str:
    """A small RDF document shown to a browser as its Turtle source (e.g. the VoID description)."""
    return render_template("source.html", title=title, source=source)
