"""The W3C Reconciliation Service API 0.2 at ``{base}reconcile``: the manifest (GET), query batches
(``queries``, form field or JSON body, GET or POST), data extension (``extend``), ``/suggest/{entity,type,
property}?prefix=``, ``/preview?id=``, ``/extend/propose?type=``. Every answer, errors too, carries
``Access-Control-Allow-Origin: *`` (the protocol requires CORS of every endpoint); bad input is a 400 naming
the problem. The answers are :mod:`lod.reconcile.service`'s.

>>> bp.name
'reconcile'
"""
from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, request

from lod.formats import HTML
from lod.reconcile import service
from lod.reconcile.catalogue import catalogue
from lod.reconcile.service import BadQuery

bp = Blueprint("reconcile", __name__)
CORS_METHODS = ("GET", "HEAD", "POST", "OPTIONS")  # as app.py's: no route here takes PUT, PATCH or DELETE
MAX_PREFIX = 200


def _ctx():
    return current_app.config["LOD_CONTEXT"]


def _json(body: object, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, content_type="application/json")


@bp.after_request
def cors(resp: Response) -> Response:
    """Any origin may call the service, whatever LOD_CORS_ORIGINS allows elsewhere (flask-cors leaves a
    response that has the header alone, so a preflight is answered here too)."""
    resp.headers["Access-Control-Allow-Origin"] = "*"
    if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method") in CORS_METHODS:
        resp.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"  # narrowed to the route's by app.py
        resp.headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        resp.headers["Access-Control-Max-Age"] = "86400"
    return resp


@bp.errorhandler(BadQuery)
def bad_query(e: BadQuery) -> Response:
    return _json({"error": str(e), "status": 400}, 400)


def _param(name: str) -> str | None:
    """A parameter from the query string, a form, or a JSON body's member."""
    if name in request.values:
        return request.values[name]
    if request.is_json:
        body = request.get_json(silent=True)
        if isinstance(body, dict) and name in body:
            value = body[name]
            return value if isinstance(value, str) else json.dumps(value)
    return None


def _decoded(name: str, text: str) -> object:
    try:
        return json.loads(text)
    except ValueError as e:
        raise BadQuery(f"'{name}' is not JSON: {e}") from None


def _catalogue():
    ctx = _ctx()
    return catalogue(ctx.store, ctx.local)


@bp.route("/reconcile", methods=["GET", "POST"])
def endpoint() -> Response:
    """The manifest, or the answer to ``queries`` / ``extend``."""
    if request.method == "POST" and request.is_json and request.get_json(silent=True) is None:
        raise BadQuery("the request body is not JSON")
    ctx = _ctx()
    if (queries := _param("queries")) is not None:
        batch = service.check_batch(_decoded("queries", queries))
        return _json(service.reconcile(batch, _catalogue(), ctx.store))
    if (ext := _param("extend")) is not None:
        return _json(service.extend(service.check_extend(_decoded("extend", ext)), _catalogue()))
    return _json(service.manifest(ctx.local, f"{ctx.collection.name} reconciliation"))


@bp.route("/reconcile/extend", methods=["GET", "POST"])
def extend() -> Response:
    if (ext := _param("extend")) is None:
        raise BadQuery("missing 'extend'")
    return _json(service.extend(service.check_extend(_decoded("extend", ext)), _catalogue()))


@bp.get("/reconcile/extend/propose")
def propose() -> Response:
    return _json(service.propose(request.args.get("type")))


def _prefix() -> str:
    prefix = request.args.get("prefix")
    if prefix is None:
        raise BadQuery("missing 'prefix'")
    if len(prefix) > MAX_PREFIX:
        raise BadQuery(f"'prefix' is longer than {MAX_PREFIX} characters")
    return prefix


def _int(name: str, default: int, most: int) -> int:
    raw = request.args.get(name, str(default))
    if not raw.isdigit():
        raise BadQuery(f"'{name}' must be a whole number, not {raw[:40]!r}")
    return min(int(raw), most)


@bp.get("/reconcile/suggest/entity")
def suggest_entity() -> Response:
    types = {t.rsplit("#", 1)[-1] for t in request.args.getlist("type") if t}
    return _json(service.suggest_entities(_prefix(), types, _catalogue(), _int("cursor", 0, 10**6),
                                          _int("limit", 10, service.MAX_LIMIT)))


@bp.get("/reconcile/suggest/type")
def suggest_type() -> Response:
    return _json(service.suggest_types(_prefix()))


@bp.get("/reconcile/suggest/property")
def suggest_property() -> Response:
    return _json(service.suggest_properties(_prefix()))


@bp.get("/reconcile/preview")
def preview() -> Response:
    ident = request.args.get("id", "")
    cat = _catalogue()
    fact = cat.by_id(ident) if ident else None
    if fact is None:
        return _json({"error": f"no entity {ident[:200]!r}" if ident else "missing 'id'", "status": 404}, 404)
    return Response(service.preview(fact, cat), content_type=HTML.content_type)
