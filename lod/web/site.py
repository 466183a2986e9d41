"""Site-wide routes: home (and its data twin), dataset description (VoID + DCAT), JSON-LD context, profiles,
dumps, sitemap."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from rdflib import Graph, Literal, URIRef

from lod.mapping.dataset import dataset_triples
from lod.vocab import DCAT, DCTERMS, FOAF, PREFIXES, PROF, RDF, RDFS, RICO, SCHEMA, VOID, XSD
from lod.web import pages, signposting, twin
from lod.formats import HTML, RDF_FORMATS, get
from lod.web.serialize import json_ld_context, serialize
from lod.web.negotiation import NotAcceptable, choose_format, profiles

bp = Blueprint("site", __name__)


def _ctx():
    return current_app.config["LOD_CONTEXT"]


@bp.get("/context.jsonld")
def context() -> Response:
    import json
    resp = Response(json.dumps(json_ld_context(), indent=2), content_type=get("jsonld").content_type)
    resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


@bp.get("/")
def home() -> Response:
    """The home page, or its data (``?_profile=page``, ``Accept: application/json``)."""
    try:
        data = twin.wants_data()
    except (NotAcceptable, twin.UnknownProfile) as e:
        return pages.error(406, str(e))
    resp = twin.respond(pages.home(_ctx()), pages.render, data=data)
    return signposting.add_to(resp, _dataset_links(landing=not data))


def _dataset_links(landing: bool = False) -> list[signposting.Link]:
    """The dataset's signposts (``landing``: for the home page, its landing page)."""
    ctx = _ctx()
    links = signposting.dataset_links(ctx.local, ctx.collection.licence)
    return links + [signposting.Link(str(SCHEMA.AboutPage), "type")] if landing else links


@bp.get("/profile/<token>")
def profile(token: str) -> Response:
    base = _ctx().config.base
    found = next((p for p in (*profiles(base), twin.page_profile(base)) if p.token == token), None)
    if found is None:
        return pages.error(404, f"no profile {token!r}")
    g = Graph()
    uri = URIRef(found.uri)
    g.add((uri, RDF.type, PROF.Profile))
    g.add((uri, PROF.hasToken, Literal(found.token)))
    g.add((uri, RDFS.label, Literal(found.label, lang="en")))
    return _rdf_response(g)


def _rdf_response(g: Graph, title: str = "") -> Response:
    """A small RDF document in the negotiated format; browsers get it as Turtle inside a page."""
    offered = RDF_FORMATS + (HTML,)
    try:
        fmt = choose_format(request.accept_mimetypes, offered)
    except NotAcceptable as e:
        return pages.error(406, str(e))
    if fmt.kind == "html":
        turtle = serialize(g, offered[0]).decode("utf-8")
        resp = Response(pages.source_page(title or request.path, turtle), content_type=fmt.content_type)
    else:
        resp = Response(serialize(g, fmt), content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.get("/void")
@bp.get("/.well-known/void")
def void() -> Response:
    """The dataset described with VoID and DCAT: where it lives, how big it is, what it uses."""
    resp = _rdf_response(dataset_description(), "Dataset description (VoID and DCAT)")
    return signposting.add_to(resp, _dataset_links()) if resp.status_code == 200 else resp


def dataset_description() -> Graph:
    """VoID + DCAT description of the dataset, with counts read from the store."""
    ctx = _ctx()
    local = ctx.local
    ds = local.dataset
    g = Graph()
    for triple in dataset_triples(local):  # what the store records of itself (its type, its URI space)
        g.add(triple)
    g.add((ds, RDF.type, DCAT.Dataset))
    collection = ctx.collection  # the dataset's identity is configuration (lod/collection.py)
    g.add((ds, DCTERMS.title, Literal(collection.title, lang="en")))
    if collection.description:
        g.add((ds, DCTERMS.description, Literal(collection.description, lang="en")))
    g.add((ds, DCTERMS.publisher, Literal(collection.publisher, lang="en")))
    g.add((ds, DCTERMS.rights, Literal(collection.rights, lang="en")))
    licence = URIRef(signposting.licence_of(local, collection.licence))  # the signposts' licence too
    g.add((ds, DCTERMS.license, licence))
    if not collection.licence:  # the rights statement is the licence document
        g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((ds, VOID.sparqlEndpoint, local.sparql))
    g.add((ds, FOAF.homepage, local.page()))
    g.add((ds, VOID.rootResource, local.page("browse/records")))
    for ns in ("rico", "dcterms", "schema", "foaf", "skos", "prov", "rdfs"):
        g.add((ds, VOID.vocabulary, URIRef(PREFIXES[ns])))
    stats = counts()
    g.add((ds, VOID.triples, Literal(stats["triples"], datatype=XSD.integer)))
    g.add((ds, VOID.entities, Literal(stats["entities"], datatype=XSD.integer)))
    for cls, n in stats["classes"]:
        part = local.void(f"class-{cls.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    from lod.dumps import DUMPS
    for name, (fmt, _enc) in DUMPS.items():
        url = local.dump(name)
        path = ctx.config.dumps / name
        g.add((ds, VOID.dataDump, url))
        dist = local.void(f"dump-{name}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, url))
        g.add((dist, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{fmt.media_type}")))
        if path.exists():
            g.add((dist, DCAT.byteSize, Literal(path.stat().st_size, datatype=XSD.nonNegativeInteger)))
    from lod.web.subsets import add_subsets
    add_subsets(ctx, g)  # each collection, a void:subset with its counts and its dump
    return g


def counts() -> dict:
    """Triples, entities and per-class counts (kept in the app's cache for the store version)."""
    ctx = _ctx()

    def count() -> dict:
        rows = ctx.store.select
        triples = next(iter(rows("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }")))
        ents = next(iter(rows(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?t . "
                              f"FILTER(STRSTARTS(STR(?s), \"{ctx.local.id}\")) }}")))
        classes = [(str(r["t"]), int(r["n"])) for r in rows(
            f"SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?t . FILTER(STRSTARTS(STR(?s), "
            f"\"{ctx.local.id}\") && STRSTARTS(STR(?t), \"{RICO}\")) }} GROUP BY ?t ORDER BY ?t")]
        return {"triples": int(triples["n"]), "entities": int(ents["n"]), "classes": classes}
    return ctx.cache.fact("counts", count)


@bp.get("/dumps/<name>")
def dump(name: str) -> Response:
    from flask import send_from_directory

    from lod.dumps import DUMPS, is_collection_dump
    if name not in DUMPS and not is_collection_dump(name):
        return pages.error(404, f"no dump {name!r}; available: {', '.join(DUMPS)} and collection-KEY.nq.gz")
    directory = _ctx().config.dumps
    if not (directory / name).exists():
        return pages.error(404, f"dump {name} has not been written yet: run `lod ingest`")
    fmt, encoding = DUMPS.get(name, DUMPS["dataset.nq.gz"])
    resp = send_from_directory(directory, name, mimetype=fmt.media_type, conditional=True)
    if encoding:
        resp.headers["Content-Type"] = "application/gzip"
    return resp


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """Record pages, for search engines (the first 50,000, the sitemap protocol's limit)."""
    from xml.sax.saxutils import escape
    ctx = _ctx()
    local = ctx.local
    rows = ctx.store.select(f"SELECT DISTINCT ?r WHERE {{ ?r a <{RICO.Record}> }} ORDER BY ?r LIMIT 50000")
    urls = "".join(f"<url><loc>{escape(local.document_of(r['r']) or str(r['r']))}</loc></url>" for r in rows)
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>\n")
    return Response(body, content_type="application/xml; charset=utf-8")
