"""The SPARQL queries and small view-models the HTML pages need.

Every query that reads the store for a page lives here, so a page template sees plain values (labels,
site-relative URLs, counts), never rdflib terms or SPARQL. Search is behind :func:`search_records` so a real
text index can replace the SPARQL scan later.

>>> sparql_string('say "hi"\\n')
'"say \\\\"hi\\\\"\\\\n"'
>>> Site("http://lod.test/").url("http://lod.test/id/person/kim-il-sung")
'/doc/person/kim-il-sung'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from rdflib import Literal, URIRef
from rdflib.term import Node

from lod.store import Store
from lod.vocab import DCTERMS, PREFIXES, RICO, SCHEMA, SKOS, XSD

PAGE_SIZE = 50
SNIPPET = 90  # characters of context either side of a search match
AGENT_PREDICATES = (RICO.hasSender, RICO.hasAddressee, RICO.hasCreator, RICO.hasOrHadSubject)
ROLE_NAMES: dict[str, str] = {
    str(RICO.hasSender): "sender", str(SCHEMA.sender): "sender",
    str(RICO.hasAddressee): "addressee", str(SCHEMA.recipient): "addressee",
    str(RICO.hasCreator): "creator", str(DCTERMS.creator): "creator", str(SCHEMA.author): "creator",
    str(RICO.hasOrHadSubject): "mentioned", str(SCHEMA.mentions): "mentioned",
    str(SCHEMA.about): "subject", str(DCTERMS.subject): "subject", str(DCTERMS.spatial): "place",
    str(SCHEMA.holdingArchive): "holding archive", str(SCHEMA.funder): "funder",
    str(SCHEMA.translator): "translator", str(DCTERMS.contributor): "contributor",
    str(SCHEMA.contributor): "contributor", str(RICO.hasDocumentaryFormType): "documentary form",
    str(RICO.hasOrHadType): "security marking", str(DCTERMS.language): "language",
    str(RICO.hasOrHadLanguage): "language", str(RICO.isOrWasIncludedIn): "part of",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_PREFIX_DECL = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def sparql_string(value: str) -> str:
    """``value`` as a double-quoted SPARQL string literal. Backslash, quote and line breaks are escaped;
    a ``u``/``U`` right after a backslash is written ``\\u0075``/``\\u0055`` so that an engine which
    expands ``\\u`` escapes before parsing cannot be tricked into un-escaping a quote."""
    out = []
    prev_backslash = False
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in "\n\r\t\b\f":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}[ch])
        elif ch in "uU" and prev_backslash:
            out.append("\\u%04X" % ord(ch))
        else:
            out.append(ch)
        prev_backslash = ch == "\\"
    return '"' + "".join(out) + '"'


def iri_ref(iri: str | URIRef) -> str:
    """``<iri>`` for a query, refusing anything that could break out of the IRI reference."""
    s = str(iri)
    if not s or any(c in s for c in '<>"{}|\\^`') or any(ord(c) <= 32 for c in s):
        raise ValueError(f"not an IRI: {s!r}")
    return f"<{s}>"


def _in(terms: tuple) -> str:
    return ", ".join(iri_ref(t) for t in terms)


def select(store: Store, body: str) -> list[dict[str, Node]]:
    """Run a SELECT with our prefixes declared."""
    return list(store.select(_PREFIX_DECL + body))


def _count(store: Store, where: str) -> int:
    rows = select(store, f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ {where} }}")
    return int(rows[0].get("n", 0)) if rows else 0


@dataclass
class Link:
    """A labelled link; ``url`` is site-relative for our own IRIs, None when not linkable."""

    label: str
    url: str | None = None
    iri: str = ""
    kind: str = ""  # person | body | place | group | record | concept | ""


@dataclass
class Paging:
    page: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


@dataclass
class RecordRow:
    link: Link
    date: str = ""
    year: int | None = None
    form: str = ""
    roles: list[str] = field(default_factory=list)
    snippet: object = None  # markupsafe.Markup for search hits


class Site:
    """Turns IRIs under the deployment's base into site-relative document URLs."""

    def __init__(self, base: str) -> None:
        self.base = base

    def url(self, iri: str | Node) -> str | None:
        """``{base}id/x/y`` → ``/doc/x/y``; ``{base}vocab/…`` → ``/doc/vocab/…``; other http(s) IRIs as they
        are; None for what has no page (named graphs, other schemes)."""
        s = str(iri)
        if s.startswith(self.base):
            rest = s[len(self.base):]
            if rest.startswith("id/"):
                return "/doc/" + rest[3:]
            if rest.startswith("vocab/"):
                return "/doc/" + rest
            return None if rest.startswith("graph/") else "/" + rest
        return s if s.startswith(("http://", "https://")) else None

    def link(self, iri: Node, label: Node | str | None = None, kind: str = "") -> Link:
        return Link(str(label) if label else fallback_label(iri), self.url(iri), str(iri), kind)


