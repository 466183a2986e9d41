"""The items OAI-PMH serves, in SQLite beside the store (``{store}/oai.sqlite``): identifier, datestamp, kind,
sets and whether it is deleted. Brought up to date with the store's version on first use after an ingest
(:meth:`Registry.sync`): new items added, changed datestamps moved, vanished items kept as deleted.

>>> r = Registry(Path(tempfile.mkdtemp()) / "oai.sqlite")
>>> r.apply("v1", "2026-01-01T00:00:00Z", [Item("x:a", "2025-01-01T00:00:00Z", "record", ("record",))], {})
>>> r.apply("v2", "2026-02-01T00:00:00Z", [], {})
>>> r.get("x:a").deleted, r.get("x:a").datestamp
(True, '2026-02-01T00:00:00Z')
"""
from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import tempfile  # noqa: F401 (the doctest)
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from lod.oai.items import KIND_NAMES, RULES, Item, read_items
from lod.store.base import Store, StoreError
from lod.vocab import Local

__all__ = ["Item", "Registry", "utc"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (identifier TEXT PRIMARY KEY, datestamp TEXT NOT NULL, kind TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS item_sets (spec TEXT NOT NULL, identifier TEXT NOT NULL,
    PRIMARY KEY (spec, identifier)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_sets_of_item ON item_sets (identifier, spec);
CREATE TABLE IF NOT EXISTS sets (spec TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


def utc(epoch: float) -> str:
    """An epoch time at the granularity Identify declares: ``utc(0)`` → ``'1970-01-01T00:00:00Z'``."""
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Registry:
    """The registry file; safe to share between processes (SQLite transactions)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._made = False

    def _db(self) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            if not self._made or not self.path.exists():
                db.executescript(SCHEMA)
                self._made = True
        except sqlite3.Error as e:
            raise StoreError(f"cannot open the OAI-PMH registry {self.path}: {e}") from None
        return db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        try:
            yield db
        except sqlite3.Error as e:
            raise StoreError(f"cannot read the OAI-PMH registry {self.path}: {e}") from None
        finally:
            db.close()

    def meta(self, key: str) -> str | None:
        with self._read() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def secret(self) -> bytes:
        """The key resumption tokens are signed with (made once per registry file)."""
        found = self.meta("secret")
        if found is None:
            with self._read() as db:
                db.execute("INSERT OR IGNORE INTO meta VALUES ('secret', ?)", (secrets.token_hex(16),))
            found = self.meta("secret")
        return bytes.fromhex(found or "")

    def sync(self, store: Store, local: Local, changed: set[str] | None = None, since: str | None = None) -> None:
        """Bring the registry up to the store's current version (a no-op when it is there): by reading the
        items of ``changed`` (an ingest's changed IRIs) when the registry was at version ``since``, the one
        that ingest started from; else by reading every item."""
        tag, when = store.version()
        tag = f"{tag} {RULES}"  # new rules (a newer lod on the same store) read the items again
        with self._lock:
            have = self.meta("version")
            if have == tag:
                return
            if changed is not None and since is not None and have == f"{since} {RULES}":
                items, names = read_items(store, local, only=changed)
                self.apply(tag, utc(when), items, names, scope=changed)
            else:
                items, names = read_items(store, local)
                self.apply(tag, utc(when), items, names)

    def apply(self, tag: str, when: str, items: Iterable[Item], names: dict[str, str],
              scope: set[str] | None = None) -> None:
        """Record the items of store version ``tag`` (ingested at ``when``): the others become deleted (only
        those of ``scope``, when given: the others are left as they were)."""
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
            if (db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone() or (None,))[0] == tag:
                db.execute("ROLLBACK")
                return  # another process did it
            old = {r[0]: (r[1], bool(r[2])) for r in db.execute("SELECT identifier, datestamp, deleted FROM items")}
            present = set()
            for it in items:
                present.add(it.identifier)
                before = old.get(it.identifier)
                stamp = it.datestamp
                if before is not None and before[1]:  # back after a deletion: changed since it was deleted
                    stamp = max(stamp, when)
                if before is None or before != (stamp, False):
                    db.execute("INSERT OR REPLACE INTO items VALUES (?, ?, ?, 0)", (it.identifier, stamp, it.kind))
                db.execute("DELETE FROM item_sets WHERE identifier = ?", (it.identifier,))
                db.executemany("INSERT INTO item_sets VALUES (?, ?)", [(s, it.identifier) for s in it.sets])
            gone = [i for i, (_, deleted) in old.items()
                    if not deleted and i not in present and (scope is None or i in scope)]
            db.executemany("UPDATE items SET deleted = 1, datestamp = ? WHERE identifier = ?", [(when, i) for i in gone])
            db.execute("DELETE FROM sets WHERE spec NOT IN (SELECT spec FROM item_sets)")  # a set no item is in
            db.executemany("INSERT OR REPLACE INTO sets VALUES (?, ?)", [*KIND_NAMES.items(), *names.items()])
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (tag,))
            db.execute("COMMIT")
        except sqlite3.Error as e:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreError(f"cannot update the OAI-PMH registry {self.path}: {e}") from None
        finally:
            db.close()

    def _item(self, db: sqlite3.Connection, row: tuple) -> Item:
        sets = tuple(r[0] for r in db.execute("SELECT spec FROM item_sets WHERE identifier = ? ORDER BY spec",
                                              (row[0],)))
        return Item(row[0], row[1], row[2], sets, bool(row[3]))

    def get(self, identifier: str) -> Item | None:
        with self._read() as db:
            row = db.execute("SELECT identifier, datestamp, kind, deleted FROM items WHERE identifier = ?",
                             (identifier,)).fetchone()
            return self._item(db, row) if row else None

    def page(self, after: str, limit: int, kinds: Iterable[str], start: str | None = None, end: str | None = None,
             spec: str | None = None) -> tuple[list[Item], int, int]:
        """Up to ``limit`` items after identifier ``after`` (in identifier order) of ``kinds`` and set ``spec``,
        datestamped within [start, end]; how many match in all (completeListSize), and how many of them come
        at or before ``after`` (the page's cursor)."""
        where = [f"kind IN ({', '.join('?' * len(kinds := list(kinds)))})"]
        args: list[object] = list(kinds)
        for cond, value in (("datestamp >= ?", start), ("datestamp <= ?", end),
                            ("identifier IN (SELECT identifier FROM item_sets WHERE spec = ?)", spec)):
            if value:
                where.append(cond)
                args.append(value)
        cond = " AND ".join(where)
        with self._read() as db:
            total = db.execute(f"SELECT COUNT(*) FROM items WHERE {cond}", args).fetchone()[0]
            before = db.execute(f"SELECT COUNT(*) FROM items WHERE {cond} AND identifier <= ?",
                                [*args, after]).fetchone()[0]
            rows = db.execute(f"SELECT identifier, datestamp, kind, deleted FROM items WHERE {cond} AND identifier > ? "
                              f"ORDER BY identifier LIMIT ?", [*args, after, limit]).fetchall()
            return [self._item(db, r) for r in rows], total, before

    def sets(self) -> list[tuple[str, str]]:
        """(setSpec, setName) of every set some item is in."""
        with self._read() as db:
            return db.execute("SELECT spec, name FROM sets WHERE spec IN (SELECT spec FROM item_sets) "
                              "ORDER BY spec").fetchall()

    def has_set(self, spec: str) -> bool:
        with self._read() as db:
            return db.execute("SELECT 1 FROM item_sets WHERE spec = ? LIMIT 1", (spec,)).fetchone() is not None

    def earliest(self) -> str:
        with self._read() as db:
            return db.execute("SELECT MIN(datestamp) FROM items").fetchone()[0] or "1970-01-01T00:00:00Z"
