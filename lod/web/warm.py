"""Documents made before anyone asks for them: after an ingest, the Turtle of the resources it changed is
rendered by the application itself (the negotiation, headers and content-hash ETag of a request) and so kept
in the store's shared document store (:meth:`lod.store.Store.documents`) for every worker.

>>> # keep_turtle(config, store, report.described)
"""
from __future__ import annotations

import sys
from collections.abc import Iterable

from tqdm import tqdm

from lod.config import Config
from lod.store import Store
from lod.vocab import Local


def keep_turtle(config: Config, store: Store, iris: Iterable[str], show: bool = False) -> int:
    """Render (and so keep) the Turtle document of each of ``iris``; how many were made."""
    from lod.web.app import create_app

    app = create_app(config, store)
    local, made = Local(config.base), 0
    try:
        client = app.test_client()
        for iri in tqdm(sorted(iris), desc="rendering", unit="document", disable=not show, file=sys.stderr):
            url = local.document_of(iri)
            if url is not None:
                made += client.get("/" + url[len(local.base):] + ".ttl").status_code == 200
    finally:
        app.config["LOD_CONTEXT"].executor.close()
    return made
