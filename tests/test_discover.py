"""People no list names, found by how a text writes them (lod.names.discover), and what the resolver makes
of them. Synthetic examples."""
from __future__ import annotations

import pytest

from lod.names import Entity, Resolver
from lod.names.discover import initialled_forms, person_forms, titled_forms


@pytest.mark.parametrize("text, forms", [
    ("Talks with Comrade Petrenko.", ["Petrenko"]),
    ("Present: cde. N. M. Volkov and com. Ho Van Minh.", ["N. M. Volkov", "Ho Van Minh"]),
    ("c. Batbayar arrived.", ["Batbayar"]),
    ("Soviet Deputy Foreign Minister Pavel Orlov said", ["Pavel Orlov"]),
    ("Marshal [Ivan] Kuzmin approved", ["Ivan Kuzmin"]),
    ("[Cuban President Rafael] Vidal spoke", ["Rafael Vidal"]),
    ("V[ladimir] I. Sokolov, the Ambassador", ["Vladimir I. Sokolov"]),
    ("COMRADE ORLOV:\nWe agree.", ["ORLOV"]),
])
def test_a_name_after_a_title_or_completed_in_brackets(text: str, forms: list[str]) -> None:
    assert titled_forms(text) == forms


@pytest.mark.parametrize("text", [
    "Comrade President spoke.",  # a title alone
    "the minister Orlov",  # a lower-case office in running text
    "Hon Yong and Pres Kim",  # an abbreviation without its full stop is no title
    "[It] Serves to strengthen",  # a pronoun completed, no given name
    "[Socialist Federal] Republic",  # a state's name completed
    "COMRADE ORLOV SAID THAT WE AGREE",  # capitals running on: a heading, not a name
    "Chief Cabinet meeting",  # a body's word after a title
])
def test_no_name_where_the_words_are_not_one(text: str) -> None:
    assert titled_forms(text) == []


def test_the_resolver_learns_proposed_persons_but_not_known_places() -> None:
    r = Resolver([Entity("place", "atlantis", "Atlantis")])
    text = "Ambassador Atlantis said. Later Comrade Petrenko met Marshal [Ivan] Kuzmin; Kuzmin agreed."
    r.learn_brackets(person_forms(text))
    assert [e.path for e in r.entities] == ["person/ivan-kuzmin", "person/petrenko", "place/atlantis"]
    found = {(m.surface, m.entity_path) for m in r.find_mentions(text, learn=False)}
    assert ("Kuzmin", "person/ivan-kuzmin") in found and ("Petrenko", "person/petrenko") in found


def test_half_of_a_hyphenated_given_name_is_no_family_name() -> None:
    r = Resolver([Entity("person", "sun-ho", "Sun Ho", "en", {"Ho"})])
    r.register([("Sun Ho", "person")])
    assert not [m for m in r.find_mentions("Pak Ho-gap arrived.", learn=False) if m.surface == "Ho"]


@pytest.mark.parametrize("name", ["the Atlantis History Research Group", "Smith & Sons"])
def test_a_body_named_as_a_contributor_is_no_person(name: str) -> None:
    with pytest.raises(ValueError, match="a body's name"):
        Resolver().resolve(name, "person")


@pytest.mark.parametrize("text, forms", [
    ("Present were A.S. Orlovsky, T.F. Bruntov and Kuzmak I.M. (Translator).",
     ["A.S. Orlovsky", "T.F. Bruntov", "Kuzmak, I.M."]),
    ("signed by A.Ia. Petrenko", ["A.Ia. Petrenko"]),  # a romanised Cyrillic letter as an initial
    ("to A. Zh. Kuzmak", ["A. Zh. Kuzmak"]),
])
def test_a_family_name_with_dotted_initials_before_or_after_it(text: str, forms: list[str]) -> None:
    assert initialled_forms(text) == forms


@pytest.mark.parametrize("text", [
    "U.S. Army units",  # a body's word
    "the U.S. Embassy",
    "J.S. Orlovsky Bruntov",  # a longer run of capitalised words: not read as this pattern
])
def test_no_initialled_name_where_the_words_are_not_one(text: str) -> None:
    assert initialled_forms(text) == []


