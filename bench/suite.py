"""The performance suite: ingest, dereferencing, SPARQL, search, startup, growth — each against a baseline
measured in the same run, on 127.0.0.1 only, every load phase bounded (a fixed number of requests or a few
seconds, whichever comes first).

    python -m bench [--sizes 1000,10000] [--quick]
"""
from __future__ import annotations

import http.client
import json
import math
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlparse

from bench.generate import RARE_WORDS, write_inputs

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
LOD = str(VENV_BIN / "lod")
OXIGRAPH = str(VENV_BIN / "oxigraph")
BASE = "http://localhost:5000/"
OUT = Path(__file__).parent / "out"

LOAD_REQUESTS = 600      # per load phase at most …
LOAD_SECONDS = 3.0       # … or this long, whichever comes first
CONCURRENCY = 4          # client threads, one keep-alive connection each
REQUEST_TIMEOUT = 20.0   # a request slower than this counts as an error
SPARQL_REPS = 7          # runs of each fixed query (median reported)
SEARCH_REPS = 9

PREFIXES = ("PREFIX rico: <https://www.ica.org/standards/RiC/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
            "PREFIX schema: <https://schema.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- child processes


def run_child(cmd: list[str], env: dict | None = None, timeout: float = 7200) -> dict:
    """Run ``cmd`` to completion; wall time and output."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = p.communicate(timeout=timeout)
    wall = time.perf_counter() - t0
    return {"rc": p.returncode, "wall_s": wall, "stdout": out.decode(errors="replace"),
            "stderr": err.decode(errors="replace")}


def run_child_rss(cmd: list[str], env: dict | None = None) -> dict:
    """Like run_child, but reaped with os.wait4 so the peak RSS is this child's alone."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.posix_spawn(cmd[0], cmd, env if env is not None else os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        return {"rc": os.waitstatus_to_exitcode(status), "wall_s": wall, "peak_rss_mb": ru.ru_maxrss / 1024,
                "stdout": out.read().decode(errors="replace"), "stderr": err.read().decode(errors="replace")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on 127.0.0.1; started, waited for, stopped by its own pid only."""

    def __init__(self, cmd: list[str], port: int, ready_path: str, env: dict | None = None, log_path: Path | None = None):
        self.port, self.ready_path = port, ready_path
        self.log = open(log_path or os.devnull, "wb")
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True)

    def wait_ready(self, timeout: float = 60) -> float:
        """Seconds from start to the first 200 on ready_path."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.log.name}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", self.ready_path)
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return time.perf_counter() - self.t0
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError(f"server not ready within {timeout}s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, 15)  # its own process group (gunicorn master + workers) only
                self.proc.wait(timeout=15)
            except (subprocess.TimeoutExpired, ProcessLookupError):
                try:
                    os.killpg(self.proc.pid, 9)
                except ProcessLookupError:
                    pass
                self.proc.wait()
        self.log.close()


def lod_env(store: Path) -> dict:
    env = dict(os.environ)
    env.update(LOD_STORE=str(store), LOD_BASE=BASE, LOD_ACCESS_LOG="0")
    for k in ("LOD_ENDPOINT", "LOD_UPDATE_ENDPOINT", "LOD_GRAPH_STORE", "LOD_WORKERS"):
        env.pop(k, None)
    return env


# ---------------------------------------------------------------- load generator


def load(port: int, paths: list[str], headers: dict | None = None, requests: int = LOAD_REQUESTS,
         seconds: float = LOAD_SECONDS, concurrency: int = CONCURRENCY) -> dict:
    """GET the paths (round robin from a shuffled list) with ``concurrency`` threads on keep-alive
    connections until ``requests`` are done or ``seconds`` have passed. Latencies in ms."""
    lock = threading.Lock()
    counter = [0]
    lat: list[float] = []
    errors = [0]
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rnd = random.Random(seed)
        tmo = REQUEST_TIMEOUT  # an in-flight request outlives the phase by at most this
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=tmo)
        mine: list[float] = []
        while True:
            with lock:
                if counter[0] >= requests or time.perf_counter() > deadline:
                    break
                counter[0] += 1
            path = rnd.choice(paths)
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
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=tmo)
            except (OSError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=tmo)
        conn.close()
        with lock:
            lat.extend(mine)

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat.sort()

    def pct(p: float) -> float | None:
        return round(lat[min(len(lat) - 1, int(p * len(lat)))], 2) if lat else None

    return {"requests": len(lat), "errors": errors[0], "statuses": statuses, "wall_s": round(wall, 3),
            "rps": round(len(lat) / wall, 1) if wall else None, "p50_ms": pct(0.5), "p99_ms": pct(0.99)}


