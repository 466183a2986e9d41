"""FAIR Signposting on a real loopback server, read by the PyPI ``signposting`` parser: every document kind
(record, person, corporate body, family, place, concept, concept scheme, record set, EAD record resource,
finding aid, authority record, the dataset and home) has cite-as, describedby, type and license; linksets
parse in both formats; a record set names its items and a record its collection; headers stay bounded."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
import warnings
from pathlib import Path

import pytest
from rdflib import URIRef

from lod.vocab import RDF, RICO, Local
from tests.conftest import RECORDS, Backend, free_port, start_lod_serve

signposting = pytest.importorskip("signposting", reason="the signposting parser is a test extra (pip install -e '.[test]')")

SHARED = (Path(__file__).parents[1] / ".." / "shared").resolve()
EXAMPLES = SHARED / "corpus-standards" / "rico-converter" / "examples-v1.1" / "src"
EAD, EAC = EXAMPLES / "ead" / "FRAN_IR_003500.xml", EXAMPLES / "eac-cpf" / "FRAN_NP_051234.xml"
PAGES = ("wcda-3283.txt", "wcda-113067.txt")
CHILDREN = 150  # files of the synthetic fonds: more than a header names


def _fonds(folder: Path) -> Path:
    """A finding aid whose fonds directly includes CHILDREN files."""
    files = "".join(f'<c01 level="file" id="f{i}"><did><unittitle>File {i}</unittitle></did></c01>'
                    for i in range(CHILDREN))
    p = folder / "big-fonds.xml"
    p.write_text('<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>BIG-1</eadid><filedesc><titlestmt>'
                 '<titleproper>A big fonds</titleproper></titlestmt></filedesc></eadheader><archdesc level="fonds">'
                 f'<did><unittitle>Big fonds</unittitle></did><dsc>{files}</dsc></archdesc></ead>', encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A few pages, one EAD and one EAC-CPF file from the shared corpus and a big synthetic fonds, ingested
    under the server's own base (so that every link resolves on it); yields (base, local)."""
    if not EAD.exists() or not EAC.exists():
        pytest.skip(f"the RiC-O Converter examples are not at {EXAMPLES} (../shared is absent)")
    from lod.config import Config
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.store.summaries import Summaries

    folder = tmp_path_factory.mktemp("signposting")
    inputs = folder / "in"
    inputs.mkdir()
    for name in PAGES:
        (inputs / name).write_bytes((RECORDS / name).read_bytes())
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    config = Config(store=str(folder / "store"), base=base)
    store = open_store(config.store)
    report = ingest([inputs, EAD, EAC, _fonds(folder)], store, Local(base), progress=False,
                    summaries=Summaries(config.summaries))
    assert not report.rejected, [str(r) for r in report.rejected]
    srv = start_lod_serve(Backend("embedded", store, report, config), base=base, port=port)
    yield base, Local(base), store
    srv.stop()


def _one(store, sparql: str) -> str:
    rows = list(store.select(sparql))
    assert rows, sparql
    return str(rows[0]["x"])


def _kinds(base: str, local: Local, store) -> dict[str, str]:
    """A document URL of each kind, found in the store."""
    def of_type(cls: URIRef, part: str) -> str:
        iri = _one(store, f'SELECT ?x WHERE {{ ?x a <{cls}> FILTER(CONTAINS(STR(?x), "/{part}/")) }} ORDER BY ?x LIMIT 1')
        return local.document_of(iri)

    record = local.document_of(_one(store, f"SELECT ?x WHERE {{ ?x a <{RICO.Record}> ; <{RICO.isOrWasIncludedIn}> ?s }} LIMIT 1"))
    return {"record": record, "record as Turtle": record + ".ttl", "record by its URI": record.replace("/doc/", "/id/"),
            "person": of_type(RICO.Person, "person") + ".jsonld", "corporate body": of_type(RICO.CorporateBody, "corporate-body"),
            "family": of_type(RICO.Family, "family"), "place": of_type(RICO.Place, "place") + ".rdf",
            "concept": of_type(URIRef("http://www.w3.org/2004/02/skos/core#Concept"), "role"),
            "scheme": local.document_of(local.vocab["role"]), "record set": of_type(RICO.RecordSet, "record-set") + ".nt",
            "EAD record resource": of_type(RICO.RecordResource, "record-resource"),
            "finding aid": of_type(RICO.Record, "finding-aid"), "authority record": of_type(RICO.Record, "authority-record"),
            "dataset": base + "void", "home": base}


