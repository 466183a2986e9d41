"""A full-text index of records (titles, summaries, bodies) and of the names of the people, bodies and places
they mention (every preferred and variant form), in SQLite FTS5, written by each ingest beside the store and
read by the web layer's search. A search finds the records whose text matches and the records mentioning an
entity one of whose names matches: "Kim Ir Sen" finds Kim Il Sung and the records naming him.

>>> idx = TextIndex(Path("search.sqlite"))
>>> idx.update([Doc("r:1", "Telegram", "", "Kim Il Sung agreed.", "1950-04-10", ("p:kim",))])
1
>>> idx.set_names([Name("p:kim", "person", "Kim Il Sung", n) for n in ("Kim Il Sung", "Kim Ir Sen")])
>>> [m["label"] for m in idx.entities("kim ir sen", 5)], idx.search("Ir Sen", 5, 0)[1][0]["mentions"]
(['Kim Il Sung'], ['Kim Il Sung'])
"""
from __future__ import annotations

import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from lod.store.base import StoreError, Triple
from lod.vocab import FOAF, RDF, RDFS, RICO, SKOS
from lod.vocab import SCHEMA as SCHEMA_ORG  # SCHEMA here is the index's table

SCHEMA = """CREATE VIRTUAL TABLE IF NOT EXISTS records USING fts5(
    iri UNINDEXED, title, summary, body, date UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"""
# FTS5 cannot index a column: an ordinary table finds a record's row by IRI (for replacement) and orders hits
# by date without reading the texts
IDS = ("CREATE TABLE IF NOT EXISTS record_ids (row INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, "
       "date TEXT NOT NULL DEFAULT '')")
# which entities each record mentions (or is sent, addressed, created by…): a record is found by their names
LINKS = ("CREATE TABLE IF NOT EXISTS record_entities (record TEXT NOT NULL, entity TEXT NOT NULL, "
         "PRIMARY KEY (record, entity)) WITHOUT ROWID")
LINKS_BY_ENTITY = "CREATE INDEX IF NOT EXISTS record_entities_entity ON record_entities (entity, record)"
NAMES = """CREATE VIRTUAL TABLE IF NOT EXISTS names USING fts5(
    iri UNINDEXED, kind UNINDEXED, label UNINDEXED, name, tokenize = 'unicode61 remove_diacritics 2')"""
_WORD = re.compile(r"\w+", re.UNICODE)


class UnreadableIndex(StoreError):
    """The index file is there but cannot be read (corrupt, or not SQLite)."""


@dataclass(frozen=True)
class Doc:
    iri: str
    title: str
    summary: str
    body: str
    date: str
    entities: tuple[str, ...] = ()  # IRIs of the people, bodies, places the record names


@dataclass(frozen=True)
class Name:
    """One name (preferred or variant) of an entity, with the entity's kind and display label."""

    iri: str
    kind: str  # person | organisation | place | group
    label: str
    name: str


