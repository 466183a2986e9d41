"""Authority links: the curated links file, the statements it publishes, and ``lod link`` against real
endpoints — ``oxigraph serve`` loaded with a small Wikidata-shaped fixture, and loopback HTTP servers that
answer 429, 503, nothing at all, or count requests."""
from __future__ import annotations

import csv
import http.server
import json
import re
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from lod.linking import AuthorityLink, LinkError, link_counts, link_triples, load_links
from lod.linking.authorities import check_entities, parse_links
from lod.linking.client import AuthorityClient, EndpointError, Politeness
from lod.linking.lookup import Name
from lod.names.authority import load_authority
from lod.vocab import Local
from tests.conftest import AUTHORITY, BASE, ROOT, Oxigraph, free_port, run_lod

FIXTURE = ROOT / "tests" / "fixtures" / "wikidata" / "items.ttl"
LINKS = ROOT / "data" / "authorities" / "links.tsv"
README = ROOT / "README.md"
WD = "http://www.wikidata.org/entity/"

TEST_AUTHORITY = """kind\tkey\tlabel\tlang\tvariants\tnote
person\tstalin-iosif\tJoseph Stalin\ten\tStalin|Iosif Stalin|Filippov\tSoviet leader; Chairman of the USSR Council of Ministers 1941-1953
person\tkim-il-sung\tKim Il Sung\tko-Latn\tKim Il-sung|KIM IL SUNG\tLeader of North Korea; Premier of the DPRK from 1948
person\tnam-il\tNam Il\tko-Latn\tNam Ir\tMinister of Foreign Affairs of the DPRK 1953-1959
person\tgromyko-andrei\tAndrei Gromyko\tru-Latn\tGromyko|Andrey Gromyko\tMinister of Foreign Affairs of the USSR 1957-1985
organisation\tnato\tNorth Atlantic Treaty Organization\ten\tNATO\t
place\tmoscow\tMoscow\ten\tMoskva\tCapital of the Soviet Union and of Russia
place\tsoviet-union\tSoviet Union\ten\tUSSR\t
place\trussia\tRussia\ten\tRussian Federation\t
place\tnorth-korea\tNorth Korea\ten\tDPRK\t
"""
TEST_LINKS = """# links for the tests
entity\tscheme\tid\tstatus\tlabel\tevidence
place/north-korea\twikidata\tQ423\tconfirmed\tNorth Korea\tsovereign state in East Asia
place/russia\twikidata\tQ159\tconfirmed\tRussia\tsovereign state in Eastern Europe and Northern Asia
place/soviet-union\twikidata\tQ15180\tconfirmed\tSoviet Union\tfederal socialist country (1922–1991)
"""
STALIN_CONFIRMED = "person/stalin-iosif\twikidata\tQ855\tconfirmed\tJoseph Stalin\tb. 1878, d. 1953\n"


# --- the links file and what it publishes --------------------------------------------------------------------

def test_link_triples_predicates_by_kind_and_status():
    links = [AuthorityLink("person/stalin-iosif", "wikidata", "Q855", "confirmed", "Joseph Stalin", "b. 1878"),
             AuthorityLink("place/moscow", "wikidata", "Q649", "confirmed", "Moscow", "capital of Russia"),
             AuthorityLink("organisation/nato", "wikidata", "Q7184", "confirmed", "NATO", "alliance"),
             AuthorityLink("place/moscow", "geonames", "524901", "candidate"),
             AuthorityLink("person/kim-il-sung", "viaf", "12345", "candidate"),
             AuthorityLink("person/nam-il", "wikidata", "Q990000004", "rejected", "Nam Il", "businessman")]
    local = Local(BASE)
    triples = link_triples(local, links)
    assert triples == sorted(triples)
    assert set(triples) == {
        (URIRef(BASE + "id/person/stalin-iosif"), OWL.sameAs, URIRef(WD + "Q855")),
        (URIRef(BASE + "id/place/moscow"), SKOS.exactMatch, URIRef(WD + "Q649")),
        (URIRef(BASE + "id/corporate-body/nato"), SKOS.exactMatch, URIRef(WD + "Q7184")),
        (URIRef(BASE + "id/place/moscow"), SKOS.closeMatch, URIRef("https://sws.geonames.org/524901/")),
        (URIRef(BASE + "id/person/kim-il-sung"), SKOS.closeMatch, URIRef("http://viaf.org/viaf/12345")),
    }


