"""SPARQL answers as HTML pages, for browsers that follow a query link: a results table (or the triples of a
CONSTRUCT / DESCRIBE), IRIs linked (ours to our pages), the row-cap notice, and the machine-readable twin one
click away. The endpoint (lod.web.sparql) negotiates; this module only renders what the executor returned.

>>> cell({"type": "uri", "value": "http://lod.test/id/person/kim-il-sung"}, Site("http://lod.test/"))
{'text': 'kim-il-sung', 'url': '/doc/person/kim-il-sung', 'iri': 'http://lod.test/id/person/kim-il-sung', 'note': ''}
>>> cell({"type": "literal", "value": "Kim", "xml:lang": "en"}, Site("http://lod.test/"))["note"]
'@en'
"""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import render_template

from lod.formats import NTRIPLES, Format
from lod.sparql.results import term_json
from lod.vocab import XSD
from lod.web.naming import Site, curie

_XSD_STRING = str(XSD.string)


def cell(term: dict | None, site: Site) -> dict:
    """One SPARQL JSON term as shown in a table cell: text, the page it links to (if any), a note
    (language tag, datatype) and the full IRI."""
    if term is None:
        return {"text": "", "url": None, "iri": "", "note": ""}
    kind, value = term.get("type"), str(term.get("value", ""))
    if kind == "uri":
        return {"text": short(value, site), "url": site.url(value), "iri": value, "note": ""}
    if kind == "bnode":
        return {"text": f"_:{value}", "url": None, "iri": "", "note": ""}
    note = f"@{term['xml:lang']}" if term.get("xml:lang") else \
        f"^^{curie(term['datatype'])}" if term.get("datatype") not in (None, _XSD_STRING) else ""
    return {"text": value, "url": None, "iri": "", "note": note}


def short(iri: str, site: Site) -> str:
    """Our entity IRIs by their key (``id/person/x`` shows as ``x``); others as a CURIE where we have a prefix."""
    parsed = site.local.parse(iri)
    return parsed[1] if parsed else curie(iri)


def twin_url(query: str, params: list[tuple[str, str]], fmt: Format) -> str:
    """The same request for another format (``?format=``), by GET."""
    return "/sparql?" + urlencode([("query", query), *params, ("format", fmt.name)])


def render(kind: str, body: bytes, *, query: str, params: list[tuple[str, str]], site: Site,
           truncated: bool, row_cap: int, alternates: tuple[Format, ...]) -> str:
    """The HTML page of one answer: ``kind`` is the executor's (bindings | boolean | graph); ``body`` is
    SPARQL JSON for bindings and booleans, N-Triples for a graph."""
    links = [{"name": f.media_type, "url": twin_url(query, params, f), "type": f.media_type}
             for f in alternates if f.kind != "html"]
    context: dict = {"query": query, "truncated": truncated, "row_cap": row_cap, "alternates": links,
                     "twin": links[0], "kind": kind, "head_links": links}
    if kind == "graph":
        triples = ox.parse(body, format=NTRIPLES.oxigraph) if body else []
        context["names"] = ["subject", "predicate", "object"]
        context["rows"] = [[cell(term_json(node), site) for node in (t.subject, t.predicate, t.object)]
                           for t in triples]
    else:
        data = json.loads(body)
        if kind == "boolean":
            context["boolean"] = bool(data.get("boolean"))
        else:
            names = data["head"]["vars"]
            context["names"] = names
            context["rows"] = [[cell(b.get(n), site) for n in names] for b in data["results"]["bindings"]]
    return render_template("sparql_results.html", **context)
