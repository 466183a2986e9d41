"""Linked Data resources: ``/id/…`` answers 303 to ``/doc/…``; the document is negotiated (Accept,
profile, or a ``.ttl``/``.jsonld``/``.rdf``/``.nt``/``.html`` suffix) with Vary, Link, ETag, Last-Modified
and conditional requests. Records also negotiate to citation formats; the ``page`` profile
(``?_profile=page``) is the HTML page's data, its view-model as JSON (:mod:`lod.web.twin`).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from urllib.parse import quote

from flask import Blueprint, Response, current_app, redirect, request
from rdflib import Graph, Literal, URIRef

from lod.vocab import DCTERMS, DOC, ID, PROF, RDF, RDFS, RICO, VOCAB, doc_href, route
from lod.store.describe import Description
from lod.web import hierarchy, pages, signposting, summary_rdf, twin
from lod.formats import DOCUMENT_FORMATS, HTML, LINKSET_FORMATS, RDF_FORMATS, Format, by_extension
from lod.web.serialize import serialize, serialize_triples
from lod.web.naming import Site
from lod.web.negotiation import NotAcceptable, Profile, choose_format, choose_profile, profiles

bp = Blueprint("resources", __name__)
MAX_KEY = 1024
_BAD_CHARS = re.compile(r"[\x00-\x1f\x7f\ufffd]")
EXTENSIONS = sorted((f.extension for f in DOCUMENT_FORMATS), key=len, reverse=True)


class BadPath(ValueError):
    """A path that names no resource we could have (400)."""


def _ctx():
    return current_app.config["LOD_CONTEXT"]


def thing_iri(path: str) -> URIRef:
    """The IRI a document path is about (:meth:`lod.vocab.Local.thing`), or BadPath."""
    if not path or len(path) > MAX_KEY or _BAD_CHARS.search(path):
        raise BadPath("malformed resource path (empty, too long, control characters or invalid UTF-8)")
    parts = path.split("/")
    if any(p in ("", ".", "..") for p in parts) or len(parts) < 2:
        raise BadPath(f"malformed resource path {path!r}: expected TYPE/KEY")
    return _ctx().local.thing(path)


def split_extension(path: str) -> tuple[str, Format | None]:
    """``record/300237.ttl`` → (``record/300237``, Turtle)."""
    for ext in EXTENSIONS:
        if path.endswith("." + ext) and len(path) > len(ext) + 1:
            return path[: -len(ext) - 1], by_extension(ext)
    return path, None


def _offered(desc: Description | None) -> list[Format]:
    is_record = desc is not None and (desc.has_type(str(RICO.Record)) or desc.has_type(str(RICO.RecordResource)))
    return [f for f in DOCUMENT_FORMATS if f.kind != "citation" or is_record]


def doc_url(path: str) -> str:
    return _ctx().local.document(path)


def _alternates(path: str, offered: list[Format]) -> list[tuple[str, str]]:
    return [(f"{doc_url(path)}.{f.extension}", f.media_type) for f in offered]


@bp.route(route(ID), methods=["GET"])
def thing(path: str) -> Response:
    """The thing itself: 303 See Other to the document about it (query string kept)."""
    try:
        thing_iri(path)
    except BadPath as e:
        return pages.error(400, str(e))
    target = doc_href(path)
    if request.query_string:  # kept as sent, but anything that cannot stand in a header percent-encoded
        target += "?" + quote(request.query_string, safe="=&+%/:;,@!$'()*~.-_?[]")
    resp = redirect(target, code=303)
    resp.headers["Vary"] = "Accept"
    return resp


@bp.route(route(VOCAB), methods=["GET"])
def vocab_term(path: str) -> Response:
    return thing(f"{VOCAB}/{path}")


@bp.route(route(DOC), methods=["GET"])
def document(path: str) -> Response:
    """A resource's description in the negotiated format and profile."""
    ctx = _ctx()
    stem, forced = split_extension(path)
    try:
        iri = thing_iri(stem)
    except BadPath as e:
        return pages.error(400, str(e))
    page = _page_arg()
    if page is None:
        return pages.error(400, "page must be a positive integer")
    available = profiles(ctx.config.base)
    wanted = request.args.get("_profile")
    if wanted == "alt":
        return _alternate_profiles(stem, summary_rdf.listed(available, ctx.config.summaries, iri), forced)
    page_profile = twin.page_profile(ctx.config.base)
    profile = choose_profile(request.headers.get("Accept-Profile"), wanted, available + (page_profile,))
    if profile is None:
        return pages.error(406, "no such profile; available: "
                           + ", ".join(p.token for p in available + (page_profile,)))
    version = ctx.store.version()

    # the answer is a function of these and the store version (the cache keeps it for that version)
    key = (path, page, profile.token, "" if forced else request.headers.get("Accept", ""),
           request.headers.get("Accept-Profile", ""))
    hit = ctx.cache.body(version, key)
    if hit is not None:
        return Response(hit[0], headers=hit[1]).make_conditional(request)
    if forced is not None and forced.kind == "rdf" and profile is not page_profile:  # kept: no description
        kept = ctx.cache.shared(version, key, str(iri), document_name(page, profile, forced))
        if kept is not None:  # only pages that exist are kept
            return Response(kept[0], headers=kept[1]).make_conditional(request)
    desc = ctx.cache.describe(iri, page)
    offered = list(summary_rdf.FORMATS) if profile.token == summary_rdf.TOKEN else _offered(desc)
    if profile is page_profile and forced is not None:
        return pages.error(406, f"the page profile is served as {twin.DATA.media_type}; ask without the "
                                f".{forced.extension} suffix")
    try:
        fmt = forced if forced is not None else choose_format(request.accept_mimetypes,
                                                              (twin.DATA,) if profile is page_profile else offered)
    except NotAcceptable as e:
        resp = pages.error(406, str(e))
        resp.headers["Vary"] = "Accept, Accept-Profile"
        return resp
    if fmt not in offered and fmt is not twin.DATA:
        return pages.error(404, f"{fmt.media_type} is offered for " + (
            "records only" if profile.token != summary_rdf.TOKEN else "no summary: it is data (RDF)"))
    if not desc.exists:
        return _not_found(iri, fmt)
    try:
        name, make = made_document(desc, fmt, profile, stem, version, offered)
        made = ctx.cache.document(version, key, str(iri), name, make, share=page <= desc.pages)
    except summary_rdf.NoSummary as e:
        return _not_found(iri, fmt, str(e))
    except hierarchy.PastTheEnd as e:
        return _not_found(iri, fmt, str(e))
    return Response(made[0], headers=made[1]).make_conditional(request)


