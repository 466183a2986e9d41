"""What a historian sees (issue #7): names highlighted in a record's text where the stored offsets say they
occur, a person's offices and links to other authorities, and the correspondence network of the dataset
(``/network``), checked against SPARQL counts over the same store. Real corpus through a running `lod serve`
(both store backends); offices and authority links on a small store that has them; the pure highlighting
rules on hand-made spans; and the pages in headless Chromium when it is installed."""
from __future__ import annotations

import html
import json
import re
import urllib.parse
from collections import Counter

import pytest
from rdflib import Literal, URIRef

from lod.vocab import OWL, RDF, RDFS, RICO, SKOS, GEONAMES, VIAF, WD
from tests.conftest import AUTHORITY, BASE, RECORDS, SEED
from tests.test_pages import HTML, chromium, get, linked, needs_chromium, text_of

REC = f"{BASE}id/record/{SEED}"
TERMS = BASE + "vocab/terms#"
ANCHOR = re.compile(r'(<a class="mention ([a-z]*)" href="([^"]*)" title="([^"]*)">([^<]*)</a>|<br>)')


def rows(store, query: str) -> list[dict]:
    from lod.web.queries import select
    return select(store, query)


def anchors(fragment: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The visible text of a highlighted field fragment and its mention links as (start, end, href), offsets
    into that text (``<br>`` dropped: the line break after it is the source's own)."""
    text, found, last = "", [], 0
    for m in ANCHOR.finditer(fragment):
        text += html.unescape(fragment[last:m.start()])
        if m.group(0) != "<br>":
            surface = html.unescape(m.group(5))
            found.append((len(text), len(text) + len(surface), m.group(3)))
            text += surface
        last = m.end()
    text += html.unescape(fragment[last:])
    return text, found


def field_links(page: str, container: str, field_text: str) -> set[tuple[int, int, str]]:
    """(start, end, href) of every mention link in the paragraphs of ``container`` (a regex for the element
    holding them), with offsets mapped back into the whole field's text."""
    inner = re.search(container, page, re.S).group(1)
    out, pos = set(), 0
    for par in re.findall(r"<p>(.*?)</p>", inner, re.S):
        text, found = anchors(par)
        at = field_text.find(text, pos)
        assert at >= 0, f"paragraph not in the field's text: {text[:80]!r}"
        out |= {(at + a, at + b, href) for a, b, href in found}
        pos = at + len(text)
    return out


def stored_spans(store, record: str, fld: str) -> set[tuple[int, int, str]]:
    """The spans the store holds for ``record`` in ``fld``: (start, end, page of the entity)."""
    found = rows(store, f"""SELECT ?e ?s ?n WHERE {{ <{record}> rico:evidences ?rel .
                              FILTER NOT EXISTS {{ ?rel a rico:PositionHoldingRelation }}  # offices are not linked
                              ?rel rico:relationHasTarget ?e ;
                              <{TERMS}occurrence> ?o . ?o <{TERMS}inField> "{fld}" ; <{TERMS}start> ?s ; <{TERMS}end> ?n }}""")
    return {(int(r["s"]), int(r["n"]), "/doc/" + str(r["e"])[len(BASE + "id/"):]) for r in found}


def field_text(store, record: str, prop: str) -> str:
    (row,) = rows(store, f"SELECT ?t WHERE {{ <{record}> {prop} ?t }}")
    return str(row["t"])


# --- the record page: names linked where the stored offsets say --------------------------------------------

@pytest.fixture(scope="module")
def seed_record_page(server) -> str:
    url, _ = server
    status, _, body = get(url + f"doc/record/{SEED}")
    assert status == 200
    return body


def test_body_links_are_exactly_the_stored_spans(seed_record_page, ingested):
    store, _ = ingested
    body = field_text(store, REC, "schema:text")
    spans = stored_spans(store, REC, "body")
    assert len(spans) > 40
    ordered = sorted(spans)
    assert all(a[1] <= b[0] for a, b in zip(ordered, ordered[1:]))  # this record's spans do not overlap
    shown = field_links(seed_record_page, r'<div class="text">(.*?)</div>', body)
    assert shown == spans
    mao = {(s, e) for s, e, href in spans if href == "/doc/person/mao-zedong" and body[s:e] == "Mao Zedong"}
    assert mao and mao <= {(s, e) for s, e, href in shown if href == "/doc/person/mao-zedong"}
    assert {body[s:e] for s, e, href in shown if href == "/doc/person/ignatiev-aleksei"} == {"IGNATIEV"}


def test_summary_and_title_links_are_the_stored_spans(seed_record_page, ingested):
    store, _ = ingested
    summary = field_text(store, REC, "dcterms:abstract")
    spans = stored_spans(store, REC, "summary")
    assert spans and field_links(seed_record_page, r'<section class="summary"[^>]*>(.*?)</section>', summary) == spans
    title = field_text(store, REC, "dcterms:title")
    h1 = re.search(r"<h1>(.*?)</h1>", seed_record_page, re.S).group(1)
    text, found = anchors(h1)
    assert text == title
    assert set(found) == stored_spans(store, REC, "title")
    assert ("Aleksei Ignatieff", "/doc/person/ignatiev-aleksei") in {(title[a:b], h) for a, b, h in found}


def test_the_regex_linking_is_gone():
    from lod.web import pages
    from lod.web.queries import records
    assert not hasattr(pages, "link_mentions") and not hasattr(records, "mention_forms")


# --- the highlighting rules, on hand-made spans -----------------------------------------------------------

def occ(start: int, end: int, key: str, forms: tuple[str, ...], fld: str = "body", label: str | None = None):
    from lod.web.formatting import fold
    from lod.web.viewmodel import Link, Occurrence
    link = Link(label or key, f"/doc/person/{key}", BASE + "id/person/" + key, "person")
    return Occurrence(fld, start, end, link, frozenset(fold(f) for f in forms))


def test_a_span_that_does_not_match_the_text_is_skipped():
    from lod.web.highlight import line
    text = "Mao met Kim Il Sung."
    out = str(line(text, [occ(0, 3, "mao", ("Mao",)), occ(1, 4, "wrong", ("Mao",)),  # shifted by one
                          occ(8, 19, "kim", ("Kim Il Sung",)), occ(15, 40, "past-the-end", ("Sung.",)),
                          occ(5, 5, "empty", ("",)), occ(-1, 2, "negative", ("Ma",))]))
    assert out == ('<a class="mention person" href="/doc/person/mao" title="mao">Mao</a> met '
                   '<a class="mention person" href="/doc/person/kim" title="kim">Kim Il Sung</a>.')


def test_forms_compare_without_case_or_spacing_and_offsets_are_code_points():
    from lod.web.highlight import line
    text = "𝔄 KIM  IL\nSUNG 🙂 Mao"  # characters outside the BMP count as one each
    out = str(line(text, [occ(2, 14, "kim", ("Kim Il Sung",)), occ(17, 20, "mao", ("Mao",))]))
    assert '>KIM  IL<br>\nSUNG</a>' in out and 'href="/doc/person/mao" title="mao">Mao</a>' in out


def test_of_overlapping_spans_the_longest_is_kept():
    from lod.web.highlight import choose
    text = "North Korea and Kim Il Sung"
    chosen = choose(text, [occ(6, 11, "korea", ("Korea",)), occ(0, 11, "north-korea", ("North Korea",)),
                           occ(16, 19, "kim-chaek", ("Kim",)), occ(16, 27, "kim-il-sung", ("Kim Il Sung",)),
                           occ(20, 27, "il-sung", ("Il Sung",))])
    assert [(o.start, o.end, o.link.label) for o in chosen] == [(0, 11, "north-korea"), (16, 27, "kim-il-sung")]


def test_highlighted_text_escapes_everything_from_the_record():
    from lod.web.highlight import line, paragraphs
    text = '<script>alert(1)</script> & "Kim"'
    out = str(line(text, [occ(28, 33, "kim", ('"Kim"',), label='K"<i>')]))
    assert out == ('&lt;script&gt;alert(1)&lt;/script&gt; &amp; <a class="mention person" href="/doc/person/kim" '
                   'title="K&#34;&lt;i&gt;">&#34;Kim&#34;</a>')
    pars = [str(p) for p in paragraphs("One <b>\n\n\nTwo Mao\nthree", [occ(14, 17, "mao", ("Mao",)),
                                                                   occ(4, 13, "across", ("<b> Tw",))])]
    assert pars == ["One &lt;b&gt;", 'Two <a class="mention person" href="/doc/person/mao" title="mao">Mao</a><br>\nthree']


# --- a small store that has offices and authority links ----------------------------------------------------

@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The seed record and a record with markup in it, plus what another ingest step may add: offices held
    (PositionHoldingRelations), links to other authorities, and stored spans that are wrong (a shifted one,
    one past the end, a shorter one on the same span node as a longer one). (store, client)."""
    from lod.config import Config
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local
    from lod.web.app import create_app

    folder = tmp_path_factory.mktemp("historian")
    page = folder / "wcda-9999.txt"
    page.write_text('May 1, 1950\n\nLetter, <script>alert("x")</script> Kim Il Sung to Stalin\n\n'
                    "Dear <b>Comrade</b> Stalin, Kim Il Sung writes </script><script>alert(2)</script> "
                    "about Pyongyang & Seoul.\n\nDocument Information\n\nSource\n\nAPRF, Fond 45.\n\n"
                    "Record ID\n\n9999\n",
                    encoding="utf-8")
    store = open_store(str(folder / "store"))
    ingest([RECORDS / "wcda-3283.txt", page], store, Local(BASE), authority=AUTHORITY, progress=False)

    rec, kim = URIRef(BASE + "id/record/9999"), URIRef(BASE + "id/person/kim-il-sung")
    body = field_text(store, str(rec), "schema:text")
    at = body.index("Kim Il Sung")
    t = lambda name: URIRef(TERMS + name)  # noqa: E731
    triples = []

    def position(person: URIRef, key: str, label: str | None, form: str, record: str, pkey: str) -> None:
        r = URIRef(BASE + "id/record/" + record)
        pos = URIRef(BASE + "id/position/" + pkey)
        rel = URIRef(f"{r}/relation/position/person/{key}/{pkey}")
        triples.extend([(rel, RDF.type, RICO.PositionHoldingRelation), (rel, RICO.relationHasSource, person),
                        (rel, RICO.relationHasTarget, pos), (rel, RICO.isEvidencedBy, r),
                        (rel, RICO.relationHasDate, URIRef(f"{r}/date/creation")), (rel, t("nameForm"), Literal(form)),
                        (pos, RDF.type, RICO.Position)])
        if label:
            triples.append((pos, RDFS.label, Literal(label, lang="en")))

    position(kim, "kim-il-sung", "Premier of the DPRK", "Premier", SEED, "premier-dprk")
    position(kim, "kim-il-sung", "Premier of the DPRK", "Chairman of the Cabinet", "9999", "premier-dprk")
    position(kim, "kim-il-sung", None, "Supreme Commander", "9999", "supreme-commander-kpa")
    triples += [(kim, OWL.sameAs, WD.Q39464), (kim, SKOS.closeMatch, VIAF["59080087"]),
                (URIRef(BASE + "id/place/pyongyang"), SKOS.exactMatch, URIRef(str(GEONAMES) + "1871859/"))]

    def span(key: str, form: str, start: int, end: int, kind: str = "person") -> None:
        rel = URIRef(f"{rec}/relation/test/{kind}/{key}")
        node = URIRef(f"{rec}/mention/body/{start}")
        triples.extend([(rec, RICO.evidences, rel), (rel, RICO.relationHasTarget, URIRef(f"{BASE}id/{kind}/{key}")),
                        (rel, t("nameForm"), Literal(form)), (rel, t("occurrence"), node),
                        (node, t("inField"), Literal("body")), (node, t("start"), Literal(start)),
                        (node, t("end"), Literal(end))])

    span("mao-zedong", "Mao", 0, 4)  # "Dear": shifted, must not be highlighted
    span("mao-zedong", "Mao", len(body) + 5, len(body) + 8)  # past the end
    span("kim-chaek", "Kim", at, at + 3)  # inside "Kim Il Sung", on the same span node
    with store.writer() as w:
        w.put_graph(BASE + "graph/test/historian", triples, "test")
    return store, create_app(Config(store=str(folder / "store"), base=BASE), store).test_client()


def page_of(client, path: str) -> str:
    r = client.get(path, headers=HTML)
    assert r.status_code == 200, r.status_code
    return r.get_data(as_text=True)


def test_wrong_spans_are_skipped_and_the_longest_kept(small):
    store, client = small
    page = page_of(client, "/doc/record/9999")
    body = field_text(store, BASE + "id/record/9999", "schema:text")
    shown = field_links(page, r'<div class="text">(.*?)</div>', body)
    at = body.index("Kim Il Sung")
    assert (at, at + 11, "/doc/person/kim-il-sung") in shown
    assert not {h for _, _, h in shown} & {"/doc/person/mao-zedong", "/doc/person/kim-chaek"}
    assert {body[a:b] for a, b, _ in shown} == {"Stalin", "Kim Il Sung", "Pyongyang", "Seoul"}


def test_markup_in_titles_and_texts_stays_text(small):
    _, client = small
    page = page_of(client, "/doc/record/9999")
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)
    assert h1.startswith("Letter, &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ")
    assert linked(h1, "/doc/person/kim-il-sung", "Kim Il Sung") and linked(h1, "/doc/person/stalin-iosif", "Stalin")
    assert page.count("<script") == 1  # the JSON-LD element only
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in page
    assert "<title>Letter, &lt;script&gt;" in page


def test_person_page_lists_offices_with_dates_and_evidence(small):
    _, client = small
    page = page_of(client, "/doc/person/kim-il-sung")
    section = re.search(r'<section class="offices".*?</section>', page, re.S).group(0)
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert len(items) == 2
    first = text_of(items[0])
    assert first.startswith("Premier of the DPRK 10 April 1950 – 1 May 1950")
    assert "“Chairman of the Cabinet”" in first and "“Premier”" in first
    assert linked(items[0], f"/doc/record/{SEED}", "Ciphered telegram, Soviet Representative Aleksei Ignatieff "
                                                "in Pyongyang to Vyshinsky") and 'href="/doc/record/9999"' in items[0]
    assert text_of(items[1]).startswith("Supreme Commander 1 May 1950")  # no label: the form the source used
    assert linked(items[1], "/doc/position/supreme-commander-kpa", "Supreme Commander")
    timeline = re.search(r'<svg [^>]*class="timeline".*?</svg>', page, re.S).group(0)
    bands = re.findall(r'<g class="office"><title>(.*?)</title>', timeline)
    assert bands == ["Premier of the DPRK: 10 April 1950 – 1 May 1950 (2 records)",
                     "Supreme Commander: 1 May 1950 (1 record)"]


def test_person_page_links_other_authorities_confirmed_and_candidate(small):
    _, client = small
    page = page_of(client, "/doc/person/kim-il-sung")
    box = re.search(r'<section class="box authorities".*?</section>', page, re.S).group(0)
    confirmed = re.search(r'<ul class="plain confirmed">(.*?)</ul>', box, re.S).group(1)
    candidates = re.search(r'<ul class="plain candidates">(.*?)</ul>', box, re.S).group(1)
    assert linked(confirmed, "http://www.wikidata.org/entity/Q39464", "Wikidata Q39464")
    assert linked(candidates, "http://viaf.org/viaf/59080087", "VIAF 59080087")
    assert "candidate" in candidates and "Wikidata" not in candidates
    place = page_of(client, "/doc/place/pyongyang")
    assert linked(place, "https://sws.geonames.org/1871859/", "GeoNames 1871859")


def test_person_without_offices_or_authority_links_has_neither_section(small):
    _, client = small
    page = page_of(client, "/doc/person/mao-zedong")
    assert 'class="offices"' not in page and "Other authorities" not in page
    assert 'class="office"' not in page and "<h1>Mao Zedong</h1>" in page


def test_person_page_offices_follow_the_data(server, ingested):
    """On the corpus: the Offices section is there exactly when the store has offices for the person."""
    store, _ = ingested
    url, _ = server
    for key in ("kim-il-sung", "shtykov-terentii"):
        held = rows(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?rel a rico:PositionHoldingRelation ;
                                 rico:relationHasSource <{BASE}id/person/{key}> }}""")
        status, _, page = get(url + "doc/person/" + key)
        assert status == 200
        assert ('<section class="offices"' in page) == (int(held[0]["n"]) > 0)
        names = re.search(r'<ul class="names">(.*?)</ul>', page, re.S)
        assert names is not None and "preferred" in names.group(1)


def test_name_forms_come_with_their_records_and_years(server):
    url, _ = server
    _, _, page = get(url + "doc/person/kim-il-sung")
    names = re.search(r'<ul class="names">(.*?)</ul>', page, re.S).group(1)
    upper = next(li for li in re.findall(r"<li[^>]*>(.*?)</li>", names, re.S) if ">KIM IL SUNG<" in li)
    assert '<span class="years">1950</span>' in upper
    assert linked(upper, "/doc/record/1950-10-14-ciphered-telegram-shtykov-to-feng-xi-stalin",
                  "Ciphered Telegram, Shtykov to Feng Xi (Stalin)")


# --- the correspondence network ---------------------------------------------------------------------------

def pair_counts(store, start: int | None = None, end: int | None = None) -> Counter:
    """Records per (sender page, addressee page), counted here from plain SPARQL rows (years filtered in
    Python), independently of the view's aggregate."""
    found = rows(store, """SELECT DISTINCT ?r ?s ?a ?d WHERE { ?r a rico:Record ; rico:hasSender ?s ;
                             rico:hasAddressee ?a . OPTIONAL { ?r dcterms:created ?d } }""")
    seen: dict[tuple[str, str], set[str]] = {}
    for row in found:
        year = int(str(row["d"])[:4]) if row.get("d") is not None else None
        if (start is not None or end is not None) and year is None:
            continue
        if (start is not None and year < start) or (end is not None and year > end):
            continue
        key = tuple("/doc/" + str(row[k])[len(BASE + "id/"):] for k in ("s", "a"))
        seen.setdefault(key, set()).add(str(row["r"]))
    return Counter({k: len(v) for k, v in seen.items()})


def table_counts(page: str) -> Counter:
    table = re.search(r'<table class="counts pairs">(.*?)</table>', page, re.S).group(1)
    out = Counter()
    for tr in re.findall(r"<tr><td>(.*?)</tr>", table, re.S):
        s, a = re.findall(r'href="([^"]+)"', tr)[:2]
        out[(s, a)] += int(re.search(r'<td class="num">(\d+)</td>', tr).group(1))
    return out


def test_network_counts_match_sparql(server, ingested):
    store, _ = ingested
    url, _ = server
    status, headers, page = get(url + "network")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    expected = pair_counts(store)
    assert expected and table_counts(page) == expected
    records = rows(store, "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a rico:Record ; rico:hasSender ?s ; "
                          "rico:hasAddressee ?a }")
    assert re.search(rf'<strong class="n-records">{int(records[0]["n"])}</strong>', page)
    assert re.search(rf'<strong class="n-pairs">{len(expected)}</strong>', page)
    svg = re.search(r'<svg [^>]*class="network correspondence".*?</svg>', page, re.S).group(0)
    drawn = len({p for p in expected if p[0] != p[1]})
    assert svg.count('marker-end="url(#arrow)"') == drawn  # every pair is drawn: the corpus is small
    nodes = re.findall(r'<a href="(/doc/[^"]+)" class="node">', svg)
    assert set(nodes) == {x for p in expected for x in p}


@pytest.mark.parametrize("start,end", [(1950, 1950), (1950, 1957), (1960, None), (None, 1955)])
def test_network_period_filter(server, ingested, start, end):
    store, _ = ingested
    url, _ = server
    query = urllib.parse.urlencode({k: v for k, v in (("from", start), ("to", end)) if v is not None})
    status, _, page = get(url + "network?" + query)
    assert status == 200
    expected = pair_counts(store, start, end)
    assert table_counts(page) == expected and expected != pair_counts(store)
    status, headers, data = get(url + "network.json?" + query, {"Accept": "application/json"})
    body = json.loads(data)
    assert status == 200 and (body["from"], body["to"]) == (start, end)
    assert {(p["sender"], p["addressee"]): p["records"] for p in body["pairs"]} == {
        tuple(BASE + "id/" + x[len("/doc/"):] for x in k): n for k, n in expected.items()}
    for p in body["pairs"]:
        for d in (p["first"], p["last"]):
            assert (start is None or int(d[:4]) >= start) and (end is None or int(d[:4]) <= end)


def test_empty_period_fields_mean_all_years(server):
    url, _ = server
    status, _, page = get(url + "network?from=&to=")
    assert status == 200 and table_counts(page) == table_counts(get(url + "network")[2])
    status, _, page = get(url + "network?from=1900&to=1901")
    assert status == 200 and "No record in this period" in page


@pytest.mark.parametrize("query,message", [
    ("from=abc", "from must be a year of four digits"),
    ("to=19500", "to must be a year of four digits"),
    ("from=-950", "from must be a year"),
    ("from=1950.0", "from must be a year"),
    ("from=1960&to=1950", "from (1960) is after to (1950)"),
    ("from=1950&from=1951", "from is given 2 times"),
    ("form=1950", "unknown parameter 'form'"),
    ("from=%3Cscript%3E", "from must be a year"),
    ("from=%FF%FE", "from must be a year"),
])
def test_bad_network_parameters_are_400_with_a_message(server, query, message):
    url, _ = server
    status, headers, page = get(url + "network?" + query)
    assert status == 400 and headers["Content-Type"].startswith("text/html")
    assert message in html.unescape(page) and "<script>" not in page
    status, headers, data = get(url + "network.json?" + query, {"Accept": "application/json"})
    assert status == 400 and message in json.loads(data)["error"]


def test_home_page_and_navigation_link_to_the_network(server):
    url, _ = server
    _, _, page = get(url)
    assert linked(page, "/network", "The correspondence network") and linked(page, "/network", "Network")


# --- in a real browser -------------------------------------------------------------------------------------

@needs_chromium
def test_network_and_record_in_chromium(server, tmp_path):
    url, _ = server
    dom = chromium(url + "network?from=1950&to=1957", tmp_path, "--dump-dom")
    svg = re.search(r'<svg [^>]*class="network correspondence".*?</svg>', dom, re.S)
    assert svg is not None and svg.group(0).count("<path ") >= 2 and "<circle" in svg.group(0)
    assert '<table class="counts pairs">' in dom and 'value="1950"' in dom
    dom = chromium(url + f"doc/record/{SEED}", tmp_path, "--dump-dom")
    text = re.search(r'<div class="text">(.*?)</div>', dom, re.S).group(1)
    assert len(re.findall(r'<a class="mention person" href="/doc/person/mao-zedong"[^>]*>Mao Zedong</a>', text)) >= 4
