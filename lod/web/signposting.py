"""FAIR Signposting (levels 1 and 2) written once, for every document: the typed links a resource's
``Link`` header carries, read from its description, and the same links as a linkset (RFC 9264) at a stable
URL, ``/linkset/{path}`` (``/linkset/void`` for the dataset).

- ``cite-as``: the entity's URI (``/id/…``, which answers 303 to its document); the dataset's ``void#dataset``;
- ``describedby``: the document in each RDF format of :mod:`lod.formats`, each with its ``type``;
- ``type``: the resource's schema.org class (its own, else the one its RiC-O class maps to) and its RiC-O
  classes (other classes only when it has no RiC-O class: a SKOS scheme); an HTML page adds
  ``schema:AboutPage``;
- ``license``: the collection's licence, else its rights statement as /void names it;
- ``author``: its creators (``rico:hasCreator``, ``dcterms:creator``, ``schema:author``);
- ``collection`` / ``item``: from a record resource to the record sets it is included in, and from a record
  set to what it includes, either way it is stated (``rico:isOrWasIncludedIn`` and ``rico:includesOrIncluded``,
  ``rico:isDirectlyIncludedIn`` / ``rico:directlyIncludes``, constituents and parts);
- ``linkset``: the linkset, in both its formats.

A header names at most :data:`MAX_LINKS` targets of one relation (a fonds of 10,000 files keeps a header of
a few kilobytes); the linkset names every one, :data:`LINKSET_PAGE` items a page, a page that is not the
last linking the next (``rel="next"`` in the linkset's own link context).

>>> from lod.vocab import Local
>>> links = dataset_links(Local("http://x.org/"), "http://x.org/void#reuse-statement")
>>> print(header([l for l in links if l.rel == "cite-as"]))
<http://x.org/void#dataset>; rel="cite-as"
>>> json.loads(to_linkset_json(Linkset("http://x.org/void", links[:1])))["linkset"][0]["cite-as"]
[{'href': 'http://x.org/void#dataset'}]
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Response
from rdflib import URIRef

from lod.formats import LINKSET_FORMATS, RDF_FORMATS
from lod.store.describe import Description, check_iri
from lod.vocab import DCAT, DCTERMS, INCLUDED_IN, INCLUDES, RDF, RICO, SCHEMA, SKOS, VOID, Local

MAX_LINKS = 10  # targets of one relation (item, author, collection, type) in a Link header
LINKSET_PAGE = 10_000  # item links in one page of a linkset
AUTHOR = (RICO.hasCreator, DCTERMS.creator, SCHEMA.author)
# what a record resource is included in (collection), and what includes it, either way round (item)
UP, DOWN = INCLUDED_IN, INCLUDES
RECORD_RESOURCES = (RICO.RecordResource, RICO.Record, RICO.RecordSet)
# the schema.org class of a resource whose description states none (the RiC-O class it has, first match)
SCHEMA_OF = ((RICO.RecordResource, SCHEMA.ArchiveComponent), (RICO.Record, SCHEMA.ArchiveComponent),
             (RICO.RecordSet, SCHEMA.ArchiveComponent), (RICO.Person, SCHEMA.Person),
             (RICO.CorporateBody, SCHEMA.Organization), (RICO.Place, SCHEMA.Place), (RICO.Position, SCHEMA.Occupation),
             (RICO.Rule, SCHEMA.CreativeWork), (SKOS.ConceptScheme, SCHEMA.DefinedTermSet),
             (SKOS.Concept, SCHEMA.DefinedTerm))
PROFILE_CLASS = "http://www.w3.org/ns/dx/prof/Profile"
LINKSET_JSON, LINKSET_TEXT = LINKSET_FORMATS


@dataclass(frozen=True)
class Link:
    """One typed link: ``Link("http://x.org/id/record/1", "cite-as")``."""

    href: str
    rel: str
    type: str | None = None  # the target's media type

    def header(self) -> str:
        return f'<{_safe(self.href)}>; rel="{self.rel}"' + (f'; type="{self.type}"' if self.type else "")


@dataclass
class Linkset:
    """The links of one context (``anchor``: the document), and the URL of the linkset's next page, if any."""

    anchor: str
    links: list[Link]
    url: str = ""  # this page of the linkset
    next: str | None = None  # the next page, if there is one
    describes: list[str] = field(default_factory=list)  # metadata documents that describe the anchor


