"""Ingest end to end: the mapping in the store, one URI per entity, idempotence, order, atomicity."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lod.ingest import ingest
from lod.store import open_store
from lod.vocab import Local
from tests.conftest import AUTHORITY, BASE, RECORDS, ROOT, SEED

PREFIXES = """PREFIX rico: <https://www.ica.org/standards/RiC/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
RSEED = f"<{BASE}id/record/{SEED}>"


def ask(store, where: str) -> bool:
    return json.loads(store.query(PREFIXES + f"ASK {{ {where} }}", "json").body)["boolean"]


def values(store, query: str) -> list[str]:
    return sorted({str(r["v"]) for r in store.select(PREFIXES + query)})


def test_everything_loads(ingested):
    _, report = ingested
    assert report.ok, report.rejected
    assert report.records == 29  # 29 pages; the 9 CSV rows are the same records as 9 pages, merged
    assert report.written == report.records + 4  # + vocabulary, authority, dataset description, collections graphs


def test_seed_record_core_properties(ingested):
    store, _ = ingested
    assert ask(store, f'{RSEED} a rico:Record ; rico:title ?t ; dcterms:title ?t ; dcterms:identifier "{SEED}" ;'
                      f' dcterms:created "1950-04-10"^^xsd:date . FILTER(STR(?t) = "Ciphered telegram, Soviet '
                      f'Representative Aleksei Ignatieff in Pyongyang to Vyshinsky")')
    assert ask(store, f'{RSEED} rico:hasCreationDate ?d . ?d rico:normalizedDateValue "1950-04-10"^^xsd:date ;'
                      f' rico:expressedDate "April 10, 1950"@en')
    assert ask(store, f'{RSEED} dcterms:abstract ?a ; rico:scopeAndContent ?a ; dcterms:bibliographicCitation '
                      f'"APRF, Listy 148-149, Fond and Opis not given; and AVP RF, Fond 059a, Opis 5a, Delo 3, '
                      f'Papka 11, Listy 98-99."')
    assert ask(store, f'{RSEED} rico:hasOrHadType ?c . ?c skos:prefLabel "Strictly Secret"@en')
    assert ask(store, f'{RSEED} rico:hasDocumentaryFormType ?f . ?f skos:prefLabel "ciphered telegram"@en')


def test_no_record_is_identified_by_its_file_name(ingested):
    """Only an identifier the page prints (its `Record ID`, a /document/NNN link) is published as the Wilson
    Center's; the seed page prints none, so nothing says "3283", which was only in its file name."""
    store, _ = ingested
    assert not ask(store, '?r dcterms:identifier "3283"') and not ask(store, '?r rico:identifier "3283"')
    assert not ask(store, f"<{BASE}id/record/3283> ?p ?o")
    seed = f"<{BASE}id/record/{SEED}>"
    assert ask(store, f'{seed} a rico:Record ; dcterms:identifier "{SEED}"')
    assert not ask(store, f"{seed} rico:hasOrHadIdentifier ?i")
    wcda = values(store, f"""SELECT ?v WHERE {{ ?r rico:hasOrHadIdentifier ?i . ?i rico:textualValue ?v ;
        rico:hasIdentifierType <{BASE}vocab/identifier-type/wcda-record-id> }}""")
    assert "300237" in wcda and "113395" in wcda  # a Record ID; a /document/113395 citation link
    assert not {"3283", "113392", "95393"} & set(wcda)  # numbers in file names only


def test_seed_record_people(ingested):
    store, _ = ingested
    sender = values(store, f"SELECT ?v WHERE {{ {RSEED} rico:hasSender ?p ; schema:sender ?p . ?p rdfs:label ?v }}")
    assert len(sender) == 1 and "Ignat" in sender[0]
    addressee = values(store, f"SELECT ?v WHERE {{ {RSEED} rico:hasAddressee ?p ; schema:recipient ?p . "
                              f"?p rdfs:label ?v }}")
    assert len(addressee) == 1 and "Vyshinsk" in addressee[0]
    mentioned = " | ".join(values(store, f"SELECT ?v WHERE {{ {RSEED} rico:hasOrHadSubject ?p ; schema:mentions ?p ."
                                         f" ?p rdfs:label ?v }}"))
    for name in ("Mao Zedong", "Kim Il Sung", "Ri Ju-yeon", "Kim Dal-seon", "Kim Chaek", "Shtykov"):
        assert name in mentioned, name
    assert ask(store, f'{RSEED} rico:hasOrHadSubject ?p . ?p skos:altLabel "Ri Ju Yon"')
    assert ask(store, f'{RSEED} rico:hasOrHadSubject ?p . ?p a rico:Place ; rdfs:label "Beijing"@en')