def test_an_initialled_place_is_no_person_and_initials_after_keep_their_stop() -> None:
    r = Resolver([Entity("place", "atlantis", "Atlantis"), Entity("organisation", "un", "United Nations", "en", {"U.N."})])
    text = "Talks in D.R. Atlantis with U.N. Orlovsky; Kuzmak I.M. translated. Kuzmak I.M. left."
    r.learn_brackets(person_forms(text))
    assert [e.path for e in r.entities if e.kind == "person"] == ["person/kuzmak-i-m"]
    found = [(m.surface, m.entity_path) for m in r.find_mentions(text, learn=False) if m.entity_path.startswith("person")]
    assert found == [("Kuzmak I.M.", "person/kuzmak-i-m")] * 2


def test_a_time_or_an_era_is_no_initials() -> None:
    from lod.names.discover import initialled_forms
    assert initialled_forms("They would come at Six P.M. or at Nine A.M.; Orlav A.S. agreed.") == ["Orlav, A.S."]


def test_a_possessive_completion_holds_the_whole_name() -> None:
    from lod.names.discover import titled_forms
    assert not any("Telephone" in f for f in titled_forms("The Minister's [Ivan Orlav's] Telephone Conversation"))


def test_a_sentence_end_after_a_title_is_no_name() -> None:
    """"… to the Chancellor. He said": the full stop ends a sentence, and a pronoun is no person."""
    from lod.names.discover import titled_forms
    from lod.names.name_kinds import not_a_person
    assert titled_forms("He wrote to the Chancellor. He said that Amb. Orlav agreed.") == ["Orlav"]
    assert not_a_person("He") and not_a_person("They")


@pytest.mark.parametrize("text, forms", [
    ("the division leader Comrade Pak Song-chol asked", ["Pak Song-chol"]),  # stacked titles
    ("Foreign Minister Comrade Ri Ju-yeon wrote", ["Ri Ju-yeon"]),
    ("talks with deputy minister Orlov went on", ["Orlov"]),  # a lower-case compound office
    ("a speech by First Secretary Le Van Tam to the plenum", ["Le Van Tam"]),  # a particle opens the name
])
def test_titled_names_the_rules_read(text: str, forms: list[str]) -> None:
    assert titled_forms(text) == forms


@pytest.mark.parametrize("text", [
    "born at 3 PM Moscow Time, far away",  # a clock time, not a prime minister
    "I had not met Mr. Kim before.",  # a lone common surname names no one by itself
    "SOVIET AMBASSADOR IN THE DPRK\n[signature]",  # an office in capitals, no name after it
])
def test_no_titled_name(text: str) -> None:
    assert titled_forms(text) == []


@pytest.mark.parametrize("text, forms", [
    ("the Ambassador to Atlantis, R. Petrenko, said", ["R. Petrenko"]),
    ("J. Orlov\nAttachment", ["J. Orlov"]),
    ("met Ivan K. Orlov there", []),  # a given name before: the whole name is the form
    ("the problem for D. Moreover, he said", []),  # a sentence's first word
    ("V[ladimir] I. Sokolov came", ["Vladimir I. Sokolov"]),
])
def test_one_initial_before_a_family_name(text: str, forms: list[str]) -> None:
    assert person_forms(text) == forms


def test_one_initial_before_a_place_is_no_person() -> None:
    """One initial is proposed ("A. Petrenko"); the resolver leaves a known place's abbreviation alone."""
    r = Resolver([Entity("place", "atlantis", "Atlantis", "en", set())])
    r.learn_brackets(initialled_forms("N. Atlantis and A. Petrenko met."))
    assert sorted(e.label for e in r.entities if e.kind == "person") == ["A. Petrenko"]


def test_a_patronymic_address_completed_in_brackets_is_one_person() -> None:
    r = Resolver()
    r.learn_brackets(titled_forms("since Anna Petrovna [Orlova] said that he would go"))
    (person,) = [e for e in r.entities if e.kind == "person"]
    assert person.label == "Anna Petrovna Orlova" and "Anna Petrovna" in person.variants


def test_a_cut_capture_proposes_no_name_from_its_last_word() -> None:
    text = "cigarettes were offered to Foreign Minister Sono"
    assert person_forms(text) == ["Sono"] and person_forms(text, cut=True) == []
