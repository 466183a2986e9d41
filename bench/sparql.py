"""The SPARQL endpoint against oxigraph on the same store: ``lod serve`` and ``oxigraph serve-read-only`` read
the very same store directory (our current generation), and each query of a fixed set is asked of both in
interleaved rounds (the order flips every round), so that load on the machine falls on both alike.

    python -m bench.sparql --store var/store [--rounds 30] [--workers 2] [--phase http|executor|both] [--json out.json]

Per query: median and p90 wall time of each, their ratio and difference (the issue's target: within 1.2x
for queries over 10 ms, within 1 ms for cheaper ones), the server CPU per request (the server's process
tree: web workers and query processes; stable under load), and whether both gave the same answer.
:func:`run` (through HTTP) and :func:`run_executor` (the executor alone against pyoxigraph in process) are what a
suite calls; they return the same figures as a dict.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from bench import procs
from bench.procs import free_port

VENV_BIN = Path(sys.executable).parent
PREFIXES = ("PREFIX rico: <https://www.ica.org/standards/RiC/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
            "PREFIX schema: <https://schema.org/> ")


def queries(record: str, person: str) -> dict[str, tuple[str, str]]:
    """The fixed set (name -> (query, Accept)): the suite's five and the cheap ones the endpoint's own
    overhead shows in."""
    json_, ttl = "application/sparql-results+json", "text/turtle"
    return {
        "ASK": ("ASK { ?s ?p ?o }", json_),
        "10 triples": ("SELECT * WHERE { ?s ?p ?o } LIMIT 10", json_),
        "10 triples, CSV": ("SELECT * WHERE { ?s ?p ?o } LIMIT 10", "text/csv"),
        "1000 triples": ("SELECT * WHERE { ?s ?p ?o } LIMIT 1000", json_),
        "describe one record": (f"DESCRIBE <{record}>", ttl),
        "records mentioning a person by date": (
            f"SELECT ?r ?date WHERE {{ ?r schema:mentions <{person}> ; schema:dateCreated ?date }} "
            "ORDER BY ?date LIMIT 100", json_),
        "records per year": ("SELECT ?y (COUNT(?r) AS ?n) WHERE { ?r a rico:Record ; schema:dateCreated ?d "
                             "BIND(YEAR(?d) AS ?y) } GROUP BY ?y ORDER BY ?y", json_),
        "keyword CONTAINS": ("SELECT ?r ?t WHERE { ?r a rico:Record ; dct:title ?t ; schema:text ?x "
                             "FILTER(CONTAINS(LCASE(STR(?x)), \"armistice\")) } LIMIT 100", json_),
        "co-mentioned people": (
            f"SELECT ?q (COUNT(?r) AS ?n) WHERE {{ ?r schema:mentions <{person}>, ?q . ?q a rico:Person "
            f"FILTER(?q != <{person}>) }} GROUP BY ?q ORDER BY DESC(?n) LIMIT 20", json_),
    }


class Server(procs.Server):
    """A server process (:class:`bench.procs.Server`) asked on one keep-alive connection; its process
    tree's CPU time."""

    def __init__(self, cmd: list[str], port: int, probe: str, env: dict | None = None,
                 log_path: Path | None = None) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.pids: list[int] = []
        self.ready_s: float | None = None
        self.location: Path | None = None  # for oxigraph: the generation it serves (set by servers())
        super().__init__(cmd, port, probe, env=env, log_path=log_path)

    def get(self, path: str, headers: dict) -> tuple[int, bytes, float]:
        """One request on the keep-alive connection (opened again, untimed, when the server had closed it)."""
        for attempt in (1, 2):
            t = time.perf_counter()
            try:
                self.conn.request("GET", path, headers=headers)
                r = self.conn.getresponse()
                body = r.read()
                return r.status, body, (time.perf_counter() - t) * 1000
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def tree(self) -> None:
        """Find the process tree (web and query workers) once it is up."""
        self.pids = procs.tree_pids(self.proc.pid)

    def cpu(self) -> float:
        """CPU seconds (user + system) of the process tree found by :meth:`tree` so far."""
        total = 0.0
        for pid in self.pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / procs.TICK
        return total

    def stop(self) -> None:
        self.conn.close()
        super().stop()


def _answer(body: bytes, accept: str) -> object:
    """What an answer says, whatever its layout: solutions as a sorted list, a boolean, or a triple count."""
    if "json" in accept:
        data = json.loads(body)
        if "boolean" in data:
            return data["boolean"]
        return sorted(json.dumps(b, sort_keys=True) for b in data["results"]["bindings"])
    if accept == "text/csv":
        return sorted(body.decode().splitlines())
    import pyoxigraph as ox
    return len(list(ox.parse(body, format=ox.RdfFormat.TURTLE)))


def _stats(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"median_ms": round(statistics.median(ms), 3), "p90_ms": round(ms[int(0.9 * (len(ms) - 1))], 3)}


