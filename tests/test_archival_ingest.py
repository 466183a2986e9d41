"""EAD and EAC-CPF files through `lod ingest`, beside the pages: one prosopography. An EAC-CPF record's agent is
an authority entry for the resolver, so a page naming the same person in full meets its IRI, and a namesake with
another given name stays apart."""
from __future__ import annotations

from pathlib import Path

from lod.ingest import ingest
from lod.store import open_store
from lod.vocab import RICO, Local
from tests.conftest import BASE, RECORDS

LOCAL = Local(BASE)
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "corpus-standards" / "rico-converter" / "examples-v1.1" / "src"


def eac(folder: Path, record_id: str, *names: str) -> Path:
    parts = "".join(f"<nameEntry><part>{n}</part></nameEntry>" for n in names)
    p = folder / f"{record_id}.xml"
    p.write_text(f'<eac-cpf xmlns="urn:isbn:1-931666-33-4"><control><recordId>{record_id}</recordId></control>'
                 f"<cpfDescription><identity><entityType>person</entityType>{parts}</identity></cpfDescription>"
                 "</eac-cpf>", encoding="utf-8")
    return p


def addressees(store, record_graph_part: str) -> set[str]:
    rows = store.select(f"SELECT DISTINCT ?a WHERE {{ ?r <{RICO.hasAddressee}> ?a FILTER(CONTAINS(STR(?r), "
                        f'"{record_graph_part}")) }}')
    return {str(r["a"]) for r in rows}


def test_an_authority_record_and_a_page_naming_the_person_meet_in_one_iri(tmp_path: Path) -> None:
    page = tmp_path / "wcda-3283.txt"
    page.write_text((RECORDS / "wcda-3283.txt").read_text(encoding="utf-8").replace(
        "in Pyongyang to Vyshinsky", "in Pyongyang to Andrei Vyshinsky"), encoding="utf-8")
    eac(tmp_path, "TEST_1", "Vyshinsky, Andrei", "Andrei Vyshinsky")
    eac(tmp_path, "TEST_2", "Vyshinsky, Boris")  # a namesake: another given name
    store = open_store(str(tmp_path / "s"))
    report = ingest([tmp_path], store, LOCAL, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    one, other = str(LOCAL.agent("person", "test-1")), str(LOCAL.agent("person", "test-2"))
    found = addressees(store, "ciphered-teleg")
    assert one in found, found
    assert other not in found
    described = store.select(f"SELECT ?r WHERE {{ ?r <{RICO.describesOrDescribed}> <{one}> }}")
    assert [str(r["r"]) for r in described] == [str(LOCAL.authority_record("TEST_1"))]


def test_a_finding_aid_and_the_authority_record_of_its_creator_meet(tmp_path: Path) -> None:
    import pytest
    fonds, person = EXAMPLES / "ead" / "FRAN_IR_003500.xml", EXAMPLES / "eac-cpf" / "FRAN_NP_051234.xml"
    if not fonds.exists():
        pytest.skip(f"the ANF examples are not at {EXAMPLES}")
    store = open_store(str(tmp_path / "s"))
    report = ingest([fonds, person], store, LOCAL, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    vitet = str(LOCAL.agent("person", "fran-np-051234"))
    rows = store.select(f"SELECT DISTINCT ?u WHERE {{ ?u ?p <{vitet}> FILTER(CONTAINS(STR(?u), '/record-resource/')) }}")
    assert rows, "the fonds names Ludovic Vitet by his record id"
    typed = store.select(f"SELECT ?t WHERE {{ <{vitet}> a ?t }}")
    assert str(RICO.Person) in {str(r["t"]) for r in typed}


def test_a_scoped_record_id_still_meets_the_page_naming_the_person(tmp_path: Path) -> None:
    """A bare record id ("65") is keyed by its agency; the resolver knows the agent by that scoped key, so a
    page naming the person meets the same IRI the record describes."""
    page = tmp_path / "wcda-3283.txt"
    page.write_text((RECORDS / "wcda-3283.txt").read_text(encoding="utf-8").replace(
        "in Pyongyang to Vyshinsky", "in Pyongyang to Andrei Vyshinsky"), encoding="utf-8")
    p = eac(tmp_path, "65", "Vyshinsky, Andrei", "Andrei Vyshinsky")
    p.write_text(p.read_text(encoding="utf-8").replace(
        "</recordId>", "</recordId><maintenanceAgency><agencyCode>RU-X</agencyCode></maintenanceAgency>"), encoding="utf-8")
    store = open_store(str(tmp_path / "s"))
    report = ingest([tmp_path], store, LOCAL, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    one = str(LOCAL.agent("person", "ru-x-65"))
    assert one in addressees(store, "ciphered-teleg")
    described = store.select(f"SELECT ?r WHERE {{ ?r <{RICO.describesOrDescribed}> <{one}> }}")
    assert [str(r["r"]) for r in described] == [str(LOCAL.authority_record("RU-X-65"))]
