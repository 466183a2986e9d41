"""lod.formats is the one table of formats: every media type, extension and pyoxigraph format the web
negotiates, the stores read and write, the endpoint answers in and ``lod export`` writes comes from it, and
no other module of ``lod`` types one."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pyoxigraph as ox
import pytest
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from lod import formats
from lod.formats import (
    ALIASES, CONSTRUCT_FORMATS, DATASET_FORMATS, DOCUMENT_FORMATS, FORMATS, HTML, RESULT_FORMATS, SELECT_FORMATS,
    by_extension, by_filename, by_media_type, by_param, get,
)

LOD = Path(__file__).resolve().parent.parent / "lod"


def _modules() -> list[Path]:
    return [p for p in sorted(LOD.rglob("*.py")) if p != LOD / "formats.py"]


def _strings(tree: ast.AST) -> list[ast.Constant]:
    """String constants of a module, its docstrings left out (they may name a type to explain a route)."""
    docs = {id(body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and (body := node.body) and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)}
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


def test_names_media_types_and_extensions_are_unique():
    for field in ("name", "media_type", "extension"):
        values = [getattr(f, field) for f in FORMATS]
        assert len(values) == len(set(values)), field
    aliases = [a for a, _ in ALIASES]
    assert len(aliases) == len(set(aliases)) and not set(aliases) & {f.media_type for f in FORMATS}


def test_no_other_module_types_a_media_type():
    """The structural guard: a media type of the table appears, in code, only in lod/formats.py."""
    types = {f.media_type for f in FORMATS}
    found = [f"{p.relative_to(LOD.parent)}:{n.lineno}: {n.value!r}" for p in _modules()
             for n in _strings(ast.parse(p.read_text(encoding="utf-8")))
             if n.value in types or n.value.split(";")[0].strip() in types
             or any(f" {t}" in f" {n.value} " for t in types if n.value.strip() != t)]
    assert not found, "\n".join(found)


def test_no_other_module_names_a_pyoxigraph_format():
    """pyoxigraph's RdfFormat and QueryResultsFormat are named in the rows, and read from them elsewhere."""
    found = [f"{p.relative_to(LOD.parent)}:{n.lineno}" for p in _modules()
             for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if isinstance(n, ast.Attribute) and n.attr in ("RdfFormat", "QueryResultsFormat")]
    assert not found, "\n".join(found)


def test_every_row_is_complete_for_its_kind():
    for f in FORMATS:
        assert f.label and f.kind in ("rdf", "graph", "html", "citation", "results", "linkset"), f
        if f.kind in ("rdf", "graph"):
            assert isinstance(f.oxigraph, ox.RdfFormat) and f.rdflib and f.w3c, f
            assert f.oxigraph.media_type.split(";")[0] == f.media_type, f  # pyoxigraph agrees on the type
        if f.kind == "results":
            assert isinstance(f.oxigraph, ox.QueryResultsFormat) and f.w3c, f
            assert f.oxigraph.media_type.split(";")[0] == f.media_type, f
        if f.kind in ("citation", "linkset"):
            assert f.writer, f
        if f.writer:  # a writer is a function of a module, found by name
            module, _, function = f.writer.partition(":")
            assert callable(getattr(importlib.import_module(module), function)), f


def test_citation_rows_write_with_their_writers():
    from rdflib import Graph, Literal, URIRef

    from lod.vocab import DCTERMS, RICO
    from lod.web import citation
    iri = URIRef("https://example.org/id/record/1")
    g = Graph()
    g.add((iri, RICO.title, Literal("A letter")))
    g.add((iri, DCTERMS.title, Literal("A letter")))
    data = citation.citation_data(g, iri)
    for f in formats.CITATION_FORMATS:
        body = f.write(data)
        assert isinstance(body, bytes) and body, f.name
    with pytest.raises(ValueError, match="no writer"):
        get("turtle").write(g)


