"""Start-up stays cheap: importing the app loads none of the heavy libraries the requests that need them load
on first use, and a new app answers /health without having done the work of later requests (the SPARQL
tokeniser's pattern, the rendered documents' stamp). Each check runs in a fresh interpreter, so that nothing
this test process imported counts."""
from __future__ import annotations

import json
import subprocess
import sys

from lod.vocab import RICO
from tests.conftest import AUTHORITY, BASE, RECORDS, ROOT

# imported where they are used (a JSON-LD page, a remote store, rdflib's own SPARQL parser), never at start
HEAVY = ("pyld", "requests", "SPARQLWrapper", "pyparsing", "rdflib.plugins.sparql", "lod.store.remote",
         "jsonschema", "extruct")


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_importing_the_app_loads_no_heavy_library():
    found = _run(f"""
import json, sys
import lod.web.app
from lod.sparql import guard
print(json.dumps({{"heavy": [m for m in {HEAVY!r} if m in sys.modules],
                  "pattern_compiled": guard._token_pattern.cache_info().currsize}}))
""")
    assert found == {"heavy": [], "pattern_compiled": 0}


def test_a_new_app_answers_health_before_doing_the_work_of_other_requests(tmp_path):
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local

    store_dir = tmp_path / "store"
    ingest([RECORDS / "wcda-3283.txt"], open_store(str(store_dir)), Local(BASE), authority=AUTHORITY,
           progress=False)
    found = _run(f"""
import json, sys
from lod.config import Config
from lod.store import open_store
from lod.sparql import guard
from lod.web.app import create_app
from lod.web.cache import render_stamp
from lod.collection import for_serving

config = Config(store={str(store_dir)!r}, base={BASE!r}, access_log=False)
store = open_store(config)
app = create_app(config, store)
cache, client = app.config["LOD_CONTEXT"].cache, app.test_client()
seen = {{"health": client.get("/health").status_code}}
seen["after_health"] = [guard._token_pattern.cache_info().currsize, callable(cache._stamp),
                        [m for m in {HEAVY!r} if m in sys.modules]]
seen["sparql"] = client.get("/sparql", query_string={{"query": "ASK {{ ?s ?p ?o }}"}},
                            headers={{"Accept": "application/sparql-results+json"}}).get_json()
record = next(iter(store.select("SELECT ?r WHERE {{ ?r a <{RICO.Record}> }} LIMIT 1")))["r"]
seen["record"] = client.get(str(record)[len({BASE!r}) - 1:], headers={{"Accept": "text/turtle"}},
                            follow_redirects=True).status_code
seen["after_requests"] = [guard._token_pattern.cache_info().currsize, callable(cache._stamp),
                          cache.stamp == render_stamp(config.base, for_serving(config))]
print(json.dumps(seen))
""")
    assert found["health"] == 200
    assert found["after_health"] == [0, True, []]  # nothing made for the requests still to come
    assert found["sparql"]["boolean"] is True  # made on first use: the query is checked and answered
    assert found["record"] == 200
    assert found["after_requests"] == [1, False, True]  # the document made the stamp, render_stamp's own
