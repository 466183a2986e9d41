"""Records: those linked to a resource (by any property, roles named), in a record set, held by an archive;
the years they span; where the people, places and bodies occur in a record's text."""
from __future__ import annotations

from functools import lru_cache

from rdflib import Graph, URIRef

from lod.roles import ROLE_NAMES
from lod.store import Store
from lod.vocab import RDF, RDFS, RICO, SKOS
from lod.web.formatting import fold, format_date, year_of
from lod.web.naming import Site, curie
from lod.web.queries import AGENT_PREDICATES, RELATION_ENDS, count, english, is_a, kind_of, label_opt, select
from lod.web.sparql_text import iri_list, iri_ref
from lod.web.viewmodel import PAGE_SIZE, Link, Occurrence, Paging, RecordRow, YearCount


# --- records linked to a resource --------------------------------------------------------------------

def _record_rows(store: Store, site: Site, where: str, order: str, limit: int, offset: int) -> list[RecordRow]:
    # the page is chosen first (dates only), then titles and forms are read for its rows alone
    rows = select(store, f"""
        SELECT ?r ?date ?preds (SAMPLE(?t) AS ?title) (SAMPLE(?fl) AS ?form) WHERE {{
          {{ SELECT ?r (SAMPLE(?d) AS ?date) (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?preds)
             WHERE {{ {where} OPTIONAL {{ ?r dcterms:created ?d }} }}
             GROUP BY ?r ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)} }}
          OPTIONAL {{ ?r dcterms:title ?t }}
          OPTIONAL {{ ?r rico:hasDocumentaryFormType ?f . ?f rdfs:label ?fl . {english("?fl")} }}
        }} GROUP BY ?r ?date ?preds ORDER BY {order}""")
    return [RecordRow(site.link(row["r"], row.get("title"), "record"), format_date(row.get("date")),
                      year_of(row.get("date")), str(row.get("form", "")), roles_of(str(row.get("preds", "")).split()))
            for row in rows]


def roles_of(preds: list[str]) -> list[str]:
    """The roles a record's predicates give what they point to, each once, in the predicates' order.

    >>> roles_of(["https://schema.org/mentions", "https://schema.org/about", "http://x/p"])
    ['subject', 'http://x/p']
    """
    return list(_roles(tuple(preds)))


@lru_cache(maxsize=4096)  # a page's rows repeat a few combinations of predicates
def _roles(preds: tuple[str, ...]) -> tuple[str, ...]:
    roles: list[str] = []
    for p in preds:
        name = ROLE_NAMES.get(p, curie(p))
        if name not in roles:
            roles.append(name)
    if "subject" in roles and "mentioned" in roles:  # a subject heading is not a mere mention
        roles.remove("mentioned")
    return tuple(roles)


def linked_records(store: Store, site: Site, iri: URIRef, page: int, size: int = PAGE_SIZE,
                   exclude: tuple = ()) -> tuple[Paging, list[RecordRow]]:
    """Records that point to ``iri`` (by any property but ``exclude``, roles named), by date, one page."""
    # from the links to ``iri`` (an index scan), never from every record: relation nodes left out by
    # predicate, the type checked per record
    where = (f"?r ?p {iri_ref(iri)} . FILTER(?p NOT IN ({iri_list(RELATION_ENDS + tuple(exclude))})) "
             + is_a("?r", "rico:Record"))
    paging = Paging(page, count(store, where), size)
    return paging, _record_rows(store, site, where, "STR(?date) ?r", size, paging.offset)


def records_in(store: Store, site: Site, iri: URIRef, page: int, size: int = PAGE_SIZE
               ) -> tuple[Paging, list[RecordRow]]:
    """Records in a record set or in any set below it."""
    where = f"?r rico:isOrWasIncludedIn+ {iri_ref(iri)} ; a rico:Record . BIND(rico:isOrWasIncludedIn AS ?p)"
    paging = Paging(page, count(store, where), size)
    return paging, _record_rows(store, site, where, "STR(?date) ?r", size, paging.offset)


def all_records(store: Store, site: Site, page: int, size: int = PAGE_SIZE) -> tuple[Paging, list[RecordRow]]:
    where = "?r a rico:Record . BIND(rdf:type AS ?p)"
    paging = Paging(page, count(store, where), size)
    rows = _record_rows(store, site, where, "STR(?date) ?r", size, paging.offset)
    for row in rows:
        row.roles = []
    return paging, rows