def get(port: int, path: str, headers: dict | None = None, timeout: float = 15) -> tuple[int, bytes, float]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    t = time.perf_counter()
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    ms = (time.perf_counter() - t) * 1000
    c.close()
    return r.status, body, ms


def timed(port: int, path: str, headers: dict, reps: int, budget: float = 4.0, timeout: float = 12.0) -> dict:
    """Median of up to ``reps`` sequential requests after one warm-up, stopping once ``budget`` seconds are
    spent (at least one timed run). A request past ``timeout`` counts as a timeout (median None)."""
    t_end = time.perf_counter() + budget
    try:
        status, body, first = get(port, path, headers, timeout=timeout)
    except (OSError, http.client.HTTPException) as e:
        return {"status": None, "error": repr(e), "median_ms": None}
    times = []
    for _ in range(reps):
        if times and time.perf_counter() > t_end:
            break
        try:
            times.append(get(port, path, headers, timeout=timeout)[2])
        except (OSError, http.client.HTTPException) as e:
            return {"status": status, "error": repr(e), "median_ms": None, "warmup_ms": round(first, 2)}
    ok = status == 200
    return {"status": status, "bytes": len(body), "runs": len(times),
            "median_ms": round(statistics.median(times), 2) if ok else None, "min_ms": round(min(times), 2)}


def sparql_path(endpoint: str, q: str) -> str:
    return f"{endpoint}?{urlencode({'query': q})}"


def select(port: int, endpoint: str, q: str) -> list[dict]:
    status, body, _ = get(port, sparql_path(endpoint, PREFIXES + q), {"Accept": "application/sparql-results+json"})
    if status != 200:
        raise RuntimeError(f"{endpoint} answered {status}: {body[:300]!r}")
    return json.loads(body)["results"]["bindings"]


def doc_path(iri: str, ext: str) -> str:
    """{base}id/{type}/{key} -> /doc/{type}/{key}.{ext}"""
    path = urlparse(iri).path
    assert path.startswith("/id/"), iri
    return "/doc/" + path[len("/id/"):] + "." + ext


# ---------------------------------------------------------------- one size


