"""Every HTML page's data twin (issue #14): the page's view-model as JSON, asked for with ``?_profile=page``,
``Accept-Profile`` or (outside ``/doc/``) ``Accept: application/json``, advertised by a ``Link`` header and a
``<link rel="alternate">``, and holding what the HTML page shows. The bundled corpus, ingested, through the
Flask app in-process (both store backends)."""
from __future__ import annotations

import html
import re

import pytest

from lod.web.viewmodel import AgentPage, Link, Paging, RecordPage, html_only, to_data
from tests.conftest import BASE, SEED

PERSON = "/doc/person/ignatiev-aleksei"  # the seed record's sender: an office, a correspondent, name forms
RECORD = f"/doc/record/{SEED}"
JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}
PAGES = ["/", "/browse", "/browse/records", "/browse/people", "/browse/places?page=1", "/network?from=1950",
         "/search?q=Kim", RECORD, PERSON, "/doc/place/pyongyang", "/doc/person/kim-il-sung"]


@pytest.fixture(scope="module")
def client(dataset):
    from lod.store import open_store
    from lod.web.app import create_app
    config = type(dataset.config)(**{**vars(dataset.config), "access_log": False})
    app = create_app(config, open_store(config))
    yield app.test_client()
    app.config["LOD_CONTEXT"].executor.close()


def twin_of(client, path: str) -> str:
    """The twin URL an HTML page names in its Link header, checked against its <link rel="alternate">."""
    r = client.get(path, headers=HTML)
    assert r.status_code == 200 and r.mimetype == "text/html", path
    found = re.search(r'<([^>]*)>; rel="alternate"; type="application/json"; profile="([^"]*)"', r.headers["Link"])
    assert found and found.group(2) == BASE + "profile/page", r.headers["Link"]
    url = found.group(1).replace(BASE, "/", 1)
    head = r.get_data(as_text=True).split("</head>")[0]
    assert f'<link rel="alternate" type="application/json" href="{html.escape(url)}"' in head, path
    return url


def data(client, path: str, headers: dict | None = None) -> dict:
    r = client.get(path, headers=headers or {})
    assert r.status_code == 200 and r.mimetype == "application/json", (path, r.status_code, r.get_data()[:300])
    assert r.headers["Content-Profile"] == f"<{BASE}profile/page>" and "Accept" in r.headers["Vary"]
    return r.get_json()


def page(client, path: str) -> str:
    return html.unescape(client.get(path, headers=HTML).get_data(as_text=True))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_names_its_twin_and_the_twin_names_the_page(client, path):
    url = twin_of(client, path)
    r = client.get(url)
    assert r.status_code == 200 and r.mimetype == "application/json" and isinstance(r.get_json(), dict)
    back = re.search(r'<([^>]*)>; rel="alternate"; type="text/html"', r.headers["Link"]).group(1)
    assert back.replace(BASE, "/", 1).split("?")[0].removesuffix(".html") == path.split("?")[0]


@pytest.mark.parametrize("path", PAGES)
def test_the_profile_parameter_gives_the_same_data_as_the_advertised_twin(client, path):
    sep = "&" if "?" in path else "?"
    assert data(client, path + sep + "_profile=page") == client.get(twin_of(client, path)).get_json()


def test_the_person_twin_holds_the_offices_correspondents_names_and_timeline_the_page_shows(client):
    d, shown = data(client, PERSON + "?_profile=page"), page(client, PERSON)
    assert d["iri"] == BASE + "id/person/ignatiev-aleksei" and d["kind"] == "person" and d["title"] in shown
    assert d["offices"], "the seed record evidences an office"
    for office in d["offices"]:
        assert office["link"]["label"] in shown and office["records"]
        assert {r["link"]["url"] for r in office["records"]} <= set(re.findall(r'href="([^"]*)"', shown))
    assert d["correspondents"] and all(c["link"]["label"] in shown for c in d["correspondents"])
    vyshinsky = next(c for c in d["correspondents"] if "vyshinsky" in c["link"]["iri"])
    assert vyshinsky["sent"] >= 1 and f'{vyshinsky["link"]["url"]}"' in shown
    assert d["names"] and all(n["form"] in shown for n in d["names"])
    assert any(n["preferred"] for n in d["names"]) and sum(n["count"] for n in d["names"]) >= 1
    assert d["years"] and all(f"<title>{y['year']}:" in shown for y in d["years"])
    assert sum(y["correspondent"] + y["other"] for y in d["years"]) <= d["paging"]["total"]
    assert [r["link"]["url"] for r in d["records"]] and d["paging"]["pages"] >= 1
    assert {"timeline", "network", "head_links", "profile", "data_formats"}.isdisjoint(d)  # drawn, not data


