"""Documents made before anyone asks for them: after an ingest, the descriptions and Turtle documents of the
resources it changed are made by the code a request makes them with (:func:`lod.web.resources.made_document`:
the same bytes, headers and content-hash ETag) and kept in the store's shared document store
(:meth:`lod.store.Store.documents`) for every worker, with no request made. ``lod ingest`` calls
``keep_documents(config, store, iris)`` with what the ingest changed (``tests/test_warm.py`` runs it).
"""
from __future__ import annotations

from collections.abc import Iterable

from lod.config import Config
from lod.formats import by_extension
from lod.store import Store
from lod.store.changes import precompute
from lod.store.describe import Description
from lod.vocab import Local


def keep_documents(config: Config, store: Store, iris: Iterable[str], show: bool = False) -> list[str]:
    """Describe each of ``iris`` and make its Turtle document, as a request for ``DOC/TYPE/KEY.ttl`` would,
    keeping both in the shared document store; the IRIs kept (none if the store keeps no documents)."""
    from lod.web.app import create_app
    from lod.web.negotiation import choose_profile, profiles
    from lod.web.resources import made_document
    from lod.web.twin import page_profile

    documents = store.documents()
    if documents is None or not store.distinct_versions:
        return []
    app = create_app(config, store)
    ctx = app.config["LOD_CONTEXT"]
    local, turtle, version = Local(config.base), by_extension("ttl"), store.version()
    profile = choose_profile(None, None, profiles(config.base) + (page_profile(config.base),))

    def render(desc: Description) -> list[tuple[str, str, bytes, list[tuple[str, str]]]]:
        stem = local.doc_path(str(desc.iri))
        if stem is None:
            return []
        name, make = made_document(desc, turtle, profile, stem, version)
        body, headers = make()
        if len(body) > ctx.cache.max_item:  # what a request would not share either
            return []
        return [(str(desc.iri), ctx.cache.shared_name(name), body, headers)]

    try:
        with app.app_context():
            return precompute(store, documents, iris, show, render)
    finally:
        ctx.executor.close()
