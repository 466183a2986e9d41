"""Every corpus file parses; the seed record field by field; bad inputs are rejected with reasons."""
from __future__ import annotations

from pathlib import Path

import pytest

from lod.model import Marking
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
    assert rec.classification == [Marking("Strictly Secret", "strictly-secret")]
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


# --- layouts the first corpus did not have (issue #13); synthetic pages, written for these tests ---------

PDF_EXPORT_ONE_PARAGRAPH = (
    "March 03, 1961 Letter from Ivan Petrov to the Harbour Board\n\n"
    "Digital Archive digitalarchive.wilsoncenter.org International History Declassified March 03, 1961 "
    "Letter from Ivan Petrov to the Harbour Board Citation: “Letter from Ivan Petrov to the Harbour Board,” "
    "March 03, 1961, History and Public Policy Program Digital Archive, State Archive of Examplia, Fond 12, "
    "Opis 3, Delo 45. Obtained and translated by Anna Example. "
    "http://digitalarchive.wilsoncenter.org/document/654321 Summary: Petrov asks the board for two cranes. "
    "Credits: This document was made possible with support from the Example Foundation. "
    "Original Language: Russian Contents: English Translation Dear colleagues, we need two cranes.\n")

PDF_EXPORT_BROKEN_LINES = (
    "You are on page 1of 4\n\nDigital Archive digitalarchive.wilsoncenter.\n\norg\n"
    "International History Declassified\n\nJuly 7, 1958\n\n\nMemorandum of Conversation, K. Example with\n"
    "L. Sample\n\nCitation:\nMemorandum of Conversation, K. Example with L. Sample, July 07,\n"
    "1958, History and Public Policy Program Digital Archive, Archive of Examplia, File\nNo. 7/58.\n\n"
    "Summary:\nExample and Sample talk about the weather.\n\nOriginal Language:\nEnglish\n\n"
    "Contents:\nEnglish Transcription\nSECRET\n\nThe two men met at noon.\n")


def test_pdf_export_run_together_is_read_from_its_citation():
    rec = parse_page(PDF_EXPORT_ONE_PARAGRAPH, "export.txt")
    assert rec.source_format == "pdf-export"
    assert rec.title == "Letter from Ivan Petrov to the Harbour Board"
    assert rec.date.iso == "1961-03-03"
    assert (rec.record_id, rec.id_origin) == ("654321", "citation-url")
    assert rec.summary == "Petrov asks the board for two cranes."
    assert rec.donors == ["Example Foundation"]
    assert rec.languages == ["Russian"]
    assert rec.body == "Dear colleagues, we need two cranes."
    assert rec.full_citation.startswith("“Letter from Ivan Petrov") and rec.full_citation.endswith("/654321")
    (archive,) = rec.citation.archives
    assert archive.archive == "State Archive of Examplia"
    assert [u.value for u in archive.units] == ["12", "3", "45"]


def test_pdf_export_broken_over_lines_with_an_unquoted_title():
    rec = parse_page(PDF_EXPORT_BROKEN_LINES, "export.txt")
    assert rec.title == "Memorandum of Conversation, K. Example with L. Sample"
    assert rec.date.iso == "1958-07-07"
    assert rec.summary == "Example and Sample talk about the weather."
    assert rec.body.startswith("SECRET") and "noon" in rec.body
    assert not [w for w in rec.warnings if "disagree" in w] and rec.date_notes == []


def test_pdf_export_date_line_disagreeing_with_the_citation_wins_and_the_citations_is_a_note():
    text = PDF_EXPORT_BROKEN_LINES.replace("July 7, 1958\n", "July 9, 1958\n")
    rec = parse_page(text, "export.txt")
    assert rec.date.iso == "1958-07-09" and rec.date.expressed == "July 9, 1958"
    assert rec.date_notes == ["the citation also gives the date July 07, 1958 (1958-07-07)"]
    assert any("disagree" in w and "kept as a note" in w for w in rec.warnings)


@pytest.mark.parametrize("date_line, title, notes", [
    ("1976", "Reply of X to Y's Message of August 1, 1976", ["the title also gives the date August 1, 1976 (1976-08-01)"]),
    ("November 17, 1976", "Reply of X [to Y's Message of 1 August 1976]",
     ["the title also gives the date 1 August 1976 (1976-08-01)"]),
    ("November 17, 1976", "Record of 17 November 1976 Conversation between X and Y", []),  # the same date
    ("November 1976", "Letter from X to Y", []),
])
def test_a_date_in_the_title_other_than_the_date_line_is_a_note(date_line, title, notes):
    page = f"Skip to content\n\n{date_line}\n\n{title}\n\nDear Y,\n\nDocument Information\n"
    rec = parse_page(page, "x.txt")
    assert rec.date.expressed == date_line  # the date line is the record's date
    assert rec.date_notes == notes
    assert bool([w for w in rec.warnings if "disagree" in w]) == bool(notes)


