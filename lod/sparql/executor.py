"""Evaluate users' queries in worker processes: a hard timeout (the process is killed, a fresh one takes its
place, the web worker lives on), an open row cap, and other requests answered meanwhile.

The machinery knows no store: a backend's ``Store.executor(limits)`` builds its :class:`Executor` from it
(the embedded store hands :class:`ProcessExecutor` its engine; the remote store checks each query in one
on an empty engine and forwards it).

>>> # ex = EmbeddedStore("var/store").executor(QueryLimits(timeout=10, row_cap=10_000, workers=2))
>>> # ex.run(Job("SELECT * WHERE { ?s ?p ?o }", "json")).truncated
"""
from __future__ import annotations

import abc
import multiprocessing as mp
import pickle
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from lod.sparql.results import shape


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class QueryTooLarge(QueryTimeout):
    """The query's worker process stopped mid-query: past its memory limit (or an engine fault)."""


class EndpointBusy(Exception):
    """Every query worker stayed busy for the whole wait."""


class QueryFailed(ValueError):
    """The engine rejected the query (syntax, unsupported feature); the message is the engine's."""


class EngineUnavailable(Exception):
    """The query processes cannot answer now (their store cannot be read, or they cannot be cut off the
    network); the message says why (a 503, like a StoreError)."""


class IsolationFailed(EngineUnavailable):
    """The query processes could not be cut off the network and ``LOD_QUERY_ISOLATION`` requires it."""


@dataclass(frozen=True)
class QueryLimits:
    """What a user's query may take: seconds, rows, worker processes, memory (MB, 0: no cap), and how the
    processes must be cut off the network (:mod:`lod.sparql.isolation`)."""

    timeout: float = 10.0
    row_cap: int = 10_000
    workers: int = 2
    memory_mb: int = 0
    isolation: str = "required"


@dataclass
class Answer:
    kind: str  # bindings | boolean | graph
    body: bytes
    fmt: str
    truncated: bool


class Executor(abc.ABC):
    """Evaluates users' queries for the endpoint (a backend's ``Store.executor``)."""

    @abc.abstractmethod
    def run(self, job: "Job") -> Answer:
        """Evaluate a job; raises QueryTimeout, EndpointBusy, QueryFailed, EngineUnavailable."""

    def close(self) -> None:
        """Stop whatever the executor started."""


@dataclass
class Job:
    query: str
    fmt: str
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    union: bool = True
    base_iri: str | None = None
    limit: int | None = None  # a bound the query's own final LIMIT puts on its solutions (guard.QueryInfo.limit)


# -- inside a worker process -------------------------------------------------------------------------
def evaluate(store, job: Job, row_cap: int) -> tuple[str, bytes, bool]:
    """Run one job on an open pyoxigraph store; (kind, body, truncated)."""
    import pyoxigraph as ox
    kwargs: dict = {"base_iri": job.base_iri} if job.base_iri else {}
    if job.default_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    elif job.union:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    return shape(store.query(job.query, **kwargs), job.fmt, row_cap, job.limit)


