"""SERVICE never reaches the network: the guard reads a query the way the engine does and refuses every
SERVICE in it, and the processes that evaluate users' queries have no network even when the guard is
bypassed. A loopback listener stands in for an internal service: it must never see a connection.

The generated queries hide a real SERVICE among escaped local names (``ex:a\\#b``), strings of all four
quote forms, comments ending at CR or LF, nested groups and keywords written against their neighbours
(``SERVICESILENT<…>``, ``SERVICE:x``); each is checked to be a SERVICE to pyoxigraph itself (pointed at
port 1, which it refuses to contact, so the check makes no connection), then to be refused by the guard,
on both servers and both backends over HTTP, GET and POST."""
from __future__ import annotations

import glob
import json
import os
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from lod.sparql.executor import EngineUnavailable, Executor, Job, ProcessExecutor, QueryFailed, QueryLimits
from lod.sparql.guard import QueryRefused, check
from lod.store.oxigraph import EmbeddedStore
from lod.store.remote import RemoteStore
from tests.conftest import start_lod_serve

W3C = Path(__file__).resolve().parents[1].parent / "shared" / "w3c-sparql11"
EXAMPLES = int(os.environ.get("LOD_FUZZ_EXAMPLES", "300"))
HTTP_EXAMPLES = max(10, EXAMPLES // 10)
PORT_ONE = "http://127.0.0.1:1/"  # pyoxigraph refuses port 1 before connecting, and says so


def _engine() -> ox.Store:
    """A store every noise pattern below matches (an empty join would let the engine skip the SERVICE)."""
    store = ox.Store()
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    store.add(ox.Quad(s, p, ox.Literal("x#y")))
    store.add(ox.Quad(s, p, ox.NamedNode("http://example.org/o")))
    return store


ENGINE = _engine()


class Listener:
    """A TCP listener on loopback that answers anything with an empty SPARQL result, counting connections."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/internal"
        self.seen: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.seen.append(conn.recv(4096))
                    body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"internal"}}]}}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    srv = Listener()
    yield srv
    srv.close()


# -- the queries ----------------------------------------------------------------------------------------
NOISE = [  # each a valid group member; {n} makes its variable unique
    r"BIND(ex:a\#b AS ?v{n})", r"BIND(ex:a\'b\) AS ?v{n})", r"BIND(ex:%41\~\.x AS ?v{n})", "BIND(ex:a.b:c AS ?v{n})",
    "BIND('#' AS ?v{n})", 'BIND("# \\" }" AS ?v{n})', "BIND('''a'b''c # } ''' AS ?v{n})",
    'BIND("""a"b""c # } """ AS ?v{n})', 'BIND("\\u0022 } #" AS ?v{n})', "BIND(<http://x/#y> AS ?v{n})",
    "# SERVICE in a comment\n", "# a comment ended by CR\r", "?s{n} ?p{n} 'x#y' .", "OPTIONAL { ?s{n} ?p{n} ?o{n} }",
    "FILTER(true)", "{ }", "VALUES ?w{n} { 1 }", "MINUS { ?a{n} ?b{n} ?c{n} }", "BIND(\"x\"@en-GB AS ?v{n})",
]
KEYWORDS = ["SERVICE", "service", "SeRvIcE"]
SILENT = ["SERVICE SILENT", "SERVICESILENT", "service\tsilent"]
GLUE = [" ", "", "\n", "\t", "\r", "#c\n", "#c\r", " # SERVICE \n"]
NESTS = [("", ""), ("{ ", " }"), ("OPTIONAL { ", " }"), ("{ { ", " } }"), ("{} UNION { ", " }")]


@st.composite
def service_queries(draw, target: str, silent: bool = False):
    """A query in which pyoxigraph evaluates SERVICE on ``target`` (as an IRI, as ``:`` or ``:x``)."""
    before = draw(st.lists(st.sampled_from(NOISE), max_size=4))
    after = draw(st.lists(st.sampled_from(NOISE), max_size=3))
    n = iter(range(100))
    before = [t.replace("{n}", str(next(n))) for t in before]
    after = [t.replace("{n}", str(next(n))) for t in after]
    keyword = draw(st.sampled_from(KEYWORDS + (SILENT if silent else [])))
    glue = draw(st.sampled_from(GLUE))
    iri = draw(st.sampled_from([f"<{target}>", ":x", ":"]))
    open_, close = draw(st.sampled_from(NESTS))
    body = " ".join(before) + f"\n{open_}{keyword}{glue}{iri} {{ ?x ?y ?z }}{close}\n" + " ".join(after)
    return f"PREFIX ex: <http://example.org/> PREFIX : <{target}>\nSELECT * WHERE {{ {body} }}"


HANDCRAFTED = [  # each once a way past a lexer; {url} is the listener
    r"PREFIX ex: <http://ex/> SELECT * WHERE {{ BIND(ex:a\#b AS ?v) SERVICE <{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ BIND(1 AS ?v) # a comment the CR ends\rSERVICE <{url}> {{ ?x ?y ?z }} }}",
    "PREFIX : <{url}/> SELECT * WHERE {{ SERVICE:x {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ SERVICESILENT<{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ ?s ?p 1SERVICE <{url}> {{ ?x ?y ?z }} }}",
    r'SELECT * WHERE {{ BIND("\u0022 AS ?a) SERVICE <{url}> {{ ?x ?y ?z }} }} #" AS ?v) }}',
    "SELECT * WHERE {{ OPTIONAL{{}}SERVICE <{url}> {{ ?x ?y ?z }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?x ?y ?z }} }}",
]


