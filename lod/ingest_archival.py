"""The ingest's side for archival XML (EAD finding aids, EAC-CPF authority records): the names a file gives, for the resolver's first
pass, and each unit mapped on its own in the second, so that a file of any size streams through.

>>> from lod.names import Resolver
>>> # for mapped, doc in map_archival(Path("fa.xml"), "fa.xml", Local(base), Resolver([])): ...
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from rdflib import URIRef

from lod.mapping.eac import agent_iri, map_authority_record
from lod.mapping.ead import AGENT_KINDS, EadSettings, authority_key, map_units
from lod.mapping.mapped import MappedRecord
from lod.mapping.scoped_keys import Canonical, agent_key, as_is
from lod.model.authority_record import AuthorityRecord, Date
from lod.model.finding_aid import Component, FindingAidHeader, NameRef
from lod.names import Entity, Resolver
from lod.names.aliases import Described
from lod.search import Doc
from lod.sources import read_archival
from lod.sources.eac import related_records
from lod.vocab import Local

RESOLVED = ("person", "organisation", "place")  # the kinds the resolver knows (families are keyed by name)


def archival_names(path: Path, source: str, authorities: list[Described]) -> Iterator[tuple[str, str | None]]:
    """The names (with the resolver's kind hint) of a file's units that have no authority number: these meet
    the other collections' names in the resolver. An EAC-CPF record's agent is appended to ``authorities``
    (keyed by its record id, with every name form and its years), as an entry of the authority file would be."""
    for unit in read_archival(path, source):
        if isinstance(unit, AuthorityRecord):
            entity = authority_entity(unit)
            if entity is not None:
                authorities.append(Described(entity, unit.record_id, *existence_years(unit), source))
        elif isinstance(unit, Component):
            for name in unit.names:
                kind = AGENT_KINDS.get(name.kind)
                if kind in RESOLVED and authority_key(name) is None:
                    yield name.text, kind


def authority_entity(rec: AuthorityRecord) -> Entity | None:
    """The resolver's entity for the agent an EAC-CPF record describes (persons, bodies; families are keyed
    by their record only), so that the pages' names of it meet its IRI."""
    kind = rec.kind
    name = rec.authorized_name
    if kind not in ("person", "organisation") or name is None or not name.text.strip():
        return None
    forms = {n.text for n in rec.names if getattr(n, "text", "").strip()} - {name.text}
    return Entity(kind, agent_key(rec), name.text, "und", forms, "")


def _year(d: Date | None) -> int | None:
    m = re.match(r"-?\d{4}", (d.standard or d.text.strip()) if d else "")
    return int(m.group()) if m else None


def existence_years(rec: AuthorityRecord) -> tuple[int | None, int | None]:
    """The first and last years of a record's existDates (a person's birth and death); none when they are a
    person's years of activity standing in for them ("dates d'exercice").

    >>> from lod.model.authority_record import DateRange
    >>> existence_years(AuthorityRecord("X", "person", exist_dates=DateRange(Date("1883-12-10"), Date(None, "1954"))))
    (1883, 1954)
    """
    d, note = rec.exist_dates, rec.exist_dates_note.lower()
    if d is None or (rec.entity_type == "person" and ("dates d'exercice" in note or "dates d'activité" in note)):
        return None, None
    return _year(d.start), None if d.single else _year(d.end)


def map_archival(path: Path, source: str, local: Local, resolver: Resolver,
                 settings: EadSettings = EadSettings(), folders: dict | None = None,
                 canonical: Canonical = as_is) -> Iterator[tuple[MappedRecord, Doc]]:
    """Each unit of the file mapped, then the finding aid itself (or the one authority record an EAC-CPF file
    holds, its relations' targets typed by the records beside it), with what the search indexes of each; the
    agents an authority record describes or names have the IRIs ``canonical`` gives
    (:class:`lod.names.aliases.Aliases`: a curated entity's, for one it was taken for)."""
    folders = {} if folders is None else folders
    units = read_archival(path, source)
    first = next(units, None)
    if isinstance(first, AuthorityRecord):
        targets = folders.setdefault(path.parent, related_records(path.parent))
        mapped = map_authority_record(first, local.base, targets, canonical)
        name = first.authorized_name
        yield mapped, Doc(str(agent_iri(first, local, canonical)), name.text if name else first.record_id,
                          "", "", "", ())
        return
    units = iter(()) if first is None else chain([first], units)
    texts: dict[str, tuple[str, str, str]] = {}  # unit IRI -> (title, scope and content, date), for its Doc

    def agent_of(name: NameRef) -> tuple[URIRef, Entity] | None:
        try:
            entity = resolver.resolve(name.text, AGENT_KINDS[name.kind])
        except ValueError:  # not a name (punctuation only, a bare title): no agent
            return None
        return local.agent(entity.kind, entity.key), entity

    def noted(units: Iterable[object]) -> Iterator[object]:
        for unit in units:
            if isinstance(unit, FindingAidHeader):
                texts[str(local.finding_aid(unit.key))] = (" ".join(unit.titles), "", "")
            elif isinstance(unit, Component):
                scope = " ".join(p for n in unit.notes if n.element == "scopecontent" for p in n.paragraphs)
                date = next((d.begin for d in unit.dates if d.begin), "") or ""
                texts[str(local.record_resource(unit.finding_aid, unit.id))] = (" ".join(unit.titles), scope, date)
            yield unit

    for mapped in map_units(noted(units), local, agent_of, settings, canonical):
        subject = str(mapped.subject)
        title, scope, date = texts.pop(subject, ("", "", ""))
        named = sorted({o.value for s, _, o in mapped.triples if s.value == subject and o.value.startswith(str(local.id))
                        and not o.value.startswith(subject) and "/record-resource/" not in o.value})
        yield mapped, Doc(subject, title, scope, "", date, tuple(named))
