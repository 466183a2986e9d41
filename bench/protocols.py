"""``python -m bench.protocols [--store DIR] [--rounds N]``: OAI-PMH and reconciliation (issue #17), each against
a baseline on the same server in the same run.

* **OAI-PMH**: a whole ``ListRecords`` harvest (resumption tokens followed to the end) in each metadata format,
  against dereferencing the same items' documents one by one as Turtle (``/doc/….ttl``), what a harvester pays
  without OAI-PMH; a ``ListIdentifiers`` harvest; the first OAI request of a fresh server (cold), and the
  registry build (``lod/oai/registry.py``) timed in process on a registry file of its own.
* **Reconciliation**: batches of 10 people's names written differently from their labels (lower-cased;
  "Surname, Forename" from "Forename Surname" and back), POSTed as ``queries=`` the way OpenRefine sends them,
  and ``suggest/entity`` prefix queries, against the site's full-text search (``/search.json``) for the same
  text, one request per name.

Wall time and the server's CPU (its process tree, /proc) per item or per name, on one keep-alive connection
(a harvester's, OpenRefine's); ours and the baseline alternate round by round, so the machine's load falls on
both alike, after a first pass (the OAI one, just after a restart, is reported apart: the harvest first, then
the Turtle of its items, which finds their descriptions in the cache the harvest filled). ``lod serve --workers 2`` on a free loopback port; without ``--store`` the
bundled data (data/) is ingested into a temporary store. Prints a table, writes bench/out/protocols.json.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from lxml import etree

from bench.client import REQUEST_TIMEOUT, pct
from bench.deref import TURTLE, doc_path
from bench.procs import Server, cpu_delta, free_port, lod_env, log, run_child, tree_cpu
from bench.suite import BASE, LOD, OUT
from lod.oai.metadata import FORMATS
from lod.oai.verbs import OAI

ROOT = Path(__file__).resolve().parents[1]
BATCH = 10               # names a reconciliation batch (and people sampled)
LIMIT = 3                # candidates a query asks for
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NS = {"o": OAI}


class Client:
    """Sequential requests on one keep-alive connection (reopened when the server closes it)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)

    def send(self, path: str, body: str | None = None, headers: dict | None = None) -> tuple[bytes, float]:
        """The body of a 200 answer to GET (or POST of ``body``) ``path``, and its ms; RuntimeError otherwise."""
        t = time.perf_counter()
        self.conn.request("GET" if body is None else "POST", path, body=body, headers=headers or {})
        r = self.conn.getresponse()
        data = r.read()
        ms = (time.perf_counter() - t) * 1000
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
        if r.status != 200:
            raise RuntimeError(f"{path[:120]} answered {r.status}: {data[:200]!r}")
        return data, ms

    def close(self) -> None:
        self.conn.close()


def timed(srv: Server, items: int, run) -> dict:
    """Run ``run(client)`` (it returns the list of request ms) and give wall and server CPU per item."""
    client = Client(srv.port)
    cpu0, t0 = tree_cpu(srv.pid), time.perf_counter()
    try:
        lat = run(client)
        wall = time.perf_counter() - t0
        cpu = cpu_delta(cpu0, tree_cpu(srv.pid))
    finally:
        client.close()
    return {"items": items, "requests": len(lat), "wall_s": round(wall, 4), "server_cpu_s": round(cpu, 4),
            "_lat": lat}


def per_item(parts: list[dict]) -> dict:
    """Rounds of one contender merged: ms of wall and of server CPU per item, request p50/p90."""
    items = sum(p["items"] for p in parts)
    lat = sorted(x for p in parts for x in p["_lat"])
    return {"rounds": len(parts), "items": items, "requests": len(lat),
            "wall_ms_per_item": round(1000 * sum(p["wall_s"] for p in parts) / items, 3),
            "cpu_ms_per_item": round(1000 * sum(p["server_cpu_s"] for p in parts) / items, 3),
            "p50_ms": pct(lat, 0.5), "p90_ms": pct(lat, 0.9)}


# ---------------------------------------------------------------- OAI-PMH

def harvest(client: Client, verb: str, prefix: str, seen: list[str] | None = None) -> list[float]:
    """A whole list, resumption tokens followed to the end; the identifiers of live items go to ``seen``."""
    lat, args = [], {"verb": verb, "metadataPrefix": prefix}
    while True:
        body, ms = client.send("/oai?" + urlencode(args))
        lat.append(ms)
        root = etree.fromstring(body)
        if (err := root.find("o:error", NS)) is not None:
            raise RuntimeError(f"OAI {verb} {prefix}: {err.get('code')}: {err.text}")
        if seen is not None:
            seen.extend(h.findtext("o:identifier", namespaces=NS) for h in root.iterfind(".//o:header", NS)
                        if h.get("status") != "deleted")
        token = root.findtext(f"o:{verb}/o:resumptionToken", namespaces=NS)
        if not token:
            return lat
        args = {"verb": verb, "resumptionToken": token}