def _worker(conn: Connection, engine: bytes, row_cap: int, memory_mb: int = 0,
            isolation: str = "required") -> None:
    """A query worker's loop: cut itself off the network (lod.sparql.isolation), say it is ready, unpickle
    its engine (which imports the backend), answer jobs until the pipe closes. With ``memory_mb`` its data
    segment is capped: a query that needs more makes the engine abort the process (which the web process
    reports and replaces) instead of growing until the machine runs out."""
    from lod.sparql.isolation import IsolationUnavailable, isolate
    try:
        conn.send(("ready", isolate(isolation)))
    except IsolationUnavailable as e:
        conn.send(("unavailable", e.strerror))
        return
    if memory_mb:
        import resource
        limit = memory_mb << 20
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        resource.setrlimit(resource.RLIMIT_DATA, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    import pyoxigraph as ox

    current: Callable[[], ox.Store] | None = pickle.loads(engine)
    if current is None:  # an empty store, to check queries on
        empty = ox.Store()
        current = lambda: empty  # noqa: E731
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            kind, body, truncated = evaluate(current(), job, row_cap)
            conn.send(("ok", kind, body, truncated))
        except SyntaxError as e:
            conn.send(("error", "syntax", f"SPARQL syntax error: {e}"))
        except (ValueError, TypeError, RuntimeError) as e:  # e.g. "custom function <f> is not supported"
            conn.send(("error", "query", str(e)))
        except OSError as e:
            conn.send(("error", "store", str(e)))
        except Exception as e:  # noqa: BLE001 — reported to the caller as a store fault, never swallowed
            conn.send(("error", "store", f"{type(e).__name__}: {e}"))


# -- in the web process ------------------------------------------------------------------------------
class _Slot:
    def __init__(self, ctx, args: tuple) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, *args), daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class ProcessExecutor(Executor):
    """A pool of query processes on one pyoxigraph engine, each cut off the network before it takes a query.

    A process that is killed (time limit) or dies (memory limit) is replaced in the background: the request
    that lost it is answered at once, and the next one takes a process that has said it is ready, so no
    query's time limit is spent starting an interpreter.

    ``engine`` is a picklable callable that, in a worker, gives the pyoxigraph store to evaluate on (called
    for every job, so that it can follow ingests); None evaluates on an empty store."""

    START_WAIT = 60.0  # seconds the first queries wait for the first process to start

    def __init__(self, engine: Callable[[], object] | None, workers: int = 2, timeout: float = 10.0,
                 row_cap: int = 10_000, wait: float = 5.0, memory_mb: int = 0, isolation: str = "required") -> None:
        self.engine = pickle.dumps(engine)  # unpickled in the worker once it is cut off the network
        self.timeout, self.row_cap, self.wait = timeout, row_cap, wait
        self.memory_mb, self.isolation = memory_mb, isolation
        self.size = max(1, workers)
        self.isolated_by: str | None = None  # what the processes said cut them off the network
        self.unavailable: str | None = None  # why they could not be, when isolation is required
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Slot] = queue.Queue()
        self._ready = threading.Event()
        self._starting = 0  # processes started and not yet ready
        self._started = False
        self._closed = False
        self._lock = threading.Lock()
        self._count = threading.Lock()

    def _start(self) -> None:
        with self._lock:
            if not self._started:
                for _ in range(self.size):
                    self._replace()
                self._started = True

    def _replace(self) -> None:
        """Start a process in the background; it joins the idle ones once it has said it is ready."""
        with self._count:
            self._starting += 1
        threading.Thread(target=self._bring_up, daemon=True, name="lod-query-worker-start").start()

    def _bring_up(self) -> None:
        try:
            slot = _Slot(self._ctx, (self.engine, self.row_cap, self.memory_mb, self.isolation))
            try:
                hello = slot.conn.recv() if slot.conn.poll(self.START_WAIT) else ("unavailable", "did not start")
            except (EOFError, OSError):
                hello = ("unavailable", "exited while starting")
        finally:
            with self._count:
                self._starting -= 1
        if hello[0] != "ready" or self._closed:
            slot.kill()
            self.unavailable = self.unavailable or f"a query process {hello[1]}"
            self._ready.set()
            return
        self.isolated_by = hello[1]
        self._idle.put(slot)
        self._ready.set()

    def run(self, job: Job) -> Answer:
        self._start()
        if not self._ready.is_set():
            self._ready.wait(self.START_WAIT)
        if self.unavailable and self._idle.empty():
            raise IsolationFailed(f"SPARQL is off: {self.unavailable} (LOD_QUERY_ISOLATION={self.isolation}; "
                                  "see the README, Reliability)")
        try:  # a process on its way counts as one that will be free: wait for it as long as it may take
            slot = self._idle.get(timeout=self.wait + (self.START_WAIT if self._starting else 0))
        except queue.Empty:
            raise EndpointBusy(f"all {self.size} query workers are busy") from None
        if not slot.proc.is_alive():  # died while idle (killed from outside): this query takes the next one
            self._retire(slot)
            return self.run(job)
        try:
            slot.conn.send(job)
            if not slot.conn.poll(self.timeout):
                self._retire(slot)
                raise QueryTimeout(f"query stopped after the {self.timeout:g} s time limit")
            reply = slot.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._retire(slot)
            limit = f"its {self.memory_mb} MB memory limit" if self.memory_mb else "its memory"
            raise QueryTooLarge(f"query stopped: it needed more than {limit} (or the engine failed)") from None
        self._idle.put(slot)
        if reply[0] == "ok":
            return Answer(reply[1], reply[2], job.fmt, reply[3])
        _, category, message = reply
        if category == "store":
            raise EngineUnavailable(message)
        raise QueryFailed(message)

    def _retire(self, slot: _Slot) -> None:
        self._replace()
        slot.kill()

    def close(self) -> None:
        self._closed = True
        while not self._idle.empty():
            self._idle.get_nowait().kill()