def test_every_term_exists_in_its_vocabulary():
    published = {str(OWL._NS): set(OWL.__annotations__), str(SKOS._NS): set(SKOS.__annotations__)}
    links = load_links(LINKS) + [AuthorityLink("place/asia", "wikidata", "Q48", "candidate")]
    for _, predicate, _ in link_triples(Local(BASE), links):
        ns = next(n for n in published if str(predicate).startswith(n))
        assert str(predicate)[len(ns):] in published[ns], predicate


@pytest.mark.parametrize("row, message", [
    ("person/stalin-iosif\twikidata\tQ855\tconfirmed\tJoseph Stalin", "expected 6 tab-separated columns, got 5"),
    ("people/stalin\twikidata\tQ855\tcandidate\t\t", "is not kind/key"),
    ("person/stalin-iosif\twikipedia\tQ855\tcandidate\t\t", "unknown scheme 'wikipedia'"),
    ("person/stalin-iosif\twikidata\t855\tcandidate\t\t", "'855' is not a wikidata identifier (Q followed by digits)"),
    ("place/moscow\tgeonames\tQ649\tcandidate\t\t", "'Q649' is not a geonames identifier (digits)"),
    ("person/stalin-iosif\twikidata\tQ855\tsure\t\t", "unknown status 'sure'"),
    ("person/stalin-iosif\twikidata\tQ855\tconfirmed\tJoseph Stalin\t", "a confirmed link needs its evidence"),
    ("person/stalin-iosif\twikidata\tQ855\tcandidate\t\t", "duplicate link person/stalin-iosif → wikidata:Q855 "
                                                           "(first on line 3)"),
    ("person/stalin-iosif\twikidata\tQ9\tconfirmed\tX\tY", "already has a confirmed wikidata link Q855 (line 3)"),
])
def test_malformed_row_names_file_and_line(tmp_path, row, message):
    path = tmp_path / "links.tsv"
    path.write_text("# comment\nentity\tscheme\tid\tstatus\tlabel\tevidence\n" + STALIN_CONFIRMED + row + "\n",
                    encoding="utf-8")
    with pytest.raises(LinkError) as err:
        load_links(path)
    assert str(err.value).startswith(f"{path}:4: ")
    assert message in str(err.value)


def test_missing_or_wrong_header(tmp_path):
    with pytest.raises(LinkError, match=r"^x\.tsv:2: header must be entity \| scheme"):
        parse_links("# only a comment\nentity\tscheme\tid\n", "x.tsv")
    with pytest.raises(LinkError, match=r"^x\.tsv:1: missing header"):
        parse_links("# nothing\n", "x.tsv")


def test_malformed_links_file_is_a_usage_error(tmp_path):
    auth, links = _files(tmp_path, extra_links="person/nam-il\twikidata\tQ-1\tcandidate\t\t\n")
    r = run_lod("link", "--endpoint", "http://127.0.0.1:9/sparql", "--authority", str(auth), "--links", str(links),
                "--store", str(tmp_path / "none"), "-o", str(tmp_path / "c.csv"))
    assert r.returncode == 2
    assert f"{links}:6: 'Q-1' is not a wikidata identifier" in r.stderr


