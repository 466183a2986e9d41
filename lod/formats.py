"""Every format we serve, read or write, in one table: its name, registered media type, the other types and
words clients name it by, its file extensions, the pyoxigraph and rdflib formats behind it and the writer of
its documents. Negotiation (:mod:`lod.web.negotiation`), the stores, the SPARQL endpoint, the dumps,
``lod export`` and the RDF reader (:mod:`lod.safe_rdf`) all look formats up here, so a new output format
is one row (and, when neither pyoxigraph nor rdflib writes it, one writer module the row names).

>>> get("turtle").media_type, by_extension("jsonld").name, by_media_type("application/n-quads").name
('text/turtle', 'jsonld', 'nquads')
>>> by_filename("dump.ttl").name, by_filename("x.csl.json", FORMATS).name, by_filename("dump.nq.gz")
('turtle', 'csl', None)
>>> [f.name for f in DATASET_FORMATS if f.quads]
['nquads', 'trig']

This module sits at the bottom of the layers (it imports nothing of ``lod``): writers are named, not
imported, and loaded when first used.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    """One format: ``Format("turtle", "text/turtle", "ttl", "rdf", "Turtle", …)``."""

    name: str  # ours: the store and executor interfaces, ETags, ``lod export --format`` by extension
    media_type: str  # the registered type, what we answer with
    extension: str  # the document URL suffix (``/doc/…​.ttl``) and the file name ``lod export`` writes
    kind: str  # "rdf" (triples) | "graph" (quads: named graphs kept) | "html" | "citation" | "results" | "page"
    label: str  # the name people read (links on the pages, the query form)
    charset: bool = True  # add "; charset=utf-8" (text formats whose type does not fix UTF-8)
    aliases: tuple[str, ...] = ()  # other media types an Accept header may name it by
    params: tuple[str, ...] = ()  # other words ``/sparql?format=`` names it by (besides its name)
    reads: tuple[str, ...] = ()  # other file extensions we read it from (``.owl``, ``.json``)
    rdflib: str | None = None  # rdflib's parser / serialiser name
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat | None = None  # pyoxigraph's, where it reads and writes it
    writer: str | None = None  # "module:function" writing a document (RDF: a Graph; citation: CitationData)
    w3c: str | None = None  # its name under http://www.w3.org/ns/formats/ (the service description)

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type

    @property
    def quads(self) -> bool:
        """Whether it keeps named graphs (N-Quads, TriG)."""
        return self.kind == "graph"

    @property
    def extensions(self) -> tuple[str, ...]:
        """Every file extension we read it from, its own first."""
        return (self.extension, *self.reads)

    def write(self, data: object) -> bytes:
        """A document in this format by the row's writer (only for rows that name one)."""
        if self.writer is None:
            raise ValueError(f"{self.name} has no writer of its own")
        module, _, function = self.writer.partition(":")
        write: Callable[[object], bytes] = getattr(importlib.import_module(module), function)
        return write(data)


# Server preference: the first acceptable one wins when the client rates several equally; so "*/*"
# alone (curl, many crawlers) gets Turtle, while browsers, which ask for text/html by name, get HTML.
FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", "ttl", "rdf", "Turtle", aliases=("application/x-turtle",),
           params=("ttl", "n3"), reads=("turtle",), rdflib="turtle", oxigraph=ox.RdfFormat.TURTLE, w3c="Turtle"),
    Format("html", "text/html", "html", "html", "HTML", aliases=("application/xhtml+xml",)),
    Format("jsonld", "application/ld+json", "jsonld", "rdf", "JSON-LD", charset=False, aliases=("application/json",),
           params=("json-ld", "json"), reads=("json",), rdflib="json-ld", oxigraph=ox.RdfFormat.JSON_LD,
           writer="lod.web.serialize:compacted_json_ld", w3c="JSON-LD"),
    Format("rdfxml", "application/rdf+xml", "rdf", "rdf", "RDF/XML", aliases=("application/xml",),
           params=("rdf", "rdf+xml", "xml"), reads=("owl", "xml"), rdflib="xml", oxigraph=ox.RdfFormat.RDF_XML,
           w3c="RDF_XML"),
    Format("ntriples", "application/n-triples", "nt", "rdf", "N-Triples", charset=False, aliases=("text/plain",),
           params=("nt", "n-triples", "n3"), rdflib="nt", oxigraph=ox.RdfFormat.N_TRIPLES, w3c="N-Triples"),
    Format("csl", "application/vnd.citationstyles.csl+json", "csl.json", "citation", "CSL JSON", charset=False,
           writer="lod.web.citation:to_csl_json"),
    Format("bibtex", "application/x-bibtex", "bib", "citation", "BibTeX", writer="lod.web.citation:to_bibtex"),
    Format("ris", "application/x-research-info-systems", "ris", "citation", "RIS (EndNote, Zotero)",
           writer="lod.web.citation:to_ris"),
    Format("bibliography", "text/x-bibliography", "txt", "citation", "Plain text",
           writer="lod.web.citation:to_bibliography"),
    # SPARQL answers (the endpoint, ``lod query``)
    Format("json", "application/sparql-results+json", "srj", "results", "SPARQL JSON", charset=False,
           oxigraph=ox.QueryResultsFormat.JSON, w3c="SPARQL_Results_JSON"),
    Format("xml", "application/sparql-results+xml", "srx", "results", "SPARQL XML",
           oxigraph=ox.QueryResultsFormat.XML, w3c="SPARQL_Results_XML"),
    Format("csv", "text/csv", "csv", "results", "CSV", oxigraph=ox.QueryResultsFormat.CSV, w3c="SPARQL_Results_CSV"),
    Format("tsv", "text/tab-separated-values", "tsv", "results", "TSV", oxigraph=ox.QueryResultsFormat.TSV,
           w3c="SPARQL_Results_TSV"),
    # whole datasets, named graphs kept (dumps, ``lod export``, CONSTRUCT answers)
    Format("nquads", "application/n-quads", "nq", "graph", "N-Quads", charset=False, rdflib="nquads",
           oxigraph=ox.RdfFormat.N_QUADS, w3c="N-Quads"),
    Format("trig", "application/trig", "trig", "graph", "TriG", rdflib="trig", oxigraph=ox.RdfFormat.TRIG, w3c="TriG"),
    # a resource's FAIR Signposting links as a set (RFC 9264), at ``/linkset/{path}``: JSON first
    Format("linkset-json", "application/linkset+json", "linkset.json", "linkset", "Linkset (JSON)", charset=False,
           writer="lod.web.signposting:to_linkset_json"),
    Format("linkset", "application/linkset", "linkset", "linkset", "Linkset (Link header form)", charset=False,
           writer="lod.web.signposting:to_linkset_text"),
)

