"""Every corpus file parses; the seed record field by field; bad inputs are rejected with reasons."""
from __future__ import annotations

from pathlib import Path

import pytest

from lod.sources import SourceRejected, read_source
from lod.sources.page import parse_page
from tests.conftest import RECORDS, SEED, SEED_PAGE


def test_every_corpus_file_parses(corpus_files):
    for path in corpus_files:
        records, errors = read_source(path)
        assert records, path
        assert not errors, (path, errors)
        for rec in records:
            assert rec.record_id and rec.title and rec.date, (path, rec.record_id, rec.title)
            assert rec.body, path


def test_seed_seed_record_page_fields():
    (rec,), _ = read_source(RECORDS / "wcda-3283.txt")
    assert (rec.record_id, rec.id_origin) == (SEED, "slug")  # no Record ID printed
    assert rec.title == "Ciphered telegram, Soviet Representative Aleksei Ignatieff in Pyongyang to Vyshinsky"
    assert rec.date.iso == "1950-04-10" and rec.date.expressed == "April 10, 1950"
    assert rec.document_type == "ciphered-telegram"
    assert "Aleksei Ignatieff" in rec.senders
    assert rec.addressees == ["Vyshinsky"]
    assert rec.classification == ["Strictly Secret"]
    assert rec.summary.startswith("In a discussion between Mao Zedong and Ri Ju-yeon")
    assert rec.body.startswith("Ciphered telegram") and rec.body.rstrip().endswith("[A.] IGNATIEV")
    assert "Ri Ju-yeon [Ri Ju Yon]" in rec.body
    cit = rec.citation
    assert cit.text == ("APRF, Listy 148-149, Fond and Opis not given; and AVP RF, Fond 059a, Opis 5a, "
                        "Delo 3, Papka 11, Listy 98-99.")
    aprf, avprf = cit.archives
    assert aprf.archive == "APRF" and aprf.folios == "148-149"
    assert avprf.archive == "AVP RF" and avprf.folios == "98-99"
    assert [(u.level, u.value) for u in avprf.units] == [("fond", "059a"), ("opis", "5a"), ("delo", "3"),
                                                         ("papka", "11")]
    assert rec.rights.startswith("The History and Public Policy Program welcomes reuse")
    assert not rec.unmapped


@pytest.mark.parametrize("name", ["wcda-3283.txt", "wcda-999999.txt", "113392-partial.txt", "4711.txt"])
def test_a_file_name_is_no_identifier(tmp_path, name):
    """The seed page prints `Record ID` with no value and no /document/NNN link: its key is its date and
    title, whatever its file is called."""
    page = tmp_path / name
    page.write_bytes(SEED_PAGE.read_bytes())
    (rec,), _ = read_source(page)
    assert (rec.record_id, rec.id_origin) == (SEED, "slug")


def test_csv_and_assembled_page_agree():
    (page,), _ = read_source(RECORDS / "wcda-300653.txt")
    rows, _ = read_source(RECORDS / "wcda-scrape-sample.csv")
    row = next(r for r in rows if r.record_id == "300653")
    for attr in ("title", "summary", "authors", "places", "subjects", "languages", "original_archives",
                 "classification", "uploaded"):
        assert getattr(page, attr) == getattr(row, attr), attr
    assert page.date == row.date and page.citation.text == row.citation.text


def test_old_layout_takes_title_and_id_from_citation():
    (rec,), _ = read_source(RECORDS / "wcda-113395-partial.txt")
    assert rec.source_format == "page-old"
    assert rec.title == "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry"
    assert rec.record_id == "113395" and rec.id_origin == "citation-url"
    assert rec.url == "https://digitalarchive.wilsoncenter.org/document/113395"
    assert rec.citation.archives[0].archive == "MOL"
    assert rec.summary.startswith("Report from Pál Szarvas")


