"""What a resource's document contains: its own triples (and those of its deterministic sub-nodes),
labels of what it points to, the archival chain above it, and what points to it (paged).

>>> # d = describe(store, URIRef("http://localhost:5000/id/record/3283")); len(d.graph)
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from rdflib import Graph, URIRef

from lod.store import Store
from lod.vocab import RDF, RDFS, RICO, SKOS

PAGE_SIZE = 100
_LOCK = threading.Lock()
LABELS = f"<{RDFS.label}>|<{SKOS.prefLabel}>"


@dataclass
class Description:
    """A resource's description graph and paging facts about its inbound links."""

    iri: URIRef
    graph: Graph
    inbound: int  # how many resources point to this one
    page: int
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.inbound // self.page_size))

    @property
    def exists(self) -> bool:
        return (self.iri, None, None) in self.graph


def _check_iri(iri: str) -> str:
    if any(c in iri for c in '<>"{}|\\^`') or any(ord(c) <= 32 for c in iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return iri


_CACHE: "OrderedDict[tuple, Description]" = OrderedDict()
CACHE_SIZE = 2048


def describe(store: Store, iri: URIRef, page: int = 1, page_size: int = PAGE_SIZE) -> Description:
    """The description of ``iri``; ``page`` pages its inbound links (1-based). Descriptions are kept
    in a small LRU cache for as long as the store's version (its last ingest) stays the same."""
    where = getattr(store, "path", None)
    if where is None:  # only the embedded store has versions that never repeat (generation + its time)
        return _describe(store, iri, page, page_size)
    key = (str(where), *store.version(), str(iri), page, page_size)
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            _CACHE.move_to_end(key)
            return found
    desc = _describe(store, iri, page, page_size)
    with _LOCK:
        _CACHE[key] = desc
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return desc


def _describe(store: Store, iri: URIRef, page: int, page_size: int) -> Description:
    x = _check_iri(str(iri))
    # One branch per kind of statement: OPTIONALs side by side would multiply the rows of an entity named
    # in thousands of record graphs (its labels x its types x its graphs).
    labels = f"FILTER(?lp IN (<{RDFS.label}>, <{SKOS.prefLabel}>))"
    own = f"""CONSTRUCT {{ <{x}> ?p ?o . ?o ?lp ?l . ?o a ?ot . ?sub ?sp ?so . ?so ?lp ?sl .
                         ?a ?ap ?av . ?av ?lp ?al }}
    WHERE {{
      {{ <{x}> ?p ?o }}
      UNION {{ {{ SELECT DISTINCT ?o WHERE {{ <{x}> ?p1 ?o FILTER(isIRI(?o)) }} }} ?o ?lp ?l . {labels} }}
      UNION {{ {{ SELECT DISTINCT ?o WHERE {{ <{x}> ?p2 ?o FILTER(isIRI(?o)) }} }} ?o a ?ot }}
      UNION {{ <{x}> ?p0 ?sub . FILTER(isIRI(?sub) && STRSTARTS(STR(?sub), "{x}/")) ?sub ?sp ?so }}
      UNION {{ <{x}> ?p3 ?sub . FILTER(isIRI(?sub) && STRSTARTS(STR(?sub), "{x}/"))
               ?sub ?sp2 ?so . FILTER(isIRI(?so)) ?so ?lp ?sl . {labels} }}
      UNION {{ <{x}> <{RICO.isOrWasIncludedIn}>+ ?a . ?a ?ap ?av .
               FILTER(?ap IN (<{RDFS.label}>, <{RICO.identifier}>, <{RICO.isOrWasIncludedIn}>,
                              <{RICO.hasOrHadHolder}>, <{RDF.type}>, <{RICO.hasRecordSetType}>)) }}
      UNION {{ <{x}> <{RICO.isOrWasIncludedIn}>+ ?a . ?a <{RICO.hasOrHadHolder}> ?av . ?av ?lp ?al . {labels} }}
    }}"""
    g = Graph()
    for t in store.construct(own):
        g.add(t)
    total = 0
    if (URIRef(x), None, None) in g:
        count = next(iter(store.select(f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p <{x}> . "
                                       f"FILTER(!STRSTARTS(STR(?s), \"{x}/\")) }}")), {})
        total = int(count.get("n", 0))
        offset = (max(1, page) - 1) * page_size
        page_of = (f"{{ SELECT DISTINCT ?s WHERE {{ ?s ?p0 <{x}> . FILTER(!STRSTARTS(STR(?s), \"{x}/\")) }} "
                   f"ORDER BY ?s LIMIT {page_size} OFFSET {offset} }}")
        inbound = f"""CONSTRUCT {{ ?s ?p <{x}> . ?s ?lp ?l . ?s a ?t }} WHERE {{
            {{ {page_of} ?s ?p <{x}> }}
            UNION {{ {page_of} ?s ?lp ?l . FILTER(?lp IN (<{RDFS.label}>, <{SKOS.prefLabel}>)) }}
            UNION {{ {page_of} ?s a ?t }} }}"""
        for t in store.construct(inbound):
            g.add(t)
    from lod.web.formats import bind_prefixes
    return Description(URIRef(x), bind_prefixes(g), total, max(1, page), page_size)
