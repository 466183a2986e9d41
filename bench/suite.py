"""The performance suite: ingest, dereferencing, SPARQL, search, startup, growth — each against a baseline
measured in the same run, on 127.0.0.1 only, every load phase bounded (a fixed number of requests or a few
seconds, whichever comes first). The baselines are honest ones: ``oxigraph serve-read-only`` serves our own
store directory (the generation ``lod serve`` reads), ours and the baselines alternate (short rounds, or
request by request), cold (servers restarted) and warm are reported apart, and each load phase gives the
server's CPU per request beside its req/s.

    python -m bench [--sizes 1000,10000] [--quick]

Modules: procs.py (child processes, /proc), client.py (the load client), construct.py (our document as
one CONSTRUCT), deref.py (dereferencing phases), report.py (the table), generate.py (the inputs).
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from bench.client import CONCURRENCY, select, sparql_path, timed_pair
from bench.deref import PREFIXES, RECORD_SAMPLE, ROUND_SECONDS, ROUNDS, bench_deref, doc_path
from bench.generate import RARE_WORDS, write_inputs
from bench.procs import Server, free_port, lod_env, log, run_child, run_child_rss
from bench.report import figures, growth, print_table, problems

__all__ = ["OUT", "Server", "doc_path", "free_port", "lod_env", "main"]

VENV_BIN = Path(sys.executable).parent
LOD = str(VENV_BIN / "lod")
OXIGRAPH = str(VENV_BIN / "oxigraph")
BASE = "http://localhost:5000/"
OUT = Path(__file__).parent / "out"
SPARQL_REPS = 7          # runs of each fixed query, ours and oxigraph alternating (median reported)
SEARCH_REPS = 9


def bench_size(n: int, work: Path, res: dict, seed: int = 7) -> dict:
    """Fills ``res`` as it goes, so what was measured survives a later failure."""
    d = work / f"n{n}"
    d.mkdir()
    log(f"n={n}: generating inputs")
    res["inputs"] = write_inputs(d / "in", n, seed)

    # ingest, end to end, against the raw bulk load of the same quads
    store = d / "store"
    log(f"n={n}: lod ingest")
    ing = run_child_rss([LOD, "ingest", "-q", "--no-dumps", "--store", str(store), str(d / "in" / "pages"),
                         str(d / "in" / "records.jsonl")], env=lod_env(store, BASE))
    if ing["rc"] not in (0, 1):
        raise RuntimeError(f"lod ingest failed ({ing['rc']}): {ing['stderr'][-2000:]}")
    res["ingest"] = {"wall_s": round(ing["wall_s"], 3), "peak_rss_mb": round(ing["peak_rss_mb"]),
                     "records_per_s": round(n / ing["wall_s"], 1), "summary": ing["stderr"].strip().splitlines()[-1]}
    dump = d / "dump.nq"
    ex = run_child([LOD, "export", "--format", "nq", "-o", str(dump), "--store", str(store)],
                   env=lod_env(store, BASE))
    if ex["rc"] != 0:
        raise RuntimeError(f"lod export failed: {ex['stderr'][-2000:]}")
    with dump.open("rb") as f:
        res["quads"] = sum(1 for _ in f)
    raw_dir = d / "raw"
    log(f"n={n}: raw bulk load of {res['quads']} quads")
    code = ("import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
            "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS); s.flush()")
    raw = run_child_rss([sys.executable, "-c", code, str(raw_dir), str(dump)])
    if raw["rc"] != 0:
        raise RuntimeError(f"raw bulk load failed: {raw['stderr'][-2000:]}")
    res["raw_bulk_load"] = {"wall_s": round(raw["wall_s"], 3), "peak_rss_mb": round(raw["peak_rss_mb"]),
                            "records_per_s": round(n / raw["wall_s"], 1)}
    shutil.rmtree(raw_dir, ignore_errors=True)  # timed only: oxigraph serves our own store below
    dump.unlink(missing_ok=True)
    shutil.rmtree(d / "in", ignore_errors=True)

    # startup: lod serve --workers 2 on the store -> first 200 from /health
    port = free_port()
    log(f"n={n}: lod serve --workers 2 on :{port}")
    ours = Server([LOD, "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port), "--store", str(store)],
                  port, "/health", env=lod_env(store, BASE), log_path=d / "serve.log")
    oxi = None
    try:
        res["startup_s"] = round(ours.wait_ready(), 3)
        # the baseline reads the very generation ours serves (read-only, side by side)
        generation = (store / "current").resolve()
        oport = free_port()
        oxi = Server([OXIGRAPH, "serve-read-only", "--location", str(generation), "--bind", f"127.0.0.1:{oport}",
                      "--union-default-graph"], oport, "/query?query=" + quote("ASK {}"), log_path=d / "oxigraph.log")
        res["oxigraph_startup_s"] = round(oxi.wait_ready(), 3)
        res["oxigraph_location"] = "our store's current generation: " + generation.name
        bench_queries(n, port, oport, res)
        bench_deref(n, ours, oxi, seed, res)
    finally:
        ours.stop()
        if oxi:
            oxi.stop()
    return res


def bench_queries(n: int, port: int, oport: int, out: dict) -> None:
    """The fixed SPARQL set (ours /sparql, oxigraph /query on the same store, alternating request by
    request) and search (the full-text index against a SPARQL CONTAINS scan of the same word)."""
    rec = select(oport, "/query", PREFIXES + "SELECT ?r WHERE { ?r a rico:Record } ORDER BY ?r LIMIT 1")[0]["r"]["value"]
    top = select(oport, "/query", PREFIXES + "SELECT ?p (COUNT(?r) AS ?c) WHERE { ?r schema:mentions ?p . "
                                  "?p a rico:Person } GROUP BY ?p ORDER BY DESC(?c) ?p LIMIT 1")[0]["p"]["value"]
    log(f"n={n}: SPARQL query set")
    queries = {
        "describe one record": f"DESCRIBE <{rec}>",
        "records mentioning a person by date": "SELECT ?r ?date WHERE { ?r schema:mentions <%s> ; "
                                               "schema:dateCreated ?date } ORDER BY ?date LIMIT 100" % top,
        "records per year": "SELECT ?y (COUNT(?r) AS ?n) WHERE { ?r a rico:Record ; schema:dateCreated ?d "
                            "BIND(YEAR(?d) AS ?y) } GROUP BY ?y ORDER BY ?y",
        "keyword CONTAINS": "SELECT ?r ?t WHERE { ?r a rico:Record ; dct:title ?t ; schema:text ?x "
                            "FILTER(CONTAINS(LCASE(STR(?x)), \"armistice\")) } LIMIT 100",
        "co-mentioned people": "SELECT ?q (COUNT(?r) AS ?n) WHERE { ?r schema:mentions <%s>, ?q . ?q a rico:Person "
                               "FILTER(?q != <%s>) } GROUP BY ?q ORDER BY DESC(?n) LIMIT 20" % (top, top),
    }
    sq: dict = {}
    for name, q in queries.items():
        accept = {"Accept": "text/turtle" if q.startswith("DESCRIBE") else "application/sparql-results+json"}
        ours, oxi = timed_pair((port, sparql_path("/sparql", PREFIXES + q)), (oport, sparql_path("/query", PREFIXES + q)),
                               accept, SPARQL_REPS)
        sq[name] = {"ours": ours, "oxigraph": oxi}
    out["sparql"] = sq
    log(f"n={n}: search")
    srch: dict = {}
    for word in ("armistice", RARE_WORDS[0].lower()):
        scan_q = (PREFIXES + "SELECT ?r ?t WHERE { ?r a rico:Record ; dct:title ?t ; schema:text ?x "
                  f"FILTER(CONTAINS(LCASE(STR(?x)), \"{word}\")) }} LIMIT 20")
        fts, scan = timed_pair((port, "/search?" + urlencode({"q": word})), (port, sparql_path("/sparql", scan_q)),
                               {"Accept": "text/html"}, SEARCH_REPS)
        srch[word] = {"fts": fts, "sparql_contains": scan}
    out["search"] = srch


def main(sizes: list[int], keep: bool = False) -> dict:
    t_start = time.perf_counter()
    load0 = os.getloadavg()
    results = []
    work = Path(tempfile.mkdtemp(prefix="lod-bench-"))
    if keep:
        log(f"stores kept in {work}")
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
    load1 = os.getloadavg()
    print_table(rows + g)
    print(f"\n{len(sizes)} size(s) in {elapsed} s on {os.cpu_count()} CPUs; load average {load0[0]:.1f} at the "
          f"start, {load1[0]:.1f} at the end; JSON: {OUT / 'results.json'}")
    for r in results:
        for line in problems(r):
            print(line)
    doc = {"sizes": sizes, "elapsed_s": elapsed, "cpus": os.cpu_count(), "python": sys.version.split()[0],
           "load_average": {"start": load0, "end": load1},
           "client": {"kind": "python threads, keep-alive", "connections": CONCURRENCY, "warm_rounds": ROUNDS,
                      "round_seconds": ROUND_SECONDS, "record_sample": RECORD_SAMPLE},
           "table": rows + g, "raw": results}
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(doc, indent=2, default=str))
    return doc
