"""The Flask application. For now it answers SPARQL queries over the store (``GET /sparql?query=``);
Linked Data pages and the full SPARQL protocol come with the publishing and endpoint issues.

>>> # app = create_app(Config(), open_store("var/store")); app.run()
"""
from __future__ import annotations

from flask import Flask, Response, jsonify, request

from lod.config import Config
from lod.store import QueryError, Store, StoreError

MAX_QUERY_LENGTH = 50_000  # characters; longer GET queries get 414


def create_app(config: Config, store: Store) -> Flask:
    """An app serving ``store`` with ``config``."""
    app = Flask(__name__)
    app.config["LOD"] = config

    def problem(status: int, message: str) -> Response:
        resp = jsonify({"error": message, "status": status})
        resp.status_code = status
        return resp

    @app.get("/")
    def home() -> Response:
        return jsonify({"dataset": config.base, "sparql": config.base + "sparql",
                        "try": config.base + "sparql?query=SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%2010"})

    @app.get("/sparql")
    def sparql() -> Response:
        query = request.args.get("query")
        if query is None:
            return problem(400, "missing 'query' parameter: GET /sparql?query=SELECT …")
        if len(query) > MAX_QUERY_LENGTH:
            return problem(414, f"query longer than {MAX_QUERY_LENGTH} characters")
        try:
            answer = store.query(query, "json")
        except QueryError as e:
            return problem(400, str(e))
        except StoreError as e:
            return problem(503, str(e))
        return Response(answer.body, mimetype=answer.media_type, headers={"Access-Control-Allow-Origin": "*"})

    @app.errorhandler(404)
    def not_found(_e: Exception) -> Response:
        return problem(404, f"no resource at {request.path}")

    @app.errorhandler(405)
    def not_allowed(_e: Exception) -> Response:
        return problem(405, f"method {request.method} not allowed on {request.path}")

    return app
