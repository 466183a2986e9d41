"""Media types, file extensions and serialisers: one table every route uses.

>>> by_extension("ttl").media_type
'text/turtle'
"""
from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from lod.vocab import PREFIXES


@dataclass(frozen=True)
class Format:
    """One output format: its name, registered media type, file extension and kind."""

    name: str
    media_type: str
    extension: str
    kind: str  # "rdf" | "html" | "citation"
    rdflib_format: str | None = None
    charset: bool = True  # add "; charset=utf-8" (text formats whose type does not fix UTF-8)
    oxigraph_format: ox.RdfFormat | None = None  # serialised by pyoxigraph (fast) when set

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


# Server preference: the first acceptable one wins when the client rates several equally; so "*/*"
# alone (curl, many crawlers) gets Turtle, while browsers, which ask for text/html by name, get HTML.
FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "ttl", "rdf", "turtle", oxigraph_format=ox.RdfFormat.TURTLE),
    Format("html", "text/html", "html", "html"),
    Format("jsonld", "application/ld+json", "jsonld", "rdf", "json-ld", charset=False),
    Format("rdfxml", "application/rdf+xml", "rdf", "rdf", "xml", oxigraph_format=ox.RdfFormat.RDF_XML),
    Format("ntriples", "application/n-triples", "nt", "rdf", "nt", charset=False,
           oxigraph_format=ox.RdfFormat.N_TRIPLES),
    Format("csl", "application/vnd.citationstyles.csl+json", "csl.json", "citation", charset=False),
    Format("bibtex", "application/x-bibtex", "bib", "citation"),
    Format("ris", "application/x-research-info-systems", "ris", "citation"),
    Format("bibliography", "text/x-bibliography", "txt", "citation"),
    # SPARQL answers (the endpoint only)
    Format("json", "application/sparql-results+json", "srj", "results", charset=False),
    Format("xml", "application/sparql-results+xml", "srx", "results"),
    Format("csv", "text/csv", "csv", "results"),
    Format("tsv", "text/tab-separated-values", "tsv", "results"),
    Format("nquads", "application/n-quads", "nq", "graph", charset=False),
    Format("trig", "application/trig", "trig", "graph"),
)
RDF_FORMATS = tuple(f for f in FORMATS if f.kind == "rdf")
DOCUMENT_FORMATS = tuple(f for f in FORMATS if f.kind in ("rdf", "html", "citation"))
RESULT_FORMATS = tuple(f for f in FORMATS if f.kind == "results")
DATASET_FORMATS = tuple(f for f in FORMATS if f.kind in ("rdf", "graph"))  # what ``lod export`` writes
HTML = next(f for f in FORMATS if f.kind == "html")
# What the SPARQL endpoint answers, by query form. The standard formats come first, so "*/*" and no Accept
# (SPARQL protocol clients) get JSON / Turtle; the HTML page comes last: browsers name text/html and get it.
SELECT_FORMATS = RESULT_FORMATS + (HTML,)
CONSTRUCT_FORMATS = DATASET_FORMATS + (HTML,)
ALIASES = {"application/x-turtle": "turtle", "application/json": "jsonld", "application/xml": "rdfxml",
           "text/plain": "ntriples", "application/xhtml+xml": "html"}


def by_extension(ext: str) -> Format | None:
    """The format a document URL suffix asks for (``.ttl``, ``.jsonld``, ``.rdf``, ``.nt``, ``.html`` …)."""
    return next((f for f in DOCUMENT_FORMATS if f.extension == ext), None)


def by_filename(name: str, among: tuple[Format, ...] = DATASET_FORMATS) -> Format | None:
    """The format a file name's extension names, the longest extension first.

    >>> by_filename("dump.ttl").name, by_filename("x.csl.json", FORMATS).name, by_filename("dump.nq.gz")
    ('turtle', 'csl', None)
    """
    name = name.lower()
    return max((f for f in among if name.endswith("." + f.extension)), key=lambda f: len(f.extension),
               default=None)


def by_name(name: str) -> Format | None:
    return next((f for f in FORMATS if f.name == name or f.extension == name), None)


def json_ld_context() -> dict:
    """The JSON-LD context we publish at ``{base}context.jsonld`` and embed in every JSON-LD answer."""
    return {"@context": dict(PREFIXES)}


def bind_prefixes(graph: Graph) -> Graph:
    """Our prefixes on a graph, once (a graph that has them is left untouched: cached descriptions are
    shared between threads and must not be modified)."""
    if dict(graph.namespaces()).get("rico") is None or str(dict(graph.namespaces())["rico"]) != PREFIXES["rico"]:
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True, replace=True)
    return graph


def serialize(graph: Graph, fmt: Format) -> bytes:
    """An RDF graph in one of the RDF formats, prefixes bound, JSON-LD compacted with our context."""
    bind_prefixes(graph)
    if fmt.name == "jsonld":
        return graph.serialize(format="json-ld", context=json_ld_context()["@context"], auto_compact=True,
                               encoding="utf-8")
    return graph.serialize(format=fmt.rdflib_format, encoding="utf-8")


def serialize_triples(triples: list[ox.Triple], fmt: Format) -> bytes:
    """pyoxigraph triples in ``fmt``: by pyoxigraph where it writes the format (Turtle, N-Triples,
    RDF/XML, with our prefixes), else through rdflib (:func:`serialize`)."""
    if fmt.oxigraph_format is not None:
        prefixes = PREFIXES if fmt.oxigraph_format != ox.RdfFormat.N_TRIPLES else None
        return ox.serialize(triples, format=fmt.oxigraph_format, prefixes=prefixes)
    from lod.store.oxigraph import from_ox
    g = Graph()
    for t in triples:
        g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return serialize(g, fmt)