def test_the_curated_links_file():
    links = load_links(LINKS)
    assert links, "data/authorities/links.tsv is empty"
    assert not check_entities(links, (e.path for e in load_authority(AUTHORITY)))
    for link in links:
        assert link.label, f"line {link.line}: the authority's own label is missing"
        if link.status == "confirmed":
            assert len(link.evidence) > 30, f"line {link.line}: say what the authority says that matches"
        if link.status == "candidate":
            assert "not checked" in link.evidence or "unchecked" in link.evidence or "conflict" in link.evidence, \
                f"line {link.line}: a candidate says why it is not confirmed"
    rows = [(link.entity, link.scheme, link.id) for link in links]
    assert rows == sorted(rows), "links.tsv is kept sorted by entity, scheme, id"


def test_readme_reports_the_counts():
    counts = link_counts(load_links(LINKS))
    section = README.read_text(encoding="utf-8").split("## Authorities and linking", 1)[1].split("\n## ", 1)[0]
    m = re.search(r"\*\*(\d+) entities\*\* have confirmed links.*?\*\*(\d+)\*\* more have candidate", section, re.S)
    assert m, "the README section states the counts"
    assert (int(m.group(1)), int(m.group(2))) == (counts["confirmed"], counts["candidate"])


def test_link_counts_counts_entities_not_rows():
    links = [AuthorityLink("place/moscow", "wikidata", "Q649", "confirmed", "Moscow", "capital of Russia"),
             AuthorityLink("place/moscow", "geonames", "524901", "confirmed", "Moscow", "capital of Russia"),
             AuthorityLink("place/asia", "wikidata", "Q48", "candidate"),
             AuthorityLink("place/asia", "geonames", "6255147", "candidate"),
             AuthorityLink("person/nam-il", "wikidata", "Q990000003", "candidate"),
             AuthorityLink("person/nam-il", "wikidata", "Q990000004", "rejected"),
             AuthorityLink("place/moscow", "wikidata", "Q990000101", "candidate")]
    assert link_counts(links) == {"confirmed": 1, "candidate": 2}


# --- lod link against oxigraph serve with the Wikidata-shaped fixture --------------------------------------

@pytest.fixture(scope="module")
def wikidata(tmp_path_factory):
    """``oxigraph serve`` on a loopback port with the fixture in its default graph; yields the query URL."""
    oxi = Oxigraph(tmp_path_factory.mktemp("wikidata") / "data").start()
    req = urllib.request.Request(f"{oxi.url}/store?default", data=FIXTURE.read_bytes(), method="POST",
                                 headers={"Content-Type": "text/turtle"})
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.status in (200, 201, 204)
    yield oxi.query_url
    oxi.stop()


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """An embedded store with three records (1950, 1950, 1957) naming some of the test entities."""
    from lod.store import open_store
    path = tmp_path_factory.mktemp("records") / "store"
    store = open_store(str(path))
    local = Local(BASE)
    named = {"1": ("1950-04-10", ["person/kim-il-sung", "person/nam-il", "place/moscow"]),
             "2": ("1950-06", ["person/kim-il-sung", "person/stalin-iosif"]),
             "3": ("1957", ["person/gromyko-andrei", "organisation/nato"])}
    segment = {"person": "person", "place": "place", "organisation": "corporate-body"}
    with store.writer(replace=True) as w:
        for key, (created, entities) in named.items():
            rec = local.entity("record", key)
            kind = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(created)]
            triples = [(rec, DCTERMS.created, Literal(created, datatype=URIRef(f"http://www.w3.org/2001/XMLSchema#{kind}")))]
            triples += [(rec, URIRef("http://schema.org/mentions"), local.entity(segment[p.split("/")[0]], p.split("/")[1]))
                        for p in entities]
            w.put_graph(str(local.graph("record", key)), triples, f"digest-{key}")
    store.close()
    return path


def _files(tmp_path: Path, extra_links: str = "", authority: str = TEST_AUTHORITY) -> tuple[Path, Path]:
    auth, links = tmp_path / "entities.tsv", tmp_path / "links.tsv"
    auth.write_text(authority, encoding="utf-8")
    links.write_text(TEST_LINKS + extra_links, encoding="utf-8")
    return auth, links


