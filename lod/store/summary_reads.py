"""Reading the summaries (:mod:`lod.store.summaries`) for one entity's page: each read is one index range
scan of the rows of one entity (a page of records by date, the first N of a ranked list, a count), so a page
costs the same whether its subject is named by one record or by half of them. ``reads`` counts them.

>>> from lod.mapping.summary import Contribution, Link
>>> from lod.store.summaries import Summaries
>>> s = Summaries(Path("summaries.sqlite"))
>>> with s.staged(replace_all=True) as w:
...     w.add(Contribution("r:1", "1950-04-10", "A telegram", links={"p:kim": Link(("rico:hasSender",))}))
>>> r = SummaryReader(s.path)
>>> r.total("p:kim", "records"), [row[0] for row in r.records("p:kim", 0, 10)], r.reads
(1, ['r:1'], 2)
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from lod.store.base import StoreError

#: the ranked lists a page shows the first of, and pages through: list name -> (table, columns)
LISTS = {
    "correspondents": ("correspondents", "other, sent, received"),
    "co-mentioned": ("co_mentioned", "other, n"),
    "names": ("name_forms", "form, n, first, last"),
    "offices": ("held_offices", "position, first, last, n, forms"),
}
_WHICH = {"all": "", "other": "AND other = 1", "held": "AND held = 1"}
_INDEX = {"all": "links_date", "other": "links_other", "held": "links_held"}


class SummaryReader:
    """A read-only connection to the summaries file (opened per request: an ingest swaps the file)."""

    def __init__(self, path: Path) -> None:
        try:
            self.con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"cannot read the summaries at {path}: {e}") from None
        self.reads = 0

    def close(self) -> None:
        self.con.close()

    def unreadable(self) -> str | None:
        """Why this file cannot be read as the summaries (corrupt, or of another shape), or None."""
        from lod.store.summaries import VERSION

        try:
            shape = self.con.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as e:
            return str(e)
        return None if shape == VERSION else f"a file of shape {shape}, not {VERSION}"

    def _rows(self, sql: str, args: tuple) -> list[tuple]:
        self.reads += 1
        try:
            return self.con.execute(sql, args).fetchall()
        except sqlite3.Error as e:
            raise StoreError(f"cannot read the summaries: {e}") from None

    def total(self, entity: str, name: str) -> int:
        """How many: ``records`` (all that point to ``entity``), ``other`` (but as holding archive), ``held``,
        or the length of one of :data:`LISTS`."""
        if name in LISTS:
            table = LISTS[name][0]
            rows = self._rows(f"SELECT MAX(rank) FROM {table} WHERE entity = ?", (entity,))
        else:
            rows = self._rows("SELECT n FROM totals WHERE entity = ? AND list = ?", (entity, name))
        return int(rows[0][0] or 0) if rows else 0

    def label(self, entity: str) -> str | None:
        """The entity's label ('' when it has none), None when the summaries know nothing of it."""
        rows = self._rows("SELECT COALESCE(label, '') FROM labels WHERE iri = ?", (entity,))
        return rows[0][0] if rows else None

    def records(self, entity: str, offset: int, limit: int, which: str = "all") -> list[tuple]:
        """(record, date, title, form, form label, predicates) of one page of the records pointing to
        ``entity``, by date (undated first), ``which``: ``all``, ``other`` or ``held``."""
        return self._rows(f"""
            SELECT l.record, r.date, r.title, r.form, f.label, l.preds
            FROM (SELECT record, preds, date FROM links INDEXED BY {_INDEX[which]} WHERE entity = ? {_WHICH[which]}
                  ORDER BY date, record LIMIT ? OFFSET ?) l
            JOIN records r ON r.iri = l.record LEFT JOIN labels f ON f.iri = r.form
            ORDER BY l.date, l.record""", (entity, int(limit), int(offset)))

    def years(self, entity: str) -> list[tuple[int, int, int]]:
        """(year, records as sender/addressee/creator, other records) per year."""
        return self._rows("SELECT year, own, other FROM years WHERE entity = ? ORDER BY year", (entity,))

    def ranked(self, entity: str, name: str, offset: int, limit: int) -> list[tuple]:
        """Ranks ``offset+1`` to ``offset+limit`` of one of :data:`LISTS`, each row its columns and then the
        label and types of what it names (correspondents, people, positions; none for name forms)."""
        table, columns = LISTS[name]
        first = columns.split(",")[0]
        joined = "" if name == "names" else f"LEFT JOIN labels l ON l.iri = t.{first}"
        extra = ", NULL, ''" if name == "names" else ", l.label, COALESCE(l.types, '')"
        return self._rows(f"""SELECT {", ".join("t." + c.strip() for c in columns.split(","))}{extra}
                              FROM {table} t {joined} WHERE t.entity = ? AND t.rank > ? AND t.rank <= ?
                              ORDER BY t.rank""", (entity, int(offset), int(offset) + int(limit)))

    def first_records(self, entity: str, name: str, keys: list[str]) -> list[tuple[str, str, str, str]]:
        """(key, record, title, date) of the first records of each of ``keys``: the records using each name
        form of ``entity`` (``name`` ``names``), or evidencing each office it held (``offices``)."""
        if not keys:
            return []
        table, key = {"names": ("name_form_records", "form"), "offices": ("office_records", "position")}[name]
        marks = ", ".join("?" * len(keys))
        return self._rows(f"""SELECT t.{key}, t.record, r.title, r.date FROM {table} t
                              JOIN records r ON r.iri = t.record WHERE t.entity = ? AND t.{key} IN ({marks})
                              ORDER BY t.{key}, t.rank""", (entity, *keys))
