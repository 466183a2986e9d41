"""SPARQL answers for browsers (issue #12, 8a): an HTML results table when the client names text/html first (or
``?format=html``), the standard formats exactly as before for protocol clients (``*/*``, no Accept, their own
Accept lists), against a real `lod serve` with a small row cap."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest

from tests.conftest import BASE, start_lod_serve

CHROMIUM = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
            "application/signed-exchange;v=b3;q=0.7")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JENA = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.7, "
        "text/csv;q=0.5, application/json;q=0.2, application/xml;q=0.2, */*;q=0.1")
ROW_CAP = 5
RICO = "https://www.ica.org/standards/RiC/ontology#"
PEOPLE = f"SELECT ?p WHERE {{ ?p a <{RICO}Person> }} ORDER BY ?p"  # more people than the row cap
RECORD = f"{BASE}id/record/300237"
CONSTRUCT = f"CONSTRUCT {{ <{RECORD}> ?p ?o }} WHERE {{ <{RECORD}> ?p ?o }} LIMIT 3"


@pytest.fixture(scope="module")
def capped(dataset):
    srv = start_lod_serve(dataset, "--row-cap", str(ROW_CAP))
    yield srv.url
    srv.stop()


def get(url: str, query: str | None, accept: str | None = None, **params: str):
    """(status, Content-Type, headers, body) of GET /sparql."""
    args = ([("query", query)] if query is not None else []) + list(params.items())
    return fetch(url + "sparql?" + urlencode(args), accept)


def fetch(url: str, accept: str | None = None):
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers["Content-Type"], r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers["Content-Type"], e.headers, e.read().decode("utf-8")


class Page(HTMLParser):
    """Links (href, text) and table cells of an HTML page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.cells: list[str] = []
        self._href: str | None = None
        self._in_cell = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self.links.append((self._href or "", ""))
        elif tag == "td":
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_cell = False
        elif tag == "a":
            self._href = None

    def handle_data(self, data):
        if self._href is not None and self.links:
            self.links[-1] = (self.links[-1][0], self.links[-1][1] + data)
        if self._in_cell:
            self.cells[-1] += data


@pytest.mark.parametrize("accept", [CHROMIUM, FIREFOX])
def test_a_browser_gets_a_results_table_with_links_and_the_row_cap_notice(capped, accept):
    status, ctype, headers, body = get(capped, PEOPLE, accept)
    assert status == 200 and ctype.startswith("text/html")
    page = Page(body)
    ours = [href for href, _ in page.links if href.startswith("/doc/person/")]
    assert len(ours) == ROW_CAP  # every IRI of ours links to its page, one a row
    assert f"row cap of {ROW_CAP}" in body and headers["X-SPARQL-Truncated"] == "true"
    twin = next(href for href, text in page.links if text == "application/sparql-results+json")
    status, ctype, _, data = fetch(capped + twin.lstrip("/"), CHROMIUM)  # a click in the same browser
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    rows = json.loads(data)["results"]["bindings"]
    assert ["/doc/" + r["p"]["value"][len(BASE) + 3:] for r in rows] == ours  # the same answer, as data


def test_format_html_works_whatever_the_accept_header(capped):
    for accept in (None, "*/*", "text/html"):
        status, ctype, _, body = get(capped, f"ASK {{ <{RECORD}> ?p ?o }}", accept, format="html")
        assert status == 200 and ctype.startswith("text/html") and ">true<" in body


@pytest.mark.parametrize("accept,expected", [(None, "application/sparql-results+json"),
                                             ("*/*", "application/sparql-results+json"),
                                             (JENA, "application/sparql-results+json"),
                                             ("application/sparql-results+xml", "application/sparql-results+xml"),
                                             ("text/csv", "text/csv")])
def test_protocol_clients_get_the_standard_formats_as_before(capped, accept, expected):
    status, ctype, _, _ = get(capped, PEOPLE, accept)
    assert status == 200 and ctype.split(";")[0] == expected


@pytest.mark.parametrize("accept,expected", [(None, "text/turtle"), ("*/*", "text/turtle"),
                                             (CHROMIUM, "text/html"), (FIREFOX, "text/html")])
def test_construct_in_a_browser_shows_the_triples_with_the_turtle_twin(capped, accept, expected):
    status, ctype, _, body = get(capped, CONSTRUCT, accept)
    assert status == 200 and ctype.split(";")[0] == expected
    if expected == "text/html":
        page = Page(body)
        assert len(page.cells) == 9  # three triples, three cells each
        assert [href for href, _ in page.links].count("/doc/record/300237") == 3  # the subject of each
        twin = next(href for href, text in page.links if text == "text/turtle")
        assert "format=turtle" in twin


def test_a_syntax_error_in_a_browser_is_a_page_with_the_message_still_400(capped):
    status, ctype, _, body = get(capped, "SELEKT nothing", CHROMIUM)
    assert status == 400 and ctype.startswith("text/html") and "syntax" in body.lower()
    status, ctype, _, body = get(capped, "SELEKT nothing", "*/*")
    assert status == 400 and ctype.startswith("application/json") and "syntax" in json.loads(body)["error"].lower()


def test_the_query_page_for_format_html(capped):
    status, ctype, _, body = get(capped, None, None, format="html")
    assert status == 200 and ctype.startswith("text/html") and "yasgui" in body.lower()
