"""The one cache the application holds (``AppContext.cache``): what it keeps of the store's answers, for the
store's current version only. A new ingest changes the version and empties it, so nothing stale is served.
Behind it, the store's shared document store (``Store.documents()``, when it has one) keeps descriptions and
rendered documents for every worker and restart, valid across ingests that did not change them.

It keeps rendered documents (LRU by total size), descriptions (LRU by count) and small facts (the dataset's
counts, its graph names); documents and descriptions only for a store whose versions never repeat
(``Store.distinct_versions``). One lock guards it all; what is kept is made outside the lock, and kept only
if the store is still at the version it was made from.

>>> class Store:
...     distinct_versions, at = True, ("gen-1", 0.0)
...     def version(self): return self.at
>>> store = Store(); cache = StoreCache(store)
>>> cache.fact("answer", lambda: 42), cache.fact("answer", lambda: 43)
(42, 42)
>>> store.at = ("gen-2", 1.0); cache.fact("answer", lambda: 43)
43
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from lod import __version__
from lod.store.describe import PAGE_SIZE

if TYPE_CHECKING:
    from lod.store import Store
    from lod.store.describe import Description
    from lod.store.documents import DocumentStore

T = TypeVar("T")
Headers = list[tuple[str, str]]


class _Lru:
    """Least recently used first out, by a total size (not thread-safe: the cache's lock guards it)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.size = limit, 0
        self.items: "OrderedDict[Hashable, tuple[object, int]]" = OrderedDict()

    def get(self, key: Hashable) -> object | None:
        found = self.items.get(key)
        if found is None:
            return None
        self.items.move_to_end(key)
        return found[0]

    def put(self, key: Hashable, value: object, size: int = 1) -> None:
        old = self.items.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self.items[key] = (value, size)
        self.size += size
        while self.size > self.limit:
            _, (_v, n) = self.items.popitem(last=False)
            self.size -= n

    def clear(self) -> None:
        self.items.clear()
        self.size = 0


class StoreCache:
    """Documents, descriptions and facts of one store, at its current version."""

    def __init__(self, store: "Store", max_bytes: int = 64 * 1024 * 1024, max_item: int = 4 * 1024 * 1024,
                 max_descriptions: int = 2048, documents: "DocumentStore | None" = None,
                 stamp: "str | Callable[[], str]" = "") -> None:
        self.store = store
        self.documents = documents if store.distinct_versions else None  # shared by the workers
        self._stamp = stamp  # a callable is called on first use (it reads the package's files: not at start)
        self.max_item = min(max_item, max_bytes)
        self._bodies = _Lru(max_bytes)
        self._descriptions = _Lru(max_descriptions)
        self._facts: dict[str, object] = {}
        self._version: tuple | None = None
        self._lock = threading.Lock()

    @property
    def stamp(self) -> str:
        """What else a rendered document depends on (the code, the base, the collection), made when a
        document is first rendered or read, not when the server starts.

        >>> class Store: distinct_versions = True
        >>> StoreCache(Store(), stamp=lambda: "abc").stamp
        'abc'
        """
        if callable(self._stamp):
            self._stamp = self._stamp()  # made twice at worst (two first requests at once): the same string
        return self._stamp

    def _sync(self, version: tuple) -> None:
        """Bring the cache to ``version`` (under the lock): another version empties it."""
        if version != self._version:
            self._bodies.clear()
            self._descriptions.clear()
            self._facts.clear()
            self._version = version

    def fact(self, name: str, make: Callable[[], T]) -> T:
        """A small fact about the store (a count, the graph names), made once per version."""
        version = self.store.version()
        with self._lock:
            self._sync(version)
            if name in self._facts:
                return self._facts[name]  # type: ignore[return-value]
        value = make()
        with self._lock:
            if self._version == version:
                self._facts[name] = value
        return value

    def describe(self, iri: str, page: int = 1) -> "Description":
        """``Store.describe``, kept for the version when the store's versions never repeat."""
        if not self.store.distinct_versions:
            return self.store.describe(iri, page)
        version, key = self.store.version(), (str(iri), page)
        with self._lock:
            self._sync(version)
            found = self._descriptions.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        desc = self.documents.description(version[0], str(iri), page, PAGE_SIZE) if self.documents else None
        if desc is None:
            desc = self.store.describe(iri, page)
            if self.documents is not None and desc.exists and desc.page <= desc.pages:  # not every page asked for
                self.documents.keep_description(version[0], desc)
        with self._lock:
            if self._version == version:
                self._descriptions.put(key, desc)
        return desc

    def document(self, version: tuple, key: Hashable, iri: str, name: str,
                 make: Callable[[], tuple[bytes, Headers]], share: bool = True) -> tuple[bytes, Headers]:
        """A rendered document not in this worker's cache: the shared store's (``name``: page, profile and
        format), else made and kept there (if ``share``: not a page past the last); kept here either way."""
        found = self.shared(version, key, iri, name)
        if found is None:
            found = make()
            if self.documents is not None and share and len(found[0]) <= self.max_item:
                self.documents.keep_body(version[0], iri, self.shared_name(name), *found)
            self.keep_body(version, key, *found)
        return found

    def shared(self, version: tuple, key: Hashable, iri: str, name: str) -> tuple[bytes, Headers] | None:
        """The shared store's document (kept here too), or None: what :meth:`document` takes before making."""
        found = self.documents.body(version[0], iri, self.shared_name(name)) if self.documents else None
        if found is not None:
            self.keep_body(version, key, *found)
        return found

    def shared_name(self, name: str) -> str:
        """What the shared store keeps a document under: ``name`` (page, profile, format) and the stamp."""
        return f"{self.stamp} {name}"

    def body(self, version: tuple, key: Hashable) -> tuple[bytes, Headers] | None:
        """A rendered document made at ``version`` (the one the caller read), or None."""
        if not self.store.distinct_versions:
            return None
        with self._lock:
            self._sync(version)
            return self._bodies.get(key)  # type: ignore[return-value]

    def keep_body(self, version: tuple, key: Hashable, body: bytes, headers: Headers) -> None:
        """Keep a rendered document made at ``version`` (not if the store has moved on since)."""
        if not self.store.distinct_versions or len(body) > self.max_item:
            return
        with self._lock:
            if self._version in (None, version):
                self._sync(version)
                self._bodies.put(key, (body, headers), len(body))


def render_stamp(*parts: object) -> str:
    """What a rendered document depends on besides the store: this code (lod's version, and the size and
    time of every file of the package, so that an edited template is not served from before) and ``parts``
    (the base, the collection)."""
    h = hashlib.sha1(f"{__version__}|{'|'.join(map(repr, parts))}".encode())
    for f in sorted(Path(__file__).resolve().parent.parent.rglob("*")):
        if f.is_file() and f.suffix in (".py", ".html", ".css", ".js", ".ttl", ".json", ".toml"):
            st = f.stat()
            h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()[:12]
