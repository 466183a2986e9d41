"""Re-ingesting one changed record into a store that is being served: one record's page text gets a new
title and a new name among the people it mentions, ``lod ingest`` is given just that file (no ``--replace``),
and a request to the running server afterwards must show both in every format.

>>> page = "March 5, 1953\\n\\nLetter from A to B\\n\\nbody\\n\\nAssociated People & Organizations\\nB, Pal\\nKim, Ri"
>>> changed(page, "A new title", "Quellmann, Ottokar").split("\\n\\n")[1]
'A new title'
>>> changed(page, "A new title", "Quellmann, Ottokar").endswith("Quellmann, Ottokar\\nKim, Ri")
True
"""
from __future__ import annotations

import http.client
from pathlib import Path

from bench.client import get
from bench.deref import doc_path
from bench.procs import run_child_rss

NEW_TITLE = "Revised memorandum on the fisheries proposal"
NEW_NAME = "Quellmann, Ottokar"   # "Family, Given", as the page lists people
SHOWN = (NEW_TITLE, "Quellmann")  # the new title, and the new name (its label, its IRI's slug)
ACCEPT = {"ttl": "text/turtle", "jsonld": "application/ld+json", "html": "text/html"}
PEOPLE_BLOCK = "Associated People & Organizations\n"


def changed(page: str, title: str, name: str) -> str:
    """``page`` (a page text, bench/generate.py's layout) with ``title`` as its title and ``name`` in place
    of the first person it lists."""
    blocks = page.split("\n\n")
    if len(blocks) < 3:
        raise ValueError("not a page text: fewer than three blocks")
    blocks[1] = title
    for i, block in enumerate(blocks):
        if block.startswith(PEOPLE_BLOCK):
            lines = block.split("\n")
            blocks[i] = "\n".join([lines[0], name] + lines[2:])
            break
    else:
        raise ValueError("the page lists no people")
    return "\n\n".join(blocks)


def reingest_one(lod: str, store: Path, page: Path, iri: str, port: int, env: dict) -> dict:
    """Change ``page`` (the page text of the record ``iri``), ingest it alone into ``store``, then ask the
    server on ``port`` for the record in each format: wall and CPU seconds of the ingest, peak RSS, and
    which formats show the change. Raises when the ingest fails."""
    page.write_text(changed(page.read_text(encoding="utf-8"), NEW_TITLE, NEW_NAME), encoding="utf-8")
    run = run_child_rss([lod, "ingest", "-q", "--no-dumps", "--store", str(store), str(page)], env=env)
    if run["rc"] != 0:
        raise RuntimeError(f"lod ingest of one changed record failed ({run['rc']}): {run['stderr'][-2000:]}")
    shown: dict[str, bool] = {}
    errors: list[str] = []
    for ext, accept in ACCEPT.items():
        try:
            status, body, _ = get(port, doc_path(iri, ext), {"Accept": accept}, timeout=60)
        except (OSError, http.client.HTTPException) as e:
            errors.append(f".{ext}: {e!r}")
            continue
        text = body.decode("utf-8", errors="replace")
        shown[ext] = status == 200 and all(s in text for s in SHOWN)
        if status != 200:
            errors.append(f".{ext}: {status}")
    return {"wall_s": round(run["wall_s"], 3), "cpu_s": round(run["cpu_s"], 3),
            "peak_rss_mb": round(run["peak_rss_mb"]), "summary": run["stderr"].strip().splitlines()[-1:],
            "shows_change": shown, "errors": errors,
            "all_show_change": len(shown) == len(ACCEPT) and all(shown.values())}
