"""The Flask application factory: Linked Data resources, pages, SPARQL, dataset description.

>>> # app = create_app(Config(), open_store("var/store")); app.run()
"""
from __future__ import annotations

from flask import Flask, Response, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from lod.config import Config
from lod.store import QueryError, Store, StoreError
from lod.vocab import Local
from lod.web import pages
from lod.web.context import AppContext

MAX_QUERY_LENGTH = 50_000  # characters; longer GET queries get 414
EXPOSED = ["Link", "ETag", "Last-Modified", "Content-Profile", "Vary", "Location"]


def create_app(config: Config, store: Store) -> Flask:
    """An app serving ``store`` with ``config``."""
    app = Flask(__name__)
    app.config["LOD_CONTEXT"] = AppContext(config, store, Local(config.base))
    app.config["MAX_CONTENT_LENGTH"] = 1 << 20
    CORS(app, send_wildcard=True, expose_headers=EXPOSED, allow_headers=["Accept", "Accept-Profile", "Content-Type",
                                                      "If-None-Match", "If-Modified-Since"], max_age=86400)

    from lod.web.browse import bp as browse
    from lod.web.resources import bp as resources
    from lod.web.site import bp as site
    app.register_blueprint(resources)
    app.register_blueprint(site)
    app.register_blueprint(browse)

    @app.get("/sparql")
    def sparql() -> Response:
        query = request.args.get("query")
        if query is None:
            return pages.problem(400, "missing 'query' parameter: GET /sparql?query=SELECT …")
        if len(query) > MAX_QUERY_LENGTH:
            return pages.problem(414, f"query longer than {MAX_QUERY_LENGTH} characters")
        try:
            answer = store.query(query, "json")
        except QueryError as e:
            return pages.problem(400, str(e))
        return Response(answer.body, mimetype=answer.media_type)

    @app.errorhandler(StoreError)
    def store_error(e: StoreError) -> Response:
        return pages.error(503, str(e))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Response:
        return pages.error(e.code or 500, e.description or e.name)

    return app
