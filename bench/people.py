"""``python -m bench.people [--sizes 1000,10000] [--baseline main] [--reps 5] [--rounds 2]``: the person
page (HTML and its JSON twin, ``?_profile=page``) for the most-named person and a median one of generated
collections, cold (the app's cache emptied before each request), this tree against a baseline tree (``git
archive`` of ``--baseline``) on the same stores in the same run, alternated. Prints p50 per page, the ratio
baseline ÷ ours, and the growth exponent of each across the sizes (issue #15's targets: most-named p50 < 50 ms,
median < 15 ms, exponent < 0.1)."""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://localhost:5000/"
PEOPLE = """SELECT ?x (COUNT(DISTINCT ?r) AS ?n) WHERE { ?x a rico:Person .
  ?r rico:hasSender|rico:hasAddressee|rico:hasCreator|rico:hasOrHadSubject ?x } GROUP BY ?x ORDER BY DESC(?n) ?x"""
PAGE_BUDGET_S = 10.0  # the requests of one page in one child stop after this (at least one is made)


def child(store_dir: str, people: list[str], reps: int) -> dict:
    """Times in ms of each page of ``people`` (run in a process whose ``lod`` is the tree being measured)."""
    import lod
    from lod.config import Config
    from lod.store import open_store
    from lod.web.app import create_app

    config = Config(store=store_dir, base=BASE)
    app = create_app(config, open_store(config.store))
    cache = app.config["LOD_CONTEXT"].cache
    if getattr(cache, "documents", None) is not None:
        cache.documents = None  # cold means the page is made: not read back from the shared document store
    client, out = app.test_client(), {"lod": lod.__file__}
    for iri in people:
        path = "/doc/" + iri[len(BASE) + len("id/"):]
        for name, url, accept in (("html", path, "text/html"), ("twin", path + "?_profile=page", "application/json")):
            times: list[float] = []
            t_page = time.perf_counter()
            for _ in range(reps):
                if times and time.perf_counter() - t_page > PAGE_BUDGET_S:
                    break  # a slow page: fewer requests, never none
                cache._bodies.clear()  # cold: no rendered page, no description kept (counts stay, as served)
                cache._descriptions.clear()
                t = time.perf_counter()
                resp = client.get(url, headers={"Accept": accept})
                times.append((time.perf_counter() - t) * 1000)
                assert resp.status_code == 200, (url, resp.status_code)
            out[f"{iri} {name}"] = statistics.median(times)
    return out


def run_child(src: Path, store_dir: Path, people: list[str], reps: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "LOD_ACCESS_LOG": "0"}
    cmd = [sys.executable, str(ROOT / "bench" / "people.py"), "--child", str(store_dir), "--reps", str(reps), *people]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the person pages child ({src}) failed ({done.returncode}): {done.stderr[-2000:]}")
    res = json.loads(done.stdout)
    assert Path(res.pop("lod")).resolve().is_relative_to(src.resolve()), "the child imported another tree's lod"
    return res


def prepare(n: int, work: Path) -> Path:
    """A generated collection of ``n`` records ingested at ``work/n{n}/store`` (kept for the next run)."""
    from bench.generate import write_inputs

    from lod.store.oxigraph import EmbeddedStore

    d = work / f"n{n}"
    if not EmbeddedStore(d / "store").exists():
        write_inputs(d / "in", n)
        subprocess.run([str(Path(sys.executable).parent / "lod"), "ingest", "-q", "--no-dumps", "--store",
                        str(d / "store"), str(d / "in" / "pages"), str(d / "in" / "records.jsonl")],
                       env={**os.environ, "LOD_BASE": BASE}, check=True)
    return d / "store"


def pick(store_dir: Path) -> dict[str, tuple[str, int]]:
    from lod.store import open_store
    from lod.web.queries import select

    rows = select(open_store(str(store_dir)), PEOPLE)
    return {k: (str(r["x"]), int(r["n"])) for k, r in (("most-named", rows[0]), ("median", rows[len(rows) // 2]))}


def extract(ref: str, into: Path) -> Path:
    """The tree of ``ref`` (its ``lod`` package) at ``into``."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "lod"], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def compare(base_src: Path, store: Path, people: list[str], reps: int, rounds: int
            ) -> tuple[dict[str, float], dict[str, float]]:
    """Each page of ``people`` (``"{iri} html"``, ``"{iri} twin"``: ms) by the baseline tree and by this one,
    alternated ``rounds`` times, the best round of each kept (a loaded machine drifts)."""
    before: dict[str, float] = {}
    after: dict[str, float] = {}
    for _ in range(rounds):
        for src, into in ((base_src, before), (ROOT, after)):
            for key, ms in run_child(src, store, people, reps).items():
                into[key] = min(ms, into.get(key, ms))
    return before, after


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--baseline", default="main", help="git ref of the tree to compare with")
    ap.add_argument("--reps", type=int, default=5, help="requests per page in a round (their median)")
    ap.add_argument("--rounds", type=int, default=2, help="baseline and ours alternated this many times")
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "lod-bench-people"))
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("people", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.people, args.reps)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        base_src = extract(args.baseline, Path(tmp))
        table: dict[tuple[str, str], dict[int, tuple[float, float]]] = {}
        for n in sizes:
            store = prepare(n, Path(args.work))
            picked = pick(store)
            people = [iri for iri, _ in picked.values()]
            before, after = compare(base_src, store, people, args.reps, args.rounds)
            for who, (iri, k) in picked.items():
                print(f"n={n} {who}: {iri} ({k} records)", file=sys.stderr)
                for page in ("html", "twin"):
                    key = f"{iri} {page}"
                    table.setdefault((who, page), {})[n] = (before[key], after[key])
    head = " ".join(f"{f'{n}: before / after ms (×)':>32}" for n in sizes)
    print(f"{'page':22} {head}   exponent before / after")
    for (who, page), by_n in table.items():
        cells = " ".join(f"{f'{b:.0f} / {a:.1f} ({b / a:.1f}×)':>32}" for b, a in (by_n[n] for n in sizes))
        exp = ""
        if len(sizes) > 1:
            lo, hi = sizes[0], sizes[-1]
            k = math.log(hi / lo)
            exp = f"{math.log(by_n[hi][0] / by_n[lo][0]) / k:.2f} / {math.log(by_n[hi][1] / by_n[lo][1]) / k:.2f}"
        print(f"{who + ' ' + page:22} {cells}   {exp}")


if __name__ == "__main__":
    main()
