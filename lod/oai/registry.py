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
from dataclasses import dataclass
from pathlib import Path

from lod.store.base import Store, StoreError
from lod.vocab import DCTERMS, INCLUDED_IN, KIND_SEGMENT, PROV, RDF, RDFS, RECORD, RECORD_SET, RICO, Local

#: item kind -> the RiC-O classes that make one; an agent's set is also named by its type segment
AGENT = "agent"
RULES = "sets-2"  # what read_items decides, versioned: the registry re-reads the store when it changes
COLLECTION = "collection"  # a collection's set, and within it each of its top units' (``collection:nyu:unit~2Fx``)
KINDS = {RECORD: (RICO.Record,), RECORD_SET: (RICO.RecordSet,),
         AGENT: (RICO.Person, RICO.Family, RICO.CorporateBody)}
#: an agent's set is also named by the type segment of its IRIs: ``agent:person``, ``agent:corporate-body``
AGENT_SETS = {str(cls): f"{AGENT}:{KIND_SEGMENT[kind]}"
              for cls, kind in ((RICO.Person, "person"), (RICO.Family, "family"), (RICO.CorporateBody, "organisation"))}
KIND_NAMES = {RECORD: "Records", RECORD_SET: "Record sets (fonds, series, files, EAD units)",
              AGENT: "Agents (people, families, corporate bodies)",
              **dict(zip(AGENT_SETS.values(), ("People", "Families", "Corporate bodies")))}