def test_seed_record_archival_units(ingested):
    store, _ = ingested
    labels = values(store, f"""SELECT ?v WHERE {{ {RSEED} rico:isOrWasIncludedIn ?d .
        ?d rico:isOrWasIncludedIn* ?u . ?u rico:identifier ?v }}""")
    assert labels == ["Delo 3", "Fond 059a", "Opis 5a", "Papka 11"]
    # the delo sits in the papka, in the opis, in the fond (the citation writes the papka last)
    assert ask(store, f"""{RSEED} rico:isOrWasIncludedIn ?d . ?d rico:identifier "Delo 3" ;
        rico:isOrWasIncludedIn ?p . ?p rico:identifier "Papka 11" ; rico:isOrWasIncludedIn ?o .
        ?o rico:identifier "Opis 5a" ; rico:isOrWasIncludedIn ?f . ?f rico:identifier "Fond 059a" ;
        rico:hasOrHadHolder ?a . ?a skos:altLabel "AVP RF" """)
    # "AVP RF" and "AVPRF" are one archive, so their fonds hang under one IRI
    assert values(store, """SELECT ?v WHERE { ?v a rico:RecordSet ; rico:identifier ?i .
        FILTER(LCASE(STR(?i)) IN ("fond 059a", "fond 0102")) }""") == [
        f"{BASE}id/record-set/avp-rf/fond-0102", f"{BASE}id/record-set/avp-rf/fond-059a"]
    assert ask(store, f"""{RSEED} rico:hasOrHadInstantiation ?i . ?i rico:instantiationExtent ?e ;
        rico:hasOrHadHolder ?a . ?a skos:altLabel|rdfs:label ?n . FILTER(CONTAINS(STR(?e), "98-99"))""")
    holders = values(store, f"SELECT ?v WHERE {{ {RSEED} schema:holdingArchive ?a . ?a rdfs:label ?v }}")
    assert len(holders) == 2


def test_every_linked_entity_has_a_label(ingested):
    store, _ = ingested
    rows = values(store, """SELECT ?v WHERE { ?r a rico:Record ;
        rico:hasSender|rico:hasAddressee|rico:hasCreator|rico:hasOrHadSubject|schema:holdingArchive ?v .
        FILTER NOT EXISTS { ?v rdfs:label ?l } }""")
    assert rows == []


@pytest.mark.parametrize("forms", [
    (SEED, "Comrade Shtykov", "1950-10-14-ciphered-telegram-shtykov-to-feng-xi-stalin", "S H T Y K O V"),
])
def test_one_uri_per_person_across_records(ingested, forms):
    store, _ = ingested
    shtykov = values(store, """SELECT DISTINCT ?v WHERE { ?r a rico:Record ; rico:hasSender|rico:hasOrHadSubject ?v .
        ?v rdfs:label ?l . FILTER(CONTAINS(LCASE(STR(?l)), "shtykov")) }""")
    assert len(shtykov) == 1
    kim = values(store, """SELECT DISTINCT ?v WHERE { ?r rico:hasOrHadSubject ?v . ?v rdfs:label ?l .
        FILTER(REGEX(STR(?l), "^kim il[- ]?sung$", "i")) }""")
    assert len(kim) == 1
    records_with_kim = values(store, f"SELECT ?v WHERE {{ ?v rico:hasOrHadSubject <{kim[0]}> }}")
    assert len(records_with_kim) >= 4
    stalin = values(store, f"""SELECT DISTINCT ?v WHERE {{ ?r rico:hasAddressee ?v . ?v skos:altLabel ?a .
        FILTER(CONTAINS(STR(?a), "Feng Xi")) }}""")
    assert len(stalin) == 1 and "stalin" in stalin[0]


def test_plural_addressee_is_a_group(ingested):
    store, _ = ingested
    assert ask(store, f"""<{BASE}id/record/300653> rico:hasAddressee ?g . ?g a rico:Group ;
        rdfs:label "All Provincial Premiers"@en""")


def test_default_graph_is_the_union_and_graph_selects_one(ingested):
    store, _ = ingested
    n = values(store, "SELECT (COUNT(DISTINCT ?r) AS ?v) WHERE { ?r a rico:Record }")
    assert n == ["29"]
    assert ask(store, f"GRAPH <{BASE}graph/record/{SEED}> {{ {RSEED} a rico:Record }}")
    assert not ask(store, f"GRAPH <{BASE}graph/record/113067> {{ {RSEED} a rico:Record }}")
    assert ask(store, f"GRAPH <{BASE}graph/record/{SEED}> {{ <{BASE}graph/record/{SEED}> prov:generatedAtTime ?t ;"
                      f" dcterms:source ?src }}")


