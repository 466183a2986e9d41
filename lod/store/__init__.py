"""Stores: the interface (``base``) and one module per backend."""
from __future__ import annotations

from lod.store.base import QueryAnswer, QueryError, Store, StoreError, Writer


def open_store(path: str) -> Store:
    """The embedded store at ``path`` (a remote SPARQL backend will be chosen here by ``--endpoint``)."""
    from lod.store.oxigraph import EmbeddedStore
    return EmbeddedStore(path)


__all__ = ["QueryAnswer", "QueryError", "Store", "StoreError", "Writer", "open_store"]
