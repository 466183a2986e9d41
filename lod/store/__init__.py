"""Stores: the interface (``base``) and one module per backend; :func:`open_store` is the one place that
names the backends."""
from __future__ import annotations

from typing import TYPE_CHECKING

from lod.store.base import QueryAnswer, QueryError, Store, StoreError, Writer

if TYPE_CHECKING:
    from lod.config import Config


def open_store(where: "str | Config") -> Store:
    """The store a configuration names: a remote SPARQL store when it has an endpoint, else the embedded
    store at its path (a plain path string opens the embedded store)."""
    if isinstance(where, str):
        from lod.store.oxigraph import EmbeddedStore
        return EmbeddedStore(where)
    if where.endpoint:
        from lod.store.remote import RemoteStore
        return RemoteStore(where.endpoint, where.base, where.update_endpoint, where.graph_store,
                           where.remote_timeout)
    from lod.store.oxigraph import EmbeddedStore
    return EmbeddedStore(where.store)


def open_dataset(config: "Config", rebuild: bool = False) -> "tuple[Config, Store]":
    """The store a configuration names, and the configuration with the base that store's data records
    (``Config.adopt_base``: the store's own unless one was given; a contradicting one raises
    ``BaseMismatch``). Read once, when a command or a server starts."""
    store = open_store(config)
    if not store.exists():
        return config, store
    adopted = config.adopt_base(store.recorded_base(), rebuild=rebuild)
    if adopted.base != config.base:  # a remote store names its own graphs and terms under the base
        store.close()
        store = open_store(adopted)
    return adopted, store


__all__ = ["QueryAnswer", "QueryError", "Store", "StoreError", "Writer", "open_dataset", "open_store"]
