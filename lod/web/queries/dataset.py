"""The whole dataset: counts for the home page, browse lists, search by SPARQL scan (when there is no text
index), the correspondence network."""
from __future__ import annotations

from lod.store import Store
from lod.vocab import DCTERMS, SCHEMA
from lod.web.naming import Site, fallback_label
from lod.web.queries import AGENT_PREDICATES, count, kind_of, label_opt, select
from lod.web.sparql_text import iri_list, iri_ref, sparql_string
from lod.web.viewmodel import PAGE_SIZE, BrowseItem, Link, NetworkPage, Pair, Paging


def _letters(start: int | None, end: int | None) -> str:
    """Records with a sender and an addressee (``?r ?s ?a``), dated in ``start``–``end`` (years, inclusive)
    when either is given; undated records count only when no period is asked for."""
    where = "?r a rico:Record ; rico:hasSender ?s ; rico:hasAddressee ?a ."
    conditions = []
    if start is not None:
        conditions.append(f"?y >= {int(start)}")
    if end is not None:
        conditions.append(f"?y <= {int(end)}")
    if not conditions:
        return where + " OPTIONAL { ?r dcterms:created ?d }"
    return (where + " ?r dcterms:created ?d . BIND(xsd:integer(SUBSTR(STR(?d), 1, 4)) AS ?y) "
            f"FILTER({' && '.join(conditions)})")


def correspondence(store: Store, site: Site, start: int | None = None, end: int | None = None,
                   limit: int = 500) -> NetworkPage:
    """The correspondence network: sender → addressee pairs with their record counts, aggregated by the
    store; ``start``/``end`` restrict it to records dated in those years."""
    where = _letters(start, end)
    rows = select(store, f"""
        SELECT ?s ?a (COUNT(DISTINCT ?r) AS ?n) (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last)
        WHERE {{ {where} }} GROUP BY ?s ?a ORDER BY DESC(?n) ?s ?a LIMIT {int(limit)}""")
    totals = select(store, f"""
        SELECT (COUNT(DISTINCT ?r) AS ?records) (COUNT(DISTINCT ?pair) AS ?pairs)
        WHERE {{ {where} BIND(CONCAT(STR(?s), " ", STR(?a)) AS ?pair) }}""")
    span = select(store, """
        SELECT (MIN(?y) AS ?lo) (MAX(?y) AS ?hi) WHERE { ?r a rico:Record ; rico:hasSender ?s ; rico:hasAddressee ?a ;
          dcterms:created ?d . BIND(xsd:integer(SUBSTR(STR(?d), 1, 4)) AS ?y) }""")
    links: dict[str, Link] = {}
    agents = {str(r[k]) for r in rows for k in ("s", "a")}
    if agents:
        values = " ".join(iri_ref(a) for a in sorted(agents))
        for row in select(store, f"""
                SELECT ?x (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types)
                WHERE {{ VALUES ?x {{ {values} }} {label_opt("?x", "?l")} OPTIONAL {{ ?x a ?t }} }}
                GROUP BY ?x LIMIT {2 * int(limit)}"""):
            links[str(row["x"])] = site.link(row["x"], row.get("label"), kind_of(str(row.get("types", ""))))
    pairs = [Pair.between(links.get(str(r["s"])) or site.link(r["s"]), links.get(str(r["a"])) or site.link(r["a"]),
                          int(r.get("n", 0)), str(r.get("first") or ""), str(r.get("last") or "")) for r in rows]
    total = totals[0] if totals else {}
    lo, hi = (span[0].get("lo"), span[0].get("hi")) if span else (None, None)
    return NetworkPage(start, end, int(total.get("records", 0)), int(total.get("pairs", 0)), pairs,
                       int(lo) if lo is not None else None, int(hi) if hi is not None else None)


def counts(store: Store) -> dict[str, int]:
    """How many records, people, organisations, places, archives and subjects the dataset has."""
    parts = {"records": "?x a rico:Record", "people": "?x a rico:Person",
             "organisations": "?x a rico:CorporateBody", "places": "?x a rico:Place",
             "archives": "?x a schema:ArchiveOrganization", "subjects": "?r dcterms:subject ?x"}
    sub = " ".join(f"{{ SELECT (COUNT(DISTINCT ?x) AS ?{k}) WHERE {{ {v} }} }}" for k, v in parts.items())
    rows = select(store, f"SELECT * WHERE {{ {sub} }}")
    return {k: int(rows[0].get(k, 0)) if rows else 0 for k in parts}


