"""The entity graph: what is said of shared nodes (people, bodies, places, record sets, subjects), stated
once however many records name them.

Record graphs hold what each record evidences (its relations to these nodes); the entity graph holds the
nodes' types and labels: the curated authority descriptions, the name forms the records use, and the
links to other authorities, and the family and given names of people whose name forms say which part is
which (:func:`lod.names.name_parts`). An ingest rebuilds it from the authority file, the records it maps and (when
adding to an existing store) what the store's entity graph already says.

>>> from rdflib import URIRef, Literal
>>> g = EntityGraph(); g.add_all([(URIRef("x:a"), URIRef("x:p"), Literal("1"))] * 3); len(g)
1
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal
from rdflib.term import Node

from lod.names import name_parts
from lod.vocab import FOAF, RDF, SCHEMA, SKOS

Triple = tuple[Node, Node, Node]


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
