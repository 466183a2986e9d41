"""EAC-CPF 2010: the reader on the 14 real authority records of ../shared/corpus-standards/eac-cpf, bad and
hostile input, and the mapping's shape (record, instantiation, agent, relations) on real files."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import Literal

from lod.mapping.eac import agent_iri, map_authority_record
from lod.sources.eac import read_eac, read_eac_file, related_records
from lod.sources.errors import SourceRejected
from lod.store.terms import from_ox
from lod.vocab import DCTERMS, OWL, RDF, RDFS, RICO, XSD, Local
from tests.test_vocabulary import _check

SHARED = Path(__file__).parents[1].parent / "shared" / "corpus-standards" / "eac-cpf"
BASE = "http://lod.test/"
FILES = sorted(SHARED.glob("*.xml")) if SHARED.is_dir() else []
MINIMAL = (b'<eac-cpf xmlns="urn:isbn:1-931666-33-4"><control><recordId>FRAN_NP_1</recordId></control>'
           b'<cpfDescription><identity><entityType>person</entityType><nameEntry><part>A, B</part></nameEntry>'
           b'</identity></cpfDescription></eac-cpf>')


def _need_corpus() -> None:
    if not FILES:
        pytest.skip(f"the EAC-CPF corpus is not at {SHARED} (../shared/corpus-standards, see its README)")


def test_the_corpus_has_its_fourteen_files():
    _need_corpus()
    assert len(FILES) == 14


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_real_file_reads_and_maps(path: Path):
    rec = read_eac_file(path)
    assert rec.record_id and rec.entity_type in ("person", "corporateBody", "family")
    assert rec.names and rec.authorized_name.text
    out = map_authority_record(rec, BASE)
    agent = agent_iri(rec, Local(BASE))
    assert (agent, DCTERMS.identifier, Literal(rec.record_id)) in out.shared
    assert any(s == agent and p == RICO.hasOrHadAgentName for s, p, _ in out.shared)


def _file(prefix: str) -> Path:
    _need_corpus()
    return next(p for p in FILES if p.name.startswith(prefix))


def test_the_ministere_de_la_culture():
    rec = read_eac_file(_file("ANF__FRAN_NP_000005"))
    assert rec.record_id == "FRAN_NP_000005" and rec.key == "000005" and rec.entity_type == "corporateBody"
    assert len(rec.cpf_relations) == 151
    assert rec.authorized_name.text == "France. Ministère de la Culture et de la Communication (1959-....)"
    assert rec.exist_dates.start.standard == "1959-01-08" and rec.exist_dates.end is None
    out = map_authority_record(rec, BASE)
    agent = agent_iri(rec, Local(BASE))
    assert str(agent) == BASE + "id/corporate-body/fran-np-000005"
    assert (agent, RICO.beginningDate, Literal("1959-01-08", datatype=XSD.date)) in out.shared
    assert str(out.graph) == BASE + "graph/authority-record/000005"
    assert sum(1 for s, p, _ in out.shared if s == agent and p in (
        RICO.thingIsSourceOfRelation, RICO.thingIsTargetOfRelation, RICO.thingIsConnectedToRelation)) >= 100


def test_pierre_moinot():
    rec = read_eac_file(_file("ANF__FRAN_NP_051284"))
    assert rec.entity_type == "person" and rec.authorized_name.text == "Moinot, Pierre (1920-2007)"
    assert (rec.exist_dates.start.standard, rec.exist_dates.end.standard) == ("1920-03-29", "2007-03-06")
    assert len(rec.cpf_relations) == 7
    out = map_authority_record(rec, BASE)
    agent = agent_iri(rec, Local(BASE))
    assert str(agent) == BASE + "id/person/fran-np-051284"
    births = [o for s, p, o in out.shared if s == agent and p == RICO.birthDate]
    assert [str(b) for b in births] == ["1920-03-29"]


def test_other_archives_names_and_families():
    goethe = read_eac_file(_file("ASpace-SBB__"))
    assert goethe.authorized_name.text == "Goethe, Johann Wolfgang von" and len(goethe.names) == 65
    boswell = read_eac_file(_file("ASpace-Yale__US-CtY-BR_2012_Boswell"))
    assert boswell.entity_type == "family" and boswell.kind == "family"
    assert str(agent_iri(boswell, Local(BASE))).startswith(BASE + "id/family/")
    cadell = read_eac_file(_file("ASpace-Yale__yale_cadell"))
    assert cadell.authorized_name.text == "Cadell, T., (Thomas), 1742-1802"  # MARC-style parts keep their commas
    feynman = read_eac_file(_file("ASpace-SNAC__feynman"))
    assert len(feynman.resource_relations) == 108


def test_other_record_ids_link_to_authorities_and_merged_records():
    def same_as(prefix: str) -> set[str]:
        rec = read_eac_file(_file(prefix))
        return {str(o) for s, p, o in map_authority_record(rec, BASE).shared
                if s == agent_iri(rec, Local(BASE)) and p == OWL.sameAs}
    assert BASE + "id/corporate-body/fran-np-010180" in same_as("SNAC__99166")  # Étude LIII, merged from the ANF's
    assert {"http://viaf.org/viaf/64024407", "http://id.loc.gov/authorities/names/n85157841"} <= same_as("EHRI__Pers")
    assert "http://viaf.org/viaf/44298691" in same_as("ASpace-SNAC__feynman")


def test_records_in_english_get_english_labels():
    rec = read_eac_file(_file("Strathclyde__"))
    labels = [str(o) for _, p, o in rdflib_triples_of(map_authority_record(rec, BASE)) if p == RDFS.label
              and "elation" in str(o)]
    assert labels and all(" between " in t for t in labels)


def test_a_relation_without_href_names_its_target_by_the_entry():
    _need_corpus()
    rec = read_eac_file(_file("ASpace-SIA__"))
    out = map_authority_record(rec, BASE)
    assert any("has no xlink:href" in w for w in out.warnings)
    assert any(s == agent_iri(rec, Local(BASE)) and p == RICO.isAgentAssociatedWithAgent for s, p, _ in out.shared)


def test_entity_ids_become_same_as_links():
    rec = read_eac(MINIMAL.replace(b"</identity>", b"<entityId localType='ISNI'>0000 0001 2145 2180</entityId>"
                                   b"<entityId localType='Wikidata'>Q1</entityId></identity>"), "x.xml")
    out = map_authority_record(rec, BASE)
    same = {str(o) for _, p, o in out.shared if p == OWL.sameAs}
    assert same == {"https://isni.org/isni/0000000121452180", "http://www.wikidata.org/entity/Q1"}


def test_every_term_emitted_exists_in_its_vocabulary():
    """What the EAC mapping writes of the real files and of the converter's test inputs is RiC-O 1.1 (and
    the other vocabularies' published terms), as tests/test_vocabulary.py checks for the rest."""
    _need_corpus()
    unit = SHARED.parent / "rico-converter" / "unit-tests" / "eac2rico"
    inputs = [*FILES, *(p / "input.xml" for p in sorted(unit.glob("*")) if (p / "expected.xml").exists())]
    unknown = set()
    for path in inputs:
        out = map_authority_record(read_eac_file(path), BASE, related_records(path.parent))
        triples = [(from_ox(s), from_ox(p), from_ox(o)) for s, p, o in out.triples] + out.shared
        unknown |= {str(p) for _, p, _ in triples if not _check(p)}
        unknown |= {str(o) for _, p, o in triples if p == RDF.type and not _check(o)}
    assert not unknown, sorted(unknown)


