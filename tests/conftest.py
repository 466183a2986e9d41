"""Shared fixtures: the bundled corpus, a freshly ingested store, a live server on a loopback port.

The session fixtures ``ingested`` and ``server`` (and everything built on them) run once per store backend
(the ``backend`` fixture's parameters): ``embedded`` — the pyoxigraph store in a temporary directory — and
``remote`` — a real ``oxigraph serve --union-default-graph`` process on a loopback port, loaded through the
``lod`` ingest path by the Graph Store Protocol, and served by ``lod serve --endpoint …``. Tests that only make
sense for one backend carry ``@pytest.mark.embedded_only("why")``: their ``[remote]`` variant is skipped with
that reason.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "data" / "records"
AUTHORITY = ROOT / "data" / "authorities" / "entities.tsv"
# the seed record: its page prints `Record ID` with no value, so its key is its date and title (the 3283 in
# the file's name was the size of the capture, not an identifier)
SEED_PAGE = RECORDS / "wcda-3283.txt"
SEED = "1950-04-10-ciphered-telegram-soviet-representative-aleksei-ignatieff-in"
BASE = "http://lod.test/"
BACKENDS = ["embedded", "remote"]


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "embedded_only(reason): run only on the embedded store backend; the "
                                       "[remote] variant is skipped with the reason")


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        marker = item.get_closest_marker("embedded_only")
        callspec = getattr(item, "callspec", None)
        if marker and callspec and callspec.params.get("backend") == "remote":
            reason = marker.args[0] if marker.args else "embedded store only"
            item.add_marker(pytest.mark.skip(reason=f"embedded backend only: {reason}"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_lod(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 300,
            input: str | None = None):
    """Run the real `lod` command line in a subprocess (``input``: its standard input)."""
    return subprocess.run([sys.executable, "-m", "lod.cli", *args], cwd=cwd or ROOT, env=env, input=input,
                          capture_output=True, text=True, timeout=timeout)


# --- oxigraph serve: the remote store ------------------------------------------------------------------

def oxigraph_binary() -> str | None:
    """The ``oxigraph`` command of the PyPI package ``oxigraph`` (beside this Python, else on PATH)."""
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.is_file() else shutil.which("oxigraph")


class Oxigraph:
    """``oxigraph serve --location DIR --union-default-graph`` on a loopback port; it can be stopped (or killed)
    and started again on the same port and location. Query at ``{url}/query``, update at ``{url}/update``,
    Graph Store Protocol at ``{url}/store``."""

    def __init__(self, location: Path, port: int | None = None) -> None:
        exe = oxigraph_binary()
        if exe is None:
            pytest.skip("the `oxigraph` command is not installed (pip install oxigraph, a test extra)")
        self.exe = exe
        self.location = Path(location)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log: list[str] = []

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    def start(self, timeout: float = 30) -> "Oxigraph":
        self.proc = subprocess.Popen([self.exe, "serve", "--location", str(self.location),
                                      "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        proc, log = self.proc, self.log
        threading.Thread(target=lambda: log.extend(iter(proc.stderr.readline, "")), daemon=True).start()
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {proc.returncode}:\n" + "".join(log[-20:]))
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url}/query within {timeout:g} s")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the process (SIGKILL to simulate a crash); the data stays at ``location``."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def config(self, store_dir: Path, **kwargs):
        """The ``Config`` of a lod store on this server; ``store_dir`` holds the dumps (``store_dir/dumps``)."""
        from lod.config import Config
        return Config(store=str(store_dir), endpoint=f"{self.url}/query", update_endpoint=f"{self.url}/update",
                      graph_store=f"{self.url}/store", base=BASE, **kwargs)


# --- a backend with the corpus ingested ----------------------------------------------------------------

@dataclass
class Backend:
    """A store with the corpus ingested, and how ``lod`` commands reach it."""

    name: str  # "embedded" | "remote"
    store: object  # lod.store.Store
    report: object  # lod.ingest.IngestReport
    config: object  # lod.config.Config; config.dumps is where the dumps were written
    oxigraph: Oxigraph | None = None

    def store_args(self) -> list[str]:
        """The ``lod`` options naming this store."""
        c = self.config
        if self.name == "embedded":
            return ["--store", str(c.store)]
        return ["--endpoint", c.endpoint, "--update-endpoint", c.update_endpoint, "--graph-store", c.graph_store]

    def env(self, **extra: object) -> dict[str, str]:
        """The environment for a ``lod`` process on this store (``LOD_STORE`` locates the dumps of a remote
        store; embedded: the store itself)."""
        return dict(os.environ, LOD_STORE=str(self.config.store), **{k: str(v) for k, v in extra.items()})

    def wsgi_env(self, **extra: object) -> dict[str, str]:
        """The environment alone configuring the store (for ``lod.web.wsgi`` under gunicorn)."""
        c = self.config
        remote = {} if self.name == "embedded" else {
            "LOD_ENDPOINT": c.endpoint, "LOD_UPDATE_ENDPOINT": c.update_endpoint, "LOD_GRAPH_STORE": c.graph_store}
        return self.env(LOD_BASE=BASE, **remote, **extra)


def ingest_corpus(store, paths=(RECORDS,), **kwargs):
    """``lod.ingest.ingest`` of ``paths`` (the bundled records) into ``store``, as the tests' base URI."""
    from lod.ingest import ingest
    from lod.vocab import Local
    return ingest(list(paths), store, Local(BASE), authority=AUTHORITY, progress=False, **kwargs)