def _link(tmp_path: Path, endpoint: str, store: Path, auth: Path, links: Path, *extra: str):
    out = tmp_path / "candidates.csv"
    r = run_lod("link", "--endpoint", endpoint, "--authority", str(auth), "--links", str(links), "--store", str(store),
                "--base", BASE, "-o", str(out), "--interval", "0", *extra)
    rows = list(csv.DictReader(out.open(encoding="utf-8"))) if out.exists() else []
    return r, rows


def _ranked(rows: list[dict], entity: str) -> list[tuple[str, float]]:
    return [(r["id"], float(r["score"])) for r in rows if r["entity"] == entity]


def test_candidates_ranked_over_decoys(tmp_path, wikidata, records):
    auth, links = _files(tmp_path)
    r, rows = _link(tmp_path, wikidata, records, auth, links, "--min-score", "-1")
    assert r.returncode == 0, r.stderr
    # Kim Il Sung: the leader over a footballer born forty years after the records
    kim = _ranked(rows, "person/kim-il-sung")
    assert [q for q, _ in kim] == ["Q990000001", "Q990000002"]
    assert kim[0][1] > 0.5 > kim[1][1]
    decoy = next(row for row in rows if row["id"] == "Q990000002")
    assert "born after our first record (1950)" in decoy["evidence"]
    # Nam Il: the minister (office, country, dates) over a businessman and a village
    assert [q for q, _ in _ranked(rows, "person/nam-il")] == ["Q990000003", "Q990000004", "Q990000005"]
    minister = next(row for row in rows if row["id"] == "Q990000003")
    assert "affairs, foreign, minister, north-korea" in minister["evidence"]
    assert "country Q423 as our note" in minister["evidence"]
    assert "not an instance of human" in next(row for row in rows if row["id"] == "Q990000005")["evidence"]
    # Gromyko: the minister over a ship; Moscow: the capital of Russia over the city in Idaho
    assert [q for q, _ in _ranked(rows, "person/gromyko-andrei")] == ["Q990000006", "Q990000007"]
    assert [q for q, _ in _ranked(rows, "place/moscow")] == ["Q649", "Q990000101"]
    assert _ranked(rows, "organisation/nato")[0][0] == "Q7184"
    assert [row["rank"] for row in rows if row["entity"] == "person/nam-il"] == ["1", "2", "3"]
    assert all(row["decision"] == "" for row in rows)
    # places with a confirmed link are not looked up
    assert not [row for row in rows if row["entity"] in ("place/russia", "place/soviet-union", "place/north-korea")]
    assert "6 entities looked up" in r.stderr and "3 skipped: confirmed link" in r.stderr


def test_default_threshold_drops_the_impossible(tmp_path, wikidata, records):
    auth, links = _files(tmp_path)
    r, rows = _link(tmp_path, wikidata, records, auth, links)
    assert r.returncode == 0, r.stderr
    assert "Q990000002" not in {row["id"] for row in rows}  # born after the records
    assert "Q990000005" not in {row["id"] for row in rows}  # a village
    assert _ranked(rows, "person/kim-il-sung")[0][0] == "Q990000001"


def test_without_a_store_the_notes_years_still_count(tmp_path, wikidata):
    auth, links = _files(tmp_path)
    r, rows = _link(tmp_path, wikidata, tmp_path / "no-store", auth, links, "--min-score", "-1")
    assert r.returncode == 0, r.stderr
    assert "warning: no store at" in r.stderr and "scored without the records' dates" in r.stderr
    decoy = next(row for row in rows if row["id"] == "Q990000002")
    assert float(decoy["score"]) < 0 and "born after the years of our note (1948)" in decoy["evidence"]
    assert _ranked(rows, "person/kim-il-sung")[0][0] == "Q990000001"


