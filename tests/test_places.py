"""Places no list of the collection names, found from the gazetteer and from "in X" (lod.names.places), and
what the resolver makes of them. Synthetic examples (made-up names beside the gazetteer's real states)."""
from __future__ import annotations

import pytest

from lod.names import Resolver
from lod.names.places import gazetteer, place_forms
from lod.names.proposals import named_forms, propose


@pytest.mark.parametrize("text, forms", [
    ("The note reached Vienna.", ["Vienna"]),
    ("relations between the GDR and the FRG", ["East Germany (GDR)", "West Germany (FRG)"]),
    ("Flights from Peking to Ulan Bator", ["Beijing (Peking)", "Ulaanbaatar (Ulan Bator)"]),
    ("He stayed in Zorbina for a week.", []),  # one unknown word after "in": as often a noun ("in Exile")
    ("a camp near Lower Quellfield", []),  # two capitalised words, no place word: may be a person
    ("a dam on the Zorba River in Zorba Province", ["Zorba Province"]),
    ("Beijing's answer", ["Beijing"]),
])
def test_a_place_from_the_gazetteer_or_after_in(text: str, forms: list[str]) -> None:
    assert place_forms(text) == forms


@pytest.mark.parametrize("text", [
    "the Warsaw Pact",  # a body named after a city
    "Radio Moscow reported",  # a city inside a longer name
    "Moscow-based officials",  # a compound
    "Soviet and Chinese officials",  # nationalities are not places
    "written in Russian in June",  # a language, a month
    "in Comrade Petrov's office",  # a form of address
    "in Parliament",  # a body word
    "in Orlov's view",  # a possessive
    "the Government in Exile", "changes in Section 4",  # a heading's noun after "in"
])
def test_no_place_where_the_name_is_not_one(text: str) -> None:
    assert place_forms(text) == []


def test_forms_of_one_state_are_one_place_and_a_known_person_is_no_place() -> None:
    r = Resolver()
    r.register([("Zorbina Kask", "person"), ("Zorbina", "person")])
    propose(r, named_forms("The DPRK said in Zorbina that North Korea and the Democratic People's Republic of Korea agree."))
    korea = r.lookup("DPRK")
    assert korea is not None and korea.kind == "place"
    assert r.lookup("North Korea") is korea and r.lookup("Democratic People's Republic of Korea") is korea
    assert r.lookup("Zorbina").kind == "person"
    assert [m.surface for m in r.find_mentions("Envoys of the DPRK met in North Korea.")] == ["DPRK", "North Korea"]


def test_the_gazetteer_holds_the_iso_names_and_the_common_forms() -> None:
    g = gazetteer()
    assert g["Sri Lanka"] == "Sri Lanka" and g["USSR"] == "Soviet Union" and g["Kyiv"] == "Kiev"
    assert "Soviet" not in g and "Chinese" not in g
