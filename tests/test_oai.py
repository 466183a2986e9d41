"""OAI-PMH 2.0 at /oai over a real ``lod serve`` on loopback: every verb and error code, responses valid against
OAI-PMH.xsd (and oai_dc against its schema, local files only), from/until, sets, a re-ingest between two pages,
persistent deletions, and a real harvester (Sickle) harvesting every item in every format.

The EAD3 and EAC-CPF schemas are not among the shared specs: when a folder ``LOD_XML_SCHEMAS`` names holds
``ead3.xsd`` (EAD3 1.1) and ``cpf.xsd`` (EAC-CPF 2010), or ``../shared/specs/ead3/`` and
``../shared/specs/eac-cpf/`` do, every ead and eac_cpf record is validated against them; without them, those two
formats are checked for well-formedness and their required structure only.
"""
from __future__ import annotations

import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from lxml import etree

from lod.oai.registry import Registry
from tests.conftest import BASE, RECORDS, Backend, ingest_corpus, start_lod_serve

SHARED = (Path(__file__).parents[1] / ".." / "shared").resolve()
SPECS = SHARED / "specs" / "oai-pmh"
STANDARDS = SHARED / "corpus-standards"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
NS = {"o": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "ead": "http://ead3.archivists.org/schema/", "eac": "urn:isbn:1-931666-33-4"}
PAGES = ["wcda-113067.txt", "wcda-3283.txt", "wcda-113392-partial.txt", "wcda-113395-partial.txt"]
EXTRA = [STANDARDS / "ead" / "EHRI-MemShoah__memshoah.xml", STANDARDS / "eac-cpf" / "EHRI__abwehr.xml"]
#: the environment variable naming a folder that holds ``ead3.xsd`` and ``cpf.xsd`` (never committed here)
XML_SCHEMAS = "LOD_XML_SCHEMAS"
#: root tag → (metadataPrefix, file name in the LOD_XML_SCHEMAS folder, where ../shared would keep it)
METADATA_XSD = {f"{{{NS['ead']}}}ead": ("ead", "ead3.xsd", SHARED / "specs" / "ead3" / "ead3.xsd"),
                f"{{{NS['eac']}}}eac-cpf": ("eac_cpf", "cpf.xsd", SHARED / "specs" / "eac-cpf" / "cpf.xsd")}
# Minimal stand-ins, written for these tests, for the W3C xml.xsd and the LoC xlink.xsd the schemas import.
XML_XSD = """<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
 targetNamespace="http://www.w3.org/XML/1998/namespace"><xs:attribute name="lang" type="xs:language"/>
 <xs:attribute name="id" type="xs:ID"/><xs:attribute name="base" type="xs:anyURI"/></xs:schema>"""
XLINK_XSD = """<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xlink="http://www.w3.org/1999/xlink" targetNamespace="http://www.w3.org/1999/xlink">
 <xs:attribute name="href" type="xs:anyURI"/><xs:attribute name="role" type="xs:anyURI"/>
 <xs:attribute name="arcrole" type="xs:anyURI"/><xs:attribute name="title" type="xs:string"/>
 <xs:attribute name="show"><xs:simpleType><xs:restriction base="xs:token">
  <xs:enumeration value="new"/><xs:enumeration value="replace"/><xs:enumeration value="embed"/>
  <xs:enumeration value="other"/><xs:enumeration value="none"/></xs:restriction></xs:simpleType></xs:attribute>
 <xs:attribute name="actuate"><xs:simpleType><xs:restriction base="xs:token">
  <xs:enumeration value="onLoad"/><xs:enumeration value="onRequest"/><xs:enumeration value="other"/>
  <xs:enumeration value="none"/></xs:restriction></xs:simpleType></xs:attribute>
 <xs:attributeGroup name="simpleLink">
  <xs:attribute name="type" type="xs:token" fixed="simple" form="qualified"/>
  <xs:attribute ref="xlink:href"/><xs:attribute ref="xlink:role"/><xs:attribute ref="xlink:arcrole"/>
  <xs:attribute ref="xlink:title"/><xs:attribute ref="xlink:show"/><xs:attribute ref="xlink:actuate"/>
 </xs:attributeGroup></xs:schema>"""

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