def dereference(client: Client, paths: list[str]) -> list[float]:
    return [client.send(p, headers=TURTLE)[1] for p in paths]


def registry_build(store: Path) -> dict:
    """The registry's first sync of ``store`` in this process, on a registry file of its own (``sync`` reads the
    items again: ``read_items`` is timed apart, as a part of it)."""
    from lod.oai.items import read_items
    from lod.oai.registry import Registry
    from lod.store import open_store
    from lod.vocab import Local

    st, local = open_store(str(store)), Local(BASE)
    with tempfile.TemporaryDirectory() as tmp:
        c0, t0 = time.process_time(), time.perf_counter()
        items, _ = read_items(st, local)
        c1, t1 = time.process_time(), time.perf_counter()
        Registry(Path(tmp) / "oai.sqlite").sync(st, local)
        c2, t2 = time.process_time(), time.perf_counter()
    return {"items": len(items), "read_items_ms": round(1000 * (t1 - t0), 1),
            "read_items_cpu_ms": round(1000 * (c1 - c0), 1), "sync_ms": round(1000 * (t2 - t1), 1),
            "sync_cpu_ms": round(1000 * (c2 - c1), 1)}


def first_request(srv: Server, path: str, body: str | None = None, headers: dict | None = None) -> dict:
    """The first request of a fresh server (restarted): ms and the server's CPU for it."""
    srv.restart()
    client, cpu0 = Client(srv.port), tree_cpu(srv.pid)
    try:
        _, ms = client.send(path, body, headers)
    finally:
        client.close()
    return {"ms": round(ms, 1), "server_cpu_ms": round(1000 * cpu_delta(cpu0, tree_cpu(srv.pid)), 1)}


