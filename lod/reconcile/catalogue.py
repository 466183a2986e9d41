"""What reconciliation knows of each entity, read from the store once per store version: its names (every
form we hold), type, note, offices, authority ids, and the records that name it, with their dates and archives.

>>> Fact("person/x", "http://b/id/person/x", "Person", "X").years()
()
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from lod.names.normalise import years
from lod.store.base import Store
from lod.vocab import DCTERMS, FOAF, OWL, RDFS, RICO, SCHEMA, SKOS, Local

# reconciliation type id (a RiC-O class's local name) -> (display name, RiC-O classes it stands for)
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Person": ("Person", ("Person",)),
    "CorporateBody": ("Corporate body", ("CorporateBody",)),
    "Family": ("Family", ("Family", "Group")),
    "Place": ("Place", ("Place",)),
    "Record": ("Record", ("Record", "RecordSet")),
}
_CLASS_TYPE = {str(RICO[c]): t for t, (_, classes) in TYPES.items() for c in classes}
_NAMES = (RDFS.label, SKOS.prefLabel, SKOS.altLabel, FOAF.name, SCHEMA.name, RICO.title)
_DATES = (DCTERMS.created, RICO.birthDate, RICO.deathDate)  # a record's; a person's life, in this order


@dataclass
class Fact:
    """One entity as reconciliation sees it (``id``: its IRI less ``{base}id/``)."""

    id: str
    iri: str
    type: str
    label: str
    names: list[str] = field(default_factory=list)
    families: set[str] = field(default_factory=set)  # schema:familyName values
    note: str = ""
    offices: list[tuple[str, str]] = field(default_factory=list)  # (position IRI, label)
    authority: list[str] = field(default_factory=list)  # owl:sameAs / skos:closeMatch IRIs
    records: list[str] = field(default_factory=list)  # IRIs of the records naming it (or, for a record, none)
    date: str = ""  # a record's date; a person's birth–death when the store states them
    archives: list[str] = field(default_factory=list)  # the names of the archives holding it (or its records)
    archive_ids: set[str] = field(default_factory=set)  # their ids

    def years(self, catalogue: "Catalogue | None" = None) -> tuple[int, ...]:
        """The years this entity's evidence covers: its own dates, its note's, its records' (sorted)."""
        found = set(years(f"{self.date} {self.note}"))
        if catalogue is not None:
            found.update(y for r in self.records if (rec := catalogue.facts.get(r)) for y in years(rec.date))
        return tuple(sorted(found))


@dataclass
class Catalogue:
    """Every reconcilable entity of one store version, by IRI."""

    facts: dict[str, Fact]
    local: Local
    derived: dict[str, object] = field(default_factory=dict)  # what other modules build from it, kept with it

    def by_id(self, ident: str) -> Fact | None:
        """The entity with this id (``person/gromyko-andrei``) or full IRI, if any."""
        ident = ident.strip()
        return self.facts.get(ident) or self.facts.get(str(self.local.id) + ident)


_cache: dict[tuple[int, str], Catalogue] = {}
_lock = threading.Lock()


def catalogue(store: Store, local: Local) -> Catalogue:
    """The catalogue of ``store``'s current version (read once, then kept until the store changes)."""
    key = (id(store), f"{store.version()[0]}|{local.base}")
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = load(store, local)
        return _cache[key]


def _values(terms) -> str:
    return " ".join(f"<{t}>" for t in terms)


def load(store: Store, local: Local) -> Catalogue:
    """Read every person, body, family, place and record of ``store`` (five SELECTs)."""
    prefix = str(local.id)
    facts: dict[str, Fact] = {}
    classes = _values(RICO[c] for _, cs in TYPES.values() for c in cs)
    for row in store.select(f"SELECT ?s ?c WHERE {{ VALUES ?c {{ {classes} }} ?s a ?c }}"):
        s = str(row["s"])
        if s.startswith(prefix) and s not in facts:
            facts[s] = Fact(s[len(prefix):], s, _CLASS_TYPE[str(row["c"])], "")
    dated: dict[str, dict] = {}
    props = _values((*_NAMES, SCHEMA.familyName, SKOS.note, OWL.sameAs, SKOS.closeMatch, DCTERMS.created,
                     RICO.birthDate, RICO.deathDate))
    for row in store.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {props} }} ?s ?p ?o }}"):
        f = facts.get(str(row["s"]))
        if f is None:
            continue
        p, o = row["p"], " ".join(str(row["o"]).split())
        if p in _NAMES:
            if o not in f.names:
                f.names.append(o)
            if p == RDFS.label or not f.label:
                f.label = o
        elif p == SCHEMA.familyName:
            f.families.add(o)
        elif p == SKOS.note:
            f.note = f"{f.note} {o}".strip()
        elif p in (OWL.sameAs, SKOS.closeMatch):
            f.authority.append(o)
        elif p in _DATES:
            dated.setdefault(str(row["s"]), {})[p] = o
    for s, dates in dated.items():
        facts[s].date = "–".join(dates[p] for p in _DATES if p in dates)
    for row in store.select(f"SELECT ?s ?pos ?l WHERE {{ ?s <{RICO.occupiesOrOccupied}> ?pos . "
                            f"?pos <{RDFS.label}> ?l }}"):
        if (f := facts.get(str(row["s"]))) is not None:
            f.offices.append((str(row["pos"]), str(row["l"])))
    named = _values(RICO[c] for t, (_, cs) in TYPES.items() if t != "Record" for c in cs)
    for row in store.select(f"SELECT DISTINCT ?r ?e WHERE {{ ?r a <{RICO.Record}> ; ?p ?e . "
                            f"VALUES ?c {{ {named} }} ?e a ?c }}"):
        r, e = str(row["r"]), facts.get(str(row["e"]))
        if e is not None and e.type != "Record" and r in facts:
            e.records.append(r)
    for row in store.select(f"SELECT ?r ?a ?l WHERE {{ ?r <{SCHEMA.holdingArchive}> ?a . ?a <{RDFS.label}> ?l }}"):
        if (f := facts.get(str(row["r"]))) is not None and str(row["l"]) not in f.archives:
            f.archives.append(str(row["l"]))
            f.archive_ids.add(str(row["a"])[len(prefix):])
    for f in facts.values():
        f.label = f.label or f.id
        f.records.sort(key=lambda r: (facts[r].date, r))
        f.offices.sort(key=lambda o: o[1])
        if f.type != "Record":  # a person's archives are those holding the records that name them
            f.archives = sorted({a for r in f.records for a in facts[r].archives})
            f.archive_ids = {a for r in f.records for a in facts[r].archive_ids}
    return Catalogue(facts, local)