def fallback_label(iri: Node | str) -> str:
    """A readable name for an unlabelled IRI: its last path segment or fragment."""
    s = str(iri).rstrip("/")
    tail = re.split(r"[/#]", s)[-1] or s
    return unquote(tail).replace("-", " ") if tail else s


def format_date(value: Node | None) -> str:
    """``1950-04-10`` → ``10 April 1950``; ``1967-11`` → ``November 1967``; a year stays a year."""
    if value is None:
        return ""
    s = str(value)
    m = re.fullmatch(r"(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", s[:10])
    if not m or (isinstance(value, Literal) and value.datatype not in (None, XSD.date, XSD.gYearMonth,
                                                                       XSD.gYear, XSD.string)):
        return s
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        name = MONTHS[int(month) - 1]
        return f"{int(day)} {name} {year}" if day else f"{name} {year}"
    return year


def year_of(value: Node | None) -> int | None:
    m = re.match(r"(-?\d{4})", str(value)) if value is not None else None
    return int(m.group(1)) if m else None


def _en(var: str) -> str:
    return f'FILTER(LANGMATCHES(LANG({var}), "en") || LANG({var}) = "")'


def _label_opt(var: str, out: str) -> str:
    return f"OPTIONAL {{ {var} rdfs:label {out} . {_en(out)} }}"


def _kind(types: str) -> str:
    for key, kind in ((str(RICO.Person), "person"), (str(RICO.CorporateBody), "body"),
                      (str(RICO.Group), "group"), (str(RICO.Place), "place"), (str(RICO.Record), "record")):
        if key in types:
            return kind
    return ""


# --- records linked to a resource --------------------------------------------------------------------

def _record_rows(store: Store, site: Site, where: str, order: str, limit: int, offset: int) -> list[RecordRow]:
    rows = select(store, f"""
        SELECT ?r (SAMPLE(?t) AS ?title) (SAMPLE(?d) AS ?date) (SAMPLE(?fl) AS ?form)
               (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?preds)
        WHERE {{ {where}
          OPTIONAL {{ ?r dcterms:title ?t }} OPTIONAL {{ ?r dcterms:created ?d }}
          OPTIONAL {{ ?r rico:hasDocumentaryFormType ?f . ?f rdfs:label ?fl . {_en("?fl")} }}
        }} GROUP BY ?r ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)}""")
    out = []
    for row in rows:
        roles: list[str] = []
        for p in str(row.get("preds", "")).split():
            name = ROLE_NAMES.get(p, curie(p))
            if name not in roles:
                roles.append(name)
        if "subject" in roles and "mentioned" in roles:  # a subject heading is not a mere mention
            roles.remove("mentioned")
        out.append(RecordRow(site.link(row["r"], row.get("title"), "record"), format_date(row.get("date")),
                             year_of(row.get("date")), str(row.get("form", "")), roles))
    return out


def linked_records(store: Store, site: Site, iri: URIRef, page: int, size: int = PAGE_SIZE,
                   exclude: tuple = ()) -> tuple[Paging, list[RecordRow]]:
    """Records that point to ``iri`` (by any property but ``exclude``, roles named), by date, one page."""
    where = f"?r ?p {iri_ref(iri)} . ?r a rico:Record ."
    if exclude:
        where += f" FILTER(?p NOT IN ({_in(exclude)}))"
    paging = Paging(page, _count(store, where), size)
    return paging, _record_rows(store, site, where, "STR(?date) ?r", size, paging.offset)


def records_in(store: Store, site: Site, iri: URIRef, page: int, size: int = PAGE_SIZE
               ) -> tuple[Paging, list[RecordRow]]:
    """Records in a record set or in any set below it."""
    where = f"?r rico:isOrWasIncludedIn+ {iri_ref(iri)} ; a rico:Record . BIND(rico:isOrWasIncludedIn AS ?p)"
    paging = Paging(page, _count(store, where), size)
    return paging, _record_rows(store, site, where, "STR(?date) ?r", size, paging.offset)