def test_partial_page_loads_what_is_there_and_says_what_is_missing():
    (rec,), _ = read_source(RECORDS / "wcda-dvinci-journal-soviet-ambassador-dprk-am-puzanov-17-august-1957-partial.txt")
    assert rec.truncated
    assert {"source citation", "rights", "summary"} <= set(rec.missing)
    assert any("missing" in w for w in rec.warnings)
    assert rec.body and "Nam Il" in rec.body
    assert rec.creators == ["A.M. Puzanov"]


def test_record_ids_follow_the_documented_order():
    (rec,), _ = read_source(RECORDS / "wcda-113067.txt")
    assert (rec.record_id, rec.id_origin) == ("113067", "record-id")
    (rec,), _ = read_source(RECORDS / "wcda-dvinci-ciphered-telegram-shtykov-feng-xi-stalin-0-partial.txt")
    assert rec.id_origin == "slug" and rec.record_id.startswith("1950-10-14-ciphered-telegram-shtykov")


def test_title_parties_and_letterhead():
    (rec,), _ = read_source(RECORDS / "wcda-dvinci-ciphered-telegram-shtykov-feng-xi-stalin-0-partial.txt")
    assert rec.senders[0] == "Shtykov" and rec.addressees == ["Feng Xi [Stalin]"]
    (rec,), _ = read_source(RECORDS / "wcda-300639.txt")
    assert rec.senders == ["Kawase Ikkan"] and rec.addressees == ["Ushiba Nobuhiko"]


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n \n", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary file"),
    ("latin1.txt", "April 10, 1950\n\nLetter, Gómez to Pérez\n".encode("latin-1"), "invalid UTF-8"),
    ("notes.txt", b"shopping list\nmilk\neggs\n", "not a record page"),
    ("short.csv", b"title,summary\nA,B\n", "lacks required column(s) record_id, text_body"),
    ("data.xml", b"<x/>", "unsupported file type"),
])
def test_bad_inputs_are_rejected_with_file_and_reason(tmp_path: Path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(SourceRejected) as err:
        read_source(path)
    assert name in str(err.value) and reason in str(err.value)


def test_jsonl_bad_line_rejected_rest_loads(tmp_path: Path):
    path = tmp_path / "records.jsonl"
    path.write_text('{"record_id": "1", "title": "Letter, A to B", "original_publication_date": "May 1950",'
                    ' "text_body": "Dear B", "authors": ["A"]}\n{broken\n[1,2]\n', encoding="utf-8")
    records, errors = read_source(path)
    assert [r.record_id for r in records] == ["1"] and records[0].date.iso == "1950-05"
    assert [e.line for e in errors] == [2, 3] and "invalid JSON" in str(errors[0])


def test_unknown_blocks_are_reported_not_dropped():
    text = ("Skip to content\n\nMay 1, 1950\n\nMemorandum, A to B\n\nBody text here.\n\n"
            "This is the summary of the memorandum, long enough to count.\n\nDocument Information\n\n"
            "Source\n\nSome Archive, Fond 1.\n\nRecord ID\n\n42\n\nMystery trailing block\n")
    rec = parse_page(text, "x.txt")
    assert rec.record_id == "42" and rec.citation.text == "Some Archive, Fond 1."
    assert rec.summary == "This is the summary of the memorandum, long enough to count."
    assert rec.unmapped == ["Mystery trailing block"]


from hypothesis import given, settings, strategies as st  # noqa: E402

_SAMPLE = (RECORDS / "wcda-3283.txt").read_text(encoding="utf-8")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_any_text_is_a_record_or_a_clear_rejection(text):
    try:
        rec = parse_page(text, "fuzz.txt")
    except SourceRejected as e:
        assert "fuzz.txt" in str(e)
    else:
        assert rec.record_id


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_SAMPLE)), st.integers(0, 400)), max_size=8))
def test_mutilated_corpus_page_never_crashes(cuts):
    text = _SAMPLE
    for start, length in cuts:
        text = text[:start] + text[start + length:]
    try:
        parse_page(text, "cut.txt")
    except SourceRejected:
        pass
