"""The entity graph: what is said of shared nodes (people, bodies, places, record sets, subjects), stated
once however many records name them.

Record graphs hold what each record evidences (its relations to these nodes); the entity graph holds the
nodes' types and labels: the curated authority descriptions, the name forms the records use, and the
links to other authorities, and the family and given names of people whose name forms say which part is
which (:func:`lod.names.name_parts`). Each kind of entity has its classes (``KIND_CLASSES``; its IRI segment
is :data:`lod.vocab.KIND_SEGMENT`'s); :func:`describe_entity` gives an entity's types and labels. An ingest
rebuilds it from the authority file, the records it maps and (when
adding to an existing store) what the store's entity graph already says.

>>> from rdflib import URIRef, Literal
>>> g = EntityGraph(); g.add_all([(URIRef("x:a"), URIRef("x:p"), Literal("1"))] * 3); len(g)
1
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from lod.mapping.terms import en
from lod.names import Entity, name_parts
from lod.vocab import FOAF, RDF, RDFS, RICO, SCHEMA, SKOS, Local

Triple = tuple[Node, Node, Node]
KIND_CLASSES = {
    "person": (RICO.Person, FOAF.Person, SCHEMA.Person),
    "organisation": (RICO.CorporateBody, FOAF.Organization, SCHEMA.Organization),
    "place": (RICO.Place, SCHEMA.Place),
    "group": (RICO.Group, FOAF.Group),
    "family": (RICO.Family, FOAF.Group),
    "unknown": (RICO.Agent, FOAF.Agent),
}



class EntityGraph:
    """A set of statements grouped by subject; each statement kept once, in a stable order on output."""

    def __init__(self) -> None:
        self._by_subject: dict[Node, set[tuple[Node, Node]]] = {}

    def add_all(self, triples: Iterable[Triple]) -> None:
        by = self._by_subject
        for s, p, o in triples:
            po = by.get(s)
            if po is None:
                po = by[s] = set()
            po.add((p, o))

    def __len__(self) -> int:
        return sum(len(po) for po in self._by_subject.values())

    def triples(self) -> list[Triple]:
        return [(s, p, o) for s, po in self._by_subject.items() for p, o in po]

    def state_person_names(self) -> None:
        """State ``schema:familyName`` / ``schema:givenName`` of each person whose preferred label and
        ``Family, Given`` forms agree on them; stated afresh (an ingest adding records may add forms).

        >>> from rdflib import URIRef
        >>> g, who = EntityGraph(), URIRef("x:mao")
        >>> g.add_all([(who, RDF.type, FOAF.Person), (who, SKOS.prefLabel, Literal("Mao Zedong")),
        ...            (who, SKOS.altLabel, Literal("Mao, Zedong"))])
        >>> g.state_person_names(); sorted(str(o) for s, p, o in g.triples() if p == SCHEMA.familyName)
        ['Mao']
        """
        parts = (SCHEMA.familyName, SCHEMA.givenName)
        for s, po in self._by_subject.items():
            if (RDF.type, FOAF.Person) not in po:
                continue
            po.difference_update({(p, o) for p, o in po if p in parts})
            labels = {str(o) for p, o in po if p == SKOS.prefLabel}
            if len(labels) != 1:
                continue
            name = name_parts(labels.pop(), (str(o) for p, o in po if p == SKOS.altLabel))
            if name is not None:
                po.update({(SCHEMA.familyName, Literal(name.family)), (SCHEMA.givenName, Literal(name.given))})


def describe_entity(iri: URIRef, e: Entity) -> list[Triple]:
    """Types and labels of an entity."""
    out: list[Triple] = [(iri, RDF.type, cls) for cls in KIND_CLASSES.get(e.kind, KIND_CLASSES["unknown"])]
    out.append((iri, RDFS.label, Literal(e.label, lang="en")))
    out.append((iri, SKOS.prefLabel, Literal(e.label, lang=e.lang or "en")))
    if e.kind == "person":
        out.append((iri, FOAF.name, Literal(e.label)))
        out.append((iri, SCHEMA.name, Literal(e.label)))
    return out


def entity_triples(local: Local, entities: Iterable[Entity]) -> list[Triple]:
    """Descriptions of curated authority entities, with all their variants and notes."""
    out: list[Triple] = []
    for e in entities:
        iri = local.agent(e.kind, e.key)
        out.extend(describe_entity(iri, e))
        for v in sorted(e.variants):
            if v != e.label:
                out.append((iri, SKOS.altLabel, Literal(v)))
        if e.note:
            out.append((iri, SKOS.note, en(e.note)))
    return out
