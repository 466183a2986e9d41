"""Dereferencing: our documents against oxigraph on the same store, cold and warm, interleaved.

Samples: random records; the most-named person, and the people around the 90th percentile and the median
of how many records name them (each group measured apart; ``sample`` in the results gives each group's
range of records naming them). For each sample and format:

* **cold**: every server restarted (fresh caches), each IRI requested once, on CONCURRENCY connections;
* **warm**: one unmeasured pass, then ROUNDS short rounds that alternate between ours and the baselines,
  so the machine's load falls on all of them alike.

Baselines (Turtle): ``oxigraph serve-read-only`` on our own store answering ``DESCRIBE`` of the IRI, and the
like-for-like one, our document's triples as one CONSTRUCT (bench/construct.py); JSON-LD and HTML are set
against our own Turtle. Every phase also gives the server's CPU per request (its process tree, /proc).
"""
from __future__ import annotations

import http.client
import random
import time
from urllib.parse import urlparse

import pyoxigraph as ox

from bench.client import CONCURRENCY, get, merge, phase, public, select, sparql_path
from bench.construct import describe_construct
from bench.procs import Server, log

PREFIXES = ("PREFIX rico: <https://www.ica.org/standards/RiC/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
            "PREFIX schema: <https://schema.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ")
RECORD_SAMPLE = 64       # records per phase (>= 30, for a p99)
GROUP_SIZE = 48          # people around the p90 and the median, at most …
GROUP_SHARE = 10         # … and at most 1/GROUP_SHARE of all people (at least 8), so a group stays near its rank
ROUNDS = 3               # warm rounds per contender, alternating
ROUND_SECONDS = 1.0      # … each this long (or ROUND_REQUESTS)
ROUND_REQUESTS = 3000
COLD_SECONDS = 30.0      # a cold pass stops here even if some IRIs were not asked
WARM_BUDGET_S = 360.0    # warm phases (no target rides on them) only until this long into dereferencing
WARMUP_SECONDS = 20.0    # the unmeasured pass between cold and warm stops here
CHECK_SAME = 5           # IRIs per group whose CONSTRUCT answer is compared with our Turtle
CHECK_TIMEOUT = 120.0
SLOW_COLD_MS = 1000.0    # a contender whose cold p50 is above this runs its warm rounds on …
SLOW_CONNECTIONS = 2     # … this many connections (one per core), not CONCURRENCY: no client timeouts
TURTLE = {"Accept": "text/turtle"}
FORMATS = ("ttl", "jsonld", "html")


def doc_path(iri: str, ext: str) -> str:
    """{base}id/{type}/{key} -> /doc/{type}/{key}.{ext}

    >>> doc_path("http://localhost:5000/id/person/kim-il-sung", "ttl")
    '/doc/person/kim-il-sung.ttl'
    """
    path = urlparse(iri).path
    assert path.startswith("/id/"), iri
    return "/doc/" + path[len("/id/"):] + "." + ext


