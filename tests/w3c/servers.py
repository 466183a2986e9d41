"""The servers under test, started as real processes on loopback ports, and how test data reaches them.

* ours: :mod:`tests.w3c.lodserver`; data replaces the whole dataset with ``POST /_test/dataset`` (N-Quads);
* ``oxigraph serve`` (the PyPI package ``oxigraph``), in memory; data replaces the whole dataset with the
  Graph Store Protocol's ``PUT /store`` (N-Quads); queries go to ``/query``.

Test data is converted to N-Quads on this side with pyoxigraph (lexical forms kept as written): ``qt:data``
files merged into the default graph, each ``qt:graphData`` file in a named graph named by its IRI.
"""
from __future__ import annotations

import http.client as httpclient
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from tests.w3c import ROOT, iri_path
from tests.w3c.results import RDF_EXT


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def http(method: str, url: str, headers: dict[str, str] | None = None, body: bytes | None = None,
         timeout: float = 60) -> Reply:
    """One request, with exactly the headers given (http.client adds Host, and Content-Length for a
    body, and nothing else: no Content-Type of its own)."""
    u = urlsplit(url)
    conn = httpclient.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        path = u.path + (f"?{u.query}" if u.query else "")
        conn.putrequest(method, path or "/", skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        r = conn.getresponse()
        return Reply(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def stop_process(proc: subprocess.Popen, grace: float = 10) -> None:
    """Terminate a server process we started, killing it if it does not stop within ``grace`` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dataset_nquads(data: list[str], graphs: dict[str, str]) -> bytes:
    """N-Quads of a test dataset: ``data`` files (suite IRIs) merged into the default graph, ``graphs``
    {graph IRI: file IRI} in named graphs. Blank nodes are renamed apart per file (an RDF merge)."""
    quads: list[ox.Quad] = []
    for i, (graph, iri) in enumerate([(None, d) for d in data] + list(graphs.items())):
        path = iri_path(iri)
        fmt = RDF_EXT[path.suffix[1:].lower()]
        g = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        try:
            parsed = list(ox.parse(path=str(path), format=fmt, base_iri=iri))
        except SyntaxError:
            parsed = list(ox.parse(path=str(path), format=fmt, base_iri=iri, lenient=True))

        def rename(t, i=i):
            return ox.BlankNode(f"f{i}x{t.value}") if isinstance(t, ox.BlankNode) else t
        quads.extend(ox.Quad(rename(q.subject), q.predicate, rename(q.object), g) for q in parsed)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


@dataclass
class Server:
    """A running server: where to query, how to load, how to stop."""

    name: str
    url: str  # base URL, with a trailing slash
    endpoint: str  # the SPARQL query endpoint
    load_url: str
    load_method: str  # "testload" (POST /_test/dataset) or "gsp" (PUT /store)
    proc: subprocess.Popen | None = None
    log: list[str] = field(default_factory=list)
    tmp: str | None = None

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc)
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def load(url: str, method: str, nquads: bytes) -> None:
    if method == "testload":
        r = http("POST", url, {"Content-Type": "application/n-quads"}, nquads)
    elif method == "gsp":
        r = http("PUT", url, {"Content-Type": "application/n-quads"}, nquads)
    else:
        raise ValueError(f"unknown load method {method!r}")
    if r.status >= 300:
        raise RuntimeError(f"loading the test data failed: {r.status} {r.body[:300]!r}")


def load_method_for(url: str) -> str:
    return "testload" if urlsplit(url).path.rstrip("/").endswith("_test/dataset") else "gsp"


def _wait(proc: subprocess.Popen, url: str, log: list[str], what: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            time.sleep(0.2)
            raise RuntimeError(f"{what} exited with {proc.returncode}:\n" + "".join(log[-30:]))
        try:
            http("GET", url, timeout=2)
            return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{what} did not answer within {timeout:g} s:\n" + "".join(log[-30:]))


def _capture(proc: subprocess.Popen, log: list[str]) -> None:
    def read():
        for line in iter(proc.stderr.readline, ""):
            log.append(line)
            del log[:-200]
    threading.Thread(target=read, daemon=True).start()


def start_lod(timeout: float = 10.0) -> Server:
    """Our server (tests.w3c.lodserver) on a free loopback port, with an empty store in a temp dir."""
    tmp = tempfile.mkdtemp(prefix="w3c-lod-")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tests.w3c.lodserver", "--store", str(Path(tmp) / "store"),
                             "--port", str(port), "--timeout", str(timeout)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    srv = Server("lod", url, url + "sparql", url + "_test/dataset", "testload", proc, tmp=tmp)
    _capture(proc, srv.log)
    try:
        _wait(proc, url + "void", srv.log, "lod server")
    except BaseException:
        srv.stop()
        raise
    return srv


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command of the PyPI package ``oxigraph`` (beside this Python, else on PATH)."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file():
        return str(here)
    return shutil.which("oxigraph")


def start_oxigraph(timeout: float = 10.0) -> Server:
    """``oxigraph serve`` in memory on a free loopback port."""
    exe = oxigraph_binary()
    if exe is None:
        raise FileNotFoundError("the `oxigraph` command is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", str(int(timeout))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    srv = Server("oxigraph", url, url + "query", url + "store", "gsp", proc)
    _capture(proc, srv.log)
    try:
        _wait(proc, url, srv.log, "oxigraph serve")
    except BaseException:
        srv.stop()
        raise
    return srv
