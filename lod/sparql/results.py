"""A query's answer as the bytes the endpoint sends: serialised in the requested format, cut at the row cap.

Runs where the answer is made (in a query process for the embedded store, in the web process for a remote
one), so nothing is parsed again on the way out. Solutions are written as SPARQL JSON a row at a time, each
distinct term's JSON made once (a predicate or a type is repeated in most rows); other results formats are
the library's serialisers fed the capped rows; when the query's own final ``LIMIT`` keeps it under the cap
(``limit``, from :func:`lod.sparql.guard.check`), the library serialises those formats straight from the
engine.

>>> import pyoxigraph as ox
>>> shape(ox.Store().query("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }"), "json", 2)[1:]
(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1", \
"datatype": "http://www.w3.org/2001/XMLSchema#integer"}}, {"x": {"type": "literal", "value": "2", \
"datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}', True)
"""
from __future__ import annotations

import json
from itertools import islice

import pyoxigraph as ox

from lod.formats import DATASET_FORMATS, RESULT_FORMATS, SPARQL_JSON, TURTLE, named

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term_json(term: object) -> dict:
    """A term as SPARQL 1.1 JSON results write it (RDF-star triple terms as their text).

    >>> term_json(ox.Literal("x", language="en"))
    {'type': 'literal', 'value': 'x', 'xml:lang': 'en'}
    """
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "literal", "value": str(term)}  # RDF-star triple terms: as text


def shape(result: object, fmt: str, row_cap: int, limit: int | None = None) -> tuple[str, bytes, bool]:
    """A pyoxigraph answer (solutions, boolean or triples) serialised as ``fmt``, cut at ``row_cap``:
    (kind, body, truncated). ``limit`` is a bound the query itself puts on its solutions (None: none known)."""
    if isinstance(result, ox.QueryBoolean):
        return "boolean", result.serialize(format=(named(fmt, RESULT_FORMATS) or SPARQL_JSON).oxigraph), False
    if not isinstance(result, ox.QuerySolutions):  # triples (an engine's CONSTRUCT, or parsed N-Triples)
        triples = list(islice(result, row_cap + 1))
        truncated = len(triples) > row_cap
        if truncated:
            del triples[row_cap:]
        triples = [t.triple if isinstance(t, ox.Quad) else t for t in triples]
        rdf_fmt = named(fmt, DATASET_FORMATS) or TURTLE
        return "graph", ox.serialize(triples, format=rdf_fmt.oxigraph) or b"", truncated
    res_fmt = named(fmt, RESULT_FORMATS) or SPARQL_JSON
    if res_fmt is not SPARQL_JSON and limit is not None and limit <= row_cap:
        return "bindings", result.serialize(format=res_fmt.oxigraph), False  # the cap cannot be reached
    body, truncated = solutions_json(result, row_cap)
    if res_fmt is not SPARQL_JSON:  # the library's own serialisers, fed our capped rows
        body = ox.parse_query_results(body, format=SPARQL_JSON.oxigraph).serialize(format=res_fmt.oxigraph)
    return "bindings", body, truncated


def solutions_json(result: ox.QuerySolutions, row_cap: int) -> tuple[bytes, bool]:
    """At most ``row_cap`` solutions as SPARQL JSON (``json.dumps``' layout), and whether there were more.

    >>> solutions_json(ox.Store().query("SELECT ?x ?y WHERE { VALUES ?x { <http://e/a> } }"), 5)
    (b'{"head": {"vars": ["x", "y"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "http://e/a"}}]}}', False)
    """
    names = [v.value for v in result.variables]
    keys = [json.dumps(n, ensure_ascii=False) + ": " for n in names]
    written: dict[object, str] = {}  # each distinct term's JSON, made once
    rows: list[str] = []
    truncated = False
    for solution in result:
        if len(rows) >= row_cap:
            truncated = True
            break
        cells = []
        for key, term in zip(keys, solution):
            if term is None:
                continue
            text = written.get(term)
            if text is None:
                text = written[term] = json.dumps(term_json(term), ensure_ascii=False)
            cells.append(key + text)
        rows.append("{" + ", ".join(cells) + "}")
    head = json.dumps(names, ensure_ascii=False)
    return f'{{"head": {{"vars": {head}}}, "results": {{"bindings": [{", ".join(rows)}]}}}}'.encode(), truncated