def _page_arg() -> int | None:
    """``?page=``: a positive integer (default 1), else None."""
    try:
        page = int(request.args.get("page", "1"))
    except ValueError:
        return None
    return page if 1 <= page <= 1_000_000 else None


@bp.route("/linkset/<path:path>", methods=["GET"])
def linkset(path: str) -> Response:
    """A resource's signposts in full (RFC 9264): ``application/linkset+json`` or ``application/linkset``;
    ``/linkset/void`` the dataset's. What a record set includes comes :data:`signposting.LINKSET_PAGE` a page."""
    ctx = _ctx()
    page = _page_arg()
    if page is None:
        return pages.error(400, "page must be a positive integer")
    try:
        fmt = choose_format(request.accept_mimetypes, LINKSET_FORMATS)
    except NotAcceptable as e:
        return pages.error(406, str(e))
    version = ctx.store.version()
    key = ("linkset", path, page, fmt.name)
    hit = ctx.cache.body(version, key)
    if hit is None:
        made = _linkset(path, page)
        if isinstance(made, Response):
            return made
        resp = Response(fmt.write(made), content_type=fmt.content_type)
        resp.headers.update({"Vary": "Accept", "Cache-Control": "public, max-age=300"})
        resp.set_etag(hashlib.sha256(resp.get_data()).hexdigest()[:32])
        resp.last_modified = version[1]
        hit = (resp.get_data(), list(resp.headers.items()))
        ctx.cache.keep_body(version, key, *hit)
    return Response(hit[0], headers=hit[1]).make_conditional(request)


