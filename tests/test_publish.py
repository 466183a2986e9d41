"""Linked Data publishing against a real server on a loopback port with the corpus ingested:
303 → document, negotiation (q-values, wildcards, 406), headers (Vary, Link, ETag, 304, HEAD, CORS),
every RDF format re-parsed by rapper and rdflib, profiles, citations, 404/400, dataset description."""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest
from rdflib import Dataset, Graph, URIRef

from tests.conftest import BASE, SEED

RECORD = f"record/{SEED}"
PERSON = "person/kim-il-sung"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(NoRedirect)


def fetch(url: str, method: str = "GET", headers: dict | None = None, follow: bool = False):
    req = urllib.request.Request(url, method=method, headers=headers or {})
    opener = urllib.request.build_opener() if follow else _opener
    try:
        with opener.open(req, timeout=20) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_thing_uri_answers_303_to_the_document(server):
    url, _ = server
    for accept in ("text/turtle", "text/html", "application/ld+json", "*/*"):
        status, headers, _ = fetch(url + "id/" + RECORD, headers={"Accept": accept})
        assert status == 303 and headers["Location"].endswith("/doc/" + RECORD)
    status, headers, _ = fetch(url + "id/" + RECORD + "?_profile=schema")
    assert status == 303 and headers["Location"].endswith(f"/doc/record/{SEED}?_profile=schema")
    status, headers, body = fetch(url + "id/" + RECORD, headers={"Accept": "text/turtle"}, follow=True)
    assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert (URIRef(BASE + "id/" + RECORD), None, None) in Graph().parse(data=body, format="turtle")