def test_lookups():
    assert by_extension("ttl") is get("turtle") and by_extension("csl.json") is get("csl")
    assert by_extension("nq") is None  # dataset formats are no document suffixes
    assert by_filename("dump.NQ") is get("nquads") and by_filename("dump.rdf") is get("rdfxml")
    assert by_filename("x.csl.json", FORMATS) is get("csl") and by_filename("x.json") is None
    assert by_media_type("text/turtle") is get("turtle") and by_media_type("application/x-turtle") is None
    with pytest.raises(KeyError):
        get("n3")


# the ``?format=`` words of the SPARQL endpoint as they were before the table: same answers
OLD_PARAMS = {"html": "html", "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle",
              "ttl": "turtle", "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml",
              "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples", "nquads": "nquads", "trig": "trig",
              "n3": ("turtle", "ntriples"), "rdf+xml": "rdfxml"}
OLD_GRAPH_PARAMS = {"xml": "rdfxml", "json": "jsonld"}


@pytest.mark.parametrize("word", [*OLD_PARAMS, "nq", "srj", "application/rdf+xml", "text/csv", "bogus"])
@pytest.mark.parametrize("offered", [SELECT_FORMATS, CONSTRUCT_FORMATS], ids=["select", "construct"])
def test_format_parameter_words(word, offered):
    graph = offered is CONSTRUCT_FORMATS
    names = (OLD_GRAPH_PARAMS.get(word) if graph else None) or OLD_PARAMS.get(word) or ()
    names = (names,) if isinstance(names, str) else names
    expected = tuple(f for f in offered if f.name in names or f.media_type == word)
    assert by_param(word, offered) == expected


def test_aliases_rank_after_registered_types_and_data_before_the_page():
    assert [a for a, _ in ALIASES] == ["application/x-turtle", "application/json", "application/xml",
                                       "text/plain", "application/xhtml+xml"]
    from lod.web.negotiation import choose_format

    def choose(header: str) -> str:
        return choose_format(parse_accept_header(header, MIMEAccept), DOCUMENT_FORMATS).name
    assert choose("application/xhtml+xml, application/json") == "jsonld"
    assert choose("application/xhtml+xml") == "html" and choose("text/plain") == "ntriples"
    assert choose("*/*") == "turtle" and choose("text/html, */*;q=0.8") == "html"


def test_every_consumer_takes_its_formats_from_the_table():
    from lod import cli, dumps, safe_rdf
    from lod.sparql.service import service_description
    from lod.vocab import SD

    export = next(a for a in cli._parser()._subparsers._group_actions[0].choices["export"]._actions
                  if "--format" in a.option_strings)
    assert list(export.choices) == [f.extension for f in DATASET_FORMATS]
    assert all(formats.named(n) is not None for n in cli.QUERY_FORMATS if n != "table")
    assert all(fmt in FORMATS for fmt, _ in dumps.DUMPS.values())
    assert safe_rdf.FORMATS == formats.read_formats()
    assert set(safe_rdf.FORMATS) == {".ttl", ".turtle", ".nt", ".trig", ".nq", ".rdf", ".owl", ".xml", ".jsonld",
                                     ".json"}
    g = service_description("https://example.org/", 0, [])
    assert {str(o).rsplit("/", 1)[1] for o in g.objects(None, SD.resultFormat)} == \
        {f.w3c for f in RESULT_FORMATS + DATASET_FORMATS}
    assert HTML in SELECT_FORMATS and HTML in CONSTRUCT_FORMATS


def test_labels_are_the_names_the_pages_showed():
    assert {f.name: f.label for f in DOCUMENT_FORMATS} == {
        "turtle": "Turtle", "jsonld": "JSON-LD", "rdfxml": "RDF/XML", "ntriples": "N-Triples", "html": "HTML",
        "csl": "CSL JSON", "bibtex": "BibTeX", "ris": "RIS (EndNote, Zotero)", "bibliography": "Plain text"}
    assert [(f.name, f.label) for f in RESULT_FORMATS] == [
        ("json", "SPARQL JSON"), ("xml", "SPARQL XML"), ("csv", "CSV"), ("tsv", "TSV")]
