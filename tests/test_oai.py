"""OAI-PMH 2.0 at /oai over a real ``lod serve`` on loopback: every verb and error code, responses valid against
OAI-PMH.xsd (and oai_dc against its schema, local files only), from/until, sets, a re-ingest between two pages,
persistent deletions, and a real harvester (Sickle) harvesting every item.

EAD3 and EAC-CPF schemas are not among the shared specs: those two formats are checked for well-formedness and
their required structure only.
"""
from __future__ import annotations

import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from lxml import etree

from lod.oai.registry import Registry
from tests.conftest import RECORDS, Backend, ingest_corpus, start_lod_serve

SHARED = (Path(__file__).parents[1] / ".." / "shared").resolve()
SPECS = SHARED / "specs" / "oai-pmh"
STANDARDS = SHARED / "corpus-standards"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "ead": "http://ead3.archivists.org/schema/", "eac": "urn:isbn:1-931666-33-4"}
PAGES = ["wcda-113067.txt", "wcda-3283.txt", "wcda-113392-partial.txt", "wcda-113395-partial.txt"]
EXTRA = [STANDARDS / "ead" / "EHRI-MemShoah__memshoah.xml", STANDARDS / "eac-cpf" / "EHRI__abwehr.xml"]
XML_XSD = """<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
 targetNamespace="http://www.w3.org/XML/1998/namespace"><xs:attribute name="lang" type="xs:language"/></xs:schema>"""

pytestmark = pytest.mark.skipif(not (SPECS / "OAI-PMH.xsd").exists(), reason=f"no OAI-PMH schemas at {SPECS}")


class Resolver(etree.Resolver):
    """The schemas' absolute imports, mapped to local files: nothing is fetched."""

    def __init__(self, local: dict[str, Path]) -> None:
        super().__init__()
        self.local = local

    def resolve(self, url, pubid, context):
        if url in self.local:
            return self.resolve_filename(str(self.local[url]), context)
        if url.startswith(("http:", "https:")):
            raise AssertionError(f"a schema asked for {url}: not mapped to a local file")
        return None  # a local file: lxml reads it


@pytest.fixture(scope="module")
def schemas(tmp_path_factory):
    d = tmp_path_factory.mktemp("xsd")
    (d / "xml.xsd").write_text(XML_XSD)
    wrapper = d / "oai-and-dc.xsd"
    wrapper.write_text(f"""<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="{(SPECS / 'OAI-PMH.xsd').as_uri()}"/>
      <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="{(SPECS / 'oai_dc.xsd').as_uri()}"/>
    </xs:schema>""")
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Resolver({"http://dublincore.org/schemas/xmls/simpledc20021212.xsd":
                                   SPECS / "simpledc20021212.xsd",
                                   "http://www.w3.org/2001/03/xml.xsd": d / "xml.xsd"}))
    return etree.XMLSchema(etree.parse(str(wrapper), parser))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("oai-in")
    for name in PAGES:
        shutil.copy(RECORDS / name, d)
    for f in EXTRA:
        if f.exists():
            shutil.copy(f, d)
    return d


@pytest.fixture(scope="module")
def oai(tmp_path_factory, inputs):
    from lod.config import Config
    from lod.store import open_store
    directory = tmp_path_factory.mktemp("oai-store")
    config = Config(store=str(directory / "store"), base="http://lod.test/")
    store = open_store(config.store)
    report = ingest_corpus(store, [inputs])
    backend = Backend("embedded", store, report, config)
    srv = start_lod_serve(backend, LOD_OAI_PAGE_SIZE=4)
    yield srv.url + "oai", backend
    srv.stop()


def get(url: str, schemas=None, **params: str) -> etree._Element:
    with urllib.request.urlopen(url + "?" + urllib.parse.urlencode(params), timeout=60) as r:
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/xml")
        doc = etree.fromstring(r.read())
    if schemas is not None:
        check(doc, schemas)
    return doc


def check(doc: etree._Element, schemas) -> None:
    """The response valid against OAI-PMH.xsd; each oai_dc record valid against oai_dc.xsd; every other format
    stood in for by an empty oai_dc record (OAI-PMH.xsd takes metadata strictly, and there is no local EAD3 or
    EAC-CPF schema), after its own checks."""
    copy = etree.fromstring(etree.tostring(doc))
    for md in copy.iter(f"{OAI}metadata"):
        (child,) = list(md)
        if child.tag != "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc":
            check_metadata(child)
            md.remove(child)
            etree.SubElement(md, "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc")
    schemas.assertValid(copy)


