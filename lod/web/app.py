"""The Flask application factory: Linked Data resources, pages, SPARQL, dataset description.

>>> # app = create_app(Config(), open_store("var/store")); app.run()
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import Flask, Response, request
from flask_cors import CORS
from gunicorn.http.errors import NoMoreData, ParseException
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from lod.assignment import served
from lod.config import Config
from lod.store import Store, StoreError
from lod.vocab import Local
from lod.sparql.executor import QueryLimits
from lod.web import pages
from lod.web.browse import bp as browse
from lod.web.lists import bp as lists
from lod.web.reconcile import bp as reconcile
from lod.web.oai import bp as oai
from lod.web.resources import bp as resources
from lod.web.site import bp as site
from lod.web.sparql import bp as sparql
from lod.web.cache import StoreCache, render_stamp
from lod.web.context import AppContext
from lod.web.limits import ClientLimiter

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

EXPOSED = ["Link", "ETag", "Last-Modified", "Content-Profile", "Vary", "Location"]
CORS_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]  # no route takes PUT, PATCH or DELETE


def create_app(config: Config, store: Store) -> Flask:
    """An app serving ``store`` with ``config``."""
    app = Flask(__name__)
    executor = store.executor(QueryLimits(config.query_timeout, config.row_cap, config.query_workers,
                                          config.query_memory, config.query_isolation))
    retry = max(1, min(30, math.ceil(config.query_timeout)))  # the longest the client's queries still run
    limiter = ClientLimiter(config.limits_dir, config.client_queries, retry)
    collections = served(config)  # the default (the site's identity) first
    collection = next(iter(collections.values()))
    cache = StoreCache(store, documents=store.documents(),
                       stamp=lambda: render_stamp(config.base, *collections.values()))
    app.config["LOD_CONTEXT"] = AppContext(config, store, Local(config.base), executor, cache, limiter, collection,
                                           collections)
    app.jinja_env.globals["collection"] = collection  # the site's name, summary and homepage in every page
    app.config["MAX_CONTENT_LENGTH"] = config.max_body
    app.wsgi_app = _encode_raw_query(app.wsgi_app)  # type: ignore[method-assign]
    if config.proxy_hops:  # the client address is the one the proxies saw, not the proxy's own
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxy_hops)  # type: ignore[method-assign]
    origins = "*" if config.cors_origins.strip() == "*" else [o.strip() for o in config.cors_origins.split(",")]

    @app.after_request  # registered before flask-cors' hook, so it runs after it (Flask runs them in reverse)
    def route_methods_only(resp: Response) -> Response:
        """A preflight approves the methods this URL answers (GET, HEAD, OPTIONS; POST only where a route
        takes it, as /sparql does), not one list for every route."""
        if "Access-Control-Allow-Methods" in resp.headers:
            allowed = app.url_map.bind_to_environ(request.environ).allowed_methods()
            resp.headers["Access-Control-Allow-Methods"] = ", ".join(m for m in CORS_METHODS if m in allowed)
        return resp

    CORS(app, origins=origins, send_wildcard=origins == "*", expose_headers=EXPOSED, methods=CORS_METHODS,
         allow_headers=["Accept", "Accept-Profile", "Content-Type", "If-None-Match", "If-Modified-Since"],
         max_age=86400)

    app.register_blueprint(sparql)
    app.register_blueprint(resources)
    app.register_blueprint(site)
    app.register_blueprint(browse)
    app.register_blueprint(lists)
    app.register_blueprint(reconcile)
    app.register_blueprint(oai)

    if config.access_log:
        from lod.web.accesslog import install
        install(app)

    @app.get("/health")
    def health() -> Response:
        """200 when the store answers a query, 503 (with the reason) when it does not."""
        import json
        try:
            tag, _ = store.version()
            store.query("ASK { ?s ?p ?o }", "json")
        except StoreError as e:
            resp = Response(json.dumps({"status": "unavailable", "error": str(e)}), status=503,
                            content_type="application/json")
            resp.headers["Retry-After"] = "10"
            return resp
        body = {"status": "ok", "store": store.kind, "version": tag}
        return Response(json.dumps(body), content_type="application/json",
                        headers={"Cache-Control": "no-store"})

    if config.test_load:
        from lod.web.testload import bp as testload
        app.register_blueprint(testload)

    @app.errorhandler(StoreError)
    def store_error(e: StoreError) -> Response:
        resp = pages.error(503, str(e))
        resp.headers["Retry-After"] = "10"
        return resp

    @app.errorhandler(ParseException)
    @app.errorhandler(NoMoreData)
    def malformed_body(e: Exception) -> Response:
        """gunicorn raises these while the app reads a malformed or cut request body (bad chunks)."""
        return pages.error(400, f"malformed request body ({type(e).__name__})")

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Response:
        if e.code == 413:  # werkzeug's text does not say what the limit is, nor where it is set
            return pages.error(413, f"request body over {config.max_body:,} bytes (LOD_MAX_BODY)")
        return pages.error(e.code or 500, e.description or e.name)

    return app


def _encode_raw_query(wsgi_app: WSGIApplication) -> WSGIApplication:
    """Percent-encode raw bytes outside printable ASCII in the query string, as browsers do: werkzeug decodes
    a raw query string as strict UTF-8 (a 500 on invalid bytes), and a raw control character would reach
    headers that echo the query (a redirect's Location); encoded, they are handled like any parameter."""
    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        if not (query.isascii() and query.isprintable()) or " " in query:  # latin-1: one character per byte
            environ["QUERY_STRING"] = "".join(c if "!" <= c <= "~" else f"%{ord(c):02X}" for c in query)
        return wsgi_app(environ, start_response)
    return app
