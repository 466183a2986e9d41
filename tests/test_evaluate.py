"""`lod evaluate`: the scorer's rules on hand-made gold, a real ingest of a real page into a real scratch store,
and the dev set's current figures held as floors."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lod.config import Config
from lod.evaluate import evaluate
from lod.evaluate.extracted import ExtractedEntity, unit_value
from lod.evaluate.gold import GoldEntity, GoldError, load_gold, norm, parse_gold_line
from lod.evaluate.score import match_entities, our_gold_role
from tests.conftest import BASE, RECORDS, ROOT, run_lod

DEV = ROOT.parent / "shared" / "corpus" / "dev"
PAGE = RECORDS / "wcda-300237.txt"  # a page with a printed Record ID
TITLE = ("The Chancellor's [Helmut Kohl's] Telephone Conversation with Polish President Kwasniewski on Thursday, "
         "12 September 1996, 9.30 hours")


# --- the matching rule, on hand-made entities ------------------------------------------------------------

def person(iri: str, *forms: str, roles: tuple[str, ...] = ()) -> ExtractedEntity:
    return ExtractedEntity(iri, "person", list(forms), set(roles))


def test_each_gold_entity_is_matched_at_most_once():
    gold = [GoldEntity("person", "Kim Il Sung", ("Kim Il Sung", "Comrade Kim Il Sung"), "participant")]
    m = match_entities([person("x:a", "Kim Il Sung"), person("x:b", "Comrade Kim Il Sung")], gold)
    assert [(e.iri, g.name) for e, g in m.matched] == [("x:a", "Kim Il Sung")]
    assert [e.iri for e in m.spurious] == ["x:b"] and m.missed == []


def test_the_kind_must_agree():
    gold = [GoldEntity("place", "Magadan", ("Magadan", "M A G A D A N"))]
    m = match_entities([person("x:magadan", "Magadan")], gold)
    assert m.matched == [] and [e.iri for e in m.spurious] == ["x:magadan"] and [g.name for g in m.missed] == ["Magadan"]


def test_an_earlier_match_takes_the_first_free_gold_entity():
    gold = [GoldEntity("person", "Kim Il Sung", ("Kim",)), GoldEntity("person", "Kim Jong Il", ("Kim", "Kim Jong Il"))]
    m = match_entities([person("x:1", "Kim"), person("x:2", "Kim"), person("x:3", "Kim")], gold)
    assert [(e.iri, g.name) for e, g in m.matched] == [("x:1", "Kim Il Sung"), ("x:2", "Kim Jong Il")]
    assert [e.iri for e in m.spurious] == ["x:3"]


def test_forms_compare_after_normalisation():
    assert norm("  Etre\u00a0S\u0061\u0301ndor \n") == norm("ETRE Sándor") == "etre sándor"
    gold = [GoldEntity("person", "Sándor Etre", ("Etre Sándor",), "author")]
    m = match_entities([person("x:etre", "ETRE\u00a0 Sa\u0301ndor")], gold)
    assert len(m.matched) == 1


def test_roles_first_that_applies():
    assert our_gold_role({"mentioned", "participant", "sender"}) == "sender"
    assert our_gold_role({"addressee", "author"}) == "addressee"
    assert our_gold_role({"translator"}) == our_gold_role({"contributor"}) == "mentioned"
    assert our_gold_role(set()) is None


def test_unit_values_lose_their_level_word_only():
    assert unit_value("Fond 059a", {"fond"}) == "059a"
    assert unit_value("Opis’ 2", {"opis (inventory)", "opis"}) == "2"
    assert unit_value("Delo 3", {"delo (file)"}) == "3"
    assert unit_value("Fondation 7", {"fond"}) == "Fondation 7"  # a word that only starts like the level
    assert unit_value("B 136/59748", {"file"}) == "B 136/59748"


def test_unit_values_lose_the_labels_of_the_citation_lexicons_and_a_number_sign():
    assert unit_value("Спр. 12", {"delo (file)", "delo"}) == "12"  # a Ukrainian abbreviation of the delo
    assert unit_value("D. 7", {"delo"}) == "7"
    assert unit_value("File No. AB/1(2)/3-I & II", {"file"}) == "AB/1(2)/3-I & II"
    assert unit_value("12. f.", {"fond"}) == "12"  # a Hungarian label after its number
    assert unit_value("Dosja 4", {"fond"}) == "Dosja 4"  # another level's label stays


def test_bad_gold_lines_are_named(tmp_path: Path):
    with pytest.raises(GoldError, match=r"gold.jsonl:2: not JSON"):
        gold = tmp_path / "gold.jsonl"
        gold.write_text('{"file": "a.txt", "title": "A"}\n{"file": \n', encoding="utf-8")
        load_gold(gold)
    with pytest.raises(GoldError, match="persons\\[1\\].role 'boss'"):
        parse_gold_line('{"file": "a.txt", "persons": [{"name": "X", "forms": ["X"], "role": "boss"}]}', "g:1")
    with pytest.raises(GoldError, match='no "file"'):
        parse_gold_line('{"title": "A"}', "g:1")


# --- a real page through the real ingest into a scratch store ---------------------------------------------

@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A dev-set-shaped folder: one real page, an empty file, and hand-made gold (three lines)."""
    (tmp_path / "records").mkdir()
    shutil.copy(PAGE, tmp_path / "records" / PAGE.name)
    (tmp_path / "records" / "empty.txt").write_text("", encoding="utf-8")
    lines = [
        {"file": PAGE.name, "title": "  " + TITLE.upper().replace(" Telephone", "\u00a0 Telephone"),
         "date": "1996-09-12", "record_id": "300237", "citation": None,
         "summary_starts": "Kohl and Kwasniewski exchange", "archive_units": [{"type": "file", "value": "B 136/59748"},
                                                                      {"type": "folios", "value": "297-301"}],
         "persons": [{"name": "Helmut Kohl", "forms": ["Helmut Kohl", "Kohl"], "role": "participant"},
                     {"name": "Boris Yeltsin", "forms": ["President Yeltsin", "Yeltsin"], "role": "participant"},
                     {"name": "Moscow", "forms": ["Moscow"], "role": "mentioned"}],  # the wrong kind on purpose
         "organisations": [], "places": [{"name": "Poland", "forms": ["Poland"]}],
         "not_entities": ["Europe", "the Federal Chancellor"]},
        {"file": "empty.txt", "title": "Nothing", "persons": [{"name": "A", "forms": ["A"], "role": "sender"}]},
        {"file": "absent.txt", "title": "Not there", "places": [{"name": "B", "forms": ["B"]}]},
    ]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return tmp_path


