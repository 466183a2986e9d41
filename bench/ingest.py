"""Ingest speed: `lod ingest` end to end (parse, map, load) against the raw bulk load of the same
quads into the same kind of store, in the same run.

    python -m bench.ingest 1000 10000   # sizes in records; prints a table and writes bench/out/ingest.json

(The full suite, of which this is figure 2 in-process, is `python -m bench`: bench/suite.py.)
"""
from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from lod.ingest import ingest
from lod.store import open_store
from lod.vocab import Local

BASE = "http://localhost:5000/"
PEOPLE = [f"{g} {f}" for f in ("Ignatiev", "Shtykov", "Puzanov", "Kim", "Pak", "Ri", "Zhou", "Mao", "Nehru",
                               "Kohl", "Aiken", "Cremin", "Szarvas", "Csuka", "Jelen")
          for g in ("Aleksei", "Terentii", "Ivan", "Boleslaw", "Pal", "Frank", "Helmut", "Con")]
FORMS = ("Ciphered telegram", "Letter", "Memorandum", "Report", "Telegram", "Record of Conversation")


def synthetic(path: Path, n: int, seed: int = 7) -> None:
    """``n`` records as JSON lines shaped like the scraper's rows, with a Zipf-skewed pool of people
    (see bench/generate.py, which also writes the page-text form)."""
    from bench.generate import records, write_jsonl
    write_jsonl(path, records(n, seed))


def run(n: int, tmp: Path) -> dict:
    src = tmp / f"records-{n}.jsonl"
    synthetic(src, n)
    store = open_store(str(tmp / f"store-{n}"))
    t0 = time.perf_counter()
    report = ingest([src], store, Local(BASE), progress=False)
    t_ingest = time.perf_counter() - t0
    dump = tmp / f"dump-{n}.nq"
    with dump.open("wb") as f:
        store.dump(f, "nquads")
    raw = ox.Store(str(tmp / f"raw-{n}"))
    t0 = time.perf_counter()
    raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    t_raw = time.perf_counter() - t0
    return {"records": n, "quads": report.triples, "ingest_s": round(t_ingest, 3), "raw_bulk_load_s": round(t_raw, 3),
            "records_per_s": round(n / t_ingest), "ratio_vs_raw": round(t_ingest / t_raw, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main(argv: list[str] | None = None) -> None:
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:])] or [1000, 5000]
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for n in sizes:
            rows.append(run(n, Path(d)))
    cols = list(rows[0])
    print("  ".join(f"{c:>16}" for c in cols))
    for r in rows:
        print("  ".join(f"{r[c]:>16}" for c in cols))
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    (out / "ingest.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