def bench_oai(srv: Server, rounds: int, registry: Path | None) -> dict:
    """Cold first requests (and, given the ``registry`` file of a store of our own, one with the registry
    removed, so the request builds it), then per format: ListRecords against Turtle of the same items, and
    ListIdentifiers."""
    first_list = "/oai?" + urlencode({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"})
    out: dict = {"cold_first_request": first_request(srv, first_list)}
    if registry is not None:
        srv.stop()
        registry.unlink()
        out["cold_first_request_building_registry"] = first_request(srv, first_list)
    items: dict[str, list[str]] = {}
    first: dict[str, dict] = {}
    for f in FORMATS:  # the first pass finds each format's items; its figures are reported apart
        seen: list[str] = []
        first[f.prefix] = timed(srv, 0, lambda c: harvest(c, "ListRecords", f.prefix, seen))
        items[f.prefix] = seen
        first[f.prefix]["items"] = len(seen)
        paths = [doc_path(i, "ttl") for i in seen]
        first[f.prefix + " Turtle"] = timed(srv, len(paths), lambda c: dereference(c, paths))
    ident: list[dict] = []
    rows: dict[str, tuple[list, list]] = {f.prefix: ([], []) for f in FORMATS}
    for _ in range(rounds):
        for f in FORMATS:
            n, paths = len(items[f.prefix]), [doc_path(i, "ttl") for i in items[f.prefix]]
            rows[f.prefix][0].append(timed(srv, n, lambda c: harvest(c, "ListRecords", f.prefix)))
            rows[f.prefix][1].append(timed(srv, n, lambda c: dereference(c, paths)))
        ident.append(timed(srv, len(items["oai_dc"]), lambda c: harvest(c, "ListIdentifiers", "oai_dc")))
    out["first_pass"] = {k: per_item([v]) for k, v in first.items()}
    out["ListRecords"] = {p: {"ours": per_item(o), "baseline": per_item(b)} for p, (o, b) in rows.items()}
    out["ListIdentifiers oai_dc"] = per_item(ident)
    return out


# ---------------------------------------------------------------- reconciliation

def variants(label: str) -> dict[str, str]:
    """Two other ways to write a name: lower-cased, and turned between "Forename Surname" and "Surname, Forename".

    >>> variants("Andrei Gromyko"), variants("Gromyko, Andrei A.")["inverted"]
    ({'lower-cased': 'andrei gromyko', 'inverted': 'Gromyko, Andrei'}, 'Andrei A. Gromyko')
    """
    if "," in label:
        surname, _, rest = label.partition(",")
        inverted = f"{rest.strip()} {surname.strip()}"
    else:
        *rest, surname = label.split()
        inverted = f"{surname}, {' '.join(rest)}"
    return {"lower-cased": label.lower(), "inverted": inverted}


def people(client: Client, seed: int) -> list[tuple[str, str]]:
    """BATCH people (id, label) of two words or more, sampled from the store through the site's SPARQL."""
    q = ("SELECT ?p ?l WHERE { ?p a <https://www.ica.org/standards/RiC/ontology#Person> ; "
         "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    body, _ = client.send("/sparql?" + urlencode({"query": q}), headers={"Accept": "application/sparql-results+json"})
    found = sorted({(b["p"]["value"], " ".join(b["l"]["value"].split()))
                    for b in json.loads(body)["results"]["bindings"]})
    found = [(p, label) for p, label in found if len(label.replace(",", " ").split()) >= 2]
    if len(found) < BATCH:
        raise RuntimeError(f"only {len(found)} people with a name of two words or more: {BATCH} needed")
    return random.Random(seed).sample(found, BATCH)


def suggest_prefix(label: str) -> str:
    """What someone has typed when suggest is asked: the first half of the name, at least 4 characters.

    >>> suggest_prefix("Andrei Gromyko")
    'Andrei '
    """
    return label[:max(4, len(label) // 2)]


def queries_form(names: list[str]) -> str:
    """A batch as OpenRefine POSTs it: ``queries={"q0": {"query": …, "type": "Person", "limit": 3}, …}``."""
    return urlencode({"queries": json.dumps({f"q{i}": {"query": n, "type": "Person", "limit": LIMIT}
                                             for i, n in enumerate(names)})})


def reconcile(client: Client, path: str, names: list[str], hits: dict | None = None) -> list[float]:
    """One batch; ``hits``: the top candidate's id per query key."""
    body, ms = client.send(path, queries_form(names), FORM)
    if hits is not None:
        hits.update({k: (v["result"][0]["id"] if v["result"] else None) for k, v in json.loads(body).items()})
    return [ms / len(names)] * len(names)  # a batch's time shared out among its names


def each(client: Client, paths: list[str]) -> list[float]:
    return [client.send(p)[1] for p in paths]


def bench_reconcile(srv: Server, rounds: int, seed: int) -> dict:
    """Reconciliation batches and suggest against full-text search of the same text."""
    client = Client(srv.port)
    manifest = json.loads(client.send("/reconcile")[0])
    chosen = people(client, seed)
    client.close()
    service = urlsplit(manifest["suggest"]["entity"]["service_url"]).path
    suggest = service + manifest["suggest"]["entity"]["service_path"]
    local_id = manifest["identifierSpace"]
    labels = [label for _, label in chosen]
    out: dict = {"people": labels, "top_candidate_right": {}}
    out["cold_first_batch"] = first_request(srv, service, queries_form(labels), FORM)
    cases: dict[str, tuple] = {}
    for kind in ("lower-cased", "inverted"):
        names = [variants(label)[kind] for label in labels]
        hits: dict = {}
        timed(srv, BATCH, lambda c: reconcile(c, service, names, hits))  # unmeasured; checks the answers
        out["top_candidate_right"][kind] = sum(
            local_id + (hits.get(f"q{i}") or "") == p for i, (p, _) in enumerate(chosen))
        search = [f"/search.json?{urlencode({'q': n})}" for n in names]
        cases[f"reconcile, {kind}"] = (lambda c, names=names: reconcile(c, service, names), search)
    prefixes = [suggest_prefix(label) for label in labels]
    cases["suggest/entity prefix"] = (
        lambda c: each(c, [f"{suggest}?{urlencode({'prefix': p, 'type': 'Person'})}" for p in prefixes]),
        [f"/search.json?{urlencode({'q': p})}" for p in prefixes])
    rows: dict[str, tuple[list, list]] = {k: ([], []) for k in cases}
    timed(srv, BATCH, lambda c: each(c, [p for _, s in cases.values() for p in s]))  # unmeasured
    for _ in range(rounds):
        for name, (ours, search) in cases.items():
            rows[name][0].append(timed(srv, BATCH, ours))
            rows[name][1].append(timed(srv, BATCH, lambda c, s=search: each(c, s)))
    out["figures"] = {k: {"ours": per_item(o), "baseline": per_item(b)} for k, (o, b) in rows.items()}
    return out


# ---------------------------------------------------------------- the run

def table(res: dict) -> list[tuple[str, float | None, float | None, str]]:
    """(figure, ours, baseline, unit) rows."""
    rows: list[tuple[str, float | None, float | None, str]] = []
    oai, rec = res["oai"], res["reconcile"]
    b = res["registry_build"]
    rows.append((f"OAI registry build in process ({b['items']} items: sync, wall)", b["sync_ms"], None, "ms"))
    rows.append(("… of which reading the items from the store (read_items)", b["read_items_ms"], None, "ms"))
    rows.append(("OAI first request of a fresh server (ListIdentifiers)", oai["cold_first_request"]["ms"], None, "ms"))
    if (c := oai.get("cold_first_request_building_registry")) is not None:
        rows.append(("… the same, the registry removed (built in the request)", c["ms"], None, "ms"))
    for prefix, v in oai["ListRecords"].items():
        o, t = v["ours"], v["baseline"]
        rows.append((f"ListRecords {prefix} ({o['items'] // o['rounds']} items), wall", o["wall_ms_per_item"],
                     t["wall_ms_per_item"], "ms/item"))
        rows.append((f"ListRecords {prefix}, server CPU", o["cpu_ms_per_item"], t["cpu_ms_per_item"], "ms/item"))
    first = FORMATS[0].prefix  # the first harvest after a restart: every description made anew
    o, t = oai["first_pass"][first], oai["first_pass"][first + " Turtle"]
    rows.append((f"ListRecords {first}, first harvest after a restart, server CPU", o["cpu_ms_per_item"],
                 t["cpu_ms_per_item"], "ms/item"))
    li = oai["ListIdentifiers oai_dc"]
    rows.append(("ListIdentifiers oai_dc, wall", li["wall_ms_per_item"], None, "ms/item"))
    rows.append(("ListIdentifiers oai_dc, server CPU", li["cpu_ms_per_item"], None, "ms/item"))
    rows.append(("reconcile, first batch of a fresh server", rec["cold_first_batch"]["ms"] / BATCH, None, "ms/name"))
    for name, v in rec["figures"].items():
        o, s = v["ours"], v["baseline"]
        rows.append((f"{name}: p50", o["p50_ms"], s["p50_ms"], "ms/name"))
        rows.append((f"{name}: p90", o["p90_ms"], s["p90_ms"], "ms/name"))
        rows.append((f"{name}: server CPU", o["cpu_ms_per_item"], s["cpu_ms_per_item"], "ms/name"))
    return rows


def print_table(res: dict) -> None:
    print(f"load average {res['load_start']} at the start, {res['load_end']} at the end; {res['rounds']} rounds")
    print("baseline: ListRecords → the same items' Turtle documents one by one; reconcile → /search.json a name")
    print(f"{'figure':64} {'ours':>9} {'baseline':>9} {'ratio':>7}  unit")
    for name, ours, base, unit in table(res):
        ratio = f"{ours / base:.2f}×" if ours is not None and base else ""
        print(f"{name:64} {_n(ours):>9} {_n(base):>9} {ratio:>7}  {unit}")
    right = res["reconcile"]["top_candidate_right"]
    print("top candidate right, of " + str(BATCH) + ": " + ", ".join(f"{k} {v}" for k, v in right.items()))


def _n(x: float | None) -> str:
    return "" if x is None else f"{x:.2f}"


def _ingested(tmp: str) -> Path:
    store = Path(tmp) / "store"
    r = run_child([LOD, "ingest", str(ROOT / "data"), "--store", str(store)], env=lod_env(store, BASE))
    if r["rc"] != 0:
        raise RuntimeError(f"lod ingest of data/ failed ({r['rc']}): {r['stderr'][-500:]}")
    return store


def run(store: Path, rounds: int, seed: int, owned: bool) -> dict:
    """Every figure on ``store`` (``owned``: ingested by this run, so its OAI registry may be removed)."""
    res: dict = {"store": str(store), "rounds": rounds, "load_start": round(os.getloadavg()[0], 2)}
    res["registry_build"] = registry_build(store)
    port = free_port()
    srv = Server([LOD, "serve", "--workers", "2", "--host", "127.0.0.1", "--port", str(port), "--store",
                  str(store)], port, "/health", env=lod_env(store, BASE))
    try:
        res["ready_s"] = round(srv.wait_ready(), 2)
        log("OAI-PMH")
        res["oai"] = bench_oai(srv, rounds, store / "oai.sqlite" if owned else None)
        log("reconciliation")
        res["reconcile"] = bench_reconcile(srv, rounds, seed)
    finally:
        srv.stop()
    res["load_end"] = round(os.getloadavg()[0], 2)
    return res


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.protocols", description=__doc__.splitlines()[0])
    p.add_argument("--store", help="a store directory (default: the bundled data, ingested anew)")
    p.add_argument("--rounds", type=int, default=3, help="measured rounds of each contender (default 3)")
    p.add_argument("--seed", type=int, default=7, help="which people are sampled (default 7)")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(a.store) if a.store else _ingested(tmp)
        res = run(store, a.rounds, a.seed, owned=not a.store)
    OUT.mkdir(exist_ok=True)
    (OUT / "protocols.json").write_text(json.dumps(res, indent=1, ensure_ascii=False))
    print_table(res)


if __name__ == "__main__":
    main()