# -- bad input -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("data,line,words", [
    (MINIMAL[:-40], 1, "not well-formed"),
    (b"<eac-cpf>\n<control>\n<recordId>x</recordId>\n</eac-cpf>", 4, "not well-formed"),
    (b"<?xml version='1.0'?>\n<ead><eadheader/></ead>", 2, "<ead> is not <eac-cpf>"),
    (b'<eac-cpf xmlns="urn:isbn:1-931666-33-4">\n<control>\n<recordId></recordId>\n</control></eac-cpf>', 3,
     "empty) <recordId>"),
    (b'<eac-cpf xmlns="urn:isbn:1-931666-33-4">\n<cpfDescription/></eac-cpf>', 1, "no <control>"),
])
def test_malformed_and_wrong_files_are_rejected_with_file_and_line(data: bytes, line: int, words: str):
    with pytest.raises(SourceRejected) as e:
        read_eac(data, "bad.xml")
    assert e.value.source == "bad.xml" and e.value.line == line and words in e.value.reason
    assert str(e.value).startswith(f"bad.xml:{line}: ")


def test_empty_file_is_rejected():
    with pytest.raises(SourceRejected, match="empty file"):
        read_eac(b"  \n", "empty.xml")


def test_the_converter_error_case_is_rejected():
    folder = SHARED.parent / "rico-converter" / "unit-tests" / "eac2rico" / "_00Error"
    if not folder.is_dir():
        pytest.skip(f"the converter's unit tests are not at {folder}")
    with pytest.raises(SourceRejected, match="recordId"):
        read_eac_file(folder / "input.xml")