def all_records(store: Store, site: Site, page: int, size: int = PAGE_SIZE) -> tuple[Paging, list[RecordRow]]:
    where = "?r a rico:Record . BIND(rdf:type AS ?p)"
    paging = Paging(page, _count(store, where), size)
    rows = _record_rows(store, site, where, "STR(?date) ?r", size, paging.offset)
    for row in rows:
        row.roles = []
    return paging, rows


def year_counts(store: Store, iri: URIRef) -> list[tuple[int, int, int]]:
    """(year, records where ``iri`` is sender/addressee/creator, other records) for a timeline."""
    rows = select(store, f"""
        SELECT ?r (SAMPLE(?d) AS ?date) (MAX(IF(?p IN ({_in(AGENT_PREDICATES[:3])}), 1, 0)) AS ?c)
        WHERE {{ ?r ?p {iri_ref(iri)} ; a rico:Record ; dcterms:created ?d }} GROUP BY ?r""")
    years: dict[int, list[int]] = {}
    for row in rows:
        y = year_of(row.get("date"))
        if y is not None:
            slot = years.setdefault(y, [0, 0])
            slot[0 if int(row.get("c", 0)) else 1] += 1
    return [(y, c, m) for y, (c, m) in sorted(years.items())]


# --- people and other agents ------------------------------------------------------------------------

@dataclass
class Neighbour:
    link: Link
    sent: int = 0  # records this agent wrote to the neighbour
    received: int = 0  # records the neighbour wrote to this agent
    together: int = 0  # records naming both

    @property
    def letters(self) -> int:
        return self.sent + self.received


def correspondents(store: Store, site: Site, iri: URIRef) -> list[Neighbour]:
    """Who wrote to or received from ``iri``, with counts each way."""
    x = iri_ref(iri)
    rows = select(store, f"""
        SELECT ?o (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT STR(?t); separator=" ") AS ?types)
               (COUNT(DISTINCT ?r1) AS ?sent) (COUNT(DISTINCT ?r2) AS ?received)
        WHERE {{ {{ ?r1 rico:hasSender {x} ; rico:hasAddressee ?o }}
                 UNION {{ ?r2 rico:hasAddressee {x} ; rico:hasSender ?o }}
                 FILTER(?o != {x}) {_label_opt("?o", "?l")} OPTIONAL {{ ?o a ?t }} }}
        GROUP BY ?o ORDER BY DESC(?sent + ?received) ?label""")
    return [Neighbour(site.link(r["o"], r.get("label"), _kind(str(r.get("types", "")))),
                      sent=int(r.get("sent", 0)), received=int(r.get("received", 0))) for r in rows]


def co_mentioned(store: Store, site: Site, iri: URIRef, limit: int = 40) -> list[Neighbour]:
    """People named in the same records as ``iri`` (as sender, addressee, creator or subject)."""
    x, preds = iri_ref(iri), _in(AGENT_PREDICATES)
    rows = select(store, f"""
        SELECT ?o (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?r) AS ?n)
        WHERE {{ ?r ?p {x} ; a rico:Record ; ?q ?o . ?o a rico:Person .
                 FILTER(?o != {x} && ?p IN ({preds}) && ?q IN ({preds})) {_label_opt("?o", "?l")} }}
        GROUP BY ?o ORDER BY DESC(?n) ?label LIMIT {int(limit)}""")
    return [Neighbour(site.link(r["o"], r.get("label"), "person"), together=int(r.get("n", 0))) for r in rows]


@dataclass
class NameForm:
    form: str
    lang: str = ""
    preferred: bool = False
    count: int = 0  # records whose graph states this form
    records: list[Link] = field(default_factory=list)


def name_forms(store: Store, site: Site, iri: URIRef, max_records: int = 20) -> list[NameForm]:
    """Each name form of ``iri``: its preferred and alternative labels, and the forms records use (from the
    relations they evidence), with those records."""
    x, terms = iri_ref(iri), f"<{site.base}vocab/terms#"
    forms: dict[str, NameForm] = {}
    for row in select(store, f"""SELECT ?form ?pred WHERE {{ {x} ?pred ?form
                                   FILTER(?pred IN (skos:prefLabel, skos:altLabel)) }}"""):
        form = row["form"]
        nf = forms.setdefault(str(form), NameForm(str(form)))
        nf.lang = nf.lang or (form.language or "" if isinstance(form, Literal) else "")
        nf.preferred = nf.preferred or row.get("pred") == SKOS.prefLabel
    for row in select(store, f"""SELECT ?form (COUNT(DISTINCT ?r) AS ?n) WHERE {{
                                   ?rel rico:relationHasTarget {x} ; {terms}nameForm> ?form ; rico:isEvidencedBy ?r }}
                                 GROUP BY ?form"""):
        nf = forms.setdefault(str(row["form"]), NameForm(str(row["form"])))
        nf.count = int(row.get("n", 0))
    for row in select(store, f"""SELECT DISTINCT ?form ?r ?t WHERE {{
                                   ?rel rico:relationHasTarget {x} ; {terms}nameForm> ?form ; rico:isEvidencedBy ?r
                                   OPTIONAL {{ ?r dcterms:title ?t }} }} ORDER BY ?form ?r LIMIT 2000"""):
        nf = forms.get(str(row["form"]))
        if nf is not None and len(nf.records) < max_records and all(l.iri != str(row["r"]) for l in nf.records):
            nf.records.append(site.link(row["r"], row.get("t"), "record"))
    return sorted(forms.values(), key=lambda f: (not f.preferred, -f.count, f.form.casefold()))


