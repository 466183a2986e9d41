"""Ingest faults lose nothing: re-ingests while `lod serve --workers 2` answers a stream of requests (none
fails, every answer is the old dataset or the new one, never a mix), ingests killed at points spread over
their run (the previous store keeps serving, a re-run completes), a full disk, a file-size limit and a
read-only store directory (a clear message, the store unchanged, the server serving)."""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from lod.config import Config
from lod.store import open_store
from tests.conftest import BASE, RECORDS, ROOT, SEED, Backend, start_lod_serve

COUNTS = ("PREFIX rico: <https://www.ica.org/standards/RiC/ontology#> SELECT ?records ?quads WHERE { "
          "{ SELECT (COUNT(DISTINCT ?r) AS ?records) WHERE { ?r a rico:Record } } "
          "{ SELECT (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } } } }")


def synthetic_jsonl(path: Path, n: int, first: int, body_words: int = 40) -> Path:
    """``n`` scraper rows with record ids from ``first``."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"record_id": str(first + i), "title": f"Letter, Person {i % 40} to Person {i % 9}",
                                "original_publication_date": "May 1, 1950", "summary": "A letter. " * 5,
                                "text_body": f"Dear comrade {i}, " * body_words,
                                "associated_places": ["Pyongyang"]}) + "\n")
    return path


def lod_ingest(store: Path, *paths: Path, replace: bool = False, **popen) -> subprocess.Popen:
    args = ["ingest", "-q", "--store", str(store), "--base", BASE, *(["--replace"] if replace else []),
            *map(str, paths)]
    return subprocess.Popen([sys.executable, "-m", "lod.cli", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def finished(proc: subprocess.Popen, timeout: float = 300) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def counts(store: Path) -> tuple[int, int]:
    """(records, quads) of the store's current generation, read as a new reader would."""
    rows = list(open_store(str(store)).select(COUNTS))
    return int(rows[0]["records"]), int(rows[0]["quads"])


class Hammer:
    """Client threads requesting data, pages, search and SPARQL without pause; they record every failure and
    every (records, quads) pair the SPARQL endpoint reports."""

    PATHS = [f"doc/record/{SEED}.ttl", f"doc/record/{SEED}", "doc/person/kim-il-sung.jsonld", "", "search?q=Pyongyang",
             "void", "browse/records", "doc/record/{extra}.ttl"]

    def __init__(self, url: str, extra: str, threads: int = 3) -> None:
        self.url, self.extra = url, extra
        self.failures: list[str] = []
        self.seen: Counter[tuple[int, int]] = Counter()
        self.statuses: Counter[int] = Counter()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    def __enter__(self) -> "Hammer":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(60)

    def _get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def _run(self, i: int) -> None:
        n = i
        while not self.stop.is_set():
            n += 1
            path = self.PATHS[n % len(self.PATHS)].format(extra=self.extra)
            if n % 3 == 0:
                path = "sparql?" + urllib.parse.urlencode({"query": COUNTS})
            try:
                status, body = self._get(path)
            except OSError as e:
                self.failures.append(f"{path}: {type(e).__name__}: {e}")
                continue
            self.statuses[status] += 1
            optional = path.startswith(f"doc/record/{self.extra}")  # exists in one dataset, not the other
            if status != 200 and not (optional and status == 404):
                self.failures.append(f"{path}: {status} {body[:200]!r}")
            elif path.startswith("sparql"):
                row = json.loads(body)["results"]["bindings"][0]
                self.seen[(int(row["records"]["value"]), int(row["quads"]["value"]))] += 1
            elif path.endswith(".ttl") and status == 200 and b"dc:title" not in body and b"dcterms:title" not in body:
                self.failures.append(f"{path}: a record without its title: {body[:200]!r}")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A store with the corpus, served by `lod serve --workers 2` (no per-client limit: the hammer's threads
    share one address); yields (store path, server URL)."""
    d = tmp_path_factory.mktemp("faults")
    store = d / "store"
    code, err = finished(lod_ingest(store, RECORDS))
    assert code == 0, err
    backend = Backend("embedded", open_store(str(store)), None, Config(store=str(store), base=BASE))
    srv = start_lod_serve(backend, "--workers", "2", LOD_CLIENT_QUERIES=0, LOD_ACCESS_LOG=0)
    yield store, srv.url
    srv.stop()


def test_reingest_while_serving_no_request_fails_and_none_sees_half(live, tmp_path):
    store, url = live
    extra = synthetic_jsonl(tmp_path / "extra.jsonl", 40, 9100000)
    before = counts(store)
    with Hammer(url, "9100000") as hammer:
        time.sleep(0.5)
        for step, replace in enumerate((False, True, False, True)):
            paths = (RECORDS,) if replace else (extra,)
            code, err = finished(lod_ingest(store, *paths, replace=replace))
            assert code == 0, err
            if step == 0:
                after = counts(store)
            time.sleep(0.3)
    print(f"\nre-ingest ×4 while serving: {sum(hammer.statuses.values())} requests, statuses "
          f"{dict(hammer.statuses)}, (records, quads) seen {dict(hammer.seen)}, {len(hammer.failures)} failures")
    assert after[0] == before[0] + 40
    assert not hammer.failures, hammer.failures[:10]
    assert set(hammer.seen) <= {before, after}, hammer.seen  # never a state between the two datasets
    assert len(hammer.seen) == 2 and sum(hammer.statuses.values()) > 100, (hammer.seen, hammer.statuses)
    assert counts(store) == before


def test_ingest_killed_at_any_point_leaves_a_whole_store_and_a_rerun_completes(live, tmp_path):
    store, url = live
    big = synthetic_jsonl(tmp_path / "big.jsonl", 1000, 9200000, body_words=120)
    before = counts(store)
    scratch = tmp_path / "scratch"
    shutil.copytree(store, scratch, symlinks=True)
    started = time.perf_counter()
    code, err = finished(lod_ingest(scratch, big))
    full = time.perf_counter() - started  # how long a whole run takes here
    assert code == 0, err
    complete = counts(scratch)
    with Hammer(url, "9200000") as hammer:
        for fraction in (0.05, 0.2, 0.4, 0.6, 0.8, 0.95):
            proc = lod_ingest(store, big)
            time.sleep(full * fraction)
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=30)
            assert counts(store) in (before, complete), fraction  # the old store whole, or the new one whole
        code, err = finished(lod_ingest(store, big))  # the re-run
        assert code == 0, err
    print(f"\nkilled at 6 points of a {full:.1f} s ingest: {sum(hammer.statuses.values())} requests meanwhile, "
          f"statuses {dict(hammer.statuses)}, (records, quads) seen {dict(hammer.seen)}, {len(hammer.failures)} failures")
    assert counts(store) == complete
    assert not list(store.glob("*.partial"))
    assert not hammer.failures, hammer.failures[:10]
    assert set(hammer.seen) <= {before, complete}, hammer.seen


# --- full disk, file-size limit, read-only store --------------------------------------------------------

def _mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MiB tmpfs mounted for this test (needs the right to mount: root or CAP_SYS_ADMIN)."""
    where = tmp_path / "disk"
    where.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no `mount` command: the file-size-limit test covers a failing write instead")
    done = _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip()}); the file-size-limit test "
                    f"covers a failing write instead")
    yield where
    subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _assert_refused(code: int, err: str, *reasons: str) -> None:
    """Exit status 1 and one plain line naming the cause (the store's files or the search index ran out)."""
    assert code == 1, err
    assert "Traceback" not in err, err
    assert any(r in err for r in reasons) and ("cannot write" in err or "could not publish" in err), err


