"""Bodies no list of the collection names, found by how body names are built (lod.names.bodies), and what
the resolver makes of them. Synthetic examples (made-up bodies and acronyms beside real states)."""
from __future__ import annotations

import pytest

from lod.names import Resolver
from lod.names.bodies import body_forms
from lod.names.record_bodies import record_body_forms
from lod.names.proposals import named_forms, propose


@pytest.mark.parametrize("text, forms", [
    ("a note of the Ministry of Foreign Affairs of Finland", ["Ministry of Foreign Affairs of Finland"]),
    ("as the Norwegian Fishery Agency reported", ["Norwegian Fishery Agency"]),
    ("Cde. Lind of the Finnish Embassy said", ["Embassy of Finland [Finnish Embassy]"]),  # not the person before "of"
    ("the FZP Central Committee decided", ["FZP Central Committee"]),
    ("a member of the FZP.", ["FZP"]),  # an acronym written as a body
    ("the FZP CC approved", ["FZP CC"]),
    ("the Swedish government agreed", ["Swedish government"]),
    ("Later the FZP Central Committee met", ["FZP Central Committee"]),  # a sentence's first word is no part  # a nationality and a state's organ
    ("The Chairman of the Council of Ministers of Finland", ["Council of Ministers of Finland"]),  # not the office
    ("[Oslo Pact Commander-in-Chief] Marshal", ["Oslo Pact"]),  # the body before the office
    ("the Finnish Embassy and the Embassy of Sweden", ["Embassy of Finland [Finnish Embassy]", "Embassy of Sweden"]),
    ("the news came through XYZA later", ["XYZA"]),  # an acronym after a preposition of agency
    ("the FZPK Chairman spoke", ["FZPK"]),  # the body of an office
    ("the CC FZP decided; a note of the MFA USSR", ["CC FZP", "MFA USSR"]),  # a kind of body and whose
    ("answered by NATO, XYZO, QRPA and others", ["NATO", "XYZO", "QRPA"]),  # a list of acronyms
    ("both structures (XYZO, QRPA) agreed", ["XYZO", "QRPA"]),
    ("a member of the R.F.P. said", ["R.F.P."]),  # dotted capitals
    ("delegates to the 9th Congress of the FZP", ["FZP"]),  # a congress after an ordinal is a meeting
    ("the Culture Section of the C.C. of the R.F.P. wrote", ["Culture Section of the C.C. of the R.F.P.", "R.F.P."]),
    ("Finland's Fishery Agency", ["Fishery Agency of Finland [Finland's Fishery Agency]"]),  # a possessive owner
    ("Secretary of the Central Committee, Workers' Party of Finland;",  # a heading's comma for "of"
     ["Central Committee, Workers' Party of Finland", "Workers' Party of Finland"]),
    ("the Office of the Finnish President", ["Office of the Finnish President"]),  # the staff of an office
])
def test_a_body_whose_name_says_whose_it_is(text: str, forms: list[str]) -> None:
    assert body_forms(text) == forms


@pytest.mark.parametrize("text", [
    "the Ministry of Foreign Affairs replied",  # whose ministry? each state has one
    "the Central Committee met",
    "the MFA and the CC",  # acronyms of a kind of body
    "Ambassador of Finland to Sweden",  # a position
    "the Finnish Ambassador",
    "the Korean Embassy",  # a divided state's nationality: which Korea's?
    "the Finnish Governmental Delegation",  # a group for one occasion
    "between West Germany and the Soviet Union",  # states
    "the Sweden Affairs Department",  # a desk named after what it deals with
    "the USSR",  # a state's acronym
    "MINUTES OF THE TALKS OF THE TWO PARTIES",  # capitals of a heading are no acronyms
    "TELEGRAM FROM FINNISH EMBASSY",  # a heading
    "the conclusions of the XIV",  # a Roman numeral
    "Party Congress The Finns",  # a body word before "the" and none after it
    "Distributed with the SECRET. Copy 2",  # a security marking
    "the government of the PR of Finland",  # an acronym of a state's name before "of"
    "Ambassador in the USSR A.M. Orlov",  # initials are no acronym
    "LIST OF NAMES: ORLOV, WITH",  # capitals of a heading
    "written by AB, CD and EF",  # two letters after "by" may be initials
])
def test_no_body_where_the_name_does_not_say_whose(text: str) -> None:
    assert body_forms(text) == []


def test_the_x_and_x_are_one_body_and_an_unqualified_ministry_is_never_merged() -> None:
    r = Resolver()
    propose(r, named_forms("The Finnish Embassy wrote to the Ministry of Foreign Affairs."))
    propose(r, named_forms("Finnish Embassy staff met the Ministry of Foreign Affairs of Sweden."))
    embassy = r.lookup("Finnish Embassy")
    assert embassy is not None and embassy.kind == "organisation"
    assert [m.entity_path for m in r.find_mentions("the Finnish Embassy, as Finnish Embassy staff said")] == [embassy.path] * 2
    assert r.lookup("Ministry of Foreign Affairs") is None
    assert r.lookup("Ministry of Foreign Affairs of Sweden").kind == "organisation"
    assert r.lookup("Sweden").kind == "place"


def test_a_mission_named_by_nationality_is_the_mission_named_by_state() -> None:
    r = Resolver()
    propose(r, named_forms("The Embassy of Finland wrote."))
    propose(r, named_forms("Later the Finnish Embassy and the Soviet embassy replied."))
    assert r.lookup("Finnish Embassy") is r.lookup("Embassy of Finland")
    assert r.lookup("Soviet embassy") is r.lookup("Embassy of the Soviet Union")


