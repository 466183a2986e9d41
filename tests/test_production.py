"""Production serving: `lod serve --workers N` (gunicorn), /health, structured access logs, configuration."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from lod.config import Config
from tests.conftest import BASE, ROOT, SEED, free_port


def _get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.fixture()
def workers_server(tmp_path):
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local
    from tests.conftest import AUTHORITY, RECORDS

    store_dir = tmp_path / "s"
    ingest([RECORDS / "wcda-3283.txt", RECORDS / "wcda-113067.txt"], open_store(str(store_dir)), Local(BASE),
           authority=AUTHORITY, progress=False)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "lod.cli", "serve", "--store", str(store_dir), "--base", BASE,
                             "--port", str(port), "--workers", "2", "--cors-origins", "https://a.org,https://b.org"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(proc.stderr.readline, "")), daemon=True).start()
    url = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "health", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    yield url, proc, lines, store_dir
    proc.terminate()
    proc.wait(15)


def test_workers_serve_health_and_log(workers_server):
    url, proc, lines, _ = workers_server
    status, headers, body = _get(url + "health")
    assert status == 200 and json.loads(body)["status"] == "ok" and json.loads(body)["store"] == "embedded"
    for _ in range(6):  # spread over both workers
        assert _get(url + f"doc/record/{SEED}.ttl")[0] == 200
    status, headers, _ = _get(url + f"doc/record/{SEED}.ttl", {"Origin": "https://b.org"})
    assert headers["Access-Control-Allow-Origin"] == "https://b.org"
    status, headers, _ = _get(url + f"doc/record/{SEED}.ttl", {"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers
    time.sleep(0.5)
    records = [json.loads(line) for line in lines if line.startswith("{")]
    doc = [r for r in records if r["path"] == f"/doc/record/{SEED}.ttl"]
    assert len(doc) >= 6 and all(r["status"] == 200 and r["ms"] >= 0 and r["bytes"] > 0 for r in doc)
    assert any("gunicorn" in line.lower() or "with gunicorn" in line for line in lines)


def test_workers_follow_a_new_ingest(workers_server):
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local
    from tests.conftest import AUTHORITY, RECORDS

    url, _, _, store_dir = workers_server
    assert _get(url + "doc/record/300653.ttl")[0] == 404
    ingest([RECORDS / "wcda-300653.txt"], open_store(str(store_dir)), Local(BASE), authority=AUTHORITY,
           progress=False)
    assert all(_get(url + "doc/record/300653.ttl")[0] == 200 for _ in range(6))



@pytest.fixture(scope="module", params=["werkzeug", "gunicorn"])
def either_server(request, tmp_path_factory):
    """`lod serve` over one record, as the development server (no ``--workers``) and under gunicorn."""
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local
    from tests.conftest import AUTHORITY, RECORDS

    store_dir = tmp_path_factory.mktemp(request.param) / "s"
    ingest([RECORDS / "wcda-300237.txt"], open_store(str(store_dir)), Local(BASE), authority=AUTHORITY,
           progress=False)
    port = free_port()
    workers = ["--workers", "1"] if request.param == "gunicorn" else []
    proc = subprocess.Popen([sys.executable, "-m", "lod.cli", "serve", "--store", str(store_dir), "--base", BASE,
                             "--port", str(port), *workers], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    yield port
    proc.terminate()
    proc.wait(15)


@pytest.mark.parametrize("method, path, headers, status", [
    ("GET", "/doc/record/300237", {"Accept": "text/turtle"}, 200),
    ("HEAD", "/doc/record/300237.html", {}, 200),
    ("GET", "/doc/record/300237.bib", {}, 200),
    ("GET", "/doc/record/no-such-record", {}, 404),
    ("GET", "/sparql?query=ASK%7B%7D", {"Accept": "application/sparql-results+json"}, 200),
    ("OPTIONS", "/doc/record/300237", {"Origin": "https://x.org", "Access-Control-Request-Method": "GET"}, 200),
])
def test_one_date_header(either_server, method, path, headers, status):
    """Every response has exactly one ``Date`` header, on both servers (werkzeug's sent its own and the
    app's); all header lines are read as they came, duplicates kept."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", either_server, timeout=20)
    conn.request(method, path, headers=headers)
    resp = conn.getresponse()
    resp.read()
    assert resp.status == status
    assert len(resp.headers.get_all("Date") or []) == 1, resp.headers.items()
    if method == "GET" and status == 200 and path.startswith("/doc/"):  # conditional: 304, one Date still
        conn.request("GET", path, headers={**headers, "If-None-Match": resp.headers["ETag"]})
        again = conn.getresponse()
        again.read()
        assert again.status == 304 and len(again.headers.get_all("Date") or []) == 1
    conn.close()


def test_health_reports_a_missing_store(tmp_path):
    from lod.store import open_store
    from lod.web.app import create_app
    client = create_app(Config(store=str(tmp_path / "none"), base=BASE), open_store(str(tmp_path / "none"))).test_client()
    r = client.get("/health")
    assert r.status_code == 503 and r.headers["Retry-After"] and "no store" in r.get_json()["error"]


def test_configuration_from_environment_and_options():
    cfg = Config.from_env({"LOD_BASE": "https://lod.example.org", "LOD_QUERY_TIMEOUT": "3.5", "LOD_ROW_CAP": "50",
                           "LOD_ENDPOINT": "http://db/query", "LOD_CORS_ORIGINS": "https://a.org"}, row_cap=7)
    assert (cfg.base, cfg.query_timeout, cfg.row_cap, cfg.endpoint, cfg.remote, cfg.cors_origins) == (
        "https://lod.example.org/", 3.5, 7, "http://db/query", True, "https://a.org")
    with pytest.raises(ValueError, match="LOD_ROW_CAP"):
        Config.from_env({"LOD_ROW_CAP": "many"})
