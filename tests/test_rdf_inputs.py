"""RDF the project reads (our vocabulary, RDF authority files) goes through lod.safe_rdf: entity bombs and
DOCTYPEs are refused before anything expands, remote JSON-LD contexts are never fetched (a loopback
listener sees no connection), and an authority file may be Turtle, RDF/XML or JSON-LD as well as TSV."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from rdflib import Graph

from lod.names.authority import AuthorityError, load_authority
from lod.safe_rdf import RDFInputError, parse_rdf, read_rdf
from tests.conftest import AUTHORITY, BASE, RECORDS, ROOT
from tests.test_sparql_safety import Listener

LOD = ROOT / "lod"
# six nested entities: 4.7 MB of text from 500 bytes; rdflib alone spends over a minute expanding it
BOMB = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
        + "".join(f'<!ENTITY {n} "{("&" + p + ";") * 10}">\n' for p, n in zip("abcde", "bcdef"))
        + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">'
        '<rdf:Description rdf:about="http://x/a"><x:p>&f;</x:p></rdf:Description></rdf:RDF>\n')
XXE = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:x="http://x/">'
       '<rdf:Description rdf:about="http://x/a"><x:p>&x;</x:p></rdf:Description></rdf:RDF>')


def test_a_500_byte_entity_bomb_is_refused_before_it_expands(tmp_path):
    assert len(BOMB.encode()) <= 500
    path = tmp_path / "bomb.rdf"
    path.write_text(BOMB)
    # in a child process with a deadline, so a regression fails the test instead of hanging it
    code = ("import sys\nfrom lod.safe_rdf import read_rdf, RDFInputError\ntry:\n    read_rdf(sys.argv[1])\n"
            "except RDFInputError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=30)
    assert "DOCTYPE declarations are not accepted" in done.stdout, done.stderr
    with pytest.raises(RDFInputError, match="DOCTYPE"):
        parse_rdf(XXE, "xml", name="xxe.rdf")
    with pytest.raises(RDFInputError, match="not well-formed"):
        parse_rdf(XXE[XXE.index("<rdf:RDF"):-40], "xml", name="cut.rdf")


CONTEXTS = {
    "a remote @context": lambda u: {"@context": u, "@id": "http://x/a", "name": "A"},
    "a remote @context in a list": lambda u: {"@context": [{"x": "http://x/"}, u], "@id": "http://x/a"},
    "a remote @context on a nested node": lambda u: {"@context": {"p": "http://x/p"}, "@id": "http://x/a",
                                                     "p": {"@context": u, "@id": "http://x/b"}},
    "a remote scoped context of a term": lambda u: {"@context": {"p": {"@id": "http://x/p", "@context": u}},
                                                   "@id": "http://x/a", "p": {"@id": "http://x/b"}},
    "@import": lambda u: {"@context": {"@version": 1.1, "@import": u}, "@id": "http://x/a"},
    "a remote @context in a @graph": lambda u: {"@graph": [{"@context": u, "@id": "http://x/a"}]},
}


@pytest.mark.parametrize("case", list(CONTEXTS))
def test_remote_json_ld_contexts_are_refused_without_a_connection(case):
    listener = Listener()
    try:
        doc = json.dumps(CONTEXTS[case](f"http://127.0.0.1:{listener.port}/context.jsonld"))
        with pytest.raises(RDFInputError, match="not fetched"):
            parse_rdf(doc, "json-ld", name="remote.jsonld")
        assert listener.connections == 0
    finally:
        listener.close()


def test_the_listener_would_have_seen_rdflib_fetch_the_context():
    """The control: rdflib on its own does connect, so the test above watches the right thing."""
    listener = Listener()
    try:
        doc = json.dumps(CONTEXTS["a remote @context"](f"http://127.0.0.1:{listener.port}/context.jsonld"))
        with pytest.raises(Exception):  # noqa: B017 — our listener answers nothing; what matters is the connection
            Graph().parse(data=doc, format="json-ld")
        assert listener.connections >= 1
    finally:
        listener.close()


def test_known_contexts_are_used_from_a_local_copy():
    doc = json.dumps({"@context": f"{BASE}context.jsonld", "@id": f"{BASE}id/person/x", "name": "X"})
    g = parse_rdf(doc, "json-ld", contexts={f"{BASE}context.jsonld": {"name": "https://schema.org/name"}})
    assert [str(o) for o in g.objects()] == ["X"]


@pytest.mark.parametrize("data,fmt,reason", [
    ("<http://x/a> <http://x/b> " + "[ <http://x/p> " * 3000 + "]" * 3000 + " .", "turtle", "nested too deeply"),
    ("[" * 100_000 + "]" * 100_000, "json-ld", "not valid JSON|nested deeper"),
    ('{"@id": ' * 300 + "1" + "}" * 300, "json-ld", "not valid JSON|nested deeper"),
    (b"<http://x/a> <http://x/b> \"\xff\" .", "nt", "invalid UTF-8"),
    ("<http://x/a> <http://x/b> .", "turtle", "not valid turtle"),
    ("x" * 2000, "xml", "not well-formed"),
])
def test_malformed_rdf_is_a_named_rejection(data, fmt, reason):
    with pytest.raises(RDFInputError, match=reason) as e:
        parse_rdf(data, fmt, name="input.x")
    assert str(e.value).startswith("input.x: ")


def test_every_rdf_parse_in_the_project_goes_through_safe_rdf():
    calls = re.compile(r"\.parse\(\s*(data|source|location|file)=|Graph\(\)\.parse\(|json-ld\"\)|format=\"xml\"")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in LOD.rglob("*.py") if p.name != "safe_rdf.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if calls.search(line)]
    assert offenders == []


# --- RDF authority files --------------------------------------------------------------------------------

TTL = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rico: <https://www.ica.org/standards/RiC/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix dct: <http://purl.org/dc/terms/> .
<http://authority.example/agent/1> a foaf:Person ; dct:identifier "kim-il-sung" ;
    skos:prefLabel "Kim Il Sung"@en, "김일성"@ko ; skos:altLabel "Kim Il-sung", "KIM IL SUNG" ;
    skos:note "Leader of the DPRK." .
<http://authority.example/place/pyongyang> a schema:Place ; skos:prefLabel "Pyongyang"@en ;
    skos:altLabel "P'yŏngyang" .
<http://authority.example/body/kwp> a rico:CorporateBody ; skos:prefLabel "Korean Workers' Party" .
<http://authority.example/scheme> a skos:ConceptScheme ; skos:prefLabel "Our authorities" .
"""


