"""External authority links and scoped keys (issue #16): an EAD name with the number of a known authority is
the same as that authority's entity (``owl:sameAs`` an agent, ``skos:exactMatch`` a place); a malformed
number is not linked and is reported; an archive's bare record id (``65``) is scoped by its agency, so two
archives' ``65`` stay two agents and a finding aid meets only its own agency's record. Through `lod ingest`
into a real store."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from lod.ingest import ingest
from lod.mapping.authority_ids import authority_link
from lod.mapping.scoped_keys import identifies_issuer
from lod.store import open_store
from lod.vocab import OWL, RICO, SKOS, Local
from tests.conftest import BASE

LOCAL = Local(BASE)
LC = "http://id.loc.gov/authorities/names/n79021164"


def ead(folder: Path, names: str, eadid: str = "fa-1", agency: str = 'countrycode="US" mainagencycode="US-X"',
        name: str = "fa.xml") -> Path:
    p = folder / name
    p.write_text(f'<ead><eadheader><eadid {agency}>{eadid}</eadid></eadheader><archdesc level="fonds"><did>'
                 f"<unittitle>Papers</unittitle></did><controlaccess>{names}</controlaccess></archdesc></ead>",
                 encoding="utf-8")
    return p


def eac(folder: Path, name: str, record_id: str, agency: str, *names: str) -> Path:
    parts = "".join(f"<nameEntry><part>{n}</part></nameEntry>" for n in names)
    p = folder / name
    p.write_text(f'<eac-cpf xmlns="urn:isbn:1-931666-33-4"><control><recordId>{record_id}</recordId>'
                 f"<maintenanceAgency>{agency}</maintenanceAgency></control><cpfDescription><identity>"
                 f"<entityType>person</entityType>{parts}</identity></cpfDescription></eac-cpf>", encoding="utf-8")
    return p


def ingested(tmp_path: Path, *paths: Path):
    store = open_store(str(tmp_path / "s"))
    report = ingest(list(paths), store, LOCAL, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    return store, report


def objects(store, predicate) -> dict[str, set[str]]:
    """What the collection's entities (``{base}id/…``) say by ``predicate`` (its vocabularies' links left out)."""
    found: dict[str, set[str]] = {}
    for r in store.select(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o FILTER(STRSTARTS(STR(?s), '{LOCAL.id}')) }}"):
        found.setdefault(str(r["s"]), set()).add(str(r["o"]))
    return found


def subjects_of_unit(store) -> set[str]:
    rows = store.select(f"SELECT ?a WHERE {{ ?u <{RICO.hasOrHadSubject}> ?a FILTER(CONTAINS(STR(?u), '/record-resource/')) }}")
    return {str(r["a"]) for r in rows}


def test_ead_names_of_known_authorities_are_linked(tmp_path: Path) -> None:
    names = ('<persname source="lcnaf" authfilenumber="n79021164">Twain, Mark</persname>'
             '<persname source="VIAF" authfilenumber="50566653">Twain</persname>'
             '<corpname source="wikidata" authfilenumber="Q131454">Library of Congress</corpname>'
             '<persname source="isni" authfilenumber="0000000121450125">Clemens</persname>'
             '<geogname source="geonames" authfilenumber="2988507">Paris</geogname>'
             '<subject source="lcsh" authfilenumber="sh85061212">History</subject>'
             '<persname source="FRAN_RI_012" authfilenumber="d699">Hugo</persname>')
    store, _ = ingested(tmp_path, ead(tmp_path, names))
    same, exact = objects(store, OWL.sameAs), objects(store, SKOS.exactMatch)
    assert same[str(LOCAL.agent("person", "lcnaf-n79021164"))] == {LC}
    assert same[str(LOCAL.agent("person", "viaf-50566653"))] == {"http://viaf.org/viaf/50566653"}
    assert same[str(LOCAL.agent("organisation", "wikidata-q131454"))] == {"http://www.wikidata.org/entity/Q131454"}
    assert same[str(LOCAL.agent("person", "isni-0000000121450125"))] == {"https://isni.org/isni/0000000121450125"}
    assert exact[str(LOCAL.agent("place", "geonames-2988507"))] == {"https://sws.geonames.org/2988507/"}
    assert "http://id.loc.gov/authorities/subjects/sh85061212" in set().union(*exact.values())
    assert str(LOCAL.agent("person", "fran-ri-012-d699")) not in same  # an ANF referential: no external link
    assert str(LOCAL.agent("place", "geonames-2988507")) not in same  # a place is not owl:sameAs


def test_a_uri_or_ark_given_as_the_number_is_linked(tmp_path: Path) -> None:
    names = ('<persname authfilenumber="https://www.wikidata.org/wiki/Q7245">Twain</persname>'
             '<persname source="ark" authfilenumber="ark:/12148/cb119266346">Hugo</persname>')
    store, _ = ingested(tmp_path, ead(tmp_path, names))
    linked = set().union(*objects(store, OWL.sameAs).values())
    assert {"http://www.wikidata.org/entity/Q7245", "https://data.bnf.fr/ark:/12148/cb119266346#about"} <= linked


@pytest.mark.parametrize("source, number", [("lcnaf", "n 79021164"), ("viaf", "5056665x"), ("wikidata", "131454"),
                                            ("isni", "0000 0001 2145"), ("geonames", "25 88507")])
def test_a_malformed_number_is_not_linked_and_is_named(tmp_path: Path, source: str, number: str) -> None:
    kind = "geogname" if source == "geonames" else "persname"
    store, report = ingested(tmp_path, ead(tmp_path, f'<{kind} source="{source}" authfilenumber="{number}">X</{kind}>'))
    assert not objects(store, OWL.sameAs) and not objects(store, SKOS.exactMatch)
    said = [w for _, w in report.warnings if repr(number) in w]
    assert said and "not linked" in said[0], report.warnings
    idents = store.select("SELECT ?i WHERE { ?a <http://purl.org/dc/terms/identifier> ?i }")
    assert f"{source}-{number}" in {str(r["i"]) for r in idents}  # the identifier is kept as written


def test_an_unknown_source_gives_no_link_and_no_warning() -> None:
    assert authority_link("terezin-places", "123") == (None, None)
    assert authority_link("local", "65") == (None, None)


def test_two_agencies_records_65_stay_two_agents(tmp_path: Path) -> None:
    a = eac(tmp_path, "a.xml", "65", "<agencyCode>DE-X</agencyCode>", "Canaris, Wilhelm")
    b = eac(tmp_path, "b.xml", "65", "<agencyName>Archive Y</agencyName>", "Smith, John")
    store, _ = ingested(tmp_path, a, b)
    x, y = str(LOCAL.agent("person", "de-x-65")), str(LOCAL.agent("person", "archive-y-65"))
    labels = objects(store, "http://www.w3.org/2000/01/rdf-schema#label")
    assert labels[x] == {"Canaris, Wilhelm"} and labels[y] == {"Smith, John"}
    records = objects(store, RICO.describesOrDescribed)
    assert {r for r, agents in records.items() if x in agents} != {r for r, agents in records.items() if y in agents}
    assert str(LOCAL.agent("person", "65")) not in labels


def test_an_ead_number_without_source_meets_its_own_agencys_record_only(tmp_path: Path) -> None:
    x = eac(tmp_path, "x.xml", "65", "<agencyCode>US-X</agencyCode>", "Canaris, Wilhelm")
    y = eac(tmp_path, "y.xml", "65", "<agencyCode>US-Y</agencyCode>", "Smith, John")
    fa = ead(tmp_path, '<persname authfilenumber="65">Canaris, Wilhelm</persname>'
                       '<persname source="local" authfilenumber="65">Canaris</persname>',  # "local": the agency's own
             agency='countrycode="us" mainagencycode="X"')
    store, _ = ingested(tmp_path, x, y, fa)
    assert subjects_of_unit(store) == {str(LOCAL.agent("person", "us-x-65"))}


def test_ead3_identifier_and_maintenance_agency(tmp_path: Path) -> None:
    p = tmp_path / "fa3.xml"
    p.write_text('<ead xmlns="http://ead3.archivists.org/schema/"><control><recordid>fa-3</recordid>'
                 "<maintenanceagency><agencycode>US-X</agencycode><agencyname>X</agencyname></maintenanceagency>"
                 '</control><archdesc level="fonds"><did><unittitle>Papers</unittitle></did><controlaccess>'
                 '<persname identifier="65"><part>Canaris, Wilhelm</part></persname>'
                 '<persname source="lcnaf" identifier="n79021164"><part>Twain, Mark</part></persname>'
                 "</controlaccess></archdesc></ead>", encoding="utf-8")
    store, _ = ingested(tmp_path, p, eac(tmp_path, "x.xml", "65", "<agencyCode>US-X</agencyCode>", "Canaris, Wilhelm"))
    twain = str(LOCAL.agent("person", "lcnaf-n79021164"))
    assert subjects_of_unit(store) == {str(LOCAL.agent("person", "us-x-65")), twain}
    assert objects(store, OWL.sameAs)[twain] == {LC}


def test_a_bare_id_without_agency_is_kept_to_its_file(tmp_path: Path) -> None:
    a, b = (eac(tmp_path, f"{n}.xml", "65", "<agencyName/>", name) for n, name in (("a", "Abwehr"), ("b", "Other")))
    store, report = ingested(tmp_path, a, b)
    labels = objects(store, "http://www.w3.org/2000/01/rdf-schema#label")
    assert labels[str(LOCAL.agent("person", "file-a-xml-65"))] == {"Abwehr"}
    assert labels[str(LOCAL.agent("person", "file-b-xml-65"))] == {"Other"}
    assert any("does not say whose it is" in w for _, w in report.warnings)


@pytest.mark.parametrize("ident, qualified", [("65", False), ("75121530", False), ("C0451", False), ("smith", False),
                                              ("RU007004", True), ("DE-1a-173930", True), ("OAC.caltech_feynmanr.c", True),
                                              ("FRAN_NP_050551", True), ("http://n2t.net/ark:/99166/w65k3tsm", True)])
def test_the_rule_of_ids_that_say_whose_they_are(ident: str, qualified: bool) -> None:
    assert identifies_issuer(ident) is qualified


def test_a_uri_an_iri_cannot_hold_is_not_linked_and_does_not_stop_the_ingest(tmp_path: Path) -> None:
    store, report = ingested(tmp_path, ead(tmp_path, '<persname authfilenumber="http://x.org/a&lt;b&gt;&quot;">X</persname>'))
    assert not objects(store, OWL.sameAs)
    assert any("malformed" in w for _, w in report.warnings), report.warnings


def test_the_persons_page_names_the_authority_it_is_the_same_as(tmp_path: Path) -> None:
    from lod.config import Config
    from lod.web.app import create_app

    store, _ = ingested(tmp_path, ead(tmp_path, '<persname source="lcnaf" authfilenumber="n79021164">Twain, Mark</persname>'
                                               '<persname source="isni" authfilenumber="0000000121450125">Clemens</persname>'))
    client = create_app(Config(store=str(tmp_path / "s"), base=BASE), store).test_client()
    for path, href, label in (("/doc/person/lcnaf-n79021164", LC, "LC Names n79021164"),
                              ("/doc/person/isni-0000000121450125", "https://isni.org/isni/0000000121450125",
                               "ISNI 0000000121450125")):
        r = client.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 200, (path, r.status_code)
        assert re.search(rf'<a [^>]*href="{re.escape(href)}"[^>]*>{re.escape(label)}</a>', r.get_data(as_text=True)), path
