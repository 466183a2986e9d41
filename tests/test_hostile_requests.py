"""Hostile requests: fuzzed paths, query strings, headers and bodies on every route never get a 5xx and never
read a file outside the data; raw bytes no HTTP client library would send (invalid UTF-8, control
characters, bad percent-encoding, huge lines and headers, traversal) get a 4xx or a valid answer from the
real servers (Flask's development server and gunicorn) on a loopback port, which keep serving afterwards;
whatever a request carries is escaped in HTML."""
from __future__ import annotations

import os
import re
import socket
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.conftest import BASE, SEED, start_lod_serve

EXAMPLES = int(os.environ.get("LOD_FUZZ_EXAMPLES", "500"))  # LOD_FUZZ_EXAMPLES=20000 for a longer hunt
SECRETS = (b"root:x:0:0", b"[build-system]", b"BEGIN PRIVATE KEY")  # /etc/passwd, pyproject.toml, keys
MARKER = "<x-lod-xss>"
DOC = b"/doc/record/" + SEED.encode()  # the seed record's document
FRAGMENTS = [b"..", b"%2e%2e", b"%2E%2E%2F", b"%2F", b"%5C", b"..%2f", b"..;", b"\\..\\", b"%ZZ", b"%", b"%f",
             b"%ff%fe", b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80", b"%ed%a0%80", b"%c0%af", b"%00", b"\x00",
             b"%0d%0aSet-Cookie:%20x=1", b"\x01\x7f", b"\t", b" ", b"+", b"%20", b"#", b"?", b";", b"//", b"/",
             b"record", b"person", SEED.encode(), b"kim-il-sung", b".ttl", b".html", b".jsonld", b".rdf", b"etc/passwd",
             b"pyproject.toml", b"gen-000001", b"%25", b"{{7*7}}", b"${jndi:x}", b"'\"", MARKER.encode(),
             urllib.parse.quote(MARKER).encode(), "\u202e\ufeff日本".encode(), b"\xf0\x9f\x92\xa9",
             b"a" * 3000]
PARAMS = ["query", "format", "page", "q", "_profile", "default-graph-uri", "named-graph-uri", "update",
          "offset", "limit", "kind", "sort", "", "=", "%ZZ", "query[]"]
ROUTES = ["/", "/sparql", "/id/{}", "/id/record/{}", "/id/person/{}", "/vocab/{}", "/doc/{}", "/doc/record/{}",
          "/doc/person/{}", "/doc/place/{}", "/doc/subject/{}", "/context.jsonld", "/profile/{}", "/void",
          "/.well-known/void", "/dumps/{}", "/sitemap.xml", "/browse", "/browse/{}", "/search", "/health",
          "/static/{}", "/oai", "/{}", "/{}/{}"]
ACCEPTS = ["*/*", "text/html", "text/turtle", "application/ld+json", "application/rdf+xml", "text/*",
           "application/x-bibtex", "text/html;q=abc", "text/html;q=-1", "text/html;q=1e999", ";;;,,,", "*/",
           "text/html;" + "a=b;" * 200, ", ".join(f"type{i}/sub{i};q=0.{i % 10}" for i in range(2000)),
           "\x01\x02", "text/html\x00", "application/sparql-results+json", "text/csv;q=0, */*;q=0"]

segment = st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=12), min_size=0, max_size=6).map(b"".join)
value = st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=20) |
                 st.sampled_from([b"SELECT * WHERE { ?s ?p ?o }", b"ASK {}", b"2", b"-1", b"99999999999999999999",
                                  b"schema", b"alt", b"records", b"people", b"dataset.nq.gz", b"json"]),
                 max_size=4).map(b"".join)
query_string = st.lists(st.tuples(st.sampled_from(PARAMS), value), max_size=5).map(
    lambda pairs: b"&".join(k.encode() + b"=" + v for k, v in pairs))
header_text = st.text(st.characters(min_codepoint=0, max_codepoint=255, blacklist_characters="\r\n"), max_size=60)
headers = st.fixed_dictionaries({}, optional={
    "Accept": st.sampled_from(ACCEPTS) | header_text,
    "Accept-Profile": st.sampled_from([f"<{BASE}profile/schema>", "<>", "<" * 500, "schema"]) | header_text,
    "If-None-Match": st.sampled_from(['"x"', "*", "W/", '"' * 1000]) | header_text,
    "If-Modified-Since": st.sampled_from(["Thu, 01 Jan 1970 00:00:00 GMT", "yesterday", "9" * 100]) | header_text,
    "Origin": st.sampled_from(["http://evil.example", "null", "*"]) | header_text,
    "Content-Type": st.sampled_from(["application/sparql-query", "application/x-www-form-urlencoded",
                                     "multipart/form-data; boundary=x", "text/plain; charset=utf-16"]) | header_text,
    "Range": st.sampled_from(["bytes=0-1", "bytes=-1", "bytes=9-1", "lines=1"]) | header_text,
    "X-Forwarded-For": header_text,
})


