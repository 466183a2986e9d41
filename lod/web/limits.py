"""Per-client limits: how many SPARQL queries one client may have running at once.

A client over its limit is answered **429 Too Many Requests** with ``Retry-After`` at once (no queue: a
public endpoint must not hold connections for a client that is already using its share). Slots are
``flock`` locks on small files, so the limit holds across threads *and* across the web worker processes
that share the directory (``lod serve --workers`` gives them one), and a slot is released by the kernel
when a worker dies. Clients are hashed into a fixed number of buckets, so the directory never holds more
than ``buckets × per_client`` empty files whatever the number of addresses that call.

>>> import tempfile
>>> limiter = ClientLimiter(tempfile.mkdtemp(), per_client=1, retry_after=5)
>>> with limiter.slot("203.0.113.7"):
...     try:
...         with limiter.slot("203.0.113.7"):
...             pass
...     except TooManyRequests as e:
...         print(e.retry_after)
5
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUCKETS = 4096


class TooManyRequests(Exception):
    """The client already runs as many queries as it may; it should retry after ``retry_after`` seconds."""

    def __init__(self, client: str, limit: int, retry_after: int) -> None:
        self.client, self.limit, self.retry_after = client, limit, retry_after
        super().__init__(f"{client} already has {limit} SPARQL quer{'y' if limit == 1 else 'ies'} running "
                         f"(the limit per client); retry after {retry_after} s")


class ClientLimiter:
    """At most ``per_client`` concurrent holders of a slot per client key (0: no limit)."""

    def __init__(self, directory: str | os.PathLike[str] | None, per_client: int, retry_after: int,
                 buckets: int = BUCKETS) -> None:
        self.per_client, self.retry_after, self.buckets = per_client, retry_after, buckets
        self.directory: Path | None = None
        if not per_client:
            return
        if directory is None:  # private to this process: removed with the limiter (or at exit)
            self.directory = Path(tempfile.mkdtemp(prefix="lod-limits-"))
            weakref.finalize(self, shutil.rmtree, self.directory, True)
            return
        self.directory = Path(directory)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OSError(f"cannot create the client-limits directory {self.directory}: {e.strerror or e}") from None

    def _bucket(self, client: str) -> int:
        return int.from_bytes(hashlib.blake2b(client.encode("utf-8", "surrogateescape"),
                                              digest_size=4).digest(), "big") % self.buckets

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """Hold one of ``client``'s slots for the block; raises :class:`TooManyRequests` when none is free."""
        if self.directory is None:
            yield
            return
        bucket = self._bucket(client)
        fd = -1
        for i in range(self.per_client):
            candidate = os.open(self.directory / f"{bucket:04x}-{i}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(candidate, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(candidate)
                continue
            fd = candidate
            break
        if fd < 0:
            raise TooManyRequests(client, self.per_client, self.retry_after)
        try:
            yield
        finally:
            os.close(fd)  # closing the only descriptor of this open file releases the lock