class TextIndex:
    """One SQLite file; writers replace documents by IRI in one transaction, readers open it read-only."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.exists()

    def readable(self) -> bool:
        """Whether the file is there and reads as SQLite (a corrupt one is treated as absent: the search scans
        the store, and the next ingest writes the index anew).

        >>> p = Path("not-an-index.sqlite"); _ = p.write_bytes(b"garbage" * 100)
        >>> TextIndex(p).readable(), TextIndex(p).current()
        (False, False)
        >>> p.unlink()
        """
        return self._shape() is not None

    def current(self) -> bool:
        """Whether the index exists in its present shape (an older one lacks the entity names, a corrupt one
        cannot be read: an ingest then indexes every record again, not only the changed ones)."""
        return bool(self._shape())

    def _shape(self) -> bool | None:
        """Whether the file has the names tables; None when it is missing or not readable as SQLite."""
        if not self.exists():
            return None
        try:
            con = self._connect()
        except sqlite3.Error:
            return None
        try:
            return _has_names(con)
        except sqlite3.DatabaseError:
            return None
        finally:
            con.close()

    def _connect(self, write: bool = False) -> sqlite3.Connection:
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path)
            con.execute(SCHEMA)
            columns = [r[1] for r in con.execute("PRAGMA table_info(record_ids)")]
            if columns and "date" not in columns:  # an earlier shape of the table: rebuilt below
                con.execute("DROP TABLE record_ids")
            con.execute(IDS)
            con.execute(LINKS)
            con.execute(LINKS_BY_ENTITY)
            con.execute(NAMES)
            if con.execute("SELECT (SELECT COUNT(*) FROM record_ids) = 0 AND EXISTS (SELECT 1 FROM records)"
                           ).fetchone()[0]:  # an index written before record_ids existed
                con.execute("INSERT INTO record_ids (row, iri, date) SELECT rowid, iri, date FROM records")
                con.commit()
            return con
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def update(self, docs: Iterable[Doc], replace_all: bool = False) -> int:
        """Add or replace documents (all of them when ``replace_all``), atomically; returns the count."""
        return self._update(self._connect(write=True), docs, replace_all)

    @contextmanager
    def staged(self, replace_all: bool = False) -> Iterator["Staged"]:
        """A copy of the index to add documents to while an ingest runs; it replaces the index (one
        ``rename``) only when the block ends without an exception, so the index never runs ahead of
        the store and never holds a half-written ingest."""
        tmp = self.path.with_name(self.path.name + ".new")
        try:
            tmp.unlink(missing_ok=True)
            if not replace_all and self.readable():  # a corrupt index is not carried on: written anew
                shutil.copyfile(self.path, tmp)
            elif not replace_all and self.path.exists():
                replace_all = True
        except OSError as e:  # a read-only or full disk: said plainly, before anything is written
            raise StoreError(f"cannot write the search index beside {self.path}: {e.strerror or e}") from None
        staged = Staged(TextIndex(tmp), replace_all)
        try:
            yield staged  # an exception here (the store did not change) leaves the old index as it was
            try:
                staged.flush()
                os.replace(tmp, self.path)
            except (OSError, sqlite3.Error, StoreError) as e:
                # the store has changed but its index could not: an old index would now mislead, so it goes
                self.path.unlink(missing_ok=True)
                raise StoreError(f"the store was updated but its search index could not be written ({e}); the "
                                 f"old index was removed: rebuild it with `lod ingest --replace` on all inputs"
                                 ) from None
        finally:
            tmp.unlink(missing_ok=True)

    def _update(self, con: sqlite3.Connection, docs: Iterable[Doc], replace_all: bool) -> int:
        n = 0
        try:
            with con:
                if replace_all:
                    con.execute("DELETE FROM records")
                    con.execute("DELETE FROM record_ids")
                    con.execute("DELETE FROM record_entities")
                for d in docs:
                    old = None if replace_all else con.execute("SELECT row FROM record_ids WHERE iri = ?",
                                                               (d.iri,)).fetchone()
                    if old is not None:
                        con.execute("DELETE FROM records WHERE rowid = ?", old)
                        con.execute("DELETE FROM record_ids WHERE row = ?", old)
                    con.execute("DELETE FROM record_entities WHERE record = ?", (d.iri,))
                    con.executemany("INSERT OR IGNORE INTO record_entities (record, entity) VALUES (?, ?)",
                                    [(d.iri, e) for e in d.entities])
                    row = con.execute("INSERT INTO records (iri, title, summary, body, date) VALUES (?, ?, ?, ?, ?)",
                                      (d.iri, d.title, d.summary, d.body, d.date)).lastrowid
                    con.execute("INSERT OR REPLACE INTO record_ids (row, iri, date) VALUES (?, ?, ?)",
                                (row, d.iri, d.date or ""))
                    n += 1
        except sqlite3.OperationalError as e:  # disk full, unwritable directory: said plainly, not a traceback
            raise StoreError(f"cannot write the search index {self.path}: {e}") from None
        finally:
            con.close()
        return n

    def set_names(self, names: Iterable[Name]) -> None:
        """Replace the names of every entity (an ingest writes them all: the entity graph is whole)."""
        con = self._connect(write=True)
        try:
            with con:
                con.execute("DELETE FROM names")
                con.executemany("INSERT INTO names (iri, kind, label, name) VALUES (?, ?, ?, ?)",
                                [(n.iri, n.kind, n.label, n.name) for n in names])
        except sqlite3.OperationalError as e:
            raise StoreError(f"cannot write the search index {self.path}: {e}") from None
        finally:
            con.close()

    def entities(self, q: str, limit: int) -> list[dict]:
        """The entities whose names match ``q`` (:meth:`_entities`); :class:`UnreadableIndex` if the file is corrupt."""
        return self._reading(self._entities, q, limit)

    def search(self, q: str, limit: int, offset: int) -> tuple[int, list[dict]]:
        """The records matching ``q`` (:meth:`_search`); :class:`UnreadableIndex` if the file is corrupt."""
        return self._reading(self._search, q, limit, offset)

    def _reading(self, read, *args):
        """``read(*args)``; a file SQLite cannot read raises :class:`UnreadableIndex`, naming it."""
        try:
            return read(*args)
        except sqlite3.DatabaseError as e:
            raise UnreadableIndex(f"the search index {self.path} cannot be read ({e})") from None

    def _entities(self, q: str, limit: int) -> list[dict]:
        """People, bodies and places one of whose names holds every word of ``q`` (at their start, accents
        ignored): ``{"iri", "label", "kind", "records"}``, a name equal to ``q`` first, then by records."""
        match = _match(q)
        if not match:
            return []
        con = self._connect()
        try:
            if not _has_names(con):
                return []
            rows = con.execute(
                "SELECT n.iri, n.kind, n.label, MAX(lower(n.name) = lower(?)) AS exact, "
                "(SELECT COUNT(*) FROM record_entities e WHERE e.entity = n.iri) AS records "
                "FROM names n WHERE names MATCH ? GROUP BY n.iri ORDER BY exact DESC, records DESC, n.label "
                "LIMIT ?", (" ".join(q.split()), match, int(limit))).fetchall()
        finally:
            con.close()
        return [{"iri": iri, "label": label, "kind": kind, "records": n} for iri, kind, label, _, n in rows]

    def _search(self, q: str, limit: int, offset: int) -> tuple[int, list[dict]]:
        """Records matching every word of ``q`` (words match at their start, accents ignored), or naming an
        entity one of whose names does, by date: (total, hits) with hits ``{"iri", "title", "date", "field",
        "text", "mentions"}`` as the search page shows them (``mentions``: the labels of the matching
        entities the record names)."""
        match = _match(q)
        if not match:
            return 0, []
        con = self._connect()
        try:
            named = _has_names(con)
            rows_sql = "SELECT rowid FROM records WHERE records MATCH ?"
            args: tuple = (match,)
            if named:  # the records naming a matching entity, found through record_ids (iri → row)
                rows_sql += (" UNION SELECT i.row FROM record_ids i JOIN record_entities e ON e.record = i.iri "
                             "WHERE e.entity IN (SELECT iri FROM names WHERE names MATCH ?)")
                args = (match, match)
            total = con.execute(f"SELECT COUNT(*) FROM ({rows_sql})", args).fetchone()[0]
            # the page is chosen on (date, iri) in record_ids; only its rows' texts are read
            page = [r[0] for r in con.execute(
                f"SELECT row FROM record_ids WHERE row IN ({rows_sql}) ORDER BY date, iri LIMIT ? OFFSET ?",
                (*args, int(limit), int(offset)))]
            found = {r[0]: r[1:] for r in con.execute(
                f"SELECT rowid, iri, title, summary, body, date FROM records WHERE rowid IN "
                f"({','.join('?' * len(page))})", page)} if page else {}
            rows = [found[r] for r in page if r in found]
            mentions: dict[str, list[str]] = {}
            if named and rows:
                for record, label in con.execute(
                        f"SELECT DISTINCT e.record, n.label FROM record_entities e JOIN names n ON n.iri = e.entity "
                        f"WHERE names MATCH ? AND e.record IN ({','.join('?' * len(rows))}) ORDER BY n.label",
                        (match, *(r[0] for r in rows))):
                    mentions.setdefault(record, []).append(label)
        finally:
            con.close()
        first = _WORD.findall(q)[0].lower()
        hits = []
        for iri, title, summary, body, date in rows:
            field, text = next(((name, value) for name, value in (("title", title), ("summary", summary),
                                                                 ("text", body)) if first in value.lower()),
                               ("", ""))
            hits.append({"iri": iri, "title": title, "date": date or None, "field": field, "text": text,
                         "mentions": mentions.get(iri, [])})
        return total, hits


def _match(q: str) -> str:
    """An FTS5 query holding every word of ``q`` as a prefix, nothing of FTS5's syntax interpreted."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in _WORD.findall(q)[:32])


