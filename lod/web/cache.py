"""A bounded in-process cache of rendered response bodies, keyed by the store version they were made
from: a new ingest changes the version, so stale bodies are never served, only evicted.

>>> c = BodyCache(max_bytes=10); c.put(("a",), b"12345", [("Content-Type", "text/plain")]); c.get(("a",))
(b'12345', [('Content-Type', 'text/plain')])
>>> c.put(("b",), b"1234567", []); c.get(("a",)) is None
True
"""
from __future__ import annotations

import threading
from collections import OrderedDict


class BodyCache:
    """LRU by total body size; thread-safe."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_item: int = 4 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.max_item = max_item
        self._items: "OrderedDict[tuple, tuple[bytes, list[tuple[str, str]]]]" = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple[bytes, list[tuple[str, str]]] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple, body: bytes, headers: list[tuple[str, str]]) -> None:
        if len(body) > min(self.max_item, self.max_bytes):
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= len(old[0])
            self._items[key] = (body, headers)
            self._size += len(body)
            while self._size > self.max_bytes:
                _, (b, _t) = self._items.popitem(last=False)
                self._size -= len(b)