RDF_FORMATS = tuple(f for f in FORMATS if f.kind == "rdf")
QUAD_FORMATS = tuple(f for f in FORMATS if f.kind == "graph")
DOCUMENT_FORMATS = tuple(f for f in FORMATS if f.kind in ("rdf", "html", "citation"))
CITATION_FORMATS = tuple(f for f in FORMATS if f.kind == "citation")
RESULT_FORMATS = tuple(f for f in FORMATS if f.kind == "results")
LINKSET_FORMATS = tuple(f for f in FORMATS if f.kind == "linkset")
DATASET_FORMATS = RDF_FORMATS + QUAD_FORMATS  # what ``lod export`` writes, and CONSTRUCT answers
HTML = next(f for f in FORMATS if f.kind == "html")
# every HTML page's data twin (``?_profile=page``): not negotiated for ``/doc/`` documents, where
# ``application/json`` is JSON-LD's alias
PAGE_DATA = Format("page", "application/json", "json", "page", "JSON (the page's data)", charset=False)
# What the SPARQL endpoint answers, by query form. The standard formats come first, so "*/*" and no Accept
# (SPARQL protocol clients) get JSON / Turtle; the HTML page comes last: browsers name text/html and get it.
SELECT_FORMATS = RESULT_FORMATS + (HTML,)
CONSTRUCT_FORMATS = DATASET_FORMATS + (HTML,)
# Accept aliases as negotiation weighs them, after every registered type: the data formats' before the page's
ALIASES: tuple[tuple[str, Format], ...] = tuple(
    (alias, f) for f in sorted(FORMATS, key=lambda f: f.kind == "html") for alias in f.aliases)


def get(name: str) -> Format:
    """The format of one of our names; KeyError for others."""
    found = named(name)
    if found is None:
        raise KeyError(f"no format named {name!r}")
    return found


def named(name: str, among: tuple[Format, ...] = FORMATS) -> Format | None:
    """The format among ``among`` with this name, or None (``named("turtle", RESULT_FORMATS)`` is None)."""
    return next((f for f in among if f.name == name), None)


def by_extension(ext: str, among: tuple[Format, ...] = DOCUMENT_FORMATS) -> Format | None:
    """The format a document URL suffix asks for (``ttl``, ``jsonld``, ``rdf``, ``nt``, ``html`` …)."""
    return next((f for f in among if f.extension == ext), None)


def by_filename(name: str, among: tuple[Format, ...] = DATASET_FORMATS) -> Format | None:
    """The format a file name's extension names, the longest extension first."""
    name = name.lower()
    return max((f for f in among if name.endswith("." + f.extension)), key=lambda f: len(f.extension),
               default=None)


def by_media_type(media_type: str, among: tuple[Format, ...] = FORMATS) -> Format | None:
    """The format registered under a media type (not an alias), or None."""
    return next((f for f in among if f.media_type == media_type), None)


def by_param(word: str, among: tuple[Format, ...]) -> tuple[Format, ...]:
    """The formats among ``among`` that a ``?format=`` value names: by name, by one of the words of its row,
    or by media type (``n3`` names both Turtle and N-Triples, which it is a superset of)."""
    return tuple(f for f in among if word == f.name or word in f.params or word == f.media_type)


def read_formats() -> dict[str, str]:
    """File extensions (with the dot) of the "rdf" we read, and rdflib's parser for each."""
    return {"." + ext: f.rdflib for f in DATASET_FORMATS if f.rdflib for ext in f.extensions}


TURTLE, NTRIPLES, SPARQL_JSON = get("turtle"), get("ntriples"), get("json")
