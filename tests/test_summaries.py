"""The summaries made at ingest (lod/mapping/summary.py, lod/store/summaries.py) against the SPARQL queries
they stand in for (lod/web/queries/records.py, agents.py), on the bundled records and on generated ones; an
ingest of one changed record recomputes only what that record touches; a store without summaries gets them
from its own records; the pages read them in a bounded number of reads, and page their lists."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from rdflib import URIRef

from lod.config import Config
from lod.store import open_store
from lod.store.summaries import AGGREGATES, Summaries
from lod.store.summary_reads import SummaryReader
from lod.web.naming import Site
from lod.web.queries import agents, records, select, summaries
from tests.conftest import BASE, RECORDS, ingest_corpus

SITE = Site(BASE)
KINDS = {"person": "rico:Person", "body": "rico:CorporateBody", "place": "rico:Place"}


def build(folder: Path, paths, **kwargs) -> tuple:
    store = open_store(str(folder / "store"))
    report = ingest_corpus(store, paths=paths, summaries=Summaries(folder / "store" / "summaries.sqlite"), **kwargs)
    return store, report


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    return build(tmp_path_factory.mktemp("bundled"), (RECORDS,))[0]


def generate(folder: Path, n: int = 150) -> tuple[Path, Path]:
    from bench.generate import write_inputs

    write_inputs(folder / "in", n, seed=11)
    return folder / "in" / "pages", folder / "in" / "records.jsonl"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    return build(folder, generate(folder))[0]


def reader(store) -> SummaryReader:
    return SummaryReader(Path(store.path) / "summaries.sqlite")


def named(store, kind: str) -> list[tuple[URIRef, int]]:
    """Entities of a kind by how many records name them, most first."""
    rows = select(store, f"""SELECT ?x (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?x a {KINDS[kind]} . ?r ?p ?x .
                              FILTER EXISTS {{ ?r a rico:Record }} }} GROUP BY ?x ORDER BY DESC(?n) ?x""")
    return [(URIRef(str(r["x"])), int(r["n"])) for r in rows]


def picked(store) -> list[URIRef]:
    """The most-named, a median and a one-record person; the most-named body and place."""
    people = named(store, "person")
    one = next(x for x, n in reversed(people) if n == 1)
    return [people[0][0], people[len(people) // 2][0], one, named(store, "body")[0][0], named(store, "place")[0][0]]


def forms(listed) -> list[tuple]:
    return [(f.form, f.lang, f.preferred, f.count, f.first, f.last,
             sorted(r.iri for r in f.records) if f.count <= 20 else len(f.records)) for f in listed]


def assert_as_sparql(store, x: URIRef) -> None:
    """Every list of ``x``'s page as the summaries give it, as the SPARQL queries give it (roles compared as
    sets: the query concatenates them in no set order)."""
    r = reader(store)
    try:
        old, new = records.linked_records(store, SITE, x, 1, 100), summaries.linked_records(r, SITE, x, 1, 100)
        for row in old[1] + new[1]:
            row.roles = sorted(row.roles)
        assert new == old, x
        assert summaries.year_counts(r, x) == records.year_counts(store, x), x
        assert summaries.neighbours(r, SITE, x, "correspondents") == agents.correspondents(store, SITE, x)[:40], x
        assert summaries.neighbours(r, SITE, x, "co-mentioned") == agents.co_mentioned(store, SITE, x), x
        assert summaries.offices(r, SITE, x) == agents.offices(store, SITE, x), x
        own = list(store.describe(str(x)).graph.predicate_objects(x))
        assert forms(summaries.name_forms(r, SITE, x, own)) == forms(agents.name_forms(store, SITE, x)), x
    finally:
        r.close()


def test_the_summaries_answer_as_the_queries_on_the_bundled_records(bundled) -> None:
    chosen = picked(bundled)
    for x in chosen:
        assert_as_sparql(bundled, x)
    assert len(set(chosen)) == 5


def test_the_summaries_answer_as_the_queries_on_generated_records(generated) -> None:
    for x in picked(generated):
        assert_as_sparql(generated, x)
    r = reader(generated)  # the lists are not empty: the comparison compared something
    top = picked(generated)[0]
    assert r.total(str(top), "co-mentioned") > 50 and r.total(str(top), "correspondents") and r.total(str(top), "names")
    r.close()


def aggregates(path: Path) -> dict[str, set[tuple]]:
    """Per entity, its rows of every per-entity table."""
    con = sqlite3.connect(path)
    out: dict[str, set[tuple]] = {}
    for table in AGGREGATES:
        for row in con.execute(f"SELECT * FROM {table}"):
            out.setdefault(row[0], set()).add((table, *row[1:]))
    con.close()
    return out


def test_reingesting_one_changed_record_changes_exactly_its_entities(tmp_path) -> None:
    pages, jsonl = generate(tmp_path, 60)
    store, _ = build(tmp_path, (pages, jsonl))
    path = Path(store.path) / "summaries.sqlite"
    before = aggregates(path)
    lines = jsonl.read_text("utf-8").splitlines()
    changed = json.loads(lines[0])
    changed["original_publication_date"] = "March 3, 1971"  # the record moves to another year
    jsonl.write_text("\n".join([json.dumps(changed), *lines[1:]]) + "\n", "utf-8")
    store, report = build(tmp_path, (pages, jsonl))
    assert 1 <= report.written <= 2 and report.unchanged >= 59  # the record's graph (and the entity graph)
    after = aggregates(path)
    con = sqlite3.connect(path)
    iri = f"{BASE}id/record/{changed['record_id']}"
    linked = {e for (e,) in con.execute("SELECT entity FROM links WHERE record = ?", (iri,))}
    touched = linked | {e for (e,) in con.execute("SELECT entity FROM forms WHERE record = ? UNION "
                                                  "SELECT person FROM offices WHERE record = ?", (iri, iri))}
    con.close()
    differ = {e for e in before.keys() | after.keys() if before.get(e) != after.get(e)}
    assert linked <= differ <= touched  # each entity the record names moved a year; nothing else changed
    for x in sorted(linked)[:6]:
        assert_as_sparql(store, URIRef(x))


def test_a_store_without_summaries_gets_them_from_its_records(tmp_path) -> None:
    pages, jsonl = generate(tmp_path, 40)
    store = open_store(str(tmp_path / "store"))
    ingest_corpus(store, paths=(pages, jsonl))  # as before the summaries
    summaries_file = Summaries(tmp_path / "store" / "summaries.sqlite")
    assert not summaries_file.exists()
    report = ingest_corpus(store, paths=(pages,), summaries=summaries_file)
    assert any("built from its 40 records" in message for _, message in report.warnings)
    for x in picked(store):
        assert_as_sparql(store, x)



def test_an_unreadable_summaries_file_is_served_by_sparql_and_built_again(tmp_path, caplog) -> None:
    """A corrupt summaries file never breaks a page: it is read as no summaries (the pages asked by SPARQL,
    one warning), and the next ingest builds it anew from the store."""
    from lod.web.app import create_app

    pages, jsonl = generate(tmp_path, 20)
    store, _ = build(tmp_path, (pages, jsonl))
    person = picked(store)[0]
    path = "/doc/" + person[len(BASE) + len("id/"):]
    (tmp_path / "store" / "summaries.sqlite").write_bytes(b"not a database " * 400)
    app = create_app(Config(store=store.path, base=BASE, access_log=False), store)
    app.config["LOD_CONTEXT"].cache.documents = None  # the page made now, not read back
    with caplog.at_level("WARNING"):
        for url, accept in ((path, "text/html"), (path + "?_profile=page", "application/json")):
            assert app.test_client().get(url, headers={"Accept": accept}).status_code == 200
        lists = app.test_client().get("/lists/co-mentioned/" + path[len("/doc/"):], headers={"Accept": "text/html"})
        assert lists.status_code == 404
    assert sum("cannot be read" in r.getMessage() for r in caplog.records) == 1
    app.config["LOD_CONTEXT"].executor.close()
    report = ingest_corpus(store, paths=(pages,), summaries=Summaries(tmp_path / "store" / "summaries.sqlite"))
    assert any("built from its 20 records" in message for _, message in report.warnings)
    assert_as_sparql(store, person)


# --- the pages -----------------------------------------------------------------------------------------

@pytest.fixture
def client(generated):
    from lod.web.app import create_app

    app = create_app(Config(store=generated.path, base=BASE, access_log=False), generated)
    yield app.test_client()
    app.config["LOD_CONTEXT"].executor.close()


def doc_path(x: URIRef) -> str:
    return str(x).split("/id/", 1)[1]


@pytest.mark.parametrize("name", ["correspondents", "co-mentioned", "names", "offices"])
def test_each_list_pages_through_all_of_it(client, generated, name) -> None:
    r = reader(generated)
    x = next(x for x, _ in named(generated, "person") if r.total(str(x), name) > 0)
    total = r.total(str(x), name)
    r.close()
    seen, page = [], 1
    while True:
        resp = client.get(f"/lists/{name}/{doc_path(x)}?page={page}&_profile=page")
        assert resp.status_code == 200
        data = resp.get_json()
        assert data["paging"]["total"] == total and data["list"] == name
        seen.extend(data["items"])
        if page == data["paging"]["pages"]:
            assert 'rel="next"' not in resp.headers["Link"]
            break
        assert f'?page={page + 1}>; rel="next"' in resp.headers["Link"]
        page += 1
    assert len(seen) == total
    html = client.get(f"/lists/{name}/{doc_path(x)}?page={page}", headers={"Accept": "text/html"})
    assert html.status_code == 200 and b"<h1>" in html.data


def test_page_two_of_the_people_named_together(client, generated) -> None:
    x = named(generated, "person")[0][0]
    data = client.get(f"/lists/co-mentioned/{doc_path(x)}?page=2&_profile=page").get_json()
    every = agents.co_mentioned(generated, SITE, x, limit=10_000)
    counts = [c.together for c in every]
    assert [i["together"] for i in data["items"]] == counts[50:100]
    assert data["paging"]["total"] == len(every) > 50
    page = client.get(f"/doc/{doc_path(x)}?_profile=page").get_json()
    assert page["lists"]["co-mentioned"]["total"] == len(every) and len(page["co_mentioned"]) == 40


@pytest.mark.parametrize("url, status", [
    ("/lists/co-mentioned/{p}?page=9999", 200), ("/lists/whatever/{p}", 400), ("/lists/names/{p}?page=0", 400),
    ("/lists/names/{p}?page=two", 400), ("/lists/offices/person", 400), ("/lists/names/person/nobody-at-all", 404)])
def test_bad_lists_and_pages_are_told_apart(client, generated, url, status) -> None:
    x = named(generated, "person")[0][0]
    for accept in ("application/json", "text/html"):
        resp = client.get(url.format(p=doc_path(x)), headers={"Accept": accept})
        assert resp.status_code == status, (url, accept)
    if status == 200:
        assert client.get(url.format(p=doc_path(x)) + "&_profile=page").get_json()["items"] == []


def test_a_page_costs_the_same_reads_whatever_its_subjects_fame(client, generated, monkeypatch) -> None:
    opened: list[SummaryReader] = []

    def counted(path):
        r = SummaryReader(path)
        opened.append(r)
        return r

    monkeypatch.setattr(summaries, "open_for", counted)
    people = named(generated, "person")
    reads = {}
    for who, (x, n) in (("most", people[0]), ("one", next(p for p in reversed(people) if p[1] == 1))):
        for url, accept in ((f"/doc/{doc_path(x)}", "text/html"), (f"/doc/{doc_path(x)}?_profile=page", "*/*")):
            opened.clear()
            cache = client.application.config["LOD_CONTEXT"].cache
            cache.documents = None  # the page made, not read back from the documents an earlier test made
            cache._bodies.clear()
            assert client.get(url, headers={"Accept": accept}).status_code == 200
            reads[who, accept] = sum(r.reads for r in opened)
    assert people[0][1] > 30
    # records, their count, years, four lists and their totals, the first records of each name form and office
    # (read only when there are some): never more, for one record or for half of them
    assert max(reads.values()) <= 13 and reads["most", "text/html"] == reads["most", "*/*"], reads
