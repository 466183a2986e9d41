"""The benchmark's HTTP client: single requests, and load phases of many keep-alive connections (one
thread each), with the server's CPU per request read from /proc around the phase.

A phase either sends each path once (``once=True``: the cold phase, every IRI's first request since the
server started) or random paths until a request count or a time is reached (a warm round). Rounds of the
same contender are merged with :func:`merge`, so ours and a baseline can alternate in short rounds.

>>> summary([float(x) for x in range(1, 11)], 10, 1.0, 0, {}, None, 0.0)["p99_ms"] is None  # < 30 samples
True
"""
from __future__ import annotations

import http.client
import json
import queue
import random
import resource
import statistics
import threading
import time
from urllib.parse import urlencode

from bench.procs import cpu_delta, tree_cpu

CONCURRENCY = 16         # client threads, one keep-alive connection each (4 landed on one of 2 workers)
REQUEST_TIMEOUT = 20.0   # a request slower than this counts as an error
MIN_P99 = 30             # samples before a p99 is given
MIN_CPU_S = 0.002        # less server CPU than this in a phase is not given per request


def pct(lat: list[float], p: float) -> float | None:
    """The ``p`` quantile of sorted latencies; a p99 needs at least MIN_P99 of them."""
    if not lat or (p >= 0.99 and len(lat) < MIN_P99):
        return None
    return round(lat[min(len(lat) - 1, int(p * len(lat)))], 2)


def summary(lat: list[float], requests: int, wall: float, errors: int, statuses: dict,
            server_cpu: float | None, client_cpu: float) -> dict:
    """Throughput, latency quantiles and CPU per request (ms) of what a phase (or merged rounds) saw."""
    lat = sorted(lat)
    done = len(lat)
    cpu_ok = server_cpu is not None and server_cpu >= MIN_CPU_S and done
    return {"requests": done, "errors": errors, "statuses": statuses, "wall_s": round(wall, 3),
            "rps": round(done / wall, 1) if wall and done else None, "p50_ms": pct(lat, 0.5),
            "p90_ms": pct(lat, 0.9), "p99_ms": pct(lat, 0.99),
            "server_cpu_ms_per_req": round(1000 * server_cpu / done, 3) if cpu_ok else None,
            "server_cpu_s": round(server_cpu, 3) if server_cpu is not None else None,
            "client_cpu_ms_per_req": round(1000 * client_cpu / done, 3) if done else None,
            "_lat": lat, "_server_cpu": server_cpu, "_client_cpu": client_cpu}


def merge(parts: list[dict]) -> dict:
    """Rounds of one contender as one phase: requests, wall time and CPU added up, latencies pooled."""
    statuses: dict = {}
    for p in parts:
        for k, v in p["statuses"].items():
            statuses[k] = statuses.get(k, 0) + v
    cpu = [p["_server_cpu"] for p in parts]
    return summary([x for p in parts for x in p["_lat"]], sum(p["requests"] for p in parts),
                   sum(p["wall_s"] for p in parts), sum(p["errors"] for p in parts), statuses,
                   None if None in cpu else sum(cpu), sum(p["_client_cpu"] for p in parts)) | {"rounds": len(parts)}


def public(stats: dict) -> dict:
    """The figures without the raw latencies (for results.json)."""
    return {k: v for k, v in stats.items() if not k.startswith("_")}