def check_metadata(el: etree._Element) -> None:
    if el.tag == f"{{{NS['ead']}}}ead":
        for path in ("ead:control/ead:recordid", "ead:control/ead:filedesc/ead:titlestmt/ead:titleproper",
                     "ead:control/ead:maintenancestatus", "ead:control/ead:maintenanceagency/ead:agencyname",
                     "ead:control/ead:maintenancehistory/ead:maintenanceevent/ead:eventdatetime",
                     "ead:archdesc/ead:did/ead:unittitle"):
            assert el.find(path, NS) is not None, path
        assert el.find("ead:archdesc", NS).get("level")
    elif el.tag == f"{{{NS['eac']}}}eac-cpf":
        for path in ("eac:control/eac:recordId", "eac:control/eac:maintenanceStatus",
                     "eac:control/eac:maintenanceAgency/eac:agencyName",
                     "eac:control/eac:maintenanceHistory/eac:maintenanceEvent/eac:eventDateTime",
                     "eac:cpfDescription/eac:identity/eac:entityType",
                     "eac:cpfDescription/eac:identity/eac:nameEntry/eac:part"):
            assert el.find(path, NS) is not None, path
    else:
        from rdflib import Graph
        assert el.tag == "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
        assert len(Graph().parse(data=etree.tostring(el), format="xml")) > 0


def error(doc: etree._Element) -> str | None:
    e = doc.find(f"{OAI}error")
    return None if e is None else e.get("code")


def harvest(url: str, schemas, verb: str = "ListIdentifiers", **params: str) -> list[etree._Element]:
    """Every header of a list, following the tokens."""
    headers = []
    doc = get(url, schemas, verb=verb, **params)
    while True:
        assert error(doc) is None, etree.tostring(doc)
        headers.extend(doc.iter(f"{OAI}header"))
        token = doc.find(f".//{OAI}resumptionToken")
        if token is None or not token.text:
            return headers
        doc = get(url, schemas, verb=verb, resumptionToken=token.text)


def ids(headers) -> list[str]:
    return [h.findtext(f"{OAI}identifier") for h in headers]


def items_in(store, local_base: str = "http://lod.test/") -> set[str]:
    from lod.oai.registry import read_items
    from lod.vocab import Local
    return {i.identifier for i in read_items(store, Local(local_base))[0]}


def test_identify(oai, schemas):
    url, _ = oai
    doc = get(url, schemas, verb="Identify")
    out = doc.find(f"{OAI}Identify")
    assert out.findtext(f"{OAI}baseURL") == "http://lod.test/oai"  # the public address, under the base
    assert out.findtext(f"{OAI}deletedRecord") == "persistent"
    assert out.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"


def test_formats_and_sets(oai, schemas):
    url, backend = oai
    doc = get(url, schemas, verb="ListMetadataFormats")
    assert [e.text for e in doc.iter(f"{OAI}metadataPrefix")] == ["oai_dc", "ead", "eac_cpf", "rico"]
    person = next(i for i in items_in(backend.store) if "/id/person/" in i)
    doc = get(url, schemas, verb="ListMetadataFormats", identifier=person)
    assert [e.text for e in doc.iter(f"{OAI}metadataPrefix")] == ["oai_dc", "eac_cpf", "rico"]
    specs = [e.text for e in get(url, schemas, verb="ListSets").iter(f"{OAI}setSpec")]
    assert {"record", "record-set", "agent", "agent:person", "agent:corporate-body"} <= set(specs)
    assert any(s.startswith("collection:") for s in specs)
    people = ids(harvest(url, schemas, metadataPrefix="oai_dc", set="agent:person"))
    assert people and all("/id/person/" in i for i in people)
    records = ids(harvest(url, schemas, metadataPrefix="oai_dc", set="record"))
    assert "http://lod.test/id/record/113067" in records and not any("/id/person/" in i for i in records)


