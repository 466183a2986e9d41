"""A finding aid's hierarchy as the pages read it: one page of a unit's children in sibling order (one
``ORDER BY`` on their ``schema:position`` with ``LIMIT``/``OFFSET``: a page of a series of ten thousand files
reads fifty), how many children there are, and the chain of units above one up to the top, with the archive
that holds it.

>>> UP
'(rico:isDirectlyIncludedIn|rico:isOrWasConstituentOf|rico:isOrWasPartOf)'
"""
from __future__ import annotations

from rdflib import URIRef

from lod.store import Store
from lod.web.naming import Site
from lod.web.queries import count, label_opt, select
from lod.web.sparql_text import iri_ref
from lod.web.viewmodel import PAGE_SIZE, Link, Paging

#: child → parent, as :mod:`lod.mapping.ead` nests units (a set's, a record's, any other unit's)
UP = "(rico:isDirectlyIncludedIn|rico:isOrWasConstituentOf|rico:isOrWasPartOf)"
_LABEL = "OPTIONAL { ?c rico:title ?t } OPTIONAL { ?c rdfs:label ?l }"


def _kind(types: str) -> str:
    return "set" if "RecordSet" in types else "record"


def children(store: Store, site: Site, iri: URIRef, page: int, size: int = PAGE_SIZE
             ) -> tuple[Paging, list[dict]]:
    """One page of the units directly in ``iri``, in sibling order, each with its link, reference code
    (unitid), dates as written and how many units it holds in turn."""
    where = f"?r {UP} {iri_ref(iri)}"
    paging = Paging(page, count(store, where), size)
    if paging.total == 0:
        return paging, []
    rows = select(store, f"""
        SELECT ?c ?pos (SAMPLE(?t) AS ?title) (SAMPLE(?l) AS ?label) (SAMPLE(?i) AS ?id) (SAMPLE(?d) AS ?date)
               (GROUP_CONCAT(DISTINCT STR(?type); separator=" ") AS ?types)
               (COUNT(DISTINCT ?below) AS ?below_n) WHERE {{
          {{ SELECT ?c ?pos WHERE {{ ?c {UP} {iri_ref(iri)} . OPTIONAL {{ ?c schema:position ?pos }} }}
             ORDER BY ?pos ?c LIMIT {int(size)} OFFSET {int(paging.offset)} }}
          {_LABEL} OPTIONAL {{ ?c dcterms:identifier ?i }} OPTIONAL {{ ?c a ?type }}
          OPTIONAL {{ ?c rico:date ?d FILTER(DATATYPE(?d) != xsd:date && !isIRI(?d)) }}
          OPTIONAL {{ ?below {UP} ?c }}
        }} GROUP BY ?c ?pos ORDER BY ?pos ?c""")
    out = [{"link": site.link(r["c"], r.get("title") or r.get("label"), _kind(str(r.get("types", "")))),
            "position": int(r["pos"]) if r.get("pos") is not None else None,
            "identifier": str(r.get("id") or ""), "date": str(r.get("date") or ""),
            "children": int(r.get("below_n", 0))} for r in rows]
    return paging, out


def ancestors(store: Store, site: Site, iri: URIRef) -> list[Link]:
    """The units above ``iri``, the top first, each linked (the chain of a well-formed finding aid has one
    parent a unit; the depth orders it)."""
    rows = select(store, f"""
        SELECT ?c (SAMPLE(?t) AS ?title) (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?up) AS ?depth) WHERE {{
          {iri_ref(iri)} {UP}+ ?c . OPTIONAL {{ ?c {UP}+ ?up }} {_LABEL}
        }} GROUP BY ?c ORDER BY ?depth ?c""")
    return [site.link(r["c"], r.get("title") or r.get("label"), "set") for r in rows]


def holders(store: Store, site: Site, iri: URIRef) -> list[Link]:
    """The archives that hold ``iri`` or a unit above it (``rico:hasOrHadHolder``), else the publisher of the
    finding aid that describes its top."""
    rows = select(store, f"""
        SELECT DISTINCT ?k ?h ?l WHERE {{
          {{ {iri_ref(iri)} {UP}* ?u . ?u rico:hasOrHadHolder ?h . BIND(0 AS ?k) }}
          UNION {{ {iri_ref(iri)} {UP}* ?u . ?u rico:isOrWasDescribedBy ?fa . ?fa rico:hasPublisher ?h . BIND(1 AS ?k) }}
          {label_opt("?h", "?l")} }} ORDER BY ?k ?h""")
    found: dict[str, Link] = {}
    first = min((int(r["k"]) for r in rows), default=0)
    for r in rows:
        if int(r["k"]) == first:  # the holders named, else the publishers
            found.setdefault(str(r["h"]), site.link(r["h"], r.get("l"), "body"))
    return list(found.values())