def test_output_is_deterministic(tmp_path, wikidata, records):
    auth, links = _files(tmp_path)
    _link(tmp_path, wikidata, records, auth, links)
    first = (tmp_path / "candidates.csv").read_bytes()
    _link(tmp_path, wikidata, records, auth, links)
    assert (tmp_path / "candidates.csv").read_bytes() == first


def test_entity_with_confirmed_link_is_skipped(tmp_path, wikidata, records):
    auth, links = _files(tmp_path)
    _, rows = _link(tmp_path, wikidata, records, auth, links)
    assert _ranked(rows, "person/stalin-iosif")[0][0] == "Q855"  # without a confirmed link it is proposed
    auth, links = _files(tmp_path, extra_links=STALIN_CONFIRMED)
    r, rows = _link(tmp_path, wikidata, records, auth, links)
    assert r.returncode == 0, r.stderr
    assert not _ranked(rows, "person/stalin-iosif")
    assert "5 entities looked up" in r.stderr and "4 skipped: confirmed link" in r.stderr


def test_type_selects_the_kind(tmp_path, wikidata, records):
    auth, links = _files(tmp_path)
    r, rows = _link(tmp_path, wikidata, records, auth, links, "--type", "body")
    assert r.returncode == 0, r.stderr
    assert {row["entity"] for row in rows} == {"organisation/nato"}


def test_accept_round_trip(tmp_path, wikidata, records):
    auth, links = _files(tmp_path)
    _, rows = _link(tmp_path, wikidata, records, auth, links, "--min-score", "-1")
    decide = {"Q990000001": ("accept", "leader of North Korea 1912-1994, Premier from 1948"),
              "Q990000002": ("reject", "footballer born 1990"), "Q990000004": ("reject", ""),
              "Q649": ("yes", "")}
    reviewed = tmp_path / "reviewed.csv"
    with reviewed.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        for row in rows:
            row["decision"], row["comment"] = decide.get(row["id"], ("", ""))
            w.writerow(row)
    r = run_lod("link", "--accept", str(reviewed), "--links", str(links))
    assert r.returncode == 0, r.stderr
    assert "2 links confirmed, 2 rejected" in r.stderr
    text = links.read_text(encoding="utf-8")
    assert text.startswith("# links for the tests\nentity\tscheme\tid\tstatus\tlabel\tevidence\n")
    got = {(link.entity, link.id): link for link in load_links(links)}
    kim = got["person/kim-il-sung", "Q990000001"]
    assert (kim.status, kim.label) == ("confirmed", "Kim Il Sung")
    assert kim.evidence == "reviewed and accepted: leader of North Korea 1912-1994, Premier from 1948"
    assert got["person/kim-il-sung", "Q990000002"].status == "rejected"
    assert got["person/nam-il", "Q990000004"].status == "rejected"
    assert "South Korean businessman; 1940–" in got["person/nam-il", "Q990000004"].evidence  # without a comment
    assert got["place/moscow", "Q649"].status == "confirmed"
    body = [line.split("\t")[:3] for line in text.splitlines()[2:]]
    assert body == sorted(body) and len(body) == len({tuple(b) for b in body})
    # the same decisions again change nothing
    r = run_lod("link", "--accept", str(reviewed), "--links", str(links))
    assert r.returncode == 0 and links.read_text(encoding="utf-8") == text
    assert "0 links confirmed, 0 rejected" in r.stderr
    # the next run skips what is confirmed and never proposes what was rejected
    _, rows = _link(tmp_path, wikidata, records, auth, links, "--min-score", "-1")
    assert not _ranked(rows, "person/kim-il-sung") and not _ranked(rows, "place/moscow")
    assert [q for q, _ in _ranked(rows, "person/nam-il")] == ["Q990000003", "Q990000005"]
    # publishing: sameAs for the person, exactMatch for the place, nothing for the rejected
    triples = link_triples(Local(BASE), load_links(links))
    assert (URIRef(BASE + "id/person/kim-il-sung"), OWL.sameAs, URIRef(WD + "Q990000001")) in triples
    assert (URIRef(BASE + "id/place/moscow"), SKOS.exactMatch, URIRef(WD + "Q649")) in triples
    assert not [t for t in triples if str(t[2]).endswith(("Q990000002", "Q990000004"))]


