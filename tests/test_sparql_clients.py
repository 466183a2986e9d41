"""Real SPARQL clients against the live endpoint.

SPARQLWrapper, rdflib's SPARQLStore, Redland's ``roqet`` and Apache Jena's ``rsparql`` each ask the running
``lod serve`` (the ``server`` fixture) the same questions — how many records (29), the title of the seed record,
an ASK, a CONSTRUCT and a DESCRIBE of that record — and each answer, as the client hands it over, is parsed
and compared with what the store itself says.

Every request passes through a small recording proxy in front of the server, so a test sees exactly what the
client sent (method, Accept, Content-Type, parameters) and what came back, and a failure shows both; the
server's own access log (``proc.log``) must show the same request line. ``pytest -rP`` prints, for each
passing test, the requests its client made (the Accept headers of every client are listed there).

The command-line clients come from Debian: ``rasqal-utils`` (roqet), ``libapache-jena-java`` +
``default-jre-headless`` (Jena; Debian ships the jars without wrapper scripts, so ``arq.rsparql`` is run with
``java -cp``). ``.ci/run`` installs them; their tests are skipped, saying so, only when they are missing.
"""
from __future__ import annotations

import csv
import http.client
import io
import re
import shutil
import subprocess
import threading
import time
import urllib.parse
import urllib.request
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.dom.minidom import Document

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.query import Result
from werkzeug.urls import uri_to_iri

from lod.store.terms import rdflib_triples
from tests.conftest import SEED, run_lod

RICO = "https://www.ica.org/standards/RiC/ontology#"
DCT_TITLE = "http://purl.org/dc/terms/title"
RECORD = f"http://lod.test/id/record/{SEED}"
RECORD_GRAPH = f"http://lod.test/graph/record/{SEED}"

COUNT = f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{RICO}Record> }}"
# one row: the number of records and the title of the seed record (a comma inside, a language tag on it)
SELECT = (f"SELECT ?n ?title WHERE {{ {{ {COUNT} }} <{RECORD}> <{DCT_TITLE}> ?title }}")
ASK_YES = f"ASK {{ <{RECORD}> a <{RICO}Record> }}"
ASK_NO = f"ASK {{ <{RECORD}> a <{RICO}Person> }}"
CONSTRUCT = f"CONSTRUCT {{ <{RECORD}> ?p ?o }} WHERE {{ <{RECORD}> ?p ?o }}"
DESCRIBE = f"DESCRIBE <{RECORD}>"


# --- what the store itself says ---------------------------------------------------------------------------

@dataclass
class Truth:
    records: int
    title: Literal
    construct: Graph
    describe: Graph
    in_record_graph: Graph
    graphs: set[str]


