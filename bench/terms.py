"""``python -m bench.terms [--store DIR] [--n 60]``: which term model the document path should use.

For records and people of a store (the bundled data ingested into a temporary store when none is given), it
times, per document: pyoxigraph's Turtle writer (the baseline), our JSON-LD from pyoxigraph triples, and the
same two documents made through rdflib (an rdflib graph built from the description, then rdflib's Turtle and
its compacted JSON-LD), and through rdflib over oxrdflib where oxrdflib is importable. Prints medians in ms
and ratios to the baseline.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from lod.formats import get
from lod.store import open_store
from lod.store.terms import bind_prefixes, rdflib_triples
from lod.vocab import RICO
from lod.web.serialize import compacted_json_ld, json_ld_context, serialize_triples

ROOT = Path(__file__).resolve().parents[1]


def _rdflib_graph(triples: list, store: str = "default") -> Graph:
    g = Graph(store=store)
    for t in rdflib_triples(triples):
        g.add(t)
    return bind_prefixes(g)


def _methods() -> dict[str, Callable[[list], bytes]]:
    turtle = get("turtle")
    ctx = json_ld_context()["@context"]
    methods: dict[str, Callable[[list], bytes]] = {
        "pyoxigraph Turtle (baseline)": lambda t: serialize_triples(t, turtle),
        "pyoxigraph JSON-LD, ours": compacted_json_ld,
        "rdflib graph only": lambda t: _rdflib_graph(t) and b"",
        "rdflib graph + Turtle": lambda t: _rdflib_graph(t).serialize(format="turtle", encoding="utf-8"),
        "rdflib graph + JSON-LD": lambda t: _rdflib_graph(t).serialize(format="json-ld", context=ctx,
                                                                       auto_compact=True, encoding="utf-8"),
    }
    try:
        import oxrdflib  # noqa: F401  (not a dependency: measured where installed)
    except ImportError:
        print("oxrdflib is not installed: rdflib over oxrdflib not measured", file=sys.stderr)
    else:
        methods["oxrdflib graph + Turtle"] = lambda t: _rdflib_graph(t, "Oxigraph").serialize(
            format="ox-turtle", encoding="utf-8")
        methods["oxrdflib graph + JSON-LD"] = lambda t: _rdflib_graph(t, "Oxigraph").serialize(
            format="json-ld", context=ctx, auto_compact=True, encoding="utf-8")
    return methods


def measure(store_dir: str, kind: str, n: int) -> dict[str, float]:
    """Median ms per document for each method over ``n`` resources of ``kind`` (a RiC-O class name)."""
    store = open_store(store_dir)
    iris = [str(r["s"]) for r in store.select(
        f"SELECT DISTINCT ?s WHERE {{ ?s a <{RICO[kind]}> }} LIMIT {n}")]
    descriptions = [store.describe(i).triples for i in iris]
    out = {}
    for name, method in _methods().items():
        method(descriptions[0])  # imports and first-use costs outside the figures
        times = []
        for triples in descriptions:
            start = time.perf_counter()
            method(triples)
            times.append((time.perf_counter() - start) * 1000)
        out[name] = statistics.median(times)
    out["size"] = statistics.median(len(t) for t in descriptions)
    return out


def main() -> None:
    p = argparse.ArgumentParser(prog="python -m bench.terms", description=__doc__.splitlines()[0])
    p.add_argument("--store", help="a store directory (default: the bundled data, ingested anew)")
    p.add_argument("--n", type=int, default=60, help="records and people each (default 60)")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = a.store
        if store is None:
            store = str(Path(tmp) / "store")
            subprocess.run([sys.executable, "-c", "from lod.cli import main; main()", "ingest", str(ROOT / "data"),
                            "--store", store], check=True, capture_output=True)
        for kind in ("Record", "Person"):
            figures = measure(store, kind, a.n)
            base, size = figures["pyoxigraph Turtle (baseline)"], figures.pop("size")
            print(f"{kind.lower() + ' document made by':32} {'median ms':>10} {'÷ baseline':>11}"
                  f"   ({size:.0f} triples, median)")
            for name, ms in figures.items():
                print(f"{name:32} {ms:10.2f} {ms / base:10.1f}×")


if __name__ == "__main__":
    main()
