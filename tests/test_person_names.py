"""A person's family and given names (lod.names.parts), stated in the entity graph at ingest and read back
with the description of a record that names the person."""
from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from lod.mapping.entities import EntityGraph
from lod.names import PersonName, name_parts
from lod.vocab import FOAF, RDF, SCHEMA, SKOS, Local
from tests.conftest import BASE, ingest_corpus


@pytest.mark.parametrize("label, forms, expected", [
    ("Aleksei Ignatiev", ["Ignatiev, Aleksei", "Ignatieff"], PersonName("Ignatiev", "Aleksei", False)),
    ("Jawaharlal Nehru", ["Nehru, Jawaharlal", "Pandit Nehru"], PersonName("Nehru", "Jawaharlal", False)),
    # family-first names keep their order; the given part may be hyphenated or spelt apart in the form
    ("Kim Il Sung", ["Kim, Il-sung", "Kim Ir Sen"], PersonName("Kim", "Il Sung", True)),
    ("Mao Zedong", ["Mao, Zedong", "Mao Tse-tung"], PersonName("Mao", "Zedong", True)),
    ("Nakajima Kenzō", ["Nakajima, Kenzō", "Kenzō Nakajima"], PersonName("Nakajima", "Kenzō", True)),
    # a label may leave out a patronymic the catalogue heading has
    ("Aleksandr Puzanov", ["Puzanov, Aleksandr Mikhailovich", "A. M. Puzanov"], PersonName("Puzanov", "Aleksandr", False)),
    ("Joseph Stalin", ["Stalin, Joseph", "Stalin, Iosif Vissarionovich", "Feng Xi"], PersonName("Stalin", "Joseph", False)),
])
def test_name_parts_from_the_inverted_form(label, forms, expected):
    parts = name_parts(label, forms)
    assert parts == expected
    order = (parts.family, parts.given) if parts.family_first else (parts.given, parts.family)
    assert " ".join(order) == label  # the parts are the label's own words


@pytest.mark.parametrize("label, forms", [
    ("Sándor Etre", ["Etre Sándor", "Etre Sandor"]),  # no form says which part is the family name
    ("Andrei Vyshinsky", ["A. Vyshinsky", "Vyshinsky"]),
    ("Krajewski", ["KRAJEWSKI"]),  # a single name
    ("Aleksei Ignatiev", ["Ignatiev, A."]),  # an initial does not confirm the given name
    ("Kim Il Sung", ["Kim, Il-sung", "Sung, Kim Il"]),  # forms that disagree: not guessed
    ("Embassy of Hungary in North Korea", ["Hungary, Embassy in North Korea"]),  # a body
])
def test_name_parts_none_without_structure(label, forms):
    assert name_parts(label, forms) is None


def person(graph: EntityGraph, key: str, label: str, *alt: str) -> URIRef:
    who = URIRef(BASE + "id/person/" + key)
    graph.add_all([(who, RDF.type, FOAF.Person), (who, SKOS.prefLabel, Literal(label))]
                  + [(who, SKOS.altLabel, Literal(a)) for a in alt])
    return who


def parts_of(graph: EntityGraph, who: URIRef) -> tuple[set[str], set[str]]:
    triples = graph.triples()
    return ({str(o) for s, p, o in triples if s == who and p == SCHEMA.familyName},
            {str(o) for s, p, o in triples if s == who and p == SCHEMA.givenName})


def test_entity_graph_states_person_names_afresh():
    g = EntityGraph()
    kim = person(g, "kim-il-sung", "Kim Il Sung", "Kim, Il-sung")
    body = URIRef(BASE + "id/organisation/x")
    g.add_all([(body, RDF.type, FOAF.Organization), (body, SKOS.prefLabel, Literal("Korea, Embassy")),
               (body, SKOS.altLabel, Literal("Korea, Embassy"))])
    g.state_person_names()
    assert parts_of(g, kim) == ({"Kim"}, {"Il Sung"})
    assert parts_of(g, body) == (set(), set())  # only people have family and given names
    g.add_all([(kim, SKOS.altLabel, Literal("Sung, Kim Il"))])  # a later ingest adds a form that disagrees
    g.state_person_names()
    assert parts_of(g, kim) == (set(), set())  # restated, not accumulated


def test_ingest_states_names_of_people_in_the_corpus(tmp_path):
    from lod.store import open_store
    store = open_store(str(tmp_path / "store"))
    ingest_corpus(store)
    rows = store.select(f"SELECT ?who ?f ?g WHERE {{ ?who <{SCHEMA.familyName}> ?f ; <{SCHEMA.givenName}> ?g }}")
    found = {str(r["who"]).removeprefix(BASE + "id/"): (str(r["f"]), str(r["g"])) for r in rows}
    assert found["person/kim-il-sung"] == ("Kim", "Il Sung")
    assert found["person/mao-zedong"] == ("Mao", "Zedong")
    assert found["person/nehru-jawaharlal"] == ("Nehru", "Jawaharlal")
    assert found["person/nakajima-kenzo"] == ("Nakajima", "Kenzō")  # learned from a record's "Author(s)"
    assert not any(k.startswith("person/etre") for k in found)  # written "Etre Sándor": no structure
    assert all(k.startswith("person/") for k in found)

    d = store.describe(Local(BASE).entity("record", "300653")).graph  # it carries its people's names
    nehru = URIRef(BASE + "id/person/nehru-jawaharlal")
    assert (str(d.value(nehru, SCHEMA.familyName)), str(d.value(nehru, SCHEMA.givenName))) == ("Nehru", "Jawaharlal")