@dataclass
class Schemas:
    """The OAI-PMH envelope's schema (with oai_dc), the EAD3 / EAC-CPF schemas found (root tag → schema), and
    how many records each of those validated."""

    envelope: etree.XMLSchema
    metadata: dict[str, etree.XMLSchema]
    validated: Counter = field(default_factory=Counter)


def metadata_xsd(tag: str) -> Path | None:
    """Where the schema of the metadata element ``tag`` is on this machine, if anywhere."""
    _, name, shared = METADATA_XSD[tag]
    folder = os.environ.get(XML_SCHEMAS)
    return next((p for p in ([Path(folder) / name] if folder else []) + [shared] if p.is_file()), None)


def require_metadata_schemas(schemas: Schemas) -> None:
    """Skip, saying how to give them, unless both the EAD3 and the EAC-CPF schema are here."""
    missing = [(name, shared) for tag, (_, name, shared) in METADATA_XSD.items() if tag not in schemas.metadata]
    if missing:
        pytest.skip(f"no {' or '.join(n for n, _ in missing)}: set {XML_SCHEMAS} to a folder holding ead3.xsd "
                    f"(EAD3 1.1) and cpf.xsd (EAC-CPF 2010), or put them at {', '.join(str(p) for _, p in missing)}")


def load_schema(path: Path, parser: etree.XMLParser) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), parser))


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> Schemas:
    d = tmp_path_factory.mktemp("xsd")
    (d / "xml.xsd").write_text(XML_XSD)
    (d / "xlink.xsd").write_text(XLINK_XSD)
    wrapper = d / "oai-and-dc.xsd"
    wrapper.write_text(f"""<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="{(SPECS / 'OAI-PMH.xsd').as_uri()}"/>
      <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="{(SPECS / 'oai_dc.xsd').as_uri()}"/>
    </xs:schema>""")
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Resolver({"http://dublincore.org/schemas/xmls/simpledc20021212.xsd":
                                   SPECS / "simpledc20021212.xsd",
                                   "http://www.w3.org/2001/03/xml.xsd": d / "xml.xsd",
                                   "http://www.w3.org/2007/08/xml.xsd": d / "xml.xsd",
                                   "http://www.loc.gov/standards/xlink/xlink.xsd": d / "xlink.xsd"}))
    found = {tag: metadata_xsd(tag) for tag in METADATA_XSD}
    return Schemas(load_schema(wrapper, parser),
                   {tag: load_schema(path, parser) for tag, path in found.items() if path is not None})


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


def get(url: str, schemas: Schemas | None = None, **params: str) -> etree._Element:
    with urllib.request.urlopen(url + "?" + urllib.parse.urlencode(params), timeout=60) as r:
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/xml")
        doc = etree.fromstring(r.read())
    if schemas is not None:
        check(doc, schemas)
    return doc


def check(doc: etree._Element, schemas: Schemas) -> None:
    """The response valid against OAI-PMH.xsd; each oai_dc record valid against oai_dc.xsd; each ead and eac_cpf
    record valid against its own schema when there is one here, and holding its required structure; each rico
    record RDF/XML about the header's item. Every format but oai_dc is then stood in for by an empty oai_dc
    record (OAI-PMH.xsd takes metadata strictly, and has no schema for RDF/XML)."""
    copy = etree.fromstring(etree.tostring(doc))
    for record in copy.iter(f"{OAI}record"):
        md = record.find(f"{OAI}metadata")
        if md is None:
            continue  # a deleted item
        (child,) = list(md)
        if child.tag != "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc":
            check_metadata(child, record.findtext(f"{OAI}header/{OAI}identifier"), schemas)
            md.remove(child)
            etree.SubElement(md, "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc")
    schemas.envelope.assertValid(copy)