def test_scores_come_from_the_store(tiny: Path):
    scores = evaluate(tiny / "gold.jsonl", [], Config.from_env({}, base=BASE))
    page, empty, absent = scores.files
    assert page.found and page.record is not None and page.record.iri == f"{BASE}id/record/300237"
    assert PAGE.name in page.record.files
    assert {k for k, ok in page.fields.items() if not ok} == {"citation"}  # gold says none; the page has one
    persons = page.entities["person"]
    assert sorted(g.name for _, g in persons.matched) == ["Boris Yeltsin", "Helmut Kohl"]
    assert [g.name for g in persons.missed] == ["Moscow"]  # extracted as a place: no person matches it
    assert [g.name for _, g in page.entities["place"].matched] == ["Poland"]
    assert "Moscow" in {f for e in page.entities["place"].spurious for f in e.forms}
    assert [(e.kind, s) for e, s in page.not_entities] == [("place", "Europe")]
    # a file the ingest rejects, and a file that is not among the inputs: not found, every gold entity missed
    assert not empty.found and empty.record is None and empty.rejected == "empty file"
    assert not absent.found and absent.record is None and absent.rejected is None
    assert len(empty.entities["person"].missed) == 1 and len(absent.entities["place"].missed) == 1
    assert (scores.found.right, scores.found.total) == (1, 3)
    assert scores.recall("person").total == 4 and scores.not_entities("place") == 1