@pytest.mark.parametrize("accept,expected", [
    ("text/turtle", "text/turtle; charset=utf-8"),
    ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml; charset=utf-8"),
    ("application/n-triples", "application/n-triples"),
    ("text/html", "text/html; charset=utf-8"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8", "text/html; charset=utf-8"),
    ("application/ld+json, application/trig, text/turtle;q=0.9, */*;q=0.1", "application/ld+json"),
    ("application/sparql-results+xml, application/rdf+xml", "application/rdf+xml; charset=utf-8"),
    ("text/turtle;q=0.5, application/ld+json;q=0.6", "application/ld+json"),
    ("text/turtle;q=0.9, application/n-triples", "application/n-triples"),
    ("application/*", "application/ld+json"),
    ("text/*", "text/turtle; charset=utf-8"),
    ("*/*", "text/turtle; charset=utf-8"),
    ("", "text/turtle; charset=utf-8"),
    ("application/x-bibtex", "application/x-bibtex; charset=utf-8"),
    ("text/x-bibliography", "text/x-bibliography; charset=utf-8"),
])
def test_accept_matrix(server, accept, expected):
    url, _ = server
    status, headers, _ = fetch(url + "doc/" + RECORD, headers={"Accept": accept} if accept else {})
    assert status == 200 and headers["Content-Type"] == expected


@pytest.mark.parametrize("accept", ["image/png", "application/json;q=0, text/csv", "text/turtle;q=0"])
def test_unsatisfiable_accept_is_406_listing_the_types(server, accept):
    url, _ = server
    status, _, body = fetch(url + "doc/" + RECORD, headers={"Accept": accept, "User-Agent": "test"})
    assert status == 406
    assert "text/turtle" in body.decode() and "application/ld+json" in body.decode()


def test_headers_vary_link_etag_cors(server):
    url, _ = server
    status, headers, _ = fetch(url + "doc/" + RECORD, headers={"Origin": "https://example.org"})
    assert status == 200
    assert "Accept" in headers["Vary"]
    assert headers["Access-Control-Allow-Origin"] == "*"
    links = headers["Link"]
    for suffix, media in ((".ttl", "text/turtle"), (".jsonld", "application/ld+json"), (".rdf", "application/rdf+xml"),
                          (".nt", "application/n-triples"), (".html", "text/html")):
        assert f'/doc/{RECORD}{suffix}>; rel="alternate"; type="{media}"' in links
    assert headers["ETag"] and headers["Last-Modified"]
    status, _, body = fetch(url + "doc/" + RECORD, headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _, _ = fetch(url + "doc/" + RECORD, headers={"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    other = fetch(url + "doc/" + RECORD, headers={"Accept": "application/ld+json"})[1]["ETag"]
    assert other != headers["ETag"]


def test_head_is_like_get(server):
    url, _ = server
    s1, h1, b1 = fetch(url + "doc/" + RECORD, headers={"Accept": "text/turtle"})
    s2, h2, b2 = fetch(url + "doc/" + RECORD, method="HEAD", headers={"Accept": "text/turtle"})
    assert (s1, h1["Content-Type"], h1["ETag"]) == (s2, h2["Content-Type"], h2["ETag"]) and b2 == b""
    assert fetch(url + "id/" + RECORD, method="HEAD")[0] == 303


def test_cors_preflight(server):
    url, _ = server
    status, headers, _ = fetch(url + "doc/" + RECORD, method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "Accept-Profile"})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == "*"
    assert "accept-profile" in headers["Access-Control-Allow-Headers"].lower()



def preflight(url: str, method: str) -> tuple[int, object]:
    status, headers, _ = fetch(url, method="OPTIONS", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": method})
    return status, headers


@pytest.mark.parametrize("path, methods", [
    ("doc/record/300237", "GET, HEAD, OPTIONS"), ("id/record/300237", "GET, HEAD, OPTIONS"),
    ("doc/record/300237.ttl", "GET, HEAD, OPTIONS"), ("void", "GET, HEAD, OPTIONS"),
    ("sparql", "GET, HEAD, POST, OPTIONS")])
def test_cors_preflight_names_only_the_methods_the_route_answers(server, path, methods):
    url, _ = server
    status, headers = preflight(url + path, "GET")
    assert status == 200 and headers["Access-Control-Allow-Methods"] == methods
    assert preflight(url + path, "POST")[1].get("Access-Control-Allow-Methods") == methods
    for write in ("PUT", "PATCH", "DELETE"):  # no route takes these: not approved anywhere
        assert "Access-Control-Allow-Methods" not in preflight(url + path, write)[1]


RDF_SUFFIXES = {"ttl": ("turtle", "turtle"), "jsonld": ("json-ld", None), "rdf": ("xml", "rdfxml"),
                "nt": ("nt", "ntriples")}


@pytest.mark.parametrize("path", [RECORD, PERSON, "place/pyongyang", "corporate-body/avp-rf",
                                  "record-set/avp-rf/fond-059a", "record/300653"])
@pytest.mark.parametrize("suffix", sorted(RDF_SUFFIXES))
def test_every_rdf_format_parses_with_rdflib(server, path, suffix):
    url, _ = server
    status, headers, body = fetch(f"{url}doc/{path}.{suffix}")
    assert status == 200, body[:300]
    g = Graph().parse(data=body, format=RDF_SUFFIXES[suffix][0], publicID=BASE)
    assert (URIRef(BASE + "id/" + path), None, None) in g


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed; "
                                                           ".ci/run installs it")
@pytest.mark.parametrize("suffix", ["ttl", "rdf", "nt"])
@pytest.mark.parametrize("path", [RECORD, PERSON, "record/300653"])
def test_rdf_formats_parse_with_rapper(server, tmp_path, path, suffix):
    url, _ = server
    _, _, body = fetch(f"{url}doc/{path}.{suffix}")
    f = tmp_path / f"doc.{suffix}"
    f.write_bytes(body)
    res = subprocess.run(["rapper", "-q", "-i", RDF_SUFFIXES[suffix][1], "-o", "ntriples", str(f), BASE],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and not res.stderr.strip(), res.stderr
    ours = Graph().parse(data=body, format=RDF_SUFFIXES[suffix][0], publicID=BASE)
    theirs = Graph().parse(data=res.stdout, format="nt")
    assert len(theirs) == len(ours) > 20


def test_json_ld_is_compact_with_our_context(server):
    url, _ = server
    _, _, body = fetch(url + "doc/" + RECORD + ".jsonld")
    doc = json.loads(body)
    assert doc["@context"]["rico"] == "https://www.ica.org/standards/RiC/ontology#"
    status, headers, ctx = fetch(url + "context.jsonld")
    assert status == 200 and headers["Content-Type"] == "application/ld+json"
    assert json.loads(ctx)["@context"] == doc["@context"]


@pytest.mark.parametrize("path", [RECORD, PERSON, "place/pyongyang", "record-set/avp-rf/fond-059a"])
@pytest.mark.parametrize("profile", ["rico", "schema"])
def test_json_ld_reads_back_as_the_turtle_graph(server, path, profile):
    """Our compacted JSON-LD (pyoxigraph's expanded form with IRIs compacted) is the same graph as the
    Turtle, read by rdflib and by PyLD (a JSON-LD 1.1 processor)."""
    from pyld import jsonld
    from rdflib.compare import isomorphic

    url, _ = server
    turtle = Graph().parse(data=fetch(f"{url}doc/{path}.ttl?_profile={profile}")[2], format="turtle")
    body = fetch(f"{url}doc/{path}.jsonld?_profile={profile}")[2]
    assert isomorphic(Graph().parse(data=body, format="json-ld"), turtle)
    nquads = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=nquads, format="nt"), turtle) and len(turtle) > 3


def test_profiles(server):
    url, _ = server
    full = Graph().parse(data=fetch(url + "doc/" + RECORD + ".ttl")[2], format="turtle")
    status, headers, body = fetch(url + "doc/" + RECORD, headers={
        "Accept": "text/turtle", "Accept-Profile": f"<{BASE}profile/schema>;q=1, <{BASE}profile/rico>;q=0.5"})
    assert status == 200 and headers["Content-Profile"] == f"<{BASE}profile/schema>"
    schema = Graph().parse(data=body, format="turtle")
    preds = {str(p) for _, p, _ in schema}
    assert all(p.startswith(("https://schema.org/", "http://purl.org/dc/terms/")) or
               p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" for p in preds)
    assert len(schema) < len(full)
    assert fetch(url + "doc/" + RECORD + "?_profile=rico")[1]["Content-Profile"] == f"<{BASE}profile/rico>"
    assert fetch(url + "doc/" + RECORD, headers={"Accept-Profile": "<http://other/profile>"})[0] == 406
    status, _, body = fetch(url + "doc/" + RECORD + "?_profile=alt", headers={"Accept": "text/turtle"})
    alt = Graph().parse(data=body, format="turtle")
    assert status == 200 and len(set(alt.objects(None, URIRef("http://www.w3.org/ns/dx/prof/hasToken")))) == 2


def test_unknown_uri_404_in_the_negotiated_format(server):
    url, _ = server
    status, headers, body = fetch(url + "doc/record/no-such-record", headers={"Accept": "text/turtle"})
    assert status == 404 and headers["Content-Type"].startswith("text/turtle")
    Graph().parse(data=body, format="turtle")
    status, headers, _ = fetch(url + "doc/record/no-such-record", headers={"Accept": "text/html"})
    assert status == 404 and headers["Content-Type"].startswith("text/html")
    status, headers, body = fetch(url + "doc/record/no-such-record.jsonld")
    assert status == 404 and headers["Content-Type"] == "application/ld+json"
    json.loads(body)


@pytest.mark.parametrize("path", ["doc/record", "doc/..%2F..%2Fetc%2Fpasswd", "doc/record/%00x", "doc/record/%ff%fe",
                                  "doc/" + "a/" * 700 + "b", "id/record/%0d%0aX-Injected:%201"])
def test_malformed_paths_are_400(server, path):
    url, _ = server
    status, headers, _ = fetch(url + path)
    assert 400 <= status < 500 and "X-Injected" not in headers


def test_path_traversal_never_leaves_the_data(server):
    url, _ = server
    for path in ("doc/../../etc/passwd", "dumps/..%2F..%2Fetc%2Fpasswd", "dumps/../../../etc/passwd",
                 "static/../../pyproject.toml"):
        status, _, body = fetch(url + path)
        assert status in (400, 404) and b"root:" not in body and b"[project]" not in body


def test_keys_escape_and_round_trip(tmp_path):
    from lod.config import Config
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local
    from lod.web.app import create_app

    rows = [{"record_id": rid, "title": f"Letter, A to B ({rid})", "original_publication_date": "1950",
             "text_body": "Dear B"} for rid in ("a+b", "x:y/z", "with space", "Тбилиси-1", "100%")]
    src = tmp_path / "odd.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    store = open_store(str(tmp_path / "s"))
    ingest([src], store, Local(BASE), progress=False)
    client = create_app(Config(store=str(tmp_path / "s"), base=BASE), store).test_client()
    for rid in ("a+b", "x:y/z", "with space", "Тбилиси-1", "100%"):
        path = "/doc/record/" + urllib.parse.quote(rid, safe="/:+")
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200, (rid, r.data[:200])
        assert f"Letter, A to B ({rid})" in r.data.decode()
        r = client.get("/id/record/" + urllib.parse.quote(rid, safe="/:+"))
        assert r.status_code == 303


def test_void_and_well_known(server):
    url, _ = server
    for path in ("void", ".well-known/void"):
        status, headers, body = fetch(url + path, headers={"Accept": "text/turtle"})
        assert status == 200
        g = Graph().parse(data=body, format="turtle")
        ds = URIRef(BASE + "void#dataset")
        v = "http://rdfs.org/ns/void#"
        assert g.value(ds, URIRef(v + "uriSpace")).toPython() == BASE + "id/"
        assert g.value(ds, URIRef(v + "sparqlEndpoint")) == URIRef(BASE + "sparql")
        assert int(g.value(ds, URIRef(v + "triples"))) > 1000
        assert len(list(g.objects(ds, URIRef(v + "dataDump")))) == 2
        assert g.value(ds, URIRef("http://purl.org/dc/terms/license")) is not None


def test_dumps_are_served_and_complete(server, tmp_path):
    url, proc = server
    status, headers, body = fetch(url + "dumps/dataset.nq.gz")
    assert status == 200 and int(headers["Content-Length"]) == len(body)
    ds = Dataset()
    ds.parse(data=gzip.decompress(body), format="nquads")
    assert len(list(ds.graphs())) > 29
    status, _, body = fetch(url + "dumps/dataset.ttl")
    assert status == 200 and len(Graph().parse(data=body, format="turtle")) > 1000
    assert fetch(url + "dumps/secrets.txt")[0] == 404


def test_sitemap_lists_record_pages(server):
    url, _ = server
    status, _, body = fetch(url + "sitemap.xml")
    assert status == 200 and body.count(b"<url>") == 29 and f"{BASE}doc/record/{SEED}".encode() in body


def test_person_description_includes_what_points_to_it(server):
    url, _ = server
    g = Graph().parse(data=fetch(url + "doc/" + PERSON + ".ttl")[2], format="turtle")
    records = set(g.subjects(URIRef("https://www.ica.org/standards/RiC/ontology#hasOrHadSubject"),
                             URIRef(BASE + "id/" + PERSON)))
    assert len(records) >= 4
    assert all(g.value(r, URIRef("http://www.w3.org/2000/01/rdf-schema#label")) for r in records)


def test_gunicorn_serves_the_same_app(dataset, tmp_path):
    import sys
    import time

    from tests.conftest import ROOT, free_port
    port = free_port()
    env = dataset.wsgi_env()  # the store named by the environment alone (LOD_STORE, or LOD_ENDPOINT and co.)
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
                             "lod.web.wsgi:app"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 30
        status = None
        while time.time() < deadline:
            try:
                status, headers, body = fetch(f"http://127.0.0.1:{port}/doc/{RECORD}.ttl")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200 and headers["Content-Type"] == "text/turtle; charset=utf-8"
    finally:
        proc.terminate()
        proc.wait(10)


def test_citations_by_negotiation_parse_back(server):
    import bibtexparser
    import rispy

    url, _ = server
    status, headers, body = fetch(url + "id/" + RECORD, headers={"Accept": "application/vnd.citationstyles.csl+json"},
                                  follow=True)
    assert status == 200 and headers["Content-Type"] == "application/vnd.citationstyles.csl+json"
    (item,) = json.loads(body)
    assert item["issued"]["date-parts"] == [[1950, 4, 10]] and item["URL"] == BASE + "id/" + RECORD
    assert "AVP RF, Fond 059a" in item["archive_location"]
    _, headers, body = fetch(url + "doc/" + RECORD, headers={"Accept": "application/x-bibtex"})
    (entry,) = bibtexparser.parse_string(body.decode()).entries
    assert entry["year"] == "1950" and "Vyshinsky" in entry["title"]
    _, headers, body = fetch(url + "doc/" + RECORD, headers={"Accept": "application/x-research-info-systems"})
    assert headers["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    (ris,) = rispy.loads(body.decode())
    assert ris["year"] == "1950" and ris["urls"] == [BASE + "id/" + RECORD]
    _, _, body = fetch(url + "doc/" + RECORD, headers={"Accept": "text/x-bibliography"})
    text = body.decode()
    assert text.startswith('"Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky,"'
                           " April 10, 1950, History and Public Policy Program Digital Archive, APRF")
    assert text.strip().endswith(BASE + "id/" + RECORD)
    # citation types are for records only
    status, _, _ = fetch(url + "doc/" + PERSON, headers={"Accept": "application/x-bibtex"})
    assert status == 406
