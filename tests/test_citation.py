"""Tests for lod.sources.citation: source-citation lines from the Wilson Center corpus."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lod.model.record import ArchiveCitation, SourceCitation
from lod.sources.citation import parse_citation
from lod.sources.chicago_citation import document_id_from_url, parse_chicago_citation

RECORDS = Path(__file__).resolve().parents[1] / "data" / "records"

RUSSIAN_TWO = ("APRF, Listy 148-149, Fond and Opis not given; and AVP RF, Fond 059a, Opis 5a, Delo 3, "
               "Papka 11, Listy 98-99.")
RUSSIAN_LONG = "APRF, fond 45, opis 1, delo 335, list 3."
RUSSIAN_PAGES = "AVPRF fond 0102, opis 16, delo 7, p.16-42. Translated for NKIDP by Gary Goldberg."
HUNGARIAN = ("MOL, XIX-J-1-k Korea, 9. doboz, 18/g, 00303/1954. "
             "Translated for NKIDP by Balazs Szalontai.")
HUNGARIAN_MNL = "MNL OL XIX-J-1-j É-Korea, 1972, 60. doboz, 81-146, 00394. Translated by Imre Majer."
HUNGARIAN_SPACED = "MOL, XIX-J-1-j Korea, 2. doboz, 2/b, 001118/ 1/1955."
GERMAN = "BArch, B 136/59748, 297-301. Contributed, transcribed, and translated by Stephan Kieninger."
POLISH = ("Szyfrogramy from Hawana 1962, 6/77 w-82 t-1264, Polish Foreign Ministry Archive (AMSZ), Warsaw. "
          "Obtained by James G. Hershberg (George Washington University) and translated by "
          "Margaret K. Gnoinska (Troy University).")
ROMANIAN = ("Archive of the Romanian Ministry of Foreign Affairs (AMAE), Year: 1954; "
            "Issues 20 221 10 4 33 92 120 613 614; Country: the Democratic People\u2019s Republic of Korea. "
            "Obtained and translated for NKIDP by Eliza Gheorghe.")
JAPANESE = ("Diplomatic Archives of the Ministry of Foreign Affairs of Japan, File A\u20190392 (Microfilm). "
            "Contributed by Robert Hoppens and translated by Stephen Mercado.")
IRISH = ('National Archives of Ireland, Department of Foreign Affairs/5/313/3D, published in '
         '"Documents on Irish Foreign Policy," Volume XI, Document No. 96. Contributed by Mervyn O\'Driscoll.')
INDIAN = "Nehru Memorial Museum and Library, File No. JNSG, vol. 21-1."
PRINTED = 'CWIHP Working Paper 22, "77 Conversations."'
UN = "United Nations Archives and Records Management Section, S-0872-0001-03"
US = "NARA, RG 59, Box 12, Folder 3"

EXAMPLES = [RUSSIAN_TWO, RUSSIAN_LONG, RUSSIAN_PAGES, HUNGARIAN, HUNGARIAN_MNL, HUNGARIAN_SPACED, GERMAN,
            POLISH, ROMANIAN, JAPANESE, IRISH, INDIAN, PRINTED, UN, US]


def units(archive: ArchiveCitation) -> list[tuple[str, str]]:
    """The (level, value) pairs of an archive citation, in order."""
    return [(u.level, u.value) for u in archive.units]


def roles(citation: SourceCitation) -> list[tuple[str, str]]:
    """The (role, name) pairs of a citation's contributions, in order."""
    return [(c.role, c.name) for c in citation.contributions]


def csv_sources() -> list[str]:
    """Every `source` value of the scrape sample."""
    with (RECORDS / "wcda-scrape-sample.csv").open(encoding="utf-8", newline="") as fh:
        return [row["source"] for row in csv.DictReader(fh)]


