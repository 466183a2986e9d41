"""A bounded load test on 127.0.0.1: a mix of dereferencing (Turtle, JSON-LD, HTML), pages, search and SPARQL
(cheap, slow ones that hit the time limit, invalid ones, one greedy client), offered at a multiple of the
throughput the same mix reaches in a closed-loop benchmark phase. It reports throughput, status counts,
p50/p99 latency, the server's memory (RSS of its whole process tree) before, during and after, and the
latency once the load has stopped.

    python -m bench.load --store var/store [--base http://localhost:5000/] [--seconds 10] [--factor 2]
    python -m bench.load --url http://127.0.0.1:5000/ --pid 1234       # a server already running

Phases: ``baseline`` (closed loop, ``concurrency`` clients, the mix without slow queries: the benchmark's
throughput and latency), ``load`` (open loop: arrivals of the mix at ``factor`` × that throughput, plus slow
queries at ``slow`` per second, for ``seconds``, sent by a pool of client threads; arrivals the pool cannot
take are counted as ``not_sent``), ``recovery`` (once the
load has drained, the baseline mix again; its latency is reported per half second, and over its second half
as the settled figure).
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

from bench.deref import doc_path
from bench.procs import Server, free_port, lod_env, tree_rss_mb
from bench.suite import OUT

RICO = "PREFIX rico: <https://www.ica.org/standards/RiC/ontology#> "
CHEAP = [RICO + "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a rico:Record }",
         RICO + "SELECT ?r ?t WHERE { ?r a rico:Record ; rico:title ?t } ORDER BY ?t LIMIT 10",
         "ASK { ?s ?p ?o }"]
SLOW = ["SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . FILTER(REGEX(STR(?c), \"(a+)+$\")) } ORDER BY ?c ?f"]
INVALID = ["SELECT * WHERE { ?s ?p }", "SELEKT ?x", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
           "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "ASK {" * 100]
CLIENTS = [f"198.51.100.{i}" for i in range(1, 21)]  # sent as X-Forwarded-For (the server trusts one hop)
GREEDY = "203.0.113.66"  # one client that sends slow queries in parallel: it should meet 429s


@dataclass(frozen=True)
class Req:
    kind: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class Phase:
    """What one phase saw: statuses by kind, latencies (ms, from sending), errors, not sent."""

    name: str
    statuses: Counter = field(default_factory=Counter)  # (kind, status) -> n; status None: connection error
    latencies: list[float] = field(default_factory=list)
    cheap: list[tuple[float, float]] = field(default_factory=list)  # (done at, ms): dereferencing and pages
    not_sent: int = 0
    wall_s: float = 0.0
    offered_rps: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, req: Req, status: int | None, ms: float) -> None:
        with self.lock:
            self.statuses[(req.kind, status)] += 1
            if status is not None:
                self.latencies.append(ms)
                if req.kind in ("turtle", "jsonld", "html", "page"):
                    self.cheap.append((time.perf_counter(), ms))

    def timeline(self, start: float, window: float = 0.5) -> list[float | None]:
        """The cheap requests' p50 in consecutive windows from ``start``: how latency came back."""
        bins: dict[int, list[float]] = {}
        for done, ms in self.cheap:
            bins.setdefault(int((done - start) / window), []).append(ms)
        return [pct(bins.get(i, []), 0.5) for i in range(max(bins, default=-1) + 1)]

    def summary(self, settled_after: float | None = None) -> dict:
        """Counts and latencies; with ``settled_after`` (a perf_counter time) the cheap latencies are those
        answered after it."""
        cheap = [ms for done, ms in self.cheap if settled_after is None or done >= settled_after]
        by_status: Counter = Counter()
        for (_, status), n in self.statuses.items():
            by_status[str(status)] += n
        done = sum(n for (_, s), n in self.statuses.items() if s is not None)
        return {"phase": self.name, "requests": done, "wall_s": round(self.wall_s, 2),
                "rps": round(done / self.wall_s, 1) if self.wall_s else None, "offered_rps": self.offered_rps,
                "not_sent": self.not_sent, "statuses": dict(sorted(by_status.items())),
                "by_kind": {f"{k} {s}": n for (k, s), n in sorted(self.statuses.items(), key=str)},
                "p50_ms": pct(self.latencies, 0.5), "p99_ms": pct(self.latencies, 0.99),
                "cheap_p50_ms": pct(cheap, 0.5), "cheap_p99_ms": pct(cheap, 0.99)}


