"""``POST /_test/dataset``: replace the whole dataset with an N-Quads or TriG body. Registered only when
``Config.test_load`` is set (the conformance test runners); never part of a served site."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request
import pyoxigraph as ox

from lod.formats import QUAD_FORMATS, by_media_type
from lod.store.terms import from_ox
from lod.web import pages

bp = Blueprint("testload", __name__)


@bp.post("/_test/dataset")
def load() -> Response:
    ctx = current_app.config["LOD_CONTEXT"]
    fmt = by_media_type(request.mimetype, QUAD_FORMATS)
    if fmt is None:
        return pages.problem(415, f"send {' or '.join(f.media_type for f in QUAD_FORMATS)}")
    graphs: dict[str, list] = {}
    try:
        for q in ox.parse(request.get_data(), format=fmt.oxigraph, base_iri=request.args.get("base")):
            name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            graphs.setdefault(name, []).append((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    except SyntaxError as e:
        return pages.problem(400, f"cannot parse the dataset: {e}")
    with ctx.store.writer(replace=True) as w:
        for name, triples in graphs.items():
            w.put_graph(name, triples, digest="test", provenance=False)
    return Response(status=204)
