"""The ingest's side for archival XML (EAD finding aids): the names a file gives, for the resolver's first
pass, and each unit mapped on its own in the second, so that a file of any size streams through.

>>> from lod.names import Resolver
>>> # for mapped, doc in map_archival(Path("fa.xml"), "fa.xml", Local(base), Resolver([])): ...
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import URIRef

from lod.mapping.ead import AGENT_KINDS, EadSettings, authority_key, map_units
from lod.mapping.mapped import MappedRecord
from lod.model.finding_aid import Component, FindingAidHeader, NameRef
from lod.names import Entity, Resolver
from lod.search import Doc
from lod.sources import read_archival
from lod.vocab import Local

RESOLVED = ("person", "organisation", "place")  # the kinds the resolver knows (families are keyed by name)


def archival_names(path: Path, source: str) -> Iterator[tuple[str, str | None]]:
    """The names (with the resolver's kind hint) of a file's units that have no authority number: these meet
    the other collections' names in the resolver."""
    for unit in read_archival(path, source):
        if isinstance(unit, Component):
            for name in unit.names:
                kind = AGENT_KINDS.get(name.kind)
                if kind in RESOLVED and authority_key(name) is None:
                    yield name.text, kind


def map_archival(path: Path, source: str, local: Local, resolver: Resolver,
                 settings: EadSettings = EadSettings()) -> Iterator[tuple[MappedRecord, Doc]]:
    """Each unit of the file mapped, then the finding aid itself, with what the search indexes of each."""
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

    for mapped in map_units(noted(read_archival(path, source)), local, agent_of, settings):
        subject = str(mapped.subject)
        title, scope, date = texts.pop(subject, ("", "", ""))
        named = sorted({o.value for s, _, o in mapped.triples if s.value == subject and o.value.startswith(str(local.id))
                        and not o.value.startswith(subject) and "/record-resource/" not in o.value})
        yield mapped, Doc(subject, title, scope, "", date, tuple(named))
