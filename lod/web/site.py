"""Site-wide routes: home, dataset description (VoID + DCAT), JSON-LD context, profiles, dumps, sitemap."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from rdflib import Graph, Literal, URIRef

from lod.vocab import DCAT, DCTERMS, FOAF, PREFIXES, PROF, RDF, RDFS, RICO, SCHEMA, VOID, XSD
from lod.web import pages
from lod.web.formats import FORMATS, RDF_FORMATS, json_ld_context, serialize
from lod.web.negotiation import NotAcceptable, choose_format, profiles

bp = Blueprint("site", __name__)


def _ctx():
    return current_app.config["LOD_CONTEXT"]


@bp.get("/context.jsonld")
def context() -> Response:
    import json
    resp = Response(json.dumps(json_ld_context(), indent=2), content_type="application/ld+json")
    resp.headers["Cache-Control"] = "public, max-age=86400"
    return resp


@bp.get("/")
def home() -> Response:
    return Response(pages.home(_ctx()), content_type="text/html; charset=utf-8")


@bp.get("/profile/<token>")
def profile(token: str) -> Response:
    found = next((p for p in profiles(_ctx().config.base) if p.token == token), None)
    if found is None:
        return pages.error(404, f"no profile {token!r}")
    g = Graph()
    uri = URIRef(found.uri)
    g.add((uri, RDF.type, PROF.Profile))
    g.add((uri, PROF.hasToken, Literal(found.token)))
    g.add((uri, RDFS.label, Literal(found.label, lang="en")))
    return _rdf_response(g)


def _rdf_response(g: Graph) -> Response:
    try:
        fmt = choose_format(request.accept_mimetypes, RDF_FORMATS)
    except NotAcceptable as e:
        return pages.error(406, str(e))
    resp = Response(serialize(g, fmt), content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    return resp
