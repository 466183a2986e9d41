"""What every request handler needs, held once by the application."""
from __future__ import annotations

from dataclasses import dataclass, field

from lod.collection import Collection, bundled
from lod.config import Config
from lod.sparql.executor import Executor
from lod.store import Store
from lod.vocab import Local
from lod.web.cache import StoreCache
from lod.web.limits import ClientLimiter


@dataclass
class AppContext:
    config: Config
    store: Store
    local: Local
    executor: Executor  # the store's own (Store.executor): users' queries
    cache: StoreCache  # what is kept of the store's answers, for its current version
    limiter: ClientLimiter | None = None  # concurrent SPARQL queries per client
    collection: Collection = field(default_factory=bundled)  # what the dataset says it is (lod/collection.py)
    collections: dict[str, Collection] = field(default_factory=dict)  # every collection, by key (lod/assignment.py)

    def __post_init__(self) -> None:
        self.collections = {self.collection.key: self.collection, **self.collections}