def check_metadata(el: etree._Element, identifier: str, schemas: Schemas) -> None:
    if el.tag in schemas.metadata:
        alone = etree.fromstring(etree.tostring(el))  # the element as a document of its own
        schema = schemas.metadata[el.tag]
        assert schema.validate(alone), f"{identifier}: {schema.error_log}\n{etree.tostring(el).decode()}"
        schemas.validated[METADATA_XSD[el.tag][0]] += 1
    if el.tag == f"{{{NS['ead']}}}ead":
        for path in ("ead:control/ead:recordid", "ead:control/ead:filedesc/ead:titlestmt/ead:titleproper",
                     "ead:control/ead:maintenancestatus", "ead:control/ead:maintenanceagency/ead:agencyname",
                     "ead:control/ead:maintenancehistory/ead:maintenanceevent/ead:eventdatetime",
                     "ead:archdesc/ead:did/ead:unittitle"):
            assert el.find(path, NS) is not None, path
        assert el.find("ead:archdesc", NS).get("level")
        assert el.findtext("ead:control/ead:recordid", namespaces=NS) == identifier
    elif el.tag == f"{{{NS['eac']}}}eac-cpf":
        for path in ("eac:control/eac:recordId", "eac:control/eac:maintenanceStatus",
                     "eac:control/eac:maintenanceAgency/eac:agencyName",
                     "eac:control/eac:maintenanceHistory/eac:maintenanceEvent/eac:eventDateTime",
                     "eac:cpfDescription/eac:identity/eac:entityType",
                     "eac:cpfDescription/eac:identity/eac:nameEntry/eac:part"):
            assert el.find(path, NS) is not None, path
        assert el.findtext("eac:control/eac:otherRecordId", namespaces=NS) == identifier
        assert el.findtext("eac:cpfDescription/eac:identity/eac:entityId", namespaces=NS) == identifier
    else:
        from rdflib import Graph, URIRef
        assert el.tag == "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
        graph = Graph().parse(data=etree.tostring(el), format="xml")
        assert (URIRef(identifier), None, None) in graph, f"{identifier}: no triple about it in its rico record"


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
    from lod.oai.items import read_items
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



def recording_sickle(url: str):
    """A Sickle harvester of ``url`` that keeps the body of every response it is sent (``.pages``), to validate
    the very pages it harvested."""
    sickle = pytest.importorskip("sickle")

    class Recording(sickle.Sickle):
        def harvest(self, **params):
            response = super().harvest(**params)
            self.pages.append(response.http_response.content)
            return response

    harvester = Recording(url, max_retries=1, timeout=120)
    harvester.pages = []
    return harvester


def test_ead_and_eac_cpf_are_schema_valid(oai, schemas):
    """Every ead and eac_cpf record valid against the EAD3 1.1 and EAC-CPF 2010 schemas, and those schemas do
    reject a record without its required parts (so the validation is no formality)."""
    require_metadata_schemas(schemas)
    url, backend = oai
    from lod.oai.metadata import formats_for
    from lod.oai.items import read_items
    from lod.vocab import Local
    items = read_items(backend.store, Local(BASE))[0]
    for prefix in ("ead", "eac_cpf"):
        before = schemas.validated[prefix]
        records = [h for h in harvest(url, schemas, "ListRecords", metadataPrefix=prefix) if h.get("status") is None]
        served = sorted(i.identifier for i in items if prefix in [f.prefix for f in formats_for(i.kind)])
        assert sorted(ids(records)) == served and served
        assert schemas.validated[prefix] - before == len(served)
    record = next(i.identifier for i in items if i.kind == "record")
    doc = get(url, verb="GetRecord", identifier=record, metadataPrefix="ead")
    ead = etree.fromstring(etree.tostring(doc.find(f".//{OAI}metadata/{{{NS['ead']}}}ead")))
    schema = schemas.metadata[ead.tag]
    assert schema.validate(ead)
    ead.remove(ead.find("ead:control", NS))
    assert not schema.validate(ead)