def test_every_format(oai, schemas):
    url, _ = oai
    for identifier, prefixes in (("http://lod.test/id/record/113067", ("oai_dc", "ead", "rico")),
                                 ("http://lod.test/id/record-set/avp-rf/fond-059a", ("oai_dc", "ead", "rico"))):
        for prefix in prefixes:
            doc = get(url, schemas, verb="GetRecord", identifier=identifier, metadataPrefix=prefix)
            assert error(doc) is None and doc.find(f".//{OAI}metadata") is not None
    doc = get(url, schemas, verb="GetRecord", identifier="http://lod.test/id/record/113067", metadataPrefix="oai_dc")
    assert doc.findtext(".//dc:title", namespaces=NS) == "Discussion between Zhou Enlai, Chen Yi and Nguyen Duy Trinh"
    assert "http://lod.test/id/record/113067" in [e.text for e in doc.iterfind(".//dc:identifier", NS)]
    records = harvest(url, schemas, "ListRecords", metadataPrefix="eac_cpf")  # every agent, each validated
    assert records and all("/id/record/" not in i for i in ids(records))
    assert harvest(url, schemas, "ListRecords", metadataPrefix="ead")


@pytest.mark.parametrize("params, code", [
    ({}, "badVerb"), ({"verb": "Nope"}, "badVerb"),
    ({"verb": "Identify", "x": "1"}, "badArgument"),
    ({"verb": "ListRecords"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-13-45"}, "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-01", "until": "2026-01-01T00:00:00Z"},
     "badArgument"),
    ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-01-02", "until": "2026-01-01"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "x" * 5000, "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListRecords", "resumptionToken": "garbage"}, "badResumptionToken"),
    ({"verb": "ListIdentifiers", "resumptionToken": "eyJhIjp7fX0.AAAA"}, "badResumptionToken"),
    ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
    ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": "http://lod.test/id/record/113067", "metadataPrefix": "eac_cpf"},
     "cannotDisseminateFormat"),
    ({"verb": "GetRecord", "identifier": "http://lod.test/id/record/none", "metadataPrefix": "oai_dc"},
     "idDoesNotExist"),
    ({"verb": "ListMetadataFormats", "identifier": "<script>"}, "idDoesNotExist"),
    ({"verb": "GetRecord", "identifier": "a\x01b", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "GetRecord", "identifier": "\ufffe", "metadataPrefix": "oai_dc"}, "badArgument"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "a b"}, "badArgument"),
    ({"verb": "Identify\x00"}, "badVerb"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "1900-01-01"}, "noRecordsMatch"),
    ({"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "set": "no-such-set"}, "noRecordsMatch"),
])
def test_errors(oai, schemas, params, code):
    url, _ = oai
    assert error(get(url, schemas, **params)) == code