@pytest.fixture(scope="module")
def client(dataset):
    """The Flask app over the backend's store, driven in-process: raw bytes go straight into the WSGI
    environ (PATH_INFO percent-decoded and latin-1, as a server hands them over)."""
    from lod.store import open_store
    from lod.web.app import create_app
    config = type(dataset.config)(**{**vars(dataset.config), "access_log": False, "query_timeout": 5.0})
    app = create_app(config, open_store(config))
    app.testing = False  # errors must become answers, as in production, not exceptions in the test
    yield app.test_client()
    app.config["LOD_CONTEXT"].executor.close()


def request(client, method: str, raw_path: bytes, raw_query: bytes, hdrs: dict[str, str], body: bytes = b""):
    environ = {"PATH_INFO": urllib.parse.unquote_to_bytes(raw_path).decode("latin-1"),
               "QUERY_STRING": raw_query.decode("latin-1"), "REQUEST_URI": (raw_path + b"?" + raw_query).decode("latin-1"),
               "RAW_URI": (raw_path + b"?" + raw_query).decode("latin-1")}
    return client.open("/", method=method, environ_overrides=environ, headers=hdrs, data=body)


def check(resp, where: str) -> None:
    body = resp.get_data()
    assert resp.status_code < 500, f"{where}: {resp.status_code} {body[:300]!r}"
    assert not any(s in body for s in SECRETS), f"{where}: a file outside the data was served"
    assert "Set-Cookie" not in resp.headers, where
    if resp.mimetype == "text/html":
        assert MARKER.encode() not in body, f"{where}: markup from the request reached the page unescaped"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(route=st.sampled_from(ROUTES), parts=st.lists(segment, min_size=2, max_size=2), qs=query_string,
       hdrs=headers, method=st.sampled_from(["GET", "GET", "GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE"]),
       body=st.binary(max_size=200))
def test_fuzzed_requests_never_get_5xx(client, route, parts, qs, hdrs, method, body):
    path = route.encode()
    for part in parts:
        path = path.replace(b"{}", part, 1)
    resp = request(client, method, path, qs, hdrs, body if method in ("POST", "PUT") else b"")
    check(resp, f"{method} {path!r}?{qs!r} {hdrs!r}")


ECHOED = [("/search", "q"), ("/search", "page"), ("/browse/records", "page"), ("/browse/people", "q"),
          ("/sparql", "query"), ("/sparql", "format"), (f"/doc/record/{SEED}", "_profile"),
          ("/doc/person/kim-il-sung", "page"), ("/", "q"), ("/oai", "verb")]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80), accept=st.sampled_from(ACCEPTS[:8]))
def test_fuzzed_text_in_every_parameter_is_escaped(client, text, accept):
    payload = (MARKER + text).encode("utf-8", "surrogatepass")
    quoted = urllib.parse.quote_from_bytes(payload, safe="").encode()
    for route, key in ECHOED:
        check(request(client, "GET", route.encode(), key.encode() + b"=" + quoted, {"Accept": accept}),
              f"{route}?{key}={text!r}")
    for route in (b"/doc/record/", b"/doc/person/", b"/id/record/", b"/browse/", b"/doc/"):
        check(request(client, "GET", route + quoted, b"", {"Accept": "text/html"}), f"{route!r}{text!r}")


# --- raw bytes to real servers ------------------------------------------------------------------------------

def raw_exchange(url: str, data: bytes, timeout: float = 20) -> tuple[int | None, bytes, bytes]:
    """Send ``data`` as is on a new connection; (status or None when the server closed without answering,
    head, body)."""
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        try:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
        except OSError:  # the server may refuse the rest of an oversized request and reset
            pass
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    reply = b"".join(chunks)
    m = re.match(rb"HTTP/1\.[01] (\d{3})", reply)
    head, _, body = reply.partition(b"\r\n\r\n")
    return (int(m.group(1)) if m else None), head, body


def get(target: bytes, *extra: bytes, method: bytes = b"GET", version: bytes = b"HTTP/1.1", body: bytes = b"") -> bytes:
    lines = [method + b" " + target + b" " + version, b"Host: 127.0.0.1", b"Connection: close", *extra]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