def _has_names(con: sqlite3.Connection) -> bool:
    """Whether the index has the names tables (an index written before they existed has not)."""
    return con.execute("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('names', 'record_entities')"
                       ).fetchone()[0] == 2


class Staged:
    """Documents buffered in batches into a staging index (see :meth:`TextIndex.staged`)."""

    BATCH = 2000

    def __init__(self, index: TextIndex, replace_all: bool) -> None:
        self.index = index
        self._first = replace_all
        self._buffer: list[Doc] = []
        self.count = 0

    def set_names(self, names: Iterable[Name]) -> None:
        self.index.set_names(names)

    def add(self, doc: Doc) -> None:
        self._buffer.append(doc)
        if len(self._buffer) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self._buffer or self._first:
            self.count += self.index.update(self._buffer, replace_all=self._first)
            self._first = False
            self._buffer = []


# what the search finds by name, and how it calls each kind
NAMED_KINDS = {RICO.Person: "person", RICO.CorporateBody: "organisation", RICO.Place: "place", RICO.Group: "group"}
NAME_PROPERTIES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name, SCHEMA_ORG.name)


def entity_names(triples: Iterable[Triple]) -> list[Name]:
    """Every name (preferred, variant, name forms the records use) of the people, bodies, places and groups
    of the entity graph, for the search index; sorted, each once.

    >>> from rdflib import Literal, URIRef
    >>> p = URIRef("http://x/id/person/kim-il-sung")
    >>> [n.name for n in entity_names([(p, RDF.type, RICO.Person), (p, RDFS.label, Literal("Kim Il Sung", lang="en")),
    ...                                (p, SKOS.altLabel, Literal("Kim Ir Sen"))])]
    ['Kim Il Sung', 'Kim Ir Sen']
    """
    kinds: dict[URIRef, str] = {}
    labels: dict[URIRef, str] = {}
    names: dict[URIRef, set[str]] = {}
    for s, p, o in triples:
        if p == RDF.type and o in NAMED_KINDS:
            kinds.setdefault(s, NAMED_KINDS[o])
        elif p in NAME_PROPERTIES and isinstance(o, Literal):
            names.setdefault(s, set()).add(" ".join(str(o).split()))
            if p == RDFS.label:
                labels[s] = str(o)
    return [Name(str(s), kind, labels.get(s) or min(names.get(s, {str(s)})), n)
            for s, kind in sorted(kinds.items()) for n in sorted(names.get(s, ()))]
