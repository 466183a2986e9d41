"""Long GET queries: both servers read request lines long enough for a query of ``LOD_MAX_QUERY_LENGTH``
characters, so the SPARQL endpoint's own limit is the one that answers (414, with CORS headers), and header
lines as long as the development server reads (64 KiB), under `lod serve` and `lod serve --workers 2`."""
from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, SPARQLWrapper

from lod.config import Config
from tests.conftest import AUTHORITY, BASE, RECORDS, Backend, start_lod_serve

TITLE = "http://purl.org/dc/terms/title"
FOUND = ("300237", "113067")  # the records ingested here; every other IRI in the VALUES list matches nothing
LIMIT = Config().max_query_length


def values_query(iris: int, pad_to: int = 0) -> str:
    """A SELECT over a VALUES list of ``iris`` record IRIs (two of which exist), padded with a comment to
    ``pad_to`` characters."""
    ids = list(FOUND) + [str(900000 + i) for i in range(iris - len(FOUND))]
    q = (f"SELECT ?r ?t WHERE {{ VALUES ?r {{ {' '.join(f'<{BASE}id/record/{i}>' for i in ids)} }} "
         f"?r <{TITLE}> ?t }}")
    return q + ("\n#" + "x" * (pad_to - len(q) - 2) if pad_to > len(q) else "")


def get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def found(body: bytes) -> set[str]:
    return {b["r"]["value"].rsplit("/", 1)[-1] for b in json.loads(body)["results"]["bindings"]}


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Backend:
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local

    config = Config(store=str(tmp_path_factory.mktemp("long") / "store"), base=BASE)
    store = open_store(config.store)
    report = ingest([RECORDS / f"wcda-{i}.txt" for i in FOUND], store, Local(BASE), authority=AUTHORITY,
                    progress=False)
    return Backend("embedded", store, report, config)


@pytest.fixture(scope="module", params=["development", "gunicorn"])
def live(request, small):
    srv = start_lod_serve(small, *(("--workers", "2") if request.param == "gunicorn" else ()), LOD_ACCESS_LOG=0)
    yield srv.url
    srv.stop()


@pytest.mark.parametrize("iris", [145, 2600])  # ~5 kB and ~90 kB of query: 6 kB and 112 kB of URL
def test_a_long_get_query_is_answered(live, iris):
    query = values_query(iris)
    assert (5_000, 90_000)[iris > 145] <= len(query) < LIMIT
    status, headers, body = get(f"{live}sparql?query={urllib.parse.quote(query)}")
    assert status == 200, body[:300]
    assert found(body) == set(FOUND)


def test_a_query_over_the_documented_limit_gets_the_endpoints_own_414_with_cors(live):
    query = values_query(120, pad_to=LIMIT + 1)
    status, headers, body = get(f"{live}sparql?query={urllib.parse.quote(query)}", {"Origin": "https://a.org"})
    assert status == 414
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert f"longer than {LIMIT} characters" in json.loads(body)["error"]


def test_a_query_at_the_documented_limit_is_answered(live):
    query = values_query(120, pad_to=LIMIT)
    status, _, body = get(f"{live}sparql?query={urllib.parse.quote(query)}")
    assert status == 200, body[:300]
    assert found(body) == set(FOUND)


def test_a_long_header_line_is_read(live):
    """A browser on the query page sends its URL, query and all, as Referer."""
    referer = f"{live}sparql?query=" + urllib.parse.quote(values_query(1000))
    assert 40_000 < len(referer) < 65_000
    status, _, body = get(f"{live}sparql?query={urllib.parse.quote(values_query(2))}", {"Referer": referer})
    assert status == 200, body[:300]
    assert found(body) == set(FOUND)


def test_sparqlwrapper_and_rdflib_get_a_long_query(live):
    query = values_query(145)
    client = SPARQLWrapper(live + "sparql", agent="lod-archive-tests")
    client.setMethod(GET)
    client.setReturnFormat(JSON)
    client.setQuery(query)
    rows = client.query().convert()["results"]["bindings"]
    assert {r["r"]["value"].rsplit("/", 1)[-1] for r in rows} == set(FOUND)

    store = SPARQLStore(live + "sparql", method="GET", returnFormat="json")
    assert {str(row.r).rsplit("/", 1)[-1] for row in store.query(query)} == set(FOUND)
