"""The full-text index: written by ingest, kept in step with re-ingests, used by /search."""
from __future__ import annotations

from pathlib import Path

import pytest

from lod.config import Config
from lod.ingest import ingest
from lod.search import TextIndex
from lod.store import open_store
from lod.vocab import Local
from tests.conftest import AUTHORITY, BASE, RECORDS, SEED


@pytest.fixture()
def indexed(tmp_path: Path):
    store = open_store(str(tmp_path / "s"))
    index = TextIndex(tmp_path / "s" / "search.sqlite")
    ingest([RECORDS], store, Local(BASE), authority=AUTHORITY, progress=False, index=index)
    return store, index, tmp_path / "s"


def test_words_match_in_titles_summaries_and_bodies(indexed):
    _, index, _ = indexed
    total, hits = index.search("Vyshinsky", 20, 0)
    assert total >= 1 and any(h["iri"] == f"{BASE}id/record/{SEED}" for h in hits)
    total, hits = index.search("partisan detachments", 20, 0)  # two words, both in the body of the seed record
    assert [h["iri"] for h in hits] == [f"{BASE}id/record/{SEED}"] and hits[0]["field"] == "text"
    assert index.search("Sandor", 20, 0)[0] >= 1  # "Sándor": accents ignored
    assert index.search("Pyong", 20, 0)[0] >= 3  # words match at their start
    assert index.search("zzzqqq", 20, 0) == (0, [])


@pytest.mark.parametrize("q", ['"', "NEAR(a b)", "a OR", "-x", "*", "title:foo", "'; DROP TABLE records; --", "", " "])
def test_query_syntax_is_not_interpreted(indexed, q):
    _, index, _ = indexed
    total, hits = index.search(q, 20, 0)
    assert total == len(hits) or total > 20


def test_paging_and_order(indexed):
    _, index, _ = indexed
    total, first = index.search("the", 5, 0)
    _, second = index.search("the", 5, 5)
    assert total > 10 and len(first) == 5 and not {h["iri"] for h in first} & {h["iri"] for h in second}
    dates = [h["date"] for h in first + second]
    assert dates == sorted(dates)


def test_reingest_updates_and_replace_rebuilds(tmp_path: Path):
    store = open_store(str(tmp_path / "s"))
    index = TextIndex(tmp_path / "s" / "search.sqlite")
    page = tmp_path / "wcda-555.txt"
    page.write_text("May 1, 1950\n\nLetter, A to B\n\nThe word aardvark.\n\nDocument Information\n\nRecord ID\n\n555\n",
                    encoding="utf-8")
    ingest([page], store, Local(BASE), progress=False, index=index)
    assert index.search("aardvark", 5, 0)[0] == 1
    page.write_text(page.read_text().replace("aardvark", "zebra"), encoding="utf-8")
    ingest([page], store, Local(BASE), progress=False, index=index)
    assert index.search("aardvark", 5, 0)[0] == 0 and index.search("zebra", 5, 0)[0] == 1
    ingest([RECORDS / "wcda-3283.txt"], store, Local(BASE), progress=False, index=index, replace=True)
    assert index.search("zebra", 5, 0)[0] == 0 and index.search("Vyshinsky", 5, 0)[0] == 1


def test_search_page_uses_the_index(indexed):
    from lod.web.app import create_app
    store, _, path = indexed
    client = create_app(Config(store=str(path), base=BASE), store).test_client()
    r = client.get("/search?q=partisan+detachments", headers={"Accept": "text/html"})
    assert r.status_code == 200 and f"/doc/record/{SEED}" in r.get_data(as_text=True)


# --- name variants (issue #12, 8b) ------------------------------------------------------------------------

KIM = f"{BASE}id/person/kim-il-sung"
STALIN = f"{BASE}id/person/stalin-iosif"


@pytest.mark.parametrize("q,entity", [("Kim Ir Sen", KIM), ("Filippov", STALIN)])
def test_a_stored_name_variant_finds_the_entity_and_the_records_naming_it(indexed, q, entity):
    store, index, _ = indexed
    assert index.entities(q, 5)[0]["iri"] == entity
    total, hits = index.search(q, 50, 0)
    naming = {str(r["r"]) for r in store.select(
        f"SELECT DISTINCT ?r WHERE {{ ?r a <https://www.ica.org/standards/RiC/ontology#Record> ; ?p <{entity}> }}")}
    assert total == len(hits) >= 1 and naming <= {h["iri"] for h in hits}
    label = index.entities(q, 5)[0]["label"]
    assert all(label in h["mentions"] for h in hits if h["iri"] in naming)


def test_the_search_page_and_its_json_twin_name_the_matches(indexed):
    from lod.web.app import create_app
    store, _, path = indexed
    client = create_app(Config(store=str(path), base=BASE), store).test_client()
    page = client.get("/search?q=Kim+Ir+Sen", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'Matches: <a href="/doc/person/kim-il-sung">Kim Il Sung</a> (person)' in page
    assert 'href="/search.json?q=Kim+Ir+Sen"' in page
    r = client.get("/search.json?q=Kim+Ir+Sen")
    assert r.status_code == 200 and r.mimetype == "application/json"
    data = r.get_json()
    assert data["matches"][0] == {"iri": KIM, "label": "Kim Il Sung", "kind": "person",
                                  "url": "/doc/person/kim-il-sung", "records": data["matches"][0]["records"]}
    assert data["total"] == len(data["hits"]) >= 1 and all("Kim Il Sung" in h["mentions"] for h in data["hits"])
    assert {h["url"] for h in data["hits"]} <= {a for a in _hrefs(page)}  # the same records as the page
    assert client.get("/search.json?q=x&page=0").status_code == 400


def _hrefs(html: str) -> set[str]:
    import re
    return set(re.findall(r'href="([^"]+)"', html))


def test_a_corrupt_index_is_searched_as_missing_and_written_anew(tmp_path: Path, caplog):
    """A search index that is not SQLite never answers 500: the search scans the store's texts (one warning in the
    log), and the next ingest says so and writes the index anew."""
    from lod.web.app import create_app
    store = open_store(str(tmp_path / "s"))
    index = TextIndex(tmp_path / "s" / "search.sqlite")
    ingest([RECORDS], store, Local(BASE), authority=AUTHORITY, progress=False, index=index)
    index.path.write_bytes(b"not a database " * 400)
    client = create_app(Config(store=str(tmp_path / "s"), base=BASE, access_log=False), store).test_client()
    with caplog.at_level("WARNING"):
        for url in ("/search?q=partisan+detachments", "/search.json?q=partisan+detachments"):
            r = client.get(url, headers={"Accept": "text/html"})
            assert r.status_code == 200 and f"/doc/record/{SEED}" in r.get_data(as_text=True)
    assert any("cannot be read" in rec.getMessage() for rec in caplog.records)
    report = ingest([RECORDS], store, Local(BASE), authority=AUTHORITY, progress=False, index=index)
    assert any("search index cannot be read" in message for _, message in report.warnings)
    assert index.readable() and index.search("partisan detachments", 5, 0)[0] == 1