def test_a_page_opening_with_a_related_documents_summary_keeps_its_own_date_and_title():
    text = ("The reply thanks the sender for his letter and promises an answer soon.\n"
            "May 2, 1960\nLetter from Example to Sample\n"
            "This document was made possible with support from the Example Foundation\n"
            "Dear Sample,\nthank you.\n"
            "Example writes to Sample about the conference and asks for a meeting.\n"
            "Author(s):\nExample\n")
    rec = parse_page(text, "related.txt")
    assert rec.date.iso == "1960-05-02"
    assert rec.title == "Letter from Example to Sample"
    assert rec.summary.startswith("Example writes to Sample")
    assert "The reply thanks the sender" not in (rec.body or "")
    assert any("related document's summary" in w for w in rec.warnings)


def test_a_page_without_body_text_keeps_its_summary_and_the_rights_are_no_archive():
    text = ("Skip to content\n\nJune 1, 1970\n\nRecord of Conversation between Example and Sample\n\n"
            "The two men discuss the harbour and the railway.\n\n\nDocument Information\n\nSource\n\n"
            "Archive of Examplia, Fond 1.\n\nOriginal Archive\n\n"
            "The History and Public Policy Program welcomes reuse of Digital Archive materials.\n\n"
            "Record ID\n\n999\n")
    rec = parse_page(text, "nobody.txt")
    assert rec.summary == "The two men discuss the harbour and the railway."
    assert rec.body is None and "body" in rec.missing
    assert rec.original_archives == []
    assert rec.rights.startswith("The History and Public Policy Program welcomes")


def test_a_capture_cut_inside_a_heading_does_not_make_an_author():
    text = ("May 2, 1960\nLetter from Example to Sample\nDear Sample,\nthank you.\n"
            "Example writes to Sample about the conference and asks for a meeting.\n"
            "Author(s):\nAssociated People & \n")
    rec = parse_page(text, "cut.txt")
    assert rec.authors == []
    assert any("ends inside a heading" in w for w in rec.warnings)


# --- who a title and a letterhead name, and in which role (issue #13); synthetic titles ---------------

@pytest.mark.parametrize("title,senders,addressees,creators,participants", [
    # an office with a place ("Ambassador to X") is one party, not a sender and an addressee
    ("Ciphered Telegram from Soviet Ambassador to Examplia Ivan Petrov", ["Ivan Petrov"], [], [], []),
    ("Telegram from Petrov to Sidorov - the harvest in the north", ["Petrov"], ["Sidorov"], [], []),
    ("Report of Examplian Foreign Minister B. Sample to President Doe", ["B. Sample"], ["Doe"], [], []),
    ("Telegram of the Ministry of Trade to the Examplian Embassy in Oslo Regarding the Fair",
     ["Ministry of Trade"], ["Examplian Embassy in Oslo"], [], []),
    ("Cryptogram No 12 from Examplian Embassy in Oslo, Fishing Rights in the North",
     ["Examplian Embassy in Oslo"], [], [], []),
    # an apposition: the office describes the name after it
    ("Message from the President of the PR Examplia, Ivan Petrov, to the President of the Republic, Jan Novak",
     ["Ivan Petrov"], ["Jan Novak"], [], []),
    # "from X" with no addressee: a telegram's sender, a note's or a report's author
    ("Note from Ivan Petrov", [], [], ["Ivan Petrov"], []),
    ("Report from Petrov Ivan, 'Information from the Examplian Ministry's leader'", [], [], ["Petrov Ivan"], []),
    ("Jan Novak’s handwritten Notes on the Summit", [], [], ["Jan Novak"], []),
    ("Excerpts from Novak's diary on his conversation with Examplian leader Ivan Petrov on Fisheries",
     [], [], ["Novak"], ["Ivan Petrov"]),
    # conversations: the named people take part; titles and subjects are no names
    ("Memorandum of Conversation, J.K. Doe with Ann Roe, Bob Poe, and Carl Moe", [], [], [],
     ["J.K. Doe", "Ann Roe", "Bob Poe", "Carl Moe"]),
    ("Memorandum of Conversation, Jan Novak – Ivan Petrov", [], [], [], ["Jan Novak", "Ivan Petrov"]),
    ("Record of Conversation with Prime Minister of the Examplian People's Republic, Comrade Novak. (fragments)",
     [], [], [], ["Novak"]),
    ("Record of Meeting between Prime Minister Doe and Vice Premier Roe (First Meeting)", [], [], [], ["Doe", "Roe"]),
    ("Record of Telephone Conversation between J. K. Doe and Chancellor of the FRG Ann Roe. Oslo-Bergen.",
     [], [], [], ["J. K. Doe", "Ann Roe"]),
    ("Report on Conversation between Prof. Ann Roe and Bob Poe", [], [], [], ["Prof. Ann Roe", "Bob Poe"]),
    ("Dinner conversation between Examplian CC Politburo Member J.K. Doe and US Ambassador to the UN Ann Roe",
     [], [], [], ["J.K. Doe", "Ann Roe"]),
    ("Memorandum of Conversation between Examplian Council of Ministers Chairman Jan Novak and Ivan Petrov",
     [], [], [], ["Jan Novak", "Ivan Petrov"]),
    # a reply: its sender, and the one whose message it answers (an editor's bracket may hold the "to")
    ("Response of the President of the [Examplian] Republic, J.K. Doe [to Ann Roe's Message of May 1, 1960]",
     ["J.K. Doe"], ["Ann Roe"], [], []),
    ("Reply to the Examplian Government's Note of 5 May", [], ["Examplian Government"], [], []),
    # notes on someone's speech: the speaker took part in what the notes record
    ("Jan Novak's handwritten Notes on Ivan Petrov's Briefing at the Summit in Oslo", [], [], ["Jan Novak"],
     ["Ivan Petrov"]),
])
def test_title_parties_by_class_of_title(title, senders, addressees, creators, participants):
    from lod.sources.title_parties import title_parties
    p = title_parties(title)
    assert (p.senders, p.addressees, p.creators, p.participants) == (senders, addressees, creators, participants)