def test_partial_record_says_what_is_missing(ingested):
    store, _ = ingested
    rows = values(store, """SELECT ?v WHERE { GRAPH ?g { ?r a rico:Record ; dcterms:identifier ?id } ?g rdfs:comment ?v .
        FILTER(STRSTARTS(?id, "1957-08-17")) }""")
    assert rows and "missing" in rows[0] and "summary" in rows[0]


def _quads(store) -> list[str]:
    import io
    buf = io.BytesIO()
    store.dump(buf, "nquads")
    return sorted(line for line in buf.getvalue().decode().splitlines() if line)


# From here on each test builds its own embedded store in tmp_path: idempotence, file order, --replace and the
# all-or-nothing ingest are properties of the embedded backend's generation swap (store directories, ``.partial``
# generations, killing an ingest). The remote backend's loading (one request per graph, resuming a failed load,
# a store that goes away) is tested in tests/test_remote_store.py.

def _without_times(lines: list[str]) -> list[str]:
    return [q for q in lines if "prov#generatedAtTime" not in q]


def test_reingest_is_idempotent(tmp_path: Path):
    store = open_store(str(tmp_path / "s"))
    first = ingest([RECORDS], store, Local(BASE), authority=AUTHORITY, progress=False)
    before = _quads(store)
    again = ingest([RECORDS], store, Local(BASE), authority=AUTHORITY, progress=False)
    assert again.written == 0 and again.unchanged == first.written
    assert _quads(store) == before  # same triples, same URIs, same provenance times


def test_uris_do_not_depend_on_file_order(tmp_path: Path, corpus_files):
    a = open_store(str(tmp_path / "a"))
    b = open_store(str(tmp_path / "b"))
    ingest(list(corpus_files), a, Local(BASE), authority=AUTHORITY, progress=False)
    for f in reversed(corpus_files):  # one file at a time, in reverse order
        ingest([f], b, Local(BASE), authority=AUTHORITY, progress=False)
    ingest(list(reversed(corpus_files)), b, Local(BASE), authority=AUTHORITY, progress=False)
    assert _without_times(_quads(a)) == _without_times(_quads(b))


def test_replace_rebuilds_from_exactly_the_inputs(tmp_path: Path):
    store = open_store(str(tmp_path / "s"))
    ingest([RECORDS / "wcda-3283.txt", RECORDS / "wcda-113067.txt"], store, Local(BASE), authority=AUTHORITY,
           progress=False)
    ingest([RECORDS / "wcda-113067.txt"], store, Local(BASE), authority=AUTHORITY, progress=False, replace=True)
    assert not ask(store, f"{RSEED} ?p ?o") and ask(store, f"<{BASE}id/record/113067> a rico:Record")


def test_update_replaces_a_record_graph_whole(tmp_path: Path):
    store = open_store(str(tmp_path / "s"))
    page = tmp_path / "wcda-777.txt"
    page.write_text("May 1, 1950\n\nLetter, Kim Il Sung to Stalin\n\nText.\n\nDocument Information\n\n"
                    "Source\n\nAPRF, Fond 45.\n\nRecord ID\n\n777\n", encoding="utf-8")
    ingest([page], store, Local(BASE), authority=AUTHORITY, progress=False)
    page.write_text(page.read_text().replace("APRF, Fond 45.", "AVP RF, Fond 06."), encoding="utf-8")
    ingest([page], store, Local(BASE), authority=AUTHORITY, progress=False)
    cits = values(store, f"SELECT ?v WHERE {{ <{BASE}id/record/777> dcterms:bibliographicCitation ?v }}")
    assert cits == ["AVP RF, Fond 06."]