def _linkset(path: str, page: int) -> signposting.Linkset | Response:
    """The linkset of the resource at ``path`` (its page of items), or the error response."""
    ctx = _ctx()
    url = str(ctx.local.linkset(path))
    if path == "void":
        links = signposting.dataset_links(ctx.local, ctx.collection.licence)
        return signposting.Linkset(str(ctx.local.page("void")), [link for link in links if link.rel != "linkset"], url)
    try:
        iri = thing_iri(path)
    except BadPath as e:
        return pages.error(400, str(e))
    desc = ctx.cache.describe(iri)
    if not desc.exists:
        return pages.error(404, f"no resource {iri} in this dataset")
    size, items, more = signposting.LINKSET_PAGE, None, False
    if signposting.is_record_resource(desc):
        rows = ctx.store.select(signposting.items_query(str(iri), (page - 1) * size, size + 1))
        items = [str(r["x"]) for r in rows]
        more, items = len(items) > size, items[:size]
    links = signposting.for_description(desc, ctx.local, ctx.collection.licence, path, limit=None, items=items)
    described = [link.href for link in links if link.rel == "describedby"]
    return signposting.Linkset(doc_url(path), [link for link in links if link.rel != "linkset"], f"{url}?page={page}" if page > 1 else url,
                               f"{url}?page={page + 1}" if more else None, described)


def made_document(desc: Description, fmt: Format, profile: Profile, stem: str, version: tuple,
                  offered: list[Format] | None = None) -> tuple[str, Callable[[], tuple[bytes, list[tuple[str, str]]]]]:
    """What a request and the ingest's precompute (:mod:`lod.web.warm`) both make a document with: the name
    it is kept under (page, profile, format) and how to make its body and headers (in an app context);
    ``offered``: the formats the profile offers for it (default: the resource's own)."""
    available = profiles(_ctx().config.base)
    return document_name(desc.page, profile, fmt), lambda: _made(
        desc, fmt, profile, stem, _offered(desc) if offered is None else offered, available, version[1])


def document_name(page: int, profile: Profile, fmt: Format) -> str:
    """What a document is kept under, besides its IRI: its page, profile and format."""
    return f"{page} {profile.token} {fmt.name}"


def _made(desc: Description, fmt: Format, profile: Profile, stem: str, offered: list[Format],
          available: tuple[Profile, ...], modified: float) -> tuple[bytes, list[tuple[str, str]]]:
    """A document as it is kept (for every worker): its body and headers."""
    page_profile = twin.page_profile(_ctx().config.base)
    ctx = _ctx()
    posts = signposting.for_description(desc, ctx.local, ctx.collection.licence, stem, page=fmt.kind == "html")
    resp, pages_ = _render(desc, fmt, profile, stem, offered, posts)
    resp.headers.update({"Vary": "Accept, Accept-Profile", "Content-Profile": f"<{profile.uri}>",
                         "Cache-Control": "public, max-age=300"})
    links = [link.header() for link in posts]
    links += [twin.link_header(u, m) for u, m in _alternates(stem, offered)]
    links.append(twin.link_header(_twin_url(stem, desc.page), twin.DATA.media_type, page_profile))
    links += signposting.profile_links(available + (page_profile,), profile.token)
    links += [f'<{doc_url(stem)}?page={n}>; rel="{rel}"'
              for n, rel in ((desc.page + 1, "next"), (desc.page - 1, "prev")) if 1 <= n <= pages_]
    resp.headers["Link"] = ", ".join(links)
    # the content's hash: a document an ingest left as it was keeps its ETag (and caches their copy)
    resp.set_etag(hashlib.sha256(resp.get_data()).hexdigest()[:32])
    resp.last_modified = modified
    return resp.get_data(), list(resp.headers.items())


