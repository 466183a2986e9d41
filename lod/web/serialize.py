"""RDF documents as we write them: our prefixes bound, JSON-LD compacted with our context, pyoxigraph's
writers where it has one (the formats themselves are the rows of :mod:`lod.formats`).

>>> from rdflib import Graph, Literal, URIRef
>>> from lod.formats import get
>>> g = Graph().add((URIRef("http://x/a"), URIRef("http://x/b"), Literal("c")))
>>> serialize(g, NTRIPLES), serialize(g, get("jsonld"))[:30]
(b'<http://x/a> <http://x/b> "c" .\\n', b'{\\n  "@context": {\\n    "dcat": ')
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from lod.formats import NTRIPLES, Format
from lod.store.terms import bind_prefixes, from_ox
from lod.vocab import PREFIXES


def json_ld_context() -> dict:
    """The JSON-LD context we publish at ``{base}context.jsonld`` and embed in every JSON-LD answer."""
    return {"@context": dict(PREFIXES)}


def compacted_json_ld(graph: Graph) -> bytes:
    """The JSON-LD writer of documents: compacted with our context (:func:`json_ld_context`)."""
    return graph.serialize(format="json-ld", context=json_ld_context()["@context"], auto_compact=True,
                           encoding="utf-8")


def serialize(graph: Graph, fmt: Format) -> bytes:
    """An RDF graph in one of the RDF formats, prefixes bound, by the format's writer or rdflib's."""
    bind_prefixes(graph)
    if fmt.writer is not None:
        return fmt.write(graph)
    return graph.serialize(format=fmt.rdflib, encoding="utf-8")


def serialize_triples(triples: list[ox.Triple], fmt: Format) -> bytes:
    """pyoxigraph triples in ``fmt``: by pyoxigraph where it writes the format's documents (Turtle,
    N-Triples, RDF/XML, with our prefixes), else through rdflib (:func:`serialize`)."""
    if fmt.writer is None and fmt.oxigraph is not None:
        prefixes = PREFIXES if fmt is not NTRIPLES else None
        return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)
    g = Graph()
    for t in triples:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return serialize(g, fmt)