@pytest.fixture(scope="module")
def truth(ingested) -> Truth:
    store, _ = ingested

    def graph(query: str) -> Graph:
        g = Graph()
        for t in rdflib_triples(store.construct(query)):
            g.add(t)
        return g

    return Truth(
        records=int(next(store.select(COUNT))["n"]),
        title=next(store.select(f"SELECT ?t WHERE {{ <{RECORD}> <{DCT_TITLE}> ?t }}"))["t"],
        construct=graph(CONSTRUCT),
        describe=graph(DESCRIBE),
        in_record_graph=graph(f"CONSTRUCT {{ <{RECORD}> ?p ?o }} "
                              f"WHERE {{ GRAPH <{RECORD_GRAPH}> {{ <{RECORD}> ?p ?o }} }}"),
        graphs={str(r["g"]) for r in store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")},
    )


def test_the_facts_the_clients_must_find(truth):
    assert truth.records == 29
    assert truth.title == Literal(
        "Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky", lang="en")
    assert len(truth.construct) > 40 and len(truth.describe) >= len(truth.construct)
    assert RECORD_GRAPH in truth.graphs


def assert_same_graph(got: Graph, want: Graph, who: str) -> None:
    if to_isomorphic(got) != to_isomorphic(want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(f"{who}: the graph differs from the store's ({len(got)} vs {len(want)} triples)\n"
                    f"only in the answer:\n{only_got.serialize(format='nt')[:2000]}\n"
                    f"missing from the answer:\n{only_want.serialize(format='nt')[:2000]}")


# --- a recording proxy in front of the server -------------------------------------------------------------

HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
              "http2-settings", "expect", "content-length"}


@dataclass
class Exchange:
    """One request as the client sent it, and the server's answer."""

    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes
    status: int = 0
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response: bytes = b""

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    def response_header(self, name: str) -> str | None:
        return next((v for k, v in self.response_headers if k.lower() == name.lower()), None)

    @property
    def params(self) -> dict[str, list[str]]:
        """The request's parameters: URL query string, plus a form-encoded body."""
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        if (self.header("Content-Type") or "").lower().startswith("application/x-www-form-urlencoded"):
            for k, v in urllib.parse.parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        return params

    @property
    def query(self) -> str | None:
        if (self.header("Content-Type") or "").lower().startswith("application/sparql-query"):
            return self.body.decode("utf-8", "replace")
        return (self.params.get("query") or [None])[0]

    def describe(self) -> str:
        """What was sent and what came back, in a few lines."""
        extra = {k: v for k, v in self.params.items() if k != "query"}
        lines = [f"{self.method} {urllib.parse.urlsplit(self.path).path}"
                 f"{' Content-Type: ' + self.header('Content-Type') if self.header('Content-Type') else ''}"
                 f" (query in {'body' if self.body and 'query' not in self.params else 'parameters'})",
                 f"    Accept: {self.header('Accept')!r}",
                 f"    User-Agent: {self.header('User-Agent')!r}"]
        if extra:
            lines.append(f"    other parameters: {extra}")
        lines.append(f"    -> {self.status} {self.response_header('Content-Type')}")
        if self.status >= 400:
            lines.append(f"       {self.response[:400].decode('utf-8', 'replace')}")
        return "\n".join(lines)


class Recorder:
    """An HTTP proxy on a loopback port that forwards every request to ``upstream`` verbatim (hop-by-hop
    headers aside) and keeps a copy of each exchange."""

    def __init__(self, upstream: str) -> None:
        parts = urllib.parse.urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port)
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def relay(self) -> None:
                recorder._relay(self)

            do_GET = do_POST = do_HEAD = do_OPTIONS = relay

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @staticmethod
    def _read_body(h: BaseHTTPRequestHandler) -> bytes:
        if "chunked" in (h.headers.get("Transfer-Encoding") or "").lower():
            chunks = []
            while True:
                size = int(h.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while h.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(h.rfile.read(size))
                h.rfile.readline()
        length = int(h.headers.get("Content-Length") or 0)
        return h.rfile.read(length) if length else b""

    def _relay(self, h: BaseHTTPRequestHandler) -> None:
        body = self._read_body(h)
        ex = Exchange(h.command, h.path, list(h.headers.items()), body)
        conn = http.client.HTTPConnection(*self.upstream, timeout=120)
        try:
            conn.putrequest(h.command, h.path, skip_host=True, skip_accept_encoding=True)
            for k, v in h.headers.items():
                if k.lower() not in HOP_BY_HOP:
                    conn.putheader(k, v)
            if body or h.command == "POST":
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            resp = conn.getresponse()
            ex.status, ex.response_headers, ex.response = resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()
        with self._lock:
            self.exchanges.append(ex)
        h.send_response(ex.status)
        for k, v in ex.response_headers:
            if k.lower() not in HOP_BY_HOP and k.lower() not in ("server", "date"):
                h.send_header(k, v)
        h.send_header("Content-Length", str(len(ex.response)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(ex.response)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Endpoint:
    """The SPARQL endpoint as the clients see it (through the recorder), and what they sent it."""

    def __init__(self, recorder: Recorder, proc) -> None:
        self.recorder, self.proc = recorder, proc
        self.url = recorder.url + "sparql"

    @contextmanager
    def capture(self, client: str):
        """The exchanges made inside the block. Any error inside is reported with the requests made; on
        success each request must appear in the server's access log, and they are printed (``-rP``)."""
        got: list[Exchange] = []
        start = len(self.recorder.exchanges)
        try:
            yield got
        except Exception as e:  # noqa: BLE001 — report what the client sent and what it got
            sent = "\n".join(x.describe() for x in self.recorder.exchanges[start:]) or "(no request reached the server)"
            raise pytest.fail.Exception(f"{client}: {type(e).__name__}: {str(e)[:1500]}\nrequests:\n{sent}",
                                        pytrace=False) from None
        got.extend(self.recorder.exchanges[start:])
        assert got, f"{client} made no request to the endpoint"
        for x in got:
            self._assert_logged(x)
        print(f"[{client}]\n" + "\n".join(x.describe() for x in got))

    def _assert_logged(self, x: Exchange, timeout: float = 5.0) -> None:
        # werkzeug logs the path as an IRI, control characters escaped, and colours non-200 lines
        path = uri_to_iri(x.path).translate({c: rf"\x{c:02x}" for c in [*range(0x20), 0x7F]})
        line = f'"{x.method} {path} HTTP/1.1" {x.status}'
        deadline = time.time() + timeout
        while time.time() < deadline:
            if any(line in _ANSI.sub("", entry) for entry in list(self.proc.log)):
                return
            time.sleep(0.05)
        raise AssertionError(f"the server's access log has no line {line[:200]!r}")


@pytest.fixture(scope="module")
def endpoint(server):
    url, proc = server
    recorder = Recorder(url)
    yield Endpoint(recorder, proc)
    recorder.close()


def test_the_recorder_is_transparent(endpoint, server):
    url, _ = server
    direct = urllib.request.urlopen(urllib.request.Request(
        url + "sparql?" + urllib.parse.urlencode({"query": SELECT}), headers={"Accept": "text/csv"}), timeout=30)
    with endpoint.capture("urllib") as got:
        proxied = urllib.request.urlopen(urllib.request.Request(
            endpoint.url + "?" + urllib.parse.urlencode({"query": SELECT}), headers={"Accept": "text/csv"}),
            timeout=30)
        body = proxied.read()
    assert body == direct.read() and proxied.headers["Content-Type"] == direct.headers["Content-Type"]
    assert got[0].query == SELECT and got[0].header("Accept") == "text/csv" and got[0].status == 200


# --- reading the answers ----------------------------------------------------------------------------------

def solution(kind: str, body: bytes) -> dict[str, Literal]:
    """The single solution of SELECT as rdflib terms, parsed by rdflib's SPARQL results parsers."""
    rows = list(Result.parse(io.BytesIO(body), format=kind))
    assert len(rows) == 1, f"expected one solution, got {len(rows)}"
    return {str(v): rows[0][v] for v in rows[0].labels}


def check_solution(n, title, title_lang, truth: Truth, who: str) -> None:
    assert int(n) == truth.records, f"{who}: {n} records, not {truth.records}"
    assert str(title) == str(truth.title), f"{who}: title {title!r}"
    if title_lang is not ...:  # ... = the format carries no language tags (CSV)
        assert title_lang == truth.title.language, f"{who}: title language {title_lang!r}"


def graph_from(body: bytes, content_type: str) -> Graph:
    media = content_type.split(";")[0].strip().lower()
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
           "application/ld+json": "json-ld", "text/n3": "n3", "application/n-quads": "nquads",
           "application/trig": "trig"}.get(media)
    assert fmt, f"not an RDF media type: {content_type!r}"
    return Graph().parse(data=body, format=fmt)


# --- 1. SPARQLWrapper -------------------------------------------------------------------------------------

from SPARQLWrapper import (CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDF, RDFXML, TSV,  # noqa: E402
                           TURTLE, URLENCODED, XML, SPARQLWrapper)

TRANSPORTS = {"get": (GET, URLENCODED), "post-form": (POST, URLENCODED), "post-direct": (POST, POSTDIRECTLY)}
# what each transport must look like on the wire
WIRE = {"get": ("GET", None), "post-form": ("POST", "application/x-www-form-urlencoded"),
        "post-direct": ("POST", "application/sparql-query")}


def sparqlwrapper(endpoint: Endpoint, query: str, fmt: str, transport: str, only_conneg: bool = False):
    """Run ``query`` with SPARQLWrapper; return (converted result, response Content-Type, exchanges)."""
    client = SPARQLWrapper(endpoint.url, agent="lod-archive-tests (SPARQLWrapper)")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    method, request_method = TRANSPORTS[transport]
    client.setMethod(method)
    client.setRequestMethod(request_method)
    client.setOnlyConneg(only_conneg)
    client.setTimeout(60)
    with endpoint.capture(f"SPARQLWrapper {fmt} {transport}") as got:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = client.query()
            content_type = result.info()["content-type"]
            converted = result.convert()
    # SPARQLWrapper warns when the answer is not in the format it asked for
    mismatched = [str(w.message) for w in caught if "has been returned by the endpoint" in str(w.message)
                  or "unknown response content type" in str(w.message).lower()]
    assert not mismatched, mismatched
    want_method, want_type = WIRE[transport]
    assert all(x.method == want_method for x in got)
    assert all((x.header("Content-Type") or "").split(";")[0] == (want_type or "")
               for x in got if want_type), [x.header("Content-Type") for x in got]
    assert any(x.query == query for x in got)
    return converted, content_type, got


def _xml_binding(doc: Document, name: str) -> tuple[str, str | None]:
    for b in doc.getElementsByTagName("binding"):
        if b.getAttribute("name") == name:
            node = b.getElementsByTagName("literal")[0]
            return node.firstChild.data, node.getAttribute("xml:lang") or None
    raise AssertionError(f"no binding {name!r} in the XML results")


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(endpoint, truth, fmt, transport):
    converted, content_type, _ = sparqlwrapper(endpoint, SELECT, fmt, transport)
    who = f"SPARQLWrapper SELECT {fmt}"
    if fmt == JSON:
        assert content_type.startswith("application/sparql-results+json")
        assert converted["head"]["vars"] == ["n", "title"]
        row = converted["results"]["bindings"][0]
        check_solution(row["n"]["value"], row["title"]["value"], row["title"].get("xml:lang"), truth, who)
    elif fmt == XML:
        assert content_type.startswith("application/sparql-results+xml")
        n, _ = _xml_binding(converted, "n")
        title, lang = _xml_binding(converted, "title")
        check_solution(n, title, lang, truth, who)
    elif fmt == CSV:
        assert content_type.startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(converted.decode("utf-8"))))
        assert len(rows) == 1
        check_solution(rows[0]["n"], rows[0]["title"], ..., truth, who)
    else:
        assert content_type.startswith("text/tab-separated-values")
        row = solution("tsv", converted)
        check_solution(row["n"], row["title"], row["title"].language, truth, who)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_ask(endpoint, fmt, transport):
    answers = []
    for query in (ASK_YES, ASK_NO):
        converted, _, _ = sparqlwrapper(endpoint, query, fmt, transport)
        if fmt == JSON:
            answers.append(converted["boolean"])
        elif fmt == XML:
            answers.append(converted.getElementsByTagName("boolean")[0].firstChild.data.strip() == "true")
        else:  # CSV/TSV booleans are not standardised; we write the word
            answers.append({b"true": True, b"false": False}[converted.strip()])
    assert answers == [True, False]


