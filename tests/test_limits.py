"""Resource limits a public endpoint needs, configurable and enforced: concurrent SPARQL queries per client
(429 with Retry-After, across gunicorn workers), request body size (413), memory per query process (503);
the query length, result rows and time limit are covered by tests/test_web.py and test_sparql_safety.py."""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from lod.config import Config
from lod.web.limits import ClientLimiter, TooManyRequests
from tests.conftest import ROOT, start_lod_serve

COUNT = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a <https://www.ica.org/standards/RiC/ontology#Record> }"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 4  # seconds: how long the heavy query holds its slot


def sparql(url: str, query: str, client: str | None = None, *, post: bytes | None = None,
           ctype: str = "application/sparql-query", timeout: float = 60) -> tuple[int, dict, bytes]:
    """One SPARQL request; ``client`` is sent as X-Forwarded-For (the server trusts one proxy hop)."""
    headers = {"X-Forwarded-For": client} if client else {}
    if post is None:
        req = urllib.request.Request(url + "sparql?" + urllib.parse.urlencode({"query": query}), headers=headers)
    else:
        req = urllib.request.Request(url + "sparql", data=post, method="POST",
                                     headers={**headers, "Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def slot_held(directory: Path) -> bool:
    """Whether some client slot in ``directory`` is locked (by a running query)."""
    for path in directory.glob("*-*"):
        fd = os.open(path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
    return False


@pytest.fixture(scope="module")
def limited(dataset, tmp_path_factory):
    """`lod serve --workers 2` behind one trusted proxy hop: one query per client, 4 s time limit, 4 KiB
    bodies; the workers share the slots in a directory the test can watch."""
    limits = tmp_path_factory.mktemp("limits")
    srv = start_lod_serve(dataset, "--workers", "2", LOD_QUERY_TIMEOUT=TIMEOUT, LOD_CLIENT_QUERIES=1,
                          LOD_PROXY_HOPS=1, LOD_MAX_BODY=4096, LOD_LIMITS_DIR=limits, LOD_ACCESS_LOG=0)
    yield srv.url, limits
    srv.stop()


@pytest.mark.embedded_only("the limit sits in the web layer, in front of either store; one backend suffices")
def test_a_client_over_its_limit_gets_429_with_retry_after(limited, backend):
    url, limits = limited
    slow: dict = {}
    thread = threading.Thread(target=lambda: slow.update(answer=sparql(url, HEAVY, "203.0.113.1")))
    thread.start()
    try:
        deadline = time.time() + TIMEOUT
        while not slot_held(limits):
            assert time.time() < deadline, "the heavy query never took its slot"
            time.sleep(0.02)
        # requests land on either gunicorn worker: each must see the slot the other one holds
        answers = [sparql(url, COUNT, "203.0.113.1") for _ in range(8)]
        other = sparql(url, COUNT, "203.0.113.2")  # another client is not affected
    finally:
        thread.join(60)
    for status, headers, body in answers:
        assert status == 429, body
        assert headers["Retry-After"] == str(TIMEOUT)
        assert "limit per client" in json.loads(body)["error"]
    assert other[0] == 200
    assert slow["answer"][0] == 503  # the heavy query itself ran to the time limit
    status, _, body = sparql(url, COUNT, "203.0.113.1")  # its slot is free again
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"]


@pytest.mark.embedded_only("the body limit sits in the web layer; one backend suffices")
def test_request_bodies_over_the_limit_get_413(limited, backend):
    url, _ = limited
    padded = (COUNT + " #" + "x" * 3500).encode()
    assert sparql(url, "", "203.0.113.3", post=padded)[0] == 200
    for body, ctype in (((COUNT + " #" + "x" * 5000).encode(), "application/sparql-query"),
                        (urllib.parse.urlencode({"query": COUNT + " #" + "x" * 5000}).encode(),
                         "application/x-www-form-urlencoded")):
        status, _, answer = sparql(url, "", "203.0.113.3", post=body, ctype=ctype)
        assert status == 413 and b"LOD_MAX_BODY" in answer, answer


@pytest.mark.embedded_only("query processes belong to the embedded store; a remote store has its own limits")
def test_a_query_past_its_memory_limit_is_stopped_and_others_go_on(dataset, backend):
    """ORDER BY over a cross product grows a query process by about a GB a second; at 300 MB it is stopped
    (long before the 60 s time limit) and a fresh process answers the next query."""
    srv = start_lod_serve(dataset, LOD_QUERY_MEMORY=300, LOD_QUERY_TIMEOUT=60, LOD_ACCESS_LOG=0)
    try:
        hog = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
        status, headers, body = sparql(srv.url, hog, timeout=120)
        assert status == 503 and headers["Retry-After"], body
        assert "300 MB memory limit" in json.loads(body)["error"]
        status, _, body = sparql(srv.url, COUNT)
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"]
    finally:
        srv.stop()


def test_limits_come_from_the_environment():
    cfg = Config.from_env({"LOD_MAX_BODY": "2048", "LOD_CLIENT_QUERIES": "3", "LOD_PROXY_HOPS": "1",
                           "LOD_READ_TIMEOUT": "2.5", "LOD_LIMITS_DIR": "/run/lod-limits", "LOD_QUERY_MEMORY": "512"})
    assert (cfg.max_body, cfg.client_queries, cfg.proxy_hops, cfg.read_timeout, cfg.limits_dir, cfg.query_memory) == \
        (2048, 3, 1, 2.5, "/run/lod-limits", 512)
    defaults = Config()
    assert (defaults.max_body, defaults.client_queries, defaults.proxy_hops, defaults.query_memory) == \
        (1 << 20, 2, 0, 1024)
    with pytest.raises(ValueError, match="LOD_CLIENT_QUERIES must be a number"):
        Config.from_env({"LOD_CLIENT_QUERIES": "many"})
    with pytest.raises(ValueError, match="client_queries must be 0 or more"):
        Config.from_env({"LOD_CLIENT_QUERIES": "-1"})
    with pytest.raises(ValueError, match="max_body must be positive"):
        Config.from_env({"LOD_MAX_BODY": "0"})


def test_slots_are_shared_between_processes_and_freed_when_a_holder_dies(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom lod.web.limits import ClientLimiter\n"
         f"with ClientLimiter({str(tmp_path)!r}, 2, 7).slot('198.51.100.9'):\n"
         "    print('held', flush=True)\n    sys.stdin.read()\n"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        limiter = ClientLimiter(tmp_path, 2, 7)
        with limiter.slot("198.51.100.9"):  # the second of two slots
            with pytest.raises(TooManyRequests) as refused:
                with limiter.slot("198.51.100.9"):
                    pass
            assert refused.value.retry_after == 7 and "198.51.100.9" in str(refused.value)
            with limiter.slot("198.51.100.10"):  # another client has slots of its own
                pass
    finally:
        holder.kill()
        holder.wait(10)
    limiter = ClientLimiter(tmp_path, 2, 7)
    with limiter.slot("198.51.100.9"), limiter.slot("198.51.100.9"):  # the dead holder's slot is free
        pass
    assert len(list(tmp_path.iterdir())) <= 4  # files per bucket, not per request


def test_zero_means_no_limit():
    limiter = ClientLimiter(None, 0, 1)
    with limiter.slot("a"), limiter.slot("a"), limiter.slot("a"):
        assert limiter.directory is None
