"""EAD and EAC-CPF files through `lod ingest`, beside the pages: one prosopography. An EAC-CPF record's agent is
an authority entry for the resolver, so a page naming the same person in full meets its IRI, and a namesake with
another given name stays apart."""
from __future__ import annotations

from pathlib import Path

from lod.ingest import ingest
from lod.store import open_store
from lod.vocab import DCTERMS, RICO, Local
from tests.conftest import BASE, RECORDS

LOCAL = Local(BASE)
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "corpus-standards" / "rico-converter" / "examples-v1.1" / "src"
EAC_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus-standards" / "eac-cpf"


def eac(folder: Path, record_id: str, *names: str, dates: tuple[str, str] | None = None, bio: str = "",
        related: tuple[str, ...] = ()) -> Path:
    """An EAC-CPF file of a person: its names, existDates (from, to), a biogHist and associative relations to
    the records ``related`` (record ids)."""
    parts = "".join(f"<nameEntry><part>{n}</part></nameEntry>" for n in names)
    exist = (f'<existDates><dateRange><fromDate standardDate="{dates[0]}">{dates[0]}</fromDate>'
             f'<toDate standardDate="{dates[1]}">{dates[1]}</toDate></dateRange></existDates>') if dates else ""
    history = f"<biogHist><p>{bio}</p></biogHist>" if bio else ""
    relations = "".join(f'<cpfRelation cpfRelationType="associative" xlink:href="{r}"><relationEntry>{r}'
                        "</relationEntry></cpfRelation>" for r in related)
    p = folder / f"{record_id}.xml"
    p.write_text(f'<eac-cpf xmlns="urn:isbn:1-931666-33-4" xmlns:xlink="http://www.w3.org/1999/xlink"><control>'
                 f"<recordId>{record_id}</recordId></control><cpfDescription><identity><entityType>person"
                 f"</entityType>{parts}</identity><description>{exist}{history}</description>"
                 f"<relations>{relations}</relations></cpfDescription></eac-cpf>", encoding="utf-8")
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


# -- an authority record of an agent the curated file holds: one IRI, never a false merge (issue #16) ---------

CURATED = LOCAL.agent("person", "vyshinsky-andrei")  # data/authorities/entities.tsv: minister 1949-1953


def subjects(store) -> set[str]:
    """Every IRI the store says something of, or points to."""
    rows = store.select("SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x FILTER(isIRI(?x)) } }")
    return {str(r["x"]) for r in rows}


def said(store, subject, predicate) -> set[str]:
    return {str(r["o"]) for r in store.select(f"SELECT ?o WHERE {{ <{subject}> <{predicate}> ?o }}")}


def notes(report, words: str) -> list[str]:
    return [w for _, w in report.warnings if words in w]