# --- records: labels for linking mentions, partial-source notes -----------------------------------------

def mention_forms(store: Store, iri: URIRef) -> list[tuple[str, URIRef, str]]:
    """(form, entity, kind) for every label and alt label of the people, bodies, places and groups a
    record names."""
    kinds = (RICO.Person, RICO.CorporateBody, RICO.Place, RICO.Group)
    preds = _in(AGENT_PREDICATES + (SCHEMA.mentions, DCTERMS.spatial))
    rows = select(store, f"""
        SELECT DISTINCT ?e ?form ?t WHERE {{ {iri_ref(iri)} ?p ?e . FILTER(?p IN ({preds}))
          ?e a ?t . FILTER(?t IN ({_in(kinds)}))
          ?e ?lp ?form . FILTER(?lp IN (rdfs:label, skos:prefLabel, skos:altLabel, foaf:name)) }}""")
    return [(str(r["form"]), r["e"], _kind(str(r["t"]))) for r in rows]


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
                               ?s a rico:RecordSet . OPTIONAL {{ ?s rico:identifier ?i }} {_label_opt("?s", "?l")} }}
                             GROUP BY ?s ORDER BY ?id ?s""")
    return [site.link(r["s"], r.get("id") or r.get("label"), "set") for r in rows]


def held_records(store: Store, site: Site, iri: URIRef, page: int) -> tuple[Paging, list[RecordRow]]:
    """Records an archive holds (schema:holdingArchive)."""
    where = f"?r schema:holdingArchive {iri_ref(iri)} ; a rico:Record . BIND(schema:holdingArchive AS ?p)"
    paging = Paging(page, _count(store, where), 100)
    return paging, _record_rows(store, site, where, "STR(?date) ?r", paging.size, paging.offset)


# --- the home page and browse lists ---------------------------------------------------------------------

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
                    ) -> tuple[Paging, list[tuple[Link, int]]]:
    """One page of an entity list, by label, each with the number of records linked to it."""
    pattern = BROWSE[kind][1]
    rows = select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
    paging = Paging(page, int(rows[0].get("n", 0)) if rows else 0, size)
    rows = select(store, f"""
        SELECT ?x ?label (COUNT(DISTINCT ?r) AS ?n) WHERE {{
          {{ SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ {pattern} {_label_opt("?x", "?l")} }}
             GROUP BY ?x ORDER BY LCASE(STR(?label)) ?x LIMIT {size} OFFSET {paging.offset} }}
          OPTIONAL {{ ?r ?p ?x . ?r a rico:Record }} }}
        GROUP BY ?x ?label ORDER BY LCASE(STR(?label)) ?x""")
    kind_of = {"people": "person", "places": "place", "subjects": "concept"}.get(kind, "body")
    return paging, [(site.link(r["x"], r.get("label"), kind_of), int(r.get("n", 0))) for r in rows]


def most_linked_person(store: Store) -> tuple[str, str] | None:
    """(IRI, label) of the person most records name (for example queries)."""
    rows = select(store, f"""SELECT ?x (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r ?p ?x .
                               ?x a rico:Person . FILTER(?p IN ({_in(AGENT_PREDICATES)})) {_label_opt("?x", "?l")} }}
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
    total = _count(store, where)
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


def curie(iri: str | Node) -> str:
    """``rico:hasSender`` for a property IRI in one of our namespaces; else the IRI."""
    s = str(iri)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if s.startswith(ns) and re.fullmatch(r"[A-Za-z_][\w.-]*", s[len(ns):] or "-"):
            return f"{prefix}:{s[len(ns):]}"
    return s


__all__ = ["Link", "Paging", "RecordRow", "Site", "search_records", "sparql_string"]