def _safe(url: str) -> str:
    """A URL as it can stand between ``<>`` in a header (our IRIs percent-encode their keys already)."""
    return "".join(c if 0x20 < ord(c) < 0x7F and c not in "<>\"" else f"%{ord(c):02X}" for c in url)


def header(links: Iterable[Link]) -> str:
    """The ``Link`` header value of ``links``."""
    return ", ".join(link.header() for link in links)


def linkset_urls(local: Local, path: str) -> list[Link]:
    """The ``linkset`` links of the resource at a document path (``void``: the dataset), one per format."""
    return [Link(str(local.linkset(path)), "linkset", f.media_type) for f in LINKSET_FORMATS]


def licence_of(local: Local, licence: str) -> str:
    """The licence /void names: the collection's licence URI, else its rights statement's node."""
    return licence or str(local.void("reuse-statement"))


def _bounded(targets: Iterable[str], limit: int | None) -> list[str]:
    found = sorted(set(targets))
    return found if limit is None else found[:limit]


class _Edges:
    """The resource's outgoing and incoming IRI links by predicate, read in one pass over the description's
    pyoxigraph triples (no rdflib graph is built for an RDF document)."""

    def __init__(self, desc: Description) -> None:
        me = ox.NamedNode(str(desc.iri))
        self.out: dict[str, list[str]] = {}
        self.into: dict[str, list[str]] = {}
        for t in desc.triples:
            if t.subject == me and isinstance(t.object, ox.NamedNode):
                self.out.setdefault(t.predicate.value, []).append(t.object.value)
            elif t.object == me and isinstance(t.subject, ox.NamedNode):
                self.into.setdefault(t.predicate.value, []).append(t.subject.value)

    def to(self, predicates: Sequence[URIRef]) -> list[str]:
        return [o for p in predicates for o in self.out.get(str(p), ())]

    def by(self, predicates: Sequence[URIRef]) -> list[str]:
        return [s for p in predicates for s in self.into.get(str(p), ())]


def types_of(desc: Description, edges: _Edges | None = None) -> list[str]:
    """The resource's schema.org class(es) and RiC-O class(es), else its other classes."""
    own = set((edges or _Edges(desc)).to((RDF.type,)))
    schema = sorted(t for t in own if t.startswith(str(SCHEMA)))
    if not schema:
        schema = next(([str(s)] for cls, s in SCHEMA_OF if str(cls) in own), [str(SCHEMA.Thing)])
    rico = sorted(t for t in own if t.startswith(str(RICO)))
    return (schema + (rico or sorted(own - set(schema))))[:MAX_LINKS]


def items_of(desc: Description, limit: int | None = MAX_LINKS, edges: _Edges | None = None) -> list[str]:
    """What a record set includes, as far as its description (this page of inbound links) says."""
    edges = edges or _Edges(desc)
    return _bounded(edges.to(DOWN) + edges.by(UP), limit)


def is_record_resource(desc: Description, edges: _Edges | None = None) -> bool:
    own = set((edges or _Edges(desc)).to((RDF.type,)))
    return any(str(c) in own for c in RECORD_RESOURCES)


def for_description(desc: Description, local: Local, licence: str, path: str, limit: int | None = MAX_LINKS,
                    page: bool = False, items: list[str] | None = None) -> list[Link]:
    """The signposts of the resource at document ``path`` described by ``desc`` (``page``: for its HTML page;
    ``limit``: of the targets of one relation, None: all; ``items``: what it includes, when read in full,
    else what its description says)."""
    doc = local.document(path)
    links = [Link(str(desc.iri), "cite-as")]
    links += [Link(f"{doc}.{f.extension}", "describedby", f.media_type) for f in RDF_FORMATS]
    edges = _Edges(desc)
    links += [Link(t, "type") for t in types_of(desc, edges)] + ([Link(str(SCHEMA.AboutPage), "type")] if page else [])
    links.append(Link(licence_of(local, licence), "license"))
    links += [Link(a, "author") for a in _bounded(edges.to(AUTHOR), limit)]
    if is_record_resource(desc, edges):
        links += [Link(c, "collection") for c in _bounded(edges.to(UP) + edges.by(DOWN), limit)]
        links += [Link(i, "item") for i in (items_of(desc, limit, edges) if items is None else items)]
    return links + linkset_urls(local, path)