def samples(oport: int, seed: int) -> tuple[dict[str, list[str]], dict]:
    """The IRI groups (asked of oxigraph, which has no row cap) and how many records name each person group."""
    rnd = random.Random(seed)
    recs = sorted(b["r"]["value"] for b in select(oport, "/query", PREFIXES + "SELECT ?r WHERE { ?r a rico:Record }"))
    counts = sorted(((int(b["c"]["value"]), b["p"]["value"]) for b in select(
        oport, "/query", PREFIXES + "SELECT ?p (COUNT(DISTINCT ?r) AS ?c) WHERE { ?r schema:mentions ?p . "
                                    "?p a rico:Person } GROUP BY ?p")), key=lambda x: (-x[0], x[1]))
    if not recs or not counts:
        raise RuntimeError("no records or no people to sample")

    size = min(GROUP_SIZE, max(8, len(counts) // GROUP_SHARE))

    def around(i: int) -> list[tuple[int, str]]:
        lo = max(0, min(len(counts) - size, i - size // 2))
        return counts[lo:lo + size]

    people = {"person (most-named)": counts[:1], "person (p90)": around(len(counts) // 10),
              "person (median)": around(len(counts) // 2)}
    groups = {"record": rnd.sample(recs, min(RECORD_SAMPLE, len(recs)))}
    groups.update({k: [p for _, p in v] for k, v in people.items()})
    facts = {"records": len(recs), "people": len(counts),
             **{k: {"n": len(v), "records_naming": [min(c for c, _ in v), max(c for c, _ in v)]}
                for k, v in people.items()}, "most_named": counts[0][1],
             "median_named": people["person (median)"][len(people["person (median)"]) // 2][1]}
    return groups, facts


def _triples(body: bytes) -> set[ox.Triple]:
    return set(ox.parse(body, format=ox.RdfFormat.TURTLE))


def same_triples(port: int, oport: int, iris: list[str]) -> dict:
    """Our Turtle and oxigraph's CONSTRUCT (and DESCRIBE) of the first CHECK_SAME IRIs: triples and bytes."""
    out = {"checked": 0, "same": 0, "errors": [], "ours_triples": 0, "construct_triples": 0, "describe_triples": 0,
           "ours_bytes": 0, "construct_bytes": 0, "describe_bytes": 0}
    for iri in iris[:CHECK_SAME]:
        try:
            s1, ours, _ = get(port, doc_path(iri, "ttl"), timeout=CHECK_TIMEOUT)
            s2, cons, _ = get(oport, sparql_path("/query", describe_construct(iri)), TURTLE, timeout=CHECK_TIMEOUT)
            s3, desc, _ = get(oport, sparql_path("/query", f"DESCRIBE <{iri}>"), TURTLE, timeout=CHECK_TIMEOUT)
        except (OSError, http.client.HTTPException) as e:
            out["errors"].append(f"{iri}: {e!r}")
            continue
        if (s1, s2, s3) != (200, 200, 200):
            out["errors"].append(f"{iri}: ours {s1}, CONSTRUCT {s2}, DESCRIBE {s3}")
            continue
        a, b, c = _triples(ours), _triples(cons), _triples(desc)
        out["checked"] += 1
        out["same"] += a == b
        for k, v in (("ours", a), ("construct", b), ("describe", c)):
            out[f"{k}_triples"] += len(v)
        for k, v in (("ours", ours), ("construct", cons), ("describe", desc)):
            out[f"{k}_bytes"] += len(v)
    k = out["checked"] or 1
    return {key: (round(v / k) if key.endswith(("_triples", "_bytes")) else v) for key, v in out.items()}


def contenders(ours: Server, oxi: Server, iris: list[str], ext: str) -> dict[str, tuple[Server, list[str], dict]]:
    """Who serves this format: ours, and for Turtle the two oxigraph baselines."""
    out = {"ours": (ours, [doc_path(i, ext) for i in iris], {})}
    if ext == "ttl":
        out["oxigraph DESCRIBE"] = (oxi, [sparql_path("/query", f"DESCRIBE <{i}>") for i in iris], TURTLE)
        out["oxigraph CONSTRUCT"] = (oxi, [sparql_path("/query", describe_construct(i)) for i in iris], TURTLE)
    return out


def cold_and_warm(who: dict[str, tuple[Server, list[str], dict]], warm: bool = True) -> dict:
    """Cold (each server restarted, each path once), then (``warm``) warm rounds alternating between the
    contenders."""
    res: dict = {}
    for name, (srv, paths, headers) in who.items():
        srv.restart()
        res[name] = {"cold": public(phase(srv.port, paths, headers, once=True, seconds=COLD_SECONDS,
                                          pid=srv.pid))}
    if not warm:
        return res
    for srv, paths, headers in who.values():  # unmeasured: every path once more
        phase(srv.port, paths, headers, once=True, seconds=WARMUP_SECONDS)
    rounds: dict[str, list[dict]] = {name: [] for name in who}
    conns = {name: SLOW_CONNECTIONS if (res[name]["cold"]["p50_ms"] or 0) > SLOW_COLD_MS else CONCURRENCY
             for name in who}
    for r in range(ROUNDS):
        for name, (srv, paths, headers) in who.items():
            rounds[name].append(phase(srv.port, paths, headers, requests=ROUND_REQUESTS, seconds=ROUND_SECONDS,
                                      pid=srv.pid, seed=r, concurrency=conns[name]))
    for name, parts in rounds.items():
        res[name]["warm"] = public(merge(parts)) | {"connections": conns[name]}
    return res


def bench_deref(n: int, ours: Server, oxi: Server, seed: int, out: dict) -> None:
    """Fills ``out["sample"]`` and ``out["deref"]``: per group, per format, per contender, cold and warm."""
    groups, out["sample"] = samples(oxi.port, seed)
    warm_until = time.perf_counter() + WARM_BUDGET_S
    deref: dict = {"baseline /static/site.css": {}}
    out["deref"] = deref
    css = {"ours": (ours, ["/static/site.css"], {})}
    deref["baseline /static/site.css"] = cold_and_warm(css)["ours"]
    for kind, iris in groups.items():
        deref[kind] = {"same_triples": same_triples(ours.port, oxi.port, iris)}
        for ext in FORMATS:
            try:
                warm = time.perf_counter() < warm_until
                if not warm:
                    deref[kind].setdefault("warm_skipped", []).append(f".{ext}: warm budget spent")
                deref[kind][ext] = v = cold_and_warm(contenders(ours, oxi, iris, ext), warm)
            except (OSError, RuntimeError) as e:  # a server that died or never came back: said, and go on
                log(f"n={n}: {kind} .{ext}: FAILED: {e!r}")
                deref[kind].setdefault("errors", []).append(f".{ext}: {e!r}")
                continue
            log(f"n={n}: {kind} .{ext}: " + "; ".join(
                f"{who} cold {r['cold']['rps']} req/s {r['cold']['server_cpu_ms_per_req']} ms CPU"
                + (f", warm {r['warm']['rps']} req/s {r['warm']['server_cpu_ms_per_req']} ms CPU" if warm else "")
                for who, r in v.items()))