def page_sources() -> list[str]:
    """The line after each page's `Source` heading (skipping blanks), where the page has one."""
    found = []
    for path in sorted(RECORDS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.strip() == "Source":
                rest = [l.strip() for l in lines[i + 1:i + 3] if l.strip()]
                if rest and rest[0] not in ("Original Archive", "Rights"):
                    found.append(rest[0])
    return found


def chicago_strings() -> list[str]:
    """The older layout's Chicago-style citation strings found in the page files."""
    return [line.strip() for path in sorted(RECORDS.glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if "Digital Archive, " in line]


def test_examples_are_quoted_from_the_corpus() -> None:
    corpus = "\n".join([p.read_text(encoding="utf-8") for p in sorted(RECORDS.glob("*.txt"))] + csv_sources())
    for example in EXAMPLES[:-2]:  # the UN and US forms are synthetic
        assert example in corpus


def test_two_russian_archives_joined_by_semicolon_and() -> None:
    c = parse_citation(RUSSIAN_TWO)
    first, second = c.archives
    assert (first.archive, first.folios, first.note, first.units) == ("APRF", "148-149", "Fond and Opis not given", ())
    assert first.text == "APRF, Listy 148-149, Fond and Opis not given"
    assert second.archive == "AVP RF"
    assert units(second) == [("fond", "059a"), ("opis", "5a"), ("delo", "3"), ("papka", "11")]
    assert [u.label for u in second.units] == ["Fond 059a", "Opis 5a", "Delo 3", "Papka 11"]
    assert second.folios == "98-99"
    assert second.text == "AVP RF, Fond 059a, Opis 5a, Delo 3, Papka 11, Listy 98-99"
    assert c.contributions == () and c.published_in is None


def test_russian_long_forms_lower_case() -> None:
    (a,) = parse_citation(RUSSIAN_LONG).archives
    assert a.archive == "APRF"
    assert units(a) == [("fond", "45"), ("opis", "1"), ("delo", "335")]
    assert a.folios == "3"


def test_russian_abbreviation_without_comma_and_pages_after_delo() -> None:
    c = parse_citation(RUSSIAN_PAGES)
    (a,) = c.archives
    assert a.archive == "AVPRF"
    assert units(a) == [("fond", "0102"), ("opis", "16"), ("delo", "7")]
    assert a.folios == "16-42"
    assert roles(c) == [("translator", "Gary Goldberg")]


def test_russian_short_forms_and_papka_before_delo() -> None:
    (a,) = parse_citation("AVPRF, f. 0102, op. 11, p. 60, d. 8, ll. 1-5.").archives
    assert units(a) == [("fond", "0102"), ("opis", "11"), ("papka", "60"), ("delo", "8")]
    assert a.folios == "1-5"


def test_russian_archives_joined_by_and() -> None:
    c = parse_citation("RGASPI, f. 17, op. 3, d. 5, l. 2 and RGANI, f. 5, op. 30, d. 7, ll. 1-3.")
    assert [a.archive for a in c.archives] == ["RGASPI", "RGANI"]
    assert [a.folios for a in c.archives] == ["2", "1-3"]


def test_hungarian_mol() -> None:
    c = parse_citation(HUNGARIAN)
    (a,) = c.archives
    assert a.archive == "MOL"
    assert [(u.level, u.value, u.label) for u in a.units] == [
        ("series", "XIX-J-1-k Korea", "XIX-J-1-k Korea"),
        ("doboz", "9", "9. doboz"),
        ("file", "18/g", "18/g"),
        ("item", "00303/1954", "00303/1954"),
    ]
    assert roles(c) == [("translator", "Balazs Szalontai")]


def test_hungarian_mnl_ol_with_year() -> None:
    c = parse_citation(HUNGARIAN_MNL)
    (a,) = c.archives
    assert a.archive == "MNL OL"
    assert units(a) == [("series", "XIX-J-1-j É-Korea"), ("year", "1972"), ("doboz", "60"),
                        ("file", "81-146"), ("item", "00394")]
    assert a.folios is None
    assert roles(c) == [("translator", "Imre Majer")]


def test_hungarian_item_with_inner_space() -> None:
    (a,) = parse_citation(HUNGARIAN_SPACED).archives
    assert a.archive == "MOL"
    assert units(a)[-2:] == [("file", "2/b"), ("item", "001118/ 1/1955")]


def test_german_file_and_folios() -> None:
    c = parse_citation(GERMAN)
    (a,) = c.archives
    assert (a.archive, units(a), a.folios) == ("BArch", [("file", "B 136/59748")], "297-301")
    assert roles(c) == [("contributor", "Stephan Kieninger"), ("transcriber", "Stephan Kieninger"),
                        ("translator", "Stephan Kieninger")]
    assert c.contributions[0].text == "Contributed, transcribed, and translated by Stephan Kieninger."


def test_polish_archive_named_after_units() -> None:
    c = parse_citation(POLISH)
    (a,) = c.archives
    assert a.archive == "Polish Foreign Ministry Archive (AMSZ)"
    assert units(a) == [("series", "Szyfrogramy from Hawana 1962"), ("file", "6/77 w-82 t-1264")]
    assert a.note == "Warsaw"
    assert roles(c) == [("obtainer", "James G. Hershberg"), ("translator", "Margaret K. Gnoinska")]


def test_romanian_semicolons_inside_one_archive() -> None:
    c = parse_citation(ROMANIAN)
    (a,) = c.archives
    assert a.archive == "Archive of the Romanian Ministry of Foreign Affairs (AMAE)"
    assert [(u.level, u.value, u.label) for u in a.units] == [
        ("year", "1954", "Year: 1954"),
        ("issue", "20 221 10 4 33 92 120 613 614", "Issues 20 221 10 4 33 92 120 613 614"),
        ("country", "the Democratic People\u2019s Republic of Korea",
         "Country: the Democratic People\u2019s Republic of Korea"),
    ]
    assert roles(c) == [("obtainer", "Eliza Gheorghe"), ("translator", "Eliza Gheorghe")]


def test_japanese_file_with_curly_apostrophe() -> None:
    c = parse_citation(JAPANESE)
    (a,) = c.archives
    assert a.archive == "Diplomatic Archives of the Ministry of Foreign Affairs of Japan"
    assert units(a) == [("file", "A\u20190392")]
    assert a.units[0].label == "File A\u20190392 (Microfilm)"
    assert roles(c) == [("contributor", "Robert Hoppens"), ("translator", "Stephen Mercado")]


def test_irish_file_and_published_in() -> None:
    c = parse_citation(IRISH)
    (a,) = c.archives
    assert a.archive == "National Archives of Ireland"
    assert units(a) == [("file", "Department of Foreign Affairs/5/313/3D")]
    assert c.published_in == '"Documents on Irish Foreign Policy," Volume XI, Document No. 96'
    assert roles(c) == [("contributor", "Mervyn O'Driscoll")]


def test_indian_archive_name_containing_and() -> None:
    (a,) = parse_citation(INDIAN).archives
    assert a.archive == "Nehru Memorial Museum and Library"
    assert units(a) == [("file", "JNSG"), ("volume", "21-1")]


def test_printed_source_without_archive() -> None:
    c = parse_citation(PRINTED)
    assert c.archives == ()
    assert c.published_in == PRINTED


def test_united_nations_reference_code() -> None:
    (a,) = parse_citation(UN).archives
    assert a.archive == "United Nations Archives and Records Management Section"
    assert units(a) == [("file", "S-0872-0001-03")]


def test_record_group_box_folder() -> None:
    (a,) = parse_citation(US).archives
    assert a.archive == "NARA"
    assert units(a) == [("record-group", "59"), ("box", "12"), ("folder", "3")]
    (bare,) = parse_citation("Box 12, Folder 3").archives
    assert bare.archive is None and units(bare) == [("box", "12"), ("folder", "3")]


@pytest.mark.parametrize("text", ["", "   ", ".", "Translated by Gary Goldberg.", "Some words only"])
def test_degenerate_lines(text: str) -> None:
    c = parse_citation(text)
    assert c.text == text and c.archives == ()


def test_every_corpus_source_parses_verbatim() -> None:
    texts = csv_sources() + page_sources() + EXAMPLES
    assert len(texts) > len(EXAMPLES)
    for text in texts:
        c = parse_citation(text)
        assert isinstance(c, SourceCitation)
        assert c.text == text
        for archive in c.archives:
            assert archive.text in text


def test_chicago_citation_with_url() -> None:
    line = next(s for s in chicago_strings() if s.endswith("/document/113395"))
    title, date, source = parse_chicago_citation(line)
    assert title == "Report, Embassy of Hungary in North Korea to the Hungarian Foreign Ministry"
    assert date == "February 26, 1955"
    assert source == ("MOL, XIX-J-1-j Korea, 4. doboz, 5/a, 004076/ 1955. "
                      "Translated for NKIDP by Balazs Szalontai.")
    assert document_id_from_url(line) == "113395"


def test_chicago_citations_in_corpus() -> None:
    lines = chicago_strings()
    assert lines
    for line in lines:
        title, date, source = parse_chicago_citation(line)
        assert title and date and source
        assert re.search(r"\d{4}$", date)
        assert "http" not in source
        assert parse_citation(source).archives


def test_chicago_romanian_title_with_space_before_comma() -> None:
    line = next(s for s in chicago_strings() if "AMAE" in s)
    title, date, source = parse_chicago_citation(line)
    assert title is not None and title.endswith("as 3002/1954")
    assert date == "June 22, 1954"
    assert source == ROMANIAN


def test_chicago_without_marker() -> None:
    assert parse_chicago_citation("no citation here") == (None, None, None)


@pytest.mark.parametrize(("text", "expected"), [
    ("https://digitalarchive.wilsoncenter.org/document/113395", "113395"),
    ("see http://digitalarchive.wilsoncenter.org/document/119436.pdf here", "119436"),
    ("https://digitalarchive.wilsoncenter.org/document/letter-jawaharlal-nehru", None),
    ("node-95393", None),
    ("", None),
])
def test_document_id_from_url(text: str, expected: str | None) -> None:
    assert document_id_from_url(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    assert parse_citation(text).text == text
    parse_chicago_citation(text)
    document_id_from_url(text)


_PIECES = st.sampled_from(["APRF", "AVP RF", "Fond 5", "f.", "op. 3", "d. 7", "p.16-42", "; and ", "; ", " and ",
                           ", ", ". ", "Translated by ", "G. ", "(", ")", '"', "“", "9. doboz", "Archive",
                           "published in ", "Year: ", "1954", "18/g", "XIX-J-1-k", " ", "Digital Archive, "])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_citation_like_text_never_raises(text: str) -> None:
    c = parse_citation(text)
    assert c.text == text
    assert all(a.text in text for a in c.archives)


# --- citations nobody had seen (issue #13); synthetic examples ------------------------------------

def test_an_abbreviated_label_takes_a_number():
    (archive,) = parse_citation("Examplia Foreign Ministry archives, copy provided by Example Library, "
                                "Washington, D.C.").archives
    assert archive.units == ()


def test_a_letter_code_with_a_number_is_a_unit_and_a_code_keeps_its_brackets():
    (archive,) = parse_citation("SAPMO-BA, AB 12, 3456.").archives
    assert [u.value for u in archive.units] == ["AB 12", "3456"]
    (archive,) = parse_citation("National Archives of Examplia, File No. XY/12(3)/45-I & II").archives
    assert [u.value for u in archive.units] == ["XY/12(3)/45-I & II"]


def test_a_shelfmark_cut_by_the_capture_is_no_unit():
    (archive,) = parse_citation("MOL, XIX-J-").archives
    assert archive.archive == "MOL" and archive.units == () and "cut short" in archive.note


def test_a_printed_edition_with_its_imprint_has_no_archive_units():
    c = parse_citation("A. Editor, ed., Collected Papers, Volume 3, 1960 (Oslo: Example Press, 2001), 5-9. "
                       "Translated by B. Translator.")
    assert c.archives == () and c.published_in.startswith("A. Editor")
    assert [(x.role, x.name) for x in c.contributions] == [("translator", "B. Translator"), ("editor", "A. Editor")]


def test_published_as_ends_the_archival_part():
    c = parse_citation("State Archive of Examplia, Fond R-1, Opis 2, Delo 3, List 4. Published as Document "
                       "no. 5 in A. Author, Book Title (Oslo: Press, 2005), 464.")
    (archive,) = c.archives
    assert [u.value for u in archive.units] == ["R-1", "2", "3"] and archive.folios == "4"
    assert c.published_in.startswith("Document no. 5")


def test_cyrillic_archive_and_unit_labels():
    (archive,) = parse_citation("Державний архів Прикладу, Фонд 12, Опис 3, Справа 45").archives
    assert archive.archive == "Державний архів Прикладу"
    assert [(u.level, u.value) for u in archive.units] == [("fond", "12"), ("opis", "3"), ("delo", "45")]


def test_a_contributor_after_a_quoted_title_is_read():
    c = parse_citation('Archive of Examplia, File 7, "Monthly Report." Obtained by Ann Example.')
    assert [(x.role, x.name) for x in c.contributions] == [("obtainer", "Ann Example")]


@pytest.mark.parametrize("text, archive, seat", [
    ("Central State Archive, Ostrava, Fond 12-B, File 7.", "Central State Archive", "Ostrava"),
    ("Archive of Ministry of Foreign Affairs, Republic of Examplia, D-I-7-3, 3.",
     "Archive of Ministry of Foreign Affairs", "Republic of Examplia"),
    # a name of its own needs no seat: a place after it stays a note
    ("State Archive of Examplia, Ostrava, Fond 1.", "State Archive of Examplia", None),
    ("ABC RF, Ostrava, Fond 1.", "ABC RF", None),
    ("Archive of the Example Foundation, Notes of A.B. Sample.", "Archive of the Example Foundation", None),
])
def test_a_generic_archive_name_keeps_its_seat(text, archive, seat):
    (ac,) = parse_citation(text).archives
    assert (ac.archive, ac.seat) == (archive, seat)
    assert ac.name == (f"{archive}, {seat}" if seat else archive)


def test_an_archives_bracketed_abbreviation_is_read_and_written_solid_for_resolving():
    (ac,) = parse_citation("State Archive of Examplia (GA EX), Fond R-1, Opis 2, Delo 3.").archives
    assert ac.archive == "State Archive of Examplia (GA EX)" and ac.abbreviation == "GA EX"
    assert ac.name == "State Archive of Examplia (GAEX)"
    (plain,) = parse_citation("GA EX, Fond 1.").archives
    assert plain.abbreviation is None and plain.name == "GA EX"


@pytest.mark.parametrize("text, archive, units", [
    ("Released under the Archives Act 1983, National Archives of Examplia, File 7.", "National Archives of Examplia",
     ["7"]),
    ("National Records Office, Box 3; declassified pursuant to the Records Law of 1996.", "National Records Office",
     ["3"]),
])
def test_the_name_of_a_law_is_no_archive_and_no_unit(text, archive, units):
    archives = parse_citation(text).archives
    assert [a.archive for a in archives] == [archive]
    assert [u.value for u in archives[0].units] == units


# --- unit labels from the lexicons (unit_labels.txt, unit_postfix_labels.txt); synthetic examples --------

@pytest.mark.parametrize("text, expected", [
    ("Державний архів Прикладу, Фонд 2, Опис 5, Справа 17, Аркуш 3", [("fond", "2"), ("opis", "5"), ("delo", "17")]),
    ("Архив Примера, ф. 3, оп. 1, д. 12, лл. 4-9", [("fond", "3"), ("opis", "1"), ("delo", "12")]),
    ("Example Archive, Zespół 12, Sygn. 4/5", [("fond", "12"), ("file", "4/5")]),
    ("Example Archive, Bestand 7, Akte 12, Bl. 3-4", [("fond", "7"), ("file", "12")]),
    ("Example Archive, Fondi 14, Viti 1961, Dosja 8, Fl. 2-3", [("fond", "14"), ("year", "1961"), ("delo", "8")]),
    ("Example Archive, Fond 5, а.е. 12", [("fond", "5"), ("file", "12")]),
    ("Example Archive, fond AB-02/1, sv. 12, a.j. 34", [("fond", "AB-02/1"), ("volume", "12"), ("file", "34")]),
])
def test_unit_words_of_many_languages(text, expected):
    (archive,) = parse_citation(text).archives
    assert units(archive) == expected


def test_folio_and_page_labels_give_the_place_in_the_unit():
    (a,) = parse_citation("Архив Примера, ф. 3, оп. 1, д. 12, лл. 4-9").archives
    assert a.folios == "4-9"
    (a,) = parse_citation("Example Archive, File 12, pp. 5-7").archives
    assert units(a) == [("file", "12")] and a.folios == "5-7"


def test_a_number_sign_after_a_label_is_no_part_of_the_value():
    (a,) = parse_citation("Example Archive, File No. AB/1(2)/3-I, Box Nr. 4").archives
    assert [(u.level, u.value, u.label) for u in a.units] == [
        ("file", "AB/1(2)/3-I", "File No. AB/1(2)/3-I"), ("box", "4", "Box Nr. 4")]


def test_units_written_together_are_several_units_in_citation_order():
    (a,) = parse_citation("Example Archive, f. 17 op. 3 d. 5, l. 2").archives
    assert units(a) == [("fond", "17"), ("opis", "3"), ("delo", "5")] and a.folios == "2"
    # a code run into the next label: the code is the fond
    (a,) = parse_citation("Central State Archive, Ostrava, ABC-DEF-V. 1961, L. 4, D. 9").archives
    assert units(a) == [("fond", "ABC-DEF"), ("year", "1961"), ("delo", "9")] and a.folios == "4"


def test_hungarian_labels_after_their_numbers():
    (a,) = parse_citation("MNL OL, X-Y 12. f. 3. d. 45. ő. e.").archives
    assert [(u.level, u.value, u.label) for u in a.units] == [
        ("series", "X-Y", "X-Y"), ("fond", "12", "12. f."), ("doboz", "3", "3. d."), ("file", "45", "45. ő. e")]
    # (the citation's final stop is not part of the last label)
    (a,) = parse_citation("MOL, X-Y 12. f. 5/123. ő.e.").archives
    assert units(a) == [("series", "X-Y"), ("fond", "12"), ("file", "5/123")]


def test_a_quoted_reference_that_names_the_archive_again_gives_its_shelfmark_not_its_dates():
    (a,) = parse_citation("Example National Archive (ENA), „Meeting of the leaders 1989. december. 4. "
                          "Papers of X. ENA X-Y 12. f. 3. d. 45. ő. e.”").archives
    assert units(a) == [("series", "X-Y"), ("fond", "12"), ("doboz", "3"), ("file", "45")]
    (a,) = parse_citation("Example National Archive (ENA), „Meeting of the leaders 1989–1990.”").archives
    assert a.units == ()


def test_a_slash_joins_units_only_in_a_fond_series_file_shelfmark():
    (a,) = parse_citation("Archives of Examplia (AE), ABC II-4/77.").archives
    assert units(a) == [("fond", "ABC"), ("series", "II-4"), ("file", "77")]
    for whole in ("B 136/59748", "AB/12(3)/45-I & II", "Department of Examples/5/313/3D"):
        (a,) = parse_citation(f"Archives of Examplia, {whole}").archives
        assert [u.value for u in a.units] == [whole]


def test_every_level_of_the_unit_lexicons_is_a_record_set_type_or_a_place_in_the_unit():
    from lod.names.lexicon import table
    scheme = (Path(__file__).resolve().parents[1] / "vocab" / "schemes.ttl").read_text(encoding="utf-8")
    types = set(re.findall(r"<http://lod\.invalid/vocab/record-set-type/([\w-]+)>", scheme))
    for name in ("unit_labels", "unit_postfix_labels"):
        assert set(table(name).values()) <= types | {"folios", "pages"}, name


def test_credits_by_noun_and_several_names():
    c = parse_citation("Archive of Examplia, File 7; obtained by Ann Example; translation and editing by "
                       "Bo Other and Cy Third.")
    assert [(x.role, x.name) for x in c.contributions] == [
        ("obtainer", "Ann Example"), ("translator", "Bo Other"), ("editor", "Bo Other"),
        ("translator", "Cy Third"), ("editor", "Cy Third")]


def test_authors_of_the_book_a_source_was_published_in():
    c = parse_citation("State Archive of Examplia, Fond 1, Opis 2, Delo 3. Published as Document no. 5 in "
                       "Author and Other, ''Book Title'' (Oslo: Press, 2005), 464. Translated by Cy Third.")
    assert [(x.role, x.name) for x in c.contributions] == [
        ("translator", "Cy Third"), ("author", "Author"), ("author", "Other")]
