"""Profiles of a description: ``rico`` is the graph as stored (RiC-O with the alignment layer);
``schema`` keeps schema.org and Dublin Core only, for generic clients and search engines.

>>> import pyoxigraph as ox
>>> x = ox.NamedNode("http://x/a")
>>> t = [ox.Triple(x, ox.NamedNode(str(RDFS.label)), ox.Literal("A")), ox.Triple(x, ox.NamedNode(str(RICO.title)), ox.Literal("A"))]
>>> [str(t.predicate.value) for t in apply_profile(t, "schema")]
['https://schema.org/name']
"""
from __future__ import annotations

import pyoxigraph as ox

from lod.vocab import DCTERMS, RDF, RDFS, RICO, SCHEMA, SKOS

_KEEP = (str(SCHEMA), str(DCTERMS))
_TYPE = ox.NamedNode(str(RDF.type))
_NAMES = (ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.prefLabel)))
_NAME = ox.NamedNode(str(SCHEMA.name))


def apply_profile(triples: list[ox.Triple], token: str) -> list[ox.Triple]:
    """The triples as the profile ``token`` presents them (``rico`` returns them unchanged)."""
    if token != "schema":
        return triples
    out: dict[ox.Triple, None] = {}
    for t in triples:
        if t.predicate == _TYPE:
            if t.object.value.startswith(str(SCHEMA)):
                out[t] = None
        elif t.predicate in _NAMES:
            out[ox.Triple(t.subject, _NAME, t.object)] = None
        elif t.predicate.value.startswith(_KEEP):
            out[t] = None
    return list(out)


__all__ = ["apply_profile", "RICO"]
