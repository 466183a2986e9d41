"""W3C SPARQL 1.1 Protocol tests (``protocol/manifest.ttl``), read-only ones, against our server over HTTP.

Our server runs as a real process (tests.w3c.lodserver: test loading on, union default graph off); each
test's graphs are loaded through ``POST /_test/dataset`` (see tests.w3c.protocol for what is loaded and
what is checked).

Skipped, with the reason shown by pytest:

* update_dataset_default_graph, update_dataset_default_graphs, update_dataset_named_graphs,
  update_dataset_full, update_post_form, update_post_direct, update_base_uri — they expect an update to
  succeed; a read-only endpoint refuses every update, so they do not apply.

The ``bad_update_*`` tests do run: they expect a 4xx, which is what a read-only endpoint must answer to
any update (GET, form or direct POST, whatever its syntax).
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.w3c import MISSING, suite_available

if suite_available():
    from tests.w3c.manifest import load_protocol_tests
    TESTS = load_protocol_tests()
else:
    TESTS = []


@pytest.fixture(scope="module")
def lod_server():
    from tests.w3c.servers import start_lod
    srv = start_lod()
    yield srv
    srv.stop()


@pytest.mark.skipif(not suite_available(), reason=MISSING)
def test_protocol_manifest_read():
    names = {t.short for t in TESTS}
    assert {"query_get", "query_post_form", "query_post_direct", "bad_query_method", "query_multiple_dataset",
            "query_content_type_construct", "bad_query_non_utf8"} <= names
    assert all(t.requests for t in TESTS)


@pytest.mark.skipif(not suite_available(), reason=MISSING)
@pytest.mark.parametrize("test", TESTS or [None], ids=[t.short for t in TESTS] or ["suite-missing"])
def test_protocol(test, lod_server):
    from tests.w3c.protocol import SKIP, run
    if test.short in SKIP:
        pytest.skip(SKIP[test.short])
    problems = run(test, lod_server.url, urlsplit(lod_server.endpoint).path, lod_server.load_url,
                   lod_server.load_method)
    assert not problems, f"{test.short} ({test.name}):\n" + "\n".join(problems)
