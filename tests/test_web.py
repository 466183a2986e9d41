"""`lod serve` answers SPARQL over HTTP on a real loopback port; bad requests get 4xx, never 500."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import SEED


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_sparql_get_returns_json_results(server):
    url, _ = server
    q = urllib.parse.quote(f"SELECT ?t WHERE {{ <http://lod.test/id/record/{SEED}> "
                           "<http://purl.org/dc/terms/title> ?t }")
    status, headers, body = get(f"{url}sparql?query={q}")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"][0]["t"]["value"].startswith("Ciphered telegram")


@pytest.mark.parametrize("query,status", [("SELEKT", 400), ("", 400)])
def test_bad_queries_get_4xx(server, query, status):
    url, _ = server
    target = f"{url}sparql" + ("" if query is None else "?query=" + urllib.parse.quote(query))
    code, _, body = get(target)
    assert code == status and json.loads(body)["error"]


def test_overlong_query_body_is_413(server):
    url, _ = server
    req = urllib.request.Request(url + "sparql", data=("SELECT * WHERE { ?s ?p ?o } #" + "x" * 150_000).encode(),
                                 headers={"Content-Type": "application/sparql-query"}, method="POST")
    try:
        urllib.request.urlopen(req, timeout=10)
        status = 200
    except urllib.error.HTTPError as e:
        status = e.code
    assert status == 413


def test_overlong_url_is_refused_by_the_server(server):
    url, _ = server
    code, _, _ = get(f"{url}sparql?query=" + "x" * 300_000)
    assert 400 <= code < 500


def test_unknown_path_is_404(server):
    url, _ = server
    assert get(url + "nothing/here")[0] == 404


def test_server_says_where_it_listens(server):
    url, proc = server
    assert proc.poll() is None
    assert any(f"at {url}" in line and "/sparql" in line for line in proc.log)