@pytest.mark.parametrize("text, forms", [
    ("The Politburo met the Ministry of Foreign Affairs.", ["Politburo", "Ministry of Foreign Affairs"]),
    ("as the Organization and Guidance Department reported", ["Organization and Guidance Department"]),
    ("the Regional Division IV of the ministry", ["Regional Division IV"]),
    ("the Finnish Delegation and the Korean government", ["Finnish Delegation", "Korean government"]),
    ("the Ruritanian representation in Vienna", []),  # no state: Ruritania is in no gazetteer
    ("the Swedish representation in Vienna", ["Swedish representation"]),
    ("a copy from the Office of the President", ["Office of the President"]),
])
def test_a_body_whose_name_does_not_say_whose_is_the_records(text: str, forms: list[str]) -> None:
    assert record_body_forms(text) == forms


@pytest.mark.parametrize("text", [
    "the Department agreed",  # a kind of body alone
    "Our Embassy reported",  # pointing, not naming
    "the Other Party said",
    "Chief Cabinet Secretary Orlov",  # the words of an office
    "in the Collected Party Documents",  # a title
    "at the XI Party Congress",  # a meeting
    "the south Korean army",  # says which Korea's
    "the Finnish Embassy",  # says whose: a lasting body of its own
    "outside the Ruritanian Government Building",  # a building, a place
])
def test_no_record_body(text: str) -> None:
    assert record_body_forms(text) == []


def test_an_unqualified_ministry_is_the_records_own_or_the_fuller_body_it_shortens() -> None:
    from lod.mapping.record import RecordMapper
    from lod.model import Record
    from lod.vocab import Local

    r = Resolver()
    propose(r, named_forms("the Politburo of the FZP"))
    mapper = RecordMapper(Local("http://x.org/"), r)

    def bodies(rid: str, title: str, body: str) -> dict[str, str]:
        out = mapper.map(Record(source=f"{rid}.txt", source_format="page-current", record_id=rid, title=title,
                                senders=["the Ministry of Foreign Affairs"], body=body))
        return {form: str(role.iri) for role in out.roles.values() if role.entity.kind == "organisation"
                for form in role.forms}

    one = bodies("1", "Telegram from the Ministry of Foreign Affairs", "The Politburo of the FZP met. The Politburo agreed.")
    two = bodies("2", "Telegram from the Ministry of Foreign Affairs", "The Ministry of Foreign Affairs wrote.")
    assert one["Politburo"] == one["Politburo of the FZP"]  # the record says whose
    assert one["the Ministry of Foreign Affairs"] != two["the Ministry of Foreign Affairs"]  # two states' perhaps
    assert two["the Ministry of Foreign Affairs"] == two["Ministry of Foreign Affairs"]  # "the X" and "X": one
    assert r.lookup("Ministry of Foreign Affairs") is None


def test_no_ministry_iri_stands_for_two_records_unless_its_name_says_whose(tmp_path) -> None:
    """Across the bundled corpus and the dev set (when ../shared is there): every body named only
    "Ministry of Foreign Affairs" (or another name that does not say whose) is one record's, unless the
    authority file knows it ("United Nations")."""
    from lod.names import load_authority
    from lod.names.record_bodies import record_body
    from lod.store import open_store
    from tests.conftest import AUTHORITY, RECORDS, ROOT, ingest_corpus

    dev = ROOT.parent / "shared" / "corpus" / "dev" / "records"
    store = open_store(str(tmp_path / "store"))
    ingest_corpus(store, [RECORDS, dev] if dev.is_dir() else [RECORDS])
    rows = store.select("""PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?b ?label (COUNT(DISTINCT ?r) AS ?n) WHERE { ?b a rico:CorporateBody ; rdfs:label ?label .
          GRAPH ?g { ?rel rico:relationHasTarget ?b ; rico:isEvidencedBy ?r } } GROUP BY ?b ?label""")
    curated = {e.key for e in load_authority(AUTHORITY)}
    rows = [row for row in rows if str(row["b"]).rsplit("/", 1)[-1] not in curated]
    shared = {str(row["label"]): int(row["n"]) for row in rows
              if int(row["n"]) > 1 and record_body(str(row["label"])) is not None}
    ministries = [str(row["label"]) for row in rows if "ministry" in str(row["label"]).lower()]
    assert ministries and not shared, shared


def test_a_citation_credits_bodies_and_names_publishers() -> None:
    from lod.mapping.record import RecordMapper
    from lod.model import Record
    from lod.sources.citation import parse_citation
    from lod.vocab import Local

    r = Resolver()
    cit = parse_citation("Orlov, Papers (Oslo: Fjord Publishing House, 2001), 12. Obtained by XBC; copy on file at "
                         "The Ruritanian Studies Archive.")
    out = RecordMapper(Local("http://x.org/"), r).map(Record(source="a.txt", source_format="page-current",
                                                            record_id="1", title="Letter", citation=cit))
    kinds = {form: role.entity.kind for role in out.roles.values() for form in role.forms}
    assert kinds == {"XBC": "organisation", "The Ruritanian Studies Archive": "organisation",
                     "Fjord Publishing House": "organisation", "Oslo": "place"}  # the imprint's place too


def test_a_body_names_the_body_it_belongs_to() -> None:
    from lod.mapping.record import RecordMapper
    from lod.model import Record
    from lod.vocab import Local

    r = Resolver()
    propose(r, named_forms("the Culture Section of the FZP and the FZP"))
    out = RecordMapper(Local("http://x.org/"), r).map(Record(
        source="a.txt", source_format="page-current", record_id="1", title="Letter",
        body="The Culture Section of the FZP wrote."))
    assert {role.entity.label for role in out.roles.values()} == {"Culture Section of the FZP", "FZP"}
