"""The SPARQL query page: what a browser gets at ``GET /sparql`` without a query.

The editor is YASGUI (``@zazuko/yasgui``, the maintained fork), vendored as published under
``static/yasgui/`` (its ``VERSION`` file says which release; ``tools/vendor-yasgui.sh VERSION`` updates it).
``static/yasgui-init.js`` starts it from two JSON blocks in the page (settings and example queries), so
the page has no inline script. Without JavaScript the page offers a plain form (``<noscript>``) that sends
``query`` and ``format`` to the endpoint with GET.

The page is rendered by :func:`render`, called by the SPARQL protocol route when a request carries no query.

>>> [e.title for e in examples("http://lod.test/")][:2]
['Records naming Kim Il Sung, by date', 'Records per year']
>>> limits(object())
(10, 10000)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from flask import render_template

from lod.formats import RESULT_FORMATS
from lod.vocab import PREFIXES, Local
from lod.web.context import AppContext

ENDPOINT = "/sparql"  # relative: the page works on any host
METHOD = "POST"  # what the editor sends (form-encoded); users can switch to GET in a tab's settings
QUERY_PREFIXES = ("rico", "dcterms", "schema", "skos", "rdfs", "foaf")
DEFAULT_TIMEOUT = 10  # seconds, when the configuration does not say (Config.query_timeout)
DEFAULT_ROW_CAP = 10_000  # rows, when the configuration does not say (Config.row_cap)
NEW_QUERY = "SELECT ?s ?p ?o WHERE {\n  ?s ?p ?o .\n}\nLIMIT 10"  # what a new tab of the editor starts with
YASGUI_DIR = Path(__file__).resolve().parent / "static" / "yasgui"


@dataclass(frozen=True)
class Example:
    title: str
    query: str

    @property
    def url(self) -> str:
        """The endpoint URL that runs this query (for browsers without JavaScript)."""
        return f"{ENDPOINT}?query={quote(self.query, safe='')}"


def prologue(names: tuple[str, ...] = QUERY_PREFIXES) -> str:
    return "".join(f"PREFIX {n}: <{PREFIXES[n]}>\n" for n in names)


def examples(base: str) -> list[Example]:
    """Example queries about the collection; entity IRIs are taken from the deployment's ``base``."""
    person = Local(base).agent("person", "kim-il-sung")
    bodies = [
        ("Records naming Kim Il Sung, by date",
         "# Records in which Kim Il Sung is sender, addressee, author or named, oldest first\n"
         "SELECT DISTINCT ?date ?record ?title WHERE {\n"
         "  ?record a rico:Record ;\n"
         f"          rico:hasSender|rico:hasAddressee|rico:hasCreator|rico:hasOrHadSubject <{person}> ;\n"
         "          dcterms:title ?title .\n"
         "  OPTIONAL { ?record dcterms:created ?date }\n"
         "}\nORDER BY ?date ?record"),
        ("Records per year",
         "SELECT ?year (COUNT(DISTINCT ?record) AS ?records) WHERE {\n"
         "  ?record a rico:Record ; dcterms:created ?date .\n"
         "  BIND(SUBSTR(STR(?date), 1, 4) AS ?year)\n"
         "}\nGROUP BY ?year\nORDER BY ?year"),
        ("Who wrote to whom",
         "# Senders and addressees, with the number of records between them\n"
         "SELECT ?sender (SAMPLE(?s) AS ?from) ?addressee (SAMPLE(?a) AS ?to) (COUNT(DISTINCT ?record) AS ?records)\n"
         "WHERE {\n"
         "  ?record rico:hasSender ?sender ; rico:hasAddressee ?addressee .\n"
         "  ?sender rdfs:label ?s .\n"
         "  ?addressee rdfs:label ?a .\n"
         "}\nGROUP BY ?sender ?addressee\nORDER BY DESC(?records) ?from\nLIMIT 100"),
        ("People named together",
         "# Pairs of people named in the same records (co-mentions), most frequent first\n"
         "SELECT ?person1 (SAMPLE(?n1) AS ?name1) ?person2 (SAMPLE(?n2) AS ?name2)\n"
         "       (COUNT(DISTINCT ?record) AS ?records) WHERE {\n"
         "  ?record a rico:Record ; rico:hasOrHadSubject ?person1, ?person2 .\n"
         "  ?person1 a rico:Person ; rdfs:label ?n1 .\n"
         "  ?person2 a rico:Person ; rdfs:label ?n2 .\n"
         "  FILTER(STR(?person1) < STR(?person2))\n"
         "}\nGROUP BY ?person1 ?person2\nORDER BY DESC(?records) ?name1\nLIMIT 100"),
        ("Archives and their fonds",
         "# Each archive's top-level record sets (fonds, series, files), with the records in them\n"
         "SELECT ?archive (SAMPLE(?an) AS ?name) ?fonds (SAMPLE(?id) AS ?identifier)\n"
         "       (SAMPLE(?tl) AS ?level) (COUNT(DISTINCT ?record) AS ?records) WHERE {\n"
         "  ?archive a schema:ArchiveOrganization ; skos:prefLabel ?an .\n"
         "  ?fonds a rico:RecordSet ; rico:hasOrHadHolder ?archive ; rico:identifier ?id .\n"
         "  FILTER NOT EXISTS { ?fonds rico:isOrWasIncludedIn ?above }\n"
         "  OPTIONAL { ?fonds rico:hasRecordSetType/skos:prefLabel ?tl . FILTER(LANGMATCHES(LANG(?tl), \"en\")) }\n"
         "  OPTIONAL { ?record a rico:Record ; rico:isOrWasIncludedIn+ ?fonds }\n"
         "}\nGROUP BY ?archive ?fonds\nORDER BY ?name ?identifier"),
    ]
    return [Example(title, prologue() + body) for title, body in bodies]