def test_every_part_of_the_ead_and_eac_cpf_writers_is_schema_valid(schemas):
    """Descriptions that reach every branch of the two writers (dates that are and are not standard ones,
    alternative names, histories, relations to agents and records, creators, subjects of every kind, rights):
    each record valid against its schema."""
    require_metadata_schemas(schemas)
    import pyoxigraph as ox
    from rdflib import Graph, Literal

    from lod.collection import bundled
    from lod.oai.metadata import BY_PREFIX, Described
    from lod.store.describe import Description
    from lod.store.terms import to_ox
    from lod.vocab import DCTERMS, RDF, RDFS, RICO, RICRST, SKOS, Local
    local = Local(BASE)
    person, family, body = local.agent("person", "zhou_enlai é"), local.agent("family", "kim"), \
        local.agent("organisation", "ministry")
    place, topic = local.agent("place", "hanoi"), local.subject("war")
    record, fonds = local.record("113067"), local.record_set("avp-rf/fond-059a")
    g = Graph()
    for node, cls, label in ((person, RICO.Person, "Zhou Enlai"), (family, RICO.Family, "Kim family"),
                             (body, RICO.CorporateBody, "Ministry"), (place, RICO.Place, "Hanoi"),
                             (topic, SKOS.Concept, "War"), (record, RICO.Record, "A talk"),
                             (fonds, RICO.RecordSet, "Fond 059a")):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label)))
    g.add((person, SKOS.altLabel, Literal("Chou En-lai")))
    g.add((person, RICO.birthDate, Literal("1898-03-05")))
    g.add((person, RICO.deathDate, Literal("1953-02-30")))  # no calendar day: text only
    g.add((person, RICO.history,
           Literal('<html:p xmlns:html="http://www.w3.org/1999/xhtml">A <html:b>life</html:b></html:p>')))
    g.add((person, RICO.isOrWasMemberOf, family))
    g.add((body, RICO.beginningDate, Literal("c. 1949")))
    for node in (record, fonds):
        g.add((node, RICO.identifier, Literal("059a/1")))
        g.add((node, RICO.date, Literal("1950-04-10")))
        g.add((node, RICO.scopeAndContent, Literal("What it is about.")))
        g.add((node, RICO.history, Literal("Where it came from.")))
        g.add((node, RICO.conditionsOfUse, Literal("Open.")))
        g.add((node, DCTERMS.rights, Literal("Public domain.")))
        g.add((node, RICO.hasCreator, person))
        for subject in (person, family, body, place, topic):
            g.add((node, RICO.hasOrHadSubject, subject))
    g.add((fonds, RICO.hasRecordSetType, RICRST.Fonds))
    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g]
    out = {}
    for iri, prefix in ((record, "ead"), (fonds, "ead"), (person, "eac_cpf"), (family, "eac_cpf"),
                        (body, "eac_cpf")):
        out[iri] = BY_PREFIX[prefix].write(Described(Description(iri, triples, 0, 1), "2026-01-01T00:00:00Z",
                                                     bundled()))
        check_metadata(out[iri], str(iri), schemas)
    dates = "eac:cpfDescription/eac:description/eac:existDates/eac:dateRange/"
    assert out[person].find(dates + "eac:fromDate", NS).get("standardDate") == "1898-03-05"
    assert out[person].find(dates + "eac:toDate", NS).get("standardDate") is None  # 30 February
    assert out[body].find(dates + "eac:fromDate", NS).get("standardDate") is None  # "c. 1949"
    assert out[person].find("eac:cpfDescription/eac:relations/eac:cpfRelation", NS) is not None
    assert out[fonds].find("ead:archdesc", NS).get("level") == "fonds"
    assert {etree.QName(e).localname for e in out[record].find("ead:archdesc/ead:controlaccess", NS)} \
        == {"persname", "famname", "corpname", "geogname", "subject"}


