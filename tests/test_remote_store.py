"""The remote store backend against real stores: ``oxigraph serve`` processes on loopback ports (and Virtuoso
when it is installed), with small HTTP proxies in front of them to slow, refuse or record what passes.

* loading is safe: a record's graph is replaced whole — a reader never sees it half written or missing;
* a failed load names the graphs that did not make it, and re-running the same ingest completes it without
  duplicates (the same store as a clean ingest);
* the store going away: ``lod serve`` answers 503 with ``Retry-After`` at once, and recovers by itself;
* a slow store: the SPARQL endpoint's time limit holds;
* credentials are sent as HTTP Basic auth and never printed or logged.

The shared fixtures (tests/conftest.py) run the rest of the suite on the remote backend too.
"""
from __future__ import annotations

import base64
import http.client as httpclient
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from rdflib import Graph, URIRef

from tests.conftest import (BASE, RECORDS, ROOT, SEED, Backend, Oxigraph, free_port, ingest_corpus, remote_backend,
                            run_lod, start_lod_serve)

RICO = "https://www.ica.org/standards/RiC/ontology#"
RECORD_GRAPH = f"{BASE}graph/record/{SEED}"
COUNT_RECORD_GRAPH = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{RECORD_GRAPH}> {{ ?s ?p ?o }} }}"
COUNT_RECORDS = f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{RICO}Record> }}"
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade", "content-length", "host"}


# --- helpers ---------------------------------------------------------------------------------------------

