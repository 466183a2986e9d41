"""What an ingest published, read back from the store by SPARQL: per record, the files it came from, its
title, dates, identifiers, citations, summary, archival units, and the people, bodies and places it links
to with the roles and the name forms the record uses.

Everything is read across the union of graphs (labels and types sit in the entity graph, relations in the
record graphs), and identifiers as the record's ``dcterms:identifier`` literals, never from its IRI.

>>> # records = read_records(open_store("var/store"), Local("http://localhost:5000/"))
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath

from lod.search import NAMED_KINDS
from lod.mapping.relations import ROLE_CLASSES
from lod.sources.citation import unit_labels
from lod.store.base import Store
from lod.vocab import DCTERMS, PROV, RDFS, RICO, SKOS, Local

KINDS = {str(cls): kind for cls, kind in NAMED_KINDS.items() if kind in ("person", "organisation", "place")}
LABELS = (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
_NUMBER_SIGN = re.compile(r"^(?:(?:nos?|nr)\.|№)\s*", re.I)  # "File No. 12": the sign is no part of the value


@dataclass
class ExtractedEntity:
    """A person, body or place one record links to; ``forms`` as the record writes it (its labels when the
    record links it without a relation that carries name forms); ``roles`` our role keys in this record."""

    iri: str
    kind: str
    forms: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)


@dataclass
class ExtractedRecord:
    """One record as the store holds it."""

    iri: str
    files: set[str] = field(default_factory=set)  # file names (no folder) of the inputs it was derived from
    titles: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    identifiers: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    summaries: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)  # values of the archival units it sits in
    entities: dict[str, ExtractedEntity] = field(default_factory=dict)


def _values(terms: dict[str, str]) -> str:
    return " ".join(f"<{iri}>" for iri in terms)


def read_records(store: Store, local: Local) -> list[ExtractedRecord]:
    """Every ``rico:Record`` of the store with what was extracted for it, sorted by IRI."""
    records: dict[str, ExtractedRecord] = {}
    for row in store.select(f"SELECT ?rec ?src WHERE {{ ?rec a <{RICO.Record}> . "
                            f"OPTIONAL {{ ?g <{PROV.wasDerivedFrom}> ?rec ; <{DCTERMS.source}> ?src }} }}"):
        rec = records.setdefault(str(row["rec"]), ExtractedRecord(str(row["rec"])))
        if row.get("src") is not None:
            rec.files.add(source_file(str(row["src"])))
    fields = {str(DCTERMS.title): "titles", str(DCTERMS.created): "dates", str(DCTERMS.identifier): "identifiers",
              str(DCTERMS.bibliographicCitation): "citations", str(local.suggested_citation): "citations",
              str(DCTERMS.abstract): "summaries"}
    for row in store.select(f"SELECT ?rec ?p ?v WHERE {{ ?rec a <{RICO.Record}> ; ?p ?v . "
                            f"VALUES ?p {{ {_values(fields)} }} FILTER(isLiteral(?v)) }}"):
        values = getattr(records[str(row["rec"])], fields[str(row["p"])])
        if str(row["v"]) not in values:
            values.append(str(row["v"]))
    _read_units(store, records)
    _read_extents(store, records)
    _read_entities(store, local, records)
    return [records[k] for k in sorted(records)]


def source_file(source: str) -> str:
    """The file name of an input as the record graph's ``dcterms:source`` gives it (a path, or a
    ``file.csv#row=3`` row).

    >>> source_file("/data/records/wcda-1.txt"), source_file("dir/rows.csv#row=3")
    ('wcda-1.txt', 'rows.csv')
    """
    return PurePath(source.split("#", 1)[0]).name


def _read_units(store: Store, records: dict[str, ExtractedRecord]) -> None:
    """Archival units: the record sets a record (or its instantiation) is included in, at every level."""
    units: dict[tuple[str, str], tuple[str, set[str]]] = {}
    for row in store.select(
            f"SELECT DISTINCT ?rec ?rs ?id ?type ?label WHERE {{ ?rec a <{RICO.Record}> ; "
            f"<{RICO.hasOrHadInstantiation}>?/<{RICO.isOrWasIncludedIn}>+ ?rs . ?rs a <{RICO.RecordSet}> ; "
            f"<{RICO.identifier}> ?id . OPTIONAL {{ ?rs <{RICO.hasRecordSetType}> ?type . "
            f"OPTIONAL {{ ?type ?lp ?label VALUES ?lp {{ <{SKOS.prefLabel}> <{RDFS.label}> }} }} }} }}"):
        key = (str(row["rec"]), str(row["rs"]))
        _, words = units.setdefault(key, (str(row["id"]), set()))
        if row.get("type") is not None:
            words.add(str(row["type"]).rstrip("/#").replace("#", "/").rsplit("/", 1)[-1].replace("-", " "))
        if row.get("label") is not None:
            words.add(str(row["label"]))
    for (rec, _), (identifier, words) in sorted(units.items()):
        records[rec].units.append(unit_value(identifier, words))


def unit_value(identifier: str, level_words: set[str]) -> str:
    """A unit's value: its identifier as written, less a leading word that names its level (the level
    concept's key or one of its labels, without a parenthesised gloss, or a label the citation lexicons give
    that level) and a number sign after it.

    >>> unit_value("Fond 059a", {"fond"}), unit_value("Opis’ 2", {"opis (inventory)"}), unit_value("2460", {"file"})
    ('059a', '2', '2460')
    >>> unit_value("KPR I-1/655", {"file"}), unit_value("Справа 7057", {"delo"}), unit_value("File No. A/1", {"file"})
    ('KPR I-1/655', '7057', 'A/1')
    >>> unit_value("288. f.", {"fond"})
    '288'
    """
    words = {w.split("(")[0].strip().casefold() for w in level_words}
    words |= {label for w in list(words) for label in unit_labels(w.replace(" ", "-"))}
    low = identifier.casefold()
    for w in sorted(filter(None, words), key=len, reverse=True):
        rest = identifier[len(w):]
        if low.startswith(w) and rest and (not rest[0].isalnum() or w.endswith(".")):
            value = _NUMBER_SIGN.sub("", rest.lstrip(" .:’'\u00a0"), count=1).lstrip(" .:\u00a0")
            if value:
                return value
        if low.endswith(" " + w) and w.endswith("."):  # "288. f.": the label written after the number
            return identifier[:-len(w)].strip().rstrip(".")
    return identifier


def _read_extents(store: Store, records: dict[str, ExtractedRecord]) -> None:
    """Folios and pages: the place in its unit an instantiation's extent gives ("folios 10-20"), one unit
    per range or number the citation wrote."""
    for row in store.select(
            f"SELECT DISTINCT ?rec ?e WHERE {{ ?rec a <{RICO.Record}> ; <{RICO.hasOrHadInstantiation}> ?i . "
            f"?i <{RICO.instantiationExtent}> ?e }}"):
        word, _, value = str(row["e"]).partition(" ")
        if word in ("folios", "pages") and value:
            records[str(row["rec"])].units.extend(v.strip() for v in value.split(",") if v.strip())


def _read_entities(store: Store, local: Local, records: dict[str, ExtractedRecord]) -> None:
    """People, bodies and places: through the record's relations (roles, name forms), then those it links to
    directly or through an instantiation's holder (forms: the entity's labels, when no relation gave any)."""
    roles = {str(local.concept("role", key)): key for key in ROLE_CLASSES}
    form_prop, role_prop = local.terms["nameForm"], local.terms["role"]
    for row in store.select(
            f"SELECT ?rec ?ent ?type ?role ?form WHERE {{ ?rec a <{RICO.Record}> ; <{RICO.evidences}> ?rel . "
            f"?rel <{RICO.relationHasTarget}> ?ent . ?ent a ?type . VALUES ?type {{ {_values(KINDS)} }} "
            f"OPTIONAL {{ ?rel <{role_prop}> ?role }} OPTIONAL {{ ?rel <{form_prop}> ?form }} }}"):
        e = _entity(records[str(row["rec"])], str(row["ent"]), str(row["type"]))
        if row.get("role") is not None and str(row["role"]) in roles:
            e.roles.add(roles[str(row["role"])])
        if row.get("form") is not None and str(row["form"]) not in e.forms:
            e.forms.append(str(row["form"]))
    labels: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in store.select(
            f"SELECT DISTINCT ?rec ?ent ?type ?label WHERE {{ ?rec a <{RICO.Record}> . "
            f"{{ ?rec ?p ?ent }} UNION {{ ?rec <{RICO.hasOrHadInstantiation}>/<{RICO.hasOrHadHolder}> ?ent }} "
            f"?ent a ?type . VALUES ?type {{ {_values(KINDS)} }} "
            f"OPTIONAL {{ ?ent ?lp ?label VALUES ?lp {{ {' '.join(f'<{p}>' for p in LABELS)} }} }} }}"):
        rec, ent = str(row["rec"]), str(row["ent"])
        _entity(records[rec], ent, str(row["type"]))
        if row.get("label") is not None and str(row["label"]) not in labels[(rec, ent)]:
            labels[(rec, ent)].append(str(row["label"]))
    for (rec, ent), forms in labels.items():
        e = records[rec].entities[ent]
        if not e.forms:
            e.forms.extend(sorted(forms))


def _entity(rec: ExtractedRecord, iri: str, type_iri: str) -> ExtractedEntity:
    """The record's entity ``iri``; a node typed as two of the kinds keeps the first one seen in KINDS order."""
    e = rec.entities.get(iri)
    kind = KINDS[type_iri]
    if e is None:
        e = rec.entities[iri] = ExtractedEntity(iri, kind)
    elif e.kind != kind and list(KINDS.values()).index(kind) < list(KINDS.values()).index(e.kind):
        e.kind = kind
    return e