def embedded_backend(directory: Path) -> Backend:
    """The corpus ingested into an embedded store at ``directory/store``, with its dumps."""
    from lod.config import Config
    from lod.dumps import write_dumps
    from lod.store import open_store

    from lod.store.summaries import Summaries

    config = Config(store=str(directory / "store"), base=BASE)
    store = open_store(config.store)
    report = ingest_corpus(store, summaries=Summaries(config.summaries))
    write_dumps(store, config.dumps)
    return Backend("embedded", store, report, config)


def remote_backend(oxigraph: Oxigraph, directory: Path, **config_kwargs) -> Backend:
    """The corpus ingested into a running ``oxigraph serve`` through the lod ingest path (one Graph Store
    Protocol PUT per graph), with the dumps written to ``directory/dumps``."""
    from lod.dumps import write_dumps
    from lod.store import open_store

    from lod.store.summaries import Summaries

    config = oxigraph.config(directory, **config_kwargs)
    store = open_store(config)
    report = ingest_corpus(store, summaries=Summaries(config.summaries))
    write_dumps(store, config.dumps)
    return Backend("remote", store, report, config, oxigraph)


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    return sorted(p for p in RECORDS.iterdir() if p.suffix in (".txt", ".csv"))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    """The store backend the session fixtures below are built on."""
    return request.param


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory):
    """One ``oxigraph serve`` for the session (the remote backend's store)."""
    oxi = Oxigraph(tmp_path_factory.mktemp("oxigraph") / "data").start()
    yield oxi
    oxi.stop()


@pytest.fixture(scope="session")
def dataset(backend, request, tmp_path_factory) -> Backend:
    """The bundled records ingested once into the backend's store, dumps written beside it."""
    directory = tmp_path_factory.mktemp(f"store-{backend}")
    if backend == "embedded":
        return embedded_backend(directory)
    return remote_backend(request.getfixturevalue("oxigraph_server"), directory)


@pytest.fixture(scope="session")
def ingested(dataset):
    """The bundled records ingested once into a store: (store, report)."""
    return dataset.store, dataset.report


# --- lod serve -------------------------------------------------------------------------------------------

@dataclass
class LodServer:
    url: str
    proc: subprocess.Popen
    log: list[str] = field(default_factory=list)

    def stop(self) -> None:
        from tests.w3c.servers import stop_process
        stop_process(self.proc)


def start_lod_serve(dataset: Backend, *args: str, timeout: float = 30, base: str | None = BASE,
                    port: int | None = None, **env: object) -> LodServer:
    """`lod serve` as a real process on a loopback port (``port``, else a free one) over ``dataset``'s store,
    with ``--base base`` (None: no ``--base``, the store's own); ``env`` adds environment variables
    (``LOD_QUERY_TIMEOUT=1``, …). Its standard error is collected in ``.log`` (and ``proc.log``)."""
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "lod.cli", "serve", *dataset.store_args(),
                             "--port", str(port), *(("--base", base) if base else ()), *args],
                            cwd=ROOT, env=dataset.env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    url = f"http://127.0.0.1:{port}/"
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True).start()
    threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()
    proc.log = lines  # type: ignore[attr-defined]
    server = LodServer(url, proc, lines)
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "void", timeout=5)
            return server
        except urllib.error.HTTPError:
            return server  # it answers
        except OSError:
            if proc.poll() is not None:
                time.sleep(0.2)
                raise RuntimeError("".join(lines))
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"lod serve did not answer within {timeout:g} s:\n" + "".join(lines))


@pytest.fixture(scope="session")
def server(dataset):
    """`lod serve` as a real process on a free loopback port over the backend's store; yields (base URL, proc)."""
    srv = start_lod_serve(dataset)
    yield srv.url, srv.proc
    srv.stop()