SETSPEC_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!*'()")

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (identifier TEXT PRIMARY KEY, datestamp TEXT NOT NULL, kind TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS item_sets (spec TEXT NOT NULL, identifier TEXT NOT NULL,
    PRIMARY KEY (spec, identifier)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sets (spec TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class Item:
    """One item: ``Item("http://…/id/record/1", "2026-01-01T00:00:00Z", "record", ("record",))``."""

    identifier: str
    datestamp: str
    kind: str
    sets: tuple[str, ...]
    deleted: bool = False


def spec_part(text: str) -> str:
    """``text`` as one part of a setSpec, every character a setSpec cannot hold written ``~XX``:
    ``spec_part("unit/a b")`` → ``'unit~2Fa~20b'``."""
    return "".join(c if c in SETSPEC_SAFE else "".join(f"~{b:02X}" for b in c.encode()) for c in text)


def collection_spec(key: str, top: str | None = None) -> str:
    """The setSpec of a collection (``collection.toml``'s key), or of one of its top units by document path,
    a set within the collection's: ``collection_spec("wcda")`` → ``'collection:wcda'``,
    ``collection_spec("nyu", "unit/a b")`` → ``'collection:nyu:unit~2Fa~20b'``.
    """
    return f"{COLLECTION}:{spec_part(key)}" + ("" if top is None else f":{spec_part(top)}")


def utc(epoch: float) -> str:
    """An epoch time at the granularity Identify declares: ``utc(0)`` → ``'1970-01-01T00:00:00Z'``."""
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_items(store: Store, local: Local) -> tuple[list[Item], dict[str, str]]:
    """Every item the store holds, and the collection sets' names (spec → name), by five SELECTs."""
    types = ", ".join(f"<{c}>" for cs in KINDS.values() for c in cs)
    own = f'FILTER(?type IN ({types}) && STRSTARTS(STR(?s), "{local.id}"))'
    kind_of = {str(c): k for k, cs in KINDS.items() for c in cs}
    kinds: dict[str, str] = {}
    sets: dict[str, set[str]] = {}
    for r in store.select(f"SELECT DISTINCT ?s ?type WHERE {{ ?s <{RDF.type}> ?type {own} }}"):
        s, k = str(r["s"]), kind_of[str(r["type"])]
        if kinds.get(s) != RECORD:  # a record that is also typed otherwise is a record
            kinds[s] = k
        sets.setdefault(s, set())
        if str(r["type"]) in AGENT_SETS:
            sets[s].add(AGENT_SETS[str(r["type"])])
    stamps = {str(r["s"]): str(r["d"]) for r in store.select(
        f"SELECT ?s (MAX(STR(?t)) AS ?d) WHERE {{ ?s <{RDF.type}> ?type {own} "
        f"GRAPH ?g {{ ?s ?p ?o }} ?g <{PROV.generatedAtTime}> ?t }} GROUP BY ?s")}
    names: dict[str, str] = {}
    part_of = "(" + "|".join(f"<{p}>" for p in INCLUDED_IN) + ")"
    meta = local.meta_graph("collections")
    keys: dict[str, set[str]] = {}  # item -> the keys of the collections it is in
    # an item is in a collection when a graph of the collection describes or names it ...
    for r in store.select(
            f"SELECT DISTINCT ?s ?key ?label WHERE {{ GRAPH <{meta}> {{ ?g <{DCTERMS.isPartOf}> ?c . "
            f"?c <{DCTERMS.identifier}> ?key OPTIONAL {{ ?c <{RDFS.label}> ?label }} }} "
            f"{{ GRAPH ?g {{ ?s ?p ?o }} }} UNION {{ GRAPH ?g {{ ?x ?p ?s }} }} ?s <{RDF.type}> ?type {own} }}"):
        if str(r["s"]) in sets:
            keys.setdefault(str(r["s"]), set()).add(str(r["key"]))
            names[collection_spec(str(r["key"]))] = str(r["label"] if r.get("label") is not None else r["key"])
    # ... or when it holds such an item (an archive's fonds and series, described once for all collections)
    ancestors: dict[str, set[str]] = {}
    for r in store.select(f"SELECT DISTINCT ?s ?up WHERE {{ ?s <{RDF.type}> ?type {own} "
                          f"?s {part_of}+ ?up }}"):
        ancestors.setdefault(str(r["s"]), set()).add(str(r["up"]))
    for s, ks in list(keys.items()):
        for up in ancestors.get(s, ()):
            if up in sets:
                keys.setdefault(up, set()).update(ks)
    # each top unit (a record set in none) is a set within the collection's, of the items under it there
    tops: dict[str, tuple[str, str]] = {}  # top unit -> (document path, name)
    for r in store.select(
            f"SELECT DISTINCT ?top ?label WHERE {{ ?s <{RDF.type}> ?type {own} ?s {part_of} ?top . "
            f"?top a <{RICO.RecordSet}> FILTER NOT EXISTS {{ ?top {part_of} ?up }} "
            f"OPTIONAL {{ ?top <{RDFS.label}> ?label }} }}"):
        path = local.doc_path(r["top"])
        if path is not None:
            tops[str(r["top"])] = (path, str(r["label"]) if r.get("label") is not None else path)
    for s, ks in keys.items():
        sets[s].update(collection_spec(k) for k in ks)
        for top in {s, *ancestors.get(s, ())} & tops.keys():
            for k in ks:
                spec = collection_spec(k, tops[top][0])
                sets[s].add(spec)
                names[spec] = tops[top][1]
    items = [Item(s, stamps.get(s, "1970-01-01T00:00:00Z"), k, tuple(sorted(sets[s] | {k})))
             for s, k in kinds.items()]
    return items, names


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

    def sync(self, store: Store, local: Local) -> None:
        """Bring the registry up to the store's current version (a no-op when it is there)."""
        tag, when = store.version()
        tag = f"{tag} {RULES}"  # new rules (a newer lod on the same store) read the items again
        with self._lock:
            if self.meta("version") != tag:
                items, names = read_items(store, local)
                self.apply(tag, utc(when), items, names)

    def apply(self, tag: str, when: str, items: Iterable[Item], names: dict[str, str]) -> None:
        """Record the items of store version ``tag`` (ingested at ``when``): the others become deleted."""
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
            gone = [i for i, (_, deleted) in old.items() if not deleted and i not in present]
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