GRAPH_FORMATS = [TURTLE, N3, RDFXML, XML, RDF, JSONLD]


def _graph_of(converted, content_type: str) -> Graph:
    if isinstance(converted, Graph):  # RDF/XML and JSON-LD: SPARQLWrapper parsed it already
        g = Graph()
        for t in converted.triples((None, None, None)):
            g.add(t)
        return g
    assert isinstance(converted, bytes), type(converted)
    return graph_from(converted, content_type)


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize("fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_sparqlwrapper_graph(endpoint, truth, form, fmt, transport):
    query, want = (CONSTRUCT, truth.construct) if form == "CONSTRUCT" else (DESCRIBE, truth.describe)
    converted, content_type, _ = sparqlwrapper(endpoint, query, fmt, transport)
    assert_same_graph(_graph_of(converted, content_type), want, f"SPARQLWrapper {form} {fmt} {transport}")


@pytest.mark.parametrize("fmt", [N3, RDFXML, XML])
def test_sparqlwrapper_graph_by_accept_alone(endpoint, truth, fmt):
    """The same requests without SPARQLWrapper's ``format``/``output``/``results`` parameters
    (``setOnlyConneg(True)``): only the Accept header says what is wanted."""
    converted, content_type, got = sparqlwrapper(endpoint, CONSTRUCT, fmt, "get", only_conneg=True)
    assert not {"format", "output", "results"} & set(got[0].params)
    assert_same_graph(_graph_of(converted, content_type), truth.construct, f"SPARQLWrapper {fmt} conneg only")


def test_lod_query_endpoint_client(endpoint, truth):
    """`lod query --endpoint` is itself a SPARQLWrapper client (lod/remote.py); point it at our endpoint."""
    with endpoint.capture("lod query --endpoint (csv)"):
        r = run_lod("query", "--endpoint", endpoint.url, "--format", "csv", SELECT, timeout=120)
        assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    check_solution(rows[0]["n"], rows[0]["title"], ..., truth, "lod query --endpoint --format csv")
    with endpoint.capture("lod query --endpoint (ntriples)"):
        r = run_lod("query", "--endpoint", endpoint.url, "--format", "ntriples", CONSTRUCT, timeout=120)
        assert r.returncode == 0, r.stderr
    assert_same_graph(Graph().parse(data=r.stdout, format="nt"), truth.construct, "lod query --endpoint ntriples")


# --- 2. rdflib's SPARQLStore ------------------------------------------------------------------------------

from rdflib.plugins.stores.sparqlstore import SPARQLStore  # noqa: E402


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_rdflib_sparqlstore_graph(endpoint, truth, method):
    record = URIRef(RECORD)
    g = Graph(store=SPARQLStore(query_endpoint=endpoint.url, method=method))
    with endpoint.capture(f"rdflib SPARQLStore {method}") as got:
        rows = list(g.query(SELECT))
        asks = [g.query(ASK_YES).askAnswer, g.query(ASK_NO).askAnswer]
        constructed = g.query(CONSTRUCT).graph
        described = g.query(DESCRIBE).graph
        own = set(g.triples((record, None, None)))
        title = g.value(record, URIRef(DCT_TITLE))
    assert len(rows) == 1
    check_solution(rows[0].n, rows[0].title, rows[0].title.language, truth, "SPARQLStore SELECT")
    assert asks == [True, False]
    assert_same_graph(constructed, truth.construct, "SPARQLStore CONSTRUCT")
    assert_same_graph(described, truth.describe, "SPARQLStore DESCRIBE")
    assert own == set(truth.construct), "SPARQLStore triples((record, None, None))"
    assert title == truth.title
    want = {"GET": ("GET", None), "POST": ("POST", "application/sparql-query"),
            "POST_FORM": ("POST", "application/x-www-form-urlencoded")}[method]
    assert {(x.method, (x.header("Content-Type") or "").split(";")[0] or None) for x in got} == {want}


def test_rdflib_sparqlstore_dataset(endpoint, truth):
    """A Dataset over the endpoint, its default graph the union (as the endpoint's is)."""
    record = URIRef(RECORD)
    ds = Dataset(store=SPARQLStore(query_endpoint=endpoint.url), default_union=True)
    with endpoint.capture("rdflib SPARQLStore Dataset"):
        rows = list(ds.query(SELECT))
        ask = ds.query(ASK_YES).askAnswer
        constructed = ds.query(CONSTRUCT).graph
        own = set(ds.triples((record, None, None)))
        graphs = {str(c) for c in ds.store.contexts()}
    check_solution(rows[0].n, rows[0].title, rows[0].title.language, truth, "SPARQLStore Dataset SELECT")
    assert ask is True
    assert_same_graph(constructed, truth.construct, "SPARQLStore Dataset CONSTRUCT")
    assert own == set(truth.construct)
    assert graphs == truth.graphs


def test_rdflib_sparqlstore_named_graph(endpoint, truth):
    """A Graph bound to one record's named graph: its queries carry ``default-graph-uri``, its triple patterns
    are asked inside ``GRAPH <…>``."""
    record = URIRef(RECORD)
    g = Graph(store=SPARQLStore(query_endpoint=endpoint.url), identifier=URIRef(RECORD_GRAPH))
    with endpoint.capture("rdflib SPARQLStore named graph") as got:
        n = int(list(g.query(COUNT))[0].n)
        own = set(g.triples((record, None, None)))
    assert n == 1  # only the seed record is in its own graph
    assert got[0].params.get("default-graph-uri") == [RECORD_GRAPH]
    assert own == set(truth.in_record_graph) and own


# --- 3. roqet (Redland rasqal) ----------------------------------------------------------------------------

ROQET = shutil.which("roqet")
needs_roqet = pytest.mark.skipif(ROQET is None, reason="roqet is not installed (Debian package rasqal-utils; "
                                                       ".ci/run installs it)")


def roqet(endpoint: Endpoint, query: str, results: str) -> tuple[subprocess.CompletedProcess, list[Exchange]]:
    with endpoint.capture(f"roqet -r {results}") as got:
        r = subprocess.run([ROQET, "-q", "-i", "sparql11-query", "-p", endpoint.url, "-e", query, "-r", results],
                           capture_output=True, text=True, timeout=120)
    return r, got


@needs_roqet
@pytest.mark.parametrize("results", ["xml", "csv", "tsv", "simple"])
def test_roqet_select(endpoint, truth, results):
    r, got = roqet(endpoint, SELECT, results)
    assert r.returncode == 0, r.stderr
    who = f"roqet -r {results}"
    if results in ("xml", "tsv"):
        row = solution(results, r.stdout.encode())
        check_solution(row["n"], row["title"], row["title"].language, truth, who)
    elif results == "csv":
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        assert len(rows) == 1
        check_solution(rows[0]["n"], rows[0]["title"], ..., truth, who)
    else:  # row: [n=string("29"^^<…#integer>), title=string("…"@en)]
        m = re.fullmatch(r'row: \[n=string\("(\d+)"\^\^<[^>]+>\), title=string\("(.*)"@([a-z-]+)\)\]', r.stdout.strip())
        assert m, r.stdout
        check_solution(m[1], m[2], m[3], truth, who)
    assert got[0].method == "GET" and got[0].status == 200


@needs_roqet
def test_roqet_ask(endpoint):
    """roqet asks for SPARQL XML results and gets the right boolean; roqet 0.9.33 itself cannot show it (its
    XML results reader knows only variable bindings, also for a local file: ``roqet -t f.srx``), so the answer
    is read from what the endpoint sent it."""
    answers = []
    for query in (ASK_YES, ASK_NO):
        r, got = roqet(endpoint, query, "xml")
        assert r.returncode == 0, r.stderr
        assert got[0].status == 200
        assert got[0].response_header("Content-Type").startswith("application/sparql-results+xml")
        answers.append(Result.parse(io.BytesIO(got[0].response), format="xml").askAnswer)
    assert answers == [True, False]


@needs_roqet
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_roqet_graph_query(endpoint, truth, form):
    """roqet 0.9.33 sends ``Accept: application/sparql-results+xml`` for every query form and reads every
    answer as SPARQL XML results, so it cannot receive a graph from any endpoint. What we owe it is a clear
    answer: the graph itself, or a 406 (only when it asked for no RDF type) naming the RDF types we offer."""
    query, want = (CONSTRUCT, truth.construct) if form == "CONSTRUCT" else (DESCRIBE, truth.describe)
    with endpoint.capture(f"roqet {form}") as got:
        subprocess.run([ROQET, "-q", "-i", "sparql11-query", "-p", endpoint.url, "-e", query, "-r", "turtle"],
                       capture_output=True, text=True, timeout=120)
    x = got[0]
    if x.status == 406:
        rdf_types = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
        assert not any(t in (x.header("Accept") or "") for t in rdf_types), x.describe()
        assert all(t.encode() in x.response for t in rdf_types), x.describe()
    else:
        assert x.status == 200, x.describe()
        assert_same_graph(graph_from(x.response, x.response_header("Content-Type")), want, f"roqet {form}")


# --- 4. Apache Jena rsparql -------------------------------------------------------------------------------

JENA_JARS = Path("/usr/share/java")
# arq.rsparql's runtime classpath from Debian's libapache-jena-java and its dependencies (taking every jar of
# /usr/share/java instead puts two SLF4J bindings on the path and Jena dies at start-up)
JENA_CLASSPATH = ["jena-arq", "jena-base", "jena-cmds", "jena-core", "jena-iri", "jena-rdfconnection",
                  "jena-dboe-base", "jena-dboe-index", "jena-dboe-storage", "jena-dboe-trans-data",
                  "jena-dboe-transaction", "jena-tdb", "jena-tdb2", "jena-shacl", "jena-shex", "commons-cli",
                  "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3",
                  "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-core", "jackson-databind",
                  "jackson-annotations", "jsonld-java", "jakarta.json-api", "protobuf", "thrift",
                  "titanium-json-ld", "slf4j-api", "slf4j-nop"]


def _jena_command(tmp_dir: Path) -> list[str] | None:
    """How to run rsparql here: a wrapper script on PATH (Jena's own distribution), else Debian's jars."""
    if shutil.which("rsparql"):
        return [shutil.which("rsparql")]
    java = shutil.which("java")
    if java is None or not (JENA_JARS / "jena-cmds.jar").exists():
        return None
    cp = [str(JENA_JARS / f"{name}.jar") for name in JENA_CLASSPATH if (JENA_JARS / f"{name}.jar").exists()]
    # Debian's jena-core 4.5.0-2 relocates the embedded Xerces's message bundles to org/apache/jena/ext/xerces/
    # but not its classes (xerces/…), which then fail to initialise ("internal error" in XSSimpleTypeDecl):
    # put the bundles where the classes look for them.
    with zipfile.ZipFile(JENA_JARS / "jena-core.jar") as jar:
        names = jar.namelist()
        if "xerces/impl/xpath/regex/RegexParser.class" in names and \
                "xerces/impl/xpath/regex/message.properties" not in names:
            prefix = "org/apache/jena/ext/"
            for name in names:
                if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                    target = tmp_dir / name[len(prefix):]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(jar.read(name))
            cp.append(str(tmp_dir))
    return [java, "-cp", ":".join(cp), "arq.rsparql"]


@pytest.fixture(scope="module")
def rsparql(tmp_path_factory):
    command = _jena_command(tmp_path_factory.mktemp("jena"))
    if command is None:
        pytest.skip("Apache Jena is not installed (Debian packages libapache-jena-java and default-jre-headless; "
                    ".ci/run installs them)")
    return command


def run_rsparql(rsparql, endpoint: Endpoint, tmp_path: Path, query: str, results: str | None,
                post: bool = False) -> tuple[str, list[Exchange]]:
    qfile = tmp_path / "query.rq"
    qfile.write_text(query, encoding="utf-8")
    args = [*rsparql, "--service", endpoint.url, "--query", str(qfile)]
    args += [f"--results={results}"] if results else []
    args += ["--post"] if post else []
    with endpoint.capture(f"Jena rsparql --results={results}{' --post' if post else ''}") as got:
        r = subprocess.run(args, capture_output=True, text=True, timeout=180)
        assert r.returncode == 0, f"exit {r.returncode}\n{r.stderr[-3000:]}\n{r.stdout[-1000:]}"
    assert all(x.method == ("POST" if post else "GET") for x in got)
    return r.stdout, got


# A JVM per call (~2 s): the full matrix runs on the embedded backend. On the remote one our endpoint re-serialises
# the store's answer with the same code (lod.sparql.executor.shape), which the SPARQLWrapper, rdflib and roqet tests
# check in every format there; test_jena_rsparql_post (SELECT and CONSTRUCT) still runs on both.
jena_matrix = pytest.mark.embedded_only("the Jena result-format matrix (a JVM per call); test_jena_rsparql_post "
                                        "covers Jena on the remote backend")


@jena_matrix
@pytest.mark.parametrize("results", ["json", "xml", "csv", "tsv", "text"])
def test_jena_rsparql_select(rsparql, endpoint, truth, tmp_path, results):
    out, _ = run_rsparql(rsparql, endpoint, tmp_path, SELECT, results)
    who = f"rsparql --results={results}"
    if results in ("json", "xml", "tsv"):
        row = solution(results, out.encode())
        check_solution(row["n"], row["title"], row["title"].language, truth, who)
    elif results == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert len(rows) == 1
        check_solution(rows[0]["n"], rows[0]["title"], ..., truth, who)
    else:  # | 29 | "…"@en |
        m = re.search(r'^\|\s*(\d+)\s*\|\s*"(.*)"@([a-z-]+)\s*\|$', out, re.M)
        assert m, out
        check_solution(m[1], m[2], m[3], truth, who)


@jena_matrix
@pytest.mark.parametrize("results", ["json", "xml", "text"])
def test_jena_rsparql_ask(rsparql, endpoint, tmp_path, results):
    answers = []
    for query in (ASK_YES, ASK_NO):
        out, _ = run_rsparql(rsparql, endpoint, tmp_path, query, results)
        if results == "text":
            answers.append({"Ask => Yes": True, "Ask => No": False}[out.strip()])
        else:
            answers.append(Result.parse(io.BytesIO(out.encode()), format=results).askAnswer)
    assert answers == [True, False]


@jena_matrix
@pytest.mark.parametrize("results,rdf_format", [("nt", "nt"), ("ttl", "turtle"), ("rdf", "xml")])
@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
def test_jena_rsparql_graph(rsparql, endpoint, truth, tmp_path, form, results, rdf_format):
    query, want = (CONSTRUCT, truth.construct) if form == "CONSTRUCT" else (DESCRIBE, truth.describe)
    out, got = run_rsparql(rsparql, endpoint, tmp_path, query, results)
    assert_same_graph(Graph().parse(data=out, format=rdf_format), want, f"rsparql {form} --results={results}")


@pytest.mark.parametrize("query", ["SELECT", "CONSTRUCT"])
def test_jena_rsparql_post(rsparql, endpoint, truth, tmp_path, query):
    if query == "SELECT":
        out, got = run_rsparql(rsparql, endpoint, tmp_path, SELECT, "json", post=True)
        row = solution("json", out.encode())
        check_solution(row["n"], row["title"], row["title"].language, truth, "rsparql --post")
    else:
        out, got = run_rsparql(rsparql, endpoint, tmp_path, CONSTRUCT, "nt", post=True)
        assert_same_graph(Graph().parse(data=out, format="nt"), truth.construct, "rsparql --post CONSTRUCT")
