"""The publisher's collections on the site: each one as a ``void:subset`` of the dataset's VoID, its own page
(``/id/collection/{key}``, negotiated like every resource), the home page's list, and whose collection a
record is (for its citation).

>>> from lod.vocab import Local
>>> records_query(Local("https://lod.example.org/"), "wcda").startswith("/sparql?query=")
True
"""
from __future__ import annotations

from urllib.parse import quote

from rdflib import Graph, Literal, URIRef

from lod.collection import Collection
from lod.mapping.collection_graph import GRAPH, collection_dump, collection_triples, dump_name
from lod.store.describe import Description
from lod.vocab import DCAT, PREFIXES, RDF, RICO, VOID, XSD, Local
from lod.web.context import AppContext
from lod.web.queries.subsets import collection_counts, collection_of
from lod.web.viewmodel import CollectionPage


def counts(ctx: AppContext) -> dict[str, dict[str, int]]:
    """Each collection's counts, kept in the app's cache for the store version."""
    return ctx.cache.fact("collection-counts", lambda: collection_counts(ctx.store, ctx.local))


def held(ctx: AppContext) -> list[Collection]:
    """The collections the store holds records of, the default (the site's identity) first."""
    stats = counts(ctx)
    return [c for c in ctx.collections.values() if c.key in stats]


def record_collection(ctx: AppContext, iri: object) -> Collection:
    """The collection of the record ``iri`` (by its graph's membership), else the site's default."""
    if len(ctx.collections) < 2:  # one collection: no need to ask
        return ctx.collection
    return ctx.collections.get(collection_of(ctx.store, ctx.local, str(iri)) or "", ctx.collection)


def records_query(local: Local, key: str) -> str:
    """A link to the SPARQL page listing a collection's records (those of its graphs), by title."""
    query = (f"PREFIX dcterms: <{PREFIXES['dcterms']}>\nPREFIX rico: <{RICO}>\n"
             f"SELECT ?record ?title WHERE {{\n  GRAPH <{local.meta_graph(GRAPH)}> "
             f"{{ ?g dcterms:isPartOf <{local.collection(key)}> }}\n"
             f"  GRAPH ?g {{ ?record a rico:Record . OPTIONAL {{ ?record dcterms:title ?title }} }}\n}}\n"
             f"ORDER BY ?title LIMIT 100")
    return "/sparql?query=" + quote(query, safe="")


def _dump_size(ctx: AppContext, key: str) -> int | None:
    path = ctx.config.dumps / dump_name(key)
    return path.stat().st_size if path.exists() else None


def add_subsets(ctx: AppContext, g: Graph) -> None:
    """Each collection as a ``void:subset`` of the dataset: what its file says, its counts, its dump."""
    local, stats = ctx.local, counts(ctx)
    for collection in held(ctx):
        c, n = local.collection(collection.key), stats[collection.key]
        g.add((local.dataset, VOID.subset, c))
        g.add((c, RDF.type, DCAT.Dataset))
        for t in collection_triples(local, collection):
            if t[0] == c:  # the collection's node (not its record ids' concept)
                g.add(t)
        g.add((c, VOID.triples, Literal(n["triples"], datatype=XSD.integer)))
        g.add((c, VOID.entities, Literal(n["entities"], datatype=XSD.integer)))
        for name, cls in (("records", RICO.Record), ("record-sets", RICO.RecordSet)):
            part = URIRef(f"{c}#{name}")
            g.add((c, VOID.classPartition, part))
            g.add((part, VOID["class"], cls))
            g.add((part, VOID.entities, Literal(n[name.replace("-", "_")], datatype=XSD.integer)))
        url = collection_dump(local, collection.key)
        dist = local.void(f"dump-{dump_name(collection.key)}")
        g.add((c, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/application/n-quads")))
        size = _dump_size(ctx, collection.key)
        if size is not None:
            g.add((dist, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))


def is_collection(ctx: AppContext, desc: Description) -> bool:
    """Whether a described resource is one of the collections (``{base}id/collection/{key}``)."""
    parsed = ctx.local.parse(desc.iri)
    return parsed is not None and parsed[0] == "collection" and desc.has_type(str(VOID.Dataset))


def collection_page(ctx: AppContext, desc: Description, common: dict) -> CollectionPage:
    """A collection's page: what its file says, its counts, its dump and its records."""
    key = ctx.local.parse(desc.iri)[1]  # type: ignore[index]
    collection = ctx.collections.get(key)
    stats = counts(ctx).get(key, {})
    extra = {} if collection is None else {
        "title": collection.title, "name": collection.name, "description": collection.description,
        "publisher": collection.publisher, "rights": collection.rights, "licence": collection.licence,
        "homepage": collection.homepage}
    size = _dump_size(ctx, key)
    return CollectionPage(**{**common, **extra}, key=key, counts=stats,
                          dump={"url": ctx.local.site_path(collection_dump(ctx.local, key)), "size": size} if size is not None else {},
                          records_url=records_query(ctx.local, key), default=key == ctx.collection.key)


def home_list(ctx: AppContext) -> list[dict]:
    """The collections for the home page (only when there are several)."""
    found = held(ctx)
    if len(found) < 2:
        return []
    stats = counts(ctx)
    return [{"key": c.key, "title": c.title, "name": c.name, "url": ctx.local.site_path(ctx.local.collection(c.key)),
             "records": stats[c.key]["records"], "record_sets": stats[c.key]["record_sets"],
             "publisher": c.publisher} for c in found]