def dataset_links(local: Local, licence: str) -> list[Link]:
    """The signposts of the dataset (its description at /void, and the home page that is its landing page)."""
    void = str(local.page("void"))
    return ([Link(str(local.dataset), "cite-as")]
            + [Link(void, "describedby", f.media_type) for f in RDF_FORMATS]
            + [Link(str(t), "type") for t in (SCHEMA.Dataset, DCAT.Dataset, VOID.Dataset)]
            + [Link(licence_of(local, licence), "license")] + linkset_urls(local, "void"))


def profile_links(profiles: Sequence[object], token: str) -> list[str]:
    """The profile a document conforms to, as W3C Content Negotiation by Profile maps its token: a link
    anchored at the profile (so that it is no ``type`` of the document itself)."""
    return [f'<{PROFILE_CLASS}>; rel="type"; token="{p.token}"; anchor="{p.uri}"'  # type: ignore[attr-defined]
            for p in profiles if p.token == token]  # type: ignore[attr-defined]


def add_to(resp: Response, links: Iterable[Link]) -> Response:
    """``resp`` with ``links`` added to its Link header (after the links it has)."""
    resp.headers["Link"] = ", ".join(h for h in (resp.headers.get("Link"), header(links)) if h)
    return resp


def items_query(iri: str, offset: int, limit: int) -> str:
    """The SPARQL SELECT of what a record set includes, either way it is stated, by IRI (a page of them).

    >>> "OFFSET 20 LIMIT 11" in items_query("http://x.org/id/record-set/a", 20, 11)
    True
    """
    down, up = (" ".join(f"<{p}>" for p in ps) for ps in (DOWN, UP))
    me = check_iri(iri)
    return (f"SELECT DISTINCT ?x WHERE {{ {{ VALUES ?p {{ {down} }} <{me}> ?p ?x }} UNION "
            f"{{ VALUES ?q {{ {up} }} ?x ?q <{me}> }} FILTER(isIRI(?x)) }} ORDER BY ?x OFFSET {offset} LIMIT {limit}")


# -- the linkset (RFC 9264) -----------------------------------------------------------------------------

def to_linkset_json(ls: Linkset) -> bytes:
    """``application/linkset+json``: one link context for the document, one per metadata document
    (``describes`` back), and the linkset's own (``next``) when it is paged."""
    context: dict[str, object] = {"anchor": ls.anchor}
    for link in ls.links:
        target = {"href": link.href} | ({"type": link.type} if link.type else {})
        context.setdefault(link.rel, []).append(target)  # type: ignore[union-attr]
    contexts = [context] + [{"anchor": d, "describes": [{"href": ls.anchor}]} for d in ls.describes]
    if ls.next:
        contexts.append({"anchor": ls.url, "next": [{"href": ls.next}]})
    return json.dumps({"linkset": contexts}, ensure_ascii=False, indent=1).encode("utf-8")


def to_linkset_text(ls: Linkset) -> bytes:
    """``application/linkset``: the same links in the Link header form, each anchored, one a line."""
    lines = [f'{link.header()}; anchor="{_safe(ls.anchor)}"' for link in ls.links]
    lines += [f'<{_safe(ls.anchor)}>; rel="describes"; anchor="{_safe(d)}"' for d in ls.describes]
    if ls.next:
        lines.append(f'<{_safe(ls.next)}>; rel="next"; anchor="{_safe(ls.url)}"')
    return (",\n".join(lines) + "\n").encode("utf-8")


__all__ = ["LINKSET_JSON", "LINKSET_PAGE", "LINKSET_TEXT", "Link", "Linkset", "MAX_LINKS", "dataset_links",
           "add_to", "for_description", "header", "items_of", "items_query", "profile_links", "to_linkset_json", "to_linkset_text"]
