"""The read-only SPARQL 1.1 Protocol tests of ``protocol/manifest.ttl``, run over HTTP.

Each request is sent as the manifest writes it (method, headers, body in its character encoding), with
the manifest's ``/sparql/`` path prefix replaced by the endpoint's path; the answer's status class must be
one the manifest expects, and its media type one the protocol allows for the expected format:

* ``boolean``: SPARQL Results XML or JSON, whose boolean must be ``mf:expectedBoolean``;
* ``tabular``: SPARQL Results XML, JSON, CSV or TSV, parseable;
* ``RDF``: RDF/XML, Turtle, N-Triples (or RDFa), parseable.

The dataset is each test's ``ut:graphData`` (named graphs named by their ``rdfs:label``), plus a one-triple
graph for every other graph IRI a request names in ``default-graph-uri``/``named-graph-uri`` or FROM (the
manifest names ``data0.rdf`` without giving it data; our endpoint answers 400 to graphs it does not hold).
"""
from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pyoxigraph as ox

from tests.w3c import sparqltext
from tests.w3c.manifest import ProtocolTest, Request
from tests.w3c.results import RDF_MEDIA, parse_csv, parse_json, parse_rdf, parse_tsv, parse_xml
from tests.w3c.servers import Reply, dataset_nquads, http, load

UPDATE_SKIP = "SPARQL Update test: does not apply to a read-only query endpoint (it refuses every update)"
SKIP = {name: UPDATE_SKIP for name in (
    "update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
    "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri")}

BOOLEAN_TYPES = {"application/sparql-results+xml": parse_xml, "application/sparql-results+json": parse_json}
TABULAR_TYPES = {**BOOLEAN_TYPES, "text/csv": parse_csv, "text/tab-separated-values": parse_tsv}
RDF_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html", "application/xhtml+xml"}
FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def named_graphs(req: Request) -> set[str]:
    """Graph IRIs a request names: protocol parameters (URL or form body) and the query's FROM clauses."""
    out: set[str] = set()
    query_texts = []
    params = [parse_qs(urlsplit(req.path).query)]
    ctype = req.headers.get("content-type", "").split(";")[0].strip()
    if req.body is not None and ctype == "application/x-www-form-urlencoded":
        params.append(parse_qs(req.body.decode("utf-8", "replace")))
    elif req.body is not None and ctype == "application/sparql-query":
        query_texts.append(req.body.decode("utf-8", "replace"))
    for p in params:
        out.update(p.get("default-graph-uri", []) + p.get("named-graph-uri", []))
        query_texts += p.get("query", [])
    for q in query_texts:
        frm, named = sparqltext.dataset_clauses(q)
        out.update(frm + named)
    return out


def dataset(test: ProtocolTest) -> bytes:
    nquads = dataset_nquads([], test.graphs)
    extra = sorted(set().union(*(named_graphs(r) for r in test.requests)) - set(test.graphs))
    quads = [ox.Quad(ox.NamedNode(g), ox.NamedNode(RDF_TYPE), ox.NamedNode(FOAF_DOCUMENT), ox.NamedNode(g))
             for g in extra]
    return nquads + (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")


def send(base_url: str, endpoint_path: str, req: Request) -> Reply:
    path = req.path
    if path.startswith("/sparql/"):
        rest = path[len("/sparql/"):]
        path = endpoint_path + (rest if rest.startswith("?") or not rest else "/" + rest)
    return http(req.method, base_url.rstrip("/") + path, req.headers, req.body, timeout=60)


def check(req: Request, reply: Reply) -> list[str]:
    """What is wrong with a reply to a request: [] when it is what the protocol requires."""
    problems = []
    klass = f"{reply.status // 100}xx"
    if klass not in req.expected_status:
        problems.append(f"status {reply.status}, expected {' or '.join(req.expected_status)}"
                        f" ({reply.body[:200].decode('utf-8', 'replace')!r})")
        return problems
    media = reply.media_type
    if req.expected_format == "boolean":
        if media not in BOOLEAN_TYPES:
            problems.append(f"boolean answer in {media!r}, expected SPARQL Results XML or JSON")
        else:
            got = BOOLEAN_TYPES[media](reply.body).boolean
            if req.expected_boolean is not None and got != req.expected_boolean:
                problems.append(f"boolean {got}, expected {req.expected_boolean}")
    elif req.expected_format == "tabular":
        if media not in TABULAR_TYPES:
            problems.append(f"tabular answer in {media!r}, expected SPARQL Results XML, JSON, CSV or TSV")
        else:
            res = TABULAR_TYPES[media](reply.body)
            if res.boolean is not None:
                problems.append("expected a result set, got a boolean")
    elif req.expected_format == "RDF":
        if media not in RDF_TYPES:
            problems.append(f"RDF answer in {media!r}, expected RDF/XML, Turtle, N-Triples or RDFa")
        elif media in RDF_MEDIA:
            parse_rdf(reply.body, RDF_MEDIA[media])  # raises SyntaxError when it is not
    return problems


def run(test: ProtocolTest, base_url: str, endpoint_path: str, load_url: str, load_method: str) -> list[str]:
    """Load the test's dataset, send its requests in order; the problems found ([] when it passed)."""
    load(load_url, load_method, dataset(test))
    problems = []
    for i, req in enumerate(test.requests):
        reply = send(base_url, endpoint_path, req)
        problems += [f"request {i + 1} ({req.method} {unquote(req.path)[:120]}): {p}" for p in check(req, reply)]
    return problems
