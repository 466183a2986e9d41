"""The ingest's side for archival XML (EAD finding aids, EAC-CPF authority records): the names a file gives, for the resolver's first
pass, and each unit mapped on its own in the second, so that a file of any size streams through.

>>> from lod.names import Resolver
>>> # for mapped, doc in map_archival(Path("fa.xml"), "fa.xml", Local(base), Resolver([])): ...
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from rdflib import URIRef

from lod.mapping.eac import agent_iri, map_authority_record
from lod.mapping.ead import AGENT_KINDS, EadSettings, authority_key, map_units
from lod.mapping.mapped import MappedRecord
from lod.mapping.scoped_keys import agent_key
from lod.model.authority_record import AuthorityRecord
from lod.model.finding_aid import Component, FindingAidHeader, NameRef
from lod.names import Entity, Resolver
from lod.search import Doc
from lod.sources import read_archival
from lod.sources.eac import related_records
from lod.vocab import Local

RESOLVED = ("person", "organisation", "place")  # the kinds the resolver knows (families are keyed by name)


def archival_names(path: Path, source: str, authorities: list[Entity]) -> Iterator[tuple[str, str | None]]:
    """The names (with the resolver's kind hint) of a file's units that have no authority number: these meet
    the other collections' names in the resolver. An EAC-CPF record's agent is appended to ``authorities``
    (keyed by its record id, with every name form), as an entry of the authority file would be."""
    for unit in read_archival(path, source):
        if isinstance(unit, AuthorityRecord):
            entity = authority_entity(unit)
            if entity is not None:
                authorities.append(entity)
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


def map_archival(path: Path, source: str, local: Local, resolver: Resolver,
                 settings: EadSettings = EadSettings(), folders: dict | None = None) -> Iterator[tuple[MappedRecord, Doc]]:
    """Each unit of the file mapped, then the finding aid itself (or the one authority record an EAC-CPF file
    holds, its relations' targets typed by the records beside it), with what the search indexes of each."""
    folders = {} if folders is None else folders
    units = read_archival(path, source)
    first = next(units, None)
    if isinstance(first, AuthorityRecord):
        targets = folders.setdefault(path.parent, related_records(path.parent))
        mapped = map_authority_record(first, local.base, targets)
        name = first.authorized_name
        yield mapped, Doc(str(agent_iri(first, local)), name.text if name else first.record_id, "", "", "", ())
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

    for mapped in map_units(noted(units), local, agent_of, settings):
        subject = str(mapped.subject)
        title, scope, date = texts.pop(subject, ("", "", ""))
        named = sorted({o.value for s, _, o in mapped.triples if s.value == subject and o.value.startswith(str(local.id))
                        and not o.value.startswith(subject) and "/record-resource/" not in o.value})
        yield mapped, Doc(subject, title, scope, "", date, tuple(named))