def pct(values: list[float], p: float) -> float | None:
    v = sorted(values)
    return round(v[min(len(v) - 1, int(p * len(v)))], 1) if v else None


# ---------------------------------------------------------------- the server's memory

class RssSampler:
    """Samples the tree's RSS every ``every`` seconds in a thread; ``peak`` is the largest seen."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.pid, self.every, self.samples = pid, every, []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(tree_rss_mb(self.pid))
            self.stop.wait(self.every)

    def __enter__(self) -> "RssSampler":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(5)

    @property
    def peak(self) -> float:
        return max(self.samples, default=0.0)


# ---------------------------------------------------------------- the mix

class Mix:
    """Requests drawn with fixed weights from what the server publishes (records from its sitemap, people
    from a SPARQL query), from a seeded random generator."""

    def __init__(self, url: str, seed: int = 7) -> None:
        self.url = url.rstrip("/") + "/"
        u = urlparse(self.url)
        self.host, self.port, self.prefix = u.hostname or "127.0.0.1", u.port or 80, u.path
        self.rnd = random.Random(seed)
        status, body, _ = send(self, Req("page", "sitemap.xml"), timeout=60)
        if status != 200:
            raise RuntimeError(f"{self.url}sitemap.xml answered {status}")
        locs = [loc.split("</loc>")[0] for loc in body.decode().split("<loc>")[1:]]
        self.records = [urlparse(x).path.rsplit("/doc/", 1)[-1] for x in locs if "/doc/record/" in x][:200]
        q = RICO + "SELECT DISTINCT ?p WHERE { ?p a rico:Person } LIMIT 50"
        status, body, _ = send(self, Req("sparql", "sparql?" + urlencode({"query": q}),
                                         (("Accept", "application/sparql-results+json"),)), timeout=60)
        people = json.loads(body)["results"]["bindings"] if status == 200 else []
        self.people = [doc_path(b["p"]["value"], "x")[len("/doc/"):-2] for b in people]
        if not self.records:
            raise RuntimeError("the server lists no records in its sitemap")

    def draw(self) -> Req:
        """One request of the mix (slow queries come separately, from :meth:`slow`)."""
        r, rnd = self.rnd.random(), self.rnd
        record = rnd.choice(self.records)
        who = (("X-Forwarded-For", rnd.choice(CLIENTS)),)
        if r < 0.22:
            return Req("turtle", f"doc/{record}.ttl")
        if r < 0.34:
            return Req("jsonld", f"doc/{record}.jsonld")
        if r < 0.50:
            return Req("html", f"doc/{record}", (("Accept", "text/html"),))
        if r < 0.58 and self.people:
            return Req("html", f"doc/{rnd.choice(self.people)}", (("Accept", "text/html"),))
        if r < 0.66:
            return Req("page", rnd.choice(["", "browse/records", "search?q=Pyongyang", "search?q=Stalin",
                                           "browse/people", "void"]), (("Accept", "text/html"),))
        if r < 0.70:
            return Req("missing", rnd.choice(["doc/record/does-not-exist.ttl", "doc/../../etc/passwd",
                                              "id/record/%ff%fe", "nothing/here"]))
        if r < 0.92:
            return Req("sparql", "sparql?" + urlencode({"query": rnd.choice(CHEAP)}), who)
        return Req("sparql-invalid", "sparql?" + urlencode({"query": rnd.choice(INVALID)}), who)

    def slow(self) -> Req:
        """A query that runs into the time limit: half of them from one greedy client."""
        client = GREEDY if self.rnd.random() < 0.5 else self.rnd.choice(CLIENTS)
        return Req("sparql-slow", "sparql?" + urlencode({"query": self.rnd.choice(SLOW)}),
                   (("X-Forwarded-For", client),))


_local = threading.local()


def send(mix: Mix, req: Req, timeout: float = 30.0) -> tuple[int | None, bytes, float]:
    """GET on this thread's keep-alive connection; (status or None on a connection error, body, ms). A reused
    connection the server closed while idle is retried once on a new one, as browsers do for a GET."""
    t = time.perf_counter()
    for attempt in (1, 2):
        conn = getattr(_local, "conn", None)
        reused = conn is not None and getattr(_local, "key", None) == (mix.host, mix.port)
        if not reused:
            conn = _local.conn = http.client.HTTPConnection(mix.host, mix.port, timeout=timeout)
            _local.key = (mix.host, mix.port)
        try:
            conn.request("GET", mix.prefix + req.path, headers=dict(req.headers))
            resp = conn.getresponse()
            body = resp.read()
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                _local.conn = None
            return resp.status, body, (time.perf_counter() - t) * 1000
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            conn.close()
            _local.conn = None
            if not reused or attempt == 2:
                break
        except (OSError, http.client.HTTPException):
            conn.close()
            _local.conn = None
            break
    return None, b"", (time.perf_counter() - t) * 1000


# ---------------------------------------------------------------- phases

def closed_loop(mix: Mix, name: str, seconds: float, concurrency: int) -> Phase:
    """``concurrency`` clients, each sending its next request when the last one is answered."""
    phase = Phase(name)
    deadline = time.perf_counter() + seconds
    draw_lock = threading.Lock()

    def client() -> None:
        while time.perf_counter() < deadline:
            with draw_lock:
                req = mix.draw()
            status, _, ms = send(mix, req)
            phase.add(req, status, ms)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.wall_s = time.perf_counter() - t0
    return phase


def warm_up(mix: Mix, concurrency: int) -> None:
    """Every record and person once in each format, and a few queries, so the baseline measures the steady
    state (descriptions cached, query processes started), as the recovery phase will."""
    todo: queue.Queue[Req] = queue.Queue()
    for record in mix.records:
        for suffix, headers in ((".ttl", ()), (".jsonld", ()), ("", (("Accept", "text/html"),))):
            todo.put(Req("warm", f"doc/{record}{suffix}", headers))
    for person in mix.people:
        todo.put(Req("warm", f"doc/{person}", (("Accept", "text/html"),)))
    for i in range(4 * concurrency):  # query processes start with the first queries each web worker gets
        todo.put(Req("warm", "sparql?" + urlencode({"query": CHEAP[i % len(CHEAP)]}),
                     (("X-Forwarded-For", CLIENTS[i % len(CLIENTS)]),)))

    def client() -> None:
        while True:
            try:
                send(mix, todo.get_nowait())
            except queue.Empty:
                return

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def open_loop(mix: Mix, rate: float, seconds: float, slow_rate: float = 1.0, senders: int = 48,
              timeout: float = 30.0) -> Phase:
    """Arrivals of the mix at ``rate`` per second and of slow queries at ``slow_rate`` (both Poisson) for
    ``seconds``, sent by ``senders`` threads; an arrival of the mix that finds every sender busy and ``senders``
    already waiting is not sent (and counted), a slow query waits for a place (else a busy machine would drop
    the queries the time limit is there for)."""
    phase = Phase("load")
    phase.offered_rps = round(rate + slow_rate, 1)
    total = rate + slow_rate
    pending: queue.Queue[Req | None] = queue.Queue(maxsize=senders)

    def sender() -> None:
        while (req := pending.get()) is not None:
            status, _, ms = send(mix, req, timeout)
            phase.add(req, status, ms)

    threads = [threading.Thread(target=sender, daemon=True) for _ in range(senders)]
    for t in threads:
        t.start()
    t0 = time.perf_counter()
    due = t0
    while due < t0 + seconds:
        due += mix.rnd.expovariate(total)
        time.sleep(max(0.0, due - time.perf_counter()))
        if mix.rnd.random() < slow_rate / total:  # a slow query waits for a sender: every one is sent, so that
            pending.put(mix.slow())  # a machine too busy for the mix still meets the time limit
            continue
        try:
            pending.put_nowait(mix.draw())
        except queue.Full:
            phase.not_sent += 1
    for _ in threads:
        pending.put(None)
    for t in threads:
        t.join(timeout + 5)
    phase.wall_s = time.perf_counter() - t0
    return phase


def run(url: str, pid: int | None, seconds: float = 10.0, factor: float = 2.0, baseline_s: float = 4.0,
        concurrency: int = 4, recovery_s: float = 4.0, slow_rate: float = 1.0, seed: int = 7) -> dict:
    """The three phases against a running server; ``pid`` (the server's root process) for its memory."""
    mix = Mix(url, seed)
    warm_up(mix, concurrency)
    rss_before = tree_rss_mb(pid) if pid else None
    base = closed_loop(mix, "baseline", baseline_s, concurrency)
    rate = factor * len(base.latencies) / base.wall_s
    with RssSampler(pid) if pid else _Null() as sampler:
        load = open_loop(mix, rate, seconds, slow_rate)
    rss_peak = sampler.peak if pid else None
    ended = time.perf_counter()
    recovery = closed_loop(mix, "recovery", recovery_s, concurrency)
    rss_after = tree_rss_mb(pid) if pid else None
    settled = ended + recovery_s / 2  # the second half: replaced query processes have started by then
    return {"url": url, "factor": factor, "slow_rps": slow_rate,
            "phases": [base.summary(), load.summary(), recovery.summary(settled_after=settled)],
            "recovery_timeline_p50_ms": recovery.timeline(ended),
            "rss_mb": {"before": rss_before, "peak": rss_peak, "after": rss_after}}


class _Null:
    peak = None

    def __enter__(self) -> "_Null":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def failures(result: dict) -> list[str]:
    """Answers the load test does not allow: any 5xx but the SPARQL endpoint's 503 (time limit reached, or
    every query worker busy), and connection errors."""
    out = []
    for phase in result["phases"]:
        for key, n in phase["by_kind"].items():
            kind, status = key.rsplit(" ", 1)
            if status == "None":
                out.append(f"{phase['phase']}: {n} × {kind}: connection error or client timeout")
            elif int(status) >= 500 and not (status == "503" and kind.startswith("sparql")):
                out.append(f"{phase['phase']}: {n} × {kind}: {status}")
    return out


def print_report(result: dict) -> None:
    print(f"{'phase':<9} {'offered':>8} {'req/s':>7} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'not sent':>8}  statuses")
    for p in result["phases"]:
        print(f"{p['phase']:<9} {p['offered_rps'] or '':>8} {p['rps']:>7} {p['requests']:>8} {p['p50_ms']:>8} "
              f"{p['p99_ms']:>8} {p['not_sent']:>8}  {p['statuses']}")
    print("cheap requests after the load, p50 per 0.5 s (ms): " + ", ".join(map(str, result["recovery_timeline_p50_ms"])))
    r = result["rss_mb"]
    print(f"server RSS (MB, whole process tree): before {r['before']}, peak during load {r['peak']}, after {r['after']}")
    bad = failures(result)
    print("unexpected answers: " + ("; ".join(bad) if bad else "none"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", type=Path, help="serve this store with `lod serve --workers N` for the test")
    where.add_argument("--url", help="load a server that is already running")
    p.add_argument("--pid", type=int, help="with --url: the server's root process, for its memory")
    p.add_argument("--base", default="http://localhost:5000/", help="with --store: the base URI it was ingested with")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--query-timeout", type=float, default=2.0, help="LOD_QUERY_TIMEOUT of the server started")
    p.add_argument("--seconds", type=float, default=10.0, help="length of the load phase")
    p.add_argument("--factor", type=float, default=2.0, help="offered load as a multiple of the baseline's req/s")
    p.add_argument("--slow", type=float, default=1.0, help="slow queries per second added to the load phase")
    p.add_argument("--json", type=Path, default=OUT / "load.json", help="where to write the results")
    a = p.parse_args(argv)
    server = None
    if a.store:
        port = free_port()
        env = {**lod_env(a.store), "LOD_BASE": a.base, "LOD_QUERY_TIMEOUT": str(a.query_timeout),
               "LOD_PROXY_HOPS": "1", "LOD_CLIENT_QUERIES": "2"}
        server = Server([sys.executable, "-m", "lod.cli", "serve", "--store", str(a.store), "--port", str(port),
                         "--workers", str(a.workers)], port, "/health", env=env)
        server.wait_ready()
        url, pid = f"http://127.0.0.1:{port}/", server.proc.pid
    else:
        url, pid = a.url, a.pid
    try:
        result = run(url, pid, seconds=a.seconds, factor=a.factor, slow_rate=a.slow)
    finally:
        if server:
            server.stop()
    print_report(result)
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps(result, indent=1))
    return 1 if failures(result) else 0


if __name__ == "__main__":
    sys.exit(main())
