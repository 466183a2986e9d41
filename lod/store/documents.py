"""The shared document store: what every worker (and every restart) reuses of the documents made from a
store — descriptions and rendered bodies — in one SQLite file beside it (``DIR/documents.sqlite``).

Triples (as N-Triples) and bodies are kept zlib-compressed (a tenth of the size, for a fraction of a
millisecond). Each row is tagged with the generation it was made from (an orderable number). An ingest records, before
its generation becomes current, the IRIs whose documents it changed (``changes``; ``*`` stands for every
IRI). A row made at generation g0 is taken by a reader at generation G when g0 <= G and none of its IRI's
changes lies in (g0, G]: so an unchanged resource keeps its body (and its content-hash ETag) across
ingests, a reader never takes a row of a newer generation, and a newer one never takes a stale row.

Any failure of the file (corrupt, unwritable, missing directory) turns the store off for the process, with
one warning in the log: serving goes on by describing, as without it.

>>> import tempfile, pathlib
>>> docs = DocumentStore(pathlib.Path(tempfile.mkdtemp()) / "documents.sqlite", lambda tag: int(tag[4:]))
>>> docs.keep_body("gen-1", "http://x/id/a", "1 default turtle", b"<a> <b> <c> .", [("ETag", '"e1"')])
>>> docs.body("gen-1", "http://x/id/a", "1 default turtle")
(b'<a> <b> <c> .', [('ETag', '"e1"')])
>>> docs.record_changes("gen-2", ["http://x/id/a"]); docs.body("gen-2", "http://x/id/a", "1 default turtle")
>>> docs.body("gen-1", "http://x/id/a", "1 default turtle")[0]  # a reader still on gen-1 keeps its row
b'<a> <b> <c> .'
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from lod.formats import NTRIPLES
from lod.store.describe import Description

log = logging.getLogger(__name__)
EVERYTHING = "*"  # a change of every IRI (a rebuild, or an ingest that changed most of the store)
Headers = list[tuple[str, str]]
SCHEMA = """
CREATE TABLE IF NOT EXISTS changes (iri TEXT NOT NULL, gen INTEGER NOT NULL, PRIMARY KEY (iri, gen)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS descriptions (iri TEXT NOT NULL, page INTEGER NOT NULL, page_size INTEGER NOT NULL,
  gen INTEGER NOT NULL, inbound INTEGER NOT NULL, triples BLOB NOT NULL, PRIMARY KEY (iri, page, page_size));
CREATE TABLE IF NOT EXISTS bodies (iri TEXT NOT NULL, key TEXT NOT NULL, gen INTEGER NOT NULL, body BLOB NOT NULL,
  headers TEXT NOT NULL, PRIMARY KEY (iri, key));
"""
_KEEP_DESCRIPTION = ("INSERT INTO descriptions VALUES (:iri, :page, :size, :g, :inbound, :t) ON CONFLICT (iri, page, "
                     "page_size) DO UPDATE SET gen = excluded.gen, inbound = excluded.inbound, "
                     "triples = excluded.triples WHERE excluded.gen >= descriptions.gen")
_KEEP_BODY = ("INSERT INTO bodies VALUES (:iri, :key, :g, :body, :headers) ON CONFLICT (iri, key) DO UPDATE "
              "SET gen = excluded.gen, body = excluded.body, headers = excluded.headers WHERE excluded.gen >= bodies.gen")
# a row is valid at generation :g when made at or before it and no change of its IRI (or of all) came since
_VALID = ("gen <= :g AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.iri IN (:iri, '*') "
          "AND c.gen > {t}.gen AND c.gen <= :g)")


class DocumentStore:
    """Descriptions and rendered documents of one store, shared by every process that serves it.
    ``order`` turns the store's version tag into the generation's number."""

    def __init__(self, path: Path, order: Callable[[str], int], timeout: float = 2.0) -> None:
        self.path = path
        self.order = order
        self.timeout = timeout
        self.broken: str | None = None  # why this process stopped using it
        self._local = threading.local()
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"DocumentStore({str(self.path)!r})"

    # -- the connection -----------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        """This thread's connection, made on first use; anew in a forked worker, or when the file was
        replaced (an ingest that found it unusable starts it anew)."""
        try:
            ino = os.stat(self.path).st_ino
        except FileNotFoundError:
            ino = None
        mine = getattr(self._local, "db", None)
        if mine is not None and mine[0] == (os.getpid(), ino):
            return mine[1]
        if mine is not None and mine[0][0] == os.getpid():  # never a connection a parent process made
            mine[1].close()
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
        except sqlite3.Error:
            db.close()
            raise
        self._local.db = ((os.getpid(), os.stat(self.path).st_ino), db)
        return db

    def _failed(self, e: sqlite3.Error, doing: str) -> None:
        """A failure of the file: a busy database skips one write; anything else turns the store off here."""
        if isinstance(e, sqlite3.OperationalError) and "locked" in str(e):
            log.info("document store %s busy while %s: skipped", self.path, doing)
            return
        with self._lock:
            if self.broken is None:
                self.broken = f"{type(e).__name__}: {e}"
                log.warning("document store %s unusable while %s (%s): this process serves without it "
                            "(each worker describes for itself)", self.path, doing, self.broken)

    # -- reading and keeping ------------------------------------------------------------------------
    def description(self, tag: str, iri: str, page: int, page_size: int) -> Description | None:
        """The description of ``iri`` valid at generation ``tag``, or None."""
        row = self._one(f"SELECT inbound, triples FROM descriptions d WHERE iri = :iri AND page = :page AND "
                        f"page_size = :size AND {_VALID.format(t='d')}",
                        {"iri": iri, "page": page, "size": page_size, "g": self.order(tag)}, "reading a description")
        if row is None:
            return None
        try:
            triples = [q.triple for q in ox.parse(zlib.decompress(row[1]), format=NTRIPLES.oxigraph)]
        except (zlib.error, SyntaxError, ValueError) as e:  # a row damaged on disk: as if there were none
            log.warning("document store %s: damaged description of %s (%s): described anew", self.path, iri, e)
            return None
        return Description(URIRef(iri), triples, row[0], page, page_size)

    def keep_description(self, tag: str, desc: Description) -> None:
        """Keep a description read at generation ``tag`` (not over a row of a newer generation)."""
        self.keep_all(tag, [desc], [])

    def keep_all(self, tag: str, descriptions: Iterable[Description],
                 bodies: Iterable[tuple[str, str, bytes, Headers]]) -> None:
        """Keep descriptions and documents (``(iri, key, body, headers)``) read at ``tag`` in one short
        transaction: made before it begins, so the file is locked only while the rows are written."""
        g = self.order(tag)
        rows = [{"iri": str(d.iri), "page": d.page, "size": d.page_size, "g": g, "inbound": d.inbound,
                 "t": zlib.compress(ox.serialize(d.triples, format=NTRIPLES.oxigraph) or b"", 1)}
                for d in descriptions]
        docs = [{"iri": iri, "key": key, "g": g, "body": zlib.compress(body, 1), "headers": json.dumps(headers)}
                for iri, key, body, headers in bodies]
        self._write_many([(_KEEP_DESCRIPTION, rows), (_KEEP_BODY, docs)], "keeping documents")

    def body(self, tag: str, iri: str, key: str) -> tuple[bytes, Headers] | None:
        """A rendered document of ``iri`` (``key``: page, profile, format) valid at ``tag``, or None."""
        row = self._one("SELECT body, headers FROM bodies b WHERE iri = :iri AND key = :key AND "
                        + _VALID.format(t="b"),
                        {"iri": iri, "key": key, "g": self.order(tag)}, "reading a document")
        if row is None:
            return None
        try:
            return zlib.decompress(row[0]), [(str(k), str(v)) for k, v in json.loads(row[1])]
        except (zlib.error, ValueError, TypeError) as e:  # a row damaged on disk: as if there were none
            log.warning("document store %s: damaged document of %s (%s): made anew", self.path, iri, e)
            return None

    def keep_body(self, tag: str, iri: str, key: str, body: bytes, headers: Headers) -> None:
        """Keep a document rendered from generation ``tag``."""
        self.keep_all(tag, [], [(iri, key, body, headers)])

    def _one(self, sql: str, args: dict, doing: str) -> tuple | None:
        if self.broken:
            return None
        try:
            return self._db().execute(sql, args).fetchone()
        except sqlite3.Error as e:
            self._failed(e, doing)
            return None

    def _write_many(self, work: list[tuple[str, list[dict]]], doing: str) -> None:
        """Each statement with each of its rows, in one transaction (all or none)."""
        work = [(sql, rows) for sql, rows in work if rows]
        if self.broken or not work:
            return
        try:
            db = self._db()
        except sqlite3.Error as e:
            self._failed(e, doing)
            return
        try:
            if sum(len(rows) for _, rows in work) == 1:  # autocommit: no transaction of its own
                db.execute(work[0][0], work[0][1][0])
                return
            db.execute("BEGIN IMMEDIATE")
            try:
                for sql, rows in work:
                    db.executemany(sql, rows)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            self._failed(e, doing)

    # -- what an ingest changed ---------------------------------------------------------------------
    def record_changes(self, tag: str, iris: Iterable[str] | None) -> None:
        """Record that generation ``tag`` changed the documents of ``iris`` (None: of everything), before it
        becomes current. Raises sqlite3.Error: an ingest that cannot record its changes must not publish
        (readers would take stale rows) unless it removes the file (:meth:`remove`)."""
        gen = self.order(tag)
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            if iris is None:
                db.execute("INSERT OR IGNORE INTO changes VALUES ('*', ?)", (gen,))
                for table in ("descriptions", "bodies", "changes"):  # nothing older can be taken at gen or later
                    db.execute(f"DELETE FROM {table} WHERE gen < ?", (gen,))
            else:
                db.executemany("INSERT OR IGNORE INTO changes VALUES (?, ?)", ((i, gen) for i in iris))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def remove(self) -> None:
        """Delete the file (and its WAL): what a rebuild, or an ingest that cannot record changes, does."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def counts(self) -> dict[str, int]:
        """Rows per table (for tests and the ingest summary)."""
        db = self._db()
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("changes", "descriptions", "bodies")}

    def close(self) -> None:
        mine = getattr(self._local, "db", None)
        if mine is not None and mine[0][0] == os.getpid():  # never a connection a parent process made
            mine[1].close()
            self._local.db = None
