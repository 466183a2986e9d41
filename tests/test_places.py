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


@pytest.mark.parametrize("text, forms", [
    ("talks on Eastern Europe and Latin America", ["Eastern Europe", "Latin America"]),  # regions of the lexicon
    ("initiatives for the Balkans", ["Balkans"]),
    ("a concert in Magadan.", ["Magadan"]),  # a GeoNames city after a preposition of place
    ("the city of Zorbina", ["Zorbina"]),  # a lower-case place noun and "of"
    ("the territories of Zorbina and Quellia", ["Zorbina", "Quellia"]),
    ("in the desert of Quellia", ["Quellia"]),
    ("received in the Presidential Palace", ["Presidential Palace"]),  # named buildings
    ("dinner in the Great Hall of the People", ["Great Hall of the People"]),
    ("Location: Zorbina Government Building", ["Zorbina Government Building"]),
    ("lunch at the Prime Minister's Official Residence", ["Prime Minister's Official Residence"]),
    ("the Kabul-Tirana railroad", ["Kabul", "Tirana"]),  # each end of a route
    ("the puppets of south Korea", ["South Korea (south Korea)"]),  # the DPRK's way of writing it
])
def test_a_place_from_regions_cities_and_place_contexts(text: str, forms: list[str]) -> None:
    assert place_forms(text) == forms


@pytest.mark.parametrize("text", [
    "the US delegation and the USSR side",  # a state's name as an adjective
    "a Moscow-based office", "a pro-Moscow line",  # compounds
    "Comrade Gus Hall spoke",  # a bare "X Hall" may be a person
    "a meeting of the Kim and Park families",  # surnames
    "a letter from Lincoln to Hamilton",  # cities of GeoNames, but "from" and "to" take persons as often
])
def test_no_place_in_adjectives_compounds_or_names(text: str) -> None:
    assert place_forms(text) == []


def test_a_citation_names_the_places_of_imprints_and_archive_seats_not_states_in_archive_names() -> None:
    from lod.names.places import citation_places
    text = ("Central State Archive, Sofia, Fond 1. Archive of the Ministry, Republic of Zorbina, D-1. Published in "
            "Papers (Quellia City: Nauka, 1995), 4; copy at National Security Archive, Washington, D.C.")
    assert citation_places(text) == ["Sofia", "Quellia City", "Washington, D.C."]


def test_known_places_inside_body_names_or_as_adjectives_are_no_mentions() -> None:
    r = Resolver()
    propose(r, named_forms("China and Japan and the USSR and South Korea and Korea"))
    from lod.names.places import settle_place_mentions
    text = "MFA USSR. The China Division, the Japan Affairs Department, the USSR delegation; south Korea; Japan."
    kept = settle_place_mentions(text, r.find_mentions(text), r.lookup)
    assert [(m.surface, m.entity_path) for m in kept] == [("south Korea", "place/south-korea"), ("Japan", "place/japan")]


def test_a_place_line_in_capitals_is_a_place_not_a_person() -> None:
    r = Resolver()
    r.register([("M A G A D A N", None), ("SOFIA", None)])
    assert r.lookup("Magadan").kind == "place" and r.lookup("Sofia").kind == "place"
    assert r.resolve("Magadan Orlova").kind == "person"  # a name that only begins with a city's is a person's
    r.register([("KIROV", None), ("Comrade TIRANA", None)])
    assert r.lookup("KIROV").kind == "person"  # a city named after a person: the name is as often his
    assert r.lookup("TIRANA").kind == "person"  # with an honorific, a person's
