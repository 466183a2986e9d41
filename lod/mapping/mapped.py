"""What the mapping of one record produces: the triples of its named graph, what it says of shared nodes,
and the roles and offices it gives entities (from which :mod:`lod.mapping.relations` makes relations).

The record's graph is made of pyoxigraph terms (the writers load them as they are, the digest reads them);
what is said of shared nodes stays rdflib's, for the entity graph.

>>> from rdflib import URIRef
>>> out = MappedRecord("1", URIRef("http://x.org/graph/record/1"), URIRef("http://x.org/id/record/1"))
>>> out.add(out.subject, URIRef("http://x.org/p"), None); out.triples
[]
>>> out.add(out.subject, URIRef("http://x.org/p"), lit("x")); out.triples[0][1]
<NamedNode value=http://x.org/p>
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from lod.mapping.terms import OxTerm, lit
from lod.store.terms import as_ox
from lod.names import Entity

Triple = tuple[Node, Node, Node]
OxTriple = tuple[OxTerm, OxTerm, OxTerm]
EMPTY = Literal("")
_EMPTY = lit("")


@dataclass
class Role:
    """One entity's role in one record: the name forms the source used and where it occurs."""

    iri: URIRef
    entity: Entity
    role: str
    forms: list[str] = field(default_factory=list)
    spans: list[tuple[str, int, int, str]] = field(default_factory=list)  # (field, start, end, surface)


@dataclass
class MappedRecord:
    """The triples of one record's graph (pyoxigraph terms), and what it says of shared nodes (rdflib terms)."""

    record_id: str
    graph: URIRef
    subject: URIRef
    triples: list[OxTriple] = field(default_factory=list)
    shared: list[Triple] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    roles: dict[tuple[str, str], Role] = field(default_factory=dict)
    offices: dict[tuple[str, str], tuple] = field(default_factory=dict)  # (person, position) -> (iri, entity, first mention, spans)

    def __post_init__(self) -> None:
        self._subject = str(self.subject)
        self._graph = str(self.graph)
        self._own = self._subject + "/"

    def add(self, s: Node | OxTerm, p: Node | OxTerm, o: Node | OxTerm | None) -> None:
        """A statement of this record's graph: about the record, its graph or its own sub-nodes only, so that
        no statement is in two graphs (what is said of a shared node goes to :meth:`share`). Kept as pyoxigraph
        terms (:func:`lod.store.terms.as_ox`)."""
        if o is None:
            return
        o = as_ox(o)
        if o == _EMPTY:
            return
        s = as_ox(s)
        v = s.value
        if v != self._subject and v != self._graph and not v.startswith(self._own):
            raise ValueError(f"record {self.record_id}: {v} is not the record or one of its nodes; a "
                             f"statement about a shared node belongs in the entity graph (share())")
        self.triples.append((s, as_ox(p), o))

    def share(self, s: Node, p: Node, o: Node | None) -> None:
        """A statement about a node other records may name too (goes to the entity graph)."""
        if o is not None and o != EMPTY:
            self.shared.append((s, p, o))

    def role(self, iri: URIRef, entity: Entity, role: str, form: str | None = None,
             span: tuple[str, int, int, str] | None = None) -> None:
        """Note that ``entity`` has ``role`` in this record, named ``form`` (at ``span``)."""
        r = self.roles.setdefault((role, str(iri)), Role(iri, entity, role))
        if form and form not in r.forms:
            r.forms.append(form)
        if span and span not in r.spans:
            r.spans.append(span)