def _as(fmt: str) -> str:
    g = Graph().parse(data=TTL, format="turtle")
    return g.serialize(format=fmt)


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".rdf", "xml"), (".jsonld", "json-ld"), (".nt", "nt")])
def test_an_authority_file_can_be_rdf(tmp_path, suffix, fmt):
    path = tmp_path / f"authority{suffix}"
    path.write_text(_as(fmt), encoding="utf-8")
    entities = load_authority(path)
    assert [(e.path, e.label, e.lang) for e in entities] == [
        ("organisation/kwp", "Korean Workers' Party", "en"), ("person/kim-il-sung", "Kim Il Sung", "en"),
        ("place/pyongyang", "Pyongyang", "en")]
    kim = entities[1]
    assert kim.variants == {"Kim Il-sung", "KIM IL SUNG", "김일성"} and kim.note == "Leader of the DPRK."


def test_the_tsv_authority_is_read_as_before():
    entities = load_authority(AUTHORITY)
    assert len(entities) > 200 and entities[0].path == "person/stalin-iosif"


@pytest.mark.parametrize("body,reason", [
    ("<http://a/x> <http://www.w3.org/2004/02/skos/core#prefLabel> \"X\" .", "no type we know"),
    ("<http://a/Bad_Key> a <http://xmlns.com/foaf/0.1/Person> ; "
     "<http://www.w3.org/2004/02/skos/core#prefLabel> \"X\" .", "not a lower-case slug"),
    ("<http://a/x> a <http://xmlns.com/foaf/0.1/Person>, <https://schema.org/Place> ; "
     "<http://www.w3.org/2004/02/skos/core#prefLabel> \"X\" .", "several kinds"),
    ("<http://a/x> a <http://xmlns.com/foaf/0.1/Person> ; <http://www.w3.org/2004/02/skos/core#prefLabel> \"X\" .\n"
     "<http://b/x> a <http://xmlns.com/foaf/0.1/Person> ; <http://www.w3.org/2004/02/skos/core#prefLabel> \"Y\" .",
     "duplicate key 'x'"),
    ("<http://a/x> a <http://xmlns.com/foaf/0.1/Person> .", "no entities"),
    ("<http://a/x> <http://b/> ", "not valid turtle"),
])
def test_a_bad_rdf_authority_is_rejected_with_the_subject_and_reason(tmp_path, body, reason):
    path = tmp_path / "authority.ttl"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(AuthorityError, match=reason) as e:
        load_authority(path)
    assert str(e.value).startswith(str(path))


def test_hostile_rdf_authority_files_are_refused(tmp_path):
    bomb = tmp_path / "authority.rdf"
    bomb.write_text(BOMB)
    with pytest.raises(AuthorityError, match="DOCTYPE"):
        load_authority(bomb)
    listener = Listener()
    try:
        remote = tmp_path / "authority.jsonld"
        remote.write_text(json.dumps({"@context": f"http://127.0.0.1:{listener.port}/ctx", "@id": "http://a/x"}))
        with pytest.raises(AuthorityError, match="not fetched"):
            load_authority(remote)
        assert listener.connections == 0
    finally:
        listener.close()


def test_ingest_links_names_through_an_rdf_authority(tmp_path):
    from lod.ingest import ingest
    from lod.store import open_store
    from lod.vocab import Local

    authority = tmp_path / "authority.ttl"
    authority.write_text(TTL.replace('dct:identifier "kim-il-sung"', 'dct:identifier "great-leader"'))
    store = open_store(str(tmp_path / "store"))
    report = ingest([RECORDS / "wcda-3283.txt"], store, Local(BASE), authority=authority, progress=False)
    assert report.ok
    assert store.query(f"ASK {{ ?r ?p <{BASE}id/person/great-leader> }}", "json").body.find(b"true") >= 0


def test_vocabulary_files_parse_through_the_safe_parser():
    for path in sorted((ROOT / "vocab").glob("*.ttl")) + sorted((ROOT / "vocab").glob("*.rdf")):
        assert len(read_rdf(path)) > 0, path