def limits(config: object) -> tuple[float, int]:
    """(timeout in seconds, row cap) the endpoint applies, from the configuration when it says."""
    return getattr(config, "query_timeout", None) or DEFAULT_TIMEOUT, getattr(config, "row_cap", None) or DEFAULT_ROW_CAP


def yasgui_version() -> str:
    """The vendored YASGUI release (first line of static/yasgui/VERSION: ``@zazuko/yasgui 4.6.2``)."""
    try:
        return (YASGUI_DIR / "VERSION").read_text(encoding="utf-8").split("\n", 1)[0].split()[-1]
    except (OSError, IndexError):
        return ""


def render(ctx: AppContext, query: str | None = None) -> str:
    """The HTML query page. ``query``, when given, fills the form of the page without JavaScript instead of
    the first example. (YASGUI itself opens and runs a query given in the page's address: its share links,
    ``/sparql#query=…``.)"""
    base = ctx.config.base
    local = Local(base)
    timeout, row_cap = limits(ctx.config)
    items = examples(base)
    prefixes = {n: PREFIXES[n] for n in (*QUERY_PREFIXES, "rdf", "xsd")}
    prefixes.update(local.prefixes())  # short forms for our IRIs in the result table
    settings = {"endpoint": ENDPOINT, "method": METHOD, "base": base, "prefixes": prefixes,
                "newQuery": prologue() + NEW_QUERY}
    return render_template(
        "sparql.html", title="SPARQL endpoint", endpoint=ENDPOINT, endpoint_iri=str(local.sparql), base=base,
        examples=items, examples_json=[{"title": e.title, "query": e.query} for e in items], settings=settings,
        form_query=query or items[0].query, formats=[(f.name, f.label) for f in RESULT_FORMATS],
        timeout=f"{timeout:g}", row_cap=f"{row_cap:,}",
        yasgui_version=yasgui_version(), union=getattr(ctx.config, "union_default_graph", True))