def test_command_table_json_and_details(tiny: Path):
    res = run_lod("evaluate", "--base", BASE, str(tiny / "gold.jsonl"))
    assert res.returncode == 0, res.stderr
    assert "records found (by title)  0.33 (1/3)" in res.stdout
    assert "persons" in res.stdout and "not-entities returned    0 as persons, 1 as places" in res.stdout
    res = run_lod("evaluate", "--json", "--details", "--base", BASE, str(tiny / "gold.jsonl"),
                  str(tiny / "records"))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["records_found"] == {"right": 1, "total": 3, "ratio": 1 / 3}
    assert data["not_entities"] == {"persons": 0, "places": 1}
    page = next(f for f in data["files"] if f["file"] == PAGE.name)
    assert page["entities"]["persons"]["missed"] == [{"gold": "Moscow", "forms": ["Moscow"]}]
    res = run_lod("evaluate", "--details", "--base", BASE, str(tiny / "gold.jsonl"))
    assert "== empty.txt  (record not found)\n  rejected: empty file" in res.stdout
    assert "persons missed: Moscow" in res.stdout


def test_command_usage_errors(tiny: Path):
    res = run_lod("evaluate", str(tiny / "nope.jsonl"))
    assert res.returncode == 2 and "cannot read" in res.stderr and "Traceback" not in res.stderr
    res = run_lod("evaluate", str(tiny / "gold.jsonl"), str(tiny / "missing"))
    assert res.returncode == 2 and "no such file or directory" in res.stderr
    (tiny / "bad.jsonl").write_text("[1]\n", encoding="utf-8")
    res = run_lod("evaluate", str(tiny / "bad.jsonl"))
    assert res.returncode == 2 and "bad.jsonl:1: expected a JSON object" in res.stderr


# --- the dev set: today's figures as floors ----------------------------------------------------------------

# Measured on ../shared/corpus/dev (35 pages), less a point of margin: a regression fails here. Every floor is at
# or above issue #13's target (35/35 found, fields >= 0.98, archive units >= 0.90, persons P >= 0.95 R >= 0.90,
# organisations and places P >= 0.90 R >= 0.85, roles >= 0.90, no not-entities). Raise them when extraction improves.
FLOORS = {
    "records_found": 1.0,
    "title": 0.98, "date": 0.98, "record_id": 0.98, "citation": 0.98, "summary_starts": 0.98, "archive_units": 0.97,
    "persons": (0.97, 0.92), "organisations": (0.95, 0.93), "places": (0.97, 0.87),
    "roles": 0.95,
}
NOT_ENTITIES_AT_MOST = {"persons": 0, "places": 0}


def test_dev_set_figures_do_not_regress():
    if not (DEV / "gold.jsonl").exists():
        pytest.skip(f"the dev set is not at {DEV} (../shared/corpus/dev beside the project)")
    res = run_lod("evaluate", "--json", str(DEV / "gold.jsonl"))
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert got["records_found"]["total"] == 35
    below = []
    if got["records_found"]["ratio"] < FLOORS["records_found"]:
        below.append(f"records found {got['records_found']}")
    for name, f in got["fields"].items():
        if f["ratio"] < FLOORS[name]:
            below.append(f"{name} {f}")
    for name, e in got["entities"].items():
        p, r = FLOORS[name]
        if e["precision"]["ratio"] < p or e["recall"]["ratio"] < r:
            below.append(f"{name} precision {e['precision']} recall {e['recall']} (floors {p}, {r})")
    if got["roles"]["ratio"] < FLOORS["roles"]:
        below.append(f"roles {got['roles']}")
    for kind, most in NOT_ENTITIES_AT_MOST.items():
        if got["not_entities"][kind] > most:
            below.append(f"{got['not_entities'][kind]} not-entities returned as {kind}")
    assert not below, "below the dev set's floors: " + "; ".join(below)
