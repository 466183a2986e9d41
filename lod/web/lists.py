"""An entity's lists paged on their own, from the summaries: ``/lists/{list}/{document path}?page=N``, the
lists being ``correspondents``, ``co-mentioned``, ``names`` and ``offices`` (the entity's page shows the first
of each, with the total and a link here). HTML, or its data twin (``?_profile=page`` or an Accept of JSON), with
``Link: rel="next"``/``"prev"``. A list or page that is not one is a 400; a page past the end is empty."""
from __future__ import annotations

from flask import Blueprint, Response, current_app

from lod.vocab import LISTS, list_href, route
from lod.web import pages, twin
from lod.web.browse import BadPage, NotWanted, _cached, _form, _page
from lod.web.naming import Site
from lod.web.queries import summaries
from lod.web.resources import BadPath, thing_iri
from lod.web.viewmodel import ListPage, Paging

bp = Blueprint("lists", __name__)


@bp.get(route(LISTS))
def entity_list(path: str) -> Response:
    """One page of one of an entity's lists."""
    try:
        data = _form()
    except NotWanted as e:
        return pages.error(406, str(e))
    fail = pages.problem if data else pages.error
    name, _, stem = path.partition("/")
    if name not in summaries.HEADINGS:
        return fail(400, f"no list {name[:40]!r}; lists: " + ", ".join(summaries.HEADINGS))
    try:
        page, iri = _page(), thing_iri(stem)
    except (BadPage, BadPath) as e:
        return fail(400, str(e))
    ctx, site = current_app.config["LOD_CONTEXT"], Site(current_app.config["LOD_CONTEXT"].config.base)
    reader = summaries.open_for(ctx.config.summaries)
    if reader is None:
        return fail(404, "this store has no summaries: `lod ingest` makes them (the entity's page lists everything)")
    paging = Paging(page, reader.total(str(iri), name), summaries.LIST_SIZE)
    items = summaries.ranked(reader, site, iri, name, paging.offset, paging.size) if page <= paging.pages else []
    title = reader.label(str(iri))
    if title is None and not paging.total:
        return fail(404, f"no resource {iri} in this dataset")
    model = ListPage(site.link(iri, title or None, ""), name, summaries.HEADINGS[name], paging, items)
    resp = _cached(twin.respond(model, pages.render, data=data))
    here = list_href(name, stem)
    links = [resp.headers["Link"]]
    if page < paging.pages:
        links.append(f'<{here}?page={page + 1}>; rel="next"')
    if 1 < page <= paging.pages + 1:
        links.append(f'<{here}?page={min(page, paging.pages + 1) - 1}>; rel="prev"')
    resp.headers["Link"] = ", ".join(links)
    return resp