RAW = {
    "traversal": get(b"/doc/../../etc/passwd"),
    "traversal, encoded": get(b"/doc/%2e%2e/%2e%2e/etc/passwd"),
    "traversal, static": get(b"/static/../../pyproject.toml"),
    "traversal, static encoded": get(b"/static/%2e%2e%2f%2e%2e%2fpyproject.toml"),
    "traversal, backslashes": get(b"/static/..\\..\\pyproject.toml"),
    "traversal, dumps": get(b"/dumps/..%2f..%2fgen-000001.json"),
    "double slash": get(b"//etc/passwd"),
    "absolute form": get(b"http://evil.example/etc/passwd"),
    "invalid percent-encoding": get(b"/doc/record/%ZZ%2"),
    "raw invalid UTF-8 in the path": get(b"/doc/record/\xff\xfe\xc3\x28"),
    "raw invalid UTF-8 in the query": get(b"/search?q=\xff\xfe"),
    "encoded invalid UTF-8 in the query": get(b"/search?q=%ff%fe%c0%af"),
    "overlong UTF-8 in a SPARQL query": get(b"/sparql?query=%E0%80%AF"),
    "surrogate in the path": get(b"/doc/person/%ed%a0%80"),
    "NUL in the path": get(DOC + b"%00.ttl"),
    "raw NUL in the path": get(b"/doc/record/32\x0083"),
    "control characters in the path": get(b"/doc/record/a\x01\x1b[31mb"),
    "header injection in the path": get(b"/id/record/%0d%0aSet-Cookie:%20x=1"),
    "very long URL": get(b"/doc/record/" + b"a" * 100_000),
    "very long query string": get(b"/search?q=" + b"x" * 60_000),
    "huge Accept": get(DOC, b"Accept: " + b"text/html;q=0.5, " * 4000),
    "Accept with control characters": get(DOC, b"Accept: \x01\x02text/\x7fhtml"),
    "Accept with invalid UTF-8": get(DOC, b"Accept: text/\xff\xfe"),
    "Accept with a bad q": get(DOC, b"Accept: text/html;q=abc, */*;q=nan"),
    "many headers": get(DOC, *(b"X-H%d: v" % i for i in range(300))),
    "garbage Host": get(b"/", b"Host: \xff\xfe<script>"),
    "garbage If-Modified-Since": get(DOC, b"If-Modified-Since: \xff" * 3),
    "huge page number": get(b"/browse/records?page=99999999999999999999999999"),
    "negative page": get(b"/browse/records?page=-5"),
    "page on a document": get(b"/doc/person/kim-il-sung?page=1e9"),
    "empty parameters": get(DOC + b"?%zz=%zz&&&==&page&_profile"),
    "bad Content-Length": get(b"/sparql", b"Content-Type: application/sparql-query", b"Content-Length: abc",
                              method=b"POST", body=b"ASK {}"),
    "negative Content-Length": get(b"/sparql", b"Content-Type: application/sparql-query",
                                   b"Content-Length: -5", method=b"POST", body=b"ASK {}"),
    "bad chunked body": get(b"/sparql", b"Content-Type: application/sparql-query",
                            b"Transfer-Encoding: chunked", method=b"POST", body=b"zz\r\nASK {}\r\n0\r\n\r\n"),
    "UTF-16 query body": get(b"/sparql", b"Content-Type: application/sparql-query", b"Content-Length: 14",
                             method=b"POST", body="ASK {}".encode("utf-16")),
    "unknown method": get(DOC, method=b"PROPFIND"),
    "HTTP/1.0 without Host": b"GET " + DOC + b" HTTP/1.0\r\n\r\n",
    "HTTP/9.9": get(b"/", version=b"HTTP/9.9"),
    "not HTTP at all": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 40 + b"\r\n\r\n",
    "garbage request line": b"GARBAGE\r\n\r\n",
}
# answers a server may give by closing the connection instead of a status line (it is not HTTP we can answer)
MAY_CLOSE = {"HTTP/9.9", "not HTTP at all", "garbage request line", "bad chunked body"}


@pytest.fixture(scope="module", params=["development", "gunicorn"])
def live(request, dataset):
    """A real `lod serve` over the backend's store: the development server, or gunicorn with 2 workers."""
    args = ("--workers", "2") if request.param == "gunicorn" else ()
    srv = start_lod_serve(dataset, *args, LOD_ACCESS_LOG=0)
    yield srv.url
    srv.stop()


@pytest.mark.embedded_only("what reaches the store is checked by the in-process fuzz for both backends")
@pytest.mark.parametrize("name", list(RAW))
def test_raw_hostile_bytes_get_4xx_or_an_answer(live, backend, name):
    status, head, body = raw_exchange(live, RAW[name])
    if status is None:
        assert name in MAY_CLOSE, f"{name}: the server closed the connection without answering"
    else:
        assert status < 500, f"{name}: {status} {head[:200]!r} {body[:300]!r}"
        assert not any(s in body for s in SECRETS), f"{name}: a file outside the data was served"
        assert b"\nSet-Cookie" not in head, f"{name}: a header was injected"
    assert raw_exchange(live, get(b"/health"))[0] == 200, f"{name}: the server stopped answering"
