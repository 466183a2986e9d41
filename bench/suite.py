"""The performance suite: ingest, re-ingest of one changed record, dereferencing, SPARQL, search, person
pages, startup, growth — each against a baseline measured in the same run, on 127.0.0.1 only, every phase
bounded (a fixed number of requests or a few seconds, whichever comes first). The baselines are honest ones:
``oxigraph serve-read-only`` serves our own store directory (the generation ``lod serve`` reads), ours and the
baselines alternate (short rounds, or request by request), cold (servers restarted) and warm are reported
apart, and each load phase gives the server's CPU per request beside its req/s. Each phase records the
machine's load average at its start and end, its wall time, and its error if it failed (then none of its
figures count: the table says "not measured").

    python -m bench [--sizes 1000,10000] [--quick] [--baseline REF]

Modules: procs.py (child processes, /proc), client.py (the load client), construct.py (our document as
one CONSTRUCT), deref.py (dereferencing phases), sparql.py (the SPARQL set), people.py (person pages
in-process against a baseline tree), reingest.py (one changed record), report.py (the table), generate.py
(the inputs).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from bench import people, sparql
from bench.client import CONCURRENCY, sparql_path, timed_pair
from bench.deref import PREFIXES, RECORD_SAMPLE, ROUND_SECONDS, ROUNDS, bench_deref, doc_path
from bench.generate import RARE_WORDS, write_inputs
from bench.procs import Server, free_port, lod_env, log, run_child, run_child_rss
from bench.reingest import reingest_one
from bench.report import print_report, problems, table
from lod.vocab import Local

__all__ = ["OUT", "Server", "doc_path", "free_port", "lod_env", "main"]

VENV_BIN = Path(sys.executable).parent
LOD = str(VENV_BIN / "lod")
BASE = "http://localhost:5000/"
OUT = Path(__file__).parent / "out"
SPARQL_ROUNDS = 30       # rounds of the fixed set, ours and oxigraph alternating (median reported) …
SPARQL_BUDGET_S = 60.0   # … or fewer (at least 3) once this is spent
SEARCH_REPS = 9
PEOPLE_REPS = 3          # cold requests of each person page per child (median), two rounds each tree
PEOPLE_ROUNDS = 2
CHANGED_ID = "500000"    # bench/generate.py's first record (a page text): the one re-ingested, changed


def phase(res: dict, name: str, run: Callable[[], object]) -> bool:
    """Run one phase: its load average at the start and end, wall time and error (if it failed) go to
    ``res["phases"][name]``; what it measured is whatever ``run`` put into ``res`` (nothing, if it failed
    before the end)."""
    ph = res.setdefault("phases", {})[name] = {"load_start": round(os.getloadavg()[0], 2)}
    t0 = time.perf_counter()
    try:
        run()
    except Exception as e:  # recorded, printed under the table, its figures "not measured"; the run goes on
        ph["error"] = repr(e)
        log(f"n={res['records']}: {name}: FAILED: {e!r}")
    ph["wall_s"] = round(time.perf_counter() - t0, 1)
    ph["load_end"] = round(os.getloadavg()[0], 2)
    return "error" not in ph


def bench_size(n: int, work: Path, res: dict, seed: int = 7, baseline: Path | None = None,
               baseline_ref: str = "") -> dict:
    """Fills ``res`` as it goes, so what was measured survives a later failure."""
    d = work / f"n{n}"
    d.mkdir()
    store = d / "store"
    env = lod_env(store, BASE)
    if not phase(res, "generate", lambda: res.update(inputs=write_inputs(d / "in", n, seed))):
        return res
    changed = d / "changed" / f"wcda-{CHANGED_ID}.txt"
    changed.parent.mkdir()
    shutil.copy(d / "in" / "pages" / changed.name, changed)
    if not phase(res, "ingest", lambda: ingest(d, store, env, res)):
        return res
    phase(res, "raw bulk load", lambda: raw_bulk_load(d, store, env, res))
    shutil.rmtree(d / "in", ignore_errors=True)

    started: list[sparql.Server] = []  # lod serve --workers 2, then oxigraph on the generation it serves
    if not phase(res, "startup", lambda: started.extend(sparql.servers(store, 2, BASE, logs=d))):
        return res
    ours, oxi = started
    res["startup_s"], res["oxigraph_startup_s"] = round(ours.ready_s, 3), round(oxi.ready_s, 3)
    try:
        res["oxigraph_location"] = f"our store's current generation: {oxi.location.name}"
        phase(res, "sparql", lambda: res.update(sparql=sparql.measure(ours, oxi, SPARQL_ROUNDS, SPARQL_BUDGET_S)))
        phase(res, "search", lambda: res.update(search=search(ours.port)))
        phase(res, "deref", lambda: bench_deref(n, ours, oxi, seed, res))
        if baseline is not None and "sample" in res:
            phase(res, "people", lambda: res.update(people=person_pages(store, res["sample"], baseline, baseline_ref)))
        iri = str(Local(BASE).record(CHANGED_ID))
        log(f"n={n}: re-ingest one changed record ({doc_path(iri, 'ttl')})")
        phase(res, "reingest", lambda: res.update(reingest=reingest_one(LOD, store, changed, iri, ours.port, env)))
    finally:
        ours.stop()
        oxi.stop()
    return res


def ingest(d: Path, store: Path, env: dict, res: dict) -> None:
    """``lod ingest`` end to end: wall, CPU, peak RSS."""
    log(f"n={res['records']}: lod ingest")
    ing = run_child_rss([LOD, "ingest", "-q", "--no-dumps", "--store", str(store), str(d / "in" / "pages"),
                         str(d / "in" / "records.jsonl")], env=env)
    if ing["rc"] not in (0, 1):
        raise RuntimeError(f"lod ingest failed ({ing['rc']}): {ing['stderr'][-2000:]}")
    res["ingest"] = {"wall_s": round(ing["wall_s"], 3), "cpu_s": round(ing["cpu_s"], 3),
                     "peak_rss_mb": round(ing["peak_rss_mb"]), "records_per_s": round(res["records"] / ing["wall_s"], 1),
                     "summary": ing["stderr"].strip().splitlines()[-1]}


def raw_bulk_load(d: Path, store: Path, env: dict, res: dict) -> None:
    """The raw ``Store.bulk_load`` of our store's quads (exported with ``lod export``), timed, then deleted:
    oxigraph serves our own store below."""
    dump, raw_dir = d / "dump.nq", d / "raw"
    try:
        ex = run_child([LOD, "export", "--format", "nq", "-o", str(dump), "--store", str(store)], env=env)
        if ex["rc"] != 0:
            raise RuntimeError(f"lod export failed: {ex['stderr'][-2000:]}")
        with dump.open("rb") as f:
            res["quads"] = sum(1 for _ in f)
        log(f"n={res['records']}: raw bulk load of {res['quads']} quads")
        code = ("import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                "s.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_QUADS); s.flush()")
        raw = run_child_rss([sys.executable, "-c", code, str(raw_dir), str(dump)])
        if raw["rc"] != 0:
            raise RuntimeError(f"raw bulk load failed: {raw['stderr'][-2000:]}")
        res["raw_bulk_load"] = {"wall_s": round(raw["wall_s"], 3), "cpu_s": round(raw["cpu_s"], 3),
                                "peak_rss_mb": round(raw["peak_rss_mb"]),
                                "records_per_s": round(res["records"] / raw["wall_s"], 1)}
    finally:
        shutil.rmtree(raw_dir, ignore_errors=True)
        dump.unlink(missing_ok=True)


def search(port: int) -> dict:
    """The full-text index (``/search``) against a SPARQL CONTAINS scan of the same word, a common word and a
    rare one, alternating request by request."""
    out: dict = {}
    for word in ("armistice", RARE_WORDS[0].lower()):
        scan_q = (PREFIXES + "SELECT ?r ?t WHERE { ?r a rico:Record ; dct:title ?t ; schema:text ?x "
                  f"FILTER(CONTAINS(LCASE(STR(?x)), \"{word}\")) }} LIMIT 20")
        fts, scan = timed_pair((port, "/search?" + urlencode({"q": word})), (port, sparql_path("/sparql", scan_q)),
                               {"Accept": "text/html"}, SEARCH_REPS)
        if fts["median_ms"] is None:
            raise RuntimeError(f"/search?q={word}: {fts['status']} {fts['error'] or ''}")
        out[word] = {"fts": fts, "sparql_contains": scan}
    return out


def person_pages(store: Path, sample: dict, baseline: Path, ref: str) -> dict:
    """The most-named and a median person's HTML page and JSON twin, in process with the app's caches
    emptied before each request (bench/people.py), by this tree and by the baseline tree ``ref``."""
    who = {"most-named": sample["most_named"], "median": sample["median_named"]}
    before, after = people.compare(baseline, store, list(who.values()), PEOPLE_REPS, PEOPLE_ROUNDS)
    return {"baseline": ref, "pages": [[name, page, round(before[f"{iri} {page}"], 2), round(after[f"{iri} {page}"], 2)]
                                       for name, iri in who.items() for page in ("html", "twin")]}


def main(sizes: list[int], keep: bool = False, baseline: str | None = "main") -> dict:
    """Every size in turn (a size that fails keeps what it measured), then the table and results.json.
    ``baseline``: the git ref whose ``lod`` the person pages are compared with (None: not measured)."""
    t_start = time.perf_counter()
    load0 = os.getloadavg()
    results = []
    work = Path(tempfile.mkdtemp(prefix="lod-bench-"))
    if keep:
        log(f"stores kept in {work}")
    try:
        base_src = None
        if baseline:
            try:
                base_src = people.extract(baseline, work / "baseline")
            except (OSError, subprocess.CalledProcessError) as e:
                log(f"baseline tree {baseline!r} not extracted ({e!r}): person pages against it not measured")
        for n in sizes:
            t0 = time.perf_counter()
            r: dict = {"records": n}
            try:
                bench_size(n, work, r, baseline=base_src, baseline_ref=baseline or "")
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
    rows = table(results)
    elapsed = round(time.perf_counter() - t_start, 1)
    load1 = os.getloadavg()
    peak = max(((ph.get(k, 0.0), f"n={r['records']} {name}") for r in results
                for name, ph in r.get("phases", {}).items() for k in ("load_start", "load_end")), default=(0.0, "-"))
    print_report(rows, head=f"load average {load0[0]:.1f} at the start, {load1[0]:.1f} at the end, highest at a "
                           f"phase's start or end {peak[0]:.1f} ({peak[1]}); {os.cpu_count()} CPUs; "
                           f"{len(sizes)} size(s) in {elapsed} s")
    print(f"\nJSON (each phase's load average at its start and end, wall time, error): {OUT / 'results.json'}")
    for r in results:
        for line in problems(r):
            print(line)
    doc = {"sizes": sizes, "elapsed_s": elapsed, "cpus": os.cpu_count(), "python": sys.version.split()[0],
           "load_average": {"start": load0, "end": load1}, "baseline": baseline,
           "client": {"kind": "python threads, keep-alive", "connections": CONCURRENCY, "warm_rounds": ROUNDS,
                      "round_seconds": ROUND_SECONDS, "record_sample": RECORD_SAMPLE},
           "table": rows, "raw": results}
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(doc, indent=2, default=str))
    return doc
