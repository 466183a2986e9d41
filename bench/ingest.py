"""Ingest speed: `lod ingest` end to end (parse, map, load) against the raw bulk load of the same
quads into the same kind of store, in the same run.

    python -m bench 1000 10000      # sizes in records; prints a table and writes bench/out/ingest.json
"""
from __future__ import annotations

import json
import random
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
    """Records shaped like the scraper's rows, with a skewed pool of people (Zipf-like)."""
    rnd = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(PEOPLE))]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            a, b = rnd.choices(PEOPLE, weights, k=2)
            f.write(json.dumps({
                "record_id": str(500000 + i), "title": f"{rnd.choice(FORMS)}, {a} to {b}",
                "original_publication_date": f"{rnd.choice(['March', 'April', 'May'])} {rnd.randint(1, 28)}, "
                                             f"{rnd.randint(1945, 1991)}",
                "summary": f"{a} reports to {b} about the situation. " * 3,
                "text_body": f"To {b}.\n" + ("The situation was discussed at length. " * rnd.randint(20, 120))
                             + f"\n{a.upper()}",
                "associated_people_orgs": [", ".join(reversed(p.split())) for p in rnd.choices(PEOPLE, weights, k=3)],
                "associated_places": rnd.sample(["Pyongyang", "Beijing", "Moscow", "Budapest", "Havana"], 2),
                "subjects_discussed": ["Korea (North)--Foreign relations--Soviet Union"],
                "source": f"AVP RF, Fond 0102, Opis {rnd.randint(1, 20)}, Delo {rnd.randint(1, 99)}, "
                          f"Listy {rnd.randint(1, 50)}-{rnd.randint(51, 99)}. Translated by Gary Goldberg.",
                "language": ["Russian"], "original_archive_title": ["Archive of Foreign Policy of the Russian Federation"],
                "rights": "The History and Public Policy Program welcomes reuse of Digital Archive materials.",
            }) + "\n")


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