def test_an_authority_record_of_a_curated_person_describes_the_curated_iri(tmp_path: Path) -> None:
    from tests.conftest import AUTHORITY
    (tmp_path / "wcda-3283.txt").write_text((RECORDS / "wcda-3283.txt").read_text(encoding="utf-8"), encoding="utf-8")
    eac(tmp_path, "TEST_V1", "Vyshinsky, Andrei Ianuar'evich", "Andrei Vyshinsky", dates=("1883", "1954"),
        bio="Prosecutor of the Moscow trials.", related=("TEST_P1",))
    eac(tmp_path, "TEST_P1", "Petrenko, Ivan Sergeevich", related=("TEST_V1",))
    store = open_store(str(tmp_path / "s"))
    report = ingest([tmp_path], store, LOCAL, authority=AUTHORITY, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    own, curated, other = str(LOCAL.agent("person", "test-v1")), str(CURATED), str(LOCAL.agent("person", "test-p1"))
    assert own not in subjects(store)  # no second IRI for him, anywhere
    assert curated in addressees(store, "ciphered-teleg")  # the page's "Vyshinsky" is the same IRI
    assert "Prosecutor of the Moscow trials." in " ".join(said(store, curated, RICO.history))
    assert said(store, curated, RICO.birthDate) == {"1883"} and "TEST_V1" in said(store, curated, DCTERMS.identifier)
    assert said(store, LOCAL.authority_record("TEST_V1"), RICO.describesOrDescribed) == {curated}
    assert said(store, curated, RICO.isAgentAssociatedWithAgent) == {other}  # his record's relation
    assert said(store, other, RICO.isAgentAssociatedWithAgent) == {curated}  # and the other record's, to him
    assert notes(report, "EAC-CPF record TEST_V1 describes curated entity person/vyshinsky-andrei"), report.warnings


def test_two_archives_records_of_the_curated_person_describe_it_with_their_name_nodes_apart(tmp_path: Path) -> None:
    from tests.conftest import AUTHORITY
    eac(tmp_path, "TEST_V1", "Vyshinsky, Andrei Ianuar'evich", dates=("1883", "1954"))
    eac(tmp_path, "TEST_V3", "Andrei Vyshinsky", "Vychinski, Andreï", dates=("1883", "1954"))
    store = open_store(str(tmp_path / "s"))
    report = ingest([tmp_path], store, LOCAL, authority=AUTHORITY, progress=False)
    assert len(notes(report, "describes curated entity person/vyshinsky-andrei")) == 2, report.warnings
    described = {str(r["r"]) for r in store.select(f"SELECT ?r WHERE {{ ?r <{RICO.describesOrDescribed}> <{CURATED}> }}")}
    assert described == {str(LOCAL.authority_record("TEST_V1")), str(LOCAL.authority_record("TEST_V3"))}
    rows = store.select(f"SELECT ?n (COUNT(?v) AS ?values) WHERE {{ <{CURATED}> <{RICO.hasOrHadAgentName}> ?n . "
                        f"?n <{RICO.textualValue}> ?v }} GROUP BY ?n")
    counts = {str(r["n"]).split("/name/", 1)[1]: int(r["values"].value) for r in rows}
    assert {"TEST_V1/1", "TEST_V3/1", "TEST_V3/2"} <= set(counts) and set(counts.values()) == {1}, counts


def test_a_namesake_whose_dates_contradict_the_curated_note_stays_apart(tmp_path: Path) -> None:
    from tests.conftest import AUTHORITY
    eac(tmp_path, "TEST_V2", "Vyshinsky, Andrei", "Andrei Vyshinsky", dates=("1960", "2020"), bio="A chemist.")
    store = open_store(str(tmp_path / "s"))
    report = ingest([tmp_path], store, LOCAL, authority=AUTHORITY, progress=False)
    own = str(LOCAL.agent("person", "test-v2"))
    assert "A chemist." in " ".join(said(store, own, RICO.history))
    assert said(store, CURATED, RICO.history) == set()  # the minister is not said to be a chemist
    assert said(store, LOCAL.authority_record("TEST_V2"), RICO.describesOrDescribed) == {own}
    refused = notes(report, "EAC-CPF record TEST_V2 was not taken for curated entity person/vyshinsky-andrei")
    assert refused and "1949 is before the record's first year 1960" in refused[0], report.warnings


def test_a_full_name_without_dates_to_agree_stays_apart(tmp_path: Path) -> None:
    """The curated Vyshinsky's note gives years; a record with his full name but no existDates is not he."""
    from tests.conftest import AUTHORITY
    eac(tmp_path, "TEST_V3", "Vyshinsky, Andrei", "Andrei Vyshinsky", bio="Nothing dates him.")
    store = open_store(str(tmp_path / "s"))
    report = ingest([tmp_path], store, LOCAL, authority=AUTHORITY, progress=False)
    own = str(LOCAL.agent("person", "test-v3"))
    assert said(store, LOCAL.authority_record("TEST_V3"), RICO.describesOrDescribed) == {own}
    assert said(store, CURATED, RICO.history) == set()
    refused = notes(report, "EAC-CPF record TEST_V3 was not taken for curated entity person/vyshinsky-andrei")
    assert refused and "no dates bear it out" in refused[0], report.warnings


def test_a_surname_alone_or_names_fitting_two_curated_persons_stay_apart(tmp_path: Path) -> None:
    authority = tmp_path / "entities.tsv"
    authority.write_text("kind\tkey\tlabel\tlang\tvariants\tnote\n"
                         "person\tpetrenko-ivan\tIvan Petrenko\ten\tPetrenko, Ivan\t\n"
                         "person\tpetrenko-ivan-s\tIvan Sergeevich Petrenko\ten\t\t\n"
                         "person\tmarchenko-oleg\tOleg Marchenko\ten\t\tDiplomat 1950-1960\n", encoding="utf-8")
    records = tmp_path / "records"
    records.mkdir()
    eac(records, "TEST_S1", "Marchenko")  # a surname alone never decides, although only one curated person has it
    eac(records, "TEST_S2", "Petrenko, Ivan", "Ivan Sergeevich Petrenko")  # each form finds another person
    eac(records, "TEST_S3", "Marchenko, Oleg Borisovich")  # the curated Oleg Marchenko's patronymic is not known
    store = open_store(str(tmp_path / "s"))
    report = ingest([records], store, LOCAL, authority=authority, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    for key in ("test-s1", "test-s2", "test-s3"):
        own = str(LOCAL.agent("person", key))
        assert said(store, LOCAL.authority_record(key.upper().replace("-", "_")), RICO.describesOrDescribed) == {own}
    assert not notes(report, "TEST_S1")
    refused = notes(report, "EAC-CPF record TEST_S2 was not taken")
    assert refused and "person/petrenko-ivan, person/petrenko-ivan-s" in refused[0], report.warnings
    assert notes(report, "EAC-CPF record TEST_S3 was not taken: person/marchenko-oleg"), report.warnings


def test_finding_aid_names_of_the_authority_records_agent_are_the_curated_iri(tmp_path: Path) -> None:
    from tests.conftest import AUTHORITY
    from tests.test_authority_links import ead
    eac(tmp_path, "TEST_V1", "Vyshinsky, Andrei Ianuar'evich", dates=("1883", "1954"))
    ead(tmp_path, '<persname authfilenumber="TEST_V1">Vyshinsky, A. Ia.</persname>', name="by-number.xml")
    ead(tmp_path, "<persname>Vyshinsky, Andrei Ianuar'evich</persname>", eadid="fa-2", name="by-name.xml")
    store = open_store(str(tmp_path / "s"))
    report = ingest([tmp_path], store, LOCAL, authority=AUTHORITY, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    rows = store.select(f"SELECT ?u ?a WHERE {{ ?u <{RICO.hasOrHadSubject}> ?a "
                        "FILTER(CONTAINS(STR(?u), '/record-resource/')) }")
    named = {str(r["u"]).split("/record-resource/")[1].split("/")[0]: str(r["a"]) for r in rows}
    assert named == {"fa-1": str(CURATED), "fa-2": str(CURATED)}, named
    assert "TEST_V1" in said(store, CURATED, DCTERMS.identifier)
    assert str(LOCAL.agent("person", "test-v1")) not in subjects(store)


def test_real_authority_records_meet_curated_entries_and_a_namesake_born_a_century_later_does_not(tmp_path: Path) -> None:
    import pytest
    files = {"OAC.caltech_feynmanr.c": "ASpace-SNAC__feynman-richard-phillips-1918-1988-cr.xml",
             "DE-1a-173930": "ASpace-SBB__eac.p020169_d20120621_t181718_906.xml",
             "RU007004": "ASpace-SIA__SIA_Charles_Walcott_EAC.xml"}
    if not all((EAC_CORPUS / f).exists() for f in files.values()):
        pytest.skip(f"the EAC-CPF corpus is not at {EAC_CORPUS} (../shared/corpus-standards, see its README)")
    authority = tmp_path / "entities.tsv"
    authority.write_text("kind\tkey\tlabel\tlang\tvariants\tnote\n"
                         "person\tfeynman-richard\tRichard Feynman\ten\t\tPhysicist; Nobel Prize in Physics 1965\n"
                         "person\tgoethe\tJohann Wolfgang von Goethe\tde\tGoethe\tPoet (1749-1832)\n"
                         "person\twalcott-charles\tCharles Walcott\ten\t\tPainter (1950-2010)\n", encoding="utf-8")
    store = open_store(str(tmp_path / "s"))
    report = ingest([EAC_CORPUS / f for f in files.values()], store, LOCAL, authority=authority, progress=False)
    assert not report.rejected, [str(r) for r in report.rejected]
    for record_id, key in (("OAC.caltech_feynmanr.c", "feynman-richard"), ("DE-1a-173930", "goethe")):
        assert notes(report, f"EAC-CPF record {record_id} describes curated entity person/{key}"), report.warnings
        assert record_id in said(store, LOCAL.agent("person", key), DCTERMS.identifier)
    assert notes(report, "RU007004 was not taken for curated entity person/walcott-charles"), report.warnings
    assert said(store, LOCAL.authority_record("RU007004"), RICO.describesOrDescribed) == {
        str(LOCAL.agent("person", "ru007004"))}