BROWSE: dict[str, tuple[str, str]] = {  # list name -> (title, pattern binding ?x)
    "people": ("People", "?x a rico:Person"),
    "organisations": ("Organisations", "?x a rico:CorporateBody"),
    "places": ("Places", "?x a rico:Place"),
    "archives": ("Archives", "?x a schema:ArchiveOrganization"),
    "subjects": ("Subjects", "?x a skos:Concept . FILTER EXISTS { ?any dcterms:subject ?x }"),
}


def browse_entities(store: Store, site: Site, kind: str, page: int, size: int = PAGE_SIZE
                    ) -> tuple[Paging, list[BrowseItem]]:
    """One page of an entity list, by label, each with the number of records linked to it."""
    pattern = BROWSE[kind][1]
    rows = select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
    paging = Paging(page, int(rows[0].get("n", 0)) if rows else 0, size)
    rows = select(store, f"""
        SELECT ?x ?label (COUNT(DISTINCT ?r) AS ?n) WHERE {{
          {{ SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ {pattern} {label_opt("?x", "?l")} }}
             GROUP BY ?x ORDER BY LCASE(STR(?label)) ?x LIMIT {size} OFFSET {paging.offset} }}
          OPTIONAL {{ ?r ?p ?x . ?r a rico:Record }} }}
        GROUP BY ?x ?label ORDER BY LCASE(STR(?label)) ?x""")
    link_kind = {"people": "person", "places": "place", "subjects": "concept"}.get(kind, "body")
    return paging, [BrowseItem(site.link(r["x"], r.get("label"), link_kind), int(r.get("n", 0))) for r in rows]


def most_linked_person(store: Store) -> tuple[str, str] | None:
    """(IRI, label) of the person most records name (for example queries)."""
    rows = select(store, f"""SELECT ?x (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r ?p ?x .
                               ?x a rico:Person . FILTER(?p IN ({iri_list(AGENT_PREDICATES)})) {label_opt("?x", "?l")} }}
                             GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1""")
    return (str(rows[0]["x"]), str(rows[0].get("label") or fallback_label(rows[0]["x"]))) if rows else None


# --- search ---------------------------------------------------------------------------------------------

def _fields_match(q: str) -> str:
    needle = sparql_string(q.lower())
    return (f"?r a rico:Record . {{ ?r dcterms:title ?x }} UNION {{ ?r dcterms:abstract ?x }} "
            f"UNION {{ ?r schema:text ?x }} FILTER(CONTAINS(LCASE(STR(?x)), {needle}))")


def search_records(store: Store, q: str, limit: int, offset: int) -> tuple[int, list[dict]]:
    """Records whose title, summary or text contains ``q`` (case-insensitive): (total, hits). Each hit is
    ``{"iri", "title", "date", "field", "text"}`` with ``text`` the field the match is in (title first, then
    summary, then body); pages cut a snippet from it."""
    q = " ".join(q.split())
    if not q:
        return 0, []
    where = _fields_match(q)
    total = count(store, where)
    rows = select(store, f"""SELECT ?r (SAMPLE(?d) AS ?date) WHERE {{ {{ SELECT DISTINCT ?r WHERE {{ {where} }} }}
                               OPTIONAL {{ ?r dcterms:created ?d }} }} GROUP BY ?r ORDER BY STR(?date) ?r
                             LIMIT {int(limit)} OFFSET {int(offset)}""")
    if not rows:
        return total, []
    values = " ".join(iri_ref(r["r"]) for r in rows)
    texts: dict[str, dict[str, str]] = {}
    for row in select(store, f"""SELECT ?r ?p ?x WHERE {{ VALUES ?r {{ {values} }}
                                   VALUES ?p {{ dcterms:title dcterms:abstract schema:text }} ?r ?p ?x }}"""):
        texts.setdefault(str(row["r"]), {})[str(row["p"])] = str(row["x"])
    hits = []
    for row in rows:
        fields = texts.get(str(row["r"]), {})
        title = fields.get(str(DCTERMS.title), "")
        found = next(((name, fields[str(p)]) for name, p in (("title", DCTERMS.title), ("summary", DCTERMS.abstract),
                                                       ("text", SCHEMA.text))
                      if q.lower() in fields.get(str(p), "").lower()), ("", ""))
        hits.append({"iri": row["r"], "title": title, "date": row.get("date"), "field": found[0],
                     "text": found[1]})
    return total, hits


