"""Browse lists and full-text search (HTML): ``/browse/{records,people,organisations,places,archives,subjects}``
and ``/search?q=…``, paged with ``?page=N`` (50 a page); the correspondence network of the whole dataset,
``/network?from=YYYY&to=YYYY`` (and its data, ``/network.json``)."""
from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from markupsafe import Markup

from lod.formats import HTML
from lod.web import charts, pages, views

bp = Blueprint("browse", __name__)
MAX_Q = 500
MATCHES = 12  # people, bodies and places named at the top of a search
MAX_PAGE = 1_000_000
LISTS = [("records", "Records"), ("people", "People"), ("organisations", "Organisations"), ("places", "Places"),
         ("archives", "Archives"), ("subjects", "Subjects")]


class BadPage(ValueError):
    """A ``page`` parameter that is not a positive integer."""


class BadParameter(ValueError):
    """A query parameter this page does not take, or a value it cannot use; the message says which."""


def _ctx():
    return current_app.config["LOD_CONTEXT"]


def _page() -> int:
    raw = request.args.get("page", "1")
    if not re.fullmatch(r"[0-9]{1,7}", raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise BadPage("page must be a positive integer")
    return int(raw)


def _html(body: str) -> Response:
    resp = Response(body, content_type=HTML.content_type)
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp


@bp.get("/browse")
def browse_index() -> Response:
    return _html(pages.render_page("browse.html", heading="Records", paging=views.Paging(1, 0), lists=LISTS,
                                   current="", items=[]))


@bp.get("/browse/<kind>")
def browse(kind: str) -> Response:
    """One page of a browse list: records by date, or entities by name with record counts."""
    if kind != "records" and kind not in views.BROWSE:
        return pages.error(404, f"no list {kind!r}; lists: " + ", ".join(k for k, _ in LISTS))
    try:
        page = _page()
    except BadPage as e:
        return pages.error(400, str(e))
    ctx, site = _ctx(), views.Site(_ctx().config.base)
    context: dict = {"lists": LISTS, "current": kind, "heading": dict(LISTS)[kind]}
    if kind == "records":
        paging, rows = views.all_records(ctx.store, site, page)
        context["records"] = rows
    else:
        paging, items = views.browse_entities(ctx.store, site, kind, page)
        context["items"] = items
    if page > paging.pages:
        return pages.error(404, f"page {page} is past the last page ({paging.pages})")
    return _html(pages.render_page("browse.html", paging=paging, **context))


def snippet(text: str, q: str, width: int = views.SNIPPET) -> Markup:
    """A short excerpt of ``text`` around the first case-insensitive match of ``q``, the match in ``<mark>``;
    built from escaped parts, whitespace collapsed."""
    m = re.search(r"\s+".join(re.escape(w) for w in q.split()), text, re.IGNORECASE)
    if m is None:
        return Markup("{}{}").format(re.sub(r"\s+", " ", text[: 2 * width]), "…" if len(text) > 2 * width else "")
    i, j = m.start(), m.end()
    start, end = max(0, i - width), min(len(text), j + width)
    if start > 0:
        space = text.find(" ", start, i)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", j, end)
        end = space if space > 0 else end

    def squash(part: str) -> str:
        return re.sub(r"\s+", " ", part)
    return Markup("{}{}<mark>{}</mark>{}{}").format("…" if start > 0 else "", squash(text[start:i]),
                                                   squash(text[i:j]), squash(text[j:end]),
                                                   "…" if end < len(text) else "")


@bp.get("/search")
@bp.get("/search.json")
def search() -> Response:
    """Full-text search over record titles, summaries and texts, and the names of the people, bodies and places
    the records name (every variant): those entities first ("Matches"), then the records; ``/search.json``
    is the same data."""
    as_json = request.path.endswith(".json")
    fail = pages.problem if as_json else pages.error
    q = " ".join(request.args.get("q", "").split())
    if len(request.args.get("q", "")) > MAX_Q:
        return fail(400, f"the search is longer than {MAX_Q} characters")
    try:
        page = _page()
    except BadPage as e:
        return fail(400, str(e))
    paging, hits, matches = views.Paging(page, 0), [], []
    if q:
        ctx = _ctx()
        site = views.Site(ctx.config.base)
        from lod.search import TextIndex
        index = TextIndex(ctx.config.search_index)
        if index.exists():  # the ingest's full-text index; a store without one is scanned (texts only)
            total, found = index.search(q, paging.size, paging.offset)
            matches = [{**m, "link": site.link(m["iri"], m["label"], m["kind"])} for m in index.entities(q, MATCHES)]
        else:
            total, found = views.search_records(ctx.store, q, paging.size, paging.offset)
        paging = views.Paging(page, total)
        if page > paging.pages:
            return fail(404, f"page {page} is past the last page ({paging.pages})")
        for h in found:
            hits.append({"iri": str(h["iri"]), "link": site.link(h["iri"], h["title"] or None, "record"),
                         "date": views.format_date(h["date"]), "date_iso": str(h["date"] or "") or None,
                         "field": h["field"], "text": h["text"], "mentions": h.get("mentions", []),
                         "snippet": snippet(h["text"], q) if h["text"] else None})
    query = urlencode({"q": q, **({"page": page} if page > 1 else {})})
    if as_json:
        body = {"q": q, "total": paging.total, "page": page, "pages": paging.pages,
                "html": "/search?" + query,
                "matches": [{"iri": m["iri"], "label": m["label"], "kind": m["kind"], "url": m["link"].url,
                             "records": m["records"]} for m in matches],
                "hits": [{"iri": h["iri"], "title": h["link"].label, "url": h["link"].url, "date": h["date_iso"],
                          "field": h["field"] or None, "snippet": str(h["snippet"].striptags()) if h["snippet"] else None,
                          "mentions": h["mentions"]} for h in hits]}
        resp = Response(json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json")
    else:
        json_url = "/search.json?" + query
        resp = _html(pages.render_page("search.html", q=q, hits=hits, matches=matches, paging=paging,
                                       extra=urlencode({"q": q}) + "&", json_url=json_url,
                                       head_links=[{"type": "application/json", "url": json_url,
                                                    "name": "JSON"}] if q else []))
    resp.headers["Cache-Control"] = "no-cache" if not q else "public, max-age=60"
    return resp


# --- the correspondence network ---------------------------------------------------------------------------

PERIOD = ("from", "to")


def _year(name: str) -> int | None:
    """The year in parameter ``name`` (four digits), None when absent or empty (an empty form field)."""
    values = request.args.getlist(name)
    if len(values) > 1:
        raise BadParameter(f"{name} is given {len(values)} times; give one year")
    raw = values[0].strip() if values else ""
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]{4}", raw):
        shown = raw if len(raw) <= 20 else raw[:20] + "…"
        raise BadParameter(f"{name} must be a year of four digits, like {name}=1950 (not {shown!r})")
    return int(raw)


def period() -> tuple[int | None, int | None]:
    """``(from, to)`` years from the query string; :class:`BadParameter` for anything else."""
    unknown = sorted(set(request.args) - set(PERIOD))
    if unknown:
        raise BadParameter(f"unknown parameter {unknown[0]!r}; this page takes from and to (years)")
    start, end = _year("from"), _year("to")
    if start is not None and end is not None and start > end:
        raise BadParameter(f"from ({start}) is after to ({end})")
    return start, end


@bp.get("/network")
@bp.get("/network.json")
def correspondence() -> Response:
    """Who wrote to whom (rico:hasSender → rico:hasAddressee), how often, in a period: a picture and a table;
    ``/network.json`` is the same data."""
    try:
        start, end = period()
    except BadParameter as e:
        return pages.error(400, str(e))
    ctx = _ctx()
    site = views.Site(ctx.config.base)
    net = views.correspondence(ctx.store, site, start, end)
    if request.path.endswith(".json"):
        body = {"from": start, "to": end, "records": net.records, "pairs_total": net.pair_total,
                "pairs": [{"sender": p.sender.iri, "sender_label": p.sender.label, "addressee": p.addressee.iri,
                           "addressee_label": p.addressee.label, "records": p.records, "first": p.first or None,
                           "last": p.last or None} for p in net.pairs]}
        resp = Response(json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json")
        resp.headers["Cache-Control"] = "public, max-age=300"
        return resp
    query = urlencode({k: v for k, v in (("from", start), ("to", end)) if v is not None})
    return _html(pages.render_page("network.html", net=net, picture=charts.correspondence(net.pairs),
                                   start=start, end=end, json_url="/network.json" + ("?" + query if query else "")))
