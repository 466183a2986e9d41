"""What the store says of its collections (``{base}graph/meta/collections``): each collection as a
``void:Dataset``, a subset of the whole, with its title, publisher, rights and licence, and
``<graph> dcterms:isPartOf <collection>`` for every record graph of it.

>>> from lod.collection import bundled
>>> from lod.vocab import Local
>>> local = Local("https://lod.example.org/")
>>> [str(o) for _, p, o in collection_triples(local, bundled()) if p == DCTERMS.isPartOf]
['https://lod.example.org/void#dataset']
>>> str(collection_dump(local, "wcda"))
'https://lod.example.org/dumps/collection-wcda.nq.gz'
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef

from lod.collection import Collection
from lod.store.base import Triple
from lod.vocab import DCTERMS, FOAF, RDF, RDFS, VOID, Local

GRAPH = "collections"  # the meta graph's name (:meth:`lod.vocab.Local.meta_graph`)


def dump_name(key: str) -> str:
    """The file name of a collection's N-Quads dump: ``dump_name("wcda")`` → ``'collection-wcda.nq.gz'``."""
    return f"collection-{key}.nq.gz"


def collection_dump(local: Local, key: str) -> URIRef:
    """Where a collection's dump is downloaded (``{base}dumps/collection-{key}.nq.gz``)."""
    return local.dump(dump_name(key))


def collection_triples(local: Local, collection: Collection, concept: bool = True) -> list[Triple]:
    """A collection's node: what its ``collection.toml`` says it is, its dump, whose subset it is, and (if
    ``concept``) the concept of its record ids."""
    c = local.collection(collection.key)
    en = {"lang": "en"}
    out: list[Triple] = [(c, RDF.type, VOID.Dataset),
                         (c, RDFS.label, Literal(collection.name, **en)),
                         (c, DCTERMS.title, Literal(collection.title, **en)),
                         (c, DCTERMS.publisher, Literal(collection.publisher, **en)),
                         (c, DCTERMS.rights, Literal(collection.rights, **en)),
                         (c, DCTERMS.identifier, Literal(collection.key)),
                         (c, DCTERMS.isPartOf, local.dataset), (c, VOID.dataDump, collection_dump(local, collection.key))]
    if collection.description:
        out.append((c, DCTERMS.description, Literal(collection.description, **en)))
    if collection.licence:
        out.append((c, DCTERMS.license, URIRef(collection.licence)))
    if collection.homepage:
        out.append((c, FOAF.homepage, URIRef(collection.homepage)))
    return out + (collection.identifier_triples(local) if concept else [])  # the type of its printed record ids


def membership_triples(members: dict[str, URIRef]) -> list[Triple]:
    """``<graph> dcterms:isPartOf <collection>`` for each record graph, in graph order."""
    return [(URIRef(g), DCTERMS.isPartOf, members[g]) for g in sorted(members)]


def collections_graph(local: Local, collections: Iterable[Collection], members: dict[str, URIRef],
                      default: Collection | None = None) -> list[Triple]:
    """The whole meta graph: every collection's node, then every graph's membership; the concept of the
    ``default``'s record ids is the vocabulary graph's, not stated again here."""
    stated = None if default is None else default.identifier_concept(local)
    out = [t for c in sorted(collections, key=lambda c: c.key)
           for t in collection_triples(local, c, concept=c.identifier_concept(local) != stated)]
    return out + membership_triples(members)
