"""The benchmark's re-ingest figure (bench/reingest.py) on real parts: a generated collection ingested into an
embedded store, ``lod serve`` on a loopback port, one record's page text changed and ingested alone; the
running server must then serve the new title and the new name in Turtle, JSON-LD and HTML."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bench.client import get
from bench.deref import doc_path
from bench.generate import write_inputs
from bench.procs import Server, free_port, lod_env
from bench.reingest import ACCEPT, NEW_TITLE, reingest_one
from bench.suite import CHANGED_ID
from lod.vocab import Local

BASE = "http://localhost:5000/"
LOD = str(Path(sys.executable).parent / "lod")


def test_one_changed_record_ingested_alone_is_served_changed(tmp_path):
    write_inputs(tmp_path / "in", 12)
    page = tmp_path / "changed" / f"wcda-{CHANGED_ID}.txt"
    page.parent.mkdir()
    shutil.copy(tmp_path / "in" / "pages" / page.name, page)
    store = tmp_path / "store"
    env = lod_env(store, BASE)
    subprocess.run([LOD, "ingest", "-q", "--no-dumps", "--store", str(store), str(tmp_path / "in")], env=env,
                   check=True, capture_output=True)
    port = free_port()
    server = Server([LOD, "serve", "--workers", "1", "--host", "127.0.0.1", "--port", str(port), "--store",
                     str(store)], port, "/health", env=env, log_path=tmp_path / "serve.log")
    try:
        server.wait_ready()
        iri = str(Local(BASE).record(CHANGED_ID))
        status, body, _ = get(port, doc_path(iri, "ttl"))
        assert status == 200 and NEW_TITLE.encode() not in body  # served before, unchanged
        got = reingest_one(LOD, store, page, iri, port, env)
    finally:
        server.stop()
    assert NEW_TITLE in page.read_text(encoding="utf-8")
    assert got["errors"] == []
    assert got["shows_change"] == {ext: True for ext in ACCEPT}
    assert got["all_show_change"] is True
    assert got["wall_s"] > 0 and got["cpu_s"] > 0
    assert "1 records loaded" in got["summary"][-1]