def test_whole_corpus_in_every_format(dataset, server, schemas):
    """A harvester (Sickle) gets the whole bundled corpus in each of the four formats, on each store backend:
    as many records as the store holds items of the kinds the format serves, every one once, and every page
    it was sent valid (the envelope always, each format as :func:`check` says)."""
    from lod.oai.metadata import FORMATS, formats_for
    from lod.oai.items import read_items
    from lod.vocab import Local
    url = server[0] + "oai"
    items = read_items(dataset.store, Local(BASE))[0]
    for fmt in FORMATS:
        harvester = recording_sickle(url)
        names = [r.header.identifier for r in harvester.ListRecords(metadataPrefix=fmt.prefix, ignore_deleted=True)]
        served = {i.identifier for i in items if fmt in formats_for(i.kind)}
        assert len(names) == len(set(names)), f"{fmt.prefix}: an item harvested twice"
        assert set(names) == served, f"{fmt.prefix}: {sorted(served ^ set(names))[:5]}"
        assert harvester.pages
        for page in harvester.pages:
            check(etree.fromstring(page), schemas)


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


def _registry_rows(path: Path) -> tuple[dict, set]:
    import sqlite3
    db = sqlite3.connect(path)
    try:
        return ({r[0]: (r[1], r[2], r[3]) for r in db.execute("SELECT identifier, datestamp, kind, deleted FROM items")},
                set(db.execute("SELECT spec, identifier FROM item_sets")))
    finally:
        db.close()


def test_an_ingest_that_adds_reads_only_what_it_changed(tmp_path):
    """After an ingest that adds to the store (one record changed, one new), the registry is brought up to date
    from the IRIs that ingest changed: the same items, kinds, deletions and sets as reading the whole store,
    the changed record re-stamped, the records it did not touch keeping their datestamps."""
    from lod.oai.items import read_items
    from lod.store import open_store
    from lod.vocab import Local
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in PAGES:
        shutil.copy(RECORDS / name, inputs / name)
    store = open_store(str(tmp_path / "store"))
    ingest_corpus(store, [inputs], replace=True)
    registry = Registry(tmp_path / "oai.sqlite")
    registry.sync(store, Local(BASE))
    before, _ = _registry_rows(registry.path)
    since = store.version()[0]
    changed = tmp_path / "changed"
    changed.mkdir()
    page = (RECORDS / "wcda-113067.txt").read_text(encoding="utf-8")
    title = page.split("\n\n")[2]
    (changed / "wcda-113067.txt").write_text(page.replace(title, title + " (revised)", 1), encoding="utf-8")
    shutil.copy(RECORDS / "wcda-115771-partial.txt", changed)
    report = ingest_corpus(store, [changed])
    assert report.changed is not None and report.written
    assert len(read_items(store, Local(BASE), only=report.changed)[0]) < len(read_items(store, Local(BASE))[0])
    registry.sync(store, Local(BASE), changed=report.changed, since=since)
    whole = Registry(tmp_path / "whole.sqlite")
    whole.sync(store, Local(BASE))
    (got, got_sets), (want, want_sets) = _registry_rows(registry.path), _registry_rows(whole.path)
    assert {k: v[1:] for k, v in got.items()} == {k: v[1:] for k, v in want.items()}  # kinds, deletions
    assert got_sets == want_sets
    changed_record = f"{BASE}id/record/113067"
    untouched = next(i for i, v in before.items() if v[1] == "record" and i not in report.changed)
    assert got[changed_record][0] == want[changed_record][0] >= before[changed_record][0]
    assert got[untouched][0] == before[untouched][0]
    assert f"{BASE}id/record/115771" in got
    registry.sync(store, Local(BASE), changed=set(), since="not the version it is at")  # nothing to do: no-op
    assert _registry_rows(registry.path) == (got, got_sets)
