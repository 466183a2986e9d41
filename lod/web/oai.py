"""OAI-PMH 2.0 at ``{base}oai`` (GET, and POST of a form), the protocol in :mod:`lod.oai`.

>>> # curl 'http://localhost:5000/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&set=agent:person'
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request

from lod.oai.registry import Registry
from lod.oai.verbs import Repository, respond

bp = Blueprint("oai", __name__)
_REGISTRIES: dict[str, Registry] = {}


def _repository() -> Repository:
    """The verbs' view of the application: the registry (brought up to the store's version), descriptions through
    the application's cache, and the base URL under the configured base (the public address, not the host a
    proxy forwarded to)."""
    ctx = current_app.config["LOD_CONTEXT"]
    config = ctx.config
    registry = _REGISTRIES.setdefault(str(config.oai_registry), Registry(config.oai_registry))
    registry.sync(ctx.store, ctx.local)
    email = config.oai_admin_email or f"webmaster@{urlsplit(config.base).hostname or 'localhost'}"
    return Repository(registry, lambda iri: ctx.cache.describe(iri), ctx.collection, str(ctx.local.page("oai")),
                      email, config.oai_page_size)


@bp.route("/oai", methods=["GET", "POST"])
def oai() -> Response:
    """One OAI-PMH request: its arguments from the query string (GET) or the form body (POST)."""
    if request.method == "POST":
        if request.mimetype != "application/x-www-form-urlencoded":
            return Response("an OAI-PMH POST is application/x-www-form-urlencoded\n", status=415,
                            content_type="text/plain; charset=utf-8")
        pairs = list(request.form.items(multi=True))
    else:
        pairs = list(request.args.items(multi=True))
    return Response(respond(pairs, _repository()), content_type="text/xml; charset=utf-8",
                    headers={"Cache-Control": "no-store"})
