"""Shared fixtures: the bundled corpus, a freshly ingested store, a live server on a loopback port."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "data" / "records"
AUTHORITY = ROOT / "data" / "authorities" / "entities.tsv"
BASE = "http://lod.test/"


@pytest.fixture(scope="session")
def corpus_files() -> list[Path]:
    return sorted(p for p in RECORDS.iterdir() if p.suffix in (".txt", ".csv"))


@pytest.fixture(scope="session")
def ingested(tmp_path_factory):
    """The bundled records ingested once into a store: (store, report)."""
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local

    path = tmp_path_factory.mktemp("store") / "store"
    store = open_store(str(path))
    report = ingest([RECORDS], store, Local(BASE), authority=AUTHORITY, progress=False)
    from lod.dumps import write_dumps
    write_dumps(store, path / "dumps")
    return store, report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_lod(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: int = 300):
    """Run the real `lod` command line in a subprocess."""
    return subprocess.run([sys.executable, "-m", "lod.cli", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def server(ingested):
    """`lod serve` as a real process on a free loopback port; yields its base URL."""
    store, _ = ingested
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "lod.cli", "serve", "--store", str(store.path),
                             "--port", str(port), "--base", BASE],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    lines: list[str] = []
    import threading
    threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True).start()
    proc.log = lines  # type: ignore[attr-defined]
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "void", timeout=2)
            break
        except urllib.error.HTTPError:
            break  # it answers
        except OSError:
            if proc.poll() is not None:
                time.sleep(0.2)
                raise RuntimeError("".join(lines))
            time.sleep(0.1)
    yield url, proc
    proc.terminate()
    proc.wait(10)
