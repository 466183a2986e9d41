"""The HTML pages: record, person and other resource pages, home, browse lists and search, over plain HTTP
against a real `lod serve`, then rendered in headless Chromium (skipped when Chromium is not installed)."""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from lod.vocab import DCTERMS, SCHEMA
from tests.conftest import AUTHORITY, BASE, SEED

HTML = {"Accept": "text/html"}
RSEED = f"doc/record/{SEED}"
KIM = "doc/person/kim-il-sung"


def get(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    req = urllib.request.Request(url, headers=headers or HTML)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


class Head(HTMLParser):
    """Collects <meta name>, <link rel=alternate>, the signposts (other typed <link>s: absolute, as in the
    ``Link`` header), JSON-LD scripts and every other href of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.alternates: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self.hrefs: list[str] = []
        self.signposts: list[tuple[str, str]] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "name" in a:
            self.meta.append((a["name"], a.get("content", "")))
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates.append((a.get("type", ""), a.get("href", "")))
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")
        if tag == "link" and a.get("rel") not in ("alternate", "stylesheet"):
            self.signposts.append((a.get("rel", ""), a.get("href", "")))
        elif "href" in a:
            self.hrefs.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def parse(body: str) -> Head:
    h = Head()
    h.feed(body)
    return h


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def linked(body: str, href: str, label: str) -> bool:
    return re.search(rf'<a [^>]*href="{re.escape(href)}"[^>]*>{re.escape(label)}</a>', body) is not None


@pytest.fixture(scope="module")
def record_page(server) -> str:
    url, _ = server
    status, headers, body = get(url + RSEED)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    return body


@pytest.fixture(scope="module")
def person_page(server) -> str:
    url, _ = server
    status, _, body = get(url + KIM)
    assert status == 200
    return body


# --- the record page ----------------------------------------------------------------------------

def test_record_page_shows_title_date_route_and_marking(record_page):
    h1 = re.search(r"<h1>(.*?)</h1>", record_page, re.S).group(1)
    assert text_of(h1) == "Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky"
    assert '<time datetime="1950-04-10">10 April 1950</time>' in record_page
    route = text_of(re.search(r'<p class="route">(.*?)</p>', record_page, re.S).group(1))
    assert route == "Aleksei Ignatiev → Andrei Vyshinsky"
    assert linked(record_page, "/doc/person/ignatiev-aleksei", "Aleksei Ignatiev")
    assert re.search(r'class="marking" href="/doc/vocab/security-classification/strictly-secret">Strictly Secret<',
                     record_page)
    assert linked(record_page, "/doc/vocab/documentary-form/ciphered-telegram", "ciphered telegram")


def test_record_text_links_known_names_and_variants(record_page):
    text = re.search(r'<div class="text">(.*?)</div>', record_page, re.S).group(1)
    assert linked(text, "/doc/person/kim-il-sung", "Kim Il Sung")
    assert linked(text, "/doc/person/mao-zedong", "Mao Zedong")
    assert linked(text, "/doc/person/ignatiev-aleksei", "IGNATIEV")  # an alt label, as written
    assert linked(text, "/doc/person/ri-ju-yeon", "Ri Ju Yon")  # the bracketed variant
    assert linked(text, "/doc/place/pyongyang", "Pyongyang")
    assert linked(text, "/doc/corporate-body/cabinet-of-ministers-dprk", "Cabinet of Ministers of the DPRK")
    assert "<a " not in re.sub(r"<a [^>]*>[^<]*</a>", "", text)  # links never nest or overlap
    assert "Chinese People&#39;s Republic" in text  # record text is escaped


def test_record_breadcrumb_follows_the_archival_units_up(record_page):
    nav = re.search(r'<nav class="crumbs" aria-label="Archival context">(.*?)</nav>', record_page, re.S).group(1)
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs == ["/doc/corporate-body/avp-rf", "/doc/record-set/avp-rf/fond-059a",
                     "/doc/record-set/avp-rf/fond-059a/opis-5a", "/doc/record-set/avp-rf/fond-059a/opis-5a/papka-11",
                     "/doc/record-set/avp-rf/fond-059a/opis-5a/papka-11/delo-3"]
    assert text_of(nav).startswith("Archive of Foreign Policy of the Russian Federation › Fond 059a") or \
        "Fond 059a" in text_of(nav)


def test_record_head_has_alternates_citation_meta_and_json_ld(record_page):
    head = parse(record_page)
    meta = dict(head.meta)
    assert meta["citation_title"].startswith("Ciphered telegram, Soviet Representative")
    assert meta["citation_publication_date"] == "1950/04/10"
    assert ("text/turtle", f"/doc/record/{SEED}.ttl") in head.alternates
    assert ("application/x-bibtex", f"/doc/record/{SEED}.bib") in head.alternates
    (ld,) = head.json_ld
    g = Graph().parse(data=ld, format="json-ld")
    rec = URIRef(f"{BASE}id/record/{SEED}")
    assert (rec, SCHEMA.name, None) in g and (rec, DCTERMS.created, None) in g
    assert "Kim Il Sung" in {str(o) for o in g.objects(None, SCHEMA.name)}


def test_record_json_ld_is_one_typed_node_as_extruct_reads_it(server):
    """The embedded JSON-LD is the record framed as one node: ``@type`` at the top level (extruct and search
    engines read that), what it points to embedded with its type and names, and the same statements still."""
    import extruct

    url, _ = server
    status, _, body = get(url + "doc/record/300653")
    assert status == 200
    [item] = extruct.extract(body, base_url=url + "doc/record/300653", syntaxes=["json-ld"])["json-ld"]
    assert "@graph" not in item and item["@context"]["@vocab"] == str(SCHEMA)
    assert (item["@id"], item["@type"]) == (BASE + "id/record/300653", "ArchiveComponent")
    assert item["author"] == {"@id": BASE + "id/person/nehru-jawaharlal", "@type": "Person", "familyName": "Nehru",
                              "givenName": "Jawaharlal", "name": {"@language": "en", "@value": "Jawaharlal Nehru"}}
    assert "ArchiveOrganization" in item["holdingArchive"]["@type"]
    g = Graph().parse(data=parse(body).json_ld[0], format="json-ld")
    rec = URIRef(BASE + "id/record/300653")
    assert str(g.value(rec, DCTERMS.title)) == "Letter, Jawaharlal Nehru to All Provincial Premiers"
    assert str(g.value(URIRef(BASE + "id/person/nehru-jawaharlal"), SCHEMA.familyName)) == "Nehru"


def test_record_citation_box_and_links_are_site_relative(record_page):
    box = re.search(r'<section class="box cite".*?</section>', record_page, re.S).group(0)
    assert "<textarea" in box and "readonly" in box and "History and Public Policy Program Digital Archive" in box
    for ext in ("bib", "ris", "csl.json", "txt"):
        assert f'href="/doc/record/{SEED}.{ext}"' in box
    head = parse(record_page)
    assert not [h for h in head.hrefs if h.startswith(BASE)]
    assert ("cite-as", f"{BASE}id/record/{SEED}") in head.signposts  # an identifier: the entity's own URI
    assert "Subjects" in record_page or "Held by" in record_page
    assert linked(record_page, "/doc/corporate-body/aprf", "Archive of the President of the Russian Federation")


def test_partial_record_says_what_is_missing(server):
    url, _ = server
    status, _, body = get(url + "doc/record/1953-12-22-report-embassy-of-hungary-in-north-korea-to-the-hungarian-fo")
    assert status == 200 and "Partial record." in body and "missing rights" in body


# --- people and other resources --------------------------------------------------------------------

def test_person_page_has_names_roles_timeline_and_network(person_page):
    assert re.search(r"<h1>Kim Il Sung</h1>", person_page)
    names = re.search(r'<ul class="names">(.*?)</ul>', person_page, re.S).group(1)
    assert "KIM IL SUNG" in names and "Kim Il-sung" in names and "preferred" in names
    assert linked(names, "/doc/record/1950-10-14-ciphered-telegram-shtykov-to-feng-xi-stalin",
                  "Ciphered Telegram, Shtykov to Feng Xi (Stalin)")  # where the variant KIM IL SUNG is used
    table = re.search(r'<table class="records">(.*?)</table>', person_page, re.S).group(1)
    assert "10 April 1950" in table and linked(table, f"/doc/record/{SEED}", "Ciphered telegram, Soviet "
                                               "Representative Aleksei Ignatieff in Pyongyang to Vyshinsky")
    assert 'class="timeline"' in person_page and "<rect" in person_page
    net = re.search(r'<svg [^>]*class="network".*?</svg>', person_page, re.S).group(0)
    assert len(re.findall(r'<a href="/doc/person/[^"]+" class="node">', net)) >= 5
    assert "Kim Il Sung" in net


def test_correspondents_are_counted(server):
    url, _ = server
    _, _, body = get(url + "doc/person/shtykov-terentii")
    table = re.search(r"<caption>Correspondents</caption>(.*?)</table>", body, re.S).group(1)
    assert linked(table, "/doc/person/stalin-iosif", "Joseph Stalin")
    assert 'class="edge edge-letters"' in body


@pytest.mark.parametrize("path,expected", [
    ("doc/corporate-body/avp-rf", ["Fond 059a", "Records held", f"/doc/record/{SEED}"]),
    ("doc/place/pyongyang", ["Records naming Pyongyang", f"/doc/record/{SEED}"]),
    ("doc/record-set/avp-rf/fond-059a", ["Opis 5a", f"/doc/record/{SEED}", 'aria-label="Archival context"']),
    ("doc/subject/china-foreign-relations-japan", ["China--Foreign relations--Japan", "/doc/record/"]),
    ("doc/vocab/security-classification/strictly-secret", ["Strictly Secret", f"/doc/record/{SEED}"]),
    ("doc/group/all-provincial-premiers", ["All Provincial Premiers", "/doc/record/300653"]),
    ("doc/record/115771", ['href="https://digitalarchive.wilsoncenter.org/document/115771"']),
    ("doc/record/300645", ['href="/doc/vocab/language/eng">English</a>', "Ireland--Foreign relations--Poland",
                           "Department of Foreign Affairs/5/313/3D"]),
])
def test_other_resource_pages(server, path, expected):
    url, _ = server
    status, _, body = get(url + path)
    assert status == 200
    for needle in expected:
        assert needle in body, needle


def test_generic_page_pages_its_inbound_links(server):
    url, _ = server
    _, _, body = get(url + f"doc/record/{SEED}")
    rule = re.search(r'href="(/doc/rule/[^"]+)"', body).group(1)
    status, _, page = get(url + rule.lstrip("/"))
    assert status == 200 and "Linked from" in page and "rico:isOrWasRegulatedBy" in page
    assert get(url + rule.lstrip("/") + "?page=0")[0] == 400


def test_missing_resource_is_an_html_404_for_browsers_and_json_otherwise(server):
    url, _ = server
    status, headers, body = get(url + "doc/person/nobody-at-all")
    assert status == 404 and headers["Content-Type"].startswith("text/html") and "Not found" in body
    status, headers, body = get(url + "browse/people?page=x", {"Accept": "application/json"})
    assert status == 400 and json.loads(body)["status"] == 400


# --- home, browse, search ----------------------------------------------------------------------------

def test_home_page_counts_links_and_example_queries(server):
    url, _ = server
    status, _, body = get(url)
    assert status == 200
    assert re.search(r"<strong>29</strong> records", body)
    for href in ("/browse/people", "/sparql", "/void", "/dumps/dataset.nq.gz", "/dumps/dataset.ttl"):
        assert f'href="{href}"' in body
    assert 'action="/search"' in body
    examples = [html.unescape(h) for h in re.findall(r'href="(/sparql\?query=[^"]+)"', body)]
    assert len(examples) == 4
    for ex in examples:
        code, headers, answer = get(url + ex.lstrip("/"), {"Accept": "application/sparql-results+json"})
        assert code == 200, answer
        assert json.loads(answer)["results"]["bindings"]


@pytest.mark.parametrize("kind,needle", [("records", f"/doc/record/{SEED}"), ("people", "/doc/person/gromyko-andrei"),
                                         ("organisations", "/doc/corporate-body/avp-rf"),
                                         ("places", "/doc/place/beijing"), ("archives", "/doc/corporate-body/aprf"),
                                         ("subjects", "/doc/subject/")])
def test_browse_lists(server, kind, needle):
    url, _ = server
    status, _, body = get(f"{url}browse/{kind}")
    assert status == 200 and needle in body


def test_browse_paging(server):
    url, _ = server
    _, _, first = get(url + "browse/people")
    assert 'rel="next" href="?page=2"' in first and re.search(r"Page 1 of [2-9]\b", first)  # 50 a page
    status, _, second = get(url + "browse/people?page=2")
    assert status == 200 and 'rel="prev" href="?page=1"' in second
    names = lambda b: set(re.findall(r'<li><a href="(/doc/person/[^"]+)"', b))  # noqa: E731
    assert len(names(first)) == 50 and not names(first) & names(second)
    for bad in ("0", "-1", "abc", "1.5", "99999999"):
        assert get(f"{url}browse/people?page={bad}")[0] == 400
    assert get(url + "browse/people?page=40")[0] == 404
    assert get(url + "browse/nothing")[0] == 404


def test_search_finds_records_with_snippets(server):
    url, _ = server
    status, _, body = get(url + "search?q=" + urllib.parse.quote("kim il SUNG"))
    assert status == 200 and "6 records found" in body
    assert f'href="/doc/record/{SEED}"' in body and "<mark>Kim Il Sung</mark>" in body


def test_search_form_limits_and_hostile_input(server):
    url, _ = server
    status, _, body = get(url + "search")
    assert status == 200 and '<input id="q" name="q"' in body and "found" not in body
    assert get(url + "search?q=" + "a" * 501)[0] == 400
    for hostile in ['") } SELECT * WHERE { ?s ?p ?o', "\\u0022) }", "\\", '<script>"\'', "zq\n\tzq"]:
        status, _, body = get(url + "search?q=" + urllib.parse.quote(hostile))
        assert status == 200 and "0 records found" in body
        assert "<script>\"'" not in body
    status, _, body = get(url + "search?q=" + urllib.parse.quote("Ri Ju-yeon") + "&page=2")
    assert status == 404


# --- escaping of record text -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    """An app over a store holding one record whose title and text contain markup."""
    from lod.config import Config
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local
    from lod.web.app import create_app

    folder = tmp_path_factory.mktemp("hostile")
    page = folder / "wcda-9999.txt"
    page.write_text('May 1, 1950\n\nLetter, <script>alert("x")</script> Kim Il Sung to Stalin\n\n'
                    "Dear <b>Comrade</b> Stalin, Kim Il Sung writes </script><script>alert(2)</script> "
                    "about Pyongyang & Seoul.\n\nDocument Information\n\nSource\n\nAPRF, Fond 45.\n\n"
                    "Record ID\n\n9999\n",
                    encoding="utf-8")
    store_path = str(folder / "store")
    store = open_store(store_path)
    ingest([page], store, Local(BASE), authority=AUTHORITY, progress=False)
    return create_app(Config(store=store_path, base=BASE), store).test_client()


def test_markup_in_a_record_is_shown_as_text(hostile_client):
    r = hostile_client.get("/doc/record/9999", headers=HTML)
    body = r.get_data(as_text=True)
    assert r.status_code == 200
    h1 = re.search(r"<h1>(.*?)</h1>", body, re.S).group(1)  # the names in it linked where they occur
    assert h1.startswith("Letter, &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ")
    assert text_of(h1) == 'Letter, <script>alert("x")</script> Kim Il Sung to Stalin'
    assert body.count("<script") == 1 and body.count("</script>") == 1  # only the JSON-LD element
    assert "&lt;b&gt;Comrade&lt;/b&gt;" in body and "&amp;" in body
    assert linked(body, "/doc/person/kim-il-sung", "Kim Il Sung")
    (ld,) = parse(body).json_ld
    g = Graph().parse(data=ld, format="json-ld")
    titles = {str(o) for o in g.objects(URIRef(BASE + "id/record/9999"), DCTERMS.title)}
    assert titles == {'Letter, <script>alert("x")</script> Kim Il Sung to Stalin'}
    r = hostile_client.get("/search?q=" + urllib.parse.quote("<script>"), headers=HTML)
    assert "<mark>&lt;script&gt;</mark>" in r.get_data(as_text=True)


# --- units -------------------------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_sparql_string_round_trips(value):
    import pyoxigraph

    from lod.web.sparql_text import sparql_string

    rows = list(pyoxigraph.Store().query(f"SELECT ?x WHERE {{ BIND({sparql_string(value)} AS ?x) }}"))
    assert rows[0]["x"].value == value


def test_search_records_is_a_replaceable_function(ingested):
    from lod.web.queries.dataset import search_records

    store, _ = ingested
    total, hits = search_records(store, "Ri Ju-yeon", 10, 0)
    assert total == 1 and hits[0]["iri"] == URIRef(f"{BASE}id/record/{SEED}") and hits[0]["field"] == "summary"
    assert search_records(store, "   ", 10, 0) == (0, [])
    assert isinstance(hits[0]["date"], Literal)


# --- in a real browser -------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or \
    ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")


def chromium(url: str, tmp_path: Path, *extra: str) -> str:
    profile = tmp_path / "profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *extra, url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@needs_chromium
def test_record_page_in_chromium(server, tmp_path):
    url, _ = server
    dom = chromium(url + RSEED, tmp_path, "--dump-dom")
    h1 = re.search(r"<h1>(.*?)</h1>", dom, re.S).group(1)  # the names in the title linked where they occur
    assert text_of(h1) == "Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky"
    assert linked(dom, "/doc/person/kim-il-sung", "Kim Il Sung")
    assert linked(dom, "/doc/person/ignatiev-aleksei", "IGNATIEV")
    assert 'aria-label="Archival context"' in dom and "Strictly Secret" in dom
    shot = tmp_path / "record.png"
    chromium(url + RSEED, tmp_path, f"--screenshot={shot}", "--window-size=1200,1600", "--hide-scrollbars")
    assert shot.stat().st_size > 20_000


@needs_chromium
def test_person_page_in_chromium(server, tmp_path):
    url, _ = server
    dom = chromium(url + KIM, tmp_path, "--dump-dom")
    assert "<h1>Kim Il Sung</h1>" in dom
    net = re.search(r'<svg [^>]*class="network".*?</svg>', dom, re.S)
    assert net is not None
    nodes = re.findall(r'<a href="(/doc/person/[^"]+)" class="node">\s*<title>', net.group(0))
    assert len(nodes) >= 5 and net.group(0).count("<circle") == len(nodes) + 1
    assert 'class="timeline"' in dom and linked(dom, f"/doc/record/{SEED}", "Ciphered telegram, Soviet "
                                                "Representative Aleksei Ignatieff in Pyongyang to Vyshinsky")