def test_a_partial_record_lists_what_it_skipped():
    rec = read_eac(MINIMAL.replace(b"</identity>", b"<nameEntry/></identity><relations><cpfRelation "
                                   b"cpfRelationType='associative'/></relations>"), "partial.xml")
    assert rec.names[0].text == "A, B"
    assert any("nameEntry: no <part>" in s for s in rec.skipped)
    assert any("cpfRelation: neither xlink:href nor relationEntry" in s for s in rec.skipped)
    assert any("partial.xml" in w for w in map_authority_record(rec, BASE).warnings)


# -- hostile input -------------------------------------------------------------------------------------
def test_an_external_entity_is_not_expanded(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    data = (f'<?xml version="1.0"?><!DOCTYPE eac-cpf [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<eac-cpf xmlns="urn:isbn:1-931666-33-4"><control><recordId>FRAN_NP_1</recordId></control>'
            '<cpfDescription><identity><entityType>person</entityType><nameEntry><part>&x;</part>'
            '</nameEntry></identity></cpfDescription></eac-cpf>').encode()
    rec = read_eac(data, "xxe.xml")
    assert "TOP SECRET" not in repr(rec)


def test_billion_laughs_is_not_expanded():
    lol = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    data = (f'<?xml version="1.0"?><!DOCTYPE eac-cpf [<!ENTITY l0 "lol">{lol}]>'
            '<eac-cpf xmlns="urn:isbn:1-931666-33-4"><control><recordId>FRAN_NP_1</recordId></control>'
            '<cpfDescription><identity><entityType>person</entityType><nameEntry><part>&l9;</part>'
            '</nameEntry></identity></cpfDescription></eac-cpf>').encode()
    start = time.perf_counter()
    try:
        rec = read_eac(data, "lol.xml")
    except SourceRejected as e:  # refusing it is as good as not expanding it
        assert e.source == "lol.xml"
        return
    assert time.perf_counter() - start < 2
    assert "lollol" not in repr(rec)


def test_a_remote_dtd_is_not_fetched():
    data = (b'<?xml version="1.0"?><!DOCTYPE eac-cpf SYSTEM "http://192.0.2.1/cpf.dtd">' + MINIMAL)
    start = time.perf_counter()
    rec = read_eac(data, "remote.xml")
    assert rec.record_id == "FRAN_NP_1" and time.perf_counter() - start < 2


# -- the converter's decisions, checked directly on its test inputs (the full comparison needs the harness:
# tests/test_rico_converter_eac.py) --------------------------------------------------------------------
UNIT = SHARED.parent / "rico-converter" / "unit-tests" / "eac2rico"


def _unit(name: str):
    folder = UNIT / name
    if not folder.is_dir():
        pytest.skip(f"the converter's unit test {name} is not at {folder}")
    rec = read_eac_file(folder / "input.xml")
    return rec, map_authority_record(rec, BASE, related_records(folder)), agent_iri(rec, Local(BASE))


def _agent(out, record_id: str):
    return next(s for s, p, o in out.shared if p == DCTERMS.identifier and str(o) == record_id)


def test_hierarchical_relations_and_their_shortcuts():
    _, out, me = _unit("_25AcpfRelationHierarchical")
    parent, child = _agent(out, "FRAN_NP_999999"), _agent(out, "FRAN_NP_111111")
    assert (me, RICO.wasSubordinateTo, parent) in out.shared and (me, RICO.hadSubordinate, child) in out.shared
    assert str(parent).endswith("/id/corporate-body/fran-np-999999")  # typed by the related record beside it
    labels = sorted(str(o) for _, p, o in rdflib_triples_of(out) if p == RDFS.label and "Relation" in str(o))
    assert labels == ['Relation hiérarchique entre "The entity" et "The child of the entity", début : 1947, fin : 1964',
                      'Relation hiérarchique entre "The parent of the entity" et "The entity", début : 1947, fin : 1964']


def test_identity_relations_become_same_as():
    _, out, me = _unit("_24cpfRelationIdentity")
    same = {str(o) for s, p, o in out.shared if s == me and p == OWL.sameAs}
    assert same == {"https://data.bnf.fr/ark:/12148/cb11868511w#about", "https://data.bnf.fr/ark:/12148/cb118634582#about",
                    "https://data.bnf.fr/ark:/12148/cb12127997d#about", "http://www.wikidata.org/entity/Q182542",
                    "http://fr.dbpedia.org/resource/Minist%C3%A8re_de_la_Culture_%28France%29",
                    "https://www.afictitiouslinkeddatawebsite.com/123456"}


def test_functions_are_performance_relations():
    _, out, me = _unit("_20function")
    triples = rdflib_triples_of(out)
    relations = {s for s, p, o in triples if p == RDF.type and o == RICO.PerformanceRelation}
    assert len(relations) == 3 and all((me, RICO.thingIsTargetOfRelation, r) in out.shared for r in relations)
    kinds = {str(o) for _, p, o in triples if p == RICO.hasActivityType}
    assert "https://rdf.archives-nationales.culture.gouv.fr/activityType/FRAN_RI_011-d3nyugtbte--13rem7tfg1o1y" in kinds


def test_family_and_membership_relations():
    _, out, me = _unit("_29AcpfFamilyRelation")
    assert (me, RICO.hasFamilyAssociationWith, _agent(out, "FRAN_NP_009280")) in out.shared
    assert (me, RICO.isOrWasMemberOf, _agent(out, "FRAN_NP_050172")) in out.shared


def rdflib_triples_of(out):
    return [(from_ox(s), from_ox(p), from_ox(o)) for s, p, o in out.triples] + out.shared


def test_a_finding_aid_and_an_authority_record_name_one_agent():
    """The Vitet fonds (EAD) names Ludovic Vitet by FRAN_NP_051234; his EAC-CPF record describes the same IRI."""
    from lod.mapping.ead import map_units
    from lod.sources.ead import read_finding_aid
    examples = SHARED.parent / "rico-converter" / "examples-v1.1" / "src"
    if not (examples / "ead" / "FRAN_IR_003500.xml").exists():
        pytest.skip(f"the ANF examples are not at {examples}")
    local = Local(BASE)
    named = {o for out in map_units(read_finding_aid(examples / "ead" / "FRAN_IR_003500.xml"), local)
             for _, _, o in out.triples if "fran-np-" in getattr(o, "value", "")}
    for eac in ("FRAN_NP_051234.xml", "FRAN_NP_050218.xml"):
        agent = agent_iri(read_eac_file(examples / "eac-cpf" / eac), local)
        assert any(o.value == str(agent) for o in named), (agent, sorted(o.value for o in named))
