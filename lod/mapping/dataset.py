"""What the dataset says of itself in the store: its node and its URI space, so that a store knows the base
it was ingested with (read back by ``Store.recorded_base``; the full VoID and DCAT description is built on
these, with the collection's identity (:mod:`lod.collection`), when ``/void`` is asked for).

>>> from lod.vocab import Local
>>> [str(o) for _, _, o in dataset_triples(Local("https://lod.example.org/"))]
['http://rdfs.org/ns/void#Dataset', 'https://lod.example.org/id/']
"""
from __future__ import annotations

from rdflib import Literal

from lod.store.base import Triple
from lod.vocab import RDF, VOID, Local


def dataset_triples(local: Local) -> list[Triple]:
    """The dataset's type and ``void:uriSpace`` (``{base}id/``)."""
    return [(local.dataset, RDF.type, VOID.Dataset), (local.dataset, VOID.uriSpace, Literal(str(local.id)))]
