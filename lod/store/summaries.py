"""The summaries of the people, bodies and places (and every other thing records point to), kept in SQLite
beside the store, written by each ingest, read by the entity pages (:mod:`lod.store.summary_reads`).

Two levels: each record's contribution (:mod:`lod.mapping.summary`), replaced when the record is mapped
again, and per entity what the pages show (records by year, correspondents, people named together, name
forms, offices, with ranks), recomputed at the end of an ingest for the entities whose records changed, in
one set of SQL statements over all of them. Every page read is then an index range scan.

>>> from lod.mapping.summary import Contribution, Link
>>> s = Summaries(Path("summaries.sqlite"))
>>> with s.staged(replace_all=True) as w:
...     w.add(Contribution("r:1", "1950-04-10", "A telegram", links={"p:kim": Link(("rico:hasSender",))}))
>>> s.exists(), Path("summaries.sqlite.new").exists()
(True, False)
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from lod.mapping.summary import Contribution
from lod.store.base import StoreError

VERSION = 1  # the shape of the file; another shape is rebuilt from the store
FIRST = 20  # records kept per name form and per office (the rest counted)

SCHEMA = f"""
PRAGMA user_version = {VERSION};
CREATE TABLE IF NOT EXISTS records (iri TEXT PRIMARY KEY, date TEXT NOT NULL, title TEXT NOT NULL,
    form TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS links (entity TEXT NOT NULL, record TEXT NOT NULL, date TEXT NOT NULL, year INTEGER,
    preds TEXT NOT NULL, own INTEGER NOT NULL, agent INTEGER NOT NULL, held INTEGER NOT NULL,
    other INTEGER NOT NULL, PRIMARY KEY (entity, record)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS links_record ON links (record);
CREATE INDEX IF NOT EXISTS links_date ON links (entity, date, record);
CREATE INDEX IF NOT EXISTS links_held ON links (entity, held, date, record);
CREATE INDEX IF NOT EXISTS links_other ON links (entity, other, date, record);
CREATE TABLE IF NOT EXISTS pairs (record TEXT NOT NULL, sender TEXT NOT NULL, addressee TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS pairs_record ON pairs (record);
CREATE TABLE IF NOT EXISTS forms (record TEXT NOT NULL, entity TEXT NOT NULL, form TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS forms_record ON forms (record);
CREATE INDEX IF NOT EXISTS forms_entity ON forms (entity, form);
CREATE TABLE IF NOT EXISTS offices (record TEXT NOT NULL, person TEXT NOT NULL, position TEXT NOT NULL,
    date TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS offices_record ON offices (record);
CREATE INDEX IF NOT EXISTS offices_person ON offices (person, position);
CREATE TABLE IF NOT EXISTS office_forms (record TEXT NOT NULL, person TEXT NOT NULL, position TEXT NOT NULL,
    form TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS office_forms_record ON office_forms (record);
CREATE INDEX IF NOT EXISTS office_forms_person ON office_forms (person, position);
CREATE TABLE IF NOT EXISTS labels (iri TEXT PRIMARY KEY, label TEXT, types TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS totals (entity TEXT NOT NULL, list TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (entity, list)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS years (entity TEXT NOT NULL, year INTEGER NOT NULL, own INTEGER NOT NULL,
    other INTEGER NOT NULL, PRIMARY KEY (entity, year)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS correspondents (entity TEXT NOT NULL, rank INTEGER NOT NULL, other TEXT NOT NULL,
    sent INTEGER NOT NULL, received INTEGER NOT NULL, PRIMARY KEY (entity, rank)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS co_mentioned (entity TEXT NOT NULL, rank INTEGER NOT NULL, other TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (entity, rank)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_forms (entity TEXT NOT NULL, rank INTEGER NOT NULL, form TEXT NOT NULL,
    n INTEGER NOT NULL, first TEXT, last TEXT, PRIMARY KEY (entity, rank)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_form_records (entity TEXT NOT NULL, form TEXT NOT NULL, rank INTEGER NOT NULL,
    record TEXT NOT NULL, PRIMARY KEY (entity, form, rank)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS held_offices (entity TEXT NOT NULL, rank INTEGER NOT NULL, position TEXT NOT NULL,
    first TEXT, last TEXT, n INTEGER NOT NULL, forms TEXT NOT NULL, PRIMARY KEY (entity, rank)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS office_records (entity TEXT NOT NULL, position TEXT NOT NULL, rank INTEGER NOT NULL,
    record TEXT NOT NULL, PRIMARY KEY (entity, position, rank)) WITHOUT ROWID;
"""
#: the per-entity tables, recomputed for the entities whose records changed
AGGREGATES = ("totals", "years", "correspondents", "co_mentioned", "name_forms", "name_form_records",
              "held_offices", "office_records")
_LABEL = "(SELECT label FROM labels WHERE iri = {0})"
# per entity, from the contributions (``touched``: the entities to recompute); ranks are the pages' orders
COMPUTE = [
    """INSERT INTO totals SELECT entity, 'records', COUNT(*) FROM links WHERE entity IN touched GROUP BY entity
       UNION ALL SELECT entity, 'other', SUM(other) FROM links WHERE entity IN touched GROUP BY entity
       UNION ALL SELECT entity, 'held', SUM(held) FROM links WHERE entity IN touched GROUP BY entity""",
    """INSERT INTO years SELECT entity, year, SUM(own), SUM(1 - own) FROM links
       WHERE entity IN touched AND year IS NOT NULL GROUP BY entity, year""",
    f"""INSERT INTO correspondents SELECT entity, ROW_NUMBER() OVER (PARTITION BY entity
           ORDER BY sent + received DESC, {_LABEL.format("other")}, other), other, sent, received
       FROM (SELECT entity, other, COUNT(DISTINCT s) AS sent, COUNT(DISTINCT r) AS received FROM (
               SELECT sender AS entity, addressee AS other, record AS s, NULL AS r FROM pairs
               WHERE sender IN touched AND addressee != sender
               UNION ALL SELECT addressee, sender, NULL, record FROM pairs
               WHERE addressee IN touched AND addressee != sender) GROUP BY entity, other)""",
    f"""INSERT INTO co_mentioned SELECT entity, ROW_NUMBER() OVER (PARTITION BY entity
           ORDER BY n DESC, {_LABEL.format("other")}, other), other, n
       FROM (SELECT a.entity AS entity, b.entity AS other, COUNT(*) AS n FROM links a
             JOIN links b ON b.record = a.record AND b.agent AND b.entity != a.entity
             WHERE a.entity IN touched AND a.agent
               AND instr((SELECT ' ' || types || ' ' FROM labels WHERE iri = b.entity), ' {{person}} ')
             GROUP BY a.entity, b.entity)""",
    """INSERT INTO name_forms SELECT entity, ROW_NUMBER() OVER (PARTITION BY entity ORDER BY n DESC, lower(form),
           form), form, n, first, last
       FROM (SELECT f.entity AS entity, f.form AS form, COUNT(DISTINCT f.record) AS n, MIN(NULLIF(r.date, ''))
               AS first, MAX(NULLIF(r.date, '')) AS last
             FROM forms f JOIN records r ON r.iri = f.record WHERE f.entity IN touched GROUP BY f.entity, f.form)""",
    f"""INSERT INTO name_form_records SELECT entity, form, k, record FROM (
           SELECT entity, form, record, ROW_NUMBER() OVER (PARTITION BY entity, form
                  ORDER BY NULLIF(date, '') NULLS FIRST, record) AS k
           FROM (SELECT DISTINCT f.entity, f.form, f.record, r.date FROM forms f JOIN records r ON r.iri = f.record
                 WHERE f.entity IN touched)) WHERE k <= {FIRST}""",
    f"""INSERT INTO held_offices SELECT person, ROW_NUMBER() OVER (PARTITION BY person
           ORDER BY first NULLS FIRST, {_LABEL.format("position")}, position), position, first, last, n,
           COALESCE((SELECT group_concat(form, char(31)) FROM (SELECT DISTINCT form FROM office_forms f
                     WHERE f.person = o.person AND f.position = o.position ORDER BY form)), '')
       FROM (SELECT person, position, MIN(NULLIF(date, '')) AS first, MAX(NULLIF(date, '')) AS last,
                    COUNT(DISTINCT record) AS n FROM offices WHERE person IN touched GROUP BY person, position) o""",
    f"""INSERT INTO office_records SELECT person, position, k, record FROM (
           SELECT person, position, record, ROW_NUMBER() OVER (PARTITION BY person, position
                  ORDER BY NULLIF(date, '') NULLS FIRST, record) AS k
           FROM (SELECT DISTINCT o.person, o.position, o.record, r.date FROM offices o
                 JOIN records r ON r.iri = o.record WHERE o.person IN touched)) WHERE k <= {FIRST}""",
]


class Summaries:
    """One SQLite file beside the store; an ingest writes a staged copy, the pages read it read-only."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def exists(self) -> bool:
        """Whether the file is there in its present shape (else an ingest builds it from the store)."""
        if not self.path.exists():
            return False
        con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            return con.execute("PRAGMA user_version").fetchone()[0] == VERSION
        except sqlite3.DatabaseError:  # corrupt, or not SQLite: built anew from the store, as a missing one
            return False
        finally:
            con.close()

    @contextmanager
    def staged(self, replace_all: bool = False) -> Iterator["Writer"]:
        """A copy to write while an ingest runs, put in place (one ``rename``) when the block ends without an
        exception: the summaries never run ahead of the store nor hold half an ingest."""
        tmp = self.path.with_name(self.path.name + ".new")
        try:
            tmp.parent.mkdir(parents=True, exist_ok=True)
            tmp.unlink(missing_ok=True)
            if not replace_all and self.exists():
                shutil.copyfile(self.path, tmp)
        except OSError as e:
            raise StoreError(f"cannot write the summaries beside {self.path}: {e.strerror or e}") from None
        try:
            con = sqlite3.connect(tmp)
            con.executescript(SCHEMA)
            writer = Writer(con)
        except sqlite3.Error as e:
            tmp.unlink(missing_ok=True)
            raise StoreError(f"cannot write the summaries beside {self.path}: {e}") from None
        published = False

        def publish() -> None:
            """Compute the per-entity tables and put the file in place (once); a store that publishes by
            version calls this just before its new version becomes visible, so that no page of the new
            version is made from the old summaries (and kept); else it runs once the store has committed."""
            nonlocal published
            if published:
                return
            published = True
            try:
                writer.finish()
                con.close()
                os.replace(tmp, self.path)
            except (OSError, sqlite3.Error, StoreError) as e:
                con.close()
                tmp.unlink(missing_ok=True)
                self.path.unlink(missing_ok=True)
                raise StoreError(f"the summaries could not be written ({e}); cannot write {self.path}: "
                                 f"the next ingest builds them from the store") from None

        writer.publish = publish
        try:
            yield writer  # an exception here (the store did not change) leaves the old summaries as they were
        except BaseException:
            if published:  # in place, but the store did not publish after all: built again next time
                self.path.unlink(missing_ok=True)
            else:
                con.close()
                tmp.unlink(missing_ok=True)
            raise
        publish()


class Writer:
    """Contributions in, per-entity summaries out (:meth:`finish`), in one transaction."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.publish: Callable[[], None] = lambda: None  # set by :meth:`Summaries.staged`
        self.touched: set[str] = set()
        self.rebuild = False  # every entity recomputed (a new file, or one built from the store)
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("BEGIN")
        self.rebuild = con.execute("SELECT NOT EXISTS (SELECT 1 FROM records)").fetchone()[0] == 1

    def _entities_of(self, record: str) -> set[str]:
        q = """SELECT entity FROM links WHERE record = ?1 UNION SELECT entity FROM forms WHERE record = ?1
               UNION SELECT person FROM offices WHERE record = ?1"""
        return {r[0] for r in self.con.execute(q, (record,))}

    def remove(self, record: str) -> None:
        """Take a record's contribution out (it is mapped again, or gone)."""
        if not self.rebuild:
            self.touched |= self._entities_of(record)
        for table, column in (("records", "iri"), ("links", "record"), ("pairs", "record"), ("forms", "record"),
                              ("offices", "record"), ("office_forms", "record")):
            self.con.execute(f"DELETE FROM {table} WHERE {column} = ?", (record,))

    def add(self, c: Contribution) -> None:
        """Put in a record's contribution, in place of what it contributed before."""
        try:
            self._add(c)
        except sqlite3.Error as e:  # a full disk: said plainly, and the ingest stops before the store changes
            raise StoreError(f"cannot write the summaries: {e}") from None

    def _add(self, c: Contribution) -> None:
        self.remove(c.record)
        if not self.rebuild:
            self.touched |= set(c.links) | {e for e, _ in c.forms} | {p for p, _, _ in c.offices}
        con, year = self.con, c.year
        con.execute("INSERT INTO records VALUES (?, ?, ?, ?)", (c.record, c.date, c.title, c.form))
        con.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [(e, c.record, c.date, year, " ".join(k.preds), k.own, k.agent, k.held, k.other)
                         for e, k in c.links.items()])
        con.executemany("INSERT INTO pairs VALUES (?, ?, ?)", [(c.record, s, a) for s, a in c.pairs])
        con.executemany("INSERT INTO forms VALUES (?, ?, ?)", [(c.record, e, f) for e, f in c.forms])
        con.executemany("INSERT INTO offices VALUES (?, ?, ?, ?)", [(c.record, *o) for o in c.offices])
        con.executemany("INSERT INTO office_forms VALUES (?, ?, ?, ?)", [(c.record, *o) for o in c.office_forms])

    def has(self, record: str) -> bool:
        return self.con.execute("SELECT 1 FROM records WHERE iri = ?", (record,)).fetchone() is not None

    def set_labels(self, labels: Iterable[tuple[str, str | None, str]]) -> None:
        """Every entity's label and types (space-separated IRIs), in place of the last ingest's."""
        try:
            self.con.execute("DELETE FROM labels")
            self.con.executemany("INSERT OR REPLACE INTO labels VALUES (?, ?, ?)", labels)
        except sqlite3.Error as e:
            raise StoreError(f"cannot write the summaries: {e}") from None

    def finish(self) -> int:
        """The per-entity summaries of the entities whose records changed (all, on a rebuild), committed;
        how many entities were recomputed."""
        con = self.con
        con.execute("CREATE TEMP TABLE touched (iri TEXT PRIMARY KEY) WITHOUT ROWID")
        if self.rebuild:
            con.execute("""INSERT OR IGNORE INTO touched SELECT entity FROM links UNION SELECT entity FROM forms
                           UNION SELECT person FROM offices""")
        else:
            con.executemany("INSERT OR IGNORE INTO touched VALUES (?)", [(e,) for e in self.touched])
        for table in AGGREGATES:
            con.execute(f"DELETE FROM {table} WHERE entity IN touched")
        for statement in COMPUTE:
            con.execute(statement.replace("{person}", "https://www.ica.org/standards/RiC/ontology#Person"))
        n = con.execute("SELECT COUNT(*) FROM touched").fetchone()[0]
        con.execute("DROP TABLE touched")
        con.commit()
        return n


def build_from_store(writer: Writer, store, terms: str) -> int:
    """Every record's contribution read from ``store`` (a store written before the summaries were), one
    record graph at a time; how many records."""
    from lod.mapping.summary import contribution

    rico = "https://www.ica.org/standards/RiC/ontology#"
    found = [(str(r["g"]), str(r["r"])) for r in store.select(
        f"SELECT DISTINCT ?g ?r WHERE {{ GRAPH ?g {{ ?r a <{rico}Record> }} }} ORDER BY ?g")]
    for graph, record in found:
        rows = store.select(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        writer.add(contribution([(r["s"], r["p"], r["o"]) for r in rows], record, terms))
    return len(found)
