"""A full-text index of records (titles, summaries, bodies) in SQLite FTS5, written by each ingest beside
the store and read by the web layer's search.

>>> # idx = TextIndex(Path("var/store/search.sqlite")); idx.search("Pyongyang", 20, 0)
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """CREATE VIRTUAL TABLE IF NOT EXISTS records USING fts5(
    iri UNINDEXED, title, summary, body, date UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"""
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
            return con
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)

    def update(self, docs: Iterable[Doc], replace_all: bool = False) -> int:
        """Add or replace documents (all of them when ``replace_all``), atomically; returns the count."""
        con = self._connect(write=True)
        n = 0
        try:
            with con:
                if replace_all:
                    con.execute("DELETE FROM records")
                for d in docs:
                    con.execute("DELETE FROM records WHERE iri = ?", (d.iri,))
                    con.execute("INSERT INTO records (iri, title, summary, body, date) VALUES (?, ?, ?, ?, ?)",
                                (d.iri, d.title, d.summary, d.body, d.date))
                    n += 1
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
            rows = con.execute("SELECT iri, title, summary, body, date FROM records WHERE records MATCH ? "
                               "ORDER BY date, iri LIMIT ? OFFSET ?", (match, int(limit), int(offset))).fetchall()
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
