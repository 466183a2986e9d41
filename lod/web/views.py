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

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from lod.store import Store
from lod.vocab import DCTERMS, PREFIXES, RDF, RDFS, RICO, SCHEMA, SKOS, XSD

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
                      (str(RICO.Group), "group"), (str(RICO.Place), "place"), (str(RICO.Record), "record"),
                      (str(RICO.Position), "position")):
        if key in types:
            return kind
    return ""


# --- records linked to a resource --------------------------------------------------------------------

def _record_rows(store: Store, site: Site, where: str, order: str, limit: int, offset: int) -> list[RecordRow]:
    # the page is chosen first (dates only), then titles and forms are read for its rows alone
    rows = select(store, f"""
        SELECT ?r ?date ?preds (SAMPLE(?t) AS ?title) (SAMPLE(?fl) AS ?form) WHERE {{
          {{ SELECT ?r (SAMPLE(?d) AS ?date) (GROUP_CONCAT(DISTINCT STR(?p); separator=" ") AS ?preds)
             WHERE {{ {where} OPTIONAL {{ ?r dcterms:created ?d }} }}
             GROUP BY ?r ORDER BY {order} LIMIT {int(limit)} OFFSET {int(offset)} }}
          OPTIONAL {{ ?r dcterms:title ?t }}
          OPTIONAL {{ ?r rico:hasDocumentaryFormType ?f . ?f rdfs:label ?fl . {_en("?fl")} }}
        }} GROUP BY ?r ?date ?preds ORDER BY {order}""")
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
        SELECT ?y (SUM(?c) AS ?own) (COUNT(?r) AS ?all) WHERE {{
          {{ SELECT ?r (SAMPLE(?d) AS ?date) (MAX(IF(?p IN ({_in(AGENT_PREDICATES[:3])}), 1, 0)) AS ?c) WHERE {{
               {{ SELECT DISTINCT ?r ?p WHERE {{ ?r ?p {iri_ref(iri)} }} }} ?r a rico:Record ; dcterms:created ?d }}
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
    x, preds = iri_ref(iri), " ".join(iri_ref(p) for p in AGENT_PREDICATES)
    # the records first (distinct), then who else they name, counted before labels are read
    rows = select(store, f"""
        SELECT ?o ?n (SAMPLE(?l) AS ?label) WHERE {{
          {{ SELECT ?o (COUNT(DISTINCT ?r) AS ?n) WHERE {{
               {{ SELECT DISTINCT ?r WHERE {{ VALUES ?p {{ {preds} }} ?r ?p {x} }} }}
               VALUES ?q {{ {preds} }} ?r ?q ?o . FILTER(?o != {x}) }} GROUP BY ?o }}
          ?o a rico:Person . {_label_opt("?o", "?l")} }}
        GROUP BY ?o ?n ORDER BY DESC(?n) ?label LIMIT {int(limit)}""")
    return [Neighbour(site.link(r["o"], r.get("label"), "person"), together=int(r.get("n", 0))) for r in rows]


@dataclass
class NameForm:
    form: str
    lang: str = ""
    preferred: bool = False
    count: int = 0  # records whose relations use this form
    first: int | None = None  # year of the earliest and latest of those records
    last: int | None = None
    records: list[Link] = field(default_factory=list)

    @property
    def years(self) -> str:
        """``1950–1953``, ``1950``, or empty when the records are undated."""
        if self.first is None:
            return ""
        return str(self.first) if self.last in (None, self.first) else f"{self.first}–{self.last}"


def name_forms(store: Store, site: Site, iri: URIRef, max_records: int = 20) -> list[NameForm]:
    """Each name form of ``iri``: its preferred and alternative labels, and the forms records use (from the
    relations they evidence), with how many records use each and the years they span, and up to
    ``max_records`` of those records (by date)."""
    x, form_p = iri_ref(iri), _term(site, "nameForm")
    forms: dict[str, NameForm] = {}
    for row in select(store, f"""SELECT ?form ?pred WHERE {{ {x} ?pred ?form
                                   FILTER(?pred IN (skos:prefLabel, skos:altLabel)) }} LIMIT 1000"""):
        form = row["form"]
        nf = forms.setdefault(str(form), NameForm(str(form)))
        nf.lang = nf.lang or (form.language or "" if isinstance(form, Literal) else "")
        nf.preferred = nf.preferred or row.get("pred") == SKOS.prefLabel
    for row in select(store, f"""SELECT ?form (COUNT(DISTINCT ?r) AS ?n) (MIN(STR(?d)) AS ?first)
                                        (MAX(STR(?d)) AS ?last) WHERE {{
                                   ?rel rico:relationHasTarget {x} ; {form_p} ?form ; rico:isEvidencedBy ?r
                                   OPTIONAL {{ ?r dcterms:created ?d }} }}
                                 GROUP BY ?form LIMIT 1000"""):
        nf = forms.setdefault(str(row["form"]), NameForm(str(row["form"])))
        nf.count, nf.first, nf.last = int(row.get("n", 0)), year_of(row.get("first")), year_of(row.get("last"))
    used = [nf for nf in forms.values() if nf.count][:50]
    for nf in used:  # some records using each form: a bounded index scan per form, then their titles and dates
        sample = select(store, f"""SELECT DISTINCT ?r WHERE {{ ?rel rico:relationHasTarget {x} ;
                                     {form_p} {sparql_string(nf.form)} ; rico:isEvidencedBy ?r }} LIMIT {int(max_records)}""")
        if not sample:
            continue
        for row in select(store, f"""SELECT ?r (SAMPLE(?t) AS ?title) (MIN(STR(?d)) AS ?date) WHERE {{
                                       VALUES ?r {{ {" ".join(iri_ref(r["r"]) for r in sample)} }}
                                       OPTIONAL {{ ?r dcterms:created ?d }} OPTIONAL {{ ?r dcterms:title ?t }} }}
                                     GROUP BY ?r ORDER BY ?date ?r"""):
            nf.records.append(site.link(row["r"], row.get("title"), "record"))
    return sorted(forms.values(), key=lambda f: (not f.preferred, -f.count, f.form.casefold()))


# --- offices held (rico:PositionHoldingRelation) --------------------------------------------------------

@dataclass
class Office:
    """A position a person held, as the records evidence it: first and last dates (ISO strings), the
    records, and the forms the sources used for it."""

    link: Link
    first: str = ""
    last: str = ""
    count: int = 0
    forms: list[str] = field(default_factory=list)
    records: list[RecordRow] = field(default_factory=list)

    @property
    def first_year(self) -> int | None:
        return year_of(self.first or None)

    @property
    def last_year(self) -> int | None:
        return year_of(self.last or None)

    @property
    def period(self) -> str:
        """``10 April 1950 – 3 May 1951``; one date when first and last are the same; empty when undated."""
        a, b = format_date(self.first or None), format_date(self.last or None)
        return a if a == b else f"{a} – {b}"


def offices(store: Store, site: Site, iri: URIRef, limit: int = 100, max_records: int = 20) -> list[Office]:
    """The positions ``iri`` held (``rico:PositionHoldingRelation`` with ``iri`` as source), earliest first,
    each dated by the relations' dates (else their records' dates), with the evidencing records."""
    x = iri_ref(iri)
    held = f"?rel a rico:PositionHoldingRelation ; rico:relationHasSource {x} ; rico:relationHasTarget ?pos ."
    rows = select(store, f"""
        SELECT ?pos (SAMPLE(?l) AS ?label) (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) (COUNT(DISTINCT ?r) AS ?n)
        WHERE {{ {held}
          OPTIONAL {{ ?rel rico:isEvidencedBy ?r . OPTIONAL {{ ?r dcterms:created ?rd }} }}
          OPTIONAL {{ ?rel rico:relationHasDate/rico:normalizedDateValue ?od }}
          BIND(COALESCE(?od, ?rd) AS ?d) {_label_opt("?pos", "?l")} }}
        GROUP BY ?pos ORDER BY ?first ?label ?pos LIMIT {int(limit)}""")
    if not rows:
        return []
    found = {str(r["pos"]): Office(site.link(r["pos"], r.get("label"), "position"), str(r.get("first") or ""),
                                   str(r.get("last") or ""), int(r.get("n", 0))) for r in rows}
    values = " ".join(iri_ref(p) for p in found)
    for row in select(store, f"""SELECT DISTINCT ?pos ?form WHERE {{ VALUES ?pos {{ {values} }} {held}
                                   ?rel {_term(site, "nameForm")} ?form }} ORDER BY ?pos ?form LIMIT 1000"""):
        found[str(row["pos"])].forms.append(str(row["form"]))
    for row in select(store, f"""
            SELECT ?pos ?r (SAMPLE(?t) AS ?title) (MIN(STR(?d)) AS ?date) WHERE {{ VALUES ?pos {{ {values} }} {held}
              ?rel rico:isEvidencedBy ?r . OPTIONAL {{ ?r dcterms:title ?t }} OPTIONAL {{ ?r dcterms:created ?d }} }}
            GROUP BY ?pos ?r ORDER BY ?pos ?date ?r LIMIT 2000"""):
        office = found[str(row["pos"])]
        if len(office.records) < max_records:
            date = row.get("date")
            office.records.append(RecordRow(site.link(row["r"], row.get("title"), "record"), format_date(date),
                                            year_of(date)))
    for office in found.values():  # an office without a label of its own is called what the sources call it
        if office.link.label == fallback_label(office.link.iri) and office.forms:
            office.link.label = office.forms[0]
    return list(found.values())


# --- links to other authorities -------------------------------------------------------------------------

AUTHORITIES = (  # IRI prefix -> the authority's name (entity IRIs as published, and their web pages)
    ("http://www.wikidata.org/entity/", "Wikidata"), ("https://www.wikidata.org/entity/", "Wikidata"),
    ("https://www.wikidata.org/wiki/", "Wikidata"), ("http://viaf.org/viaf/", "VIAF"),
    ("https://viaf.org/viaf/", "VIAF"), ("https://sws.geonames.org/", "GeoNames"),
    ("http://sws.geonames.org/", "GeoNames"), ("https://www.geonames.org/", "GeoNames"),
    ("http://id.loc.gov/vocabulary/iso639-2/", "ISO 639-2"),
)


def authority_name(iri: str | Node) -> tuple[str, str]:
    """(authority, identifier) for another authority's IRI; the host and path when it is not one we know.

    >>> authority_name("http://www.wikidata.org/entity/Q855")
    ('Wikidata', 'Q855')
    >>> authority_name("https://sws.geonames.org/1871859/")
    ('GeoNames', '1871859')
    """
    s = str(iri)
    for prefix, name in AUTHORITIES:
        if s.startswith(prefix) and s[len(prefix):].strip("/"):
            return name, unquote(s[len(prefix):].strip("/").split("/")[0])
    m = re.match(r"[a-z][a-z0-9+.-]*://([^/?#]+)(.*)", s)
    return (m.group(1), unquote(m.group(2).strip("/"))) if m else ("", s)


# --- the correspondence network of the whole dataset ---------------------------------------------------

@dataclass
class Pair:
    """Records one agent sent to another (``rico:hasSender`` → ``rico:hasAddressee``) in a period."""

    sender: Link
    addressee: Link
    records: int
    first: str = ""  # ISO dates of the earliest and latest of them
    last: str = ""

    @property
    def period(self) -> str:
        a, b = format_date(self.first or None), format_date(self.last or None)
        return a if a == b else f"{a} – {b}"


@dataclass
class Correspondence:
    """Who wrote to whom in a period: the pairs (the most records first, at most ``limit``), how many records
    and pairs there are in all, and the years the dated correspondence spans."""

    pairs: list[Pair]
    records: int
    pair_total: int
    first_year: int | None = None
    last_year: int | None = None

    @property
    def truncated(self) -> bool:
        return self.pair_total > len(self.pairs)


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
                   limit: int = 500) -> Correspondence:
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
                WHERE {{ VALUES ?x {{ {values} }} {_label_opt("?x", "?l")} OPTIONAL {{ ?x a ?t }} }}
                GROUP BY ?x LIMIT {2 * int(limit)}"""):
            links[str(row["x"])] = site.link(row["x"], row.get("label"), _kind(str(row.get("types", ""))))
    pairs = [Pair(links.get(str(r["s"])) or site.link(r["s"]), links.get(str(r["a"])) or site.link(r["a"]),
                  int(r.get("n", 0)), str(r.get("first") or ""), str(r.get("last") or "")) for r in rows]
    total = totals[0] if totals else {}
    lo, hi = (span[0].get("lo"), span[0].get("hi")) if span else (None, None)
    return Correspondence(pairs, int(total.get("records", 0)), int(total.get("pairs", 0)),
                          int(lo) if lo is not None else None, int(hi) if hi is not None else None)


# --- records: where the people, places and bodies occur in the text -----------------------------------

def _term(site: Site, name: str) -> str:
    """One of our own terms (``{base}vocab/terms#name``) for a query."""
    return iri_ref(f"{site.base}vocab/terms#{name}")


@dataclass
class Occurrence:
    """Where an entity is named in one field of a record (offsets in code points into the field's text), with
    the forms that name may take (the record's name forms for it and its labels) to check the span against."""

    field: str  # title | summary | body
    start: int
    end: int
    link: Link
    forms: frozenset[str] = frozenset()


def fold(form: str) -> str:
    """A name form compared loosely: case folded, runs of white space as one space.

    >>> fold("KIM  IL   SUNG") == fold("Kim Il Sung")
    True
    """
    return " ".join(form.split()).casefold()


def occurrences_in(g: Graph, site: Site, iri: URIRef) -> list[Occurrence]:
    """The stored mention spans of a record (``lodv:occurrence`` of the relations it evidences, offices
    left out), each with a link to the entity named there and the forms to check the span against, read
    from the record's description graph, which holds the relations, spans, name forms and the labels and
    types of their targets. The spans are checked against the text by :mod:`lod.web.highlight`."""
    terms = Namespace(f"{site.base}vocab/terms#")
    out = []
    for rel in g.objects(iri, RICO.evidences):
        e = g.value(rel, RICO.relationHasTarget)
        if e is None or (rel, RDF.type, RICO.PositionHoldingRelation) in g:  # names are linked, not offices
            continue
        forms = {fold(str(f)) for f in g.objects(rel, terms.nameForm)}
        forms.update(fold(str(f)) for p in (RDFS.label, SKOS.prefLabel) for f in g.objects(e, p))
        types = " ".join(str(t) for t in g.objects(e, RDF.type))
        link = site.link(e, g.value(e, RDFS.label), _kind(types))
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