def _signposts(url: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return signposting.find_signposting_http(url)


def _head(url: str, accept: str = "") -> dict[str, str]:
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return {"status": r.status, "link": r.headers.get("Link", ""), "type": r.headers.get("Content-Type", ""),
                "body": r.read()}


def test_every_document_kind_has_cite_as_describedby_type_and_license(site) -> None:
    base, local, store = site
    for kind, url in _kinds(base, local, store).items():
        s = _signposts(url)
        assert s.citeAs is not None and s.license is not None, (kind, url, s)
        assert len(s.describedBy) >= 4 and all(d.type for d in s.describedBy), (kind, s.describedBy)
        types = {str(t.target) for t in s.types}
        assert any(t.startswith("https://schema.org/") for t in types), (kind, types)
        assert s.linksets, (kind, url)
        if kind not in ("dataset", "home", "scheme"):
            assert any(t.startswith(str(RICO)) for t in types), (kind, types)
            assert str(s.citeAs.target).startswith(base) and "/doc/" not in str(s.citeAs.target), (kind, s.citeAs)
        for d in s.describedBy:  # every describedby answers in the type it names
            got = _head(str(d.target), str(d.type))
            assert got["status"] == 200 and got["type"].startswith(str(d.type)), (kind, d)


def test_every_html_page_repeats_its_signposts_in_its_head(site) -> None:
    """FAIR Signposting reads typed links from the HTML too: the page's ``<link>`` elements are its header's."""
    base, local, store = site
    for kind, url in _kinds(base, local, store).items():
        if "/doc/" not in url or kind == "record by its URI":
            continue
        page = url.rsplit(".", 1)[0] if url.rsplit("/", 1)[1].count(".") else url
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            head, html = signposting.find_signposting_http(page + ".html"), signposting.find_signposting_html(page + ".html")
        assert html.citeAs is not None and html.license is not None, (kind, page)
        assert str(html.citeAs.target) == str(head.citeAs.target) and str(html.license.target) == str(head.license.target)
        assert {str(t.target) for t in html.types} == {str(t.target) for t in head.types}, kind
        assert {(str(d.target), str(d.type)) for d in html.describedBy} == {
            (str(d.target), str(d.type)) for d in head.describedBy}, kind
        assert {str(a.target) for a in html.authors} == {str(a.target) for a in head.authors}, kind


def test_the_html_page_is_a_landing_page_and_the_record_cites_its_entity(site) -> None:
    base, local, store = site
    record = _kinds(base, local, store)["record"]
    s = _signposts(record + ".html")
    assert "https://schema.org/AboutPage" in {str(t.target) for t in s.types}
    assert str(s.citeAs.target) == record.replace("/doc/", "/id/")
    assert str(RICO.Record) in {str(t.target) for t in s.types}


def test_a_record_shows_its_collection_and_authors_and_the_set_its_items(site) -> None:
    base, local, store = site
    record_iri = _one(store, f"SELECT ?x WHERE {{ ?x a <{RICO.Record}> ; <{RICO.isOrWasIncludedIn}> ?s ; "
                             f"<{RICO.hasCreator}> ?c }} LIMIT 1")
    s = _signposts(local.document_of(record_iri))
    assert s.collection is not None and s.authors, s
    parent = str(s.collection.target)
    assert (URIRef(record_iri), RICO.isOrWasIncludedIn, URIRef(parent)) in {
        (URIRef(str(r["s"])), RICO.isOrWasIncludedIn, URIRef(str(r["o"]))) for r in store.select(
            f"SELECT ?s ?o WHERE {{ BIND(<{record_iri}> AS ?s) ?s <{RICO.isOrWasIncludedIn}> ?o }}")}
    up = _signposts(local.document_of(parent))  # the record set names the record among its items
    assert record_iri in {str(i.target) for i in up.items}


def test_a_big_fonds_names_a_bounded_number_of_items_and_its_linkset_all(site) -> None:
    from lod.web.signposting import MAX_LINKS
    base, local, store = site
    fonds = local.record_resource("BIG-1", "top")
    got = _head(local.document_of(fonds))
    s = _signposts(local.document_of(fonds))
    assert len(s.items) == MAX_LINKS and len(got["link"]) < 8000, (len(s.items), len(got["link"]))
    linkset = next(str(l.target) for l in s.linksets if str(l.type) == "application/linkset+json")
    assert linkset == f"{base}linkset/record-resource/BIG-1/top"
    for accept in ("application/linkset+json", "application/linkset"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            full = signposting.find_signposting_linkset(linkset, accept)
        mine = full.for_context(local.document_of(fonds))
        assert len(mine.items) == CHILDREN and mine.citeAs and mine.license and mine.types, (accept, len(mine.items))
        assert len(mine.describedBy) == 4
        assert all(local.document_of(fonds) in {str(x.target) for x in full.for_context(str(d.target)).describes}
                   for d in mine.describedBy), "each metadata document describes the landing page back"


def test_linkset_json_is_rfc_9264_shaped(site) -> None:
    base, local, store = site
    got = _head(f"{base}linkset/void")
    assert got["type"] == "application/linkset+json"
    doc = json.loads(got["body"])
    first = doc["linkset"][0]
    assert first["anchor"] == f"{base}void" and first["cite-as"] == [{"href": str(local.dataset)}]
    assert all(isinstance(v, list) and all("href" in t for t in v) for k, v in first.items() if k != "anchor")
    text = _head(f"{base}linkset/void", "application/linkset")
    assert text["type"] == "application/linkset" and b'rel="cite-as"' in text["body"]


def test_a_header_stays_small_for_ten_thousand_children() -> None:
    """The links are read from a description whatever its size: a fonds of 10,000 children gets a header of
    MAX_LINKS items (its linkset carries the rest)."""
    import pyoxigraph as ox

    from lod.store.describe import Description
    from lod.web.signposting import MAX_LINKS, for_description, header
    local = Local("http://x.org/")
    me = local.record_set("fonds")
    triples = [ox.Triple(ox.NamedNode(str(me)), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RICO.RecordSet)))]
    triples += [ox.Triple(ox.NamedNode(str(local.record(str(i)))), ox.NamedNode(str(RICO.isOrWasIncludedIn)),
                          ox.NamedNode(str(me))) for i in range(10_000)]
    links = for_description(Description(URIRef(str(me)), triples, 10_000, 1), local, "", "record-set/fonds")
    assert sum(link.rel == "item" for link in links) == MAX_LINKS
    assert len(header(links)) < 3000


@pytest.mark.parametrize("path, status", [("linkset/a", 400), ("linkset/record/%00", 400), ("linkset/record/..", 400),
                                          ("linkset/record/nothing-here", 404), ("linkset/void?page=0", 400),
                                          ("linkset/void?page=x", 400)])
def test_hostile_linkset_paths_are_client_errors(site, path: str, status: int) -> None:
    base, _, _ = site
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(base + path, timeout=30)
    assert e.value.code == status


def test_a_linkset_in_an_unoffered_type_is_406(site) -> None:
    base, _, _ = site
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(urllib.request.Request(f"{base}linkset/void", headers={"Accept": "text/csv"}), timeout=30)
    assert e.value.code == 406
