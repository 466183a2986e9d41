"""Every HTML page has a machine-readable twin: its view-model (:mod:`lod.web.viewmodel`) as JSON, made by
:func:`lod.web.viewmodel.to_data` from the very object the template is rendered from.

A client asks for it with ``?_profile=page`` (or ``Accept-Profile: <{base}profile/page>``) on any page, or,
on the pages outside ``/doc/``, with an Accept header that rates ``application/json`` above ``text/html``
(under ``/doc/``, ``application/json`` already means JSON-LD). ``/search.json`` and ``/network.json`` are
the same twins under their own names. Each HTML page advertises its twin with ``Link: <…>;
rel="alternate"; type="application/json"`` and a ``<link rel="alternate">`` in its head; each twin points
back to its page the same way.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, request

from lod.formats import HTML, PAGE_DATA
from lod.vocab import Local
from lod.web.negotiation import NotAcceptable, Profile, choose_format, choose_profile
from lod.web.viewmodel import to_data

TOKEN = "page"
# the view-model's media type (kind "page": offered only here, never by the RDF document negotiation)
DATA = PAGE_DATA


class UnknownProfile(ValueError):
    """A ``?_profile=`` that names no profile this page has (406)."""


def page_profile(base: str) -> Profile:
    return Profile(TOKEN, Local(base).profile(TOKEN), "The page's data: what its HTML page shows, as JSON")


def _base() -> str:
    return current_app.config["LOD_CONTEXT"].config.base


def wants_data(forced: bool = False) -> bool:
    """Whether this request (to a page outside ``/doc/``) asks for the page's data rather than its HTML.
    ``forced``: a ``.json`` URL, data whatever the Accept header says. Raises
    :class:`NotAcceptable` when the Accept header takes neither form, :class:`UnknownProfile` for a
    ``?_profile=`` other than ``page``."""
    profile, wanted = page_profile(_base()), request.args.get("_profile")
    if wanted is not None and wanted not in (profile.token, profile.uri):
        raise UnknownProfile(f"no profile {wanted[:40]!r} for this page; it has {TOKEN!r} (its data as JSON)")
    if forced:
        return True
    header = (request.headers.get("Accept-Profile") or "").strip()
    if wanted is not None or (header and choose_profile(header, None, (profile,)) is not None):
        choose_format(request.accept_mimetypes, (DATA,))
        return True
    return choose_format(request.accept_mimetypes, (HTML, DATA)) is DATA


def _query(add: dict[str, str] | None = None) -> str:
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "_profile"] + list((add or {}).items())
    return "?" + urlencode(pairs) if pairs else ""


def data_url(json_path: str | None = None) -> str:
    """This page's twin: ``json_path`` with the query (``/search.json?q=…``), else the page's own path with
    ``_profile=page`` added."""
    if json_path is not None:
        return json_path + _query()
    return request.path + _query({"_profile": TOKEN})


def html_url() -> str:
    """The HTML page this request's data is the twin of."""
    path = request.path[: -len(".json")] if request.path.endswith(".json") else request.path
    return path + _query()


def head_link(url: str) -> dict[str, str]:
    """The twin as an entry of a page's ``head_links`` (a ``<link rel="alternate">``)."""
    return {"type": DATA.media_type, "url": url, "name": "This page's data (JSON)"}


def link_header(url: str, media_type: str, profile: Profile | None = None) -> str:
    return f'<{url}>; rel="alternate"; type="{media_type}"' + (f'; profile="{profile.uri}"' if profile else "")


def dumps(model: Any) -> bytes:
    return json.dumps(to_data(model), ensure_ascii=False, indent=1).encode("utf-8")


def data_response(model: Any) -> Response:
    """The twin of the page being asked for, pointing back to its HTML page."""
    resp = Response(dumps(model), content_type=DATA.content_type)
    resp.headers["Link"] = link_header(html_url(), HTML.media_type)
    resp.headers["Content-Profile"] = f"<{page_profile(_base()).uri}>"
    resp.headers["Vary"] = "Accept, Accept-Profile"
    return resp


def html_response(body: str, twin: str) -> Response:
    """An HTML page, advertising its twin at ``twin``."""
    resp = Response(body, content_type=HTML.content_type)
    resp.headers["Link"] = link_header(twin, DATA.media_type, page_profile(_base()))
    resp.headers["Vary"] = "Accept, Accept-Profile"
    return resp


def respond(model: Any, render, json_path: str | None = None, data: bool = False) -> Response:
    """``model`` as its HTML page (``render(model)``, its head naming the twin) or, with ``data``, as the twin."""
    if data:
        return data_response(model)
    twin = data_url(json_path)
    if hasattr(model, "head_links"):
        model.head_links = [*model.head_links, head_link(twin)]
    return html_response(render(model), twin)


__all__ = ["DATA", "NotAcceptable", "UnknownProfile", "data_response", "head_link", "page_profile", "respond",
           "wants_data"]