def test_bad_file_rejected_rest_loads(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "wcda-3283.txt").write_bytes((RECORDS / "wcda-3283.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bad.csv").write_text("a,b\n1,2\n")
    store = open_store(str(tmp_path / "s"))
    report = ingest([folder, tmp_path / "missing.txt"], store, Local(BASE), authority=AUTHORITY, progress=False)
    reasons = {Path(r.source.split("#")[0]).name: r.reason for r in report.rejected}
    assert set(reasons) == {"empty.txt", "bad.csv", "missing.txt"}
    assert report.records == 1 and ask(store, f"{RSEED} a rico:Record")


def test_failed_ingest_changes_nothing(tmp_path: Path):
    store = open_store(str(tmp_path / "s"))
    ingest([RECORDS / "wcda-3283.txt"], store, Local(BASE), authority=AUTHORITY, progress=False)
    before = _quads(store)
    with pytest.raises(RuntimeError):
        with store.writer() as w:
            w.drop_graph(f"{BASE}graph/record/{SEED}")
            raise RuntimeError("crash in the middle")
    assert _quads(store) == before
    assert not list((tmp_path / "s").glob("*.partial"))


def _synthetic_jsonl(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"record_id": f"9{i:06d}", "title": f"Letter, Person {i % 50} to Person {i % 7}",
                                "original_publication_date": "May 1, 1950", "summary": "A letter. " * 5,
                                "text_body": "Dear comrade, " * 200, "associated_places": ["Pyongyang"]}) + "\n")


def test_killed_ingest_leaves_previous_store_serving(tmp_path: Path):
    store_dir = tmp_path / "s"
    store = open_store(str(store_dir))
    ingest([RECORDS / "wcda-3283.txt"], store, Local(BASE), authority=AUTHORITY, progress=False)
    before = _quads(store)
    big = tmp_path / "big.jsonl"
    _synthetic_jsonl(big, 6000)
    proc = subprocess.Popen([sys.executable, "-m", "lod.cli", "ingest", "-q", "--store", str(store_dir),
                             "--base", BASE, str(big)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(store_dir.glob("*.partial")) and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed: make the input bigger"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader = open_store(str(store_dir))
    assert _quads(reader) == before  # intact and readable
    report = ingest([big], reader, Local(BASE), authority=AUTHORITY, progress=False)  # a re-run completes it
    assert report.ok and report.records == 6000
    assert ask(reader, f"<{BASE}id/record/9000042> a rico:Record") and ask(reader, f"{RSEED} a rico:Record")


def test_a_date_note_is_published_on_the_records_date():
    """Another date the title gives is a rico:note on the record's rico:Date; the date itself is the date line's."""
    from rdflib import XSD, Literal, URIRef

    from lod.mapping.record import RecordMapper
    from lod.model import Record
    from lod.names import Resolver
    from lod.sources.dates import parse_date
    from lod.vocab import RICO

    rec = Record(source="x.txt", source_format="page-current", record_id="9", title="Reply of X",
                 date=parse_date("1976"), date_notes=["the title also gives the date August 1, 1976 (1976-08-01)"])
    from lod.store.terms import from_ox

    mapped = RecordMapper(Local(BASE), Resolver([])).map(rec)
    triples = {tuple(map(from_ox, t)) for t in mapped.triples}  # the record's graph is of pyoxigraph terms
    date = URIRef(BASE + "id/record/9/date/creation")
    assert (date, RICO.note, Literal(rec.date_notes[0], lang="en")) in triples
    assert (date, RICO.normalizedDateValue, Literal("1976", datatype=XSD.gYear)) in triples


def test_archives_one_node_per_archive_and_generic_names_kept_apart_by_their_seat():
    """"GA EX", "GAEX" and "State Archive of Examplia (GA EX)" are one archive; two "Central State Archive"s
    in two cities are two, each still labelled as the citation writes it."""
    from rdflib import Literal, URIRef

    from lod.ingest import structured_names
    from lod.mapping.record import RecordMapper
    from lod.model import Record
    from lod.names import Resolver
    from lod.sources.citation import parse_citation
    from lod.store.terms import from_ox
    from lod.vocab import SCHEMA, SKOS

    cites = ["State Archive of Examplia (GA EX), Fond 1.", "GA EX, Fond 2.", "GAEX, Fond 3.",
             "Central State Archive, Ostrava, Fond 4.", "Central State Archive, Varna, Fond 5."]
    recs = [Record(source=f"{n}.txt", source_format="page-current", record_id=str(n), title="Letter",
                   citation=parse_citation(c)) for n, c in enumerate(cites)]
    resolver = Resolver([])
    resolver.register([n for rec in recs for n in structured_names(rec)])
    mapper = RecordMapper(Local(BASE), resolver)
    holders, shared = [], []
    for rec in recs:
        mapped = mapper.map(rec)
        holders.append({from_ox(o) for s, p, o in mapped.triples if from_ox(p) == SCHEMA.holdingArchive})
        shared.extend(mapped.shared)
    assert len(holders[0] | holders[1] | holders[2]) == 1
    (ostrava,), (varna,) = holders[3], holders[4]
    assert ostrava != varna
    for node in (ostrava, varna):
        assert (node, SKOS.altLabel, Literal("Central State Archive")) in shared
    assert isinstance(ostrava, URIRef)