def test_a_name_before_a_quoted_title_issued_it():
    from lod.sources.title_parties import title_parties
    assert title_parties("J.K. Doe, 'The Harvest and Its Consequences'").issuers == ["J.K. Doe"]
    assert title_parties("Report from Jan Novak, 'The Harvest'").issuers == []  # the form says: its author
    assert title_parties("'The Harvest', a Report").issuers == []


def test_an_issuer_is_the_sender_of_a_letter_else_the_author():
    from lod.sources.page import parse_page
    page = "Skip to content\n\nMay 1, 1960\n\nJ.K. Doe, 'The Harvest'\n\n{body}\n\nAuthor(s):\n"
    letter = parse_page(page.format(body="The Minister\n\nSir,\n\nThe harvest was good this year in all regions."), "a")
    essay = parse_page(page.format(body="The harvest was good this year in all regions of the north."), "b")
    assert (letter.senders, letter.creators) == (["J.K. Doe"], [])
    assert (essay.senders, essay.creators) == ([], ["J.K. Doe"])


def test_an_office_alone_is_nobody():
    from lod.sources.title_parties import title_parties
    assert title_parties("Letter from the Prime Minister of the Examplian Republic").senders == []


@pytest.mark.parametrize("body,senders,addressees", [
    ("To: Examplian Ministry   From: Embassy in Oslo\nText.", ["Embassy in Oslo"], ["Examplian Ministry"]),
    ("From O S L O\nTo: PEOPLE'S COMMISSAR of FISHERIES Comrade PETROV\nText.", ["OSLO"], ["Comrade PETROV"]),
    ("To the President of Examplia\nDear Sir,\nText.", [], []),
    ("To President of the PRE\nComrade Jan Novak\nDear Comrade,\nText.", [], ["Comrade Jan Novak"]),
])
def test_letterhead_roles(body, senders, addressees):
    from lod.sources.letterhead import letterhead_parties
    assert letterhead_parties(body) == (senders, addressees)


def test_a_bracketed_shelfmark_opening_the_text_is_the_citation():
    text = ("May 2, 1960\nLetter from Example to Sample\n"
            "[Державний архів Прикладу, Фонд 12, Справа 45]\nШановний колего,\nтекст.\n")
    rec = parse_page(text, "bracketed.txt")
    (archive,) = rec.citation.archives
    assert archive.archive == "Державний архів Прикладу" and [u.value for u in archive.units] == ["12", "45"]
    assert rec.body.startswith("[Державний")


def test_a_one_paragraph_body_off_the_current_site_stays_the_body():
    text = ("May 1, 1950\n\nLetter, Example to Sample\n\nDear Sample, Example writes about the harbour.\n\n"
            "Document Information\n\nSource\n\nArchive of Examplia, Fond 1.\n\nRecord ID\n\n9999\n")
    rec = parse_page(text, "letter.txt")
    assert rec.body == "Dear Sample, Example writes about the harbour." and rec.summary is None