def test_accept_refuses_contradictions(tmp_path):
    _, links = _files(tmp_path, extra_links=STALIN_CONFIRMED)
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text("entity,scheme,id,authority_label,decision,comment\n"
                        "person/stalin-iosif,wikidata,Q990000008,Joseph Stalin,accept,\n"
                        "person/stalin-iosif,wikidata,Q855,Joseph Stalin,reject,\n"
                        "person/nam-il,wikidata,Q990000003,Nam Il,accept,minister 1953-1959\n", encoding="utf-8")
    r = run_lod("link", "--accept", str(reviewed), "--links", str(links))
    assert r.returncode == 1
    assert f"refused: {reviewed}:2: person/stalin-iosif already has the confirmed wikidata link Q855" in r.stderr
    assert f"refused: {reviewed}:3: person/stalin-iosif → wikidata:Q855 is a confirmed link" in r.stderr
    got = {(link.entity, link.id): link.status for link in load_links(links)}
    assert got["person/stalin-iosif", "Q855"] == "confirmed" and got["person/nam-il", "Q990000003"] == "confirmed"
    assert ("person/stalin-iosif", "Q990000008") not in got


def test_accept_rejects_an_unknown_decision(tmp_path):
    _, links = _files(tmp_path)
    before = links.read_text(encoding="utf-8")
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text("entity,scheme,id,decision\nperson/nam-il,wikidata,Q990000003,maybe\n", encoding="utf-8")
    r = run_lod("link", "--accept", str(reviewed), "--links", str(links))
    assert r.returncode == 2
    assert f"{reviewed}:2: decision 'maybe' is neither accept nor reject" in r.stderr
    assert links.read_text(encoding="utf-8") == before


# --- politeness, against real loopback HTTP servers ------------------------------------------------------

EMPTY = json.dumps({"head": {"vars": ["item"]}, "results": {"bindings": []}}).encode()


