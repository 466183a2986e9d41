"""The SPARQL 1.1 Protocol endpoint at ``/sparql``: read-only and safe for anonymous use.

GET ``?query=``, POST form-encoded, POST ``application/sparql-query``; ``default-graph-uri`` and
``named-graph-uri`` select graphs of our dataset only. The answer type follows the query form and the
whole Accept list (``?format=`` overrides). Every request is checked before evaluation (lod.sparql.guard)
and evaluated by the store's executor (``Store.executor``: worker processes cut off the network, with a
hard timeout and an open row cap, lod.sparql.executor).
"""
from __future__ import annotations

from contextlib import nullcontext
from urllib.parse import unquote_to_bytes

from flask import Blueprint, Response, current_app, request

from lod.formats import CONSTRUCT_FORMATS, HTML, NTRIPLES, RDF_FORMATS, SELECT_FORMATS, SPARQL_JSON, Format, by_param
from lod.sparql.executor import EndpointBusy, EngineUnavailable, Job, QueryFailed, QueryTimeout
from lod.sparql.guard import QueryRefused, check
from lod.store import StoreError
from lod.web import pages
from lod.web.limits import TooManyRequests
from lod.vocab import PROV
from lod.web.serialize import serialize
from lod.web.negotiation import NotAcceptable, choose_format

bp = Blueprint("sparql", __name__)


def _ctx():
    return current_app.config["LOD_CONTEXT"]


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    ctx = _ctx()
    try:
        query, default_graphs, named_graphs = _read_request(ctx.config.max_query_length)
    except _Problem as p:
        return _error(p.status, p.message)
    if query is None:
        return _describe_service()
    base_iri = str(ctx.local.sparql)  # the base relative IRIs in a query resolve against
    try:
        info = check(query, base=base_iri)
    except QueryRefused as e:
        return _error(400, str(e))
    names = (default_graphs or []) + (named_graphs or []) + info.from_graphs + info.from_named
    known = _graph_names(ctx) if names else set()  # read (from the cache) only when a request names graphs
    for name in names:
        if name not in known:
            return _error(400, f"graph <{name}> is not part of this dataset (FROM / FROM NAMED and "
                                      f"default-graph-uri / named-graph-uri may name only our graphs)")
    graph = info.form in ("CONSTRUCT", "DESCRIBE")
    offered = CONSTRUCT_FORMATS if graph else SELECT_FORMATS
    try:
        fmt = _choose(offered)
    except NotAcceptable as e:
        return _error(406, str(e))
    protocol_params = [(k, g) for k, gs in (("default-graph-uri", default_graphs), ("named-graph-uri", named_graphs))
                       for g in gs or []]  # as the client sent them, for the HTML page's links to its twins
    if default_graphs is None and named_graphs is None and (info.from_graphs or info.from_named):
        default_graphs, named_graphs = info.from_graphs, info.from_named  # the query's own dataset
    # the HTML page is drawn from the standard answer: SPARQL JSON, or N-Triples for a graph
    run_as = (NTRIPLES if graph else SPARQL_JSON).name if fmt is HTML else fmt.name
    job = Job(query, run_as, default_graphs, named_graphs, union=ctx.config.union_default_graph,
              base_iri=base_iri, limit=info.limit)
    try:
        with ctx.limiter.slot(request.remote_addr or "unknown") if ctx.limiter else nullcontext():
            answer = ctx.executor.run(job)
    except TooManyRequests as e:
        resp = _error(429, str(e))
        resp.headers["Retry-After"] = str(e.retry_after)
        return resp
    except QueryFailed as e:
        return _error(400, str(e))
    except QueryTimeout as e:
        resp = _error(503, f"{e}; narrow the query (LIMIT, more specific patterns) and try again")
        resp.headers["Retry-After"] = "5"
        return resp
    except EndpointBusy as e:
        resp = _error(503, f"{e}; try again shortly")
        resp.headers["Retry-After"] = "2"
        return resp
    except (StoreError, EngineUnavailable) as e:
        resp = _error(503, str(e))
        resp.headers["Retry-After"] = "10"
        return resp
    body = answer.body
    if fmt is HTML:
        from lod.web import sparql_results
        from lod.web.naming import Site
        body = sparql_results.render(answer.kind, answer.body, query=query, params=protocol_params,
                                     site=Site(ctx.config.base), truncated=answer.truncated,
                                     row_cap=ctx.config.row_cap, alternates=offered)
    resp = Response(body, content_type=fmt.content_type)
    resp.headers["Vary"] = "Accept"
    resp.headers["X-SPARQL-Row-Cap"] = str(ctx.config.row_cap)
    if answer.truncated:
        resp.headers["X-SPARQL-Truncated"] = "true"
        resp.headers["Warning"] = f'199 - "results cut at the row cap of {ctx.config.row_cap}"'
    return resp