# -- the guard against the engine, in-process (no connection is made: port 1) ---------------------------
@settings(max_examples=EXAMPLES, deadline=None)
@given(service_queries(PORT_ONE))
def test_every_service_the_engine_runs_is_refused(query):
    with pytest.raises((OSError, RuntimeError, ValueError)) as engine:
        list(ENGINE.query(query, use_default_graph_as_union=True))
    assert "port 1" in str(engine.value), f"not a SERVICE to the engine: {engine.value}\n{query}"
    with pytest.raises(QueryRefused, match="SERVICE"):
        check(query)
    harmless = query.replace("SERVICE", "GRAPH").replace("service", "GRAPH").replace("SeRvIcE", "GRAPH")
    check(harmless)  # the noise around it is not what is refused


def test_handcrafted_bypasses_are_refused():
    for template in HANDCRAFTED:
        query = template.format(url=PORT_ONE.rstrip("/"))
        with pytest.raises(QueryRefused, match="SERVICE"):
            check(query)


def test_w3c_queries_with_service_are_refused_and_the_others_are_not():
    files = sorted(glob.glob(str(W3C / "**" / "*.rq"), recursive=True))
    if not files:
        pytest.skip(f"the W3C SPARQL 1.1 test suite is not at {W3C} (../shared)")
    with_service = [f for f in files if "service" in Path(f).read_text("utf-8", "replace").lower()]
    assert len(with_service) >= 10
    for f in files:
        query = Path(f).read_text("utf-8", "replace")
        if f in with_service:
            with pytest.raises(QueryRefused, match="SERVICE"):
                check(query)
        else:
            check(query)  # the rest is left to the engine's parser


# -- the second layer: query processes have no network -------------------------------------------------
def _direct(executor: Executor, url: str) -> str:
    try:
        executor.run(Job(f"SELECT * WHERE {{ SERVICE <{url}> {{ ?x ?y ?z }} }}", "json"))
    except (QueryFailed, EngineUnavailable) as e:  # the engine's HTTP client could not open a socket
        return str(e)
    return "answered"


def test_query_processes_make_no_connection_even_past_the_guard(listener, dataset):
    """The guard is bypassed (the executor is called directly): the engine tries SERVICE and fails, the
    listener sees nothing; with isolation off, the same call reaches it (the test can see a connection)."""
    stores = [EmbeddedStore(dataset.config.store)] if not dataset.config.remote else []
    for store in [None, *stores]:  # None is the remote backend's checker: an empty store
        executor = ProcessExecutor(None, workers=1, timeout=20) if store is None else \
            store.executor(QueryLimits(timeout=20, workers=1))
        try:
            answer = _direct(executor, listener.url)
        finally:
            executor.close()
        assert answer != "answered" and not listener.seen, (store, answer)
        assert executor.isolated_by and "none" not in executor.isolated_by
    control = ProcessExecutor(None, workers=1, timeout=20, isolation="off")
    try:
        _direct(control, listener.url)
    finally:
        control.close()
    assert listener.seen, "with isolation off the listener should have been reached"
    listener.seen.clear()


def test_remote_checker_is_isolated_too(listener):
    remote = RemoteStore(PORT_ONE + "query", "http://lod.test/").executor(QueryLimits(timeout=20, workers=1))
    try:
        with pytest.raises((QueryFailed, EngineUnavailable)):
            remote.checker.run(Job(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?x ?y ?z }} }}", "json"))
    finally:
        remote.close()
    assert not listener.seen


# -- over HTTP: both servers, both backends, GET and POST -----------------------------------------------
@pytest.fixture(scope="module", params=["development", "gunicorn"])
def endpoint(request, dataset):
    args = ["--workers", "2"] if request.param == "gunicorn" else []
    srv = start_lod_serve(dataset, *args, LOD_ACCESS_LOG=0, LOD_CLIENT_QUERIES=0)
    yield srv.url + "sparql"
    srv.stop()


def _ask(url: str, query: str, post: bool) -> tuple[int, bytes]:
    data = urllib.parse.urlencode({"query": query}).encode()
    req = (urllib.request.Request(url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"})
           if post else urllib.request.Request(url + "?" + data.decode()))
    req.add_header("Accept", "application/sparql-results+json")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_handcrafted_bypasses_are_refused_over_http(endpoint, listener):
    for template in HANDCRAFTED:
        query = template.format(url=listener.url)
        for post in (False, True):
            status, body = _ask(endpoint, query, post)
            assert status == 400 and "SERVICE" in json.loads(body)["error"], (query, status, body[:200])
    assert not listener.seen


@settings(max_examples=HTTP_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.data(), post=st.booleans())
def test_generated_services_are_refused_over_http(endpoint, listener, query, post):
    text = query.draw(service_queries(listener.url, silent=True))
    status, body = _ask(endpoint, text, post)
    assert status == 400 and "SERVICE" in json.loads(body)["error"], (text, status, body[:200])
    assert not listener.seen, text