def test_repeated_argument_and_post(oai, schemas):
    url, _ = oai
    with urllib.request.urlopen(url + "?verb=GetRecord&identifier=%ff%fe&metadataPrefix=oai_dc") as r:
        assert error(etree.fromstring(r.read())) == "idDoesNotExist"  # bytes that are no UTF-8: still answered
    with urllib.request.urlopen(url + "?verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=ead") as r:
        doc = etree.fromstring(r.read())
    check(doc, schemas)
    assert error(doc) == "badArgument"
    body = urllib.parse.urlencode({"verb": "GetRecord", "identifier": "http://lod.test/id/record/113067",
                                   "metadataPrefix": "oai_dc"}).encode()
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req) as r:
        doc = etree.fromstring(r.read())
    check(doc, schemas)
    assert error(doc) is None and doc.find(f".//{OAI}GetRecord") is not None
    wrong = urllib.request.Request(url, data=b"<verb/>", headers={"Content-Type": "application/xml"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(wrong)
    assert e.value.code == 415 and b"x-www-form-urlencoded" in e.value.read()


def test_from_until(oai, schemas):
    url, backend = oai
    everything = ids(harvest(url, schemas, metadataPrefix="oai_dc"))
    stamp = get(url, verb="Identify").findtext(f".//{OAI}earliestDatestamp")
    assert ids(harvest(url, schemas, metadataPrefix="oai_dc", **{"from": stamp})) == everything
    assert ids(harvest(url, schemas, metadataPrefix="oai_dc", **{"from": stamp[:10], "until": stamp[:10]})) \
        == everything
    assert error(get(url, schemas, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": "2999-01-01"})) \
        == "noRecordsMatch"


def test_reingest_between_pages_and_deletions(oai, schemas, inputs, tmp_path):
    """Page 1, then an ingest that removes a record and adds others, then the rest: every item that was there
    before is seen once, none twice; the removed record is then a deleted one, and stays deleted."""
    url, backend = oai
    before = items_in(backend.store)
    doc = get(url, schemas, verb="ListIdentifiers", metadataPrefix="oai_dc")
    stamp_before = max(h.findtext(f"{OAI}datestamp") for h in harvest(url, schemas, metadataPrefix="oai_dc"))
    first = ids(doc.iter(f"{OAI}header"))
    token = doc.find(f".//{OAI}resumptionToken").text
    smaller = tmp_path / "in"
    shutil.copytree(inputs, smaller)
    gone = smaller / "wcda-113067.txt"
    gone.unlink()
    shutil.copy(RECORDS / "wcda-115771-partial.txt", smaller)
    ingest_corpus(backend.store, [smaller], replace=True)
    seen = first
    while token:
        doc = get(url, schemas, verb="ListIdentifiers", resumptionToken=token)
        assert error(doc) is None
        seen += ids(doc.iter(f"{OAI}header"))
        token = doc.findtext(f".//{OAI}resumptionToken")
    assert len(seen) == len(set(seen)), "an item was repeated"
    assert before <= set(seen), f"items skipped: {sorted(before - set(seen))[:5]}"
    removed = "http://lod.test/id/record/113067"
    ingested = Registry(backend.config.oai_registry).get(removed).datestamp
    assert ingested >= stamp_before, "a deletion is stamped with the time of the ingest that removed it"
    since = harvest(url, schemas, metadataPrefix="oai_dc", **{"from": ingested})  # an incremental harvest
    assert removed in ids(since) and next(h for h in since if ids([h]) == [removed]).get("status") == "deleted"
    for _ in range(2):  # and after one more ingest
        doc = get(url, schemas, verb="GetRecord", identifier=removed, metadataPrefix="oai_dc")
        assert doc.find(f".//{OAI}header").get("status") == "deleted"
        assert doc.findtext(f".//{OAI}datestamp") == ingested
        assert doc.find(f".//{OAI}metadata") is None
        assert error(get(url, schemas, verb="ListMetadataFormats", identifier=removed)) == "noMetadataFormats"
        ingest_corpus(backend.store, [smaller])


def test_sickle_harvests_everything(oai):
    sickle = pytest.importorskip("sickle")
    url, backend = oai
    registry = Registry(backend.config.oai_registry)
    harvested = list(sickle.Sickle(url, max_retries=1, timeout=60).ListRecords(metadataPrefix="oai_dc",
                                                                              ignore_deleted=True))
    names = [r.header.identifier for r in harvested]
    assert len(names) == len(set(names))
    assert set(names) == items_in(backend.store)
    assert all(registry.get(n) is not None and not registry.get(n).deleted for n in names)


def test_sickle_harvests_the_bundled_corpus(dataset, server, schemas):
    """The whole bundled corpus, on each store backend: every item once, as many as the store holds, every
    response valid."""
    sickle = pytest.importorskip("sickle")
    url = server[0] + "oai"
    names = [h.identifier for h in sickle.Sickle(url, max_retries=1, timeout=120).ListIdentifiers(
        metadataPrefix="oai_dc")]
    assert len(names) == len(set(names)) == len(items_in(dataset.store))
    assert set(names) == items_in(dataset.store)
    doc = get(url, schemas, verb="ListRecords", metadataPrefix="rico", set="record")
    assert error(doc) is None


ARG_NAMES = ["verb", "identifier", "metadataPrefix", "from", "until", "set", "resumptionToken", "x"]


def test_fuzzed_arguments_are_answered_in_protocol(oai, schemas):
    """Any arguments at all, hostile strings among them: a 200 with a response valid against OAI-PMH.xsd."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    url, _ = oai
    verbs = st.sampled_from(["Identify", "ListMetadataFormats", "ListSets", "ListIdentifiers", "ListRecords",
                             "GetRecord"])
    values = st.one_of(verbs, st.sampled_from(["oai_dc", "ead", "2026-01-01", "record", "agent:person",
                                               "http://lod.test/id/record/113067"]), st.text(max_size=40))

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.tuples(st.sampled_from(ARG_NAMES), values), max_size=5))
    def run(pairs):
        query = urllib.parse.urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in pairs])
        with urllib.request.urlopen(f"{url}?{query}", timeout=60) as r:
            assert r.status == 200
            check(etree.fromstring(r.read()), schemas)
    run()