class Script(http.server.ThreadingHTTPServer):
    """A loopback SPARQL endpoint that answers from a script of (status, headers) and records every request."""

    def __init__(self, script: list[tuple[int, dict[str, str]]] | None = None) -> None:
        self.script, self.seen = list(script or []), []
        self.times: list[float] = []
        super().__init__(("127.0.0.1", free_port()), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/sparql"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer()

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer()

    def _answer(self) -> None:
        srv = self.server
        srv.seen.append(dict(self.headers))
        srv.times.append(time.monotonic())
        status, headers = srv.script.pop(0) if srv.script else (200, {})
        body = EMPTY if status == 200 else b"busy"
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def endpoint():
    servers: list[Script] = []

    def start(script=None) -> Script:
        servers.append(Script(script))
        return servers[-1]
    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


FAST = Politeness(batch_size=3, min_interval=0, timeout=5, retries=2, backoff=0.1, max_wait=5)


def test_user_agent_names_the_project(endpoint):
    srv = endpoint()
    AuthorityClient(srv.url, FAST, contact="https://lod.example.org/").select("SELECT ?item WHERE {}")
    agent = srv.seen[0]["User-Agent"]
    assert re.fullmatch(r"lod-archive/\S+ \(linked open data for Wilson Center Digital Archive records; "
                        r"https://lod\.example\.org/\) SPARQLWrapper/\S+", agent), agent


def test_retries_honour_retry_after(endpoint):
    srv = endpoint([(429, {"Retry-After": "1"}), (503, {"Retry-After": "1"})])
    client = AuthorityClient(srv.url, FAST)
    assert client.select("SELECT ?item WHERE {}") == []
    assert client.requests == 3 and len(srv.seen) == 3
    gaps = [b - a for a, b in zip(srv.times, srv.times[1:])]
    assert all(g >= 0.95 for g in gaps), gaps  # Retry-After: 1, not the 0.1 s backoff


def test_backoff_doubles_then_gives_up(endpoint):
    srv = endpoint([(503, {}), (502, {}), (504, {})])
    client = AuthorityClient(srv.url, Politeness(min_interval=0, timeout=5, retries=2, backoff=0.4))
    with pytest.raises(EndpointError, match=r"HTTP 504 .*gave up after 3 attempts"):
        client.select("SELECT ?item WHERE {}")
    gaps = [b - a for a, b in zip(srv.times, srv.times[1:])]
    assert 0.35 <= gaps[0] < 0.75 and 0.75 <= gaps[1] < 1.5, gaps


def test_too_long_retry_after_gives_up(endpoint):
    srv = endpoint([(429, {"Retry-After": "3600"})])
    with pytest.raises(EndpointError, match="asked to wait 3600 s, more than 5 s"):
        AuthorityClient(srv.url, FAST).select("SELECT ?item WHERE {}")
    assert len(srv.seen) == 1


def test_client_errors_are_not_retried(endpoint):
    srv = endpoint([(403, {})])
    with pytest.raises(EndpointError, match="HTTP 403"):
        AuthorityClient(srv.url, FAST).select("SELECT ?item WHERE {}")
    assert len(srv.seen) == 1


def test_timeout_on_a_server_that_never_answers():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        held: list[socket.socket] = []
        threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
        client = AuthorityClient(f"http://127.0.0.1:{listener.getsockname()[1]}/sparql",
                                 Politeness(min_interval=0, timeout=1, retries=0))
        start = time.monotonic()
        with pytest.raises(EndpointError, match=r"no answer within 1 s \(gave up after 1 attempts\)"):
            client.select("SELECT ?item WHERE {}")
        assert time.monotonic() - start < 5
        for s in held:
            s.close()


def test_batches_and_rate_limit(endpoint, tmp_path):
    from lod.linking.command import propose
    from lod.names.authority import Entity
    srv = endpoint()
    people = [Entity("person", f"p{i}", f"Person Number{i}", "en", set(), "") for i in range(7)]
    client = AuthorityClient(srv.url, Politeness(batch_size=5, min_interval=0.3, timeout=5))
    start = time.monotonic()
    result = propose(people, [], client)
    # 7 people × 2 languages (en, mul) = 14 names in batches of 5: 3 requests, at least 0.3 s apart
    assert result.names == 14 and result.requests == 3 and len(srv.seen) == 3
    assert time.monotonic() - start >= 0.6
    # the client's own clock: the server's receipt times also carry its threads' scheduling delays
    assert len(client.started) == 3 and all(b - a >= 0.3 for a, b in zip(client.started, client.started[1:]))


def test_failed_batches_are_named_and_exit_1(endpoint, tmp_path, records):
    srv = endpoint([(200, {}), (500, {})])
    auth, links = _files(tmp_path)
    r, rows = _link(tmp_path, srv.url, records, auth, links, "--batch-size", "4", "--retries", "0")
    assert r.returncode == 1
    assert re.search(r"failed: batch 2 of \d+ \([^)]*\): .*HTTP 500", r.stderr), r.stderr
    assert "1 batches failed" in r.stderr


def test_names_asked_for():
    from lod.linking.lookup import names_for
    from lod.names.authority import Entity
    stalin = Entity("person", "stalin-iosif", "Joseph Stalin", "en", {"Stalin", "Iosif Stalin", "I. V. Stalin"}, "")
    assert {n.text for n in names_for(stalin)} == {"Joseph Stalin", "Iosif Stalin", "I. V. Stalin"}
    nato = Entity("organisation", "nato", "North Atlantic Treaty Organization", "en", {"NATO", "UN"}, "")
    assert {n.text for n in names_for(nato)} == {"North Atlantic Treaty Organization", "NATO"}
    assert Name('Say "hi"', "en").literal == '"Say \\"hi\\""@en'