def http(method: str, url: str, *, headers: dict | None = None, body: bytes | None = None, timeout: float = 30):
    """(status, headers, body) of one request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=body, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def sparql_count(query_url: str, query: str, timeout: float = 10) -> int:
    """The ``?n`` of a one-row SELECT, asked straight at a SPARQL endpoint."""
    status, _, body = http("POST", query_url, body=urllib.parse.urlencode({"query": query}).encode(), timeout=timeout,
                           headers={"Content-Type": "application/x-www-form-urlencoded",
                                    "Accept": "application/sparql-results+json"})
    assert status == 200, body[:300]
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def sparql_get(url: str, query: str, timeout: float = 30):
    """A SPARQL query to our server (``url`` is lod serve's base URL)."""
    return http("GET", url + "sparql?query=" + urllib.parse.quote(query), timeout=timeout,
                headers={"Accept": "application/sparql-results+json"})


@dataclass
class Seen:
    """One request as a proxy received it, and what it did with it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 0

    @property
    def graph(self) -> str | None:
        values = parse_qs(urlsplit(self.path).query).get("graph")
        return values[0] if values else None


class Proxy:
    """An HTTP proxy on a loopback port in front of ``upstream`` (a base URL): it records every request
    (``seen``) and can refuse some (``refuse(seen) -> status or None``), delay its answers (``delay`` seconds),
    or send request bodies slowly (``slow_upload`` seconds of pause in the middle of each write's body, like a
    big graph on a slow link)."""

    def __init__(self, upstream: str, *, refuse=None, delay: float = 0.0, slow_upload: float = 0.0) -> None:
        self.upstream = urlsplit(upstream)
        self.refuse, self.delay, self.slow_upload = refuse, delay, slow_upload
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen = Seen(self.command, self.path, {k: v for k, v in self.headers.items()}, body)
                with proxy.lock:
                    proxy.seen.append(seen)
                status = proxy.refuse(seen) if proxy.refuse else None
                if status:
                    seen.status = status
                    self._answer(status, [("Content-Type", "text/plain")], b"refused by the test proxy\n")
                    return
                try:
                    status, headers, answer = proxy._forward(self.command, self.path, self.headers, body)
                except OSError as e:
                    status, headers, answer = 502, [("Content-Type", "text/plain")], f"upstream: {e}\n".encode()
                if proxy.delay:
                    time.sleep(proxy.delay)
                seen.status = status
                self._answer(status, headers, answer)

            def _answer(self, status: int, headers, body: bytes) -> None:
                try:
                    self.send_response(status)
                    for k, v in headers:
                        if k.lower() not in HOP_BY_HOP:
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(body)))
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (timeouts are part of some tests)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _forward(self, method: str, path: str, headers, body: bytes):
        conn = httpclient.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=120)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", self.upstream.netloc)
            for k, v in headers.items():
                if k.lower() not in HOP_BY_HOP:
                    conn.putheader(k, v)
            conn.putheader("Content-Length", str(len(body)))
            if self.slow_upload and body and method in ("PUT", "POST") and len(body) > 1000:
                conn.endheaders()
                conn.send(body[:len(body) // 2])
                time.sleep(self.slow_upload)
                conn.send(body[len(body) // 2:])
            else:
                conn.endheaders(body)
            r = conn.getresponse()
            return r.status, r.getheaders(), r.read()
        finally:
            conn.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def lod_remote_args(query: str, update: str | None, graph_store: str | None) -> list[str]:
    args = ["--endpoint", query]
    args += ["--update-endpoint", update] if update else []
    args += ["--graph-store", graph_store] if graph_store else []
    return args


def store_facts(query_url: str) -> dict[str, object]:
    """What a complete ingest is judged by: records, quads, graphs, quads per graph and digests (counts only: the
    provenance times differ between two ingests by design)."""
    from lod.store.remote import RemoteStore
    store = RemoteStore(query_url, BASE)
    per_graph = {str(r["g"]): int(r["n"]) for r in store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    return {
        "records": sparql_count(query_url, COUNT_RECORDS),
        "quads": sparql_count(query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "per_graph": per_graph,
        "digests": sparql_count(query_url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?g "
                                           f"<{BASE}vocab/terms#contentDigest> ?d }} }}"),
    }


@pytest.fixture()
def oxigraph(tmp_path):
    """A fresh ``oxigraph serve`` of this test's own (stopped at its end)."""
    oxi = Oxigraph(tmp_path / "oxigraph").start()
    yield oxi
    oxi.stop(signal.SIGKILL)


# --- (a) loading is safe: a record's graph is replaced whole ------------------------------------------------

@pytest.mark.parametrize("via", ["graph-store", "update"])
def test_a_reader_sees_a_record_graph_old_or_new_never_partial(oxigraph, tmp_path, via):
    """Re-ingest a changed record (twice each way) while a reader polls the size of its graph at the store: every
    answer is the old or the new complete count. The writes go through a slow link (each body paused half-way for
    0.3 s), so a store that cleared the graph before the new content had arrived would show it empty or cut.
    ``graph-store``: one Graph Store Protocol PUT per graph (the usual configuration); ``update``: no graph store
    given, one SPARQL Update per graph (``DROP SILENT GRAPH …; INSERT DATA …``)."""
    old_page = RECORDS / "wcda-3283.txt"
    new_dir = tmp_path / "changed"
    new_dir.mkdir()
    new_page = new_dir / "wcda-3283.txt"
    text = old_page.read_text(encoding="utf-8")
    cut = text.index("Mao Zedong connected")  # the record with a shorter body: fewer mentions, other text
    new_page.write_text(text[:cut] + text[text.index("Document Information"):], encoding="utf-8")

    link = Proxy(oxigraph.url, slow_upload=0.3)
    try:
        from lod.store import open_store
        config = oxigraph.config(tmp_path / "lod")  # queries straight to the store, writes through the slow link
        config.update_endpoint = f"{link.url}/update"
        config.graph_store = f"{link.url}/store" if via == "graph-store" else None

        def load(page: Path) -> int:
            report = ingest_corpus(open_store(config), [page])
            assert report.ok and report.records == 1
            return sparql_count(oxigraph.query_url, COUNT_RECORD_GRAPH)

        counts = {load(new_page), load(old_page)}
        assert len(counts) == 2 and 0 not in counts, counts  # two complete versions of different sizes

        seen: list[int] = []
        errors: list[BaseException] = []
        stop = threading.Event()

        def reader() -> None:
            try:
                while not stop.is_set():
                    seen.append(sparql_count(oxigraph.query_url, COUNT_RECORD_GRAPH))
            except BaseException as e:  # noqa: BLE001 — reported below
                errors.append(e)

        thread = threading.Thread(target=reader)
        thread.start()
        try:
            for page in (new_page, old_page, new_page, old_page):
                load(page)
        finally:
            stop.set()
            thread.join(30)
        assert not errors, errors
        writes = [s for s in link.seen if s.method in ("PUT", "POST") and RECORD_GRAPH in urllib.parse.unquote(
            s.path + s.body.decode("utf-8", "replace"))]
        assert len(writes) >= 6  # each load replaced the graph (in one request), through the slow link
        partial = sorted({n for n in seen if n not in counts})
        assert not partial, (f"a reader saw the seed record's graph with {partial} triples while it was replaced "
                             f"(complete versions: {sorted(counts)}; {len(seen)} reads)")
        assert set(seen) == counts  # the reader did see both versions
    finally:
        link.close()


# --- (b) a failed load names what is missing and resumes without duplicates ------------------------------------

N_SYNTHETIC = 200


@pytest.fixture(scope="module")
def synthetic_records(tmp_path_factory) -> Path:
    from bench.ingest import synthetic
    path = tmp_path_factory.mktemp("synthetic") / "records.jsonl"
    synthetic(path, N_SYNTHETIC)
    return path


@pytest.fixture(scope="module")
def clean_facts(synthetic_records, tmp_path_factory) -> dict:
    """The store after a clean ingest of the synthetic records (the reference a resumed ingest must equal)."""
    directory = tmp_path_factory.mktemp("clean")
    oxi = Oxigraph(directory / "oxigraph").start()
    try:
        c = oxi.config(directory)
        res = run_lod("ingest", "-q", "--base", BASE, *lod_remote_args(c.endpoint, c.update_endpoint, c.graph_store),
                      str(synthetic_records), env=dict(os.environ, LOD_STORE=str(directory)))
        assert res.returncode == 0, res.stderr
        facts = store_facts(oxi.query_url)
    finally:
        oxi.stop(signal.SIGKILL)
    assert facts["records"] == N_SYNTHETIC
    return facts


def _named(output: str, graphs: set[str]) -> set[str]:
    """The record graphs of ``graphs`` that ``output`` names (by graph IRI, record IRI or record id)."""
    return {g for g in graphs if re.search(rf"(?<![\w/]){re.escape(g.rsplit('/', 1)[1])}\b|{re.escape(g)}", output)}


def _record_graphs(graphs) -> set[str]:
    return {g for g in graphs if g and "/graph/record/" in g}


def test_refused_puts_are_named_and_a_rerun_completes_without_duplicates(oxigraph, tmp_path, synthetic_records,
                                                                          clean_facts):
    """The graph store refuses every 5th PUT (a proxy in front of it answers 503): the ingest exits 1 naming
    every graph that did not load; the same command against the healthy store then loads exactly those."""
    count = iter(range(1, 10**6))
    failing = Proxy(oxigraph.url, refuse=lambda s: 503 if s.method == "PUT" and next(count) % 5 == 0 else None)
    env = dict(os.environ, LOD_STORE=str(tmp_path / "lod"))
    try:
        res = run_lod("ingest", "-q", "--base", BASE, *lod_remote_args(
            oxigraph.query_url, f"{oxigraph.url}/update", f"{failing.url}/store"), str(synthetic_records), env=env)
    finally:
        failing.close()
    refused_all = {s.graph for s in failing.seen if s.status == 503}
    refused = _record_graphs(refused_all)
    assert len(refused) >= N_SYNTHETIC // 5 - 1
    assert res.returncode == 1, res.stderr[-2000:]

    again = run_lod("ingest", "-q", "--base", BASE, *lod_remote_args(
        oxigraph.query_url, f"{oxigraph.url}/update", f"{oxigraph.url}/store"), str(synthetic_records), env=env)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"{N_SYNTHETIC} records loaded" in again.stderr
    rewritten = len(refused_all - {f"{BASE}graph/meta/ingest"})  # the ingest's own meta graph is not counted
    assert re.search(rf"\b{rewritten} graphs written", again.stderr), again.stderr  # only what had failed
    facts = store_facts(oxigraph.query_url)
    assert facts == clean_facts  # every record once: same records, quads, graphs and graph sizes as a clean run

    named = _named(res.stderr, refused)  # and the failed run said which records had not made it
    assert named == refused, (f"the failed ingest named {len(named)} of the {len(refused)} record graphs that did "
                              f"not load:\n{res.stderr[-1500:]}")


def test_store_killed_mid_ingest_then_rerun_completes_without_duplicates(oxigraph, tmp_path, synthetic_records,
                                                                          clean_facts):
    """The store process is killed (SIGKILL) in the middle of an ingest: the ingest fails naming the graphs that
    did not load; after a restart on the same location the same command completes the dataset."""
    env = dict(os.environ, LOD_STORE=str(tmp_path / "lod"))
    c = oxigraph.config(tmp_path / "lod")
    args = ["ingest", "-q", "--base", BASE, *lod_remote_args(c.endpoint, c.update_endpoint, c.graph_store),
            str(synthetic_records)]
    proc = subprocess.Popen([sys.executable, "-m", "lod.cli", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        while sparql_count(oxigraph.query_url, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { } }") \
                < N_SYNTHETIC // 3:
            assert proc.poll() is None, "the ingest ended before the store could be stopped"
            assert time.time() < deadline, "the ingest did not get a third of the way in 120 s"
            time.sleep(0.05)
        oxigraph.stop(signal.SIGKILL)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, err[-2000:]
    assert "did not load" in err or "unreachable" in err, err[-2000:]

    oxigraph.start()  # same port, same location
    present = {str(g) for g in store_facts(oxigraph.query_url)["per_graph"]}
    wanted = set(clean_facts["per_graph"])
    missing = wanted - present
    assert missing and present  # stopped in the middle indeed

    again = run_lod(*args, env=env)
    assert again.returncode == 0, again.stderr[-2000:]
    assert store_facts(oxigraph.query_url) == clean_facts

    missing_records = _record_graphs(missing)  # and the failed run said which records had not made it
    named = _named(err, missing_records)
    assert named == missing_records, (f"the failed ingest named {len(named)} of the {len(missing_records)} record "
                                      f"graphs that did not load:\n{err[-1500:]}")


# --- (c), (d), (e): lod serve over a remote store that fails, is slow, or wants credentials ------------------

@pytest.fixture()
def private_remote(oxigraph, tmp_path) -> Backend:
    """The corpus in this test's own oxigraph serve (which the test may stop, restart or put a proxy before)."""
    return remote_backend(oxigraph, tmp_path / "lod")


def _through(backend: Backend, proxy: Proxy) -> Backend:
    """The same store reached through ``proxy``."""
    import copy
    c = copy.copy(backend.config)
    for name in ("endpoint", "update_endpoint", "graph_store"):
        setattr(c, name, getattr(c, name).replace(backend.oxigraph.url, proxy.url))
    return Backend(backend.name, backend.store, backend.report, c, backend.oxigraph)


RECORD_TTL = f"doc/record/{SEED}.ttl"


def _fault_requests(url: str):
    """A record page (HTML and Turtle) and a SPARQL query (GET and POST): (what, status, headers, body)."""
    yield ("record page", *http("GET", url + f"doc/record/{SEED}", headers={"Accept": "text/html"}))
    yield ("record turtle", *http("GET", url + RECORD_TTL))
    yield ("sparql GET", *sparql_get(url, COUNT_RECORDS))
    yield ("sparql POST", *http("POST", url + "sparql", body=COUNT_RECORDS.encode(),
                                headers={"Content-Type": "application/sparql-query"}))


def test_store_down_is_503_with_retry_after_and_recovers_by_itself(private_remote):
    oxi = private_remote.oxigraph
    srv = start_lod_serve(private_remote)
    try:
        for what, status, _, body in _fault_requests(srv.url):
            assert status == 200, (what, body[:300])
        oxi.stop(signal.SIGKILL)
        for pause in (0, 2.5):  # at once, and past any short-lived cache of the store's state
            time.sleep(pause)
            for what, status, headers, body in _timed(_fault_requests(srv.url)):
                assert status == 503 and headers.get("Retry-After"), (what, status, body[:300])
        oxi.start()  # same port, same location
        deadline = time.time() + 20
        answers: list = []
        while time.time() < deadline:
            answers = [(w, s) for w, s, _, _ in _fault_requests(srv.url)]
            if all(s == 200 for _, s in answers):
                break
            time.sleep(0.5)
        assert all(s == 200 for _, s in answers), answers
        assert srv.proc.poll() is None  # the same server process, recovered by itself
        status, _, body = sparql_get(srv.url, COUNT_RECORDS)
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "29"
    finally:
        srv.stop()


def _timed(requests, limit: float = 3.0):
    it = iter(requests)
    while True:
        t = time.time()
        try:
            item = next(it)
        except StopIteration:
            return
        took = time.time() - t
        assert took < limit, f"{item[0]} took {took:.1f} s with the store down (limit {limit} s)"
        yield item


def test_slow_store_hits_the_sparql_time_limit(private_remote):
    """A store answering after 40 s, behind a server with a 3 s SPARQL time limit: 503 with Retry-After long
    before the store would have answered (the bounds leave room for a loaded 2-core machine)."""
    slow = Proxy(private_remote.oxigraph.url)
    srv = start_lod_serve(_through(private_remote, slow), LOD_QUERY_TIMEOUT=3)
    try:
        status, _, body = sparql_get(srv.url, COUNT_RECORDS)
        assert status == 200, body[:300]
        slow.delay = 40.0
        time.sleep(2.5)  # past any short-lived cache of the store's state
        for query in (COUNT_RECORDS, "SELECT * WHERE { ?s ?p ?o } LIMIT 3"):
            t = time.time()
            status, headers, body = sparql_get(srv.url, query, timeout=90)
            took = time.time() - t
            assert status == 503 and headers.get("Retry-After"), (status, body[:300])
            assert took < 20.0, f"the endpoint answered after {took:.1f} s (time limit 3 s, store delay 40 s)"
        slow.delay = 0
    finally:
        srv.stop()
        slow.close()


def test_credentials_are_sent_as_basic_auth_and_never_shown(oxigraph, tmp_path):
    user, password = "archivist", "pw-" + secrets.token_hex(8)
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    secrets_seen = (password, token)
    recorder = Proxy(oxigraph.url)
    env = dict(os.environ, LOD_STORE=str(tmp_path / "lod"), LOD_REMOTE_USER=user, LOD_REMOTE_PASSWORD=password)
    store = lod_remote_args(recorder.url + "/query", recorder.url + "/update", recorder.url + "/store")
    outputs: list[str] = []
    try:
        res = run_lod("ingest", "--base", BASE, *store, str(RECORDS / "wcda-3283.txt"), str(RECORDS / "wcda-300653.txt"),
                      env=env)
        outputs += [res.stdout, res.stderr]
        assert res.returncode == 0, res.stderr
        res = run_lod("query", *store, "--format", "json", COUNT_RECORDS, env=env)
        outputs += [res.stdout, res.stderr]
        assert res.returncode == 0 and json.loads(res.stdout)["results"]["bindings"][0]["n"]["value"] == "2"
        res = run_lod("export", *store, "--format", "nt", "-o", str(tmp_path / "x.nt"), env=env)
        outputs += [res.stdout, res.stderr]
        assert res.returncode == 0, res.stderr

        backend = Backend("remote", None, None, oxigraph.config(tmp_path / "lod"), oxigraph)
        srv = start_lod_serve(_through(backend, recorder), LOD_REMOTE_USER=user, LOD_REMOTE_PASSWORD=password)
        try:
            for path in (RECORD_TTL, f"doc/record/{SEED}", "void", "sparql?query=" + urllib.parse.quote(COUNT_RECORDS)):
                status, headers, body = http("GET", srv.url + path)
                assert status == 200, (path, body[:300])
                outputs.append(body.decode("utf-8", "replace") + str(dict(headers)))
            # the store refusing our credentials: the error says so, without them
            recorder.refuse = lambda s: 401
            for path in (RECORD_TTL, "sparql?query=" + urllib.parse.quote(COUNT_RECORDS)):
                status, headers, body = http("GET", srv.url + path)
                assert status >= 500, (path, status)
                outputs.append(body.decode("utf-8", "replace") + str(dict(headers)))
            res = run_lod("ingest", "--base", BASE, *store, str(RECORDS / "wcda-3283.txt"), env=env)
            outputs += [res.stdout, res.stderr]
            assert res.returncode != 0
            recorder.refuse = None
        finally:
            srv.stop()
        time.sleep(0.3)
        outputs.append("".join(srv.log))
    finally:
        recorder.close()

    assert recorder.seen
    methods = {s.method for s in recorder.seen}
    assert {"POST", "PUT"} <= methods  # queries (ours and SPARQLWrapper's) and Graph Store Protocol loads
    without = [f"{s.method} {s.path[:80]}" for s in recorder.seen if s.headers.get("Authorization") != f"Basic {token}"]
    assert not without, f"requests to the store without the credentials: {without[:10]}"
    for text in outputs:
        for secret in secrets_seen:
            assert secret not in text, f"the credentials appear in lod's output or log: …{text[:300]}…"


# --- Virtuoso (when installed) --------------------------------------------------------------------------------

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql-v")
needs_virtuoso = pytest.mark.skipif(
    VIRTUOSO is None or ISQL is None,
    reason="Virtuoso is not installed (Debian package virtuoso-opensource: virtuoso-t and isql-vt)")

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DisableTcpSocket = 0
CheckpointInterval = 60
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """Virtuoso with a fresh database in a temporary directory, on loopback ports; yields its HTTP base URL.
    The anonymous SPARQL user gets the SPARQL_UPDATE role (through isql) so that the Graph Store Protocol
    endpoint /sparql-graph-crud and SPARQL Update on /sparql accept writes: on loopback, for a test only."""
    d = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (d / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=d, sql=sql_port, http=http_port))
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(d / "virtuoso.ini")], cwd=d,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.time() + 90
        while not (_listening(http_port) and http("GET", f"{url}/sparql?query=ASK%7B%7D", timeout=5)[0] == 200):
            assert proc.poll() is None, (d / "virtuoso.log").read_text(errors="replace")[-2000:]
            assert time.time() < deadline, "Virtuoso did not answer on /sparql within 90 s"
            time.sleep(0.5)
        grant = subprocess.run([ISQL, f"127.0.0.1:{sql_port}", "dba", "dba",
                                'exec=GRANT SPARQL_UPDATE TO "SPARQL";'], capture_output=True, text=True, timeout=60)
        assert grant.returncode == 0 and "Error" not in grant.stdout, grant.stdout + grant.stderr
        yield url
    finally:
        from tests.w3c.servers import stop_process
        stop_process(proc, grace=30)  # Virtuoso checkpoints its database on the way out


def _listening(port: int) -> bool:
    import socket
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@needs_virtuoso
def test_virtuoso_serves_the_corpus(virtuoso, tmp_path):
    from lod.config import Config
    from lod.dumps import write_dumps
    from lod.store import open_store

    from lod.store import StoreError

    config = Config(store=str(tmp_path / "lod"), endpoint=f"{virtuoso}/sparql", update_endpoint=f"{virtuoso}/sparql",
                    graph_store=f"{virtuoso}/sparql-graph-crud", base=BASE, remote_timeout=10)
    store = open_store(config)
    try:
        report = ingest_corpus(store)
    except StoreError as e:
        try:  # is it Virtuoso's known silence on direct POSTs? (form-encoded POSTs and GETs are answered)
            http("POST", config.endpoint, body=b"ASK {}", timeout=3,
                 headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
            why = ""
        except OSError:
            why = (" — Virtuoso never answers a query POSTed as application/sparql-query (openlink/virtuoso-opensource"
                   "#842); form-encoded POSTs (query=…) work")
        pytest.fail(f"{e}{why}")
    assert report.ok and report.records == 29
    write_dumps(store, config.dumps)
    again = ingest_corpus(open_store(config))  # the digests are read back: nothing to rewrite
    assert again.written == 0 and again.unchanged == report.written

    srv = start_lod_serve(Backend("remote", store, report, config))
    try:
        status, headers, body = http("GET", srv.url + RECORD_TTL)
        assert status == 200, (body[:500], "".join(srv.log[-30:]))
        g = Graph().parse(data=body, format="turtle")
        title = g.value(URIRef(f"{BASE}id/record/{SEED}"), URIRef("http://purl.org/dc/terms/title"))
        assert title is not None and str(title).startswith("Ciphered telegram")
        status, _, body = sparql_get(srv.url, COUNT_RECORDS)
        assert status == 200, (body[:500], "".join(srv.log[-30:]))
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "29"
        status, _, body = http("GET", srv.url + f"doc/record/{SEED}", headers={"Accept": "text/html"})
        assert status == 200 and b"Ciphered telegram" in body, (body[:500], "".join(srv.log[-30:]))
        # the dump is our dataset: our graphs, every quad of them, and nothing of the store's own graphs
        status, _, body = http("GET", srv.url + "dumps/dataset.nq.gz")
        assert status == 200
        import gzip

        import pyoxigraph as ox
        quads = list(ox.parse(gzip.decompress(body), format=ox.RdfFormat.N_QUADS))
        graphs = {q.graph_name.value for q in quads}
        ours = {str(r["g"]) for r in store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                                  f"FILTER(STRSTARTS(STR(?g), '{BASE}graph/')) }}")}
        assert len(ours) == report.written + 1  # and the ingest's meta graph
        assert graphs == ours, f"the dump holds other graphs too: {sorted(graphs - ours)[:5]}"
        assert len(quads) == sparql_count(config.endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                                                           f"FILTER(STRSTARTS(STR(?g), '{BASE}graph/')) }}")
    finally:
        srv.stop()


def test_a_query_that_computes_on_no_data_is_stopped_at_the_time_limit_outside_the_web_process(dataset):
    """The remote path checks each query on an empty store first (same 400 messages as the embedded store);
    inline VALUES cross products compute there for minutes on no data at all, so the check runs in a
    worker process that the time limit stops: a 503 in about the limit, and the server answers right after."""
    if dataset.name != "remote":
        pytest.skip("the remote backend's query check (the embedded backend runs every query in workers)")
    from tests.conftest import start_lod_serve
    srv = start_lod_serve(dataset, LOD_QUERY_TIMEOUT=1)
    try:
        values = " ".join(str(i) for i in range(400))
        query = (f"ASK {{ VALUES ?a {{ {values} }} VALUES ?b {{ {values} }} VALUES ?c {{ {values} }} "
                 f"FILTER(?a + ?b + ?c = -1) }}")
        t0 = time.time()
        status, headers, body = sparql_get(srv.url, query, timeout=60)
        assert status == 503 and time.time() - t0 < 10, (status, body[:300])
        assert headers.get("Retry-After")
        status, _, body = sparql_get(srv.url, "ASK { ?s ?p ?o }", timeout=30)
        assert status == 200
        status, _, body = sparql_get(srv.url, "SELECT * WHERE { ?s ?p }", timeout=30)
        assert status == 400 and b"syntax" in body.lower()
    finally:
        srv.stop()
