"""The dumps /void advertises, downloaded from `lod serve` run the way `make serve` runs it: from the project
directory, with the store given as a relative path (``--store var/store``)."""
from __future__ import annotations

import gzip
import shlex
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCAT, VOID

from tests.conftest import RECORDS, ROOT, free_port, run_lod


def make_serve_command() -> list[str]:
    """The command `make serve` runs once its store is ingested (``make -n``: printed, not run)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    out = subprocess.run(["make", "-s", "-n", "-o", "var/store/.ingested", "serve"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()
    argv = shlex.split(out[-1])
    assert Path(argv[0]).name == "lod" and argv[1] == "serve", out
    assert "--store" in argv and not Path(argv[argv.index("--store") + 1]).is_absolute(), argv
    return [sys.executable, "-m", "lod.cli", *argv[1:]]  # the same `lod`, run by this Python


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture()
def make_served(tmp_path):
    """A project directory with a store ingested at a relative path, served by `make serve`'s command line
    from there; yields the base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = make_serve_command()
    store = command[command.index("--store") + 1]
    done = run_lod("ingest", "--replace", "--store", store, "--base", base, "--quiet",
                   str(RECORDS / "wcda-300237.txt"), str(RECORDS / "wcda-113067.txt"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    proc = subprocess.Popen([*command, "--port", str(port), "--base", base], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read())
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(15)


def test_every_dump_void_advertises_downloads_with_its_byte_size_and_parses(make_served):
    base = make_served
    status, body = fetch(base + "void")
    assert status == 200
    void = Graph().parse(data=body, format="turtle")
    dataset = URIRef(base + "void#dataset")
    dumps = set(void.objects(dataset, VOID.dataDump))
    assert len(dumps) == 2
    for dist in void.objects(dataset, DCAT.distribution):
        url = void.value(dist, DCAT.downloadURL)
        size = void.value(dist, DCAT.byteSize)
        assert url in dumps and size is not None, f"{dist}: no download URL or byte size"
        status, body = fetch(str(url))
        assert status == 200, f"{url}: {status} {body[:200]!r}"
        assert len(body) == int(size), url
        record = URIRef(base + "id/record/300237")
        if str(url).endswith(".nq.gz"):
            data = Dataset()
            data.parse(data=gzip.decompress(body), format="nquads")
            assert len(list(data.graphs())) > 2 and any(data.quads((record, None, None, None)))
        else:
            assert (record, None, None) in Graph().parse(data=body, format="turtle")
