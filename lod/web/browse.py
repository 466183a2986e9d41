"""Browse lists and full-text search (HTML): ``/browse/{records,people,organisations,places,archives,subjects}``
and ``/search?q=…``, paged with ``?page=N`` (50 a page); the correspondence network of the whole dataset,
``/network?from=YYYY&to=YYYY``. Each has its data twin (:mod:`lod.web.twin`): ``?_profile=page`` or an Accept
of JSON; ``/search.json`` and ``/network.json`` by name."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, request
from markupsafe import Markup

from lod.web import charts, pages, twin
from lod.web.formatting import format_date
from lod.web.naming import Site
from lod.web.negotiation import NotAcceptable
from lod.web.queries import dataset, records
from lod.web.viewmodel import BrowsePage, Hit, Match, Paging, SearchPage

bp = Blueprint("browse", __name__)
MAX_Q = 500
MATCHES = 12  # people, bodies and places named at the top of a search
MAX_PAGE = 1_000_000
SNIPPET = 90  # characters of context either side of a search match
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


class NotWanted(ValueError):
    """Neither the page nor its data is what the client accepts (406)."""


def _form(forced: bool = False) -> bool:
    """True when the client asks for the page's data (:func:`lod.web.twin.wants_data`), False for the page;
    :class:`NotWanted` when it accepts neither."""
    try:
        return twin.wants_data(forced)
    except (NotAcceptable, twin.UnknownProfile) as e:
        raise NotWanted(str(e)) from e


def _cached(resp: Response, seconds: int = 300) -> Response:
    resp.headers["Cache-Control"] = f"public, max-age={seconds}"
    return resp


@bp.get("/browse")
def browse_index() -> Response:
    try:
        data = _form()
    except NotWanted as e:
        return pages.error(406, str(e))
    model = BrowsePage("Records", Paging(1, 0), LISTS, "", items=[])
    return _cached(twin.respond(model, pages.render, data=data))


@bp.get("/browse/<kind>")
def browse(kind: str) -> Response:
    """One page of a browse list: records by date, or entities by name with record counts."""
    try:
        data = _form()
    except NotWanted as e:
        return pages.error(406, str(e))
    fail = pages.problem if data else pages.error
    if kind != "records" and kind not in dataset.BROWSE:
        return fail(404, f"no list {kind!r}; lists: " + ", ".join(k for k, _ in LISTS))
    try:
        page = _page()
    except BadPage as e:
        return fail(400, str(e))
    ctx, site = _ctx(), Site(_ctx().config.base)
    if kind == "records":
        paging, rows = records.all_records(ctx.store, site, page)
        model = BrowsePage(dict(LISTS)[kind], paging, LISTS, kind, records=rows)
    else:
        paging, items = dataset.browse_entities(ctx.store, site, kind, page)
        model = BrowsePage(dict(LISTS)[kind], paging, LISTS, kind, items=items)
    if page > paging.pages:
        return fail(404, f"page {page} is past the last page ({paging.pages})")
    return _cached(twin.respond(model, pages.render, data=data))


def snippet(text: str, q: str, width: int = SNIPPET) -> Markup:
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
    try:
        as_json = _form(forced=request.path.endswith(".json"))
    except NotWanted as e:
        return pages.error(406, str(e))
    fail = pages.problem if as_json else pages.error
    q = " ".join(request.args.get("q", "").split())
    if len(request.args.get("q", "")) > MAX_Q:
        return fail(400, f"the search is longer than {MAX_Q} characters")
    try:
        page = _page()
    except BadPage as e:
        return fail(400, str(e))
    paging, hits, matches = Paging(page, 0), [], []
    if q:
        ctx = _ctx()
        site = Site(ctx.config.base)
        from lod.search import TextIndex, UnreadableIndex
        index = TextIndex(ctx.config.search_index)
        found = None
        if index.exists():  # the ingest's full-text index; a store without one is scanned (texts only)
            try:
                total, found = index.search(q, paging.size, paging.offset)
                matches = [Match(m["iri"], m["label"], m["kind"], site.link(m["iri"], m["label"], m["kind"]).url,
                                 m["records"]) for m in index.entities(q, MATCHES)]
            except UnreadableIndex as e:  # corrupt: scanned as if missing, until an ingest writes it anew
                current_app.logger.warning("%s: searching the store's texts", e)
                found, matches = None, []
        if found is None:
            total, found = dataset.search_records(ctx.store, q, paging.size, paging.offset)
        paging = Paging(page, total)
        if page > paging.pages:
            return fail(404, f"page {page} is past the last page ({paging.pages})")
        for h in found:
            link = site.link(h["iri"], h["title"] or None, "record")
            mark = snippet(h["text"], q) if h["text"] else None
            hits.append(Hit(str(h["iri"]), link.label, link.url, str(h["date"] or "") or None, h.get("mentions", []),
                            h["field"] or None, str(mark.striptags()) if mark else None, format_date(h["date"]),
                            mark))
    query = urlencode({"q": q, **({"page": page} if page > 1 else {})})
    json_url = "/search.json?" + query
    model = SearchPage(q, paging.total, page, paging.pages, "/search?" + query, matches, hits, paging,
                       urlencode({"q": q}) + "&", json_url)
    if as_json:
        resp = twin.data_response(model)
    else:
        model.head_links = [twin.head_link(json_url)] if q else []
        resp = twin.html_response(pages.render(model), json_url)
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
    unknown = sorted(set(request.args) - set(PERIOD) - {"_profile"})
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
        as_json = _form(forced=request.path.endswith(".json"))
    except NotWanted as e:
        return pages.error(406, str(e))
    try:
        start, end = period()
    except BadParameter as e:
        return (pages.problem if as_json else pages.error)(400, str(e))
    ctx = _ctx()
    model = dataset.correspondence(ctx.store, Site(ctx.config.base), start, end)
    query = urlencode({k: v for k, v in (("from", start), ("to", end)) if v is not None})
    model.json_url = "/network.json" + ("?" + query if query else "")
    if as_json:
        return _cached(twin.data_response(model))
    model.picture = charts.correspondence(model.pairs)
    model.head_links = [twin.head_link(model.json_url)]
    return _cached(twin.html_response(pages.render(model), model.json_url))