def test_a_full_disk_is_a_clear_message_and_changes_nothing(small_disk, tmp_path):
    store = small_disk / "store"
    code, err = finished(lod_ingest(store, RECORDS / "wcda-3283.txt"))
    assert code == 0, err
    before, generation = counts(store), os.readlink(store / "current")
    backend = Backend("embedded", open_store(str(store)), None, Config(store=str(store), base=BASE))
    srv = start_lod_serve(backend, LOD_ACCESS_LOG=0)
    try:
        big = synthetic_jsonl(tmp_path / "big.jsonl", 6000, 9300000, body_words=20)
        code, err = finished(lod_ingest(store, big))
        _assert_refused(code, err, "No space left on device", "database or disk is full")
        assert counts(store) == before and os.readlink(store / "current") == generation
        assert not list(store.glob("*.partial"))  # the space it took is given back
        with urllib.request.urlopen(srv.url + f"doc/record/{SEED}.ttl", timeout=30) as r:
            assert r.status == 200
        assert _mount("-o", "remount,size=256m", str(small_disk)).returncode == 0
        code, err = finished(lod_ingest(store, big))  # with room, the same run completes
        assert code == 0, err
        assert counts(store)[0] == before[0] + 6000
    finally:
        srv.stop()


def test_a_file_size_limit_is_a_clear_message_and_changes_nothing(tmp_path):
    """Works without privileges: RLIMIT_FSIZE makes the writes fail (EFBIG) as a full disk would (ENOSPC)."""
    store = tmp_path / "store"
    code, err = finished(lod_ingest(store, RECORDS / "wcda-3283.txt"))
    assert code == 0, err
    before = counts(store)

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failing write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))

    big = synthetic_jsonl(tmp_path / "big.jsonl", 3000, 9400000, body_words=20)
    code, err = finished(lod_ingest(store, big, preexec_fn=limited))
    _assert_refused(code, err, "File too large", "disk I/O error", "database or disk is full")
    assert counts(store) == before and not list(store.glob("*.partial"))


@pytest.fixture
def read_only(tmp_path):
    """``tmp_path/ro`` bind-mounted read-only onto itself (root ignores permission bits, not a ro mount)."""
    where = tmp_path / "ro"
    where.mkdir()
    code, err = finished(lod_ingest(where / "store", RECORDS / "wcda-3283.txt"))
    assert code == 0, err
    done = _mount("--bind", str(where), str(where))
    if done.returncode != 0:
        pytest.skip(f"cannot bind-mount here ({done.stderr.strip()}); the unwritable-path test covers it")
    try:
        done = _mount("-o", "remount,ro,bind", str(where))
        assert done.returncode == 0, done.stderr
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def test_a_read_only_store_directory_is_a_clear_message_and_changes_nothing(read_only):
    store = read_only / "store"
    before = counts(store)
    for target in (store, read_only / "new-store"):
        code, err = finished(lod_ingest(target, RECORDS / "wcda-300237.txt"))
        assert code == 1 and "Read-only file system" in err and "Traceback" not in err, err
    assert counts(store) == before and not (read_only / "new-store").exists()


def test_an_unwritable_store_path_is_a_clear_message(tmp_path):
    """Without privileges: a store path under a regular file cannot be created, even by root."""
    (tmp_path / "file").write_text("not a directory")
    code, err = finished(lod_ingest(tmp_path / "file" / "store", RECORDS / "wcda-3283.txt"))
    assert code == 1 and "cannot write" in err and "Not a directory" in err and "Traceback" not in err, err