def _wants_html() -> bool:
    """A browser (text/html rated above JSON) or ``?format=html``: errors come as an HTML page."""
    return any(v.strip().lower() == "html" for v in request.values.getlist("format"))


def _error(status: int, message: str) -> Response:
    """An error as JSON for protocol clients, as a page for browsers (and ``?format=html``); same status."""
    return pages.error(status, message, html=True if _wants_html() else None)


class _Problem(Exception):
    def __init__(self, status: int, message: str) -> None:
        self.status, self.message = status, message


def _check_encoding(raw: bytes, where: str) -> None:
    """Percent-encoded parameters must decode to UTF-8 (werkzeug would quietly keep bad escapes)."""
    for part in raw.split(b"&"):
        key, _, value = part.partition(b"=")
        try:
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError as e:
            raise _Problem(400, f"{where} parameter {key.decode('latin-1')!r} is not valid UTF-8 "
                                f"(byte {e.start} after percent-decoding)") from None


def _read_request(limit: int) -> tuple[str | None, list[str] | None, list[str] | None]:
    """The query and the protocol's graph parameters, from GET, a form POST or a sparql-query POST."""
    _check_encoding(request.query_string, "URL")
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        _check_encoding(request.get_data(cache=True), "form")
    if request.method == "GET":
        params = request.args
        query = params.get("query")
    else:
        ctype = (request.mimetype or "").lower()
        if ctype == "application/sparql-update" or "update" in request.form:
            raise _Problem(403, "SPARQL Update is not accepted: this endpoint is read-only")
        if ctype == "application/sparql-query":
            raw = request.get_data(cache=False)
            try:
                query = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise _Problem(400, f"query body is not valid UTF-8 (byte {e.start})") from None
            params = request.args
        elif ctype == "application/x-www-form-urlencoded":
            params = request.form
            query = params.get("query")
        else:
            raise _Problem(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if "update" in request.args:
        raise _Problem(403, "SPARQL Update is not accepted: this endpoint is read-only")
    if query is not None:
        if len(query) > limit:
            raise _Problem(414 if request.method == "GET" else 413, f"query longer than {limit} characters")
        if not query.strip():
            raise _Problem(400, "empty query")
        if len(params.getlist("query")) > 1:
            raise _Problem(400, "more than one query given")
    dg = params.getlist("default-graph-uri") if "default-graph-uri" in params else None
    ng = params.getlist("named-graph-uri") if "named-graph-uri" in params else None
    return query, dg, ng


def _choose(offered: tuple[Format, ...]) -> Format:
    """``?format=`` (a vendor extension: the Protocol negotiates by Accept) narrows the offer to the types its
    value names for this query form, and Accept chooses among them (the first when Accept names none of them:
    the parameter wins); a value that names nothing we offer for this form is ignored, and Accept decides as if
    it were absent. Clients repeat it (SPARQLWrapper sends ``format=rdf+xml&format=application/rdf+xml``).
    The words are those of :mod:`lod.formats` (``xml`` and ``json`` name RDF/XML and JSON-LD for CONSTRUCT)."""
    for wanted in request.values.getlist("format"):
        narrowed = by_param(wanted.strip().lower(), offered)
        if narrowed:
            try:
                return choose_format(request.accept_mimetypes, narrowed)
            except NotAcceptable:
                return narrowed[0]
    return choose_format(request.accept_mimetypes, offered)


def _graph_names(ctx) -> set[str]:
    """The dataset's graph names (kept in the app's cache for the store version)."""
    # `GRAPH ?g { }` is not portable: Virtuoso answers it with one row, ?g unbound; and a scan of every
    # quad takes Virtuoso seconds. Every graph an ingest writes states its own prov:generatedAtTime
    # (an index lookup); only the test-only loader writes graphs without it
    query = ("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }" if ctx.config.test_load else
             f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g <{PROV.generatedAtTime}> ?t }} }}")
    return ctx.cache.fact("graphs", lambda: {str(r["g"]) for r in ctx.store.select(query)})


def _describe_service() -> Response:
    """No query: a browser gets the query page; other clients the service description in RDF."""
    ctx = _ctx()
    try:
        fmt = HTML if _wants_html() else choose_format(request.accept_mimetypes, RDF_FORMATS + (HTML,))
    except NotAcceptable as e:
        return _error(406, str(e))
    if fmt is HTML and (_wants_html() or request.accept_mimetypes.quality(HTML.media_type) > 0):
        from lod.web import sparql_page
        return Response(sparql_page.render(ctx), content_type=fmt.content_type)
    from lod.sparql.service import service_description
    from lod.web.site import counts
    g = service_description(ctx.config.base, counts()["triples"], sorted(_graph_names(ctx)))
    resp = Response(serialize(g, fmt if fmt.kind == "rdf" else RDF_FORMATS[0]),
                    content_type=(fmt if fmt.kind == "rdf" else RDF_FORMATS[0]).content_type)
    resp.headers["Vary"] = "Accept"
    return resp