def test_the_record_twin_holds_the_text_people_and_where_they_are_named(client):
    d, shown = data(client, RECORD + "?_profile=page"), page(client, RECORD)
    assert d["iri"] == BASE + "id/record/" + SEED and d["date_iso"] == "1950-04-10" and d["date"] == "10 April 1950"
    assert [s["url"] for s in d["senders"]] == ["/doc/person/ignatiev-aleksei"]
    assert d["addressees"] and all(a["label"] in shown for a in d["addressees"])
    assert "partisan detachments" in d["body"] and d["citation"] and d["meta"]
    assert d["occurrences"], "the seed record has stored mention spans"
    for occ in d["occurrences"]:
        text = {"title": d["title"], "summary": d["summary"], "body": d["body"]}[occ["field"]]
        assert 0 <= occ["start"] < occ["end"] <= len(text) and isinstance(occ["forms"], list)
    linked = set(re.findall(r'class="mention [a-z]*" href="([^"]*)"', shown))
    assert linked <= {o["link"]["url"] for o in d["occurrences"]} and linked
    assert {"json_ld", "summary_html", "body_html", "title_html"}.isdisjoint(d)


def test_the_browse_and_home_twins_hold_the_lists_and_counts(client):
    people, shown = data(client, "/browse/people", JSON), page(client, "/browse/people")
    assert people["current"] == "people" and people["records"] is None and people["items"]
    assert f"People ({people['paging']['total']})" in re.sub(r"<[^>]+>", "", shown)
    assert all(f'href="{i["link"]["url"]}"' in shown for i in people["items"])
    records = data(client, "/browse/records", JSON)
    assert records["items"] is None and records["records"][0]["link"]["kind"] == "record"
    home = data(client, "/", JSON)
    assert home["counts"]["records"] == records["paging"]["total"] and home["examples"][0]["url"].startswith("/sparql?")


def test_search_and_network_twins_are_the_json_urls(client):
    assert data(client, "/search?q=Kim", JSON) == data(client, "/search.json?q=Kim")
    assert data(client, "/network?from=1950&to=1953", JSON) == data(client, "/network.json?from=1950&to=1953")
    net = data(client, "/network.json?from=1950&to=1953")
    assert (net["from"], net["to"]) == (1950, 1953) and net["pairs"][0]["sender_url"].startswith("/doc/")


def test_negotiation_picks_the_page_or_its_data(client):
    for path in ("/", "/browse/people", "/network", "/search?q=Kim"):
        assert client.get(path).mimetype == "text/html", path  # no Accept: the page, as before
        assert client.get(path, headers={"Accept": "*/*"}).mimetype == "text/html", path
        assert client.get(path, headers={"Accept": "text/html, application/json;q=0.5"}).mimetype == "text/html"
        assert client.get(path, headers={"Accept": "application/json, text/html;q=0.5"}).mimetype == "application/json"
        assert client.get(path, headers={"Accept-Profile": f"<{BASE}profile/page>"}).mimetype == "application/json"
        assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 406, path
        sep = "&" if "?" in path else "?"
        assert client.get(path + sep + "_profile=schema").status_code == 406, path
        assert client.get(path + sep + "_profile=page", headers={"Accept": "text/html"}).status_code == 406, path
    # under /doc/, application/json stays JSON-LD; the page profile is how the twin is asked for
    assert client.get(PERSON, headers=JSON).mimetype == "application/ld+json"
    assert client.get(PERSON, headers={"Accept-Profile": f"<{BASE}profile/page>"}).mimetype == "application/json"
    assert client.get(PERSON + "?_profile=page", headers={"Accept": "text/turtle"}).status_code == 406
    assert client.get(PERSON + ".ttl?_profile=page").status_code == 406
    missing = client.get("/doc/person/nobody-at-all?_profile=page")
    assert missing.status_code == 404 and missing.get_json()["status"] == 404
    assert client.get("/browse/nothing", headers=JSON).get_json()["status"] == 404
    assert client.get("/profile/page", headers={"Accept": "text/turtle"}).status_code == 200


def test_the_twin_keeps_the_page_parameters(client):
    assert twin_of(client, "/browse/records?page=1") == "/browse/records?page=1&_profile=page"
    assert data(client, "/browse/records?page=1&_profile=page")["paging"]["page"] == 1
    past = client.get("/browse/records?page=999&_profile=page")  # past the end: the error as data too
    assert past.status_code == 404 and "past the last page" in past.get_json()["error"]
    assert twin_of(client, "/network?from=1950&to=1953") == "/network.json?from=1950&to=1953"


def test_view_models_serialise_by_one_generic_function():
    from rdflib import Literal, URIRef
    row = to_data(Paging(3, 101, 50))
    assert row == {"page": 3, "total": 101, "size": 50, "pages": 3}
    agent = AgentPage(iri=URIRef(BASE + "id/person/x"), title=Literal("X"), network={"svg": 1}, timeline=[1])
    out = to_data(agent)
    assert out["iri"] == BASE + "id/person/x" and out["title"] == "X" and "network" not in out
    assert to_data(RecordPage(meta=[("a", "b")], occurrences=[]))["meta"] == [["a", "b"]]
    assert to_data({"k": frozenset({"b", "a"}), "l": Link("A")}) == {"k": ["a", "b"], "l": {
        "label": "A", "url": None, "iri": "", "kind": ""}}
    assert html_only().metadata["html"] is True