def year_counts(store: Store, iri: URIRef) -> list[YearCount]:
    """Per year: records where ``iri`` is sender/addressee/creator, and other records naming it (records
    without a date have no year and are left out)."""
    rows = select(store, f"""
        SELECT ?y (SUM(?c) AS ?own) (COUNT(?r) AS ?all) WHERE {{
          {{ SELECT ?r (SAMPLE(?d) AS ?date) (MAX(IF(?p IN ({iri_list(AGENT_PREDICATES[:3])}), 1, 0)) AS ?c) WHERE {{
               ?r ?p {iri_ref(iri)} . FILTER(?p NOT IN ({iri_list(RELATION_ENDS)})) {is_a("?r", "rico:Record")}
               OPTIONAL {{ ?r dcterms:created ?d }} }}
             GROUP BY ?r }}
          BIND(SUBSTR(STR(?date), 1, IF(STRSTARTS(STR(?date), "-"), 5, 4)) AS ?y) }} GROUP BY ?y""")
    years: dict[int, list[int]] = {}
    for row in rows:
        y = year_of(row.get("y"))
        if y is not None:
            own, every = int(row.get("own", 0)), int(row.get("all", 0))
            slot = years.setdefault(y, [0, 0])
            slot[0] += own
            slot[1] += every - own
    return [YearCount(y, c, m) for y, (c, m) in sorted(years.items())]


def occurrences_in(g: Graph, site: Site, iri: URIRef) -> list[Occurrence]:
    """The stored mention spans of a record (``lodv:occurrence`` of the relations it evidences, offices
    left out), each with a link to the entity named there and the forms to check the span against, read
    from the record's description graph, which holds the relations, spans, name forms and the labels and
    types of their targets. The spans are checked against the text by :mod:`lod.web.highlight`."""
    terms = site.local.terms
    out = []
    for rel in g.objects(iri, RICO.evidences):
        e = g.value(rel, RICO.relationHasTarget)
        if e is None or (rel, RDF.type, RICO.PositionHoldingRelation) in g:  # names are linked, not offices
            continue
        forms = {fold(str(f)) for f in g.objects(rel, terms.nameForm)}
        forms.update(fold(str(f)) for p in (RDFS.label, SKOS.prefLabel) for f in g.objects(e, p))
        types = " ".join(str(t) for t in g.objects(e, RDF.type))
        link = site.link(e, g.value(e, RDFS.label), kind_of(types))
        for span in g.objects(rel, terms.occurrence):
            try:
                first, last = int(g.value(span, terms.start)), int(g.value(span, terms.end))
            except (TypeError, ValueError):
                continue  # not an integer offset: nothing to highlight
            out.append(Occurrence(str(g.value(span, terms.inField)), first, last, link, frozenset(forms)))
    return sorted(out, key=lambda o: (o.field, o.start, o.end, o.link.iri))


def partial_notes(store: Store, iri: URIRef) -> list[str]:
    """The "Partial source: missing …" comments of the graphs derived from a record."""
    rows = select(store, f"""SELECT DISTINCT ?c WHERE {{ ?g prov:wasDerivedFrom {iri_ref(iri)} ; rdfs:comment ?c .
                               FILTER(STRSTARTS(STR(?c), "Partial source")) }}""")
    return sorted(str(r["c"]) for r in rows)


# --- archives and record sets --------------------------------------------------------------------------

def child_sets(store: Store, site: Site, iri: URIRef, holder: bool = False) -> list[Link]:
    """Record sets directly in ``iri`` (or, with ``holder``, the top-level sets an archive holds)."""
    pattern = (f"?s rico:hasOrHadHolder {iri_ref(iri)} . FILTER NOT EXISTS {{ ?s rico:isOrWasIncludedIn ?up }}"
               if holder else f"?s rico:isOrWasIncludedIn {iri_ref(iri)}")
    rows = select(store, f"""SELECT ?s (SAMPLE(?i) AS ?id) (SAMPLE(?l) AS ?label) WHERE {{ {pattern} .
                               {is_a("?s", "rico:RecordSet")} OPTIONAL {{ ?s rico:identifier ?i }}
                               {label_opt("?s", "?l")} }}
                             GROUP BY ?s ORDER BY ?id ?s""")
    return [site.link(r["s"], r.get("id") or r.get("label"), "set") for r in rows]


def held_records(store: Store, site: Site, iri: URIRef, page: int) -> tuple[Paging, list[RecordRow]]:
    """Records an archive holds (schema:holdingArchive)."""
    where = f"?r schema:holdingArchive {iri_ref(iri)} . {is_a('?r', 'rico:Record')} BIND(schema:holdingArchive AS ?p)"
    paging = Paging(page, count(store, where), 100)
    return paging, _record_rows(store, site, where, "STR(?date) ?r", paging.size, paging.offset)


