"""RDF documents as we write them, from pyoxigraph triples: pyoxigraph's writers with our prefixes, and
JSON-LD compacted with our context (the formats themselves are the rows of :mod:`lod.formats`). A small
rdflib graph (VoID, profiles, the service description) is converted once and written the same way.

>>> import pyoxigraph as ox
>>> t = [ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode(str(RDFS.label)), ox.Literal("c"))]
>>> serialize_triples(t, NTRIPLES)
b'<http://x/a> <http://www.w3.org/2000/01/rdf-schema#label> "c" .\\n'
>>> json.loads(serialize_triples(t, get("jsonld")))["@graph"]
[{'@id': 'http://x/a', 'rdfs:label': 'c'}]
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph

from lod.formats import NTRIPLES, Format, get
from lod.store.terms import ox_triples
from lod.vocab import PREFIXES, RDF, RDFS

_TYPE = str(RDF.type)
# longest namespace first, so that a namespace inside another one is never cut short
_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda n: -len(n[0]))


def json_ld_context() -> dict:
    """The JSON-LD context we publish at ``{base}context.jsonld`` and embed in every JSON-LD answer."""
    return {"@context": dict(PREFIXES)}


@lru_cache(maxsize=50_000)
def compact_iri(iri: str) -> str:
    """``iri`` as a compact IRI of our context where one of its namespaces starts it (JSON-LD 1.1 §4.1.5:
    a suffix beginning ``//`` would read as an absolute IRI, so such an IRI stays whole).

    >>> compact_iri(str(RDFS.label)), compact_iri("http://x/a")
    ('rdfs:label', 'http://x/a')
    """
    for ns, prefix in _NAMESPACES:
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _value(v: dict) -> object:
    if "@id" in v:
        return {"@id": compact_iri(v["@id"])}
    if "@type" in v:
        return {"@value": v["@value"], "@type": compact_iri(v["@type"])}
    if "@language" in v:
        return v
    return v["@value"]  # a plain string


def _one(values: list) -> object:
    return values[0] if len(values) == 1 else values


def compacted_json_ld(triples: Iterable[ox.Triple]) -> bytes:
    """JSON-LD compacted with our context (:func:`json_ld_context`): pyoxigraph writes the expanded form,
    one node object per subject, and our namespaces shorten its IRIs to compact IRIs (a context of prefixes
    only, so the compaction is the IRI's; a test reads the document back with rdflib and PyLD)."""
    merged: dict[str, dict[str, list]] = {}  # pyoxigraph starts a node at each change of subject or predicate
    for node in json.loads(ox.serialize(triples, format=get("jsonld").oxigraph) or b"[]"):
        into = merged.setdefault(node.pop("@id"), {})
        for key, values in node.items():
            into.setdefault(key, []).extend(values)
    nodes = []
    for iri, node in merged.items():
        out: dict[str, object] = {"@id": compact_iri(iri)}
        for key, values in node.items():
            if key == _TYPE and all("@id" in v for v in values):
                out["@type"] = _one([compact_iri(v["@id"]) for v in values])
            else:
                out[compact_iri(key)] = _one([_value(v) for v in values])
        nodes.append(out)
    # compact separators: json's C encoder (an indent would run the pure-Python one, ten times slower)
    return json.dumps({**json_ld_context(), "@graph": nodes}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def serialize_triples(triples: list[ox.Triple], fmt: Format) -> bytes:
    """pyoxigraph triples in the RDF format ``fmt``: by the format's own writer, else pyoxigraph's (with our
    prefixes where the format has them)."""
    if fmt.writer is not None:
        return fmt.write(triples)
    if fmt.oxigraph is None:
        raise ValueError(f"{fmt.name} is not an RDF format we write")
    prefixes = PREFIXES if fmt is not NTRIPLES else None
    return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)


def serialize(graph: Graph, fmt: Format) -> bytes:
    """A small rdflib graph in ``fmt``, by the same writers (:func:`serialize_triples`)."""
    return serialize_triples(ox_triples(graph), fmt)
