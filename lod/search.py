"""A full-text index of records (titles, summaries, bodies) in SQLite FTS5, written by each ingest beside
the store and read by the web layer's search.

>>> # idx = TextIndex(Path("var/store/search.sqlite")); idx.search("Pyongyang", 20, 0)
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

from lod.store.base import StoreError

SCHEMA = """CREATE VIRTUAL TABLE IF NOT EXISTS records USING fts5(
    iri UNINDEXED, title, summary, body, date UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"""
# FTS5 cannot index a column: an ordinary table finds a record's row by IRI (for replacement) and orders hits
# by date without reading the texts
IDS = ("CREATE TABLE IF NOT EXISTS record_ids (row INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, "
       "date TEXT NOT NULL DEFAULT '')")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Doc:
    iri: str
    title: str
    summary: str
    body: str
    date: str


class TextIndex:
    """One SQLite file; writers replace documents by IRI in one transaction, readers open it read-only."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        return self.path.exists()

    def _connect(self, write: bool = False) -> sqlite3.Connection:
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path)
            con.execute(SCHEMA)
            columns = [r[1] for r in con.execute("PRAGMA table_info(record_ids)")]
            if columns and "date" not in columns:  # an earlier shape of the table: rebuilt below
                con.execute("DROP TABLE record_ids")
            con.execute(IDS)
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
            if self.path.exists() and not replace_all:
                shutil.copyfile(self.path, tmp)
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
                for d in docs:
                    old = None if replace_all else con.execute("SELECT row FROM record_ids WHERE iri = ?",
                                                               (d.iri,)).fetchone()
                    if old is not None:
                        con.execute("DELETE FROM records WHERE rowid = ?", old)
                        con.execute("DELETE FROM record_ids WHERE row = ?", old)
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

    def search(self, q: str, limit: int, offset: int) -> tuple[int, list[dict]]:
        """Records matching every word of ``q`` (words match at their start, accents ignored), by date:
        (total, hits) with hits ``{"iri", "title", "date", "field", "text"}`` as the search page shows them."""
        words = _WORD.findall(q)
        if not words:
            return 0, []
        match = " ".join('"' + w.replace('"', '""') + '"*' for w in words[:32])
        con = self._connect()
        try:
            total = con.execute("SELECT COUNT(*) FROM records WHERE records MATCH ?", (match,)).fetchone()[0]
            # the page is chosen on (date, iri) in record_ids; only its rows' texts are read
            page = [r[0] for r in con.execute(
                "SELECT row FROM record_ids WHERE row IN (SELECT rowid FROM records WHERE records MATCH ?) "
                "ORDER BY date, iri LIMIT ? OFFSET ?", (match, int(limit), int(offset)))]
            found = {r[0]: r[1:] for r in con.execute(
                f"SELECT rowid, iri, title, summary, body, date FROM records WHERE rowid IN "
                f"({','.join('?' * len(page))})", page)} if page else {}
            rows = [found[r] for r in page if r in found]
        finally:
            con.close()
        first = words[0].lower()
        hits = []
        for iri, title, summary, body, date in rows:
            field, text = next(((name, value) for name, value in (("title", title), ("summary", summary),
                                                                 ("text", body)) if first in value.lower()),
                               ("", ""))
            hits.append({"iri": iri, "title": title, "date": date or None, "field": field, "text": text})
        return total, hits


class Staged:
    """Documents buffered in batches into a staging index (see :meth:`TextIndex.staged`)."""

    BATCH = 2000

    def __init__(self, index: TextIndex, replace_all: bool) -> None:
        self.index = index
        self._first = replace_all
        self._buffer: list[Doc] = []
        self.count = 0

    def add(self, doc: Doc) -> None:
        self._buffer.append(doc)
        if len(self._buffer) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if self._buffer or self._first:
            self.count += self.index.update(self._buffer, replace_all=self._first)
            self._first = False
            self._buffer = []
