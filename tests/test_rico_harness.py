"""The comparison with the RiC-O Converter (lod/evaluate/rico.py) proved on the converter's own expected files:
an expected graph agrees with itself, and stops agreeing when a triple goes or a literal changes; an inline
agent (a blank node) equals one of our IRIs with the same description; our IRIs map to the converter's."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from lod.evaluate.rico import CONVERTER_BASE, compare, converter_iri
from lod.vocab import DCTERMS, RDF, RDFS, RICO, SCHEMA, Local

UNIT_TESTS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-standards" / "rico-converter" / "unit-tests"
BASE = "http://lod.example.org/"
CB = CONVERTER_BASE


def expected_files() -> list[Path]:
    if not UNIT_TESTS.is_dir():
        pytest.skip(f"the converter's unit tests are not at {UNIT_TESTS} (../shared)")
    return sorted(UNIT_TESTS.glob("*/*/expected.xml"))


def test_every_expected_file_agrees_with_itself() -> None:
    files = expected_files()
    assert len(files) >= 90
    for f in files:
        g = Graph().parse(f, format="xml")
        c = compare(g, g, BASE)
        assert c.agrees, f"{f}: {c.missing} {c.extra}"


def _compared_triple(g: Graph, literal: bool):
    for s, p, o in sorted(g):
        if isinstance(s, URIRef) and str(p).startswith(str(RICO)) and p not in (RICO.hasOrHadHolder,) \
                and isinstance(o, Literal) == literal:
            return s, p, o
    return None


def test_a_triple_removed_or_a_literal_changed_disagrees() -> None:
    checked = 0
    for f in expected_files()[:40]:
        g = Graph().parse(f, format="xml")
        t = _compared_triple(g, literal=False)
        if t:
            fewer = Graph()
            for x in g:
                if x != t:
                    fewer.add(x)
            c = compare(fewer, g, BASE)
            assert not c.agrees and c.missing, f
        t = _compared_triple(g, literal=True)
        if t:
            changed = Graph()
            for x in g:
                changed.add(x if x != t else (t[0], t[1], Literal(str(t[2]) + " changed", lang=t[2].language,
                                                                     datatype=t[2].datatype)))
            c = compare(changed, g, BASE)
            assert c.missing and c.extra, f
            checked += 1
    assert checked >= 20


def test_a_blank_node_agent_equals_our_iri_with_the_same_description() -> None:
    unit = URIRef(f"{CB}recordResource/058220-c1")
    theirs = Graph()
    agent, name = BNode(), BNode()
    theirs.add((unit, RICO.hasOrHadSubject, agent))
    theirs.add((agent, RDF.type, RICO.Person))
    theirs.add((agent, RDFS.label, Literal("Hugo, Victor", lang="fr")))
    theirs.add((agent, RICO.hasOrHadAgentName, name))
    theirs.add((name, RDF.type, RICO.AgentName))
    theirs.add((name, RICO.textualValue, Literal("Hugo,  Victor", lang="fr")))
    local = Local(BASE)
    mine = Graph()
    me, my_name = local.record_resource("058220", "c1"), local.agent("person", "hugo-victor")
    mine.add((me, RICO.hasOrHadSubject, my_name))
    mine.add((my_name, RDF.type, RICO.Person))
    mine.add((my_name, SCHEMA.name, Literal("Victor Hugo")))  # another vocabulary: said beside
    mine.add((my_name, RDFS.label, Literal("Hugo, Victor", lang="fr")))
    mine.add((my_name, RICO.hasOrHadAgentName, URIRef(f"{my_name}/name/1")))
    mine.add((URIRef(f"{my_name}/name/1"), RDF.type, RICO.AgentName))
    mine.add((URIRef(f"{my_name}/name/1"), RICO.textualValue, Literal("Hugo, Victor", lang="fr")))
    assert compare(mine, theirs, BASE).agrees
    mine.set((my_name, RDFS.label, Literal("Hugo, V.", lang="fr")))
    assert not compare(mine, theirs, BASE).agrees


def test_our_iris_as_the_converters() -> None:
    local = Local(BASE)
    person = str(local.agent("person", "fran-np-050551"))
    place = str(local.agent("place", "fran-ri-005-d3"))
    ids = {person: "FRAN_NP_050551", place: "FRAN_RI_005-d3"}
    cases = {str(local.record_resource("058220", "top")): "recordResource/top-058220",
             str(local.record_resource("058220", "c-1")): "recordResource/058220-c-1",
             str(local.finding_aid("058220")): "record/058220",
             f"{local.record_resource('058220', 'top')}/instantiation/1": "instantiation/top-058220-i1",
             f"{local.record_resource('058220', 'c-1')}/instantiation/2": "instantiation/058220-c-1-i2",
             f"{local.finding_aid('058220')}/instantiation/1": "instantiation/058220-i1",
             f"{BASE}id/authority-record/005205": "record/005205",
             f"{BASE}id/authority-record/005205/instantiation/1": "instantiation/005205",
             person: "agent/050551", place: "place/FRAN_RI_005-d3"}
    for ours, theirs in cases.items():
        assert converter_iri(ours, BASE, ids) == CB + theirs, ours
    assert converter_iri(str(local.agent("person", "hugo-victor")), BASE, ids) is None
    thing = str(local.subject("fran-ri-004-d3"))
    assert converter_iri(thing, BASE, {thing: "FRAN_RI_004-d3"}, {thing: "thing"}) == f"{CB}thing/FRAN_RI_004-d3"
    assert converter_iri(f"{local.record_resource('058220', 'c-1')}/original/1", BASE, ids) is None  # a sub-node
    assert converter_iri(str(DCTERMS.title), BASE, ids) is None