def _twin_url(path: str, page: int) -> str:
    """The data twin of a document's HTML page."""
    return f"{doc_url(path)}?" + (f"page={page}&" if page > 1 else "") + f"_profile={twin.TOKEN}"


def _render(desc: Description, fmt: Format, profile: Profile, path: str, offered: list[Format],
            signposts: list[signposting.Link]) -> tuple[Response, int]:
    """The document in ``fmt``, and how many pages it has: the inbound links' for RDF and for a page without
    a list of its own; the list's (the records linked to an entity) for the HTML page and its twin. An HTML
    page repeats its signposts (the ``Link`` header's typed links) as ``<link>`` elements."""
    from lod.web.profiles import apply_profile

    pages_ = desc.pages
    if fmt is twin.DATA or fmt.kind == "html":
        head = None if fmt is twin.DATA else twin.head_link(Site(_ctx().config.base).url(_twin_url(path, desc.page)))
        model = pages.resource_model(desc, _alternates(path, offered), profile, head, signposts)
        paging = getattr(model, "paging", None)
        pages_ = paging.pages if paging is not None else desc.pages
        body = twin.dumps(model) if fmt is twin.DATA else pages.render(model).encode("utf-8")
    elif profile.token == summary_rdf.TOKEN:  # one document, whatever the subject's fame: no pages
        body, pages_ = summary_rdf.body(_ctx().config.summaries, _ctx().local, desc.iri, fmt), 1
    elif fmt.kind == "rdf":
        body = serialize_triples(apply_profile(desc.triples, profile.token), fmt)
    else:  # a citation
        body = fmt.write(hierarchy.citation_of(desc))
    return Response(body, content_type=fmt.content_type), pages_


def _not_found(iri: URIRef, fmt: Format, message: str = "") -> Response:
    message = message or f"no resource {iri} in this dataset"
    if fmt.kind == "rdf":
        g = Graph()
        g.add((iri, RDFS.comment, Literal(message, lang="en")))
        if fmt.name == "turtle":
            body = f"# {message}\n".encode()
        elif fmt.name == "jsonld":
            body = json.dumps({"@context": {}, "error": message}).encode()
        else:
            body = serialize(g, fmt)
        resp = Response(body, status=404, content_type=fmt.content_type)
    elif fmt.kind == "html":
        resp = pages.error(404, message)
    elif fmt is twin.DATA:
        resp = pages.problem(404, message)
    else:
        resp = Response(message + "\n", status=404, content_type="text/plain; charset=utf-8")
    resp.headers["Vary"] = "Accept, Accept-Profile"
    return resp


def _alternate_profiles(path: str, available: tuple[Profile, ...], forced: Format | None) -> Response:
    """``?_profile=alt``: the profiles and formats this resource is available in."""
    doc = URIRef(doc_url(path))
    g = Graph()
    for p in available:
        uri = URIRef(p.uri)
        g.add((uri, RDF.type, PROF.Profile))
        g.add((uri, PROF.hasToken, Literal(p.token)))
        g.add((uri, RDFS.label, Literal(p.label, lang="en")))
        g.add((doc, DCTERMS.conformsTo, uri))
    try:
        fmt = forced or choose_format(request.accept_mimetypes, RDF_FORMATS + (HTML,))
    except NotAcceptable as e:
        return pages.error(406, str(e))
    if fmt.kind == "html":
        return Response(pages.profiles_page(doc, available), content_type=fmt.content_type)
    resp = Response(serialize(g, fmt), content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    return resp