def _pick(srv: Server, q: str) -> str:
    status, body, _ = srv.get("/sparql?" + urlencode({"query": PREFIXES + q}),
                              {"Accept": "application/sparql-results+json"})
    if status != 200:
        raise RuntimeError(f"our endpoint answered {status}: {body[:300]!r}")
    row = json.loads(body)["results"]["bindings"][0]
    return next(iter(row.values()))["value"]


def servers(store: Path, workers: int = 2, base: str = "http://localhost:5000/",
            logs: Path | None = None) -> tuple[Server, Server]:
    """``lod serve --workers N`` on ``store`` (a ``lod ingest`` store directory), then ``oxigraph
    serve-read-only`` on the generation it serves, each started and waited for in turn (``ready_s``: its
    seconds from start to the first 200); neither is left running if either fails."""
    from lod.store.oxigraph import EmbeddedStore  # the generation as lod itself finds it

    store = Path(store)
    generation = EmbeddedStore(store).generation()
    if generation is None:
        raise RuntimeError(f"no store generation at {store}: run `lod ingest` first")
    location = store / generation
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOD_") and k != "PYTHONPATH"}
    env.update(LOD_STORE=str(store), LOD_BASE=base, LOD_ACCESS_LOG="0")
    ours = Server([str(VENV_BIN / "lod"), "serve", "--workers", str(workers), "--host", "127.0.0.1",
                   "--port", str(port := free_port()), "--store", str(store)], port, "/health", env=env,
                  log_path=logs / "serve.log" if logs else None)
    oxi = None
    try:
        ours.ready_s = ours.wait_ready()
        oxi = Server([str(VENV_BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind",
                      f"127.0.0.1:{(oport := free_port())}", "--union-default-graph"], oport,
                     "/query?query=" + quote("ASK {}"), log_path=logs / "oxigraph.log" if logs else None)
        oxi.ready_s = oxi.wait_ready()
        oxi.location = location
    except BaseException:
        ours.stop()
        if oxi is not None:
            oxi.stop()
        raise
    return ours, oxi


def run(store: Path, rounds: int = 30, workers: int = 2, base: str = "http://localhost:5000/") -> dict:
    """Both servers on ``store`` (a ``lod ingest`` store directory), the fixed set in ``rounds`` interleaved
    rounds; the figures per query."""
    ours, oxi = servers(store, workers, base)
    try:
        return measure(ours, oxi, rounds)
    finally:
        ours.stop()
        oxi.stop()


def measure(ours: Server, oxi: Server, rounds: int = 30, budget_s: float | None = None,
            min_rounds: int = 3) -> dict:
    """The fixed set asked of both running servers in interleaved rounds: ``rounds`` of them, or fewer
    (never under ``min_rounds``) once ``budget_s`` seconds have gone by; the figures per query."""
    record = _pick(ours, "SELECT ?r WHERE { ?r a rico:Record } ORDER BY ?r LIMIT 1")
    person = _pick(ours, "SELECT ?p (COUNT(?r) AS ?c) WHERE { ?r schema:mentions ?p . ?p a rico:Person } "
                         "GROUP BY ?p ORDER BY DESC(?c) ?p LIMIT 1")
    fixed = queries(record, person)
    paths = {name: {"ours": "/sparql?" + urlencode({"query": PREFIXES + q}),
                    "oxigraph": "/query?" + urlencode({"query": PREFIXES + q})} for name, (q, _) in fixed.items()}
    servers = {"ours": ours, "oxigraph": oxi}
    same: dict[str, bool] = {}
    t_end = time.perf_counter() + budget_s if budget_s is not None else None
    for name, (_, accept) in fixed.items():  # warm-up, and the answers compared
        got = {}
        for who, srv in servers.items():
            for _ in range(3):
                status, body, _ = srv.get(paths[name][who], {"Accept": accept})
            if status != 200:
                raise RuntimeError(f"{who} answered {status} to {name!r}: {body[:300]!r}")
            got[who] = _answer(body, accept)
        same[name] = got["ours"] == got["oxigraph"]
    ours.tree()
    oxi.tree()
    times = {name: {"ours": [], "oxigraph": []} for name in fixed}
    cpu = {name: {"ours": 0.0, "oxigraph": 0.0} for name in fixed}
    done = 0
    for i in range(rounds):
        if t_end is not None and i >= min_rounds and time.perf_counter() > t_end:
            break
        for name, (_, accept) in fixed.items():
            for who in (("ours", "oxigraph") if i % 2 == 0 else ("oxigraph", "ours")):
                srv = servers[who]
                c0 = srv.cpu()
                status, body, ms = srv.get(paths[name][who], {"Accept": accept})
                if status != 200:
                    raise RuntimeError(f"{who} answered {status} to {name!r} in round {i}: {body[:300]!r}")
                times[name][who].append(ms)
                cpu[name][who] += srv.cpu() - c0
        done += 1
    out = {}
    for name in fixed:
        o, x = _stats(times[name]["ours"]), _stats(times[name]["oxigraph"])
        out[name] = {"ours": o, "oxigraph": x, "ratio": round(o["median_ms"] / x["median_ms"], 2),
                     "extra_ms": round(o["median_ms"] - x["median_ms"], 3), "same_answer": same[name],
                     "rounds": done, "cpu_ms": {w: round(cpu[name][w] * 1000 / done, 2) for w in servers}}
    return out


def run_executor(store: Path, rounds: int = 30) -> dict:
    """The executor alone, no HTTP: the endpoint's path (the guard, then a query process, the answer's bytes
    back) against the same query evaluated and serialised by pyoxigraph in this process, on the same store."""
    import dataclasses
    import pyoxigraph as ox
    from lod.sparql.executor import Job, QueryLimits
    from lod.sparql.guard import check
    from lod.store.oxigraph import EmbeddedStore
    embedded = EmbeddedStore(store)
    engine = embedded.snapshot()
    ex = embedded.executor(QueryLimits(timeout=60, row_cap=10_000, workers=1,
                                       isolation=os.environ.get("LOD_QUERY_ISOLATION", "required")))
    fmts = {"application/sparql-results+json": ("json", ox.QueryResultsFormat.JSON),
            "text/csv": ("csv", ox.QueryResultsFormat.CSV), "text/turtle": ("turtle", ox.RdfFormat.TURTLE)}
    first = lambda q: next(iter(next(iter(engine.query(PREFIXES + q, use_default_graph_as_union=True)))))  # noqa: E731
    record = first("SELECT ?r WHERE { ?r a rico:Record } ORDER BY ?r LIMIT 1").value
    person = first("SELECT ?p (COUNT(?r) AS ?c) WHERE { ?r schema:mentions ?p . ?p a rico:Person } "
                   "GROUP BY ?p ORDER BY DESC(?c) ?p LIMIT 1").value
    limit_field = "limit" in {f.name for f in dataclasses.fields(Job)}

    def ours(q: str, fmt: str) -> None:
        info = check(q, base="http://localhost:5000/sparql")
        ex.run(Job(q, fmt, limit=info.limit) if limit_field else Job(q, fmt))

    def oxigraph(q: str, fmt: object) -> None:
        engine.query(q, use_default_graph_as_union=True).serialize(format=fmt)

    try:
        fixed = {name: (PREFIXES + q, fmts[accept]) for name, (q, accept) in queries(record, person).items()}
        times: dict[str, dict[str, list[float]]] = {name: {"ours": [], "oxigraph": []} for name in fixed}
        for i in range(rounds + 2):
            for name, (q, (ours_fmt, ox_fmt)) in fixed.items():
                for who in (("ours", "oxigraph") if i % 2 == 0 else ("oxigraph", "ours")):
                    t = time.perf_counter()
                    ours(q, ours_fmt) if who == "ours" else oxigraph(q, ox_fmt)
                    if i >= 2:  # two warm-up rounds
                        times[name][who].append((time.perf_counter() - t) * 1000)
    finally:
        ex.close()
    out = {}
    for name, t in times.items():
        o, x = _stats(t["ours"]), _stats(t["oxigraph"])
        out[name] = {"ours": o, "oxigraph": x, "ratio": round(o["median_ms"] / x["median_ms"], 2),
                     "extra_ms": round(o["median_ms"] - x["median_ms"], 3)}
    return out


def table(results: dict) -> str:
    lines = [f"{'query':38} {'ours p50/p90 ms':>17} {'oxigraph p50/p90':>17} {'ratio':>6} {'+ms':>7} "
             f"{'cpu ours/oxi ms':>16} same"]
    for name, r in results.items():
        o, x = r["ours"], r["oxigraph"]
        c = r.get("cpu_ms")
        lines.append(f"{name:38} {o['median_ms']:>8.2f}/{o['p90_ms']:<8.2f} {x['median_ms']:>8.2f}/{x['p90_ms']:<8.2f} "
                     f"{r['ratio']:>6.2f} {r['extra_ms']:>7.2f} "
                     + (f"{c['ours']:>7.2f}/{c['oxigraph']:<8.2f} {'yes' if r['same_answer'] else 'NO'}" if c else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.sparql", description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", required=True, type=Path, help="a `lod ingest` store directory")
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--workers", type=int, default=2, help="lod serve --workers")
    ap.add_argument("--base", default="http://localhost:5000/")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--phase", choices=("http", "executor", "both"), default="both",
                    help="through `lod serve`, the executor alone (no HTTP), or both")
    args = ap.parse_args(argv)
    results = {}
    if args.phase in ("executor", "both"):
        results["executor"] = run_executor(args.store, args.rounds)
        print(f"executor alone vs pyoxigraph in process; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores, {args.rounds} rounds")
        print(table(results["executor"]))
    if args.phase in ("http", "both"):
        results["http"] = run(args.store, args.rounds, args.workers, args.base)
        print(f"lod serve --workers {args.workers} vs oxigraph serve-read-only; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, {args.rounds} rounds")
        print(table(results["http"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
