"""Profiles of a description: ``rico`` is the graph as stored (RiC-O with the alignment layer);
``schema`` keeps schema.org and Dublin Core only, for generic clients and search engines.

>>> from rdflib import Graph, URIRef, Literal
>>> g = Graph(); x = URIRef("http://x/a")
>>> _ = g.add((x, RDFS.label, Literal("A"))); _ = g.add((x, RICO.title, Literal("A")))
>>> sorted(str(p) for _, p, _ in apply_profile(g, "schema"))
['https://schema.org/name']
"""
from __future__ import annotations

from rdflib import Graph

from lod.vocab import DCTERMS, RDF, RDFS, RICO, SCHEMA, SKOS

_KEEP = (str(SCHEMA), str(DCTERMS))


def apply_profile(graph: Graph, token: str) -> Graph:
    """The graph as the profile ``token`` presents it (``rico`` returns it unchanged)."""
    if token != "schema":
        return graph
    out = Graph()
    for s, p, o in graph:
        if p == RDF.type:
            if str(o).startswith(str(SCHEMA)):
                out.add((s, p, o))
        elif p in (RDFS.label, SKOS.prefLabel):
            out.add((s, SCHEMA.name, o))
        elif str(p).startswith(_KEEP):
            out.add((s, p, o))
    return out


__all__ = ["apply_profile", "RICO"]