def phase(port: int, paths: list[str], headers: dict | None = None, *, once: bool = False, requests: int = 3000,
          seconds: float = 1.0, concurrency: int = CONCURRENCY, pid: int | None = None, seed: int = 0) -> dict:
    """GET ``paths`` on ``concurrency`` keep-alive connections: each once (``once``), else at random until
    ``requests`` are done or ``seconds`` have passed. ``pid``: the server's root process, for its CPU."""
    todo: queue.Queue[str] = queue.Queue()
    if once:
        for p in paths:
            todo.put(p)
    lock = threading.Lock()
    counter, errors, lat, statuses = [0], [0], [], {}
    deadline = time.perf_counter() + seconds

    def next_path(rnd: random.Random) -> str | None:
        if once:
            try:
                return todo.get_nowait()
            except queue.Empty:
                return None
        with lock:
            if counter[0] >= requests or time.perf_counter() > deadline:
                return None
            counter[0] += 1
        return rnd.choice(paths)

    parties = min(concurrency, len(paths)) if once else concurrency
    finished, all_done = [0], threading.Event()
    if not parties:
        all_done.set()
    read = threading.Event()  # connections stay open until the server's CPU is read (its threads alive)

    def worker(i: int) -> None:
        try:
            requests_of(i)
        finally:
            with lock:
                finished[0] += 1
                if finished[0] == parties:
                    all_done.set()
        read.wait()
        if (conn := conn_of.pop(i, None)) is not None:
            conn.close()

    conn_of: dict[int, http.client.HTTPConnection] = {}

    def requests_of(i: int) -> None:
        rnd = random.Random(seed * 1000 + i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        mine: list[float] = []
        while (path := next_path(rnd)) is not None:
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                r = conn.getresponse()
                r.read()
                mine.append((time.perf_counter() - t) * 1000)
                with lock:
                    statuses[r.status] = statuses.get(r.status, 0) + 1
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        with lock:
            lat.extend(mine)
        conn_of[i] = conn

    cpu0 = tree_cpu(pid) if pid else None
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(parties)]
    for t in threads:
        t.start()
    all_done.wait()
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu = cpu_delta(cpu0, tree_cpu(pid)) if pid and cpu0 is not None else None
    read.set()
    for t in threads:
        t.join()
    client_cpu = (ru1.ru_utime + ru1.ru_stime) - (ru0.ru_utime + ru0.ru_stime)
    return summary(lat, len(lat), wall, errors[0], statuses, server_cpu, client_cpu)


def get(port: int, path: str, headers: dict | None = None, timeout: float = 15) -> tuple[int, bytes, float]:
    """One GET on a new connection: status, body, ms."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    t = time.perf_counter()
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    ms = (time.perf_counter() - t) * 1000
    c.close()
    return r.status, body, ms


def timed_pair(a: tuple[int, str], b: tuple[int, str], headers: dict, reps: int, budget: float = 8.0,
               timeout: float = 12.0) -> tuple[dict, dict]:
    """Medians of up to ``reps`` sequential requests to ``a`` and ``b`` (port, path), alternating, after one
    warm-up each, until ``budget`` seconds are spent (at least one run each). A request past ``timeout``
    ends that side's runs (median None)."""
    sides = [{"port": a[0], "path": a[1], "times": []}, {"port": b[0], "path": b[1], "times": []}]
    for s in sides:
        try:
            s["status"], body, s["first_ms"] = get(s["port"], s["path"], headers, timeout=timeout)
            s["bytes"] = len(body)
        except (OSError, http.client.HTTPException) as e:
            s["error"] = repr(e)
    t_end = time.perf_counter() + budget
    for i in range(reps):
        if i and time.perf_counter() > t_end:
            break
        for s in sides:
            if "error" in s:
                continue
            try:
                s["times"].append(get(s["port"], s["path"], headers, timeout=timeout)[2])
            except (OSError, http.client.HTTPException) as e:
                s["error"] = repr(e)
    out = []
    for s in sides:
        ok = s.get("status") == 200 and s["times"] and "error" not in s
        out.append({"status": s.get("status"), "bytes": s.get("bytes"), "runs": len(s["times"]),
                    "error": s.get("error"), "median_ms": round(statistics.median(s["times"]), 2) if ok else None,
                    "min_ms": round(min(s["times"]), 2) if s["times"] else None})
    return out[0], out[1]


def sparql_path(endpoint: str, q: str) -> str:
    return f"{endpoint}?{urlencode({'query': q})}"


def select(port: int, endpoint: str, q: str, timeout: float = 60) -> list[dict]:
    """The bindings of a SELECT (SPARQL JSON results)."""
    status, body, _ = get(port, sparql_path(endpoint, q), {"Accept": "application/sparql-results+json"},
                          timeout=timeout)
    if status != 200:
        raise RuntimeError(f"{endpoint} answered {status}: {body[:300]!r}")
    return json.loads(body)["results"]["bindings"]