def bench_size(n: int, work: Path, res: dict, seed: int = 7) -> dict:
    """Fills ``res`` as it goes, so what was measured survives a later failure."""
    d = work / f"n{n}"
    d.mkdir()
    log(f"n={n}: generating inputs")
    res["inputs"] = write_inputs(d / "in", n, seed)

    # 2. ingest, end to end, against the raw bulk load of the same quads
    store = d / "store"
    log(f"n={n}: lod ingest")
    ing = run_child_rss([LOD, "ingest", "-q", "--no-dumps", "--store", str(store), str(d / "in" / "pages"),
                         str(d / "in" / "records.jsonl")], env=lod_env(store))
    if ing["rc"] not in (0, 1):
        raise RuntimeError(f"lod ingest failed ({ing['rc']}): {ing['stderr'][-2000:]}")
    res["ingest"] = {"wall_s": round(ing["wall_s"], 3), "peak_rss_mb": round(ing["peak_rss_mb"]),
                     "records_per_s": round(n / ing["wall_s"], 1), "summary": ing["stderr"].strip().splitlines()[-1]}
    dump = d / "dump.nq"
    ex = run_child([LOD, "export", "--format", "nq", "-o", str(dump), "--store", str(store)], env=lod_env(store))
    if ex["rc"] != 0:
        raise RuntimeError(f"lod export failed: {ex['stderr'][-2000:]}")
    with dump.open("rb") as f:
        quads = sum(1 for _ in f)
    res["quads"] = quads
    raw_dir = d / "raw"
    log(f"n={n}: raw bulk load of {quads} quads")
    code = ("import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
            "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS); s.flush()")
    raw = run_child_rss([sys.executable, "-c", code, str(raw_dir), str(dump)])
    if raw["rc"] != 0:
        raise RuntimeError(f"raw bulk load failed: {raw['stderr'][-2000:]}")
    res["raw_bulk_load"] = {"wall_s": round(raw["wall_s"], 3), "peak_rss_mb": round(raw["peak_rss_mb"]),
                            "records_per_s": round(n / raw["wall_s"], 1)}

    # 7. startup: lod serve --workers 2 on the existing store -> first 200 from /health
    port = free_port()
    log(f"n={n}: lod serve --workers 2 on :{port}")
    ours = Server([LOD, "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port), "--store", str(store)],
                  port, "/health", env=lod_env(store), log_path=d / "serve.log")
    oxi = None
    try:
        res["startup_s"] = round(ours.wait_ready(), 3)
        # oxigraph baseline on the very same quads (the raw bulk-loaded directory: same engine version)
        oport = free_port()
        oxi = Server([OXIGRAPH, "serve-read-only", "--location", str(raw_dir), "--bind", f"127.0.0.1:{oport}",
                      "--union-default-graph"], oport, "/query?query=" + quote("ASK {}"), log_path=d / "oxigraph.log")
        t_oxi = oxi.wait_ready()
        res["oxigraph_startup_s"] = round(t_oxi, 3)
        bench_http(n, port, oport, seed, res)
    finally:
        ours.stop()
        if oxi:
            oxi.stop()
    shutil.rmtree(d / "in", ignore_errors=True)
    dump.unlink(missing_ok=True)
    return res


def bench_http(n: int, port: int, oport: int, seed: int, out: dict) -> dict:
    rnd = random.Random(seed)
    # pick IRIs with a SPARQL query first
    recs = [b["r"]["value"] for b in select(port, "/sparql", "SELECT DISTINCT ?r WHERE { ?r a rico:Record } LIMIT 10000")]
    people = [b["p"]["value"] for b in select(port, "/sparql",
                                              "SELECT DISTINCT ?p WHERE { ?p a rico:Person } LIMIT 10000")]
    top = select(port, "/sparql", "SELECT ?p (COUNT(?r) AS ?c) WHERE { ?r schema:mentions ?p . ?p a rico:Person } "
                                   "GROUP BY ?p ORDER BY DESC(?c) LIMIT 1")
    recs = rnd.sample(recs, min(200, len(recs)))
    people = rnd.sample(people, min(200, len(people)))
    top_person, top_count = top[0]["p"]["value"], int(top[0]["c"]["value"])
    out["sample"] = {"records": len(recs), "people": len(people), "top_person": top_person,
                     "top_person_records": top_count}

    # 4. SPARQL: a fixed query set, ours (/sparql) against oxigraph serve-read-only (/query)
    log(f"n={n}: SPARQL query set")
    rec, year_probe = recs[0], 1962
    queries = {
        "describe one record": f"DESCRIBE <{rec}>",
        "records mentioning a person by date": "SELECT ?r ?date WHERE { ?r schema:mentions <%s> ; "
                                               "schema:dateCreated ?date } ORDER BY ?date LIMIT 100" % top_person,
        "records per year": "SELECT ?y (COUNT(?r) AS ?n) WHERE { ?r a rico:Record ; schema:dateCreated ?d "
                            "BIND(YEAR(?d) AS ?y) } GROUP BY ?y ORDER BY ?y",
        "keyword CONTAINS": "SELECT ?r ?t WHERE { ?r a rico:Record ; dct:title ?t ; schema:text ?x "
                            "FILTER(CONTAINS(LCASE(STR(?x)), \"armistice\")) } LIMIT 100",
        "co-mentioned people": "SELECT ?q (COUNT(?r) AS ?n) WHERE { ?r schema:mentions <%s>, ?q . ?q a rico:Person "
                               "FILTER(?q != <%s>) } GROUP BY ?q ORDER BY DESC(?n) LIMIT 20" % (top_person, top_person),
    }
    sq: dict = {}
    for name, q in queries.items():
        accept = {"Accept": "text/turtle" if q.startswith("DESCRIBE") else "application/sparql-results+json"}
        row = {}
        for who, p, ep in (("ours", port, "/sparql"), ("oxigraph", oport, "/query")):
            row[who] = timed(p, sparql_path(ep, PREFIXES + q), accept, SPARQL_REPS)
        sq[name] = row
    out["sparql"] = sq
    _ = year_probe

    # 5. search: FTS index against the SPARQL CONTAINS scan of the same word
    log(f"n={n}: search")
    srch: dict = {}
    for word in ("armistice", RARE_WORDS[0].lower()):
        fts = timed(port, "/search?" + urlencode({"q": word}), {"Accept": "text/html"}, SEARCH_REPS)
        scan_q = (PREFIXES + "SELECT ?r ?t WHERE { ?r a rico:Record ; dct:title ?t ; schema:text ?x "
                  f"FILTER(CONTAINS(LCASE(STR(?x)), \"{word}\")) }} LIMIT 20")
        scan = timed(port, sparql_path("/sparql", scan_q), {"Accept": "application/sparql-results+json"}, SEARCH_REPS)
        srch[word] = {"fts": fts, "sparql_contains": scan}
    out["search"] = srch

    # 3. dereferencing last (see above)
    # dereferencing under a bounded concurrent load, and the baselines
    log(f"n={n}: dereferencing load")
    deref: dict = {}
    # cheap baselines first: slow documents still being computed after a client timeout would block them
    deref["baseline /static/site.css"] = load(port, ["/static/site.css"])
    deref["baseline /health"] = load(port, ["/health"])
    for kind, iris in (("record", recs), ("person", people)):
        for ext in ("ttl", "jsonld", "html"):
            deref[f"{kind}.{ext}"] = v = load(port, [doc_path(i, ext) for i in iris])
            log(f"  {kind}.{ext}: {v}")
    for kind, iris in (("record", recs), ("person", people)):
        deref[f"oxigraph DESCRIBE {kind}"] = load(oport, [sparql_path("/query", f"DESCRIBE <{i}>") for i in iris],
                                                 headers={"Accept": "text/turtle"})
    out["deref"] = deref

    return out


# ---------------------------------------------------------------- table


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def figures(r: dict) -> list[dict]:
    """Flatten one size's results into rows: figure, ours, baseline, ratio, unit, target."""
    n = r["records"]
    rows = []

    def add(fig: str, ours, base, unit: str, target: str, time_like: bool = True) -> None:
        rows.append({"figure": fig, "size": n, "ours": ours, "baseline": base,
                     "ratio": _ratio(ours, base), "unit": unit, "target": target, "time_like": time_like})

    if "raw_bulk_load" not in r:
        return rows
    ing, raw = r["ingest"], r["raw_bulk_load"]
    add("ingest time (vs raw bulk_load)", ing["wall_s"], raw["wall_s"], "s", "ratio <= 2")
    add("ingest records/s", ing["records_per_s"], raw["records_per_s"], "rec/s", "-", time_like=False)
    add("ingest peak RSS (vs bulk_load)", ing["peak_rss_mb"], raw["peak_rss_mb"], "MB", "< 1024 MB at 100k",
        time_like=False)
    if "sparql" in r and "search" in r:
        d = r["deref"]
        css, health = d["baseline /static/site.css"], d["baseline /health"]
        for key, v in d.items():
            if key.startswith(("baseline", "oxigraph")):
                continue
            kind = key.split(".")[0]
            ox = d[f"oxigraph DESCRIBE {kind}"]
            add(f"deref {key} p50 (vs oxigraph DESCRIBE)", v["p50_ms"], ox["p50_ms"], "ms", "-")
            add(f"deref {key} p99 (vs oxigraph DESCRIBE)", v["p99_ms"], ox["p99_ms"], "ms", "-")
            add(f"deref {key} req/s (vs static file)", v["rps"], css["rps"], "req/s", "-", time_like=False)
        add("GET /health req/s (vs static file)", health["rps"], css["rps"], "req/s", "-", time_like=False)
        for kind in ("record", "person"):
            ox = d[f"oxigraph DESCRIBE {kind}"]
            add(f"oxigraph DESCRIBE {kind} req/s (ref)", ox["rps"], None, "req/s", "-", time_like=False)
        for name, v in r["sparql"].items():
            add(f"sparql {name} median (vs oxigraph)", v["ours"]["median_ms"], v["oxigraph"]["median_ms"], "ms", "-")
        for word, v in r["search"].items():
            add(f"search '{word}' p50 (vs SPARQL CONTAINS)", v["fts"]["median_ms"], v["sparql_contains"]["median_ms"],
                "ms", "ratio < 1")
    if "startup_s" in r:
        add("startup to first /health 200 (vs oxigraph)", r["startup_s"], r.get("oxigraph_startup_s"), "s", "-")
    return rows


def growth(rows: list[dict]) -> list[dict]:
    """Per figure over the sizes: the slope of log(value) on log(n), for ours and the baseline."""
    by: dict[str, list[dict]] = {}
    for row in rows:
        by.setdefault(row["figure"], []).append(row)

    def slope(pts: list[tuple[float, float]]) -> float | None:
        pts = [(math.log(x), math.log(y)) for x, y in pts if x and y and y > 0]
        if len(pts) < 2:
            return None
        mx = sum(p[0] for p in pts) / len(pts)
        my = sum(p[1] for p in pts) / len(pts)
        den = sum((p[0] - mx) ** 2 for p in pts)
        return round(sum((p[0] - mx) * (p[1] - my) for p in pts) / den, 2) if den else None

    out = []
    for fig, rs in by.items():
        if len({r["size"] for r in rs}) < 2:
            continue
        sizes = sorted(r["size"] for r in rs)
        out.append({"figure": "growth exponent: " + fig, "size": f"{sizes[0]}-{sizes[-1]}",
                    "ours": slope([(r["size"], r["ours"]) for r in rs]),
                    "baseline": slope([(r["size"], r["baseline"]) for r in rs]), "ratio": None, "unit": "",
                    "target": ("<= 1.05" if fig.startswith("ingest time") else
                               "~0" if rs[0].get("time_like") and "ingest" not in fig else "-")})
    return out


def fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def print_table(rows: list[dict]) -> None:
    cols = ("figure", "size", "ours", "baseline", "ratio", "unit", "target")
    cells = [[fmt(r.get(c)) for c in cols] for r in rows]
    w = [max([len(c)] + [len(x[i]) for x in cells]) for i, c in enumerate(cols)]
    line = lambda xs: "  ".join(x.ljust(w[i]) if i in (0, 5, 6) else x.rjust(w[i]) for i, x in enumerate(xs))
    print(line(cols))
    print(line(["-" * x for x in w]))
    for c in cells:
        print(line(c))


def main(sizes: list[int], keep: bool = False) -> dict:
    t_start = time.perf_counter()
    results = []
    work = Path(tempfile.mkdtemp(prefix="lod-bench-"))
    try:
        for n in sizes:
            t0 = time.perf_counter()
            r: dict = {"records": n}
            try:
                bench_size(n, work, r)
            except Exception as e:  # keep what was measured, and go on with the other sizes
                log(f"n={n}: FAILED: {e!r}")
                r["error"] = repr(e)
            r["elapsed_s"] = round(time.perf_counter() - t0, 1)
            results.append(r)
            log(f"n={n}: done in {r['elapsed_s']} s")
            OUT.mkdir(exist_ok=True)
            (OUT / "results.partial.json").write_text(json.dumps(results, indent=2, default=str))
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    rows = [row for r in results for row in figures(r)]
    rows.sort(key=lambda x: (x["figure"], x["size"]))
    g = growth(rows)
    elapsed = round(time.perf_counter() - t_start, 1)
    print_table(rows + g)
    print(f"\n{len(sizes)} size(s) in {elapsed} s; JSON: {OUT / 'results.json'}")
    doc = {"sizes": sizes, "elapsed_s": elapsed, "cpus": os.cpu_count(), "python": sys.version.split()[0],
           "load": {"requests": LOAD_REQUESTS, "seconds": LOAD_SECONDS, "concurrency": CONCURRENCY},
           "table": rows + g, "raw": results}
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(doc, indent=2, default=str))
    return doc
